import type { CheckResult, ControlStatus } from '../types';
import {
  CLASSIFICATION_SOURCE_LABEL,
  countAllStatuses,
  countStatuses,
  displayPath,
  findingLocation,
  openFindings,
  plural,
  STATUS_LABEL,
} from './private/format';

/** Options of {@link renderMarkdown}. */
export interface MarkdownRenderOptions {
  /**
   * Directory file paths are shown relative to.
   * @default - the process's working directory
   */
  readonly cwd?: string;
  /**
   * Title of the document.
   * @default 'pa-cloud-kit compliance report'
   */
  readonly title?: string;
}

const STATUS_MARK: Readonly<Record<ControlStatus, string>> = {
  'passed': '✅ passed',
  'failed': '❌ **failed**',
  'warning': '⚠️ warning',
  'unresolved': '❔ unresolved',
  'acknowledged': '⚠️ acknowledged',
  'provider': '🏢 provider responsibility',
  'not-applicable': '➖ not applicable',
};

/**
 * The report as GitHub-flavoured Markdown (a pull-request comment, a wiki page): summary counts,
 * then per landing zone the findings to fix, the control matrix, the overrides of kit defaults and
 * the evidence of each control. Every value from the documents is escaped.
 */
export function renderMarkdown(result: CheckResult, options: MarkdownRenderOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const out: string[] = [];
  const totals = countAllStatuses(result);
  out.push(`# ${md(options.title ?? 'pa-cloud-kit compliance report')}`, '');
  // An unusable file makes the run unusable (exit 2): never Passed.
  const verdict = result.errors.length > 0 ? 'Unusable input' : totals.failed > 0 ? 'Failed' : 'Passed';
  out.push(`**${verdict}**: ${plural(result.documents.length, 'landing zone')} checked.`, '');
  out.push('| Passed | Failed | Acknowledged | Provider responsibility | Not applicable | Findings |');
  out.push('|---:|---:|---:|---:|---:|---:|');
  out.push(`| ${totals.passed} | ${totals.failed} | ${totals.acknowledged} | ${totals.provider} | ${totals['not-applicable']} | ${result.summary.findings} |`, '');

  if (result.errors.length > 0) {
    out.push('## Unusable files', '');
    for (const error of result.errors) out.push(`- ${md(error.message)}`);
    out.push('');
  }

  for (const doc of result.documents) {
    const counts = countStatuses(doc);
    out.push(`## Landing zone ${md(doc.landingZone)}`, '');
    out.push(`- File: ${md(displayPath(doc.file, cwd))} (${doc.kind}, ${plural(doc.resourceCount, 'resource')})`);
    out.push(`- Classification: **${md(doc.classification)}** (${CLASSIFICATION_SOURCE_LABEL[doc.classificationSource]})`);
    out.push(`- Controls: ${counts.passed} passed, ${counts.failed} failed, ${counts.acknowledged} acknowledged, ${counts.provider} provider responsibility, ${counts['not-applicable']} not applicable`);
    for (const notice of doc.notices) out.push(`- Notice: ${md(notice)}`);
    out.push('');

    const open = openFindings(doc);
    if (open.length > 0) {
      out.push('### Findings to fix', '');
      out.push('| Control | Severity | Resource | Message | Fix |');
      out.push('|---|---|---|---|---|');
      for (const f of open) {
        out.push(`| ${md(f.control)} | ${md(f.severity)} | ${md(findingLocation(f))} | ${md(f.message)}${f.unresolved ? ' (unresolved)' : ''} | ${md(f.fix)} |`);
      }
      out.push('');
    }

    out.push('### Control matrix', '');
    out.push('| Control | Title | Status | Reason |');
    out.push('|---|---|---|---|');
    for (const c of doc.controls) {
      out.push(`| ${md(c.control)} | ${md(c.title)} | ${STATUS_MARK[c.status]} | ${c.reason ? md(c.reason) : ''} |`);
    }
    out.push('');

    out.push('### Kit defaults overridden', '');
    if (doc.overrides.length === 0) {
      out.push('None: every kit default of the class is in force.', '');
    } else {
      out.push('| Setting | Control | Kit default | Value | Weakens | Reason |');
      out.push('|---|---|---|---|---|---|');
      for (const o of doc.overrides) {
        out.push(`| ${md(o.setting)} | ${md(o.control)} | ${md(o.kitDefault)} | ${md(o.value)} | ${o.weakens ? 'yes' : 'no'} | ${md(o.reason ?? '')} |`);
      }
      out.push('');
    }

    out.push('### Evidence', '');
    for (const c of doc.controls) {
      if (c.evidence.length === 0) continue;
      out.push('<details>');
      out.push(`<summary>${html(c.control)}: ${STATUS_LABEL[c.status]}, ${plural(c.evidence.length, 'check')}</summary>`, '');
      out.push('| Result | Rule | Resource | Message |');
      out.push('|---|---|---|---|');
      for (const e of c.evidence) {
        out.push(`| ${e.status} | ${md(e.ruleId)} | ${md(findingLocation(e))} | ${md(e.message)}${e.unresolved ? ' (unresolved)' : ''} |`);
      }
      out.push('', '</details>', '');
    }
  }
  return `${out.join('\n')}\n`;
}

/** Escapes text for a Markdown table cell: no HTML, no emphasis or links, no cell breaks. */
export function md(value: string): string {
  return value
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#!~])/g, '\\$1');
}

function html(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

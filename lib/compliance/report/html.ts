import type { CheckResult, ControlStatus, DocumentReport } from '../types';
import {
  CLASSIFICATION_SOURCE_LABEL,
  countAllStatuses,
  countStatuses,
  CONTROL_STATUSES,
  displayPath,
  findingLocation,
  openFindings,
  plural,
  STATUS_LABEL,
  type StatusCounts,
} from './private/format';

/** Options of {@link renderHtml}. */
export interface HtmlRenderOptions {
  /**
   * Directory file paths are shown relative to.
   * @default - the process's working directory
   */
  readonly cwd?: string;
  /**
   * Title of the page.
   * @default 'pa-cloud-kit compliance report'
   */
  readonly title?: string;
  /**
   * When the report was made, shown under the title.
   * @default - not shown (the output then depends only on the result)
   */
  readonly generatedAt?: Date;
  /**
   * Version of the kit shown under the title.
   * @default - not shown
   */
  readonly toolVersion?: string;
}

/**
 * The report as ONE self-contained HTML page for auditors: inline CSS, no scripts, nothing loaded
 * from anywhere (a Content-Security-Policy forbids it too), so it opens offline and can be
 * archived as evidence. Per landing zone: the summary counts, the findings to fix, the control
 * matrix (passed, failed, acknowledged with its reason, provider responsibility, not applicable),
 * the kit defaults that were overridden and why, and the evidence of each control (resource and
 * property). Every value from the documents is HTML-escaped.
 */
export function renderHtml(result: CheckResult, options: HtmlRenderOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const title = options.title ?? 'pa-cloud-kit compliance report';
  const totals = countAllStatuses(result);
  const failed = totals.failed > 0 || result.errors.length > 0;
  const meta: string[] = [];
  if (options.generatedAt) meta.push(`Generated ${esc(options.generatedAt.toISOString())}`);
  if (options.toolVersion) meta.push(`pa-cloud-kit ${esc(options.toolVersion)}`);

  const body: string[] = [];
  body.push(`<header><h1>${esc(title)}</h1>${meta.length > 0 ? `<p class="meta">${meta.join(' · ')}</p>` : ''}`);
  const unusable = result.errors.length > 0; // exit 2: never Passed
  body.push(`<p class="verdict ${failed || unusable ? 'verdict-failed' : 'verdict-passed'}">${unusable ? 'Unusable input' : failed ? 'Failed' : 'Passed'}: ${plural(result.documents.length, 'landing zone')} checked, ${plural(result.summary.findings, 'finding')}.</p>`);
  body.push(countsTable(totals, 'summary-all', 'Summary over all landing zones'));
  body.push('</header>');

  if (result.errors.length > 0) {
    body.push('<section class="errors"><h2>Unusable files</h2><ul>');
    for (const error of result.errors) body.push(`<li>${esc(error.message)}</li>`);
    body.push('</ul></section>');
  }

  result.documents.forEach((doc, i) => body.push(documentSection(doc, i, cwd)));

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function documentSection(doc: DocumentReport, index: number, cwd: string): string {
  const id = `lz-${index + 1}`;
  const out: string[] = [];
  out.push(`<section class="landing-zone" id="${id}" aria-labelledby="${id}-title">`);
  out.push(`<h2 id="${id}-title">Landing zone ${esc(doc.landingZone)}</h2>`);
  out.push('<dl class="facts">');
  out.push(`<dt>File</dt><dd>${esc(displayPath(doc.file, cwd))}</dd>`);
  out.push(`<dt>Kind</dt><dd>${esc(doc.kind)}</dd>`);
  out.push(`<dt>Classification</dt><dd><strong>${esc(doc.classification)}</strong> (${esc(CLASSIFICATION_SOURCE_LABEL[doc.classificationSource])})</dd>`);
  out.push(`<dt>Resources</dt><dd>${doc.resourceCount}</dd>`);
  out.push('</dl>');
  for (const notice of doc.notices) out.push(`<p class="notice">Notice: ${esc(notice)}</p>`);
  out.push(countsTable(countStatuses(doc), `${id}-summary`, `Controls of ${doc.landingZone}`));

  const open = openFindings(doc);
  if (open.length > 0) {
    out.push('<h3>Findings to fix</h3>');
    out.push('<table class="findings"><thead><tr><th>Control</th><th>Severity</th><th>Resource</th><th>Message</th><th>Fix</th></tr></thead><tbody>');
    for (const f of open) {
      out.push(`<tr><td>${esc(f.control)}</td><td>${esc(f.severity)}</td><td class="resource">${esc(findingLocation(f))}</td><td>${esc(f.message)}${f.unresolved ? ' <em>(unresolved)</em>' : ''}</td><td>${esc(f.fix)}</td></tr>`);
    }
    out.push('</tbody></table>');
  }

  out.push('<h3>Control matrix</h3>');
  out.push('<table class="matrix"><thead><tr><th>Control</th><th>Title</th><th>Status</th><th>Reason</th></tr></thead><tbody>');
  for (const c of doc.controls) {
    out.push(`<tr class="control status-${c.status}" data-control="${esc(c.control)}"><td>${esc(c.control)}</td><td>${esc(c.title)}</td><td>${badge(c.status)}</td><td>${c.reason ? esc(c.reason) : ''}</td></tr>`);
  }
  out.push('</tbody></table>');

  out.push('<h3>Kit defaults overridden</h3>');
  if (doc.overrides.length === 0) {
    out.push('<p>None: every kit default of the class is in force.</p>');
  } else {
    out.push('<table class="overrides"><thead><tr><th>Setting</th><th>Control</th><th>Kit default</th><th>Value</th><th>Weakens</th><th>Reason</th></tr></thead><tbody>');
    for (const o of doc.overrides) {
      out.push(`<tr><td>${esc(o.setting)}</td><td>${esc(o.control)}</td><td>${esc(o.kitDefault)}</td><td>${esc(o.value)}</td><td>${o.weakens ? 'yes' : 'no'}</td><td>${esc(o.reason ?? '')}</td></tr>`);
    }
    out.push('</tbody></table>');
  }

  out.push('<h3>Evidence</h3>');
  for (const c of doc.controls) {
    if (c.evidence.length === 0) continue;
    out.push(`<details class="evidence"><summary>${esc(c.control)} — ${esc(STATUS_LABEL[c.status])}, ${plural(c.evidence.length, 'check')}</summary>`);
    out.push('<table><thead><tr><th>Result</th><th>Rule</th><th>Resource</th><th>Property</th><th>Message</th></tr></thead><tbody>');
    for (const e of c.evidence) {
      out.push(`<tr class="evidence-${e.status}"><td>${e.status === 'pass' ? 'pass' : 'fail'}</td><td>${esc(e.ruleId)}</td><td class="resource">${esc(e.resource ?? '(document)')}</td><td>${esc(e.property ?? '')}</td><td>${esc(e.message)}${e.unresolved ? ' <em>(unresolved)</em>' : ''}</td></tr>`);
    }
    out.push('</tbody></table></details>');
  }
  out.push('</section>');
  return out.join('\n');
}

function countsTable(counts: StatusCounts, id: string, caption: string): string {
  const cells = CONTROL_STATUSES.map((s) => `<td class="count-${s}">${counts[s]}</td>`).join('');
  const heads = CONTROL_STATUSES.map((s) => `<th scope="col">${esc(capitalise(STATUS_LABEL[s]))}</th>`).join('');
  return `<table class="counts" id="${esc(id)}"><caption>${esc(caption)}</caption><thead><tr>${heads}</tr></thead><tbody><tr>${cells}</tr></tbody></table>`;
}

function badge(status: ControlStatus): string {
  return `<span class="badge badge-${status}">${esc(STATUS_LABEL[status])}</span>`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Escapes text for HTML element content and quoted attribute values. */
export function esc(value: string): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1b1f24; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #d0d7de; padding-bottom: .25rem; margin-top: 2.5rem; }
h3 { font-size: 1.05rem; margin-top: 1.5rem; }
.meta { color: #57606a; margin-top: 0; }
.verdict { font-weight: 600; padding: .5rem .75rem; border-radius: 6px; }
.verdict-passed { background: #dafbe1; color: #116329; }
.verdict-failed { background: #ffebe9; color: #a40e26; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #d0d7de; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
table.counts td { font-size: 1.2rem; font-weight: 600; text-align: center; }
td.resource { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: 1rem; font-size: .85rem; font-weight: 600; white-space: nowrap; }
.badge-passed { background: #dafbe1; color: #116329; }
.badge-failed { background: #ffebe9; color: #a40e26; }
.badge-acknowledged { background: #fff8c5; color: #7d4e00; }
.badge-warning { background: #fff1e5; color: #953800; }
.badge-unresolved { background: #eef1ff; color: #3b3f99; }
.badge-provider { background: #ddf4ff; color: #0a3069; }
.badge-not-applicable { background: #eaeef2; color: #57606a; }
.notice { background: #fff8c5; padding: .4rem .6rem; border-radius: 6px; }
details.evidence { margin: .3rem 0; }
details.evidence summary { cursor: pointer; }
tr.evidence-fail td:first-child { color: #a40e26; font-weight: 600; }
@media print { details.evidence { display: block; } body { margin: 0; max-width: none; } }
`;

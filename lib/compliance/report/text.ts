import type { CheckResult } from '../types';
import {
  acknowledgedFindings,
  CLASSIFICATION_SOURCE_LABEL,
  countAllStatuses,
  countStatuses,
  displayPath,
  findingLocation,
  openFindings,
  plural,
  unresolvedSuffix,
  type StatusCounts,
} from './private/format';

/** Options of {@link renderText}. */
export interface TextRenderOptions {
  /**
   * Colour the statuses with ANSI escapes (for a terminal).
   * @default false
   */
  readonly color?: boolean;
  /**
   * Directory file paths are shown relative to.
   * @default - the process's working directory
   */
  readonly cwd?: string;
}

const ANSI = { red: '\u001b[31m', green: '\u001b[32m', yellow: '\u001b[33m', bold: '\u001b[1m', reset: '\u001b[0m' } as const;

/**
 * The result for a person at a terminal: per landing zone, the failed controls with each finding
 * (resource, property, message, fix), the acknowledged ones with their reason, and the counts.
 */
export function renderText(result: CheckResult, options: TextRenderOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const paint = (colour: keyof typeof ANSI, text: string) => (options.color ? `${ANSI[colour]}${text}${ANSI.reset}` : text);
  const lines: string[] = [];

  for (const doc of result.documents) {
    lines.push(paint('bold', `${doc.landingZone} — ${displayPath(doc.file, cwd)}`));
    lines.push(`  ${doc.kind}, ${plural(doc.resourceCount, 'resource')}, classification ${doc.classification} (${CLASSIFICATION_SOURCE_LABEL[doc.classificationSource]})`);

    const open = openFindings(doc);
    const failedControls = doc.controls.filter((c) => c.status === 'failed');
    for (const control of failedControls) {
      lines.push(`  ${paint('red', 'FAIL')} ${control.control} ${control.title}`);
      for (const finding of open.filter((f) => f.control === control.control)) {
        lines.push(`    ${findingLocation(finding)}: ${finding.message}${unresolvedSuffix(finding)}`);
        lines.push(`      fix: ${finding.fix}`);
      }
    }
    for (const control of doc.controls.filter((c) => c.status === 'warning')) {
      lines.push(`  ${paint('yellow', 'WARN')} ${control.control} ${control.title}`);
      for (const finding of open.filter((f) => f.control === control.control)) {
        lines.push(`    ${findingLocation(finding)}: ${finding.message}${unresolvedSuffix(finding)}`);
        lines.push(`      fix: ${finding.fix}`);
      }
    }
    for (const control of doc.controls.filter((c) => c.status === 'unresolved')) {
      lines.push(`  ${paint('yellow', 'UNRESOLVED')} ${control.control} ${control.title}`);
      for (const finding of open.filter((f) => f.control === control.control)) {
        lines.push(`    ${findingLocation(finding)}: ${finding.message}${unresolvedSuffix(finding)}`);
      }
    }
    const acknowledged = doc.controls.filter((c) => c.status === 'acknowledged');
    for (const control of acknowledged) {
      const count = acknowledgedFindings(doc).filter((f) => f.control === control.control).length;
      lines.push(`  ${paint('yellow', 'ACK ')} ${control.control} ${control.title} (${plural(count, 'finding')}): ${control.reason ?? 'no reason recorded'}`);
    }
    for (const override of doc.overrides) {
      const why = override.reason ? `: ${override.reason}` : '';
      lines.push(`  override ${override.setting} ${override.kitDefault} -> ${override.value} [${override.control}]${override.weakens ? ' (weakens the kit default)' : ''}${why}`);
    }
    lines.push(`  ${countsLine(countStatuses(doc))}`);
    lines.push('');
  }

  for (const skipped of result.skipped ?? []) {
    lines.push(`skipped ${displayPath(skipped.file, cwd)}: ${skipped.reason}`);
  }
  for (const error of result.errors) {
    lines.push(`${paint('red', 'ERROR')} ${error.message}`);
  }

  const totals = countAllStatuses(result);
  // An unusable file makes the run unusable (exit 2): never PASSED.
  const verdict = result.errors.length > 0 ? paint('red', 'UNUSABLE') : totals.failed > 0 ? paint('red', 'FAILED') : paint('green', 'PASSED');
  lines.push(`${verdict}: ${plural(result.documents.length, 'document')}, ${countsLine(totals)}, ${plural(result.summary.findings, 'finding')}${result.errors.length > 0 ? `, ${plural(result.errors.length, 'unusable file')}` : ''}`);
  return `${lines.join('\n')}\n`;
}

function countsLine(counts: StatusCounts): string {
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.warning > 0 ? `${counts.warning} warning, ` : ''}${counts.unresolved > 0 ? `${counts.unresolved} unresolved, ` : ''}${counts.acknowledged} acknowledged, ${counts.provider} provider responsibility, ${counts['not-applicable']} not applicable`;
}

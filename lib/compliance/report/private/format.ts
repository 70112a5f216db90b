/**
 * Helpers shared by the renderers: status labels, per-document counts, display paths.
 * Not public API.
 */
import * as path from 'node:path';
import type { CheckResult, ControlStatus, DocumentReport, Finding } from '../../types';

/** The order controls' statuses are counted and listed in. */
export const CONTROL_STATUSES: readonly ControlStatus[] = ['passed', 'failed', 'warning', 'unresolved', 'acknowledged', 'provider', 'not-applicable'];

/** How a status reads to a person. */
export const STATUS_LABEL: Readonly<Record<ControlStatus, string>> = {
  'passed': 'passed',
  'failed': 'failed',
  'warning': 'warning (recommendation not met)',
  'unresolved': 'unresolved (value known only at deploy time)',
  'acknowledged': 'acknowledged',
  'provider': 'provider responsibility',
  'not-applicable': 'not applicable',
};

/** How the classification was decided, as a person reads it. */
export const CLASSIFICATION_SOURCE_LABEL: Readonly<Record<DocumentReport['classificationSource'], string>> = {
  option: 'from --classification',
  metadata: 'from the landing zone metadata',
  tag: 'from the pa:classification tag',
  default: 'default: no classification found',
};

export type StatusCounts = Record<ControlStatus, number>;

/** How many controls of one document have each status. */
export function countStatuses(doc: DocumentReport): StatusCounts {
  const counts: StatusCounts = { 'passed': 0, 'failed': 0, 'warning': 0, 'unresolved': 0, 'acknowledged': 0, 'provider': 0, 'not-applicable': 0 };
  for (const control of doc.controls) counts[control.status] += 1;
  return counts;
}

/** The same counts over every document of a result. */
export function countAllStatuses(result: CheckResult): StatusCounts {
  const total: StatusCounts = { 'passed': 0, 'failed': 0, 'warning': 0, 'unresolved': 0, 'acknowledged': 0, 'provider': 0, 'not-applicable': 0 };
  for (const doc of result.documents) {
    const counts = countStatuses(doc);
    for (const status of CONTROL_STATUSES) total[status] += counts[status];
  }
  return total;
}

/** Findings that make the check fail: failed and not acknowledged. */
export function openFindings(doc: DocumentReport): Finding[] {
  return doc.findings.filter((f) => f.acknowledged === undefined);
}

/** Findings of a control that was acknowledged, with the reason. */
export function acknowledgedFindings(doc: DocumentReport): Finding[] {
  return doc.findings.filter((f) => f.acknowledged !== undefined);
}

/**
 * A file path relative to `cwd` with forward slashes (stable across machines), or the absolute
 * path when the file is outside `cwd`.
 */
export function displayPath(file: string, cwd: string): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (relative === '') return path.basename(absolute);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return absolute.split(path.sep).join('/');
  return relative.split(path.sep).join('/');
}

/** `1 control` / `2 controls`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** ` [unresolved]` after the message of an unresolved finding (the message names the value), or nothing. */
export function unresolvedSuffix(f: { unresolved?: boolean }): string {
  return f.unresolved ? ' [unresolved]' : '';
}

/** Where a finding is: `resource` or `resource (property)`. */
export function findingLocation(finding: { resource?: string; property?: string }): string {
  const resource = finding.resource && finding.resource.length > 0 ? finding.resource : '(document)';
  return finding.property ? `${resource} (${finding.property})` : resource;
}

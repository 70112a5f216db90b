import type { CheckResult } from '../../compliance/types';

/** `2 landing zones: 30 passed, 1 failed, 2 acknowledged, 4 provider responsibility, 3 not applicable`. */
export function countsSentence(result: CheckResult): string {
  const counts = { 'passed': 0, 'failed': 0, 'warning': 0, 'unresolved': 0, 'acknowledged': 0, 'provider': 0, 'not-applicable': 0 };
  for (const doc of result.documents) for (const c of doc.controls) counts[c.status] += 1;
  const zones = `${result.documents.length} landing zone${result.documents.length === 1 ? '' : 's'}`;
  return `${zones}: ${counts.passed} passed, ${counts.failed} failed, ${counts.unresolved > 0 ? `${counts.unresolved} unresolved, ` : ''}${counts.acknowledged} acknowledged, ${counts.provider} provider responsibility, ${counts['not-applicable']} not applicable`;
}

import type { CheckResult } from '../types';
import { countAllStatuses, countStatuses, displayPath } from './private/format';

/** Options of {@link renderJson}. */
export interface JsonRenderOptions {
  /**
   * Directory file paths are shown relative to.
   * @default - the process's working directory
   */
  readonly cwd?: string;
  /**
   * Version of the kit written in the output.
   * @default - not written
   */
  readonly toolVersion?: string;
}

/** Version of the JSON output's shape; bumped on a breaking change of the fields below. */
export const JSON_REPORT_VERSION = 1;

/**
 * The result as one JSON document for machines. Its shape (version 1):
 *
 * - `summary`: `documents`, `passed`, `failed`, `acknowledged`, `provider`, `notApplicable`
 *   (control counts over all documents), `findings`, `openFindings` (not acknowledged), `errors`.
 * - `findings`: every finding of every document, each with `control`, `ruleId`, `severity`,
 *   `file` (relative to `cwd`), `landingZone`, `resource` (CloudFormation logical ID or Terraform
 *   address), `property` (when known), `message`, `fix`, `acknowledged` (the reason, or null) and
 *   `unresolved`.
 * - `documents`: per landing zone, the classification and where it came from, notices, the
 *   control matrix with evidence, the overrides of kit defaults and the status counts.
 * - `errors`: unusable files, each with `file` and `message`.
 */
export function renderJson(result: CheckResult, options: JsonRenderOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const totals = countAllStatuses(result);
  const findings = result.documents.flatMap((doc) => doc.findings.map((f) => ({
    control: f.control,
    ruleId: f.ruleId,
    severity: f.severity,
    file: displayPath(f.file, cwd),
    landingZone: doc.landingZone,
    resource: f.resource,
    property: f.property ?? null,
    message: f.message,
    fix: f.fix,
    acknowledged: f.acknowledged ?? null,
    unresolved: f.unresolved === true,
    unresolvedValue: f.unresolvedValue ?? null,
  })));
  const output = {
    version: JSON_REPORT_VERSION,
    tool: { name: 'pa-cloud-kit', ...(options.toolVersion ? { version: options.toolVersion } : {}) },
    passed: totals.failed === 0 && result.errors.length === 0,
    summary: {
      documents: result.documents.length,
      passed: totals.passed,
      failed: totals.failed,
      warning: totals.warning,
      unresolved: totals.unresolved,
      acknowledged: totals.acknowledged,
      provider: totals.provider,
      notApplicable: totals['not-applicable'],
      findings: findings.length,
      openFindings: findings.filter((f) => f.acknowledged === null).length,
      errors: result.errors.length,
    },
    findings,
    documents: result.documents.map((doc) => {
      const counts = countStatuses(doc);
      return {
        file: displayPath(doc.file, cwd),
        kind: doc.kind,
        landingZone: doc.landingZone,
        classification: doc.classification,
        classificationSource: doc.classificationSource,
        resourceCount: doc.resourceCount,
        notices: doc.notices,
        counts: {
          passed: counts.passed,
          failed: counts.failed,
          warning: counts.warning,
          unresolved: counts.unresolved,
          acknowledged: counts.acknowledged,
          provider: counts.provider,
          notApplicable: counts['not-applicable'],
        },
        controls: doc.controls.map((c) => ({
          control: c.control,
          title: c.title,
          status: c.status,
          reason: c.reason ?? null,
          evidence: c.evidence.map((e) => ({
            ruleId: e.ruleId,
            status: e.status,
            resource: e.resource ?? null,
            property: e.property ?? null,
            message: e.message,
            unresolved: e.unresolved === true,
            unresolvedValue: e.unresolvedValue ?? null,
          })),
        })),
        overrides: doc.overrides.map((o) => ({ ...o, reason: o.reason ?? null })),
      };
    }),
    errors: result.errors.map((e) => ({ file: displayPath(e.file, cwd), message: e.message })),
    skipped: (result.skipped ?? []).map((s) => ({ file: displayPath(s.file, cwd), reason: s.reason })),
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}

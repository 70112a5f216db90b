import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckResult, Rule, Severity } from '../types';
import { displayPath } from './private/format';

/** The part of a rule SARIF describes. */
export type SarifRuleDescription = Pick<Rule, 'id' | 'control' | 'provider' | 'title' | 'checks' | 'fix' | 'severity'>;

/** Options of {@link renderSarif}. */
export interface SarifRenderOptions {
  /** The kit's rules, listed in `tool.driver.rules` (one per rule) whether or not they found anything. */
  readonly rules: readonly SarifRuleDescription[];
  /**
   * Directory artifact URIs are relative to (the repository root for code scanning).
   * @default - the process's working directory
   */
  readonly cwd?: string;
  /**
   * Version of the kit written as `tool.driver.version`.
   * @default - not written
   */
  readonly toolVersion?: string;
  /**
   * Line of a resource in its file, so code-scanning tools can point at it.
   * @default - line 1 of the file
   */
  readonly lineOf?: (file: string, resource: string) => number | undefined;
}

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', note: 'note' };

/**
 * The result as a SARIF 2.1.0 log for code-scanning tools: one run, the kit's rules in
 * `tool.driver.rules` (id, name, short and full description, help = the fix, the control in
 * `properties.control`), and one result per finding with the file, the line of the resource and a
 * logical location naming the resource (CloudFormation logical ID or Terraform address).
 * Acknowledged findings carry an accepted external suppression with the reason. Unusable files
 * are tool execution notifications.
 */
export function renderSarif(result: CheckResult, options: SarifRenderOptions): string {
  const cwd = options.cwd ?? process.cwd();
  const ruleIndex = new Map(options.rules.map((r, i) => [r.id, i]));
  const results = result.documents.flatMap((doc) => doc.findings.map((f) => {
    const uri = artifactUri(displayPath(f.file, cwd));
    const line = options.lineOf?.(f.file, f.resource) ?? 1;
    const index = ruleIndex.get(f.ruleId);
    return {
      ruleId: f.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      // An unresolved value is not a certain failure: reported as a note.
      level: f.unresolved ? 'note' : LEVEL[f.severity],
      message: { text: `${f.control}: ${f.message}` },
      locations: [{
        physicalLocation: { artifactLocation: { uri }, region: { startLine: Math.max(1, Math.trunc(line)) } },
        logicalLocations: [{ name: f.resource, fullyQualifiedName: `${doc.landingZone}/${f.resource}`, kind: 'resource' }],
      }],
      partialFingerprints: { 'paCloudKit/v1': `${f.ruleId}|${uri}|${f.resource}|${f.property ?? ''}` },
      ...(f.acknowledged !== undefined
        ? { suppressions: [{ kind: 'external', status: 'accepted', justification: f.acknowledged }] }
        : {}),
      properties: {
        control: f.control,
        landingZone: doc.landingZone,
        classification: doc.classification,
        ...(f.property ? { property: f.property } : {}),
        ...(f.unresolved ? { unresolved: true, ...(f.unresolvedValue !== undefined ? { unresolvedValue: f.unresolvedValue } : {}) } : {}),
      },
    };
  }));

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'pa-cloud-kit',
          ...(options.toolVersion ? { version: options.toolVersion } : {}),
          rules: options.rules.map((r) => ({
            id: r.id,
            name: ruleName(r.id),
            shortDescription: { text: r.title },
            fullDescription: { text: r.checks },
            help: { text: r.fix },
            defaultConfiguration: { level: LEVEL[r.severity] },
            properties: { control: r.control, provider: r.provider, tags: ['compliance', r.control] },
          })),
        },
      },
      invocations: [{
        executionSuccessful: result.errors.length === 0,
        toolExecutionNotifications: result.errors.map((e) => ({
          level: 'error',
          message: { text: e.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(displayPath(e.file, cwd)) } } }],
        })),
      }],
      results,
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** `aws-trail-log-validation` → `AwsTrailLogValidation` (SARIF's rule `name` is an identifier). */
function ruleName(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter((p) => p.length > 0).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
}

/** A relative path as a URI reference (each segment percent-encoded); an absolute one as a file URI. */
function artifactUri(shownPath: string): string {
  if (path.isAbsolute(shownPath)) return pathToFileURL(shownPath).href;
  return shownPath.split('/').map((segment) => encodeURIComponent(segment)).join('/');
}

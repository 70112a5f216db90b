import type { CloudProvider, CompliancePolicy, DataClassification, LandingZoneMetadata, RecordedOverride } from '../core';

/** The kinds of synthesized infrastructure documents the engine reads. */
export type DocumentKind = 'cloudformation' | 'terraform';

// What the kit's stacks write about the landing zone (CloudFormation `Metadata.PaCloudKit`,
// Terraform JSON `"//"["pa-cloud-kit"]`): one type, core's, written by both providers and both
// central stacks.
export type { LandingZoneMetadata };

/** One resource of a document. */
export interface ResourceRef {
  /** CloudFormation logical ID, or Terraform address `type.name`. */
  id: string;
  type: string;
  properties: Record<string, unknown>;
  /** The resource as written in the document (for CloudFormation: with `DeletionPolicy`, `Metadata`...). */
  raw: unknown;
}

/** A loaded document. */
export interface SourceDocument {
  file: string;
  kind: DocumentKind;
  resources: ResourceRef[];
  metadata?: LandingZoneMetadata;
  raw: unknown;
  /** What the loader noticed (loops expanded with unknown collections, content inserted by transforms). */
  notices?: string[];
  /** Content added at deploy time that the document does not show (`AWS::Include`, macros). */
  deployTimeContent?: string[];
}

/** Unusable input (unreadable, malformed, unknown kind). The CLI exits 2; the message names the file. */
export class InputError extends Error {
  public readonly file: string;

  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'InputError';
    this.file = file;
  }
}

export type Severity = 'error' | 'warning' | 'note';

/** A resource of another document checked in the same run. */
export interface RelatedResource {
  /** The file of the document that creates it. */
  readonly file: string;
  readonly resource: ResourceRef;
}

/**
 * Resources of all the documents of a run that a document may point to by literal name (e.g. a
 * tenant's trail writing to the aggregator's central archive bucket). Built by `check`, or by
 * `relatedResources` for in-memory documents.
 */
export interface RelatedResources {
  /** S3 buckets (`AWS::S3::Bucket`) by their literal `BucketName`. */
  readonly s3BucketsByName: ReadonlyMap<string, RelatedResource>;
}

/** What a rule sees. */
export interface RuleContext {
  document: SourceDocument;
  classification: DataClassification;
  policy: CompliancePolicy;
  region?: string;
  /** OpenStack regions with their country, from the metadata and the options. */
  regions?: readonly { readonly name: string; readonly country: string }[];
  /** Resources of the other documents of the run, to resolve literal names pointing outside the document. */
  related?: RelatedResources;
  /** The AWS account of the stack (metadata, else the `account` option). */
  account?: string;
  /** Subnet name patterns per network tier (the `tiers` option). */
  tiers?: readonly TierPattern[];
}

/** The network tiers subnets are sorted into. */
export type NetworkTier = 'public' | 'private' | 'data' | 'management';
export const NETWORK_TIERS: readonly NetworkTier[] = ['public', 'private', 'data', 'management'];

/** A pattern naming the subnets of one tier (`--tier management=^Mgmt`), matched case-insensitively against the logical ID and the `Name` tag. */
export interface TierPattern {
  readonly tier: NetworkTier;
  readonly pattern: RegExp;
}

/** One judgement of a rule. */
export interface RuleResult {
  status: 'pass' | 'fail' | 'not-applicable';
  resource?: string;
  property?: string;
  message: string;
  /**
   * The value could not be resolved (parameter, import, variable, resource outside the document):
   * the result is neither a pass nor a certain failure. A control whose only failing results are
   * unresolved has the status `unresolved`.
   */
  unresolved?: boolean;
  /** The value that could not be resolved, as written (short text). */
  unresolvedValue?: string;
  /** Overrides the rule's severity for this result (e.g. below the floor: error; below the class default: warning). */
  severity?: Severity;
}

/** One rule: a pure function over a document that checks part of a control. */
export interface Rule {
  /** Stable kebab-case ID, e.g. `aws-trail-log-validation`. */
  id: string;
  /** Control ID of the catalogue. */
  control: string;
  provider: CloudProvider;
  title: string;
  /** What the rule checks (for the rules table). */
  checks: string;
  /** How to fix a failure. */
  fix: string;
  severity: Severity;
  evaluate(ctx: RuleContext): RuleResult[];
}

/** Options of `evaluateDocument` and `check`. */
export interface EvaluateOptions {
  /** @default - the document's metadata, else its `pa:classification` tags, else ordinario */
  classification?: DataClassification;
  /** Added to the document's own acknowledgements. @default - none */
  acknowledgements?: { control: string; reason: string }[];
  /** The region of the stack (`--region`); replaces the metadata's, and is needed for documents without it. @default - the document's metadata region */
  region?: string;
  /** OpenStack regions with their country, added to the metadata's. @default - none */
  regions?: { name: string; country: string }[];
  /** The AWS account of the stack (12 digits, `--account`); replaces the metadata's. @default - the document's metadata account */
  account?: string;
  /**
   * Subnet (AWS) and network (OpenStack) name patterns per tier. The kit's subnet tags decide first; then a subnet whose logical
   * ID or `Name` tag matches a pattern belongs to that tier; then the name heuristics (reported as
   * "recognised by name only").
   * @default - none: kit tags, then name heuristics
   */
  tiers?: readonly TierPattern[];
  /**
   * Resources of other documents that literal names in the document may resolve to.
   * @default - `check` builds them from all the documents of the run; `evaluateDocument` alone: none
   */
  related?: RelatedResources;
}

export interface Evidence {
  ruleId: string;
  resource?: string;
  property?: string;
  status: 'pass' | 'fail';
  message: string;
  unresolved?: boolean;
  /** The value that could not be resolved, as written (short text). */
  unresolvedValue?: string;
}

export interface Finding {
  ruleId: string;
  control: string;
  severity: Severity;
  file: string;
  resource: string;
  property?: string;
  message: string;
  fix: string;
  /** The reason, when the control is acknowledged. */
  acknowledged?: string;
  /** The value could not be resolved: not a certain failure (see `ControlStatus` `unresolved`). */
  unresolved?: boolean;
  /** The value that could not be resolved, as written (short text). */
  unresolvedValue?: string;
}

/**
 * How a control stands in one document. `warning`: only recommendations of the class are not met
 * (every failing result has severity warning); it is reported but does not fail a check.
 * `unresolved`: nothing fails for certain, but a value the control depends on is known only at
 * deploy time (a parameter, an import, a resource of another stack); reported with the value and
 * why, and it fails a check only with `--strict`.
 */
export type ControlStatus = 'passed' | 'failed' | 'warning' | 'unresolved' | 'acknowledged' | 'provider' | 'not-applicable';

export interface ControlOutcome {
  control: string;
  title: string;
  status: ControlStatus;
  evidence: Evidence[];
  /** Acknowledgement reason, provider responsibility text, or why it does not apply. */
  reason?: string;
}

export interface DocumentReport {
  file: string;
  kind: DocumentKind;
  /** Tenant IPA code from metadata, else the file name. */
  landingZone: string;
  classification: DataClassification;
  classificationSource: 'option' | 'metadata' | 'tag' | 'default';
  notices: string[];
  controls: ControlOutcome[];
  /** Failed and acknowledged findings. */
  findings: Finding[];
  overrides: RecordedOverride[];
  resourceCount: number;
}

export interface CheckResult {
  documents: DocumentReport[];
  errors: InputError[];
  summary: { documents: number; passed: number; failed: number; warning: number; unresolved: number; acknowledged: number; provider: number; findings: number };
  /** Files of the folders walked that were not checked, and why. */
  skipped?: { file: string; reason: string }[];
}

import * as path from 'path';
import {
  Acknowledgement,
  CloudProvider,
  CompliancePolicy,
  ControlCatalogue,
  DATA_CLASSIFICATIONS,
  DataClassification,
  PaCloudKitError,
  RecordedOverride,
  Responsibility,
  TAG_KEYS,
  classificationRank,
  parseClassification,
  validateAcknowledgements,
  policyOfRecord,
} from '../core';
import { findDocumentsAndSkipped, loadDocument } from './loader';
import { cfnTags, indexOf, tfTags } from './private/model';
import { RULES } from './rules';
import {
  CheckResult,
  ControlOutcome,
  DocumentReport,
  EvaluateOptions,
  Evidence,
  Finding,
  InputError,
  RelatedResource,
  RelatedResources,
  Rule,
  RuleContext,
  SourceDocument,
} from './types';
import { T } from './rules/private/aws';

/** The provider a document kind is checked against. */
export function providerOf(doc: SourceDocument): CloudProvider {
  return doc.kind === 'cloudformation' ? CloudProvider.AWS : CloudProvider.OPENSTACK;
}

const RULES_BY_PROVIDER_AND_CONTROL = new Map<string, Rule[]>();
for (const rule of RULES) {
  const key = `${rule.provider}/${rule.control}`;
  const list = RULES_BY_PROVIDER_AND_CONTROL.get(key) ?? [];
  list.push(rule);
  RULES_BY_PROVIDER_AND_CONTROL.set(key, list);
}

/**
 * The controls that concern the central services of an aggregator (its log archive, its off-site
 * vault), per provider. A document whose metadata role is `central` is checked for these only:
 * the others (networks, trails, backup plans...) are checked in the tenants' landing zones.
 */
export const CENTRAL_CONTROLS: Readonly<Record<CloudProvider, readonly string[]>> = {
  [CloudProvider.AWS]: ['ACN-QUAL-01', 'ACN-LOC-01', 'ACN-KMS-01', 'ACN-KMS-02', 'ABSC-LOG-03', 'LOG-RET-04', 'LOG-INT-05', 'ABSC-BCK-03', 'ENC-TRANSIT-01', 'TAG-01'],
  [CloudProvider.OPENSTACK]: ['ACN-QUAL-01', 'ACN-LOC-01', 'ABSC-LOG-03', 'LOG-INT-05', 'ENC-TRANSIT-01', 'TAG-01'],
};

/** Why a control is not checked on the central services of an aggregator. */
export const CENTRAL_NOT_APPLICABLE = "central services of an aggregator: checked in the tenants' landing zones";

/**
 * The resources of a set of documents that other documents may name literally: S3 buckets by
 * their literal `BucketName` (the first document creating a name wins).
 */
export function relatedResources(documents: readonly SourceDocument[]): RelatedResources {
  const s3BucketsByName = new Map<string, RelatedResource>();
  for (const doc of documents) {
    if (doc.kind !== 'cloudformation') continue;
    for (const resource of indexOf(doc).ofType(T.BUCKET)) {
      const name = resource.properties.BucketName;
      if (typeof name === 'string' && !s3BucketsByName.has(name)) s3BucketsByName.set(name, { file: doc.file, resource });
    }
  }
  return { s3BucketsByName };
}

/** The rules that check one control on one provider. */
export function rulesFor(provider: CloudProvider, control: string): readonly Rule[] {
  return RULES_BY_PROVIDER_AND_CONTROL.get(`${provider}/${control}`) ?? [];
}

/**
 * Evaluates one loaded document: decides its class (option > metadata > `pa:classification` tag >
 * ordinario), gathers acknowledgements (metadata + options), runs every rule of its provider and
 * gives each control of the catalogue an outcome with evidence.
 */
export function evaluateDocument(doc: SourceDocument, options: EvaluateOptions = {}): DocumentReport {
  const provider = providerOf(doc);
  const notices: string[] = [...(doc.notices ?? [])];
  const { classification, source } = decideClassification(doc, options, notices);
  const acknowledgements = gatherAcknowledgements(doc, options, classification, notices);
  const { policy, overrides } = buildPolicy(doc, classification, acknowledgements, notices);
  const ctx: RuleContext = {
    document: doc,
    classification,
    policy,
    region: options.region ?? (doc.metadata?.region || undefined),
    account: options.account ?? (doc.metadata?.account || undefined),
    tiers: options.tiers,
    regions: [...(doc.metadata?.regions ?? []), ...(options.regions ?? [])],
    related: options.related,
  };
  indexOf(doc); // build the index once, before the rules use it
  const central = doc.metadata?.role === 'central' ? new Set(CENTRAL_CONTROLS[provider]) : undefined;

  const controls: ControlOutcome[] = [];
  const findings: Finding[] = [];
  for (const control of ControlCatalogue.all()) {
    const implementation = control[provider];
    if (central && !central.has(control.id)) {
      controls.push({ control: control.id, title: control.title, status: 'not-applicable', evidence: [], reason: CENTRAL_NOT_APPLICABLE });
      continue;
    }
    if (implementation.responsibility === Responsibility.PROVIDER) {
      controls.push({ control: control.id, title: control.title, status: 'provider', evidence: [], reason: implementation.check });
      continue;
    }
    if (!control.appliesTo.includes(classification)) {
      controls.push({
        control: control.id,
        title: control.title,
        status: 'not-applicable',
        evidence: [],
        reason: `applies to ${control.appliesTo.join(', ')} only`,
      });
      continue;
    }
    const ack = policy.acknowledgements.get(control.id);
    const evidence: Evidence[] = [];
    let failed = false;
    let unresolved = false;
    for (const rule of rulesFor(provider, control.id)) {
      for (const result of rule.evaluate(ctx)) {
        if (result.status === 'not-applicable') continue;
        const item: Evidence = { ruleId: rule.id, resource: result.resource, property: result.property, status: result.status, message: result.message };
        if (result.unresolved) item.unresolved = true;
        if (result.unresolvedValue !== undefined) item.unresolvedValue = result.unresolvedValue;
        evidence.push(item);
        if (result.status === 'fail') {
          if (result.unresolved) unresolved = true;
          else failed = true;
          const finding: Finding = {
            ruleId: rule.id,
            control: control.id,
            severity: result.severity ?? rule.severity,
            file: doc.file,
            resource: result.resource ?? '(document)',
            property: result.property,
            message: result.message,
            fix: rule.fix,
          };
          if (ack) finding.acknowledged = ack.reason;
          if (result.unresolved) finding.unresolved = true;
          if (result.unresolvedValue !== undefined) finding.unresolvedValue = result.unresolvedValue;
          findings.push(finding);
        }
      }
    }
    const onlyWarnings = failed && findings.filter((f) => f.control === control.id && !f.unresolved).every((f) => f.severity === 'warning');
    if (!failed && unresolved) {
      // Nothing fails for certain, but a value the control depends on is known only at deploy time.
      controls.push(ack
        ? { control: control.id, title: control.title, status: 'acknowledged', evidence, reason: ack.reason }
        : { control: control.id, title: control.title, status: 'unresolved', evidence, reason: 'a value the control depends on is known only at deploy time' });
    } else if (failed && onlyWarnings && !ack) {
      controls.push({ control: control.id, title: control.title, status: 'warning', evidence, reason: 'a recommendation of the class is not met' });
    } else if (failed) {
      controls.push(ack
        ? { control: control.id, title: control.title, status: 'acknowledged', evidence, reason: ack.reason }
        : { control: control.id, title: control.title, status: 'failed', evidence });
    } else if (evidence.length === 0) {
      controls.push({ control: control.id, title: control.title, status: 'not-applicable', evidence, reason: 'nothing in the document this control applies to' });
    } else {
      controls.push({ control: control.id, title: control.title, status: 'passed', evidence });
    }
  }

  return {
    file: doc.file,
    kind: doc.kind,
    landingZone: doc.metadata?.tenant.ipaCode || path.basename(doc.file),
    classification,
    classificationSource: source,
    notices,
    controls,
    findings,
    overrides,
    resourceCount: doc.resources.length,
  };
}

/**
 * Loads and evaluates documents: files and folders are expanded with `findDocuments`; unusable
 * files land in `errors` (the CLI exits 2 for them). In-memory documents are evaluated as given.
 */
export function check(paths: (string | SourceDocument)[], options: EvaluateOptions = {}): CheckResult {
  const errors: InputError[] = [];
  const { files, skipped } = findDocumentsAndSkipped(paths.filter((p): p is string => typeof p === 'string'));
  const inMemory = paths.filter((p): p is SourceDocument => typeof p !== 'string');
  const loaded: SourceDocument[] = [];
  for (const file of files) {
    try {
      loaded.push(loadDocument(file));
    } catch (e) {
      if (e instanceof InputError) {
        errors.push(e);
        continue;
      }
      throw e;
    }
  }
  loaded.push(...inMemory);
  // Literal names may point to resources of other documents of the run (a tenant's trail writing
  // to the aggregator's central archive): index them across all the documents first.
  const related = options.related ?? relatedResources(loaded);
  const documents = loaded.map((doc) => evaluateDocument(doc, { ...options, related }));
  const result: CheckResult = { documents, errors, summary: summarize(documents) };
  if (skipped.length > 0) result.skipped = skipped;
  return result;
}

/**
 * The summary of a check over these document reports: documents, controls per status, findings (what
 * {@link check} returns as `summary`, for callers that evaluate documents one at a time).
 */
export function summarize(documents: DocumentReport[]): CheckResult['summary'] {
  const summary = { documents: documents.length, passed: 0, failed: 0, warning: 0, unresolved: 0, acknowledged: 0, provider: 0, findings: 0 };
  for (const d of documents) {
    for (const c of d.controls) {
      if (c.status === 'passed') summary.passed++;
      else if (c.status === 'failed') summary.failed++;
      else if (c.status === 'warning') summary.warning++;
      else if (c.status === 'unresolved') summary.unresolved++;
      else if (c.status === 'acknowledged') summary.acknowledged++;
      else if (c.status === 'provider') summary.provider++;
    }
    summary.findings += d.findings.length;
  }
  return summary;
}

function decideClassification(doc: SourceDocument, options: EvaluateOptions, notices: string[]): { classification: DataClassification; source: DocumentReport['classificationSource'] } {
  if (options.classification) return { classification: parseClassification(options.classification, 'classification'), source: 'option' };
  const declared = doc.metadata?.classification;
  if (declared) {
    try {
      return { classification: parseClassification(declared, 'metadata.classification'), source: 'metadata' };
    } catch {
      notices.push(`the metadata declares an unknown classification ${JSON.stringify(declared)}; ignored`);
    }
  }
  const seen = new Set<DataClassification>();
  const unknown = new Set<string>();
  const readTags = doc.kind === 'cloudformation' ? cfnTags : tfTags;
  for (const r of doc.resources) {
    const value = readTags(r)?.get(TAG_KEYS.CLASSIFICATION)?.value;
    if (value === undefined) continue;
    const found = DATA_CLASSIFICATIONS.find((c) => c === value.trim().toLowerCase());
    if (found) seen.add(found);
    else unknown.add(value);
  }
  if (unknown.size > 0) notices.push(`unknown ${TAG_KEYS.CLASSIFICATION} tag values ignored: ${[...unknown].join(', ')}`);
  if (seen.size > 0) {
    const strongest = [...seen].sort((a, b) => classificationRank(b) - classificationRank(a))[0];
    if (seen.size > 1) notices.push(`resources carry different ${TAG_KEYS.CLASSIFICATION} tags (${[...seen].join(', ')}); checked as the strongest, ${strongest}`);
    return { classification: strongest, source: 'tag' };
  }
  notices.push(`no classification in the options, the metadata or a ${TAG_KEYS.CLASSIFICATION} tag: checked as ordinario`);
  return { classification: DataClassification.ORDINARIO, source: 'default' };
}

function gatherAcknowledgements(doc: SourceDocument, options: EvaluateOptions, classification: DataClassification, notices: string[]): Acknowledgement[] {
  const byControl = new Map<string, Acknowledgement>();
  (options.acknowledgements ?? []).forEach((ack, i) => {
    // A wrong control ID given by the user is a usage error, not a property of the document.
    ControlCatalogue.get(ack.control, `acknowledgements[${i}].control`);
  });
  const candidates: [Acknowledgement, string][] = [
    ...(doc.metadata?.acknowledgements ?? []).map((a): [Acknowledgement, string] => [a, 'metadata']),
    ...(options.acknowledgements ?? []).map((a): [Acknowledgement, string] => [a, 'options']),
  ];
  for (const [ack, from] of candidates) {
    try {
      validateAcknowledgements([ack], classification, `${from}.acknowledgements`);
      byControl.set(ack.control, ack);
    } catch (e) {
      if (!(e instanceof PaCloudKitError)) throw e;
      notices.push(`acknowledgement from the ${from} ignored: ${e.message}`);
    }
  }
  return [...byControl.values()];
}

/** The policy of the document's record (core's policyOfRecord, the reader beside the plan that writes it). */
function buildPolicy(doc: SourceDocument, classification: DataClassification, acknowledgements: Acknowledgement[], notices: string[]): { policy: CompliancePolicy; overrides: RecordedOverride[] } {
  const { policy, ignored } = policyOfRecord(classification, doc.metadata?.overrides ?? [], acknowledgements);
  for (const e of ignored) notices.push(`override from the metadata ignored (checked against the kit default): ${e.message}`);
  return { policy, overrides: [...policy.overrides] };
}

import { ANY_ADDRESS_CIDRS, adminPortLabel, adminPortsOpened as coreAdminPortsOpened, coversAllAddresses } from '../../core';
import { ResourceRef, RuleResult, Severity, SourceDocument } from '../types';

/** Resources of one document indexed by type and by ID, built once per document. */
export class DocumentIndex {
  private readonly byType = new Map<string, ResourceRef[]>();
  private readonly byId = new Map<string, ResourceRef>();

  constructor(public readonly document: SourceDocument) {
    for (const r of document.resources) {
      let list = this.byType.get(r.type);
      if (!list) this.byType.set(r.type, (list = []));
      list.push(r);
      this.byId.set(r.id, r);
    }
  }

  /** Resources of one or more types, in document order per type. */
  public ofType(...types: string[]): ResourceRef[] {
    if (types.length === 1) return this.byType.get(types[0]) ?? [];
    return types.flatMap((t) => this.byType.get(t) ?? []);
  }

  public get(id: string | undefined): ResourceRef | undefined {
    return id === undefined ? undefined : this.byId.get(id);
  }

  public has(type: string): boolean {
    return this.byType.has(type);
  }

  public types(): IterableIterator<string> {
    return this.byType.keys();
  }
}

const INDEXES = new WeakMap<SourceDocument, DocumentIndex>();

/** The index of a document, built on first use. */
export function indexOf(document: SourceDocument): DocumentIndex {
  let index = INDEXES.get(document);
  if (!index) INDEXES.set(document, (index = new DocumentIndex(document)));
  return index;
}

// ---------- results ----------

export function pass(resource: string | undefined, property: string | undefined, message: string): RuleResult {
  return { status: 'pass', resource, property, message };
}

/**
 * A failing result. With `unresolved`, the value it depends on is known only at deploy time: the
 * result is unresolved (not a certain failure); `value` is what could not be resolved.
 */
export function fail(resource: string | undefined, property: string | undefined, message: string, extra: { unresolved?: boolean; severity?: Severity; value?: unknown; valueText?: string } = {}): RuleResult {
  const result: RuleResult = { status: 'fail', resource, property, message };
  if (extra.unresolved) {
    result.unresolved = true;
    const text = extra.valueText ?? (extra.value !== undefined ? show(extra.value) : undefined);
    if (text !== undefined) result.unresolvedValue = text;
    result.message = `${message} (${text !== undefined ? `unresolved: ${text}` : 'a value it depends on'} is known only at deploy time)`;
  }
  if (extra.severity) result.severity = extra.severity;
  return result;
}

/** The resource types whose content is another template the engine does not read. */
const NESTED_TYPES = ['AWS::CloudFormation::Stack', 'AWS::Serverless::Application'];

/**
 * What the document adds at deploy time that the engine cannot see: nested stacks, content
 * inserted by transforms and macros; undefined when everything is in the document.
 */
export function unseenContent(document: SourceDocument): string | undefined {
  if (document.kind !== 'cloudformation') return undefined;
  const nested = indexOf(document).ofType(...NESTED_TYPES).map((r) => r.id);
  const parts = [
    ...(nested.length > 0 ? [`nested stack${nested.length > 1 ? 's' : ''} ${nested.slice(0, 3).join(', ')}${nested.length > 3 ? ` and ${nested.length - 3} more` : ''}`] : []),
    ...(document.deployTimeContent ?? []),
  ];
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/**
 * Something the control needs is not in the document: a failure, or unresolved when the document
 * has content the engine cannot see (nested stacks, included content), which may hold it.
 */
export function absent(document: SourceDocument, message: string): RuleResult {
  const unseen = unseenContent(document);
  if (unseen === undefined) return fail(undefined, undefined, message);
  return { status: 'fail', message: `${message} in this template; ${unseen} may add it (not read: unresolved)`, unresolved: true, unresolvedValue: unseen };
}

export function notApplicable(message: string): RuleResult {
  return { status: 'not-applicable', message };
}

// ---------- values ----------

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Short text of a value for messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Reads a property path like `a.b.c` (array indexes allowed as numbers). */
export function at(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || current === undefined) return undefined;
    if (Array.isArray(current)) current = current[Number(key)];
    else if (typeof current === 'object') current = (current as Record<string, unknown>)[key];
    else return undefined;
  }
  return current;
}

/** A CloudFormation intrinsic or Terraform interpolation: a value known only at deploy time. */
export function isUnresolved(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (isObject(value)) {
    const keys = Object.keys(value);
    return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition');
  }
  return false;
}

/** true / false from a boolean or its string form; undefined otherwise. */
export function asBool(value: unknown): boolean | undefined {
  if (value === true || value === 'true' || value === 'True' || value === 'TRUE') return true;
  if (value === false || value === 'false' || value === 'False' || value === 'FALSE') return false;
  return undefined;
}

/** A number from a number or numeric string; undefined otherwise. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

// ---------- CloudFormation references ----------

/** The logical ID a `Ref` or `Fn::GetAtt` points to, if the value is one. */
export function cfnRef(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** Every logical ID referenced anywhere inside a value (Ref, GetAtt, `${X}` / `${X.Attr}` in Fn::Sub). */
export function cfnRefsIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) cfnRefsIn(v, out);
  } else if (isObject(value)) {
    const ref = cfnRef(value);
    if (ref) out.add(ref);
    const sub = value['Fn::Sub'];
    const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    if (subText) for (const m of subText.matchAll(/\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}/g)) out.add(m[1]);
    for (const v of Object.values(value)) if (typeof v === 'object') cfnRefsIn(v, out);
  }
  return out;
}

// ---------- Terraform references ----------

const TF_REF = /\$\{(?!var\.|local\.|data\.|module\.)([a-zA-Z0-9_]+)\.([a-zA-Z0-9_-]+)(?:\.[a-zA-Z0-9_]+)?(?:\[[^\]]*\])?\}/g;

/** The addresses `type.name` of resources referenced in a Terraform value (`${type.name.attr}`). */
export function tfRefsIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (value.includes('${')) for (const m of value.matchAll(TF_REF)) out.add(`${m[1]}.${m[2]}`);
  } else if (Array.isArray(value)) {
    for (const v of value) tfRefsIn(v, out);
  } else if (isObject(value)) {
    for (const v of Object.values(value)) tfRefsIn(v, out);
  }
  return out;
}

/** The single address a Terraform value refers to, if it is exactly one reference. */
export function tfRef(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const refs = tfRefsIn(value);
  return refs.size === 1 ? [...refs][0] : undefined;
}

// ---------- tags ----------

/** A tag value, or undefined when it is an unresolved expression. */
export interface TagValue {
  readonly value?: string;
  readonly unresolved: boolean;
}

/** CloudFormation resource types whose tags live in a property other than `Tags`. */
const CFN_TAG_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::Backup::BackupVault': 'BackupVaultTags',
  'AWS::Backup::BackupPlan': 'BackupPlanTags',
  'AWS::Cognito::UserPool': 'UserPoolTags',
  'AWS::EFS::FileSystem': 'FileSystemTags',
  'AWS::EFS::AccessPoint': 'AccessPointTags',
  'AWS::Route53::HostedZone': 'HostedZoneTags',
};

/** The name of a CloudFormation resource's tag property. */
export function cfnTagProperty(type: string): string {
  return CFN_TAG_PROPERTY[type] ?? 'Tags';
}

/** Tags of a CloudFormation resource (list of `{Key, Value}` or a map), keyed by tag key. */
export function cfnTags(resource: ResourceRef): Map<string, TagValue> | undefined {
  const raw = resource.properties[cfnTagProperty(resource.type)];
  if (raw === undefined) return undefined;
  const tags = new Map<string, TagValue>();
  if (Array.isArray(raw)) {
    for (const t of raw) {
      if (isObject(t) && typeof t.Key === 'string') tags.set(t.Key, tagValue(t.Value));
    }
  } else if (isObject(raw) && !isUnresolved(raw)) {
    for (const [k, v] of Object.entries(raw)) tags.set(k, tagValue(v));
  }
  return tags;
}

function tagValue(v: unknown): TagValue {
  return typeof v === 'string' && !isUnresolved(v) ? { value: v, unresolved: false } : { unresolved: true };
}

/** Tags of a Terraform (OpenStack) resource: `key=value` strings, keyed by key. */
export function tfTags(resource: ResourceRef): Map<string, TagValue> | undefined {
  const raw = resource.properties.tags;
  if (raw === undefined) return undefined;
  const tags = new Map<string, TagValue>();
  if (!Array.isArray(raw)) return tags;
  for (const t of raw) {
    if (typeof t !== 'string') continue;
    const eq = t.indexOf('=');
    if (eq <= 0) continue;
    const key = t.slice(0, eq);
    const value = t.slice(eq + 1);
    tags.set(key, tagValue(value));
  }
  return tags;
}

// ---------- ports ----------

/**
 * The admin ports a rule opens, as messages show them (`22 (SSH)`): the table and the protocol
 * spellings are core's ({@link coreAdminPortsOpened}), shared with the constructs' checks.
 */
export function adminPortsOpened(protocol: string, from: number, to: number): string[] {
  return coreAdminPortsOpened(protocol, from, to).map(adminPortLabel);
}

export { coversAllAddresses };

/** A CIDR as messages show it: `0.0.0.0/0` and `::/0` as they are, other spellings of any-address explained. */
export function showCidr(cidr: unknown): string {
  return ANY_ADDRESS_CIDRS.has(String(cidr)) ? String(cidr) : `${String(cidr)} (any address)`;
}

/**
 * Every value a CloudFormation value may take at deploy time, for "could this be true" questions:
 * both branches of `Fn::If` (recursively); `Ref: AWS::NoValue` is undefined. Other values as they are.
 */
export function cfnBranches(value: unknown): unknown[] {
  if (isObject(value)) {
    const cond = value['Fn::If'];
    if (Array.isArray(cond) && cond.length === 3 && Object.keys(value).length === 1) return [...cfnBranches(cond[1]), ...cfnBranches(cond[2])];
    if (value.Ref === 'AWS::NoValue' && Object.keys(value).length === 1) return [undefined];
  }
  return [value];
}

/** Whether a value holds a `Fn::If` at its top. */
export function isCfnIf(value: unknown): boolean {
  return isObject(value) && Array.isArray(value['Fn::If']);
}

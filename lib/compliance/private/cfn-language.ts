/**
 * CloudFormation constructs that are valid in a template but not plain resources: the
 * `Fn::ForEach::<name>` loops of the `AWS::LanguageExtensions` transform, and `Fn::Transform`
 * (e.g. `AWS::Include`) standing for content inserted at deploy time. Not public API.
 */

const FOR_EACH = 'Fn::ForEach::';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the expansion noticed, for the report's notices. */
export interface ExpansionNotes {
  readonly notices: string[];
}

/**
 * Replaces `${Id}` and `&{Id}` (the alphanumeric form) in keys and strings, and `{ "Ref": "Id" }`
 * by the collection value.
 */
function substitute(value: unknown, id: string, item: string): unknown {
  if (typeof value === 'string') return replaceText(value, id, item);
  if (Array.isArray(value)) return value.map((v) => substitute(v, id, item));
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'Ref' && value.Ref === id) return item;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[replaceText(k, id, item)] = substitute(v, id, item);
    return out;
  }
  return value;
}

function replaceText(text: string, id: string, item: string): string {
  if (!text.includes('{')) return text;
  return text.split(`\${${id}}`).join(item).split(`&{${id}}`).join(item.replace(/[^A-Za-z0-9]/g, ''));
}

/** The literal strings of a ForEach collection, or undefined when it is known only at deploy time. */
function literalCollection(collection: unknown): string[] | undefined {
  if (Array.isArray(collection) && collection.every((c) => typeof c === 'string' || typeof c === 'number')) return collection.map(String);
  return undefined;
}

/**
 * Expands every `Fn::ForEach::<name>` key of an object (a section such as Resources, Outputs,
 * Conditions, or a resource's properties), recursively. A literal collection is expanded item by
 * item, as CloudFormation does. A collection known only at deploy time (a parameter, an import) is
 * expanded once with the identifier left as `${Id}`: the fragment is still checked, with its
 * identifier-dependent values unresolved, and a notice says so. Never throws on a loop the
 * transform accepts; a malformed loop is kept out with a notice.
 */
export function expandForEach(section: Record<string, unknown>, where: string, notes: ExpansionNotes): Record<string, unknown> {
  if (!Object.keys(section).some((k) => k.startsWith(FOR_EACH))) return section;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(section)) {
    if (!key.startsWith(FOR_EACH)) {
      out[key] = value;
      continue;
    }
    const loop = key.slice(FOR_EACH.length);
    if (!Array.isArray(value) || value.length !== 3 || typeof value[0] !== 'string' || !isObject(value[2])) {
      notes.notices.push(`${where}.${key}: not an [identifier, collection, fragment] loop of AWS::LanguageExtensions; not checked`);
      continue;
    }
    const [id, collection, fragment] = value as [string, unknown, Record<string, unknown>];
    const items = literalCollection(collection);
    if (items === undefined) {
      notes.notices.push(`${where}.${key}: the collection of loop ${loop} is known only at deploy time; its fragment is checked once with ${id} unresolved`);
      Object.assign(out, expandForEach(fragment, where, notes));
      continue;
    }
    for (const item of items) {
      const expanded = substitute(fragment, id, item) as Record<string, unknown>;
      Object.assign(out, expandForEach(expanded, where, notes));
    }
  }
  return out;
}

/** Whether a key of a template section is a language-extension loop. */
export function isForEachKey(key: string): boolean {
  return key.startsWith(FOR_EACH);
}

/**
 * Expands loops anywhere inside a resource (properties may hold `Fn::ForEach::` keys too).
 */
export function expandForEachDeep(value: unknown, where: string, notes: ExpansionNotes): unknown {
  if (Array.isArray(value)) return value.map((v, i) => expandForEachDeep(v, `${where}.${i}`, notes));
  if (!isObject(value)) return value;
  const expanded = expandForEach(value, where, notes);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(expanded)) out[k] = typeof v === 'object' && v !== null ? expandForEachDeep(v, `${where}.${k}`, notes) : v;
  return out;
}

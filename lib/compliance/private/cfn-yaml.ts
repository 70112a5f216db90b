import * as jsYaml from 'js-yaml';
import { YAMLMap, YAMLSeq, parseDocument, type CollectionTag, type ScalarTag, type Tags } from 'yaml';

/**
 * The CloudFormation short-form intrinsics and the long form each one stands for. `!GetAtt a.b`
 * (scalar form) splits at the first dot into `["a", "b"]`; `!Condition x` becomes `{ Condition: x }`.
 */
const SHORT_FORMS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!FindInMap': 'Fn::FindInMap',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!ImportValue': 'Fn::ImportValue',
  '!GetAZs': 'Fn::GetAZs',
  '!Transform': 'Fn::Transform',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
};

function scalarValue(tag: string, value: string): unknown {
  if (tag === '!GetAtt') {
    const dot = value.indexOf('.');
    return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
  }
  return value;
}

/** `yaml` custom tags turning every short form into its long form, for scalars, sequences and maps. */
export const CFN_TAGS: Tags = Object.entries(SHORT_FORMS).flatMap(([tag, key]): (ScalarTag | CollectionTag)[] => [
  { tag, resolve: (value: string) => ({ [key]: scalarValue(tag, value) }) },
  { tag, collection: 'seq', resolve: (seq: YAMLMap.Parsed | YAMLSeq.Parsed) => ({ [key]: seq.toJSON() }) },
  { tag, collection: 'map', resolve: (map: YAMLMap.Parsed | YAMLSeq.Parsed) => ({ [key]: map.toJSON() }) },
]);

/** A YAML problem with its position. */
export interface YamlProblem {
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * Errors of the `yaml` package on text PyYAML (which CloudFormation's own tooling follows) reads:
 * flow collections (`{...}`, `[...]`) whose continuation lines or closing bracket sit at (or left
 * of) their key's indentation (e.g. `Statement: [{` ... `}]` closed at the key's column), and a
 * comment right after a quoted scalar (`"${A}-Logs"#`). On these, the text is read again with
 * js-yaml; what js-yaml refuses too stays refused with the `yaml` package's message and position.
 */
const PYYAML_LENIENT_ERRORS = new Set(['BAD_INDENT', 'UNEXPECTED_TOKEN', 'MISSING_CHAR']);

/** js-yaml types for the short forms (the PyYAML-like reader used when `yaml` refuses what PyYAML reads). */
const JS_YAML_SCHEMA = jsYaml.CORE_SCHEMA.extend(Object.entries(SHORT_FORMS).flatMap(([tag, key]) => [
  new jsYaml.Type(tag, { kind: 'scalar', construct: (value: unknown) => ({ [key]: scalarValue(tag, String(value ?? '')) }) }),
  new jsYaml.Type(tag, { kind: 'sequence', construct: (value: unknown) => ({ [key]: value ?? [] }) }),
  new jsYaml.Type(tag, { kind: 'mapping', construct: (value: unknown) => ({ [key]: value ?? {} }) }),
]));

/** At most this many nodes once aliases are expanded (the same bound as the `yaml` reader's alias count). */
const MAX_EXPANDED_NODES = 2_000_000;

/**
 * A fresh tree of a js-yaml value: aliases are shared objects there; copying them bounds what a
 * document of nested aliases (a "billion laughs") can expand to.
 */
function expandAliases(value: unknown, budget: { left: number }): unknown {
  if (--budget.left < 0) throw new Error('too many nodes once aliases are expanded (more than 2,000,000)');
  if (Array.isArray(value)) return value.map((v) => expandAliases(v, budget));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = expandAliases(v, budget);
    return out;
  }
  return value;
}

/** Parses YAML with the CloudFormation tags; returns the value or the first problem. */
export function parseCfnYaml(text: string): { value: unknown } | { problem: YamlProblem } {
  const doc = parseDocument(text, { customTags: CFN_TAGS, prettyErrors: true, uniqueKeys: true, strict: true });
  const problem = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (problem) {
    const firstLine = problem.message.split('\n')[0];
    const result = { problem: { message: firstLine, line: problem.linePos?.[0].line, column: problem.linePos?.[0].col } };
    // What PyYAML reads and `yaml` refuses (flow indentation, a comment right after a quoted
    // scalar): read with js-yaml (a PyYAML port), which also refuses duplicate keys and unknown
    // tags; its value replaces the refusal, and a refusal of both keeps `yaml`'s position.
    if (doc.errors.length > 0 && doc.errors.every((e) => PYYAML_LENIENT_ERRORS.has(e.code))) {
      try {
        const value = jsYaml.load(text, { schema: JS_YAML_SCHEMA, json: false });
        return { value: expandAliases(value, { left: MAX_EXPANDED_NODES }) };
      } catch {
        return result;
      }
    }
    return result;
  }
  try {
    return { value: doc.toJS({ maxAliasCount: 1000 }) };
  } catch (e) {
    // Too many aliases (a "billion laughs"): refused like any other malformed document.
    return { problem: { message: (e as Error).message } };
  }
}

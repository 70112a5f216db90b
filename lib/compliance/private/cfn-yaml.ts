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

/** Parses YAML with the CloudFormation tags; returns the value or the first problem. */
export function parseCfnYaml(text: string): { value: unknown } | { problem: YamlProblem } {
  const doc = parseDocument(text, { customTags: CFN_TAGS, prettyErrors: true, uniqueKeys: true, strict: true });
  const problem = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (problem) {
    const firstLine = problem.message.split('\n')[0];
    return { problem: { message: firstLine, line: problem.linePos?.[0].line, column: problem.linePos?.[0].col } };
  }
  return { value: doc.toJS({ maxAliasCount: 1000 }) };
}

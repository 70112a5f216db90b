import * as fs from 'fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { describeValue } from '../../core';
import { SCHEMA_PATH } from '../schema';
import { PathSegment, fieldOf } from './source';

type Schema = Record<string, unknown>;

let compiled: { schema: Schema; validate: ValidateFunction } | undefined;

/** The JSON Schema of the file, parsed. */
export function landingZonesSchema(): Schema {
  return compiledSchema().schema;
}

function compiledSchema(): { schema: Schema; validate: ValidateFunction } {
  if (!compiled) {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as Schema;
    compiled = { schema, validate: precompiledValidator() ?? compileValidator(schema) };
  }
  return compiled;
}

/** Ajv's options for the file (scripts/build.js precompiles with the same). */
export const VALIDATOR_OPTIONS = { allErrors: true, verbose: true, allowUnionTypes: true, strict: true } as const;

/** Compiles the schema with Ajv (from the TypeScript sources, where no precompiled validator exists). */
export function compileValidator(schema: Schema): ValidateFunction {
  const { default: Ajv } = require('ajv') as typeof import('ajv');
  const ajv = new Ajv({ ...VALIDATOR_OPTIONS });
  // Editors (VS Code, yaml-language-server) show this message for a failed pattern; so do we.
  ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
  return ajv.compile(schema);
}

/**
 * The validator `npm run build` precompiled next to the compiled file (Ajv standalone code): no
 * Ajv compiler to load and no schema to compile at run time. Absent when running the sources.
 */
function precompiledValidator(): ValidateFunction | undefined {
  try {
    return require('./landing-zones-validator.js') as ValidateFunction;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((e as Error).message).includes('landing-zones-validator')) return undefined;
    throw e;
  }
}

/** A mistake in the structure of the file, found by the JSON Schema. */
export interface StructureProblem {
  /** Where to point: the offending value, or the unknown key. */
  readonly path: readonly PathSegment[];
  readonly at: 'key' | 'value';
  readonly field: string;
  readonly message: string;
}

/** Validates the data against the schema and returns every problem, in plain English, one per place. */
export function checkStructure(data: unknown): StructureProblem[] {
  const { schema, validate } = compiledSchema();
  if (validate(data)) return [];
  const problems: StructureProblem[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const problem = describe(error, data, schema);
    // A value that is of the wrong type also fails its enum or pattern: report it once.
    const key = error.keyword === 'additionalProperties' || error.keyword === 'required' ? `${problem.field}|${problem.at}` : `${error.instancePath}|value`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function pathOf(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let value: unknown = data;
  for (const seg of path) value = (value as Record<PathSegment, unknown> | undefined)?.[seg];
  return value;
}

function resolveRef(subschema: Schema | undefined, root: Schema): Schema | undefined {
  const ref = subschema?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/definitions/')) return subschema;
  const target = (root.definitions as Record<string, Schema>)[ref.slice('#/definitions/'.length)];
  return { ...target, ...subschema };
}

const TYPE_TEXT: Record<string, string> = {
  string: 'a text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of keys to values',
  number: 'a number',
  integer: 'a whole number',
  null: 'nothing',
};

/** What a subschema allows, in words, for messages. */
function allowed(subschema: Schema | undefined): string | undefined {
  if (!subschema) return undefined;
  if (Array.isArray(subschema.enum)) return `must be one of ${subschema.enum.join(', ')}`;
  if (typeof subschema.patternErrorMessage === 'string') return subschema.patternErrorMessage;
  const types = Array.isArray(subschema.type) ? subschema.type : subschema.type ? [subschema.type] : [];
  if (types.length === 1 && types[0] === 'string' && typeof subschema.minLength === 'number') {
    return typeof subschema.maxLength === 'number'
      ? `must be a text of ${subschema.minLength}-${subschema.maxLength} characters`
      : `must be a text of at least ${subschema.minLength} characters`;
  }
  if (types.length > 0) {
    const words = types.map((t) => (t === 'array' && (subschema.items as Schema | undefined)?.type === 'string' ? 'a list of texts' : TYPE_TEXT[String(t)]));
    return `must be ${words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : words[0]}`;
  }
  return undefined;
}

function describe(error: ErrorObject, data: unknown, root: Schema): StructureProblem {
  const path = pathOf(error.instancePath);
  const field = fieldOf(path);
  const value = valueAt(data, path);
  const parent = error.parentSchema as Schema | undefined;
  const got = `, got ${describeValue(value)}`;
  const where = field || '(top level)';
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((parent?.properties as Schema | undefined) ?? {});
      const renamed = RENAMED_KEYS[extra];
      const hint = renamed !== undefined && known.includes(renamed) ? renamed : extra.length <= 64 ? closest(extra, known) : undefined;
      const shown = extra.length > 60 ? `${extra.slice(0, 60)}...` : extra;
      const quoted = extra.length > 60 ? `"${shown}" (${extra.length} characters)` : `"${extra}"`;
      const extensions = parent?.patternProperties && '^x-' in (parent.patternProperties as Schema) ? ', and x-<anything> for your own anchors' : '';
      return {
        path: [...path, extra],
        at: 'key',
        field: where === '(top level)' ? shown : `${field}.${shown}`,
        message: `${where}: unknown key ${quoted}${hint ? ` (did you mean "${hint}"?)` : ''} (allowed: ${known.join(', ')}${extensions})`,
      };
    }
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      const target = [...path, missing];
      const what = allowed(resolveRef((parent?.properties as Record<string, Schema> | undefined)?.[missing], root));
      return { path: target, at: 'value', field: fieldOf(target), message: `${fieldOf(target)}: is required${what ? ` and ${what}` : ''}` };
    }
    case 'enum':
    case 'pattern':
    case 'type':
      return { path, at: 'value', field, message: `${where}: ${allowed(parent) ?? error.message}${got}` };
    case 'minLength': {
      const limit = (error.params as { limit: number }).limit;
      const why = path[path.length - 1] === 'reason' ? ': say why, it goes in the compliance report' : '';
      return { path, at: 'value', field, message: `${where}: must be at least ${limit} characters${why}${got}` };
    }
    case 'maxLength':
      return { path, at: 'value', field, message: `${where}: must be at most ${(error.params as { limit: number }).limit} characters${got}` };
    case 'minItems':
      return { path, at: 'value', field, message: `${where}: must list at least ${(error.params as { limit: number }).limit} item${(error.params as { limit: number }).limit === 1 ? '' : 's'}${got}` };
    case 'minProperties':
      return { path, at: 'value', field, message: `${where}: must set at least one of ${Object.keys((parent?.properties as Schema | undefined) ?? {}).join(', ')}${got}` };
    default:
      return { path, at: 'value', field, message: `${where}: ${error.message ?? 'is not allowed'}${got}` };
  }
}

/**
 * Keys renamed before 1.0 so that each is named as the construct prop it sets (the unknown old key
 * is answered with its new name).
 */
const RENAMED_KEYS: Readonly<Record<string, string>> = {
  externalNetwork: 'externalNetworkName',
  schedulerImage: 'schedulerImageName',
  schedulerFlavor: 'schedulerFlavorName',
  volumeType: 'encryptedVolumeType',
};

/** The known key nearest to a misspelt one (at most 2 edits away), for "did you mean". */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

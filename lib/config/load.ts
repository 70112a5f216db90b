import * as fs from 'fs';
import { isMap } from 'yaml';
import { ConfigError, ConfigValidationError } from './errors';
import { RawConfig, resolveConfig } from './private/resolve';
import { MAX_CONFIG_BYTES, decodeConfig, positionOfByte } from './private/encoding';
import { MAX_ALIAS_EXPANSION, PathSegment, YamlSource, fieldOf, parseField } from './private/source';
import { checkStructure } from './private/structure';
import type { LandingZonesConfig } from './types';

/**
 * Reads and validates a landing zones file (see `schema/landing-zones.schema.json`).
 *
 * @returns the resolved configuration: every tenant with its identity, policy, region, network
 *   range, keys and off-site backup target
 * @throws ConfigValidationError holding every mistake of the file, each with its line and column
 */
export function loadConfig(file: string): LandingZonesConfig {
  let bytes: Buffer;
  const unreadable = (reason: string) => new ConfigValidationError(file, [{ file, line: 1, column: 1, field: '', message: `cannot read the file: ${reason}` }]);
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_CONFIG_BYTES) throw unreadable(`it is too large (${size} bytes; at most ${MAX_CONFIG_BYTES} bytes): it is not a landing zones file`);
    bytes = fs.readFileSync(file);
  } catch (e) {
    if (e instanceof ConfigValidationError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw unreadable(code && READ_CAUSES[code] ? `${READ_CAUSES[code]} (${code})` : (e as Error).message);
  }
  const decoded = decodeConfig(bytes);
  if ('problem' in decoded) {
    const { line, column } = positionOfByte(bytes, decoded.problem.offset);
    throw new ConfigValidationError(file, [{ file, line, column, field: '', message: decoded.problem.message }]);
  }
  return parseConfig(decoded.text, file);
}

const READ_CAUSES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ELOOP: 'too many levels of symbolic links',
  EIO: 'input/output error',
};

/**
 * Validates the text of a landing zones file: YAML syntax, then the structure (JSON Schema), then
 * the rules of the core (codice IPA, classification, regions allowed for the class, qualification,
 * keys, off-site copies, overrides and acknowledgements, network ranges). Every mistake is
 * collected, not just the first.
 *
 * @param file the name used in error positions
 * @throws ConfigValidationError holding every mistake, sorted by line and column
 */
export function parseConfig(text: string, file = 'landing-zones.yaml'): LandingZonesConfig {
  if (text.length > MAX_CONFIG_BYTES) {
    throw new ConfigValidationError(file, [{ file, line: 1, column: 1, field: '', message: `the file is too large (${text.length} characters; at most ${MAX_CONFIG_BYTES}): it is not a landing zones file` }]);
  }
  // Old Mac line endings (CR alone) are line breaks too; same length, so positions stay right.
  const source = new YamlSource(text.replace(/\r(?!\n)/g, '\n'));
  const at = (path: readonly PathSegment[], field: string, message: string, how: 'key' | 'value' = 'value', control?: string): ConfigError => {
    const { line, column } = source.positionOf(path, how);
    return control ? { file, line, column, field, message, control } : { file, line, column, field, message };
  };

  const yamlProblems = [...source.problems(), ...source.tagProblems()];
  if (yamlProblems.length > 0) {
    throw new ConfigValidationError(file, sorted(yamlProblems.map((p) => {
      const field = fieldOf(p.path);
      return { file, ...p.position, field, message: field ? `${field}: ${p.message}` : p.message };
    })));
  }
  const root = source.root;
  if (!root) {
    throw new ConfigValidationError(file, [{
      file, line: 1, column: 1, field: '',
      message: 'the file is empty: it needs at least a tenants list (pa-cloud-kit init writes a starter)',
    }]);
  }
  if (!isMap(root)) {
    throw new ConfigValidationError(file, [at([], '', 'the file must be a mapping of keys (aggregator, defaults, openstack, tenants) to values, not a list or a single value')]);
  }

  let data: unknown;
  try {
    data = source.toJS();
  } catch (e) {
    const text = String((e as Error)?.message);
    const unresolved = /^Unresolved alias[^:]*: (.*)$/.exec(text)?.[1];
    const alias = /Excessive alias count/.test(text) ? source.firstAlias() : unresolved !== undefined ? source.firstAlias(unresolved) : undefined;
    if (!alias) throw e;
    const at = alias.path.length > 0 ? `${fieldOf(alias.path)}: ` : '';
    const name = unresolved !== undefined && unresolved.length > 60 ? `${unresolved.slice(0, 60)}...` : unresolved;
    throw new ConfigValidationError(file, [{
      file, ...alias.position, field: fieldOf(alias.path),
      message: unresolved !== undefined
        ? `${at}unknown alias *${name}: no anchor &${name} is set on a value before it`
        : `${at}too many aliases: expanding the aliases (*name) of the file would repeat more than ${MAX_ALIAS_EXPANSION} nodes (an "alias bomb"); the file is refused, write the values out or use fewer aliases`,
    }]);
  }
  const errors: ConfigError[] = [];
  const broken = new Set<number>();
  const brokenFields = new Set<string>();
  let globalBroken = false;
  for (const p of checkStructure(data)) {
    errors.push(at(p.path, p.field, p.message, p.at));
    brokenFields.add(p.field);
    if (p.path[0] === 'tenants' && typeof p.path[1] === 'number') broken.add(p.path[1]);
    else globalBroken = true;
  }

  let config: LandingZonesConfig | undefined;
  if (!globalBroken) {
    const result = resolveConfig(data as RawConfig, file, broken, brokenFields);
    for (const p of result.problems) errors.push(at(p.pointTo ?? parseField(p.field), p.field, p.message, 'value', p.control));
    config = result.config;
  }
  if (errors.length > 0 || !config) throw new ConfigValidationError(file, sorted(errors));
  return config;
}

/** In file order; problems at the same place keep the order they were found in. */
function sorted(errors: readonly ConfigError[]): ConfigError[] {
  return [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
}

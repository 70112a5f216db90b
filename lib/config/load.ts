import * as fs from 'fs';
import { isMap } from 'yaml';
import { ConfigError, ConfigValidationError } from './errors';
import { RawConfig, resolveConfig } from './private/resolve';
import { PathSegment, YamlSource, fieldOf, parseField } from './private/source';
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
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new ConfigValidationError(file, [{ file, line: 1, column: 1, field: '', message: `cannot read the file: ${reason}` }]);
  }
  return parseConfig(text, file);
}

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
  const source = new YamlSource(text);
  const at = (path: readonly PathSegment[], field: string, message: string, how: 'key' | 'value' = 'value', control?: string): ConfigError => {
    const { line, column } = source.positionOf(path, how);
    return control ? { file, line, column, field, message, control } : { file, line, column, field, message };
  };

  const yamlProblems = source.problems();
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

  const data = source.toJS();
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

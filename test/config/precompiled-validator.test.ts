/**
 * `npm run build` precompiles the landing zones file's validator (Ajv standalone code); the
 * sources compile it at run time. Both must report the same errors, with the same options.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { SCHEMA_PATH } from '../../lib/config';
import { VALIDATOR_OPTIONS, compileValidator } from '../../lib/config/private/structure';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require('../../scripts/build.js') as { validatorSource(): string; VALIDATOR_OPTIONS: object };

const BAD_INPUTS: unknown[] = [
  {},
  { tenants: 'all of them' },
  { tenants: [{ ipaCode: 'x', clasification: 'critico' }] },
  { defaults: { provider: 'azure', region: 7 }, tenants: [{ ipaCode: 'c_h501', name: '', classification: 'segreto', owner: 'o', incidentContact: 'not-an-email' }] },
  { aggregator: { ipaCode: 'r_x', name: 'Aggregatore', incidentContact: 'soc@x.example.it', account: '12' }, tenants: [], extra: true },
  { tenants: [{ ipaCode: 'c_h501', name: 'Comune', classification: 'critico', owner: 'o', incidentContact: 'cert@comune.example.it', overrides: [{ setting: 'rpo', value: '1 hour', reason: 'short' }] }] },
];

test('the build and the sources use the same Ajv options', () => {
  expect(build.VALIDATOR_OPTIONS).toEqual(VALIDATOR_OPTIONS);
});

test('the precompiled validator reports exactly what the compiled one reports', () => {
  // Under node_modules, so the generated code's require('ajv/dist/runtime/...') resolves.
  const cache = path.join(__dirname, '..', '..', 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  const dir = fs.mkdtempSync(path.join(cache, 'pa-validator-'));
  try {
    const file = path.join(dir, 'landing-zones-validator.js');
    fs.writeFileSync(file, build.validatorSource());
    const precompiled = require(file) as ValidateFunction;
    const compiled = compileValidator(JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>);
    for (const input of BAD_INPUTS) {
      expect(precompiled(input)).toBe(false);
      expect(compiled(input)).toBe(false);
      expect(precompiled.errors).toEqual(compiled.errors);
      expect(precompiled.errors!.length).toBeGreaterThan(0);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Modules meet through their public entry points: every file of lib/aggregator (private/ too)
 * imports another module of lib only through that module's index (`../core`, `../aws`,
 * `../openstack`, `../config`, `../compliance`), never a file inside it (private helpers,
 * generated bindings, the cdktf seam), type-only imports included. And the synthesis modules
 * load the providers lazily: aws-cdk-lib and cdktf come with `../aws` and `../openstack`, which
 * they import at the top as types only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const LIB = path.join(__dirname, '..', '..', 'lib');
const AGGREGATOR = path.join(LIB, 'aggregator');
/** The modules the aggregator may use (lib/cli is above it). */
const ALLOWED_MODULES = ['core', 'aws', 'openstack', 'config', 'compliance'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Module specifiers of `from '...'`, `import '...'`, `require('...')` and `import('...')` (also in `typeof import(...)`). */
const SPECIFIER = /(?:\bfrom\s*|^\s*import\s*|\brequire\(\s*|\bimport\(\s*)['"]([^'"]+)['"]/gm;

/**
 * What a file at `file` imports from lib outside lib/aggregator other than a module's index, as
 * `<specifier>: <why>`; relative specifiers only (packages are not lib's modules).
 */
function offendingImports(text: string, file: string): string[] {
  const offences: string[] = [];
  for (const [, spec] of text.matchAll(SPECIFIER)) {
    if (!spec.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), spec);
    const rel = path.relative(LIB, target).split(path.sep);
    if (rel[0] === '..' || rel[0] === 'aggregator') continue; // outside lib, or the aggregator's own files
    if (rel.length > 1) offences.push(`${spec}: a file inside lib/${rel[0]}; import from its index ('${path.relative(path.dirname(file), path.join(LIB, rel[0])).split(path.sep).join('/')}')`);
    else if (!ALLOWED_MODULES.includes(rel[0])) offences.push(`${spec}: lib/${rel[0]} is not a module the aggregator may use (${ALLOWED_MODULES.join(', ')})`);
  }
  return offences;
}

test('every file of lib/aggregator imports other modules of lib only through their index', () => {
  const files = sources(AGGREGATOR);
  expect(files.map((f) => path.relative(AGGREGATOR, f))).toEqual(expect.arrayContaining(['central-openstack.ts', 'synth.ts', 'batches.ts', path.join('private', 'checks.ts')]));
  const offenders = files.flatMap((f) => offendingImports(fs.readFileSync(f, 'utf8'), f).map((o) => `${path.relative(LIB, f)}: ${o}`));
  expect(offenders).toEqual([]);
  // Each allowed module has the index the imports go through.
  for (const m of ALLOWED_MODULES) expect([m, fs.existsSync(path.join(LIB, m, 'index.ts'))]).toEqual([m, true]);
});

test('the check recognizes every form of import of a file inside another module, and allows indexes, own files and packages', () => {
  const at = path.join(AGGREGATOR, 'central-openstack.ts');
  const inPrivate = path.join(AGGREGATOR, 'private', 'checks.ts');
  const bad: Array<[string, string]> = [
    ["import { LocalBackend } from '../openstack/private/cdktf';", at],
    ["import { OpenstackProvider } from '../openstack/generated/provider';", at],
    ["import type { CheckResult } from '../compliance/types';", at],
    ["export type { CentralLogTarget } from '../openstack/central-logs';", at],
    ["const { summarize } = require('../compliance/engine') as typeof import('../compliance');", at],
    ["const x = require( \"../openstack/private/cdktf\" );", at],
    ["let a: typeof import('../core/terraform-text');", at],
    ["import '../openstack/metadata';", at],
    ["import { slugOf } from '../../core/naming';", inPrivate],
    ["import { x } from '../core/index';", at],
    ["import { run } from '../cli';", at],
  ];
  for (const [line, file] of bad) expect([line, offendingImports(line, file).length]).toEqual([line, 1]);
  expect(offendingImports("import { LocalBackend } from '../openstack/private/cdktf';", at)).toEqual([
    "../openstack/private/cdktf: a file inside lib/openstack; import from its index ('../openstack')",
  ]);
  expect(offendingImports("import { slugOf } from '../../core/naming';", inPrivate)).toEqual([
    "../../core/naming: a file inside lib/core; import from its index ('../../core')",
  ]);
  const good: Array<[string, string]> = [
    ["import { PaCloudKitError } from '../core';", at],
    ["import type { LandingZonesConfig } from '../config';", at],
    ["const { LandingZone } = require('../openstack') as typeof import('../openstack');", at],
    ["import { checkCentralTenants } from './private/checks';", at],
    ["import type { AggregatorAwsTenant } from '../central-aws-logging';", inPrivate],
    ["import { Stack } from 'aws-cdk-lib';", at],
    ["import * as fs from 'node:fs';", at],
    ["import { x } from '../../core';", inPrivate],
  ];
  for (const [line, file] of good) expect([line, offendingImports(line, file)]).toEqual([line, []]);
});

/** Top-level (value) imports of `specifiers`: an `import type` loads nothing, a `require` inside a function loads on call. */
function valueImportsOf(text: string, specifiers: readonly string[]): string[] {
  return [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]).filter((s) => specifiers.includes(s));
}

test('synthesis loads each provider only for its tenants: synth.ts, batches.ts and synth-worker.ts import the provider modules as types only', () => {
  const providers = ['../aws', '../openstack', './central-aws', './central-aws-logging', './central-aws-vault', './central-openstack', 'aws-cdk-lib', 'cdktf'];
  for (const name of ['synth.ts', 'batches.ts', 'synth-worker.ts']) {
    const text = fs.readFileSync(path.join(AGGREGATOR, name), 'utf8');
    expect([name, valueImportsOf(text, providers)]).toEqual([name, []]);
  }
  // The check itself: a value import is seen, a type import is not.
  expect(valueImportsOf("import { LandingZone } from '../openstack';\nimport type { Stack } from 'aws-cdk-lib';", providers)).toEqual(['../openstack']);
  expect(valueImportsOf("import {\n  App,\n} from 'cdktf';", providers)).toEqual(['cdktf']);
});

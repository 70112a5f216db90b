/**
 * Helpers of the packaging tests: build the kit if needed, `npm pack` it, and "install" the tarball
 * into a fresh app in a temporary folder, offline.
 *
 * Installing: the tarball is unpacked into `<app>/node_modules/pa-cloud-kit` exactly as npm would
 * unpack it, and the kit's dependencies (read from the packed package.json) and the peers the app
 * chooses are symlinked from this repository's node_modules. That needs no network and no npm
 * cache (a clean CI clone has the packages in node_modules after `npm ci`, but npm's offline
 * install also needs registry metadata it never cached), and it still exercises what a consumer
 * gets: only the packed files, resolved through the package's `exports`, its `bin`, its
 * declarations, and the peers the app has, or lacks.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

/** Runs a command; returns its result (stdout/stderr as text). */
export function exec(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number }): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd: options.cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: options.timeout ?? 120_000,
    env: options.env ?? process.env,
  });
}

export function describeRun(r: SpawnSyncReturns<string>): string {
  return `exit ${r.status}${r.signal ? ` (${r.signal})` : ''}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/**
 * dist/ as `npm test` builds it before jest; built here when missing (e.g. `npx jest test/package`
 * on a fresh clone without `npm ci`'s prepare).
 */
export function ensureBuilt(): void {
  if (fs.existsSync(path.join(ROOT, 'dist', 'index.js')) && fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) return;
  const r = exec(process.execPath, [path.join(ROOT, 'scripts', 'build.js')], { cwd: ROOT, timeout: 300_000 });
  if (r.status !== 0) throw new Error(`npm run build failed: ${describeRun(r)}`);
}

export interface PackedKit {
  readonly tarball: string;
  /** Paths inside the package, e.g. `dist/index.js`. */
  readonly files: readonly string[];
}

/** `npm pack` of the built kit into `dir` (scripts off: dist/ is already built). */
export function packKit(dir: string): PackedKit {
  const r = exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT });
  if (r.status !== 0) throw new Error(`npm pack failed: ${describeRun(r)}`);
  const [info] = JSON.parse(r.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!info) throw new Error(`npm pack printed no package: ${r.stdout}`);
  return { tarball: path.join(dir, info.filename), files: info.files.map((f) => f.path) };
}

/**
 * A fresh app folder with the kit unpacked from `tarball` and `peers` (package names) linked,
 * plus the kit's own dependencies. Returns the app folder.
 */
export function installKit(tarball: string, appDir: string, peers: readonly string[]): string {
  const modules = path.join(appDir, 'node_modules');
  fs.mkdirSync(modules, { recursive: true });
  const unpack = fs.mkdtempSync(path.join(appDir, '.unpack-'));
  const r = exec('tar', ['-xzf', tarball, '-C', unpack], { cwd: appDir });
  if (r.status !== 0) throw new Error(`tar failed: ${describeRun(r)}`);
  fs.renameSync(path.join(unpack, 'package'), path.join(modules, 'pa-cloud-kit'));
  fs.rmSync(unpack, { recursive: true, force: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(modules, 'pa-cloud-kit', 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of [...Object.keys(pkg.dependencies ?? {}), ...peers]) {
    const link = path.join(modules, name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules', name), link, 'dir');
  }
  // npm links each `bin` entry into node_modules/.bin.
  fs.mkdirSync(path.join(modules, '.bin'), { recursive: true });
  fs.symlinkSync(path.join('..', 'pa-cloud-kit', 'bin', 'pa-cloud-kit.js'), path.join(modules, '.bin', 'pa-cloud-kit'));
  fs.writeFileSync(path.join(appDir, 'package.json'), `${JSON.stringify({ name: path.basename(appDir), version: '1.0.0', private: true }, null, 2)}\n`);
  return appDir;
}

/** Counts of each resource type of a CloudFormation template. */
export function cfnTypeCounts(file: string): Record<string, number> {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { Resources?: Record<string, { Type: string }> };
  const counts: Record<string, number> = {};
  for (const r of Object.values(doc.Resources ?? {})) counts[r.Type] = (counts[r.Type] ?? 0) + 1;
  return counts;
}

/** Counts of each resource type of a Terraform JSON document. */
export function tfTypeCounts(file: string): Record<string, number> {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { resource?: Record<string, Record<string, unknown>> };
  return Object.fromEntries(Object.entries(doc.resource ?? {}).map(([type, byName]) => [type, Object.keys(byName).length]));
}

/** The environment of the apps: no AWS credentials or profile, no CDK CLI context, no validator. */
export function appEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(AWS_|CDK_CONTEXT|CDK_OUTDIR|NODE_OPTIONS$|TS_NODE)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, CDK_DISABLE_CLI_TELEMETRY: '1', CDK_VALIDATION: 'false', ...extra };
}

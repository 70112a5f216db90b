import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigValidationError, formatConfigError, loadConfig, type LandingZonesConfig } from '../../config';
import type { CheckResult, DocumentReport } from '../../compliance/types';
import { renderHtml, renderMarkdown } from '../../compliance/report';
import type { SynthesisResult } from '../../aggregator/synth';
import type { Fingerprints, Shard } from '../../aggregator/batches';
import { PaCloudKitError } from '../../core';
import { decodeConfig } from '../../config/private/encoding';
import { ExitCode } from '../io';
import { OutputFolder, outputFs } from '../private/output';
import { userFacingIoError } from '../private/io-errors';
import type { CliCommand, CliCommandContext } from '../command';
import { UsageError } from '../private/errors';
import { exitCodeOf, printDiagnostics } from '../private/compliance';
import { countsSentence } from '../private/summary';

interface SynthOptions {
  readonly out: string;
  readonly force?: boolean;
  readonly shard?: string;
  readonly batchSize?: string;
  readonly workers?: string;
  readonly full?: boolean;
}

/**
 * `pa-cloud-kit synth <config> --out <dir>`: validates a landing zones file, synthesizes every
 * tenant and the aggregator's central stacks (`<dir>/aws`, `<dir>/openstack`), checks every
 * document written and writes `<dir>/report.html` and `<dir>/report.md`. Exit 0 when nothing
 * fails, 1 when a control fails, 2 when the file is invalid or the output cannot be written (then
 * the output folder stays as it was). The output folder rules (staging, manifest, lock, symbolic
 * links, `--force`) are those of {@link OutputFolder}.
 */
export const synthCommand: CliCommand = {
  name: 'synth',
  register(program, ctx) {
    program
      .command('synth')
      .description('synthesize every landing zone of a landing zones file, check them and write the compliance report')
      .argument('<config>', 'the landing zones file (YAML)')
      .option('--out <dir>', 'output folder (replaced as a whole, only when everything succeeded; see the README for the rules)', 'out')
      .option('--force', 'write into a non-empty folder the kit did not write (its own entries aws/, openstack/, report.* are replaced, other files are kept)')
      .option('--shard <K/N>', 'synthesize and check only the K-th of N shards of the tenants (by a hash of the codice IPA); no central stacks: `merge` builds them')
      .option('--batch-size <n>', 'tenants per app (memory stays bounded by the batch)', String(DEFAULT_BATCH))
      .option('--workers <n>', 'worker processes that build the batches (default: one per core, at most 2)')
      .option('--full', 'rebuild and check every tenant, even those unchanged since the last run in this folder')
      .action((file: string, options: SynthOptions) => runSynth(file, options, ctx));
  },
};

/**
 * `pa-cloud-kit merge <config> <shard...> --out <dir>`: puts the outputs of `synth --shard K/N`
 * together into one output folder and one report, the same as an unsharded run's: each tenant's
 * files, parts and check results are taken from the shard that holds it (it must have been built
 * from the same file, settings and kit version), the central stacks are built here (they see
 * every tenant), and the report covers every tenant. Exit codes as `synth`.
 */
export const mergeCommand: CliCommand = {
  name: 'merge',
  register(program, ctx) {
    program
      .command('merge')
      .description('merge the outputs of synth --shard K/N into one output folder and one report, building the central stacks')
      .argument('<config>', 'the landing zones file (YAML) the shards were built from')
      .argument('<shards...>', 'the output folders of synth --shard 1/N ... N/N')
      .option('--out <dir>', 'output folder (replaced as a whole, only when everything succeeded)', 'out')
      .option('--force', 'write into a non-empty folder the kit did not write (its own entries are replaced, other files are kept)')
      .option('--workers <n>', 'worker processes (default: one per core, at most 2)')
      .action((file: string, shards: string[], options: SynthOptions) => runSynth(file, { ...options, batchSize: String(DEFAULT_BATCH) }, ctx, shards));
  },
};

/** The shard output that holds each tenant, checked against the file: every tenant once, built from the same inputs. */
function shardSources(shardDirs: readonly string[], config: LandingZonesConfig, fingerprints: Fingerprints, ctx: CliCommandContext): Map<string, string> {
  const batches = require('../../aggregator/batches') as typeof import('../../aggregator/batches');
  const byIndex = new Map<number, string>();
  let count: number | undefined;
  for (const given of shardDirs) {
    const dir = path.resolve(ctx.cwd, given);
    const saved = batches.readFingerprints(dir);
    if (!saved || !saved.shard) throw new UsageError(`${given}: not the output of pa-cloud-kit synth --shard K/N (no shard in ${batches.STATE_DIR}/fingerprints.json)`);
    if (count !== undefined && saved.shard.count !== count) throw new UsageError(`${given}: is shard ${saved.shard.index}/${saved.shard.count}, the others are of ${count} shards; merge the shards of one run`);
    count = saved.shard.count;
    if (byIndex.has(saved.shard.index)) throw new UsageError(`${given}: is shard ${saved.shard.index}/${count} again (also ${path.relative(ctx.cwd, byIndex.get(saved.shard.index)!) || byIndex.get(saved.shard.index)}); give each shard once`);
    if (saved.global !== fingerprints.global) {
      throw new UsageError(`${given}: was built from other settings, another kit version or another file than ${config.file} (its fingerprint differs); run synth --shard ${saved.shard.index}/${count} again`);
    }
    byIndex.set(saved.shard.index, dir);
  }
  const missing = Array.from({ length: count ?? 0 }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (missing.length > 0) throw new UsageError(`shard${missing.length === 1 ? '' : 's'} ${missing.map((k) => `${k}/${count}`).join(', ')} missing: give every shard's output folder`);
  const sources = new Map<string, string>();
  const stale: string[] = [];
  for (const t of config.tenants) {
    const dir = byIndex.get(batches.shardOf(t.identity.ipaCode, count!))!;
    const saved = batches.readFingerprints(dir)!;
    if (saved.tenants[t.identity.ipaCode] !== fingerprints.tenants[t.identity.ipaCode]) stale.push(t.identity.ipaCode);
    sources.set(t.identity.ipaCode, dir);
  }
  if (stale.length > 0) {
    throw new UsageError(`tenant${stale.length === 1 ? '' : 's'} ${stale.slice(0, 10).join(', ')}${stale.length > 10 ? ` and ${stale.length - 10} more` : ''}: `
      + 'the shard output does not hold them as the file says now (changed or added since the shard ran); run the shards again');
  }
  return sources;
}

/** `synth` (with `shardDirs`: `merge`). */
async function runSynth(file: string, options: SynthOptions, ctx: CliCommandContext, shardDirs?: readonly string[]): Promise<void> {
  const batchSize = count('--batch-size', options.batchSize, 1);
  const workers = options.workers === undefined ? undefined : count('--workers', options.workers, 0);
  const batches = require('../../aggregator/batches') as typeof import('../../aggregator/batches');
  let shard: Shard | undefined;
  try {
    shard = options.shard === undefined ? undefined : batches.parseShard(options.shard);
  } catch (e) {
    if (e instanceof PaCloudKitError) throw new UsageError(e.message);
    throw e;
  }
  const source = readSource(file, ctx);
  const config = load(file, ctx);
  if (!config) return;
  const fingerprints = { ...batches.fingerprintsOf(config, ctx.version), ...(shard ? { shard } : {}) };
  // merge: every shard checked before the output folder is touched.
  const fromShards = shardDirs ? shardSources(shardDirs, config, fingerprints, ctx) : undefined;
  const outDir = path.resolve(ctx.cwd, options.out);
  const rel = (p: string) => path.relative(ctx.cwd, p) || p;
  let staging = '';
  const show = (p: string) => {
    // A batch's folder inside the staging folder (`.pa-cloud-kit-state/batches/<n>/`) stands for the output folder too.
    const batchDir = staging ? new RegExp(`^${escapeRegExp(path.join(staging, '.pa-cloud-kit-state', 'batches'))}${escapeRegExp(path.sep)}[^${escapeRegExp(path.sep)}]+`) : undefined;
    const q = batchDir ? p.replace(batchDir, staging) : p;
    return rel(staging && (q === staging || q.startsWith(`${staging}${path.sep}`)) ? outDir + q.slice(staging.length) : q);
  };
  const folder = OutputFolder.open(outDir, { label: options.out, force: options.force, show });
  staging = folder.staging;
  /** The synthesis step under way (a tenant's codice IPA, `central aws`...), for errors of the constructs. */
  let step = '';
  let synthesis: SynthesisResult;
  let result: CheckResult;
  let rebuilt: string[] = [];
  let reused = 0;
  try {
    const progress = (p: { step: number; total: number; label: string }) => {
      step = p.label;
      if (ctx.io.isTTY) ctx.io.stderr.write(`[${p.step}/${p.total}] ${p.label}\n`);
    };
    const only = shard ? new Set(config.tenants.filter((t) => batches.shardOf(t.identity.ipaCode, shard!.count) === shard!.index).map((t) => t.identity.ipaCode)) : undefined;
    const wanted = config.tenants.filter((t) => only === undefined || only.has(t.identity.ipaCode));
    // Incremental: tenants unchanged since the last run in this folder are carried over.
    const previousShard = batches.readFingerprints(outDir)?.shard;
    const sameShape = JSON.stringify(previousShard ?? null) === JSON.stringify(shard ?? null);
    const reuse = fromShards ? new Set(fromShards.keys())
      : options.full || !sameShape ? new Set<string>() : batches.reusableTenants(outDir, fingerprints, wanted);
    const staged = await batches.synthesizeLandingZonesInBatches(config, {
      outDir: staging, onProgress: progress, batchSize, workers, source, only, central: shard === undefined,
      reuseFrom: fromShards ? { dir: (code) => fromShards.get(code)!, tenants: reuse } : reuse.size > 0 ? { dir: outDir, tenants: reuse } : undefined,
    });
    step = 'check';
    const checked = batches.checkInBatches(staged, { reuse });
    batches.writeFingerprints(staging, fingerprints);
    rebuilt = wanted.filter((t) => !reuse.has(t.identity.ipaCode)).map((t) => t.identity.ipaCode);
    reused = reuse.size;
    // Paths in the report and on screen name the output folder, not the staging folder.
    synthesis = relocate(staged, staging, outDir);
    result = relocate(checked, staging, outDir);
    if (result.errors.length > 0) {
      printDiagnostics(result, ctx);
      throw new UsageError(`the synthesized documents could not be checked; ${rel(outDir)} is left as it was`);
    }
    const reportHtml = renderHtml(result, { cwd: ctx.cwd, toolVersion: ctx.version, generatedAt: new Date() });
    const reportMd = renderMarkdown(result, { cwd: ctx.cwd });
    writeStaged(path.join(staging, 'report.html'), reportHtml, show);
    writeStaged(path.join(staging, 'report.md'), reportMd, show);
    folder.commit();
  } catch (e) {
    folder.abort();
    throw asUserError(e, show, outDir, (e as { synthesisStep?: string }).synthesisStep ?? step);
  } finally {
    folder.release();
  }
  printDiagnostics(result, ctx);
  ctx.io.stdout.write(inventoryLines(synthesis, result).join('\n') + '\n');
  const code = exitCodeOf(result);
  const verdict = code === ExitCode.OK ? 'PASSED' : 'FAILED';
  ctx.io.stdout.write(`${verdict}: ${synthesis.tenants.length} tenant${synthesis.tenants.length === 1 ? '' : 's'}, `
    + `${synthesis.centralStacks.length} central stack${synthesis.centralStacks.length === 1 ? '' : 's'}; ${countsSentence(result)}\n`);
  if (shardDirs) ctx.io.stdout.write(`merged ${shardDirs.length} shard${shardDirs.length === 1 ? '' : 's'}: ${reused} tenants; central stacks built here\n`);
  else ctx.io.stdout.write(`${rebuiltLine(rebuilt, reused)}\n`);
  if (shard) ctx.io.stdout.write(`shard ${shard.index}/${shard.count}: ${synthesis.tenants.length} of ${config.tenants.length} tenants; no central stacks (pa-cloud-kit merge builds them)\n`);
  const folders = ['aws', 'openstack'].filter((p) => synthesis.tenants.some((t) => t.provider === p)).map((p) => `${p}/`);
  ctx.io.stdout.write(`written to ${rel(outDir)}: ${[...folders, 'report.html', 'report.md'].join(', ')}\n`);
  ctx.exit(code);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Tenants per app unless `--batch-size` says otherwise. */
const DEFAULT_BATCH = 25;

/** A whole-number option, at least `min`. */
function count(option: string, text: string | undefined, min: number): number {
  const n = Number(text);
  if (text === undefined || !/^\d{1,6}$/.test(text.trim()) || n < min) {
    throw new UsageError(`${option}: must be a whole number, ${min} or more, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** The file's text and name, for the worker processes (which parse it again). */
function readSource(file: string, ctx: CliCommandContext): { text: string; file: string } | undefined {
  const absolute = path.resolve(ctx.cwd, file);
  try {
    const decoded = decodeConfig(fs.readFileSync(absolute));
    return 'text' in decoded ? { text: decoded.text, file: absolute } : undefined;
  } catch {
    return undefined; // `load` reports it
  }
}

/** `rebuilt 1 tenant (c_x); 999 unchanged, carried over` */
export function rebuiltLine(rebuilt: readonly string[], reused: number): string {
  const shown = rebuilt.length > 20 ? `${rebuilt.slice(0, 20).join(', ')} and ${rebuilt.length - 20} more` : rebuilt.join(', ');
  return `rebuilt ${rebuilt.length} tenant${rebuilt.length === 1 ? '' : 's'}${rebuilt.length > 0 ? ` (${shown})` : ''}; ${reused} unchanged since the last run, carried over`;
}

/** Writes a report into the staging folder. */
function writeStaged(file: string, text: string, show: (p: string) => string): void {
  try {
    outputFs.writeFileSync(file, text);
  } catch (e) {
    throw userFacingIoError(e, 'cannot write', file, show);
  }
}

/**
 * A failure after validation, as the user sees it: file-system errors name the path and the
 * cause; a construct's error (a rule the loader does not check) is the user's input too. Both say
 * the output folder was left as it was.
 */
function asUserError(e: unknown, show: (p: string) => string, outDir: string, step: string): unknown {
  const kept = `; ${show(outDir)} is left as it was`;
  const io = userFacingIoError(e, 'cannot write', outDir, show);
  if (io instanceof UsageError) return new UsageError(`${io.message}${io.message.includes(' is left as it was') ? '' : kept}`);
  // A tenant's codice IPA names where a construct refused; `write`, `check`, `central` add nothing.
  const named = step && !['write', 'check', 'central'].includes(step) && !step.startsWith('write ');
  if (e instanceof PaCloudKitError) return new UsageError(`${named ? `${step}: ` : ''}${e.message}${kept}`);
  return e;
}

/** `value` with every string naming a path under `from` renamed under `to` (plain objects and arrays only). */
function relocate<T>(value: T, from: string, to: string): T {
  const map = (v: unknown): unknown => {
    if (typeof v === 'string') return v.includes(from) ? v.split(from).join(to) : v;
    if (Array.isArray(v)) return v.map(map);
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, map(x)]));
    }
    return v;
  };
  return map(value) as T;
}

/** Loads the file; on validation errors prints each as `file:line:column: message`, sets exit 2 and returns undefined. */
function load(file: string, ctx: CliCommandContext): LandingZonesConfig | undefined {
  const absolute = path.resolve(ctx.cwd, file);
  if (!fs.existsSync(absolute)) throw new UsageError(`${file}: no such file`);
  try {
    return loadConfig(absolute);
  } catch (e) {
    if (!(e instanceof ConfigValidationError)) throw e;
    for (const error of e.errors) {
      ctx.io.stderr.write(`${formatConfigError({ ...error, file: path.relative(ctx.cwd, error.file) || error.file })}\n`);
    }
    ctx.io.stderr.write(`pa-cloud-kit: ${file}: ${e.errors.length} error${e.errors.length === 1 ? '' : 's'}, nothing synthesized\n`);
    ctx.exit(ExitCode.UNUSABLE);
    return undefined;
  }
}

/** One aligned line per tenant, then per central stack: code, provider, class, region, range, stack, resources, controls. */
function inventoryLines(synthesis: SynthesisResult, result: CheckResult): string[] {
  const byFile = new Map<string, DocumentReport>(result.documents.map((d) => [path.resolve(d.file), d]));
  const controls = (file: string) => {
    const doc = byFile.get(path.resolve(file));
    if (!doc) return 'not checked';
    const passed = doc.controls.filter((c) => c.status === 'passed').length;
    const failed = doc.controls.filter((c) => c.status === 'failed');
    return `${passed} passed ${failed.length} failed${failed.length > 0 ? ` (${failed.map((c) => c.control).join(', ')})` : ''}`;
  };
  const rows = [
    ...synthesis.tenants.map((t) => [t.ipaCode, t.provider, t.classification, t.region, t.cidr, t.stackName, `${t.resourceCount} resources`, controls(t.outputFile)]),
    ...synthesis.centralStacks.map((c) => [c.ipaCode, c.provider, 'central', c.region, '-', c.stackName, `${c.resourceCount} resources`, controls(c.outputFile)]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i].length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
}

/**
 * Synthesis at national scale: tenants are built in bounded batches (one app per batch, written
 * and released, in worker processes when the compiled package runs), each tenant's share of the
 * cloud assemblies is kept as a *part* in `<out>/.pa-cloud-kit-state/parts`, and the assemblies
 * (`aws/manifest.json`, `aws/tree.json`, `openstack/manifest.json`) are put together from the
 * parts in file order. The same parts make incremental runs (unchanged tenants' parts and files
 * are carried over) and shards (each shard writes its tenants' parts; `merge` assembles them)
 * possible. The output is the same, byte for byte, as one app's.
 */
import { fork } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudProvider, PaCloudKitError } from '../core';
import type { LandingZonesConfig, ResolvedTenant } from '../config';
import type { CheckResult, DocumentReport, RelatedResource, RelatedResources } from '../compliance/types';
import {
  OPENSTACK_CENTRAL_STACK_ID,
  awsStackName,
  centralAwsRegions,
  centralAwsStackName,
  openStackStackId,
  synthesizeApps,
  type SynthesisProgress,
  type SynthesisResult,
  type SynthesizedCentralStack,
  type SynthesizedTenant,
  type SynthesizeOptions,
} from './synth';

/** The folder of the output that holds the parts, fingerprints and check results of the run. */
export const STATE_DIR = '.pa-cloud-kit-state';

/** Tenants per app when not given. */
export const DEFAULT_BATCH_SIZE = 25;

type Json = unknown;
type Entries = Array<[string, Json]>;

/** One tenant's share of the output: what to put back into the assemblies, its files, its result. */
export interface TenantPart {
  readonly ipaCode: string;
  readonly stackName: string;
  readonly provider: CloudProvider;
  /** Files of the tenant, relative to the output folder, `/` separators. */
  readonly files: string[];
  /** AWS: the tenant's artifacts in `manifest.json` (stack and asset manifest), its node of `tree.json`, the asset folders it uses. */
  readonly aws?: { readonly artifacts: Entries; readonly tree: Json; readonly assets: string[] };
  /** OpenStack: the tenant's stack in `openstack/manifest.json`. */
  readonly openstack?: { readonly stack: Json };
  /** What was synthesized, `outputFile` relative to the output folder. */
  readonly synthesized: SynthesizedTenant;
}

/** The central stacks' share of the output. */
export interface CentralPart {
  readonly files: string[];
  readonly aws?: { readonly artifacts: Entries; readonly tree: Entries; readonly assets: string[] };
  readonly openstack?: { readonly stacks: Entries };
  readonly synthesized: SynthesizedCentralStack[];
}

/** What every AWS assembly shares: versions, the Tree and feature flag artifacts, the root of the tree. */
interface AwsShared {
  readonly version: Json;
  readonly minimumCliVersion?: Json;
  readonly tail: Entries;
  readonly treeRoot: Record<string, Json>;
  readonly treeTail: Entries;
  readonly cdkOut: string;
}

/** A batch of work: the tenants (by position in the file) and whether the central stacks are built. */
export interface BatchJob {
  /** Where the batch writes (`<dir>/aws`, `<dir>/openstack`, `<dir>/parts`). */
  readonly dir: string;
  readonly indexes: readonly number[];
  readonly central: boolean;
  readonly cfnValidation?: boolean;
}

/** Options of {@link synthesizeLandingZonesInBatches}. */
export interface BatchSynthesisOptions extends SynthesizeOptions {
  /**
   * Tenants whose part, files and check result are taken from this folder (a previous output of
   * the same file) instead of being built again: see {@link planIncremental}.
   * @default - none: every tenant is built
   */
  readonly reuseFrom?: { readonly dir: string; readonly tenants: ReadonlySet<string> };
}

/**
 * Builds one batch: its tenants (and the central stacks when asked) in apps of their own, written
 * to `<job.dir>`, then splits the assemblies into parts (`<job.dir>/parts/<stack>.json`,
 * `central.json`). What a worker process runs.
 */
export function runBatch(config: LandingZonesConfig, job: BatchJob): void {
  const tenants = job.indexes.map((i) => config.tenants[i]);
  const result = synthesizeApps(config, { outDir: job.dir, cfnValidation: job.cfnValidation }, tenants, job.central ? 'central' : 'placeholders');
  const partsDir = path.join(job.dir, 'parts');
  fs.mkdirSync(partsDir, { recursive: true });
  const awsDir = path.join(job.dir, 'aws');
  const osDir = path.join(job.dir, 'openstack');
  const awsManifest = readJson(path.join(awsDir, 'manifest.json')) as { version: Json; minimumCliVersion?: Json; artifacts: Record<string, Json> } | undefined;
  const awsTree = awsManifest ? readJson(path.join(awsDir, 'tree.json')) as { tree: { children: Record<string, Json> } & Record<string, Json> } : undefined;
  const osManifest = readJson(path.join(osDir, 'manifest.json')) as { version: Json; stacks: Record<string, Json> } | undefined;
  const centralIds = new Set(centralAwsRegions(config).map(centralAwsStackName));
  const rel = (f: string) => path.relative(job.dir, f).split(path.sep).join('/');
  const claimed = new Set<string>();
  result.tenants.forEach((synthesized, i) => {
    const t = tenants[i];
    const stackName = synthesized.stackName;
    let part: TenantPart;
    if (t.provider === CloudProvider.AWS) {
      const ids = [`${stackName}.assets`, stackName];
      const artifacts = Object.entries(awsManifest!.artifacts).filter(([k]) => ids.includes(k));
      artifacts.forEach(([k]) => claimed.add(k));
      claimed.add(stackName);
      const files = stackFiles(job.dir, stackName);
      part = {
        ipaCode: t.identity.ipaCode, stackName, provider: t.provider, files,
        aws: { artifacts, tree: awsTree!.tree.children[stackName], assets: assetFolders(path.join(awsDir, `${stackName}.assets.json`)) },
        synthesized: { ...synthesized, outputFile: rel(synthesized.outputFile) },
      };
    } else {
      part = {
        ipaCode: t.identity.ipaCode, stackName, provider: t.provider, files: listRelative(job.dir, `openstack/stacks/${stackName}`),
        openstack: { stack: osManifest!.stacks[stackName] },
        synthesized: { ...synthesized, outputFile: rel(synthesized.outputFile) },
      };
    }
    fs.writeFileSync(path.join(partsDir, `${stackName}.json`), JSON.stringify(part));
  });
  // What every AWS assembly shares: versions, the Tree and feature flag artifacts, the root of the tree.
  if (awsManifest && awsTree) {
    const { children, ...treeRoot } = awsTree.tree;
    const shared: AwsShared = {
      version: awsManifest.version,
      minimumCliVersion: awsManifest.minimumCliVersion,
      tail: Object.entries(awsManifest.artifacts).filter(([k]) => !claimed.has(k) && !centralIds.has(k.replace(/\.assets$/, ''))),
      treeRoot,
      treeTail: Object.entries(children).filter(([k]) => !claimed.has(k) && !centralIds.has(k)),
      cdkOut: fs.readFileSync(path.join(awsDir, 'cdk.out'), 'utf8'),
    };
    fs.writeFileSync(path.join(partsDir, 'aws-shared.json'), JSON.stringify(shared));
  }
  if (osManifest) fs.writeFileSync(path.join(partsDir, 'openstack-shared.json'), JSON.stringify({ version: osManifest.version }));
  if (!job.central) return;
  const centralAws = result.centralStacks.filter((c) => c.provider === CloudProvider.AWS).map((c) => c.stackName);
  const central: CentralPart = {
    files: result.centralStacks.flatMap((c) => (c.provider === CloudProvider.AWS ? stackFiles(job.dir, c.stackName) : listRelative(job.dir, `openstack/stacks/${c.stackName}`))),
    aws: awsManifest && awsTree && centralAws.length > 0 ? {
      artifacts: Object.entries(awsManifest.artifacts).filter(([k]) => centralIds.has(k.replace(/\.assets$/, ''))),
      tree: Object.entries(awsTree.tree.children).filter(([k]) => centralIds.has(k)),
      assets: centralAws.flatMap((id) => assetFolders(path.join(awsDir, `${id}.assets.json`))),
    } : undefined,
    openstack: osManifest ? { stacks: Object.entries(osManifest.stacks).filter(([k]) => k === OPENSTACK_CENTRAL_STACK_ID) } : undefined,
    synthesized: result.centralStacks.map((c) => ({ ...c, outputFile: rel(c.outputFile) })),
  };
  fs.writeFileSync(path.join(partsDir, 'central.json'), JSON.stringify(central));
}

/** The files aws-cdk-lib writes for a stack: template, asset manifest, metadata. */
function stackFiles(dir: string, stackName: string): string[] {
  return ['template.json', 'assets.json', 'metadata.json'].map((e) => `aws/${stackName}.${e}`).filter((f) => fs.existsSync(path.join(dir, f)));
}

/**
 * Synthesizes every tenant of the file in batches of `batchSize` (default 25), in worker
 * processes when the compiled worker exists (see {@link SynthesizeOptions.workers}), the central
 * stacks in a batch of their own, and assembles the output in `outDir` with the parts under
 * `<outDir>/.pa-cloud-kit-state`. Same documents, byte for byte, as {@link synthesizeLandingZones}.
 */
export async function synthesizeLandingZonesInBatches(config: LandingZonesConfig, options: BatchSynthesisOptions): Promise<SynthesisResult> {
  const outDir = path.resolve(options.outDir);
  for (const dir of ['aws', 'openstack', STATE_DIR].map((d) => path.join(outDir, d))) {
    const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
    if (stat && !(stat.isDirectory() && fs.readdirSync(dir).length === 0)) {
      throw new PaCloudKitError({ field: 'outDir', value: options.outDir, rule: `must not hold ${path.basename(dir)}/ already (synthesis writes nothing over existing files): give a new or empty folder` });
    }
  }
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new PaCloudKitError({ field: 'batchSize', value: options.batchSize, rule: 'must be a whole number of tenants, 1 or more' });
  const only = options.only;
  const reused = options.reuseFrom?.tenants ?? new Set<string>();
  const wanted = config.tenants.filter((t) => only === undefined || only.has(t.identity.ipaCode));
  const build = wanted.filter((t) => !reused.has(t.identity.ipaCode)).map((t) => t.index);
  const withCentral = options.central !== false && config.aggregator !== undefined
    && (centralAwsRegions(config).length > 0 || config.tenants.some((t) => t.provider === CloudProvider.OPENSTACK));

  const stateDir = path.join(outDir, STATE_DIR);
  const work = path.join(stateDir, 'batches');
  fs.mkdirSync(work, { recursive: true });
  const jobs: BatchJob[] = [];
  for (let i = 0; i < build.length; i += batchSize) {
    jobs.push({ dir: path.join(work, String(jobs.length + 1)), indexes: build.slice(i, i + batchSize), central: false, cfnValidation: options.cfnValidation });
  }
  if (withCentral) jobs.push({ dir: path.join(work, 'central'), indexes: [], central: true, cfnValidation: options.cfnValidation });

  const total = jobs.length + 1;
  let step = 0;
  const progress = (label: string) => {
    step += 1;
    options.onProgress?.({ step, total, label } satisfies SynthesisProgress);
  };
  const labelOf = (job: BatchJob) => (job.central ? 'central' : `${config.tenants[job.indexes[0]].identity.ipaCode}..${config.tenants[job.indexes[job.indexes.length - 1]].identity.ipaCode} (${job.indexes.length})`);

  const workers = workerCount(options, jobs.length);
  if (workers > 0) {
    await runInWorkers(jobs, workers, options.source!, (job) => progress(labelOf(job)));
  } else {
    for (const job of jobs) {
      progress(labelOf(job));
      runBatch(config, job);
      moveBatch(job.dir, outDir);
    }
  }
  if (workers > 0) for (const job of jobs) moveBatch(job.dir, outDir);
  fs.rmSync(work, { recursive: true, force: true });
  if (options.reuseFrom) carryOver(options.reuseFrom.dir, outDir, wanted.filter((t) => reused.has(t.identity.ipaCode)));

  progress('write');
  return assemble(config, outDir, { only, central: withCentral });
}

/** The number of worker processes to use for `jobs` batches. */
function workerCount(options: BatchSynthesisOptions, jobs: number): number {
  if (options.workers !== undefined) {
    if (!Number.isInteger(options.workers) || options.workers < 0) throw new PaCloudKitError({ field: 'workers', value: options.workers, rule: 'must be a whole number, 0 (no worker processes) or more' });
    if (options.workers > 0 && (!options.source || !workerEntry())) {
      throw new PaCloudKitError({ field: 'workers', value: options.workers, rule: `needs the compiled worker ${WORKER_FILE} beside the module and the file's source text (option source); use 0 from the TypeScript sources` });
    }
    return Math.min(options.workers, jobs);
  }
  if (!options.source || !workerEntry() || jobs < 2) return 0;
  return Math.min(2, Math.max(1, os.availableParallelism?.() ?? os.cpus().length), jobs);
}

const WORKER_FILE = 'synth-worker.js';

/** The compiled worker beside this module (only when this module is the compiled one). */
export function workerEntry(): string | undefined {
  if (!__filename.endsWith('.js')) return undefined;
  const entry = path.join(__dirname, WORKER_FILE);
  return fs.existsSync(entry) ? entry : undefined;
}

/** The message a worker gets: the file to parse and one batch to build; it answers `{ ok }` or `{ error }`. */
export interface WorkerRequest {
  readonly source: { readonly text: string; readonly file: string };
  readonly job: BatchJob;
}

/** A worker's answer. */
export type WorkerResponse = { readonly ok: true } | { readonly ok: false; readonly error: { message: string; kit?: { field: string; value: unknown; rule: string; control?: string }; stack?: string } };

/**
 * Runs each batch in a fresh worker process (so its memory is returned when it exits), `count` at
 * a time. The first failure stops the run and is thrown as it was raised in the worker.
 */
async function runInWorkers(jobs: readonly BatchJob[], count: number, source: { text: string; file: string }, started: (job: BatchJob) => void): Promise<void> {
  const entry = workerEntry()!;
  let next = 0;
  let failure: unknown;
  const runOne = (job: BatchJob) => new Promise<void>((resolve, reject) => {
    const child = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answer: WorkerResponse | undefined;
    child.on('message', (m: WorkerResponse) => { answer = m; });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (answer?.ok) return resolve();
      if (answer && !answer.ok) {
        const { kit, message, stack } = answer.error;
        if (kit) {
          const e = new PaCloudKitError(kit);
          e.message = message;
          return reject(e);
        }
        const e = new Error(message);
        e.stack = stack;
        return reject(e);
      }
      reject(new Error(`the synthesis worker for ${job.central ? 'the central stacks' : `${job.indexes.length} tenants`} ended without an answer (exit code ${code}, signal ${signal})`));
    });
    child.send({ source, job } satisfies WorkerRequest);
  });
  const lane = async () => {
    while (failure === undefined && next < jobs.length) {
      const job = jobs[next++];
      started(job);
      try {
        await runOne(job);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: count }, lane));
  if (failure !== undefined) throw failure;
}

/** Moves a finished batch's files and parts into the output folder, and removes the batch folder. */
function moveBatch(batchDir: string, outDir: string): void {
  const partsDir = path.join(batchDir, 'parts');
  const parts = fs.readdirSync(partsDir).filter((n) => n.endsWith('.json'));
  const target = path.join(outDir, STATE_DIR, 'parts');
  fs.mkdirSync(target, { recursive: true });
  for (const name of parts) {
    const part = JSON.parse(fs.readFileSync(path.join(partsDir, name), 'utf8')) as TenantPart | CentralPart;
    const assets = 'aws' in part && part.aws && 'assets' in part.aws ? part.aws.assets : [];
    for (const f of [...(part.files ?? []), ...assets.map((a) => `aws/${a}`)]) {
      const to = path.join(outDir, f);
      if (fs.existsSync(to)) continue; // an asset folder several stacks use
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.renameSync(path.join(batchDir, f), to);
    }
    fs.renameSync(path.join(partsDir, name), path.join(target, name));
  }
  fs.rmSync(batchDir, { recursive: true, force: true });
}

/** Copies the files and parts of `tenants` from a previous output into `outDir`. */
function carryOver(previous: string, outDir: string, tenants: readonly ResolvedTenant[]): void {
  const target = path.join(outDir, STATE_DIR, 'parts');
  fs.mkdirSync(target, { recursive: true });
  for (const t of tenants) {
    const name = `${stackNameOf(t)}.json`;
    const partFile = path.join(previous, STATE_DIR, 'parts', name);
    const part = JSON.parse(fs.readFileSync(partFile, 'utf8')) as TenantPart;
    for (const f of [...part.files, ...(part.aws?.assets ?? []).map((a) => `aws/${a}`)]) {
      const to = path.join(outDir, f);
      if (fs.existsSync(to)) continue;
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.cpSync(path.join(previous, f), to, { recursive: true });
    }
    fs.copyFileSync(partFile, path.join(target, name));
    const report = path.join(previous, STATE_DIR, 'reports', name);
    if (fs.existsSync(report)) {
      fs.mkdirSync(path.join(outDir, STATE_DIR, 'reports'), { recursive: true });
      fs.copyFileSync(report, path.join(outDir, STATE_DIR, 'reports', name));
    }
  }
}

/** `PaLz-<slug>` or `palz-<slug>`. */
export function stackNameOf(t: ResolvedTenant): string {
  return t.provider === CloudProvider.AWS ? awsStackName(t) : openStackStackId(t);
}

/**
 * Writes the assemblies of the output from its parts, in file order (tenants, then the central
 * stacks, then the Tree and feature flag artifacts), exactly as one app writes them: AWS
 * `manifest.json` (2-space JSON), `tree.json` (compact JSON, streamed), `cdk.out`; OpenStack
 * `manifest.json` (json-stable-stringify with 2 spaces, as cdktf). Returns what was synthesized.
 */
export function assemble(config: LandingZonesConfig, outDir: string, options: { only?: ReadonlySet<string>; central: boolean }): SynthesisResult {
  const partsDir = path.join(outDir, STATE_DIR, 'parts');
  const tenants = config.tenants.filter((t) => options.only === undefined || options.only.has(t.identity.ipaCode));
  const parts = tenants.map((t) => {
    const file = path.join(partsDir, `${stackNameOf(t)}.json`);
    if (!fs.existsSync(file)) throw new PaCloudKitError({ field: 'tenants', value: t.identity.ipaCode, rule: `has no part in ${partsDir}: the output is incomplete` });
    return JSON.parse(fs.readFileSync(file, 'utf8')) as TenantPart;
  });
  const centralFile = path.join(partsDir, 'central.json');
  const central = options.central && fs.existsSync(centralFile) ? JSON.parse(fs.readFileSync(centralFile, 'utf8')) as CentralPart : undefined;
  if (options.central && config.aggregator !== undefined && !central && (centralAwsRegions(config).length > 0 || tenants.some((t) => t.provider === CloudProvider.OPENSTACK))) {
    throw new PaCloudKitError({ field: 'central', value: centralFile, rule: 'is missing: the central stacks were not built (merge needs the shard that builds them)' });
  }
  const awsParts = parts.filter((p) => p.aws);
  const osParts = parts.filter((p) => p.openstack);
  if (awsParts.length > 0) {
    const shared = sharedAwsFrom(outDir);
    const awsDir = path.join(outDir, 'aws');
    const artifacts: Record<string, Json> = {};
    for (const p of awsParts) for (const [k, v] of p.aws!.artifacts) artifacts[k] = v;
    for (const [k, v] of central?.aws?.artifacts ?? []) artifacts[k] = v;
    for (const [k, v] of shared.tail) artifacts[k] = v;
    const manifest: Record<string, Json> = { version: shared.version, artifacts };
    if (shared.minimumCliVersion !== undefined) manifest.minimumCliVersion = shared.minimumCliVersion;
    fs.writeFileSync(path.join(awsDir, 'manifest.json'), JSON.stringify(manifest, undefined, 2));
    fs.writeFileSync(path.join(awsDir, 'cdk.out'), shared.cdkOut);
    writeTree(path.join(awsDir, 'tree.json'), shared.treeRoot, [
      ...awsParts.map((p): [string, Json] => [p.stackName, p.aws!.tree]),
      ...(central?.aws?.tree ?? []),
      ...shared.treeTail,
    ]);
  }
  if (osParts.length > 0 || central?.openstack?.stacks.length) {
    const stacks: Record<string, Json> = {};
    for (const p of osParts) stacks[p.stackName] = p.openstack!.stack;
    for (const [k, v] of central?.openstack?.stacks ?? []) stacks[k] = v;
    const version = osVersionFrom(outDir);
    fs.writeFileSync(path.join(outDir, 'openstack', 'manifest.json'), stableStringify({ version, stacks }));
  }
  const abs = (f: string) => path.join(outDir, ...f.split('/'));
  return {
    outDir,
    tenants: parts.map((p) => ({ ...p.synthesized, outputFile: abs(p.synthesized.outputFile) })),
    centralStacks: (central?.synthesized ?? []).map((c) => ({ ...c, outputFile: abs(c.outputFile) })),
  };
}

/** The shared AWS pieces when there are no central stacks: recorded by each tenant batch in `aws-shared.json`. */
function sharedAwsFrom(outDir: string): AwsShared {
  const file = path.join(outDir, STATE_DIR, 'parts', 'aws-shared.json');
  if (!fs.existsSync(file)) throw new PaCloudKitError({ field: 'aws', value: file, rule: 'is missing: the output is incomplete' });
  return JSON.parse(fs.readFileSync(file, 'utf8')) as AwsShared;
}

function osVersionFrom(outDir: string): Json {
  const file = path.join(outDir, STATE_DIR, 'parts', 'openstack-shared.json');
  if (!fs.existsSync(file)) throw new PaCloudKitError({ field: 'openstack', value: file, rule: 'is missing: the output is incomplete' });
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: Json }).version;
}

/** Writes `{"version":...,"tree":{<root>,"children":{...}}}` compactly, child by child. */
function writeTree(file: string, root: Record<string, Json>, children: Entries): void {
  const fd = fs.openSync(file, 'w');
  try {
    const head = JSON.stringify({ version: 'tree-0.1', tree: { ...root, children: {} } });
    const cut = head.lastIndexOf('"children":{}');
    fs.writeSync(fd, `${head.slice(0, cut)}"children":{`);
    children.forEach(([k, v], i) => fs.writeSync(fd, `${i > 0 ? ',' : ''}${JSON.stringify(k)}:${JSON.stringify(v)}`));
    fs.writeSync(fd, `}${head.slice(cut + '"children":{}'.length)}`);
  } finally {
    fs.closeSync(fd);
  }
}

/** cdktf's own serializer of `manifest.json` (json-stable-stringify, 2 spaces). */
function stableStringify(value: Json): string {
  const cdktfDir = path.dirname(require.resolve('cdktf/package.json'));
  const stringify = require(require.resolve('json-stable-stringify', { paths: [cdktfDir] })) as (v: Json, o: { space: number }) => string;
  return stringify(value, { space: 2 });
}

function readJson(file: string): Json | undefined {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

/** The asset folders (`asset.<hash>`) an asset manifest names. */
function assetFolders(assetsFile: string): string[] {
  const m = readJson(assetsFile) as { files?: Record<string, { source?: { path?: string } }> } | undefined;
  return Object.values(m?.files ?? {}).map((f) => f.source?.path).filter((p): p is string => typeof p === 'string' && p.startsWith('asset.'));
}

/** Every file under `rel` (relative to `root`), relative with `/`. */
function listRelative(root: string, rel: string): string[] {
  const abs = path.join(root, rel);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listRelative(root, `${rel}/${e.name}`) : [`${rel}/${e.name}`]));
}

// ---------- checks ----------

/**
 * Checks every document of a synthesis with the compliance engine, `chunk` documents at a time
 * (documents are loaded, evaluated and released), with the cross-document index (`related`: S3
 * buckets by literal name) built over every document first, one document at a time. Same result
 * as `check(synthesizedDocuments(result))`. Tenants in `reuse` are not checked again: their
 * report is read from `<outDir>/.pa-cloud-kit-state/reports`. Each tenant's report is saved there.
 */
export function checkInBatches(result: SynthesisResult, options: { chunk?: number; reuse?: ReadonlySet<string> } = {}): CheckResult {
  // Loaded lazily: the compliance engine is not needed to synthesize.
  const { check, loadDocument, relatedResources } = require('../compliance') as typeof import('../compliance');
  const { summarize: summarizeDocs } = require('../compliance/engine') as typeof import('../compliance/engine');
  const reportsDir = path.join(result.outDir, STATE_DIR, 'reports');
  fs.mkdirSync(reportsDir, { recursive: true });
  const reuse = options.reuse ?? new Set<string>();
  const entries = [
    ...result.tenants.map((t) => ({ file: t.outputFile, key: t.stackName, reused: reuse.has(t.ipaCode) })),
    ...result.centralStacks.map((c) => ({ file: c.outputFile, key: `central-${c.stackName}`, reused: false })),
  ].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)); // the engine's order: by path
  const buckets = new Map<string, RelatedResource>();
  for (const e of entries) {
    if (!/\.template\.json$/.test(e.file)) continue; // only CloudFormation documents name buckets
    const doc = loadDocument(e.file);
    for (const [k, v] of relatedResources([doc]).s3BucketsByName) if (!buckets.has(k)) buckets.set(k, v);
  }
  const related: RelatedResources = { s3BucketsByName: buckets };
  const documents: DocumentReport[] = [];
  const errors: CheckResult['errors'] = [];
  const chunk = options.chunk ?? DEFAULT_BATCH_SIZE;
  for (let i = 0; i < entries.length; i += chunk) {
    const slice = entries.slice(i, i + chunk);
    const fresh = slice.filter((e) => !e.reused);
    const checked = fresh.length > 0 ? check(fresh.map((e) => e.file), { related }) : { documents: [], errors: [] };
    errors.push(...checked.errors);
    const byFile = new Map(checked.documents.map((d) => [d.file, d]));
    for (const e of slice) {
      const reportFile = path.join(reportsDir, `${e.key}.json`);
      let report: DocumentReport | undefined;
      if (e.reused) {
        report = JSON.parse(fs.readFileSync(reportFile, 'utf8').split(OUT_MARK).join(JSON.stringify(result.outDir).slice(1, -1))) as DocumentReport;
      } else {
        report = byFile.get(e.file);
        // Paths in the report name the output folder of this run: saved with a mark in its place.
        if (report) fs.writeFileSync(reportFile, JSON.stringify(report).split(JSON.stringify(result.outDir).slice(1, -1)).join(OUT_MARK));
      }
      if (report) documents.push(report);
    }
  }
  return { documents, errors, summary: summarizeDocs(documents) };
}

/** Stands for the output folder in saved reports. */
const OUT_MARK = '<pa-cloud-kit-out>';

/** A hash of text, for fingerprints. */
export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

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
import type { CheckResult, DocumentReport, RelatedResource } from '../compliance';
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
  readonly reuseFrom?: { readonly dir: string | ((ipaCode: string) => string); readonly tenants: ReadonlySet<string> };
}

/**
 * Builds one batch: its tenants (and the central stacks when asked) in apps of their own, written
 * to `<job.dir>`, then splits the assemblies into parts (`<job.dir>/parts/<stack>.json`,
 * `central.json`). What a worker process runs.
 */
export function runBatch(config: LandingZonesConfig, job: BatchJob): void {
  const tenants = job.indexes.map((i) => config.tenants[i]);
  let current = '';
  let result: SynthesisResult;
  try {
    result = synthesizeApps(config, { outDir: job.dir, cfnValidation: job.cfnValidation, onProgress: (p) => { current = p.label; } }, tenants, job.central ? 'central' : 'placeholders');
  } catch (e) {
    // Which tenant (or `central aws`, `write aws`...) was being built, for the message.
    if (e instanceof Error) Object.assign(e, { synthesisStep: current });
    throw e;
  }
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

  const total = build.length + (withCentral ? 1 : 0) + 1;
  let step = 0;
  const progress = (label: string) => {
    step += 1;
    options.onProgress?.({ step, total, label } satisfies SynthesisProgress);
  };
  /** A batch starts: each of its tenants (or `central`) is reported as a step. */
  const announce = (job: BatchJob) => {
    if (job.central) progress('central');
    for (const i of job.indexes) progress(config.tenants[i].identity.ipaCode);
  };

  const workers = workerCount(options, jobs.length);
  if (workers > 0) {
    await runInWorkers(jobs, workers, options.source!, announce);
  } else {
    for (const job of jobs) {
      announce(job);
      runBatch(config, job);
      moveBatch(job.dir, outDir);
    }
  }
  if (workers > 0) for (const job of jobs) moveBatch(job.dir, outDir);
  fs.rmSync(work, { recursive: true, force: true });
  if (options.reuseFrom) {
    const carried = wanted.filter((t) => reused.has(t.identity.ipaCode));
    carryOver(options.reuseFrom.dir, outDir, carried);
    // The pieces every assembly shares, when no batch of this run wrote them (same settings: same pieces).
    for (const name of ['aws-shared.json', 'openstack-shared.json']) {
      const to = path.join(outDir, STATE_DIR, 'parts', name);
      const from = carried.map((t) => path.join(typeof options.reuseFrom!.dir === 'string' ? options.reuseFrom!.dir : options.reuseFrom!.dir(t.identity.ipaCode), STATE_DIR, 'parts', name)).find((f) => fs.existsSync(f));
      if (!fs.existsSync(to) && from) fs.copyFileSync(from, to);
    }
  }

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
export type WorkerResponse = { readonly ok: true } | {
  readonly ok: false;
  readonly error: { message: string; kit?: { field: string; value: unknown; rule: string; control?: string }; stack?: string; step?: string; code?: string; path?: string; syscall?: string };
};

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
        const { kit, message, stack, step, code: errno, path: file, syscall } = answer.error;
        if (kit) {
          const e = new PaCloudKitError(kit);
          e.message = message;
          return reject(Object.assign(e, { synthesisStep: step }));
        }
        // File-system errors keep their code and path, so the CLI names the file and the cause.
        const e = Object.assign(new Error(message), { synthesisStep: step, ...(errno ? { code: errno } : {}), ...(file ? { path: file } : {}), ...(syscall ? { syscall } : {}) });
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

/** Copies the files, parts and check results of `tenants` from a previous output (or the output that holds each) into `outDir`. */
function carryOver(from: string | ((ipaCode: string) => string), outDir: string, tenants: readonly ResolvedTenant[]): void {
  const target = path.join(outDir, STATE_DIR, 'parts');
  fs.mkdirSync(target, { recursive: true });
  for (const t of tenants) {
    const previous = typeof from === 'string' ? from : from(t.identity.ipaCode);
    const name = `${stackNameOf(t)}.json`;
    const partFile = path.join(previous, STATE_DIR, 'parts', name);
    const part = JSON.parse(fs.readFileSync(partFile, 'utf8')) as TenantPart;
    for (const f of [...part.files, ...(part.aws?.assets ?? []).map((a) => `aws/${a}`)]) {
      const to = path.join(outDir, f);
      if (fs.existsSync(to)) continue;
      fs.mkdirSync(path.dirname(to), { recursive: true });
      linkOrCopy(path.join(previous, f), to);
    }
    linkOrCopy(partFile, path.join(target, name));
    const report = path.join(previous, STATE_DIR, 'reports', name);
    if (fs.existsSync(report)) {
      fs.mkdirSync(path.join(outDir, STATE_DIR, 'reports'), { recursive: true });
      linkOrCopy(report, path.join(outDir, STATE_DIR, 'reports', name));
    }
  }
}

/**
 * A hard link to `from` at `to` (the previous output and the staging folder are on one file
 * system, and nothing is ever written into a carried file), or a copy where links are refused.
 * Folders (asset folders) are copied.
 */
function linkOrCopy(from: string, to: string): void {
  if (fs.statSync(from).isDirectory()) {
    fs.cpSync(from, to, { recursive: true });
    return;
  }
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to);
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
  // Each part is read once for what the manifests need and released: its node of tree.json (the
  // bulk of a part, ~100 KB for an AWS tenant) is read again, one part at a time, while the tree is written.
  const partFileOf = (t: ResolvedTenant) => path.join(partsDir, `${stackNameOf(t)}.json`);
  const readPart = (t: ResolvedTenant) => {
    const file = partFileOf(t);
    if (!fs.existsSync(file)) throw new PaCloudKitError({ field: 'tenants', value: t.identity.ipaCode, rule: `has no part in ${partsDir}: the output is incomplete` });
    return JSON.parse(fs.readFileSync(file, 'utf8')) as TenantPart;
  };
  const parts = tenants.map((t) => {
    const { aws, ...rest } = readPart(t);
    return { ...rest, tenant: t, aws: aws ? { artifacts: aws.artifacts } : undefined };
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
    writeTree(path.join(awsDir, 'tree.json'), shared.treeRoot, (function* treeEntries(): Generator<[string, Json]> {
      for (const p of awsParts) yield [p.stackName, readPart(p.tenant).aws!.tree];
      yield* central?.aws?.tree ?? [];
      yield* shared.treeTail;
    })());
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
function writeTree(file: string, root: Record<string, Json>, children: Iterable<[string, Json]>): void {
  const fd = fs.openSync(file, 'w');
  try {
    const head = JSON.stringify({ version: 'tree-0.1', tree: { ...root, children: {} } });
    const cut = head.lastIndexOf('"children":{}');
    fs.writeSync(fd, `${head.slice(0, cut)}"children":{`);
    let first = true;
    for (const [k, v] of children) {
      fs.writeSync(fd, `${first ? '' : ','}${JSON.stringify(k)}:${JSON.stringify(v)}`);
      first = false;
    }
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
 * Checks every document of a synthesis with the compliance engine one document at a time (loaded,
 * evaluated, released), with the cross-document index (`related`: S3 buckets by literal name)
 * built over every document first. Same result as `check(synthesizedDocuments(result))`. Each
 * document's result is saved in `<outDir>/.pa-cloud-kit-state/reports` with digests of the
 * resources of other documents its rules looked up; a tenant in `reuse` is not checked again when
 * its saved result is there and those resources are unchanged.
 */
export function checkInBatches(result: SynthesisResult, options: { reuse?: ReadonlySet<string> } = {}): CheckResult {
  // Loaded lazily: the compliance engine is not needed to synthesize.
  const { check, loadDocument, relatedResources, summarize: summarizeDocs } = require('../compliance') as typeof import('../compliance');
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
  const documents: DocumentReport[] = [];
  const errors: CheckResult['errors'] = [];
  const outText = JSON.stringify(result.outDir).slice(1, -1);
  const digestOf = (name: string) => {
    const r = buckets.get(name);
    return r === undefined ? null : sha256(JSON.stringify({ file: path.relative(result.outDir, r.file).split(path.sep).join('/'), resource: r.resource }));
  };
  for (const e of entries) {
    const reportFile = path.join(reportsDir, `${e.key}.json`);
    if (e.reused && fs.existsSync(reportFile)) {
      const saved = JSON.parse(fs.readFileSync(reportFile, 'utf8').split(OUT_MARK).join(outText)) as SavedReport;
      // Reused only when every resource of other documents it looked up is as it was.
      if (Object.entries(saved.related).every(([name, digest]) => digestOf(name) === digest)) {
        documents.push(saved.report);
        continue;
      }
    }
    // One document at a time, recording which resources of other documents its rules look up.
    const used = new Set<string>();
    const recording = new Map(buckets);
    const get = recording.get.bind(recording);
    recording.get = (name: string) => {
      used.add(name);
      return get(name);
    };
    const checked = check([e.file], { related: { s3BucketsByName: recording } });
    errors.push(...checked.errors);
    const report = checked.documents[0];
    if (!report) continue;
    documents.push(report);
    const saved: SavedReport = { related: Object.fromEntries([...used].sort().map((n) => [n, digestOf(n)])), report };
    // Paths in the report name the output folder of this run: saved with a mark in its place.
    fs.rmSync(reportFile, { force: true }); // a carried file is a link to the previous output's: never written through
    fs.writeFileSync(reportFile, JSON.stringify(saved).split(outText).join(OUT_MARK));
  }
  return { documents, errors, summary: summarizeDocs(documents) };
}

/** A tenant's saved check result, with the digests of the other documents' resources it looked up. */
interface SavedReport {
  readonly related: Record<string, string | null>;
  readonly report: DocumentReport;
}

/** Stands for the output folder in saved reports. */
const OUT_MARK = '<pa-cloud-kit-out>';

/** A hash of text, for fingerprints. */
export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

// ---------- incremental runs ----------

/** The fingerprints of a run, saved as `<out>/.pa-cloud-kit-state/fingerprints.json`. */
export interface Fingerprints {
  readonly stateVersion: 1;
  /**
   * What every tenant depends on: the kit's and the CDKs' versions, every setting of the file
   * outside `tenants` (aggregator, openstack, defaults as resolved: pools, regions), and the
   * regions of the AWS central stacks.
   */
  readonly global: string;
  /** Per tenant (codice IPA): the global fingerprint, the tenant as resolved, its position among its region's AWS tenants. */
  readonly tenants: Readonly<Record<string, string>>;
  /** The shard this output holds (`synth --shard K/N`), or none. */
  readonly shard?: { readonly index: number; readonly count: number };
}

/** JSON of any value of the resolved file: maps and sets as arrays, big integers as text, in a stable form. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Map) return { map: [...v.entries()] };
    if (v instanceof Set) return { set: [...v.values()] };
    if (typeof v === 'bigint') return v.toString();
    return v;
  });
}

/** The installed version of a package, or `unknown` (read from its package.json: the package itself is not loaded). */
function packageVersion(name: string): string {
  try {
    return (JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * The fingerprints of `config` for `kitVersion`. Conservative: anything outside a tenant's section
 * goes into the global fingerprint, so changing a default, a central setting, the kit or a CDK
 * version rebuilds every tenant.
 */
export function fingerprintsOf(config: LandingZonesConfig, kitVersion: string): Fingerprints {
  const { tenants, file: _file, ...rest } = config;
  const global = sha256(stableJson({
    kitVersion,
    awsCdkLib: packageVersion('aws-cdk-lib'),
    cdktf: packageVersion('cdktf'),
    settings: rest,
    centralAwsRegions: centralAwsRegions(config),
    hasOpenStackTenants: tenants.some((t) => t.provider === CloudProvider.OPENSTACK),
  }));
  const counts = new Map<string, number>();
  const byTenant: Record<string, string> = {};
  for (const t of tenants) {
    let indexInRegion: number | undefined;
    if (t.provider === CloudProvider.AWS) {
      indexInRegion = counts.get(t.region.name) ?? 0;
      counts.set(t.region.name, indexInRegion + 1);
    }
    byTenant[t.identity.ipaCode] = sha256(stableJson({ global, tenant: t, indexInRegion }));
  }
  return { stateVersion: 1, global, tenants: byTenant };
}

/** The fingerprints saved in an output folder, or undefined when it has none (or unreadable ones). */
export function readFingerprints(outDir: string): Fingerprints | undefined {
  try {
    const f = JSON.parse(fs.readFileSync(path.join(outDir, STATE_DIR, 'fingerprints.json'), 'utf8')) as Fingerprints;
    return f.stateVersion === 1 && typeof f.global === 'string' && typeof f.tenants === 'object' && f.tenants !== null ? f : undefined;
  } catch {
    return undefined;
  }
}

/** Saves the fingerprints of a run in its output (staging) folder. */
export function writeFingerprints(outDir: string, fingerprints: Fingerprints): void {
  fs.mkdirSync(path.join(outDir, STATE_DIR), { recursive: true });
  fs.writeFileSync(path.join(outDir, STATE_DIR, 'fingerprints.json'), `${JSON.stringify(fingerprints, undefined, 2)}\n`);
}

/**
 * The tenants of `wanted` whose fingerprint equals the one saved in `previousDir` and whose part
 * and check result are there: they can be carried over instead of built and checked again.
 */
export function reusableTenants(previousDir: string, current: Fingerprints, wanted: readonly ResolvedTenant[]): Set<string> {
  const previous = readFingerprints(previousDir);
  const reuse = new Set<string>();
  if (!previous || previous.global !== current.global) return reuse;
  for (const t of wanted) {
    const code = t.identity.ipaCode;
    const stack = stackNameOf(t);
    if (previous.tenants[code] === current.tenants[code]
      && fs.existsSync(path.join(previousDir, STATE_DIR, 'parts', `${stack}.json`))
      && fs.existsSync(path.join(previousDir, STATE_DIR, 'reports', `${stack}.json`))) reuse.add(code);
  }
  return reuse;
}

// ---------- shards ----------

/** `K/N`, parsed: shard K (1-based) of N. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `--shard K/N` (1 <= K <= N <= 1000). */
export function parseShard(text: string): Shard {
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > 1000 || index < 1 || index > count) {
    throw new PaCloudKitError({ field: '--shard', value: text, rule: 'must be K/N with N from 1 to 1000 and K from 1 to N, e.g. 2/4 for the second of four shards' });
  }
  return { index, count };
}

/**
 * The shard (1-based) of a tenant among `count`: from a hash of its codice IPA, so a tenant stays
 * in its shard whatever is appended to or removed from the file.
 */
export function shardOf(ipaCode: string, count: number): number {
  const h = crypto.createHash('sha256').update(ipaCode).digest();
  return (h.readUInt32BE(0) % count) + 1;
}

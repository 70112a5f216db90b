/**
 * Bench: `pa-cloud-kit synth` at national scale, as users run it (bin/pa-cloud-kit.js, the
 * compiled package, in a fresh process): 100, 300 and 1,000 generated AWS tenants (ordinario,
 * /20 ranges from one pool, with an aggregator, so the central stacks are built), then an
 * incremental run after appending one tenant to the 1,000, and the 300 tenants in 3 shards plus
 * the merge. Wall time, CPU time, and the peak memory of the whole process tree (the CLI and its
 * worker processes, summed RSS sampled from /proc every 100 ms).
 *
 *   npm run build && npx tsx bench/scale.ts            # every case, table + bench/results/scale.json
 *   npx tsx bench/scale.ts --sizes 100,300             # other sizes (no 1,000-tenant cases)
 *   npx tsx bench/scale.ts --one-app                   # also one app in one process (--batch-size 100000 --workers 0)
 *   npx tsx bench/scale.ts --sizes 300 --shards-only   # only the 3 shards and the merge of 300 tenants
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { landingZonesFile, tenantLines, type BenchFileOptions } from './private/landing-zones-file';

/** Ordinario AWS tenants of an aggregator, /20 ranges (a thousand fit in 10.0.0.0/8). */
const SCALE_FILE: BenchFileOptions = { tenantRangePrefix: 20, digits: 4 };

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'pa-cloud-kit.js');

interface Measure {
  readonly name: string;
  readonly tenants: number;
  readonly wallS: number;
  readonly cpuS: number;
  readonly peakTreeRssMb: number;
  readonly exitCode: number;
  readonly note?: string;
}



/** The summed RSS (kB) of `pid` and every descendant, from /proc. */
function treeRssKb(pid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${name}/status`, 'utf8'));
      if (m) rss.set(Number(name), Number(m[1]));
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    total += rss.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/** Runs the CLI with `args` in `cwd`, sampling the process tree's memory. */
async function measure(name: string, tenants: number, args: readonly string[], cwd: string, timeoutS = 1800): Promise<Measure> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CDK_VALIDATION: 'false', CDK_DISABLE_CLI_TELEMETRY: '1' } });
  let peak = 0;
  let stderr = '';
  child.stdout.on('data', () => undefined);
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const timer = setInterval(() => { peak = Math.max(peak, treeRssKb(child.pid!)); }, 100);
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000);
  const exitCode = await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  clearInterval(timer);
  clearTimeout(killer);
  const wallS = (performance.now() - started) / 1000;
  // CPU of the CLI and its waited-for children (the workers), from /proc/self's children counters.
  const cpuTotal = childCpuSeconds();
  const cpuS = +(cpuTotal - lastCpu).toFixed(1);
  lastCpu = cpuTotal;
  if (exitCode > 1) process.stderr.write(`${name}: exit ${exitCode}\n${stderr}\n`);
  return { name, tenants, wallS: +wallS.toFixed(1), cpuS, peakTreeRssMb: Math.round(peak / 1024), exitCode };
}

let lastCpu = 0;
/** User + system seconds of every waited-for descendant of this process so far. */
function childCpuSeconds(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // cutime and cstime: fields 16 and 17 of stat (1-based), i.e. 13 and 14 after the name.
  const ticks = Number(fields[13]) + Number(fields[14]);
  return ticks / 100;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const sizesAt = args.indexOf('--sizes');
  const sizes = sizesAt >= 0 ? args[sizesAt + 1]!.split(',').map(Number) : [100, 300, 1000];
  const only = args.includes('--shards-only');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-scale-bench-'));
  const results: Measure[] = [];
  const record = (m: Measure) => {
    results.push(m);
    process.stderr.write(`${m.name}: ${m.wallS} s wall, ${m.cpuS} s CPU, ${m.peakTreeRssMb} MB peak (tree), exit ${m.exitCode}\n`);
  };
  try {
    for (const n of only ? [] : sizes) {
      const file = `lz-${n}.yaml`;
      fs.writeFileSync(path.join(dir, file), landingZonesFile(n, SCALE_FILE));
      record(await measure(`synth ${n}`, n, ['synth', file, '--out', `out-${n}`], dir));
      if (args.includes('--one-app') && n <= 300) {
        record(await measure(`synth ${n}, one app in one process`, n, ['synth', file, '--out', `one-${n}`, '--batch-size', '100000', '--workers', '0'], dir));
      }
    }
    const largest = Math.max(...sizes);
    // Append one tenant and run again in the same output folder.
    const appended = `lz-${largest}-plus-1.yaml`;
    fs.writeFileSync(path.join(dir, appended), landingZonesFile(largest, SCALE_FILE) + tenantLines(1, SCALE_FILE, largest));
    if (!only) record(await measure(`incremental: ${largest} + 1 appended`, largest + 1, ['synth', appended, '--out', `out-${largest}`], dir));
    // Shards and merge, on the middle size.
    const mid = sizes.includes(300) ? 300 : sizes[0]!;
    fs.writeFileSync(path.join(dir, `lz-${mid}.yaml`), landingZonesFile(mid, SCALE_FILE));
    for (const k of [1, 2, 3]) record(await measure(`shard ${k}/3 of ${mid}`, mid, ['synth', `lz-${mid}.yaml`, '--out', `shard-${k}`, '--shard', `${k}/3`], dir));
    record(await measure(`merge 3 shards of ${mid}`, mid, ['merge', `lz-${mid}.yaml`, 'shard-1', 'shard-2', 'shard-3', '--out', `merged-${mid}`], dir));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const header = ['case', 'tenants', 'wall s', 'CPU s', 'peak MB (tree)', 'exit'];
  const rows = results.map((r) => [r.name, String(r.tenants), String(r.wallS), String(r.cpuS), String(r.peakTreeRssMb), String(r.exitCode)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  console.log([header, ...rows].map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n'));
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results', only ? 'scale-shards.json' : 'scale.json'), `${JSON.stringify({
    node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadavg: os.loadavg(), date: new Date().toISOString(), results,
  }, null, 2)}\n`);
}

if (require.main === module) void main();

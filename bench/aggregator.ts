/**
 * Bench: wall time and peak memory (RSS) of `synthesizeLandingZones` plus `check` over every
 * document written, for a landing zones file of 1, 10 and 100 generated AWS tenants and of 1, 10
 * and 100 generated OpenStack tenants (ordinario, ranges from the pool, with an aggregator, so the
 * central stacks are included). Each case runs in its own child process (`process.execPath
 * --import tsx`), so peak RSS is that case's alone.
 *
 *   npx tsx bench/aggregator.ts            # all cases, table + bench/results/aggregator.json
 *   npx tsx bench/aggregator.ts --quick    # 1 and 10 tenants only
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../lib/config';
import { check } from '../lib/compliance';
import { synthesizeLandingZones, synthesizedDocuments } from '../lib/aggregator/synth';
import { landingZonesFile } from './private/landing-zones-file';

type Provider = 'aws' | 'openstack';

/** What one child process reports. */
interface CaseResult {
  readonly provider: Provider;
  readonly tenants: number;
  readonly documents: number;
  readonly resources: number;
  readonly failedControls: number;
  /** Loading the file, building and synthesizing. */
  readonly synthMs: number;
  /** Checking every document written. */
  readonly checkMs: number;
  /** From spawning the child to its exit (includes loading Node, tsx, aws-cdk-lib and cdktf). */
  readonly processMs: number;
  readonly peakRssMb: number;
}


function runWorker(provider: Provider, count: number): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-aggregator-bench-'));
  try {
    const file = path.join(dir, 'landing-zones.yaml');
    fs.writeFileSync(file, landingZonesFile(count, { provider }));
    const t0 = performance.now();
    const synthesis = synthesizeLandingZones(loadConfig(file), { outDir: path.join(dir, 'out') });
    const t1 = performance.now();
    const result = check(synthesizedDocuments(synthesis));
    const t2 = performance.now();
    if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.message).join('\n'));
    const out = {
      documents: result.documents.length,
      resources: [...synthesis.tenants, ...synthesis.centralStacks].reduce((n, t) => n + t.resourceCount, 0),
      failedControls: result.documents.reduce((n, d) => n + d.controls.filter((c) => c.status === 'failed').length, 0),
      synthMs: Math.round(t1 - t0),
      checkMs: Math.round(t2 - t1),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function runCase(provider: Provider, tenants: number): CaseResult {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--worker', provider, String(tenants)], {
    cwd: path.resolve(__dirname, '..'),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CDK_VALIDATION: 'false' },
  });
  const processMs = Math.round(performance.now() - started);
  if (child.status !== 0) throw new Error(`case ${provider} x${tenants} failed (${child.status}):\n${child.stderr}`);
  const line = child.stdout.trim().split('\n').pop()!;
  return { provider, tenants, ...JSON.parse(line), processMs };
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === '--worker') {
    runWorker(args[1] as Provider, Number(args[2]));
    return;
  }
  const sizes = args.includes('--quick') ? [1, 10] : [1, 10, 100];
  const results: CaseResult[] = [];
  for (const provider of ['aws', 'openstack'] as const) {
    for (const n of sizes) {
      const r = runCase(provider, n);
      results.push(r);
      process.stderr.write(`${provider} x${n}: ${r.processMs} ms\n`);
    }
  }
  const header = ['provider', 'tenants', 'documents', 'resources', 'failed', 'synth ms', 'check ms', 'process ms', 'peak RSS MB'];
  const rows = results.map((r) => [r.provider, r.tenants, r.documents, r.resources, r.failedControls, r.synthMs, r.checkMs, r.processMs, r.peakRssMb].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i < 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log([fmt(header), ...rows.map(fmt)].join('\n'));
  const resultsDir = path.join(__dirname, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, 'aggregator.json'), `${JSON.stringify({
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    date: new Date().toISOString(),
    results,
  }, null, 2)}\n`);
}

main();

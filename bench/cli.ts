/**
 * Bench: the `pa-cloud-kit` command as users run it, through bin/pa-cloud-kit.js in a fresh Node
 * process each time, timed by GNU time (`/usr/bin/time`): wall time, CPU (user + system) and peak
 * RSS. Cases: a bare `node -e 0` start (the floor), `--version`, `--help`, `check` of the sample
 * aggregator's output, and `synth` (with its checks and report) of 1 AWS tenant, 1 OpenStack
 * tenant and 100 AWS tenants.
 *
 *   npx tsx bench/cli.ts                 # every case, 3 runs each (median), table + bench/results/cli.json
 *   npx tsx bench/cli.ts --quick         # no 100-tenant case, 1 run each
 *   npx tsx bench/cli.ts --label before  # results in bench/results/cli-before.json
 *   npx tsx bench/cli.ts --root /tmp/old --label old   # the bin of another checkout (with node_modules)
 *
 * The synth cases run with aws-cdk-lib's CloudFormation validator off (CDK_VALIDATION=false), as
 * the command does unless CDK_VALIDATION=true.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { landingZonesFile } from './private/landing-zones-file';

const rootAt = process.argv.indexOf('--root');
/** The checkout whose bin is measured (`--root <dir>` compares another one, e.g. an older commit). */
const ROOT = rootAt >= 0 ? path.resolve(process.argv[rootAt + 1]!) : path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'pa-cloud-kit.js');

interface Measure {
  readonly wallS: number;
  readonly cpuS: number;
  readonly peakRssMb: number;
  readonly exitCode: number;
}

interface CaseResult extends Measure {
  readonly name: string;
  readonly runs: number;
}

function timed(args: readonly string[], cwd: string): Measure {
  const child = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M %x', process.execPath, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: '1', CDK_VALIDATION: process.env.CDK_VALIDATION ?? 'false' },
  });
  const line = child.stderr.trim().split('\n').pop() ?? '';
  const [wall, user, sys, rssKb, exit] = line.split(' ').map(Number);
  if ([wall, user, sys, rssKb, exit].some((n) => n === undefined || Number.isNaN(n))) {
    throw new Error(`could not read GNU time's output for node ${args.join(' ')}:\n${child.stderr}`);
  }
  return { wallS: wall!, cpuS: +(user! + sys!).toFixed(2), peakRssMb: Math.round(rssKb! / 1024), exitCode: exit! };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function runCase(name: string, args: readonly string[], cwd: string, runs: number, okCodes: readonly number[] = [0, 1]): CaseResult {
  const measures: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    const m = timed(args, cwd);
    if (!okCodes.includes(m.exitCode)) throw new Error(`${name}: exit ${m.exitCode}`);
    measures.push(m);
  }
  const result = {
    name,
    runs,
    wallS: median(measures.map((m) => m.wallS)),
    cpuS: median(measures.map((m) => m.cpuS)),
    peakRssMb: median(measures.map((m) => m.peakRssMb)),
    exitCode: measures[0]!.exitCode,
  };
  process.stderr.write(`${name}: ${result.wallS} s wall, ${result.cpuS} s CPU, ${result.peakRssMb} MB\n`);
  return result;
}


function main(): void {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const labelAt = args.indexOf('--label');
  const label = labelAt >= 0 ? args[labelAt + 1] : undefined;
  const runs = quick ? 1 : 3;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-cli-bench-'));
  const results: CaseResult[] = [];
  try {
    results.push(runCase('node -e 0', ['-e', '0'], dir, runs));
    results.push(runCase('--version', [BIN, '--version'], dir, runs));
    results.push(runCase('--help', [BIN, '--help'], dir, runs));
    // The sample aggregator's output, written once, then checked.
    const sample = path.join(dir, 'sample');
    const s = timed([BIN, 'synth', path.join(ROOT, 'examples', 'aggregator', 'landing-zones.yaml'), '--out', sample], dir);
    if (s.exitCode > 1) throw new Error(`synth of the sample aggregator failed (exit ${s.exitCode})`);
    results.push(runCase('check sample (aws + openstack)', [BIN, 'check', path.join(sample, 'aws'), path.join(sample, 'openstack')], dir, runs));
    const cases: Array<['aws' | 'openstack', number]> = [['aws', 1], ['openstack', 1], ...(quick ? [] : [['aws', 100] as ['aws', number]])];
    for (const [provider, count] of cases) {
      const file = path.join(dir, `${provider}-${count}.yaml`);
      fs.writeFileSync(file, landingZonesFile(count, { provider }));
      results.push(runCase(`synth ${count} ${provider} tenant${count > 1 ? 's' : ''}`, [BIN, 'synth', file, '--out', path.join(dir, `out-${provider}-${count}`)], dir, count > 1 ? 1 : runs));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const header = ['case', 'runs', 'wall s', 'CPU s', 'peak RSS MB'];
  const rows = results.map((r) => [r.name, String(r.runs), r.wallS.toFixed(2), r.cpuS.toFixed(2), String(r.peakRssMb)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i < 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log([fmt(header), ...rows.map(fmt)].join('\n'));
  const resultsDir = path.join(__dirname, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, `cli${label ? `-${label}` : ''}.json`), `${JSON.stringify({
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverage: os.loadavg(),
    date: new Date().toISOString(),
    results,
  }, null, 2)}\n`);
}

main();

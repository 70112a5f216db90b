/**
 * Bench: wall time and peak memory (RSS) of synthesizing 1, 10 and 50 AWS landing zones in one
 * app, with aws-cdk-lib's built-in CloudFormation validator off and on. Each case runs in its own
 * child process (`process.execPath` with tsx), so peak RSS is that case's alone.
 *
 *   npx tsx bench/aws-synth.ts            # all cases, table + bench/results/aws-synth.json
 *   npx tsx bench/aws-synth.ts --quick    # 1 and 10 landing zones only
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, aws_kms as kms } from 'aws-cdk-lib';
import { LandingZone } from '../lib/aws';

const ACCOUNT = '111111111111';
const REGION = 'eu-south-1';
const CLASSES = ['ordinario', 'critico', 'strategico'] as const;
const QUALIFICATION = { ordinario: 'QC1', critico: 'QC2', strategico: 'QC3' } as const;

/** What one child process reports. */
interface CaseResult {
  readonly landingZones: number;
  readonly validation: boolean;
  readonly stacks: number;
  readonly resources: number;
  /** Construct tree build plus synthesis, measured inside the child. */
  readonly synthMs: number;
  /** From spawning the child to its exit (includes loading Node, tsx and aws-cdk-lib). */
  readonly processMs: number;
  readonly peakRssMb: number;
}

/** Builds and synthesizes `count` landing zones, one stack each, classes in turn. */
function runWorker(count: number, validation: boolean): void {
  const started = process.hrtime.bigint();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-aws-bench-'));
  const app = new App({
    outdir,
    builtinCloudFormationValidation: validation,
    context: { [`availability-zones:account=${ACCOUNT}:region=${REGION}`]: ['a', 'b', 'c'].map((z) => `${REGION}${z}`) },
  });
  for (let i = 0; i < count; i++) {
    const classification = CLASSES[i % CLASSES.length];
    const stack = new Stack(app, `Tenant${i}`, { env: { account: ACCOUNT, region: REGION } });
    const ipaCode = `c_b${String(i).padStart(3, '0')}`;
    const protectedClass = classification !== 'ordinario';
    new LandingZone(stack, 'LandingZone', {
      tenant: {
        ipaCode,
        name: `Comune di Prova ${i}`,
        classification,
        qualification: QUALIFICATION[classification],
        owner: 'Servizio Sistemi Informativi',
        incidentContact: 'cert@comune.prova.example',
      },
      cidr: `10.${i}.0.0/16`,
      keys: protectedClass ? {
        logs: importedKey(stack, 'PaLogsKey', i, 1),
        backup: importedKey(stack, 'PaBackupKey', i, 2),
        data: importedKey(stack, 'PaDataKey', i, 3),
      } : undefined,
      backupCopyTarget: protectedClass ? { vaultArn: `arn:aws:backup:${REGION}:333333333333:backup-vault:copies-${i}` } : undefined,
    });
  }
  const assembly = app.synth();
  const synthMs = Number(process.hrtime.bigint() - started) / 1e6;
  const resources = assembly.stacks.reduce((n, s) => n + Object.keys((s.template as { Resources?: object }).Resources ?? {}).length, 0);
  fs.rmSync(outdir, { recursive: true, force: true });
  const result = { landingZones: count, validation, stacks: assembly.stacks.length, resources, synthMs, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function importedKey(stack: Stack, id: string, tenant: number, purpose: number) {
  const suffix = `${String(tenant).padStart(6, '0')}${String(purpose).padStart(6, '0')}`;
  return kms.Key.fromKeyArn(stack, id, `arn:aws:kms:${REGION}:${ACCOUNT}:key/0b6c1a52-0000-4000-8000-${suffix}`);
}

function runCase(count: number, validation: boolean): CaseResult {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--worker', String(count), validation ? 'on' : 'off'], {
    cwd: path.join(__dirname, '..'),
    env: { ...process.env, CDK_VALIDATION: validation ? 'true' : 'false', CDK_DISABLE_CLI_TELEMETRY: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const processMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) {
    throw new Error(`bench case ${count} landing zones, validation ${validation ? 'on' : 'off'} failed (exit ${child.status}):\n${child.stderr}`);
  }
  const line = child.stdout.trim().split('\n').pop() ?? '';
  return { ...JSON.parse(line), processMs };
}

function main(): void {
  const counts = process.argv.includes('--quick') ? [1, 10] : [1, 10, 50];
  const results: CaseResult[] = [];
  for (const validation of [false, true]) {
    for (const count of counts) {
      const r = runCase(count, validation);
      results.push(r);
      process.stderr.write(`  ${count} landing zone(s), validation ${validation ? 'on' : 'off'}: ${(r.synthMs / 1000).toFixed(1)} s, ${r.peakRssMb.toFixed(0)} MB\n`);
    }
  }
  const header = '| Landing zones | Validator | Stacks | Resources | Synth (s) | Process (s) | Peak RSS (MB) |';
  const rows = results.map((r) => `| ${r.landingZones} | ${r.validation ? 'on' : 'off'} | ${r.stacks} | ${r.resources} | ${(r.synthMs / 1000).toFixed(1)} | ${(r.processMs / 1000).toFixed(1)} | ${r.peakRssMb.toFixed(0)} |`);
  console.log([header, '|---|---|---|---|---|---|---|', ...rows].join('\n'));
  const file = path.join(__dirname, 'results', 'aws-synth.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({
    benchmark: 'aws-synth',
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    date: new Date().toISOString(),
    results,
  }, null, 2)}\n`);
  console.log(`\nwritten ${path.relative(process.cwd(), file)}`);
}

const workerAt = process.argv.indexOf('--worker');
if (workerAt >= 0) {
  runWorker(Number(process.argv[workerAt + 1]), process.argv[workerAt + 2] === 'on');
} else if (require.main === module) {
  main();
}

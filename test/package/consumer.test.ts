/**
 * The kit as a consumer gets it: `npm pack` of the built package, unpacked into fresh apps in a
 * temporary folder (offline; see kit-package.ts), then
 * - a CommonJS CDK app run with plain `node`, and an ESM app with named imports, in an app that
 *   has aws-cdk-lib and constructs but NOT cdktf or cdk-nag (optional peers);
 * - a TypeScript app type-checked under strict consumer flags (noUncheckedIndexedAccess,
 *   exactOptionalPropertyTypes, skipLibCheck off), compiled with tsc and run with node;
 * - a CDK for Terraform app synthesizing the OpenStack landing zone;
 * - the packaged `pa-cloud-kit` command: `synth` of an AWS-only file without cdktf installed,
 *   `check` of every app's output, and what each command loads.
 * Plus the package checks: its file list, publint, @arethetypeswrong/cli, `npm publish --dry-run`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, appEnv, cfnTypeCounts, ensureBuilt, exec, installKit, packKit, tfTypeCounts, type PackedKit } from './kit-package';

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

let work: string;
let kit: PackedKit;
let awsApp: string;
let tfApp: string;

beforeAll(() => {
  ensureBuilt();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-kit-consumer-'));
  kit = packKit(work);
  awsApp = installKit(kit.tarball, path.join(work, 'aws-app'), ['aws-cdk-lib', 'constructs']);
  tfApp = installKit(kit.tarball, path.join(work, 'tf-app'), ['aws-cdk-lib', 'constructs', 'cdktf']);
}, 300_000);

afterAll(() => {
  if (work && !process.env.KEEP_CONSUMER_APPS) fs.rmSync(work, { recursive: true, force: true });
});

/** Runs `node <args>` in `cwd`, recording every module it loaded into the returned list. */
function node(cwd: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const record = path.join(cwd, `.modules-${process.hrtime.bigint()}.json`);
  const recorder = path.join(work, 'record-modules.js');
  if (!fs.existsSync(recorder)) {
    fs.writeFileSync(recorder, "process.on('exit', () => require('fs').writeFileSync(process.env.RECORD_MODULES_TO, JSON.stringify(Object.keys(require.cache))));\n");
  }
  const r = exec(process.execPath, ['--require', recorder, ...args], { cwd, env: appEnv({ RECORD_MODULES_TO: record, ...extraEnv }) });
  const modules = fs.existsSync(record) ? (JSON.parse(fs.readFileSync(record, 'utf8')) as string[]) : [];
  return { ...r, modules };
}

const loaded = (modules: readonly string[], pkg: string) => modules.some((m) => m.includes(`${path.sep}node_modules${path.sep}${pkg}${path.sep}`));
const kitModules = (modules: readonly string[]) => modules
  .map((m) => m.split(`${path.sep}pa-cloud-kit${path.sep}`)[1])
  .filter((m): m is string => m !== undefined);

const TENANT = (classification: string, ipaCode: string) => `{
  ipaCode: '${ipaCode}', name: 'Comune di Prova', classification: '${classification}',
  qualification: '${classification === 'ordinario' ? 'QC1' : 'QC2'}', owner: 'Servizio Sistemi Informativi', incidentContact: 'cert@comune.prova.example.it',
}`;

describe('the package', () => {
  test('ships compiled JavaScript, declarations, the bin, the schema, README and LICENSE, and no sources, tests or tooling', () => {
    const files = new Set(kit.files);
    for (const f of ['package.json', 'LICENSE', 'README.md', 'bin/pa-cloud-kit.js', 'schema/landing-zones.schema.json',
      'dist/index.js', 'dist/index.d.ts', 'dist/aws/index.js', 'dist/aws/index.d.ts', 'dist/openstack/index.js', 'dist/cli/main.js',
      'dist/openstack/schema/provider-schema.json']) {
      expect(files).toContain(f);
    }
    const unexpected = kit.files.filter((f) => !/^(dist\/.*\.(js|d\.ts|json)|bin\/pa-cloud-kit\.js|schema\/landing-zones\.schema\.json|package\.json|README\.md|LICENSE)$/.test(f));
    expect(unexpected).toEqual([]);
    expect(kit.files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    const pkg = JSON.parse(fs.readFileSync(path.join(awsApp, 'node_modules', 'pa-cloud-kit', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.private).toBeUndefined();
    expect(pkg.license).toBe('Apache-2.0');
    expect(Object.keys(pkg.peerDependencies as object).sort()).toEqual(['aws-cdk-lib', 'cdk-nag', 'cdktf', 'constructs']);
    expect(pkg.peerDependenciesMeta).toEqual({ cdktf: { optional: true }, 'cdk-nag': { optional: true } });
    expect(Object.keys(pkg.dependencies as object)).not.toEqual(expect.arrayContaining(['tsx']));
    for (const peer of ['aws-cdk-lib', 'constructs', 'cdktf', 'cdk-nag', 'tsx']) expect(pkg.dependencies).not.toHaveProperty([peer]);
    expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0, January 2004/);
  });

  test('publint finds nothing to report', () => {
    const r = exec(process.execPath, [path.join(ROOT, 'node_modules', 'publint', 'src', 'cli.js'), 'run', kit.tarball, '--strict'], { cwd: work });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/All good!/);
  });

  test('@arethetypeswrong/cli finds no problem in any entry point (node10, node16 from CJS and ESM, bundler)', () => {
    const r = exec(path.join(ROOT, 'node_modules', '.bin', 'attw'), [kit.tarball, '--no-definitely-typed', '--format', 'json'], { cwd: work });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { analysis: { problems: unknown[]; entrypoints: Record<string, unknown> } };
    expect(report.analysis.problems).toEqual([]);
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual([
      '.', './aggregator', './aws', './compliance', './compliance/cdk', './compliance/cdktf', './config', './core', './package.json',
      './schema/landing-zones.schema.json', './openstack',
    ].sort());
  });

  test('npm publish --dry-run accepts it', () => {
    const r = exec('npm', ['publish', '--dry-run', '--ignore-scripts', '--offline', kit.tarball], { cwd: work });
    expect({ status: r.status, stderr: r.stderr }).toMatchObject({ status: 0 });
    expect(r.stderr + r.stdout).toMatch(/pa-cloud-kit@\d+\.\d+\.\d+/);
  });
});

describe('a CDK app without cdktf or cdk-nag', () => {
  test('CommonJS, run with plain node: requires the kit and synthesizes a landing zone with explicit zones, no context file, no lookup', () => {
    fs.writeFileSync(path.join(awsApp, 'app.js'), `'use strict';
const { App, Stack } = require('aws-cdk-lib');
const { LandingZone } = require('pa-cloud-kit/aws');
const kit = require('pa-cloud-kit');
if (kit.aws.LandingZone !== LandingZone) throw new Error('pa-cloud-kit and pa-cloud-kit/aws disagree');
const app = new App({ outdir: 'cdk.out.cjs' });
const stack = new Stack(app, 'PaComuneCjs', { env: { account: '222222222222', region: 'eu-south-1' } });
new LandingZone(stack, 'LandingZone', { tenant: ${TENANT('ordinario', 'c_a001')}, cidr: '10.10.0.0/16', availabilityZones: ['eu-south-1a', 'eu-south-1b'] });
const assembly = app.synth();
console.log(JSON.stringify({ missing: assembly.manifest.missing ?? [] }));
`);
    const r = node(awsApp, ['app.js']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual({ missing: [] });
    expect(fs.existsSync(path.join(awsApp, 'cdk.context.json'))).toBe(false);
    expect(loaded(r.modules, 'cdktf')).toBe(false);
    const counts = cfnTypeCounts(path.join(awsApp, 'cdk.out.cjs', 'PaComuneCjs.template.json'));
    expect(counts).toMatchObject({
      'AWS::EC2::VPC': 1,
      'AWS::EC2::Subnet': 8, // four tiers in two zones
      'AWS::EC2::NatGateway': 1, // one for ordinario
      'AWS::EC2::FlowLog': 1,
      'AWS::S3::Bucket': 2, // archive and its access logs
      'AWS::CloudTrail::Trail': 1,
      'AWS::Backup::BackupVault': 1,
      'AWS::Backup::BackupPlan': 1,
    });
    expect(counts).not.toHaveProperty(['AWS::NetworkFirewall::Firewall']);
  });

  test('ESM (.mjs): named imports from every AWS-side entry point, synthesis, and the compliance engine in-process', () => {
    fs.writeFileSync(path.join(awsApp, 'app.mjs'), `import { App, Stack } from 'aws-cdk-lib';
import { LandingZone } from 'pa-cloud-kit/aws';
import { CompliancePolicy, DataClassification, aws } from 'pa-cloud-kit';
import { check } from 'pa-cloud-kit/compliance';
import { PaCloudKitError } from 'pa-cloud-kit/core';
import { renderStarterConfig } from 'pa-cloud-kit/config';
import pkg from 'pa-cloud-kit/package.json' with { type: 'json' };
if (aws.LandingZone !== LandingZone) throw new Error('namespaces disagree');
if (typeof renderStarterConfig !== 'function' || typeof PaCloudKitError !== 'function') throw new Error('missing named export');
const policy = CompliancePolicy.forClassification(DataClassification.ORDINARIO);
const app = new App({ outdir: 'cdk.out.esm' });
const stack = new Stack(app, 'PaComuneEsm', { env: { account: '222222222222', region: 'eu-south-1' } });
new LandingZone(stack, 'LandingZone', { tenant: ${TENANT('ordinario', 'c_a002')}, cidr: '10.11.0.0/16' });
app.synth();
const result = check(['cdk.out.esm']);
console.log(JSON.stringify({
  version: pkg.version,
  backupFrequency: String(policy.settings.backupFrequency),
  documents: result.documents.length,
  failed: result.documents.flatMap((d) => d.controls.filter((c) => c.status === 'failed').map((c) => c.control)),
}));
`);
    const r = node(awsApp, ['--no-warnings', 'app.mjs']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const out = JSON.parse(r.stdout) as { version: string; backupFrequency: string; documents: number; failed: string[] };
    expect(out).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), backupFrequency: 'daily', documents: 1, failed: [] });
    expect(loaded(r.modules, 'cdktf')).toBe(false);
    const counts = cfnTypeCounts(path.join(awsApp, 'cdk.out.esm', 'PaComuneEsm.template.json'));
    expect(counts).toMatchObject({ 'AWS::EC2::VPC': 1, 'AWS::EC2::Subnet': 12, 'AWS::EC2::NatGateway': 1, 'AWS::CloudTrail::Trail': 1 });
  });
});

describe('a CDK for Terraform app', () => {
  test('synthesizes the OpenStack landing zone with plain node', () => {
    fs.writeFileSync(path.join(tfApp, 'main.js'), `'use strict';
const { App } = require('cdktf');
const { LandingZone } = require('pa-cloud-kit/openstack');
const app = new App({ outdir: 'cdktf.out' });
new LandingZone(app, 'asl-prova', {
  tenant: ${TENANT('critico', 'asl_a004')},
  cloud: 'pa-cloud',
  region: { name: 'it-mil1', country: 'IT' },
  backupRegion: { name: 'it-rom1', country: 'IT' },
  containerSync: { realm: 'pa-realm', cluster: 'it-rom1' },
  cidr: '10.30.0.0/16',
  externalNetworkName: 'public',
  encryptedVolumeType: 'encrypted-luks',
  credentialsExpireAt: '2027-06-30T00:00:00Z',
});
app.synth();
`);
    const r = node(tfApp, ['main.js']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const counts = tfTypeCounts(path.join(tfApp, 'cdktf.out', 'stacks', 'asl-prova', 'cdk.tf.json'));
    expect(counts).toMatchObject({
      openstack_networking_network_v2: 4, // one per tier
      openstack_networking_subnet_v2: 4,
      openstack_networking_router_v2: 2, // the public one and the internal one (data and management tiers, no gateway)
      openstack_objectstorage_container_v1: 4, // log archive and volume backups, each with its off-site copy in it-rom1
      openstack_fw_group_v2: 1, // critico: FWaaS on the router ports
      openstack_compute_instance_v2: 1, // the backup scheduler
    });

  });
});

test('every name each entry point exports to require() is a named export for import (cjs-module-lexer sees them all)', () => {
  fs.writeFileSync(path.join(tfApp, 'esm-names.mjs'), `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const result = {};
for (const sub of ['', '/core', '/aws', '/openstack', '/compliance', '/compliance/cdk', '/compliance/cdktf', '/config', '/aggregator']) {
  const id = 'pa-cloud-kit' + sub;
  const cjs = Object.keys(require(id)).filter((k) => k !== '__esModule');
  const esm = Object.keys(await import(id));
  result[id] = { count: cjs.length, missing: cjs.filter((k) => !esm.includes(k)) };
}
console.log(JSON.stringify(result));
`);
  const r = node(tfApp, ['esm-names.mjs']);
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  const result = JSON.parse(r.stdout) as Record<string, { count: number; missing: string[] }>;
  expect(Object.keys(result)).toHaveLength(9);
  for (const [id, { count, missing }] of Object.entries(result)) {
    expect([id, missing]).toEqual([id, []]);
    expect(count).toBeGreaterThan(1);
  }
  expect(result['pa-cloud-kit']!.count).toBeGreaterThan(50); // the core flat plus aws, compliance, config
});

describe('a TypeScript consumer with strict flags', () => {
  // One tsc run (skipLibCheck off checks every declaration reachable, aws-cdk-lib's too: seconds).
  test('the declarations of every entry point type-check (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, skipLibCheck off); tsc compiles the app and node runs it', () => {
    const dir = path.join(tfApp, 'ts');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true,
        noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, noImplicitOverride: true,
        skipLibCheck: false, types: [], outDir: 'build', rootDir: '.',
      },
      files: ['app.ts', 'entry-points.ts'],
    }, null, 2));
    fs.writeFileSync(path.join(dir, 'entry-points.ts'), `import type * as root from 'pa-cloud-kit';
import type * as core from 'pa-cloud-kit/core';
import type * as aws from 'pa-cloud-kit/aws';
import type * as openstack from 'pa-cloud-kit/openstack';
import type * as compliance from 'pa-cloud-kit/compliance';
import type * as complianceCdk from 'pa-cloud-kit/compliance/cdk';
import type * as complianceCdktf from 'pa-cloud-kit/compliance/cdktf';
import type * as config from 'pa-cloud-kit/config';
import type * as aggregator from 'pa-cloud-kit/aggregator';
export type Everything = [typeof root, typeof core, typeof aws, typeof openstack, typeof compliance, typeof complianceCdk,
  typeof complianceCdktf, typeof config, typeof aggregator];
export type StackProps = openstack.LandingZoneProps;
`);
    fs.writeFileSync(path.join(dir, 'app.ts'), `import { App, Stack, aws_kms as kms } from 'aws-cdk-lib';
import { LandingZone, type LandingZoneProps } from 'pa-cloud-kit/aws';
import { TenantIdentity, allocateTenantRanges, planTenantNetwork } from 'pa-cloud-kit';
import { loadConfig, type LandingZonesConfig } from 'pa-cloud-kit/config';
import { check, type CheckResult } from 'pa-cloud-kit/compliance';

const tenant = TenantIdentity.of(${TENANT('critico', 'c_a003')});
const ranges = allocateTenantRanges('10.0.0.0/8', [{ id: 'c_a003' }]);
const cidr = ranges.get('c_a003');
if (cidr === undefined) throw new Error('no range');
const plan = planTenantNetwork({ cidr, availabilityZones: ['eu-south-1a', 'eu-south-1b', 'eu-south-1c'] });
const app = new App({ outdir: 'cdk.out.ts' });
const stack = new Stack(app, 'PaComuneTs', { env: { account: '222222222222', region: 'eu-south-1' } });
// One key per purpose (ACN-KMS-01), held by the PA (ACN-KMS-02).
const key = (id: string, n: number) => kms.Key.fromKeyArn(stack, id, \`arn:aws:kms:eu-south-1:222222222222:key/11111111-2222-3333-4444-55555555555\${n}\`);
const props: LandingZoneProps = {
  tenant,
  cidr: plan.cidr.toString(),
  availabilityZones: plan.availabilityZones,
  overrides: [{ setting: 'auditLogSearchableRetention', value: '36 months' }],
  keys: { logs: key('Logs', 1), backup: key('Backup', 2), data: key('Data', 3) },
  backupCopyTarget: { vaultArn: 'arn:aws:backup:eu-south-1:333333333333:backup-vault:copies' },
};
new LandingZone(stack, 'LandingZone', props);
app.synth();
const result: CheckResult = check(['cdk.out.ts']);
const loader: (file: string) => LandingZonesConfig = loadConfig;
console.log(JSON.stringify({ documents: result.documents.length, loader: typeof loader }));
`);
    const tsc = exec(process.execPath, [TSC, '-p', dir, '--listFiles'], { cwd: tfApp });
    const lines = (tsc.stdout + tsc.stderr).split('\n');
    // The kit's declarations are in the program...
    expect(lines.filter((l) => l.includes(`${path.sep}pa-cloud-kit${path.sep}dist${path.sep}`) && l.endsWith('.d.ts')).length).toBeGreaterThan(50);
    // ...and no error is in them or in the app. aws-cdk-lib's own declarations do not pass
    // exactOptionalPropertyTypes with skipLibCheck off (upstream; the README says so): left out.
    const errors = lines.filter((l) => /error TS\d+/.test(l));
    const upstream = /node_modules[\\/](aws-cdk-lib|constructs|cdktf)[\\/]/;
    expect(errors.filter((l) => !upstream.test(l))).toEqual([]);
    const r = node(tfApp, [path.join('ts', 'build', 'app.js')]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual({ documents: 1, loader: 'function' });
    const counts = cfnTypeCounts(path.join(tfApp, 'cdk.out.ts', 'PaComuneTs.template.json'));
    expect(counts).toMatchObject({ 'AWS::EC2::Subnet': 12, 'AWS::EC2::NatGateway': 3 }); // critico: a NAT gateway per zone
    expect(counts).not.toHaveProperty(['AWS::KMS::Key']); // the PA's own keys, imported
  });
});

describe('the packaged pa-cloud-kit command', () => {
  const bin = (app: string) => path.join(app, 'node_modules', '.bin', 'pa-cloud-kit');

  test('--version and --help load no command, no provider and no validator', () => {
    const version = node(awsApp, [bin(awsApp), '--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = node(awsApp, [bin(awsApp), '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^ {2}check \[options\] <path\.\.\.> +check synthesized/m);
    for (const r of [version, help]) {
      for (const pkg of ['aws-cdk-lib', 'cdktf', 'constructs', 'ajv', 'yaml']) expect([pkg, loaded(r.modules, pkg)]).toEqual([pkg, false]);
      expect(kitModules(r.modules).filter((m) => !/^(bin\/pa-cloud-kit\.js|dist\/cli\/(main|io|registry|private\/errors|private\/io-errors)\.js|dist\/core\/errors\.js|dist\/compliance\/(types|integrations\/private\/kit-version)\.js)$/.test(m))).toEqual([]);
    }
  });

  test('synth of an AWS-only landing zones file in an app without cdktf: checked templates and report, cdktf never loaded', () => {
    const file = path.join(awsApp, 'landing-zones.yaml');
    fs.writeFileSync(file, [
      'defaults:', '  provider: aws', '  region: eu-south-1', '  qualification: QC1', '  networkPool: 10.0.0.0/8',
      'tenants:',
      '  - ipaCode: c_a005', '    name: Comune di Prova', '    classification: ordinario', '    owner: Servizi informativi',
      '    incidentContact: cert@comune.prova.example.it', '    account: "222222222222"',
    ].join('\n'));
    const r = node(awsApp, [bin(awsApp), 'synth', 'landing-zones.yaml', '--out', 'out']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^PASSED: 1 tenant/m);
    expect(loaded(r.modules, 'aws-cdk-lib')).toBe(true);
    expect(loaded(r.modules, 'cdktf')).toBe(false);
    // The landing zones file is validated by the validator precompiled at build: no Ajv compiler.
    expect(kitModules(r.modules)).toContain('dist/config/private/landing-zones-validator.js');
    expect(r.modules.filter((m) => /[\\/]ajv[\\/]dist[\\/](ajv|core|compile[\\/])/.test(m))).toEqual([]);
    // The ownership manifest and the incremental state of the output folder (see the README's CLI section).
    expect(fs.readdirSync(path.join(awsApp, 'out')).sort()).toEqual(['.pa-cloud-kit-manifest.json', '.pa-cloud-kit-state', 'aws', 'report.html', 'report.md']);
    expect(cfnTypeCounts(path.join(awsApp, 'out', 'aws', 'PaLz-c-a005.template.json'))).toMatchObject({ 'AWS::EC2::VPC': 1, 'AWS::CloudTrail::Trail': 1 });
  });

  test('synth of an OpenStack-only landing zones file never loads aws-cdk-lib', () => {
    fs.writeFileSync(path.join(tfApp, 'landing-zones.yaml'), [
      'defaults:', '  provider: openstack', '  qualification: QC1', '  networkPool: 10.0.0.0/8',
      'openstack:', '  cloud: pa-cloud', '  externalNetworkName: public', '  regions:', '    - name: it-mil1', '      country: IT',
      '  region: it-mil1', '  credentialsExpireAt: "2027-06-30T00:00:00Z"',
      'tenants:',
      '  - ipaCode: c_a006', '    name: Comune di Prova', '    classification: ordinario', '    owner: Servizi informativi',
      '    incidentContact: cert@comune.prova.example.it',
    ].join('\n'));
    const r = node(tfApp, [bin(tfApp), 'synth', 'landing-zones.yaml', '--out', 'out']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/^PASSED: 1 tenant/m);
    expect(loaded(r.modules, 'cdktf')).toBe(true);
    expect(loaded(r.modules, 'aws-cdk-lib')).toBe(false);
    expect(tfTypeCounts(path.join(tfApp, 'out', 'openstack', 'stacks', 'palz-c-a006', 'cdk.tf.json'))).toMatchObject({
      openstack_networking_network_v2: 4,
      openstack_compute_instance_v2: 1,
    });
  });

  test('check of every app\'s output passes, and loads neither aws-cdk-lib nor cdktf', () => {
    const r = node(tfApp, [bin(tfApp), 'check', '--format', 'json',
      path.join(awsApp, 'cdk.out.cjs'), path.join(awsApp, 'cdk.out.esm'), path.join(tfApp, 'cdk.out.ts'), path.join(tfApp, 'cdktf.out', 'stacks', 'asl-prova')]);
    const report = JSON.parse(r.stdout) as {
      passed: boolean;
      summary: { documents: number; failed: number; passed: number };
      documents: Array<{ landingZone: string; kind: string; resourceCount: number; controls: Array<{ control: string; status: string }> }>;
    };
    const failed = report.documents.flatMap((d) => d.controls.filter((c) => c.status === 'failed').map((c) => `${d.landingZone} ${c.control}`));
    expect(failed).toEqual([]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(report.passed).toBe(true);
    expect(report.summary).toMatchObject({ documents: 4, failed: 0 });
    expect(report.documents.map((d) => [d.landingZone, d.kind]).sort()).toEqual([
      ['asl_a004', 'terraform'], ['c_a001', 'cloudformation'], ['c_a002', 'cloudformation'], ['c_a003', 'cloudformation'],
    ]);
    for (const d of report.documents) expect(d.resourceCount).toBeGreaterThan(20);
    for (const pkg of ['aws-cdk-lib', 'cdktf', 'constructs']) expect([pkg, loaded(r.modules, pkg)]).toEqual([pkg, false]);
  });

  test('a reader that stops early (`| head`) is no crash: the command ends with its own exit code and prints no trace', () => {
    const docs = [path.join(awsApp, 'cdk.out.cjs'), path.join(awsApp, 'cdk.out.esm'), path.join(awsApp, 'out'), path.join(tfApp, 'cdk.out.ts'), path.join(tfApp, 'cdktf.out')];
    const command = `"${process.execPath}" "${bin(awsApp)}" check --format json ${docs.map((d) => `"${d}"`).join(' ')}`;
    // More than a pipe's buffer (64 KiB on Linux), so the writer meets the closed pipe.
    const whole = spawnSync('bash', ['-c', command], { cwd: awsApp, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(whole.status).toBe(0);
    expect(whole.stdout.length).toBeGreaterThan(96 * 1024);
    const r = spawnSync('bash', ['-c', `set -o pipefail; ${command} | head -c 5 >/dev/null`], { cwd: awsApp, encoding: 'utf8' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  });
});

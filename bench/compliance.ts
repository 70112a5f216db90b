/**
 * Bench: throughput of the compliance engine (resources per second) on large generated
 * CloudFormation templates and Terraform JSON documents (1,000 / 10,000 / 50,000 resources), and
 * the overhead of checking the sample AWS landing zones relative to synthesizing them.
 *
 *   npx tsx bench/compliance.ts            # table + bench/results/compliance.json
 *   npx tsx bench/compliance.ts --quick    # 1,000 and 10,000 resources only
 *
 * Numbers are reported, never asserted (machines here are shared and noisy). Parse and evaluate
 * are timed separately; each case is run 3 times and the best run is kept.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { evaluateDocument, parseDocument } from '../lib/compliance';

const QUICK = process.argv.includes('--quick');
const SIZES = QUICK ? [1_000, 10_000] : [1_000, 10_000, 50_000];
const RUNS = 3;
const TARGET_RESOURCES_PER_SECOND = 20_000;
const TARGET_OVERHEAD = 0.1;

const TAGS = { 'pa:ipa-code': 'c_b000', 'pa:classification': 'critico', 'acn:qualification': 'QC2', 'pa:owner': 'Servizio Sistemi Informativi', 'pa:incident-contact': 'cert@comune.prova.example' };
const cfnTags = () => Object.entries(TAGS).map(([Key, Value]) => ({ Key, Value }));
const tfTags = () => Object.entries(TAGS).map(([k, v]) => `${k}=${v}`);

/** A CloudFormation template of `n` resources mixing what the rules look at. */
export function generateCloudFormation(n: number): object {
  const resources: Record<string, object> = {};
  for (let i = 0; i < n; i++) {
    switch (i % 8) {
      case 0:
        resources[`Bucket${i}`] = {
          Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
          Properties: {
            BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [`Key${i + 1}`, 'Arn'] } } }] },
            VersioningConfiguration: { Status: 'Enabled' },
            PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
            Tags: cfnTags(),
          },
        };
        break;
      case 1:
        resources[`Key${i}`] = { Type: 'AWS::KMS::Key', DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true, KeyPolicy: { Version: '2012-10-17', Statement: [] }, Tags: cfnTags() } };
        break;
      case 2:
        resources[`BucketPolicy${i}`] = {
          Type: 'AWS::S3::BucketPolicy',
          Properties: { Bucket: { Ref: `Bucket${i - 2}` }, PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Resource: '*' }] } },
        };
        break;
      case 3:
        resources[`SecurityGroup${i}`] = {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: { GroupDescription: 'bench', VpcId: 'vpc-123', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: i % 16 === 3 ? 22 : 443, ToPort: i % 16 === 3 ? 22 : 443, CidrIp: i % 16 === 3 ? '10.0.0.0/8' : '0.0.0.0/0' }], Tags: cfnTags() },
        };
        break;
      case 4:
        resources[`LogGroup${i}`] = { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'Retain', Properties: { RetentionInDays: 731, KmsKeyId: { 'Fn::GetAtt': [`Key${i - 3}`, 'Arn'] } } };
        break;
      case 5:
        resources[`Subnet${i}`] = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-123', CidrBlock: `10.${(i >> 8) & 255}.${i & 255}.0/24`, Tags: cfnTags() } };
        break;
      case 6:
        resources[`Role${i}`] = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] }, Tags: cfnTags() } };
        break;
      default:
        resources[`Topic${i}`] = { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { Ref: `Key${i - 6}` }, Tags: cfnTags() } };
    }
  }
  return { AWSTemplateFormatVersion: '2010-09-09', Resources: resources };
}

/** A Terraform JSON document of `n` OpenStack resources mixing what the rules look at. */
export function generateTerraform(n: number): object {
  const byType: Record<string, Record<string, object>> = {};
  const add = (type: string, name: string, body: object) => {
    (byType[type] ??= {})[name] = body;
  };
  for (let i = 0; i < n; i++) {
    switch (i % 6) {
      case 0:
        add('openstack_networking_network_v2', `net${i}`, { name: `net${i}`, admin_state_up: true, tags: tfTags() });
        break;
      case 1:
        add('openstack_networking_subnet_v2', `subnet${i}`, { name: `subnet${i}`, network_id: `\${openstack_networking_network_v2.net${i - 1}.id}`, cidr: `10.${(i >> 8) & 255}.${i & 255}.0/24`, tags: tfTags() });
        break;
      case 2:
        add('openstack_networking_secgroup_v2', `sg${i}`, { name: `sg${i}`, delete_default_rules: true, tags: tfTags() });
        break;
      case 3:
        add('openstack_networking_secgroup_rule_v2', `rule${i}`, { direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: i % 12 === 3 ? 22 : 443, port_range_max: i % 12 === 3 ? 22 : 443, remote_ip_prefix: i % 12 === 3 ? '10.0.0.0/8' : '0.0.0.0/0', security_group_id: `\${openstack_networking_secgroup_v2.sg${i - 1}.id}` });
        break;
      case 4:
        add('openstack_blockstorage_volume_v3', `vol${i}`, { name: `vol${i}`, size: 10, volume_type: 'encrypted', metadata: TAGS });
        break;
      default:
        add('openstack_objectstorage_container_v1', `container${i}`, { name: `container${i}`, versioning: true, metadata: TAGS });
    }
  }
  return { terraform: { required_providers: { openstack: { source: 'terraform-provider-openstack/openstack', version: '3.4.0' } } }, provider: { openstack: [{ region: 'it-mil1' }] }, resource: byType };
}

interface ThroughputRow {
  readonly kind: 'cloudformation' | 'terraform';
  readonly resources: number;
  readonly bytes: number;
  readonly parseMs: number;
  readonly evaluateMs: number;
  readonly resourcesPerSecond: number;
  readonly findings: number;
}

function best<T>(runs: number, fn: () => T): { ms: number; value: T } {
  let bestMs = Infinity;
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    value = fn();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (ms < bestMs) bestMs = ms;
  }
  return { ms: bestMs, value: value as T };
}

function throughput(kind: ThroughputRow['kind'], n: number): ThroughputRow {
  const text = JSON.stringify(kind === 'cloudformation' ? generateCloudFormation(n) : generateTerraform(n));
  const file = kind === 'cloudformation' ? `bench-${n}.template.json` : `bench-${n}.tf.json`;
  const parsed = best(RUNS, () => parseDocument(file, text));
  const evaluated = best(RUNS, () => evaluateDocument(parseDocument(file, text), {}));
  const evaluateMs = Math.max(0, evaluated.ms - parsed.ms);
  return {
    kind,
    resources: parsed.value.resources.length,
    bytes: text.length,
    parseMs: round(parsed.ms),
    evaluateMs: round(evaluateMs),
    resourcesPerSecond: Math.round(parsed.value.resources.length / (evaluated.ms / 1000)),
    findings: evaluated.value.findings.length,
  };
}

interface OverheadRow {
  readonly stacks: number;
  readonly resources: number;
  readonly synthMs: number;
  readonly checkMs: number;
  readonly overhead: number;
}

/** Synthesizes examples/aws (without aws-cdk-lib's bundled validator) and checks its templates. */
function synthesisOverhead(): OverheadRow | string {
  const example = path.join(__dirname, '..', 'examples', 'aws', 'main.ts');
  if (!fs.existsSync(example)) return 'examples/aws/main.ts not found';
  process.env.CDK_VALIDATION = 'false';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildExampleApp } = require('../examples/aws/main') as { buildExampleApp(props?: object): { synth(): { stacks: { templateFullPath: string }[] } } };
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-compliance-bench-'));
  try {
    // The first synthesis warms up module loading; the best of the next runs is kept.
    buildExampleApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'pa-compliance-warm-')) }).synth();
    let templates: string[] = [];
    const synth = best(RUNS, () => {
      const assembly = buildExampleApp({ outdir }).synth();
      templates = assembly.stacks.map((s) => s.templateFullPath);
      return assembly;
    });
    const check = best(RUNS, () => templates.map((t) => evaluateDocument(parseDocument(t, fs.readFileSync(t, 'utf8')), {})));
    const resources = check.value.reduce((n, r) => n + r.resourceCount, 0);
    return { stacks: templates.length, resources, synthMs: round(synth.ms), checkMs: round(check.ms), overhead: Math.round((check.ms / synth.ms) * 1000) / 1000 };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function main(): void {
  const rows: ThroughputRow[] = [];
  for (const kind of ['cloudformation', 'terraform'] as const) {
    for (const n of SIZES) rows.push(throughput(kind, n));
  }
  console.log('Engine throughput (best of 3; evaluate = parse + rules, minus parse):');
  console.log('kind            resources      MB   parse ms  evaluate ms  resources/s  findings');
  for (const r of rows) {
    console.log(`${r.kind.padEnd(15)} ${String(r.resources).padStart(9)} ${(r.bytes / 1e6).toFixed(1).padStart(7)} ${r.parseMs.toFixed(1).padStart(10)} ${r.evaluateMs.toFixed(1).padStart(12)} ${String(r.resourcesPerSecond).padStart(12)} ${String(r.findings).padStart(9)}`);
  }
  const slowest = Math.min(...rows.map((r) => r.resourcesPerSecond));
  console.log(`slowest: ${slowest} resources/s (target >= ${TARGET_RESOURCES_PER_SECOND}: ${slowest >= TARGET_RESOURCES_PER_SECOND ? 'met' : 'NOT met'})`);

  const overhead = synthesisOverhead();
  if (typeof overhead === 'string') {
    console.log(`Synthesis overhead: skipped (${overhead})`);
  } else {
    console.log(`Synthesis overhead (examples/aws, ${overhead.stacks} stacks, ${overhead.resources} resources, aws-cdk-lib validator off):`);
    console.log(`  synth ${overhead.synthMs} ms, check ${overhead.checkMs} ms: ${(overhead.overhead * 100).toFixed(1)}% (target < ${TARGET_OVERHEAD * 100}%: ${overhead.overhead < TARGET_OVERHEAD ? 'met' : 'NOT met'})`);
  }

  const results = {
    benchmark: 'compliance',
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    quick: QUICK,
    targets: { resourcesPerSecond: TARGET_RESOURCES_PER_SECOND, synthesisOverhead: TARGET_OVERHEAD },
    throughput: rows,
    slowestResourcesPerSecond: slowest,
    synthesisOverhead: overhead,
  };
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results', 'compliance.json'), `${JSON.stringify(results, null, 2)}\n`);
}

main();

/**
 * What deploying the AWS output of `synth` needs, read offline from the cloud assembly of the
 * sample aggregator: the deploy order (central stack first), the CDK bootstrap each account and
 * region needs (the README's deploy guide), the deploy role of each stack's own account.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { synthesizeLandingZones } from '../../lib/aggregator/synth';
import { loadConfig, parseConfig } from '../../lib/config';

const SAMPLE = path.join(__dirname, '..', '..', 'examples', 'aggregator', 'landing-zones.yaml');
const CENTRAL = 'PaCentral-eu-south-1';
const TENANTS = { 'PaLz-c-a001': '210987654321', 'PaLz-asl-esempio': '222222222222', 'PaLz-r-esempio-sanita': '333333333333' } as const;

describe('deploying the sample aggregator\'s AWS output', () => {
  let outDir: string;
  let assembly: cxapi.CloudAssembly;
  beforeAll(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-deploy-'));
    synthesizeLandingZones(loadConfig(SAMPLE), { outDir });
    // What `cdk deploy --app <out>/aws` reads: fails on a manifest of another schema version.
    assembly = new cxapi.CloudAssembly(path.join(outDir, 'aws'));
  });
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  test('the assembly holds the tenants\' stacks and the central stack, each in its own account', () => {
    const stacks = assembly.stacksRecursively.map((s) => [s.stackName, s.environment.account, s.environment.region]);
    expect(stacks).toEqual(expect.arrayContaining([
      ...Object.entries(TENANTS).map(([name, account]) => [name, account, 'eu-south-1']),
      [CENTRAL, '111111111111', 'eu-south-1'],
    ]));
    expect(stacks).toHaveLength(4);
  });

  test('every tenant stack depends on the central stack, which depends on none: cdk deploy --all deploys it first', () => {
    const byName = new Map(assembly.stacksRecursively.map((s) => [s.stackName, s]));
    for (const name of Object.keys(TENANTS)) {
      expect([name, byName.get(name)!.dependencies.map((d) => d.id)]).toEqual([name, expect.arrayContaining([CENTRAL])]);
    }
    expect(byName.get(CENTRAL)!.dependencies.filter((d) => d instanceof cxapi.CloudFormationStackArtifact)).toEqual([]);
    // A topological order of the stacks puts the central stack before every tenant.
    const order: string[] = [];
    const visit = (s: cxapi.CloudFormationStackArtifact) => {
      if (order.includes(s.stackName)) return;
      for (const d of s.dependencies) if (d instanceof cxapi.CloudFormationStackArtifact) visit(d);
      order.push(s.stackName);
    };
    assembly.stacksRecursively.forEach(visit);
    expect(order[0]).toBe(CENTRAL);
  });

  test('every stack needs the CDK bootstrap (version 6 or later) of its own account and region, and is deployed through its deploy role', () => {
    for (const s of assembly.stacksRecursively) {
      const { account, region } = s.environment;
      expect([s.stackName, s.requiresBootstrapStackVersion]).toEqual([s.stackName, expect.any(Number)]);
      expect(s.requiresBootstrapStackVersion!).toBeGreaterThanOrEqual(6);
      expect(s.assumeRoleArn).toBe(`arn:\${AWS::Partition}:iam::${account}:role/cdk-hnb659fds-deploy-role-${account}-${region}`);
      expect(s.cloudFormationExecutionRoleArn).toBe(`arn:\${AWS::Partition}:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-${region}`);
    }
  });

  test('tenant stacks carry a file asset (the code of the default security group custom resource): no bootstrap-free synthesizer fits them', () => {
    const assetsOf = (name: string) => {
      const manifest = JSON.parse(fs.readFileSync(path.join(outDir, 'aws', `${name}.assets.json`), 'utf8')) as { files: Record<string, { source: { path: string; packaging?: string }; destinations: Record<string, { bucketName: string }> }> };
      return Object.values(manifest.files);
    };
    for (const [name, account] of Object.entries(TENANTS)) {
      const code = assetsOf(name).filter((f) => f.source.packaging === 'zip');
      expect([name, code.length]).toEqual([name, 1]);
      expect(Object.values(code[0].destinations)[0].bucketName).toBe(`cdk-hnb659fds-assets-${account}-eu-south-1`);
      const template = JSON.parse(fs.readFileSync(path.join(outDir, 'aws', `${name}.template.json`), 'utf8'));
      expect(template.Parameters.BootstrapVersion.Default).toBe('/cdk-bootstrap/hnb659fds/version');
    }
    // The central stack has no asset beyond its template.
    expect(assetsOf(CENTRAL).map((f) => f.source.packaging ?? 'file')).toEqual(['file']);
  });
});

test("ordinario tenants of an aggregator without its own keys: the trail encrypts with the central stack's key, named by alias ARN", () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-alias-'));
  try {
    const config = parseConfig([
      'aggregator: { ipaCode: r_esempio, name: Aggregatore, owner: CED, incidentContact: soc@esempio.it, account: "111111111111" }',
      'tenants:',
      '  - { ipaCode: c_a001, name: Comune, classification: ordinario, qualification: QC1, owner: ICT, incidentContact: cert@comune.it, account: "210987654321", cidr: 10.0.0.0/16 }',
      '',
    ].join('\n'));
    synthesizeLandingZones(config, { outDir });
    const read = (name: string) => JSON.parse(fs.readFileSync(path.join(outDir, 'aws', `${name}.template.json`), 'utf8'));
    const trail = Object.values(read('PaLz-c-a001').Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>).find((r) => r.Type === 'AWS::CloudTrail::Trail')!;
    expect(trail.Properties.KMSKeyId).toBe('arn:aws:kms:eu-south-1:111111111111:alias/pa/r-esempio/central-logs-0');
    expect(trail.Properties.TrailName).toBe('pa-c-a001-audit');
    const central = read(CENTRAL).Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    expect(Object.values(central).filter((r) => r.Type === 'AWS::KMS::Alias').map((r) => r.Properties.AliasName)).toEqual(['alias/pa/r-esempio/central-logs-0']);
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
});

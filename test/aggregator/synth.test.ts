/** synthesizeLandingZones on the aggregator sample: inventory, file layout, and stability when a tenant is appended. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../lib/config';
import { synthesizeLandingZones, synthesizedDocuments, type SynthesisResult } from '../../lib/aggregator/synth';

const SAMPLE = path.resolve(__dirname, '..', '..', 'examples', 'aggregator', 'landing-zones.yaml');

/** Two tenants appended at the end of the sample's tenants list (the last section of the file). */
const APPENDED = `
  - ipaCode: c_a003
    name: Comune Nuovo
    classification: ordinario
    owner: Servizi informativi
    incidentContact: cert@comune.nuovo.it
    account: "555555555555"

  - ipaCode: c_a004
    name: Comune Nuovissimo
    classification: ordinario
    provider: openstack
    qualification: QC1
    owner: Ufficio CED
    incidentContact: ced@comune.nuovissimo.it
`;

let tmp: string;
let base: SynthesisResult;
let appended: SynthesisResult;
const progress: string[] = [];

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-synth-'));
  base = synthesizeLandingZones(loadConfig(SAMPLE), { outDir: path.join(tmp, 'base'), onProgress: (p) => progress.push(`${p.step}/${p.total} ${p.label}`) });
  const file = path.join(tmp, 'appended.yaml');
  fs.writeFileSync(file, fs.readFileSync(SAMPLE, 'utf8').trimEnd() + '\n' + APPENDED);
  appended = synthesizeLandingZones(loadConfig(file), { outDir: path.join(tmp, 'appended') });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const json = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

describe('inventory of the sample', () => {
  test('one entry per tenant, in file order, with provider, class, region, range and stack', () => {
    expect(base.tenants.map((t) => [t.ipaCode, t.provider, t.classification, t.region, t.cidr, t.stackName])).toEqual([
      ['c_a001', 'aws', 'ordinario', 'eu-south-1', '10.0.0.0/16', 'PaLz-c-a001'],
      ['asl_esempio', 'aws', 'critico', 'eu-south-1', '10.20.0.0/16', 'PaLz-asl-esempio'],
      ['r_esempio_sanita', 'aws', 'strategico', 'eu-south-1', '10.1.0.0/16', 'PaLz-r-esempio-sanita'],
      ['c_a002', 'openstack', 'ordinario', 'it-mil1', '10.2.0.0/16', 'palz-c-a002'],
      ['ao_esempio', 'openstack', 'critico', 'it-mil1', '10.30.0.0/20', 'palz-ao-esempio'],
      ['r_esempio_ps', 'openstack', 'strategico', 'it-rom1', '10.3.0.0/16', 'palz-r-esempio-ps'],
    ]);
  });

  test('output files: AWS templates under aws/, Terraform JSON under openstack/stacks/<id>/', () => {
    const out = path.join(tmp, 'base');
    expect(base.outDir).toBe(out);
    expect(base.tenants[0].outputFile).toBe(path.join(out, 'aws', 'PaLz-c-a001.template.json'));
    expect(base.tenants[3].outputFile).toBe(path.join(out, 'openstack', 'stacks', 'palz-c-a002', 'cdk.tf.json'));
    for (const file of synthesizedDocuments(base)) expect(fs.existsSync(file)).toBe(true);
  });

  test('AWS tenant stacks: name, account and region from the file, three availability zones', () => {
    const manifest = json(path.join(tmp, 'base', 'aws', 'manifest.json'));
    const artifact = manifest.artifacts['PaLz-asl-esempio'];
    expect(artifact.environment).toBe('aws://222222222222/eu-south-1');
    expect(artifact.properties.templateFile).toBe('PaLz-asl-esempio.template.json');
    const subnets = Object.values(json(base.tenants[1].outputFile).Resources as Record<string, { Type: string; Properties: { AvailabilityZone?: string } }>)
      .filter((r) => r.Type === 'AWS::EC2::Subnet').map((r) => r.Properties.AvailabilityZone);
    expect(new Set(subnets)).toEqual(new Set(['eu-south-1a', 'eu-south-1b', 'eu-south-1c']));
  });

  test('resource counts are read from the documents and stay within CloudFormation limits', () => {
    for (const t of base.tenants) {
      const doc = json(t.outputFile);
      const count = t.provider === 'aws'
        ? Object.keys(doc.Resources).length
        : Object.values(doc.resource as Record<string, object>).reduce((n: number, byName) => n + Object.keys(byName).length, 0);
      expect(t.resourceCount).toBe(count);
      expect(t.resourceCount).toBeGreaterThan(40);
      expect(t.resourceCount).toBeLessThan(500);
    }
  });

  test('AWS tenants write to their central archive bucket, imported by name', () => {
    const text = fs.readFileSync(base.tenants[0].outputFile, 'utf8');
    expect(text).toContain('pa-r-esempio-logs-0-111111111111-eu-south-1');
  });

  test('the PA-held keys and the off-site vault of the file are used', () => {
    const text = fs.readFileSync(base.tenants[2].outputFile, 'utf8');
    expect(text).toContain('arn:aws:kms:eu-south-1:333333333333:key/8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f');
    expect(text).toContain('arn:aws:backup:eu-south-1:444444444444:backup-vault:sanita-offsite');
  });

  test('central stacks: one AWS stack per region of the AWS tenants, one OpenStack stack in the default region', () => {
    expect(base.centralStacks.map((c) => [c.provider, c.ipaCode, c.region, c.stackName])).toEqual([
      ['aws', 'r_esempio', 'eu-south-1', 'PaCentral-eu-south-1'],
      ['openstack', 'r_esempio', 'it-mil1', 'pa-central'],
    ]);
    const central = json(base.centralStacks[1].outputFile);
    expect(Object.keys(central.resource.openstack_objectstorage_container_v1).sort()).toEqual(['log_container_ao_esempio', 'log_container_c_a002', 'log_container_offsite_ao_esempio', 'log_container_offsite_c_a002', 'log_container_offsite_r_esempio_ps', 'log_container_r_esempio_ps']);
    expect(base.centralStacks[0].resourceCount).toBe(Object.keys(json(base.centralStacks[0].outputFile).Resources).length);
  });

  test('progress: one step per tenant, per provider\'s central services and per write', () => {
    expect(progress).toEqual([
      '1/10 c_a001', '2/10 asl_esempio', '3/10 r_esempio_sanita', '4/10 c_a002', '5/10 ao_esempio', '6/10 r_esempio_ps',
      '7/10 central aws', '8/10 central openstack', '9/10 write aws', '10/10 write openstack',
    ]);
  });

  test('CDK_VALIDATION is restored after synthesis', () => {
    expect(process.env.CDK_VALIDATION).toBe('false'); // jest's setup value
  });
});

describe('appending tenants changes nothing for the existing ones', () => {
  test('the appended tenants get the next free ranges of the pool', () => {
    expect(appended.tenants.slice(6).map((t) => [t.ipaCode, t.cidr])).toEqual([['c_a003', '10.4.0.0/16'], ['c_a004', '10.5.0.0/16']]);
  });

  test.each([0, 1, 2])('AWS tenant %i: same logical IDs, same VPC range, same template', (i) => {
    const before = json(base.tenants[i].outputFile);
    const after = json(appended.tenants[i].outputFile);
    expect(Object.keys(after.Resources)).toEqual(Object.keys(before.Resources));
    const vpcCidr = (doc: { Resources: Record<string, { Type: string; Properties: { CidrBlock: string } }> }) =>
      Object.values(doc.Resources).filter((r) => r.Type === 'AWS::EC2::VPC').map((r) => r.Properties.CidrBlock);
    expect(vpcCidr(after)).toEqual([base.tenants[i].cidr]);
    expect(vpcCidr(after)).toEqual(vpcCidr(before));
    expect(after).toEqual(before);
  });

  test.each([3, 4, 5])('OpenStack tenant %i: same Terraform addresses, same network range', (i) => {
    const addresses = (doc: { resource: Record<string, Record<string, unknown>> }) =>
      Object.entries(doc.resource).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`)).sort();
    const before = json(base.tenants[i].outputFile);
    const after = json(appended.tenants[i].outputFile);
    expect(addresses(after)).toEqual(addresses(before));
    const subnets = (doc: { resource: { openstack_networking_subnet_v2: Record<string, { cidr: string }> } }) =>
      Object.values(doc.resource.openstack_networking_subnet_v2).map((s) => s.cidr);
    expect(subnets(after)).toEqual(subnets(before));
    expect(after).toEqual(before);
  });

  test('the central AWS archive keeps its bucket; the new tenant is admitted to it', () => {
    const before = json(base.centralStacks[0].outputFile);
    const after = json(appended.centralStacks[0].outputFile);
    expect(Object.keys(after.Resources)).toEqual(Object.keys(before.Resources));
    expect(JSON.stringify(after)).toContain('555555555555');
  });
});

/** `pa-cloud-kit check` end to end on small fixture documents, in-process. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RULES } from '../../lib/compliance';
import { FIXTURES, ROOT, runCli } from './run-cli';

const OS = `${FIXTURES}/openstack`;
const AWS = `${FIXTURES}/aws`;
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-cli-check-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('exit codes', () => {
  test('a compliant landing zone exits 0 and says PASSED', async () => {
    const r = await runCli(['check', `${OS}/compliant.tf.json`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('c_f205 — test/fixtures/compliance/openstack/compliant.tf.json');
    expect(r.stdout).toMatch(/^PASSED: 1 document, 12 passed, 0 failed, 0 acknowledged, 2 provider responsibility, 5 not applicable, 0 findings$/m);
    expect(r.stderr).toBe('');
  });

  test('a broken landing zone exits 1 naming the control, the resource and the fix', async () => {
    const r = await runCli(['check', `${OS}/broken.tf.json`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL ABSC-NET-02 Default deny; no admin ports from the internet');
    expect(r.stdout).toContain('openstack_networking_secgroup_rule_v2.ssh_from_anywhere (port_range_min): ingress from 0.0.0.0/0 on admin port(s) 22 (SSH)');
    expect(r.stdout).toMatch(/fix: Remove the rule/);
  });

  test('acknowledged failures do not count: exit 0, the reasons are shown', async () => {
    const r = await runCli(['check', `${OS}/acknowledged.tf.json`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ACK {2}ABSC-NET-03 Egress filtering \(1 finding\): FWaaS is not offered/);
    expect(r.stdout).toMatch(/ACK {2}ACN-KMS-02 /);
  });

  test('a folder is walked: one failing document fails the run', async () => {
    const r = await runCli(['check', OS]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAILED: 3 documents,/m);
  });

  test('an unusable file among good ones still exits 2, after checking the good ones', async () => {
    const r = await runCli(['check', `${OS}/compliant.tf.json`, `${FIXTURES}/bad/empty.json`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('c_f205 — ');
    expect(r.stderr).toMatch(/^pa-cloud-kit: .*bad\/empty\.json: empty file/m);
  });
});

describe('classification', () => {
  test('--classification wins over the metadata', async () => {
    const r = await runCli(['check', `${OS}/compliant.tf.json`, '--classification', 'CRITICO', '--format', 'json']);
    const json = JSON.parse(r.stdout);
    expect(json.documents[0]).toMatchObject({ classification: 'critico', classificationSource: 'option' });
    expect(r.code).toBe(1); // critico needs more (off-site archive sync, PA-held keys, egress filtering)
  });

  test('without metadata, the pa:classification tag decides', async () => {
    const r = await runCli(['check', `${AWS}/workload.template.json`, '--format', 'json']);
    expect(JSON.parse(r.stdout).documents[0]).toMatchObject({ classification: 'ordinario', classificationSource: 'tag' });
  });

  test('with neither, ordinario with a notice on stderr naming the file', async () => {
    const file = path.join(tmp, 'untagged.tf.json');
    fs.writeFileSync(file, JSON.stringify({ resource: { openstack_networking_network_v2: { n: { name: 'n' } } } }));
    const r = await runCli(['check', file]);
    expect(r.stderr).toBe(`pa-cloud-kit: notice: ${path.relative(ROOT, file)}: no classification in the options, the metadata or a pa:classification tag: checked as ordinario\n`);
    expect(r.stdout).toContain('classification ordinario (default: no classification found)');
  });

  test('--region-country declares where an OpenStack region is', async () => {
    const file = path.join(tmp, 'no-regions.tf.json');
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, OS, 'compliant.tf.json'), 'utf8'));
    delete doc['//']['pa-cloud-kit'].regions;
    fs.writeFileSync(file, JSON.stringify(doc, null, 2));
    const without = await runCli(['check', file]);
    // An undeclared country is unresolved, not a failure; --strict makes it fail.
    expect(without.code).toBe(0);
    expect(without.stdout).toContain('UNRESOLVED ACN-LOC-01');
    expect((await runCli(['check', file, '--strict'])).code).toBe(1);
    expect((await runCli(['check', file, '--region-country', 'it-mil1=it'])).code).toBe(0);
    const bad = await runCli(['check', file, '--region-country', 'it-mil1=Italy']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^pa-cloud-kit: option '--region-country <region=country>' argument 'it-mil1=Italy' is invalid\. Expected <region>=<country>, the country as two letters/);
  });
});

describe('formats', () => {
  test('json: findings name control, severity, file, resource, message and fix', async () => {
    const r = await runCli(['check', `${AWS}/workload.template.json`, '--format', 'json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.findings).toContainEqual(expect.objectContaining({
      control: 'ABSC-NET-02',
      severity: 'error',
      file: 'test/fixtures/compliance/aws/workload.template.json',
      resource: 'AdminSecurityGroup',
      message: 'ingress from 0.0.0.0/0 on admin port(s) 3389 (RDP)',
      fix: expect.stringMatching(/^Remove the rule/),
    }));
    for (const f of json.findings) expect(Object.keys(f)).toEqual(expect.arrayContaining(['control', 'severity', 'file', 'resource', 'message', 'fix']));
    expect(json.tool.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('sarif: driver rules for every kit rule, results at the resource line, relative URIs', async () => {
    const r = await runCli(['check', `${AWS}/workload.template.json`, '--format', 'sarif']);
    const run = JSON.parse(r.stdout).runs[0];
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(RULES.map((x) => x.id));
    const admin = run.results.find((x: { locations: { logicalLocations: { name: string }[] }[] }) => x.locations[0].logicalLocations[0].name === 'AdminSecurityGroup');
    expect(admin).toMatchObject({ ruleId: 'aws-admin-ports-closed', level: 'error', properties: { control: 'ABSC-NET-02' } });
    const lines = fs.readFileSync(path.join(ROOT, AWS, 'workload.template.json'), 'utf8').split('\n');
    const line = admin.locations[0].physicalLocation.region.startLine;
    expect(lines[line - 1]).toMatch(/^\s*"AdminSecurityGroup": \{/);
    expect(admin.locations[0].physicalLocation.artifactLocation.uri).toBe('test/fixtures/compliance/aws/workload.template.json');
  });

  test('sarif: a Terraform address points at its block', async () => {
    const r = await runCli(['check', `${OS}/broken.tf.json`, '--format', 'sarif']);
    const result = JSON.parse(r.stdout).runs[0].results[0];
    const lines = fs.readFileSync(path.join(ROOT, OS, 'broken.tf.json'), 'utf8').split('\n');
    expect(lines[result.locations[0].physicalLocation.region.startLine - 1]).toMatch(/^\s*"ssh_from_anywhere": \{/);
  });

  test('markdown: the control matrix', async () => {
    const r = await runCli(['check', `${OS}/broken.tf.json`, '--format', 'markdown']);
    expect(r.stdout).toContain('| ABSC-NET-02 | Default deny; no admin ports from the internet | ❌ **failed** |  |');
  });

  test('--out writes the format to the file and the text summary to stdout', async () => {
    const out = path.join(tmp, 'nested', 'result.sarif');
    const r = await runCli(['check', `${OS}/broken.tf.json`, '--format', 'sarif', '--out', out]);
    expect(r.code).toBe(1);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).version).toBe('2.1.0');
    expect(r.stdout).toContain('FAIL ABSC-NET-02');
    expect(r.stdout).toContain(`sarif output written to ${out}`);
  });

  test('colour only on a terminal, and never with NO_COLOR', async () => {
    expect((await runCli(['check', `${OS}/broken.tf.json`], { isTTY: true })).stdout).toContain('\u001b[31mFAIL');
    expect((await runCli(['check', `${OS}/broken.tf.json`], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });
});

test('a template with 5,000 resources gives a result, no crash', async () => {
  const resources: Record<string, object> = {};
  const Tags = [['pa:ipa-code', 'c_f205'], ['pa:classification', 'ordinario'], ['acn:qualification', 'QC1'], ['pa:owner', 'SIA'], ['pa:incident-contact', 'cert@comune.milano.it']].map(([Key, Value]) => ({ Key, Value }));
  for (let i = 0; i < 5000; i++) {
    resources[`Group${i}`] = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'g', VpcId: 'vpc-1', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: i === 4321 ? 22 : 443, ToPort: i === 4321 ? 22 : 443, CidrIp: '0.0.0.0/0' }], Tags } };
  }
  const file = path.join(tmp, 'large.template.json');
  fs.writeFileSync(file, JSON.stringify({ Resources: resources }));
  const started = Date.now();
  const r = await runCli(['check', file, '--format', 'json']);
  const json = JSON.parse(r.stdout);
  expect(r.code).toBe(1);
  expect(json.documents[0].resourceCount).toBe(5000);
  expect(json.findings.filter((f: { control: string }) => f.control === 'ABSC-NET-02')).toEqual([expect.objectContaining({ resource: 'Group4321' })]);
  expect(Date.now() - started).toBeLessThan(30_000);
});

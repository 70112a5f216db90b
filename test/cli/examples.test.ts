/**
 * `pa-cloud-kit check` end to end on the synthesized examples of both providers: they pass, and
 * deliberately broken copies of them fail naming the control.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildExampleApp } from '../../examples/aws/main';
import { buildApp as buildOpenStackApp } from '../../examples/openstack/main';
import { runCli } from './run-cli';

let tmp: string;
let awsOut: string;
let openstackOut: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-cli-examples-'));
  awsOut = path.join(tmp, 'cdk.out');
  openstackOut = path.join(tmp, 'cdktf.out');
  buildExampleApp({ outdir: awsOut }).synth();
  buildOpenStackApp(openstackOut).synth();
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Copies one synthesized document to `broken/<name>`, changed by `mutate`. */
function brokenCopy(source: string, name: string, mutate: (doc: any) => void): string {
  const doc = JSON.parse(fs.readFileSync(source, 'utf8'));
  mutate(doc);
  const dir = path.join(tmp, 'broken');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(doc, null, 1));
  return file;
}

test('the synthesized examples of both providers pass: exit 0', async () => {
  const r = await runCli(['check', awsOut, openstackOut]);
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/^PASSED: 4 documents, \d+ passed, 0 failed, /m);
  expect(r.code).toBe(0);
});

test('a broken copy of the AWS example fails naming LOG-INT-05: exit 1', async () => {
  const file = brokenCopy(path.join(awsOut, 'PaAslDiEsempio.template.json'), 'asl.template.json', (doc) => {
    for (const resource of Object.values<any>(doc.Resources)) {
      if (resource.Type === 'AWS::CloudTrail::Trail') resource.Properties.EnableLogFileValidation = false;
    }
  });
  const r = await runCli(['check', file]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('FAIL LOG-INT-05 Log integrity');
  expect(r.stdout).toMatch(/EnableLogFileValidation\): log file validation is off/);
});

test('a broken copy of the OpenStack example fails naming ABSC-NET-02: exit 1', async () => {
  const source = path.join(openstackOut, 'stacks', 'asl-esempio', 'cdk.tf.json');
  const file = brokenCopy(source, 'asl.tf.json', (doc) => {
    const groups = doc.resource.openstack_networking_secgroup_v2;
    for (const group of Object.values<any>(groups)) group.delete_default_rules = false;
  });
  const r = await runCli(['check', file, '--format', 'json']);
  expect(r.code).toBe(1);
  const findings = JSON.parse(r.stdout).findings as { control: string; resource: string }[];
  expect(new Set(findings.map((f) => f.control))).toEqual(new Set(['ABSC-NET-02']));
  expect(findings.every((f) => f.resource.startsWith('openstack_networking_secgroup_v2.'))).toBe(true);
});

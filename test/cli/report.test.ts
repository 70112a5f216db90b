/** `pa-cloud-kit report` end to end: one self-contained HTML (or Markdown) file per run. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, runCli } from './run-cli';

const OS = `${FIXTURES}/openstack`;
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-cli-report-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('writes one HTML page with every landing zone, exit 1 when a control fails', async () => {
  const out = path.join(tmp, 'report.html');
  const r = await runCli(['report', OS, '--out', out]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe(`html report written to ${out}: 3 landing zones: 37 passed, 1 failed, 2 acknowledged, 6 provider responsibility, 11 not applicable\n`);
  const html = fs.readFileSync(out, 'utf8');
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html.match(/<section class="landing-zone"/g)).toHaveLength(3);
  expect(html).toContain('<dt>File</dt><dd>test/fixtures/compliance/openstack/broken.tf.json</dd>');
  expect(html).toContain('<span class="badge badge-failed">failed</span>');
  expect(html).toContain('FWaaS is not offered by the provider in it-mil1 until 2026');
  expect(html).not.toMatch(/<script|<link|src=|href=/i);
});

test('exit 0 for a compliant landing zone', async () => {
  const out = path.join(tmp, 'ok.html');
  expect((await runCli(['report', `${OS}/compliant.tf.json`, '--out', out])).code).toBe(0);
  expect(fs.readFileSync(out, 'utf8')).toContain('Passed: 1 landing zone checked, 0 findings.');
});

test('the format follows the --out extension unless --format says otherwise', async () => {
  const md = path.join(tmp, 'report.md');
  await runCli(['report', `${OS}/broken.tf.json`, '--out', md]);
  expect(fs.readFileSync(md, 'utf8')).toMatch(/^# pa-cloud-kit compliance report\n/);
  const forced = path.join(tmp, 'forced.md');
  await runCli(['report', `${OS}/broken.tf.json`, '--out', forced, '--format', 'html']);
  expect(fs.readFileSync(forced, 'utf8')).toMatch(/^<!DOCTYPE html>/);
});

test('without --out the HTML goes to stdout', async () => {
  const r = await runCli(['report', `${OS}/compliant.tf.json`]);
  expect(r.stdout).toMatch(/^<!DOCTYPE html>/);
  expect(r.stdout).toContain('<h2 id="lz-1-title">Landing zone c_f205</h2>');
});

test('a script in a resource name is escaped in the report', async () => {
  const file = path.join(tmp, 'evil.tf.json');
  const doc = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', OS, 'broken.tf.json'), 'utf8'));
  const rules = doc.resource.openstack_networking_secgroup_rule_v2;
  rules['<script>alert(1)</script>'] = rules.ssh_from_anywhere;
  delete rules.ssh_from_anywhere;
  fs.writeFileSync(file, JSON.stringify(doc));
  const out = path.join(tmp, 'evil.html');
  const r = await runCli(['report', file, '--out', out]);
  expect(r.code).toBe(1);
  const html = fs.readFileSync(out, 'utf8');
  expect(html).not.toContain('<script>');
  expect(html).toContain('openstack_networking_secgroup_rule_v2.&lt;script&gt;alert(1)&lt;/script&gt;');
});

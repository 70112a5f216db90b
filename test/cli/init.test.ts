/** `pa-cloud-kit init`: the starter file, overwrite protection, bad options, and the init → synth round trip. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, type CliRun } from './run-cli';

let tmp: string;
let init: CliRun;
let synth: CliRun;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-cli-init-'));
  init = await runCli(['init', '--ipa-code', 'c_b123', '--name', 'Comune di Prova'], { cwd: tmp });
  synth = await runCli(['synth', 'landing-zones.yaml', '--out', 'out'], { cwd: tmp });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('init writes landing-zones.yaml with the given codice IPA and name', () => {
  expect(init.code).toBe(0);
  expect(init.stdout).toBe('wrote landing-zones.yaml (aws, ordinario): replace the placeholders, then run pa-cloud-kit synth landing-zones.yaml\n');
  const text = fs.readFileSync(path.join(tmp, 'landing-zones.yaml'), 'utf8');
  expect(text).toMatch(/ipaCode: c_b123/);
  expect(text).toMatch(/name: Comune di Prova/);
});

test('synth accepts the starter as written: exit 0, one line for the tenant, documents and reports written', () => {
  expect(synth.stderr).toBe('');
  expect(synth.code).toBe(0);
  const lines = synth.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^c_b123 {2}aws {2}ordinario {2}eu-south-1 {2}10\.0\.0\.0\/16 {2}PaLz-c-b123 {2}\d+ resources {2}\d+ passed 0 failed$/);
  expect(lines[1]).toMatch(/^PASSED: 1 tenant, 0 central stacks; 1 landing zone: \d+ passed, 0 failed/);
  expect(lines[2]).toBe('rebuilt 1 tenant (c_b123); 0 unchanged since the last run, carried over');
  expect(lines[3]).toBe('written to out: aws/, report.html, report.md');
  expect(lines).toHaveLength(4);
  expect(fs.existsSync(path.join(tmp, 'out', 'aws', 'PaLz-c-b123.template.json'))).toBe(true);
  expect(fs.existsSync(path.join(tmp, 'out', 'openstack'))).toBe(false);
  expect(fs.readFileSync(path.join(tmp, 'out', 'report.md'), 'utf8')).toContain('## Landing zone c\\_b123');
  expect(fs.readFileSync(path.join(tmp, 'out', 'report.html'), 'utf8')).toContain('c_b123');
});

test('init refuses to overwrite an existing file without --force, naming it', async () => {
  const before = fs.readFileSync(path.join(tmp, 'landing-zones.yaml'), 'utf8');
  const r = await runCli(['init', '--classification', 'critico'], { cwd: tmp });
  expect(r.code).toBe(2);
  expect(r.stderr).toBe('pa-cloud-kit: landing-zones.yaml already exists: pass --force to overwrite it\n');
  expect(fs.readFileSync(path.join(tmp, 'landing-zones.yaml'), 'utf8')).toBe(before);
});

test('--force overwrites; --provider and --classification choose the starter', async () => {
  const r = await runCli(['init', 'other.yaml', '--provider', 'openstack', '--classification', 'critico'], { cwd: tmp });
  expect(r.code).toBe(0);
  const forced = await runCli(['init', 'other.yaml', '--provider', 'openstack', '--classification', 'critico', '--force'], { cwd: tmp });
  expect(forced.code).toBe(0);
  expect(forced.stdout).toContain('wrote other.yaml (openstack, critico)');
  const text = fs.readFileSync(path.join(tmp, 'other.yaml'), 'utf8');
  expect(text).toMatch(/provider: openstack/);
  expect(text).toMatch(/classification: critico/);
});

test('a bad codice IPA exits 2 naming the option, and writes nothing', async () => {
  const r = await runCli(['init', 'bad.yaml', '--ipa-code', 'NOT VALID!'], { cwd: tmp });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^pa-cloud-kit: ipaCode: must be a codice IPA .*, got "NOT VALID!"$/m);
  expect(fs.existsSync(path.join(tmp, 'bad.yaml'))).toBe(false);
});

test('an unknown provider or classification exits 2', async () => {
  const p = await runCli(['init', 'x.yaml', '--provider', 'gcp'], { cwd: tmp });
  expect(p.code).toBe(2);
  expect(p.stderr).toMatch(/--provider <provider>' argument 'gcp' is invalid\. Allowed choices are aws, openstack/);
  const c = await runCli(['init', 'x.yaml', '--classification', 'segreto'], { cwd: tmp });
  expect(c.code).toBe(2);
  expect(c.stderr).toMatch(/argument 'segreto' is invalid/);
  expect(fs.existsSync(path.join(tmp, 'x.yaml'))).toBe(false);
});

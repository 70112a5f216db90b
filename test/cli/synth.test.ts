/** `pa-cloud-kit synth` end to end on the aggregator sample, and on an invalid file. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, type CliRun } from './run-cli';

const SAMPLE = 'examples/aggregator/landing-zones.yaml';
let tmp: string;
let out: string;
let r: CliRun;
let lines: string[];

/** The columns of a tenant line: code, provider, class, region, range, stack, resources, controls. */
const LINE = /^(\S+) +(aws|openstack) +(\S+) +(\S+) +(\S+) +(\S+) +(\d+) resources +(\d+) passed (\d+) failed(?: \(([A-Z0-9, -]+)\))?$/;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-cli-synth-'));
  out = path.join(tmp, 'out');
  r = await runCli(['synth', SAMPLE, '--out', out], { isTTY: true });
  lines = r.stdout.trimEnd().split('\n');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the aggregator sample', () => {
  test('one line per tenant in file order, then one per central stack', () => {
    const rows = lines.slice(0, 8).map((l) => LINE.exec(l));
    expect(rows.every((m) => m !== null)).toBe(true);
    expect(rows.map((m) => m!.slice(1, 7))).toEqual([
      ['c_a001', 'aws', 'ordinario', 'eu-south-1', '10.0.0.0/16', 'PaLz-c-a001'],
      ['asl_esempio', 'aws', 'critico', 'eu-south-1', '10.20.0.0/16', 'PaLz-asl-esempio'],
      ['r_esempio_sanita', 'aws', 'strategico', 'eu-south-1', '10.1.0.0/16', 'PaLz-r-esempio-sanita'],
      ['c_a002', 'openstack', 'ordinario', 'it-mil1', '10.2.0.0/16', 'palz-c-a002'],
      ['ao_esempio', 'openstack', 'critico', 'it-mil1', '10.30.0.0/20', 'palz-ao-esempio'],
      ['r_esempio_ps', 'openstack', 'strategico', 'it-rom1', '10.3.0.0/16', 'palz-r-esempio-ps'],
      ['r_esempio', 'aws', 'central', 'eu-south-1', '-', 'PaCentral-eu-south-1'],
      ['r_esempio', 'openstack', 'central', 'it-mil1', '-', 'pa-central'],
    ]);
    // Resource counts within the limits of CloudFormation (500) and sane floors for a landing zone.
    for (const m of rows.slice(0, 6)) {
      expect(Number(m![7])).toBeGreaterThan(40);
      expect(Number(m![7])).toBeLessThan(500);
    }
  });

  test('stacks per provider: 3 + 1 templates under aws/, 3 + 1 Terraform stacks under openstack/stacks/', () => {
    expect(fs.readdirSync(path.join(out, 'aws')).filter((f) => f.endsWith('.template.json')).sort()).toEqual([
      'PaCentral-eu-south-1.template.json', 'PaLz-asl-esempio.template.json', 'PaLz-c-a001.template.json', 'PaLz-r-esempio-sanita.template.json',
    ]);
    expect(fs.readdirSync(path.join(out, 'openstack', 'stacks')).sort()).toEqual(['pa-central', 'palz-ao-esempio', 'palz-c-a002', 'palz-r-esempio-ps']);
  });

  test('every tenant and both central stacks pass every control', () => {
    for (const l of lines.slice(0, 8)) expect(LINE.exec(l)![9]).toBe('0');
  });

  test('the sample passes: exit 0 and the summary says PASSED', () => {
    expect(r.code).toBe(0);
    expect(lines[8]).toMatch(/^PASSED: 6 tenants, 2 central stacks; 8 landing zones: \d+ passed, 0 failed/);
  });

  test('reports are written and name every tenant', () => {
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    const md = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    for (const code of ['c_a001', 'asl_esempio', 'r_esempio_sanita', 'c_a002', 'ao_esempio', 'r_esempio_ps']) {
      expect(html).toContain(code);
      expect(md).toContain(`Landing zone ${code.replace(/_/g, '\\_')}`);
    }
  });

  test('progress on stderr when stdout is a terminal', () => {
    // One step per tenant, one for the central stacks, one to put the output together.
    expect(r.stderr).toMatch(/^\[1\/8\] c_a001$/m);
    expect(r.stderr).toMatch(/^\[6\/8\] r_esempio_ps$/m);
    expect(r.stderr).toMatch(/^\[7\/8\] central$/m);
    expect(r.stderr).toMatch(/^\[8\/8\] write$/m);
  });
});

describe('bad input', () => {
  test('an invalid file exits 2 with every positioned error, and writes nothing', async () => {
    const file = path.join(tmp, 'bad.yaml');
    fs.writeFileSync(file, [
      'tenants:',
      '  - ipaCode: c_a001',
      '    name: Comune',
      '    classification: segretissimo',
      '    owner: Servizi informativi',
      '    incidentContact: not-an-email',
      '    account: "210987654321"',
      '    cidr: 10.0.0.0/16',
      '',
    ].join('\n'));
    const bad = await runCli(['synth', file, '--out', path.join(tmp, 'never')], { cwd: tmp });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^bad\.yaml:4:21: .*classification.*$/m);
    expect(bad.stderr).toMatch(/^bad\.yaml:6:22: .*incidentContact.*$/m);
    expect(bad.stderr).toMatch(/^pa-cloud-kit: .*bad\.yaml: \d+ errors, nothing synthesized$/m);
    expect(fs.existsSync(path.join(tmp, 'never'))).toBe(false);
  });

  test('a missing file exits 2 naming it', async () => {
    const missing = await runCli(['synth', 'nowhere.yaml', '--out', path.join(tmp, 'never')], { cwd: tmp });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('pa-cloud-kit: nowhere.yaml: no such file\n');
    expect(fs.existsSync(path.join(tmp, 'never'))).toBe(false);
  });
});

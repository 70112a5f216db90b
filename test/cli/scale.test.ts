/**
 * `synth` at scale through the CLI: incremental runs (unchanged tenants carried over, with their
 * check results), `--shard K/N` and `merge` (the same output and report as an unsharded run).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './run-cli';
import { expectSameFiles } from '../helpers/same-files';
import { shardOf } from '../../lib/aggregator/batches';

const SAMPLE = path.resolve(__dirname, '..', '..', 'examples', 'aggregator', 'landing-zones.yaml');
const APPENDED = `
  - ipaCode: c_a003
    name: Comune Nuovo
    classification: ordinario
    owner: Servizi informativi
    incidentContact: cert@comune.nuovo.it
    account: "555555555555"
`;

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-scale-'));
  fs.copyFileSync(SAMPLE, path.join(tmp, 'lz.yaml'));
  fs.writeFileSync(path.join(tmp, 'appended.yaml'), fs.readFileSync(SAMPLE, 'utf8').trimEnd() + '\n' + APPENDED);
});
afterAll(() => { if (!process.env.KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true }); });

const synth = (file: string, out: string, extra: string[] = []) => runCli(['synth', file, '--out', out, ...extra], { cwd: tmp });
/** report.md with the output folder's name (which the report shows) in a neutral form. */
const md = (out: string) => fs.readFileSync(path.join(tmp, out, 'report.md'), 'utf8').split(`${out}/`).join('OUT/');
/** The inventory lines of stdout (tenant and central rows, verdict), without the run's own lines. */
const inventory = (stdout: string) => stdout.split('\n').filter((l) => !/^(rebuilt|merged|shard|written to) /.test(l)).join('\n').replace(/\b(out|merged|full|inc)[-\w]*\//g, 'OUT/');

describe('incremental runs', () => {
  test('a second run of the same file rebuilds nothing and gives the same output and report', async () => {
    const first = await synth('lz.yaml', 'inc');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^rebuilt 6 tenants \(c_a001, asl_esempio, r_esempio_sanita, c_a002, ao_esempio, r_esempio_ps\); 0 unchanged since the last run, carried over$/m);
    fs.cpSync(path.join(tmp, 'inc'), path.join(tmp, 'inc-first'), { recursive: true });
    const second = await synth('lz.yaml', 'inc');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^rebuilt 0 tenants; 6 unchanged since the last run, carried over$/m);
    expectSameFiles(path.join(tmp, 'inc'), path.join(tmp, 'inc-first'), ['report.html', 'report.md']);
    // The copy's report names inc/ too: the same bytes.
    expect(fs.readFileSync(path.join(tmp, 'inc', 'report.md'), 'utf8')).toBe(fs.readFileSync(path.join(tmp, 'inc-first', 'report.md'), 'utf8'));
    expect(inventory(second.stdout)).toBe(inventory(first.stdout));
  }, 120_000);

  test('appending a tenant rebuilds only it; the output equals a full run of the new file', async () => {
    const r = await synth('appended.yaml', 'inc');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^rebuilt 1 tenant \(c_a003\); 6 unchanged since the last run, carried over$/m);
    const full = await synth('appended.yaml', 'full', ['--full']);
    expect(full.stdout).toMatch(/^rebuilt 7 tenants/m);
    expectSameFiles(path.join(tmp, 'inc'), path.join(tmp, 'full'), ['report.html', 'report.md']);
    expect(md('inc')).toBe(md('full'));
  }, 120_000);

  test('a changed central setting rebuilds every tenant', async () => {
    fs.writeFileSync(path.join(tmp, 'changed.yaml'), fs.readFileSync(path.join(tmp, 'appended.yaml'), 'utf8').replace('incidentContact: soc@', 'incidentContact: soc2@'));
    expect(fs.readFileSync(path.join(tmp, 'changed.yaml'), 'utf8')).not.toBe(fs.readFileSync(path.join(tmp, 'appended.yaml'), 'utf8'));
    const r = await synth('changed.yaml', 'inc');
    expect(r.stdout).toMatch(/^rebuilt 7 tenants/m);
  }, 120_000);

  test('a changed tenant is rebuilt, the others are not', async () => {
    const text = fs.readFileSync(path.join(tmp, 'changed.yaml'), 'utf8').replace('name: Comune Nuovo\n', 'name: Comune Nuovo Rinominato\n');
    fs.writeFileSync(path.join(tmp, 'renamed.yaml'), text);
    const r = await synth('renamed.yaml', 'inc');
    expect(r.stdout).toMatch(/^rebuilt 1 tenant \(c_a003\); 6 unchanged/m);
    expect(fs.readFileSync(path.join(tmp, 'inc', 'aws', 'PaLz-c-a003.template.json'), 'utf8')).toContain('Comune Nuovo Rinominato');
  }, 120_000);

  test('--batch-size and --workers must be whole numbers', async () => {
    const a = await synth('lz.yaml', 'bad', ['--batch-size', '0']);
    expect(a.code).toBe(2);
    expect(a.stderr).toBe('pa-cloud-kit: --batch-size: must be a whole number, 1 or more, got "0"\n');
    const b = await synth('lz.yaml', 'bad', ['--workers', 'two']);
    expect(b.stderr).toBe('pa-cloud-kit: --workers: must be a whole number, 0 or more, got "two"\n');
    // From the TypeScript sources there is no compiled worker: asking for workers is an error naming it.
    const c = await synth('lz.yaml', 'bad', ['--workers', '2']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/workers: needs the compiled worker synth-worker\.js/);
    expect(fs.existsSync(path.join(tmp, 'bad', 'aws'))).toBe(false);
  });
});

describe('shards and merge', () => {
  test('the shard of a tenant depends on its codice IPA only', () => {
    expect(shardOf('c_a001', 3)).toBe(shardOf('c_a001', 3));
    const counts = [0, 0, 0];
    for (let i = 0; i < 300; i++) counts[shardOf(`c_x${i}`, 3) - 1]++;
    for (const c of counts) expect(c).toBeGreaterThan(60);
  });

  test('three shards merged give the same documents and report as an unsharded run', async () => {
    const whole = await synth('appended.yaml', 'unsharded', ['--full']);
    expect(whole.code).toBe(0);
    const seen: string[] = [];
    for (const k of [1, 2, 3]) {
      const r = await synth('appended.yaml', `shard-${k}`, ['--shard', `${k}/3`]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^shard ${k}/3: \\d+ of 7 tenants; no central stacks`, 'm'));
      expect(fs.existsSync(path.join(tmp, `shard-${k}`, 'aws', 'PaCentral-eu-south-1.template.json'))).toBe(false);
      seen.push(...fs.readdirSync(path.join(tmp, `shard-${k}`, '.pa-cloud-kit-state', 'parts')).filter((n) => /^(PaLz|palz)-/.test(n)));
    }
    expect(seen.sort()).toHaveLength(7); // every tenant in exactly one shard
    const merged = await runCli(['merge', 'appended.yaml', 'shard-1', 'shard-2', 'shard-3', '--out', 'merged'], { cwd: tmp });
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(/^merged 3 shards: 7 tenants; central stacks built here$/m);
    expectSameFiles(path.join(tmp, 'merged'), path.join(tmp, 'unsharded'), ['report.html', 'report.md']);
    expect(md('merged')).toBe(md('unsharded'));
    const html = (out: string) => fs.readFileSync(path.join(tmp, out, 'report.html'), 'utf8').split(`${out}/`).join('OUT/').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z|\d{1,2} \w+ \d{4},? [\d:]+/g, 'TIME');
    expect(html('merged')).toBe(html('unsharded'));
    expect(inventory(merged.stdout)).toBe(inventory(whole.stdout));
  }, 240_000);

  test('merge refuses missing, repeated, foreign and stale shards, naming what to do', async () => {
    const merge = (...dirs: string[]) => runCli(['merge', 'appended.yaml', ...dirs, '--out', 'merged-bad'], { cwd: tmp });
    expect((await merge('shard-1', 'shard-2')).stderr).toBe('pa-cloud-kit: shard 3/3 missing: give every shard\'s output folder\n');
    expect((await merge('shard-1', 'shard-1', 'shard-3')).stderr).toMatch(/^pa-cloud-kit: shard-1: is shard 1\/3 again \(also shard-1\); give each shard once$/m);
    expect((await merge('unsharded')).stderr).toBe('pa-cloud-kit: unsharded: not the output of pa-cloud-kit synth --shard K/N (no shard in .pa-cloud-kit-state/fingerprints.json)\n');
    const other = await runCli(['merge', 'renamed.yaml', 'shard-1', 'shard-2', 'shard-3', '--out', 'merged-bad'], { cwd: tmp });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/^pa-cloud-kit: shard-1: was built from other settings, another kit version or another file than .*renamed\.yaml \(its fingerprint differs\); run synth --shard 1\/3 again$/m);
    const r = await synth('lz.yaml', 'two-shards', ['--shard', '1/2']);
    expect(r.code).toBe(0);
    expect((await merge('shard-1', 'two-shards', 'shard-3')).stderr).toMatch(/is shard 1\/2, the others are of 3 shards; merge the shards of one run/);
    expect(fs.existsSync(path.join(tmp, 'merged-bad'))).toBe(false);
  }, 120_000);

  test('--shard must be K/N', async () => {
    for (const bad of ['0/3', '4/3', '3', 'a/b', '1/0']) {
      const r = await synth('lz.yaml', 'bad', ['--shard', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`pa-cloud-kit: --shard: must be K/N with N from 1 to 1000 and K from 1 to N, e.g. 2/4 for the second of four shards, got "${bad}"\n`);
    }
  });
});

/**
 * Property tests (fast-check, fixed seed) of the two loaders through the CLI: for any generated
 * input (mutated real files, random YAML or JSON, random bytes, deep nesting), the exit code is 0,
 * 1 or 2, there is never an internal error, and `synth` writes nothing when it exits 2.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ROOT, runCli } from './run-cli';

const SEED = 20261202;
let tmp: string;
let n = 0;

beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-fuzz-')); });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A small valid landing zones file (one AWS tenant): mutations of it are often still YAML. */
const LANDING_ZONES = [
  'defaults:',
  '  qualification: QC2',
  '  networkPool: 10.0.0.0/8',
  'x-note: &note Servizi informativi',
  'tenants:',
  '  - ipaCode: c_a000',
  '    name: Comune di Esempio',
  '    classification: ordinario',
  '    owner: *note',
  '    incidentContact: cert@comune.example.it',
  '    account: "123456789012"',
  '',
].join('\n');
const TERRAFORM = fs.readFileSync(path.join(ROOT, 'test/fixtures/compliance/openstack/compliant.tf.json'), 'utf8');
const TEMPLATE = fs.readFileSync(path.join(ROOT, 'test/fixtures/compliance/aws/workload.template.json'), 'utf8');

/** Characters that matter to YAML and JSON, and to encodings. */
const SPECIAL = [':', '-', ' ', '\n', '\r', '\t', '"', "'", '&', '*', '!', '{', '}', '[', ']', '#', '|', '>', '%', '@', '`', ',', '?', '<<', '\u0000', 'é', '\uFEFF', '\u2028', '${', '\\', '0', 'a'];

/** A real file with a few insertions, deletions and replacements. */
function mutated(text: string): fc.Arbitrary<Uint8Array> {
  const edit = fc.record({ at: fc.nat(), op: fc.constantFrom('insert', 'delete', 'replace'), what: fc.constantFrom(...SPECIAL), length: fc.integer({ min: 1, max: 8 }) });
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let s = text;
    for (const e of edits) {
      const at = e.at % (s.length + 1);
      if (e.op === 'insert') s = s.slice(0, at) + e.what + s.slice(at);
      else if (e.op === 'delete') s = s.slice(0, at) + s.slice(at + e.length);
      else s = s.slice(0, at) + e.what + s.slice(at + e.what.length);
    }
    return new Uint8Array(Buffer.from(s, 'utf8'));
  });
}

/** Nesting deep enough to break recursive parsers. */
const deep = fc.tuple(fc.integer({ min: 500, max: 20000 }), fc.constantFrom('[', '{"a":', 'a:\n  ')).map(([depth, open]) => {
  const close = open === '[' ? ']' : open === '{"a":' ? '}' : '';
  const body = open === 'a:\n  ' ? Array.from({ length: Math.min(depth, 2000) }, (_, i) => `${'  '.repeat(i)}a:`).join('\n') : `${open.repeat(depth)}1${close.repeat(depth)}`;
  return new Uint8Array(Buffer.from(body, 'utf8'));
});

const text = (arb: fc.Arbitrary<unknown>, form: (v: unknown) => string) => arb.map((v) => new Uint8Array(Buffer.from(form(v), 'utf8')));
const json = (v: unknown) => JSON.stringify(v) ?? 'null';

/** The valid file with one value replaced by any text (quoted as YAML): often still valid, so synthesis runs. */
const oneValue = fc.tuple(fc.constantFrom('name', 'owner'), fc.string({ unit: 'grapheme', maxLength: 24 })).map(([key, value]) =>
  new Uint8Array(Buffer.from(LANDING_ZONES.replace(new RegExp(`^(    ${key}: ).*$`, 'm'), (_m, head: string) => `${head}${JSON.stringify(value)}`), 'utf8')));

function inputs(real: readonly string[], extra: ReadonlyArray<fc.WeightedArbitrary<Uint8Array>> = []): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    ...extra,
    { weight: 5, arbitrary: fc.oneof(...real.map(mutated)) },
    { weight: 2, arbitrary: text(fc.anything({ maxDepth: 4 }), (v) => stringify(v)) },
    { weight: 2, arbitrary: text(fc.jsonValue({ maxDepth: 4 }), json) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
    { weight: 1, arbitrary: deep },
  );
}

function place(bytes: Uint8Array, name: string): string {
  n += 1;
  const dir = path.join(tmp, `run-${n}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, name), bytes);
  return dir;
}

test('synth: any landing zones file gives exit 0, 1 or 2, never an internal error, and nothing written on 2', async () => {
  let valid = 0;
  await fc.assert(fc.asyncProperty(inputs([LANDING_ZONES], [{ weight: 1, arbitrary: oneValue }]), async (bytes) => {
    const dir = place(bytes, 'lz.yaml');
    const r = await runCli(['synth', 'lz.yaml', '--out', 'out'], { cwd: dir });
    expect([0, 1, 2]).toContain(r.code);
    expect(r.stderr).not.toMatch(/internal error/);
    if (r.code === 2) expect(fs.readdirSync(dir)).toEqual(['lz.yaml']);
    else valid += 1;
    fs.rmSync(dir, { recursive: true, force: true });
  }), { seed: SEED, numRuns: 120 });
  // Some mutations stay valid and go all the way through synthesis.
  expect(valid).toBeGreaterThan(0);
});

test('check: any document gives exit 0, 1 or 2, never an internal error', async () => {
  await fc.assert(fc.asyncProperty(inputs([TERRAFORM, TEMPLATE]), fc.constantFrom('doc.tf.json', 'doc.template.json', 'doc.template.yaml'), async (bytes, name) => {
    const dir = place(bytes, name);
    const r = await runCli(['check', dir, '--format', 'json']);
    expect([0, 1, 2]).toContain(r.code);
    expect(r.stderr).not.toMatch(/internal error/);
    // check reads only: the folder is as it was.
    expect(fs.readdirSync(dir)).toEqual([name]);
    fs.rmSync(dir, { recursive: true, force: true });
  }), { seed: SEED, numRuns: 300 });
});

/**
 * The output folder of `pa-cloud-kit synth --out`: owned (manifest), atomic (staging and swap),
 * locked, symbolic links refused, every I/O failure a clear error naming the path and the cause.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MANIFEST_FILE, outputFs } from '../../lib/cli/private/output';
import { ROOT, runCli } from './run-cli';

let tmp: string;
let n = 0;

const TENANT = (code: string, account: string, extra: readonly string[] = []) => [
  `  - ipaCode: ${code}`,
  '    name: Comune di Esempio',
  '    classification: ordinario',
  '    owner: Servizi informativi',
  '    incidentContact: cert@comune.example.it',
  `    account: "${account}"`,
  ...extra,
];
const HEAD = ['defaults:', '  qualification: QC3', '  networkPool: 10.0.0.0/8', 'tenants:'];
/** One ordinario AWS tenant. */
const ONE = [...HEAD, ...TENANT('c_a000', '123456789012')].join('\n') + '\n';
/** Two tenants: another output than ONE. */
const TWO = [...HEAD, ...TENANT('c_a000', '123456789012'), ...TENANT('c_b000', '123456789013')].join('\n') + '\n';
/**
 * Valid for the loader, refused by the OpenStack construct: an owner whose tag `pa:owner=<owner>`
 * is longer than OpenStack's 60 characters (a rule of the construct's tags, not of the file).
 */
const LONG_OWNER_ON_OPENSTACK = [
  'defaults:', '  qualification: QC3', '  networkPool: 10.0.0.0/8', '  provider: openstack',
  'openstack:', '  cloud: pa-cloud', '  externalNetworkName: public', '  regions:', '    - { name: it-mil1, country: IT }',
  '  region: it-mil1', '  credentialsExpireAt: "2027-06-30T00:00:00Z"',
  'tenants:', '  - ipaCode: c_a000', '    name: Comune di Esempio', '    classification: ordinario',
  '    owner: Servizio sistemi informativi e transizione al digitale', '    incidentContact: cert@comune.example.it',
].join('\n') + '\n';

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-cli-out-'));
  for (const [name, text] of Object.entries({ 'one.yaml': ONE, 'two.yaml': TWO, 'long-owner.yaml': LONG_OWNER_ON_OPENSTACK })) fs.writeFileSync(path.join(tmp, name), text);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
afterEach(() => jest.restoreAllMocks());

/** A fresh folder under tmp. */
function fresh(): string {
  n += 1;
  const dir = path.join(tmp, `case-${n}`);
  fs.mkdirSync(dir);
  return dir;
}

/** Every file and symbolic link under `dir` (dot files included) with the hash of its content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (abs: string, rel: string) => {
    for (const name of fs.readdirSync(abs).sort()) {
      const a = path.join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = fs.lstatSync(a);
      if (st.isSymbolicLink()) out[r] = `-> ${fs.readlinkSync(a)}`;
      else if (st.isDirectory()) walk(a, r);
      else out[r] = crypto.createHash('sha256').update(fs.readFileSync(a)).digest('hex');
    }
  };
  walk(dir, '');
  return out;
}

function synth(config: string, out: string, extra: string[] = []) {
  return runCli(['synth', path.join(tmp, config), '--out', out, ...extra], { cwd: tmp });
}

/** The files of a complete output: exactly what its manifest lists. */
function expectComplete(out: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(out, MANIFEST_FILE), 'utf8')) as { files: string[] };
  expect(Object.keys(snapshot(out)).sort()).toEqual([...manifest.files].sort());
  return manifest.files;
}

describe('ownership', () => {
  test('a new folder gets a manifest listing exactly the files written', async () => {
    const out = path.join(fresh(), 'out');
    const r = await synth('one.yaml', out);
    expect(r.code).toBe(0);
    const files = expectComplete(out);
    expect(files).toEqual(expect.arrayContaining(['aws/PaLz-c-a000.template.json', 'report.html', 'report.md', MANIFEST_FILE]));
    // Nothing left beside it: no staging folder, no lock, no journal.
    expect(fs.readdirSync(path.dirname(out))).toEqual(['out']);
  });

  test('a non-empty folder the kit did not write is refused, and its files survive', async () => {
    const out = fresh();
    fs.mkdirSync(path.join(out, 'aws'));
    fs.writeFileSync(path.join(out, 'aws', 'credentials'), '[default]\naws_access_key_id = AKIAEXAMPLE\n');
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
    const before = snapshot(out);
    const r = await synth('one.yaml', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pa-cloud-kit: --out .*case-\d+: the folder is not empty and pa-cloud-kit did not write it \(no \.pa-cloud-kit-manifest\.json; it holds aws, notes\.txt\); give an empty or new folder, or --force/m);
    expect(r.stdout).toBe('');
    expect(snapshot(out)).toEqual(before);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('pa-cloud-kit'))).toEqual([]);
  });

  test('--out . in a repository-like folder loses nothing', async () => {
    const repo = fresh();
    fs.writeFileSync(path.join(repo, 'package.json'), '{"name":"x"}\n');
    fs.mkdirSync(path.join(repo, 'lib'));
    fs.writeFileSync(path.join(repo, 'lib', 'index.ts'), 'export {};\n');
    fs.mkdirSync(path.join(repo, 'openstack'));
    fs.writeFileSync(path.join(repo, 'openstack', 'main.ts'), '// source\n');
    fs.copyFileSync(path.join(tmp, 'one.yaml'), path.join(repo, 'landing-zones.yaml'));
    const before = snapshot(repo);
    const r = await runCli(['synth', 'landing-zones.yaml', '--out', '.'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pa-cloud-kit: --out \.: the folder is not empty and pa-cloud-kit did not write it/m);
    expect(snapshot(repo)).toEqual(before);
  });

  test('a file added to an output the kit owns is not deleted: the run is refused', async () => {
    const out = path.join(fresh(), 'out');
    expect((await synth('one.yaml', out)).code).toBe(0);
    fs.writeFileSync(path.join(out, 'aws', 'my-notes.md'), 'keep me\n');
    const before = snapshot(out);
    const r = await synth('two.yaml', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out .*out: holds files pa-cloud-kit did not write: aws\/my-notes\.md; move them elsewhere, or use --force/);
    expect(snapshot(out)).toEqual(before);
  });

  test('a manifest claiming files the kit never writes is not the kit\'s: refused, nothing lost', async () => {
    const repo = fresh();
    fs.mkdirSync(path.join(repo, 'lib'));
    fs.writeFileSync(path.join(repo, 'lib', 'index.ts'), 'export {};\n');
    fs.writeFileSync(path.join(repo, MANIFEST_FILE), JSON.stringify({ tool: 'pa-cloud-kit', manifestVersion: 1, files: ['lib/index.ts', MANIFEST_FILE] }));
    const before = snapshot(repo);
    const r = await synth('one.yaml', repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the folder is not empty and pa-cloud-kit did not write it \(its \.pa-cloud-kit-manifest\.json is not one the kit writes; it holds \.pa-cloud-kit-manifest\.json, lib\)/);
    expect(snapshot(repo)).toEqual(before);
    // With --force the kit replaces only its own names: lib/ stays.
    expect((await synth('one.yaml', repo, ['--force'])).code).toBe(0);
    expect(fs.readFileSync(path.join(repo, 'lib', 'index.ts'), 'utf8')).toBe('export {};\n');
  });

  test('--force keeps foreign files and replaces only the kit\'s own entries', async () => {
    const out = fresh();
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
    fs.writeFileSync(path.join(out, 'report.md'), 'an old report\n');
    const r = await synth('one.yaml', out, ['--force']);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(fs.readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('c\\_a000');
    const manifest = JSON.parse(fs.readFileSync(path.join(out, MANIFEST_FILE), 'utf8')) as { files: string[] };
    expect(manifest.files).not.toContain('notes.txt');
    // Without --force the next run refuses the folder again: notes.txt is not the kit's.
    expect((await synth('one.yaml', out)).code).toBe(2);
    expect(fs.readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  test('a file added to the output while the run synthesizes is seen before the swap: refused, kept', async () => {
    const out = path.join(fresh(), 'out');
    expect((await synth('one.yaml', out)).code).toBe(0);
    const real = outputFs.writeFileSync;
    jest.spyOn(outputFs, 'writeFileSync').mockImplementation((p, data, flag) => {
      // While the staged report is written, someone saves a file into the output folder.
      if (p.endsWith('report.md')) fs.writeFileSync(path.join(out, 'aws', 'late.txt'), 'mine\n');
      real(p, data, flag);
    });
    const r = await synth('two.yaml', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds files pa-cloud-kit did not write: aws\/late\.txt/);
    expect(fs.readFileSync(path.join(out, 'aws', 'late.txt'), 'utf8')).toBe('mine\n');
    expect(fs.existsSync(path.join(out, 'aws', 'PaLz-c-b000.template.json'))).toBe(false);
  });

  test('a re-run replaces the kit\'s own output: stacks of removed tenants go, nothing else stays', async () => {
    const out = path.join(fresh(), 'out');
    expect((await synth('two.yaml', out)).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'aws', 'PaLz-c-b000.template.json'))).toBe(true);
    expect((await synth('one.yaml', out)).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'aws', 'PaLz-c-b000.template.json'))).toBe(false);
    expectComplete(out);
  });

  test('the report names the output folder, not the staging folder', async () => {
    const out = path.join(fresh(), 'out');
    expect((await synth('one.yaml', out)).code).toBe(0);
    const md = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(md).not.toMatch(/pa-cloud-kit-staging/);
    expect(md).toContain('PaLz-c-a000.template.json');
  });
});

describe('symbolic links', () => {
  test('a symbolic link as --out is refused and its target is untouched', async () => {
    const dir = fresh();
    const target = path.join(dir, 'real');
    fs.mkdirSync(path.join(target, 'aws'), { recursive: true });
    fs.writeFileSync(path.join(target, 'aws', 'credentials'), 'secret\n');
    fs.symlinkSync(target, path.join(dir, 'link'));
    const before = snapshot(target);
    const r = await synth('one.yaml', path.join(dir, 'link'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out .*link: is a symbolic link to .*real; give the real folder as --out/);
    expect(snapshot(target)).toEqual(before);
  });

  test('a symbolic link inside an owned output is foreign: refused, and its target is untouched', async () => {
    const dir = fresh();
    const out = path.join(dir, 'out');
    expect((await synth('one.yaml', out)).code).toBe(0);
    fs.mkdirSync(path.join(dir, 'precious'));
    fs.writeFileSync(path.join(dir, 'precious', 'data'), 'x\n');
    fs.symlinkSync(path.join(dir, 'precious'), path.join(out, 'aws', 'link'));
    const r = await synth('one.yaml', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds files pa-cloud-kit did not write: aws\/link/);
    // With --force the link is removed with the kit's aws/ entry, never followed.
    expect((await synth('one.yaml', out, ['--force'])).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'precious', 'data'), 'utf8')).toBe('x\n');
  });
});

describe('failures leave the previous output as it was', () => {
  test('a run failing after validation (an OpenStack tag too long, refused by the construct) keeps the previous output and report', async () => {
    const out = path.join(fresh(), 'out');
    expect((await synth('one.yaml', out)).code).toBe(0);
    const before = snapshot(out);
    const r = await synth('long-owner.yaml', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pa-cloud-kit: c_a000: tenant\.owner: must be at most 51 characters on OpenStack.*; .*out is left as it was$/m);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(snapshot(out)).toEqual(before);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['out']);
  });

  test('no space left while writing the report: exit 2 naming the file, previous output kept', async () => {
    const out = path.join(fresh(), 'out');
    expect((await synth('one.yaml', out)).code).toBe(0);
    const before = snapshot(out);
    const real = outputFs.writeFileSync;
    jest.spyOn(outputFs, 'writeFileSync').mockImplementation((p, data, flag) => {
      if (p.endsWith('report.md')) throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', syscall: 'write' });
      real(p, data, flag);
    });
    const r = await synth('one.yaml', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`pa-cloud-kit: cannot write ${path.relative(tmp, out)}/report.md: no space left on the device (ENOSPC); ${path.relative(tmp, out)} is left as it was\n`);
    expect(snapshot(out)).toEqual(before);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['out']);
  });

  test('permission refused while swapping in: the previous output is put back', async () => {
    const out = path.join(fresh(), 'out');
    expect((await synth('one.yaml', out)).code).toBe(0);
    const before = snapshot(out);
    const real = outputFs.renameSync;
    let failed = false;
    jest.spyOn(outputFs, 'renameSync').mockImplementation((from, to) => {
      if (to === path.join(out, 'aws') && !failed && (failed = true)) throw Object.assign(new Error('EACCES: permission denied, rename'), { code: 'EACCES', path: from, dest: to });
      real(from, to);
    });
    const r = await synth('two.yaml', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pa-cloud-kit: cannot move the new output to .*out\/aws: permission denied \(EACCES\)/m);
    expect(snapshot(out)).toEqual(before);
  });

  test('disk full while aws-cdk-lib writes a template: a user-facing error naming the file, previous output kept', async () => {
    const out = path.join(fresh(), 'out');
    expect((await synth('one.yaml', out)).code).toBe(0);
    const before = snapshot(out);
    // The real fs module object, which aws-cdk-lib calls at synthesis.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeFs = require('fs') as typeof fs;
    const real = nodeFs.writeFileSync;
    jest.spyOn(nodeFs, 'writeFileSync').mockImplementation((file, data, options) => {
      if (typeof file === 'string' && file.endsWith('.template.json')) {
        throw Object.assign(new Error(`ENOSPC: no space left on device, write '${file}'`), { code: 'ENOSPC', syscall: 'write', path: file });
      }
      real(file, data, options);
    });
    // --full: c_a000 is unchanged since the first run and would otherwise be carried over, not written.
    const r = await synth('two.yaml', out, ['--full']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pa-cloud-kit: cannot write .*out\/aws\/PaLz-c-a000\.template\.json: no space left on the device \(ENOSPC\); .*out is left as it was$/m);
    expect(r.stderr).not.toMatch(/internal error|staging/);
    expect(snapshot(out)).toEqual(before);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['out']);
  });
});

describe('I/O errors name the path and the cause', () => {
  test('--out is a file', async () => {
    const file = path.join(fresh(), 'out.txt');
    fs.writeFileSync(file, 'x');
    const r = await synth('one.yaml', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pa-cloud-kit: --out .*out\.txt: is a file, not a folder \(ENOTDIR\)/);
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });

  test('--out under a file', async () => {
    const file = path.join(fresh(), 'file');
    fs.writeFileSync(file, 'x');
    const r = await synth('one.yaml', path.join(file, 'sub', 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pa-cloud-kit: --out: cannot .*file\/sub: a part of the path is a file, not a folder \(ENOTDIR\)\n$/);
  });

  test('a read-only place (EROFS injected): the lock cannot be created', async () => {
    const out = path.join(fresh(), 'out');
    jest.spyOn(outputFs, 'writeFileSync').mockImplementation(() => {
      throw Object.assign(new Error('EROFS: read-only file system, open'), { code: 'EROFS' });
    });
    const r = await synth('one.yaml', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pa-cloud-kit: --out: cannot create the lock .*\.out\.pa-cloud-kit\.lock: read-only file system \(EROFS\)\n$/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('init into a path under a file names the cause', async () => {
    const file = path.join(fresh(), 'file');
    fs.writeFileSync(file, 'x');
    const r = await runCli(['init', path.join(file, 'lz.yaml'), '--provider', 'aws']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pa-cloud-kit: .*file\/lz\.yaml: cannot write the file: a part of the path is a file, not a folder \((EEXIST|ENOTDIR)\)\n$/);
  });

  test('check --out into a path under a file names the cause', async () => {
    const file = path.join(fresh(), 'file');
    fs.writeFileSync(file, 'x');
    const r = await runCli(['check', 'test/fixtures/compliance', '--out', path.join(file, 'r.json'), '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pa-cloud-kit: --out .*file\/r\.json: cannot create the folder: a part of .*file is a file, not a folder \(EEXIST\)$/m);
  });
});

describe('the lock', () => {
  test('a lock held by a running process refuses the run', async () => {
    const dir = fresh();
    const out = path.join(dir, 'out');
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(path.join(dir, '.out.pa-cloud-kit.lock'), JSON.stringify({ pid: sleeper.pid, host: os.hostname(), startedAt: '2026-12-02T00:00:00Z' }));
      const r = await synth('one.yaml', out);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`--out .*out: another pa-cloud-kit synth \\(pid ${sleeper.pid} on .*, since 2026-12-02T00:00:00Z\\) is writing this folder; wait for it`));
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  test('a stale lock (its process is gone) is taken over', async () => {
    const dir = fresh();
    const out = path.join(dir, 'out');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    fs.writeFileSync(path.join(dir, '.out.pa-cloud-kit.lock'), JSON.stringify({ pid: Number(gone), host: os.hostname(), startedAt: '2026-12-02T00:00:00Z' }));
    expect((await synth('one.yaml', out)).code).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(['out']);
  });
});

describe('killed and parallel runs (child processes)', () => {
  // Node itself with tsx's loader (not the tsx wrapper, which turns the child's signal into an exit code).
  const TSX_ARGS = ['--require', require.resolve('tsx/cjs', { paths: [ROOT] })];
  const CHILD = path.join(ROOT, 'test', 'cli', 'helpers', 'synth-child.ts');
  const child = (moment: string, config: string, out: string) =>
    spawnSync(process.execPath, [...TSX_ARGS, CHILD, moment, 'synth', path.join(tmp, config), '--out', out], { cwd: tmp, encoding: 'utf8', env: { ...process.env, CDK_VALIDATION: 'false' } });

  let previous: Record<string, string>;
  let next: Record<string, string>;
  let base: string;
  beforeAll(async () => {
    base = fresh();
    const a = path.join(base, 'prev');
    const b = path.join(base, 'next');
    // Made the way the runs under test make them (aws-cdk-lib writes slightly different metadata under jest).
    expect(child('none', 'one.yaml', a).status).toBe(0);
    expect(child('none', 'two.yaml', b).status).toBe(0);
    const strip = (s: Record<string, string>) => Object.fromEntries(Object.entries(s).filter(([k]) => !/report\.(html|md)$/.test(k)));
    previous = strip(snapshot(a));
    next = strip(snapshot(b));
    expect(previous).not.toEqual(next);
  });

  // The reports carry the time of the run: compare everything else exactly, and the reports by tenant.
  const state = (out: string): 'previous' | 'next' | 'other' => {
    const s = Object.fromEntries(Object.entries(snapshot(out)).filter(([k]) => !/report\.(html|md)$/.test(k)));
    const md = fs.existsSync(path.join(out, 'report.md')) ? fs.readFileSync(path.join(out, 'report.md'), 'utf8') : '';
    if (JSON.stringify(s) === JSON.stringify(previous) && md.includes('c\\_a000') && !md.includes('c\\_b000')) return 'previous';
    if (JSON.stringify(s) === JSON.stringify(next) && md.includes('c\\_b000')) return 'next';
    return 'other';
  };

  test.each([
    ['progress:write', 'previous'],
    ['write:3', 'previous'], // writing report.md in the staging folder
    ['rename:1', 'previous'], // the journal
    ['rename:3', 'previous'], // previous entries half moved away
    ['rename:7', 'previous'], // new entries half moved in
    ['rename:9', 'previous'], // before the manifest comes in: rolled back
    ['write:99', 'next'], // never killed: completes
  ])('killed at %s: the next run sees the %s complete output', async (moment, expected) => {
    const out = path.join(fresh(), 'out');
    fs.cpSync(path.join(base, 'prev'), out, { recursive: true });
    const killed = child(moment, 'two.yaml', out);
    if (expected === 'next') expect(killed.status).toBe(0);
    else expect(killed.signal).toBe('SIGKILL');
    // Whatever the moment, there is never a manifest over an incomplete folder.
    if (fs.existsSync(path.join(out, MANIFEST_FILE))) expect(state(out)).not.toBe('other');
    // The next run recovers and takes the stale lock over; here it then fails after synthesis (no
    // space for its report), so what is left is what the killed run left, recovered.
    const real = outputFs.writeFileSync;
    jest.spyOn(outputFs, 'writeFileSync').mockImplementation((p, data, flag) => {
      if (p.endsWith('report.md')) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      real(p, data, flag);
    });
    const r = await synth('two.yaml', out);
    jest.restoreAllMocks();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/out is left as it was/);
    expect(state(out)).toBe(expected);
    expectComplete(out);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['out']);
  });

  test('two runs in parallel on one folder never mix: one wins, the other is refused or runs after', async () => {
    const out = path.join(fresh(), 'out');
    fs.cpSync(path.join(base, 'prev'), out, { recursive: true });
    const start = (config: string) => new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, [...TSX_ARGS, CHILD, 'none', 'synth', path.join(tmp, config), '--out', out], { cwd: tmp, env: { ...process.env, CDK_VALIDATION: 'false' } });
      let stderr = '';
      p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      p.on('close', (code) => resolve({ code, stderr }));
    });
    const [a, b] = await Promise.all([start('two.yaml'), start('one.yaml')]);
    for (const r of [a, b]) {
      if (r.code !== 0) expect(r.stderr).toMatch(/another pa-cloud-kit synth \(pid \d+ .*\) is writing this folder/);
    }
    expect([a.code, b.code]).toContain(0);
    expect(['previous', 'next']).toContain(state(out));
    expectComplete(out);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['out']);
  });
});

describe('synthesizeLandingZones (the construct API) never deletes', () => {
  test('an outDir holding aws/ is refused with the field and the rule; the files stay', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { synthesizeLandingZones } = require('../../lib/aggregator/synth') as typeof import('../../lib/aggregator/synth');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parseConfig } = require('../../lib/config') as typeof import('../../lib/config');
    const out = fresh();
    fs.mkdirSync(path.join(out, 'aws'));
    fs.writeFileSync(path.join(out, 'aws', 'credentials'), 'secret\n');
    expect(() => synthesizeLandingZones(parseConfig(ONE), { outDir: out })).toThrow(
      /^outDir: must not hold aws\/ already \(synthesis writes nothing over existing files\): give a new or empty folder, got ".*case-\d+"$/,
    );
    expect(fs.readFileSync(path.join(out, 'aws', 'credentials'), 'utf8')).toBe('secret\n');
  });
});

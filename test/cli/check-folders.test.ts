/** `pa-cloud-kit check` on folders: symbolic links followed (loops guarded), broken ones reported, and never PASSED with an unusable file. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, ROOT, runCli } from './run-cli';

const OS = path.join(ROOT, FIXTURES, 'openstack');
let tmp: string;

beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-cli-folders-')); });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function folder(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(OS, 'compliant.tf.json'), path.join(dir, 'compliant.tf.json'));
  return dir;
}

test('a symbolic link to a failing template is checked: the run fails', async () => {
  const dir = folder('linked-file');
  fs.symlinkSync(path.join(OS, 'broken.tf.json'), path.join(dir, 'broken.tf.json'));
  const r = await runCli(['check', dir]);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^FAILED: 2 documents,/m);
  expect(r.stdout).toContain('broken.tf.json');
});

test('a symbolic link to a folder is walked; a link loop is walked once', async () => {
  const dir = folder('linked-folder');
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.symlinkSync(OS, path.join(dir, 'sub', 'more'));
  fs.symlinkSync(dir, path.join(dir, 'sub', 'loop'));
  fs.symlinkSync('self', path.join(dir, 'self'));
  const r = await runCli(['check', dir, '--format', 'json']);
  const json = JSON.parse(r.stdout) as { documents: Array<{ file: string }> };
  // compliant.tf.json, and the 3 documents of the fixtures folder through sub/more; nothing twice through the loop.
  expect(json.documents.map((d) => path.basename(d.file)).sort()).toEqual(['acknowledged.tf.json', 'broken.tf.json', 'compliant.tf.json', 'compliant.tf.json']);
  expect(r.code).toBe(1);
});

test('a broken symbolic link named like a document is reported, exit 2', async () => {
  const dir = folder('broken-link');
  fs.symlinkSync(path.join(tmp, 'nowhere.tf.json'), path.join(dir, 'gone.tf.json'));
  const r = await runCli(['check', dir]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^pa-cloud-kit: .*gone\.tf\.json: cannot read/m);
});

test('an unusable file never prints PASSED', async () => {
  const r = await runCli(['check', `${FIXTURES}/bad/empty.json`]);
  expect(r.code).toBe(2);
  expect(r.stdout).not.toMatch(/PASSED/);
  expect(r.stdout).toMatch(/^UNUSABLE: 0 documents, .*1 unusable file$/m);
  const mixed = await runCli(['check', `${FIXTURES}/openstack/compliant.tf.json`, `${FIXTURES}/bad/empty.json`]);
  expect(mixed.code).toBe(2);
  expect(mixed.stdout).toMatch(/^UNUSABLE: 1 document, .*1 unusable file$/m);
});

test.each(['markdown', 'html'])('report --format %s with an unusable file never says Passed', async (format) => {
  const out = path.join(tmp, `report.${format === 'html' ? 'html' : 'md'}`);
  const r = await runCli(['report', `${FIXTURES}/openstack/compliant.tf.json`, `${FIXTURES}/bad/empty.json`, '--format', format, '--out', out]);
  expect(r.code).toBe(2);
  const text = fs.readFileSync(out, 'utf8');
  expect(text).not.toMatch(/Passed\b(\*\*)?:/);
  expect(text).toMatch(format === 'html' ? /<p class="verdict verdict-failed">Unusable input: 1 landing zone checked/ : /^\*\*Unusable input\*\*: 1 landing zone checked\.$/m);
});

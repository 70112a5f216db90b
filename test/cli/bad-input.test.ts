/**
 * Every way the input can be unusable exits 2 with a message naming the file or option and what
 * is allowed, on stderr, as `pa-cloud-kit: <message>`, without a stack trace.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, runCli } from './run-cli';

const BAD = `${FIXTURES}/bad`;
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-cli-bad-'));
  fs.writeFileSync(path.join(tmp, 'binary.template.json'), Buffer.from([0x7b, 0x00, 0x01, 0xff, 0xfe, 0x00, 0x7d]));
  fs.mkdirSync(path.join(tmp, 'no-documents'));
  fs.writeFileSync(path.join(tmp, 'no-documents', 'notes.txt'), 'nothing to check here\n');
  fs.writeFileSync(path.join(tmp, 'no-documents', 'package.json'), '{"name":"x"}\n');
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function expectUnusable(result: { code: number; stderr: string }, message: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toMatch(/^pa-cloud-kit: /);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
}

describe.each(['check', 'report'])('pa-cloud-kit %s with unusable input', (command) => {
  test('malformed JSON names the file, the line and column', async () => {
    const r = await runCli([command, `${BAD}/malformed.json`]);
    expectUnusable(r, /pa-cloud-kit: .*test\/fixtures\/compliance\/bad\/malformed\.json: malformed JSON at line \d+, column \d+/);
  });

  test('malformed YAML names the file and the line', async () => {
    const r = await runCli([command, `${BAD}/malformed.template.yaml`]);
    expectUnusable(r, /pa-cloud-kit: .*bad\/malformed\.template\.yaml: malformed YAML at line \d+/);
  });

  test('an empty file', async () => {
    expectUnusable(await runCli([command, `${BAD}/empty.json`]), /bad\/empty\.json: empty file, expected a CloudFormation template or Terraform JSON/);
  });

  test('a document of an unknown kind says what is expected', async () => {
    expectUnusable(await runCli([command, `${BAD}/unknown-kind.json`]), /bad\/unknown-kind\.json: unknown document kind: expected a CloudFormation template .* or Terraform JSON/);
  });

  test('a binary file', async () => {
    expectUnusable(await runCli([command, path.join(tmp, 'binary.template.json')]), /binary\.template\.json: binary file \(contains NUL bytes\)/);
  });

  test('a missing path', async () => {
    expectUnusable(await runCli([command, 'does/not/exist.template.json']), /^pa-cloud-kit: does\/not\/exist\.template\.json: no such file or folder\n$/);
  });

  test('a folder with no documents', async () => {
    expectUnusable(await runCli([command, path.join(tmp, 'no-documents')]), /^pa-cloud-kit: no CloudFormation templates or Terraform JSON documents found in .*no-documents\n$/);
  });

  test('a bad --classification names the option and the allowed values', async () => {
    const r = await runCli([command, `${BAD}/empty.json`, '--classification', 'segreto']);
    expectUnusable(r, /^pa-cloud-kit: option '--classification <class>' argument 'segreto' is invalid\. Allowed values are ordinario, critico, strategico\.\n/);
  });

  test('no path at all', async () => {
    expectUnusable(await runCli([command]), /^pa-cloud-kit: missing required argument 'path'/);
  });

  test('an unknown option', async () => {
    expectUnusable(await runCli([command, `${BAD}/empty.json`, '--colour']), /^pa-cloud-kit: unknown option '--colour'/);
  });
});

test('check: a bad --format names the option and the allowed formats', async () => {
  const r = await runCli(['check', `${BAD}/empty.json`, '--format', 'xml']);
  expectUnusable(r, /^pa-cloud-kit: option '--format <format>' argument 'xml' is invalid\. Allowed choices are text, json, markdown, sarif\.\n/);
});

test('report: a bad --format names the option and the allowed formats', async () => {
  const r = await runCli(['report', `${BAD}/empty.json`, '--format', 'pdf']);
  expectUnusable(r, /^pa-cloud-kit: option '--format <format>' argument 'pdf' is invalid\. Allowed choices are html, markdown\.\n/);
});

test('an unknown command', async () => {
  expectUnusable(await runCli(['chek', 'x']), /^pa-cloud-kit: unknown command 'chek'\n\(Did you mean check\?\)/);
});

test('no command prints the help on stderr and exits 2', async () => {
  const r = await runCli([]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/Usage: pa-cloud-kit \[options\] \[command\]/);
  expect(r.stderr).toMatch(/check \[options\] <path\.\.\.>/);
  expect(r.stderr).toMatch(/report \[options\] <path\.\.\.>/);
});

test('--help and --version exit 0 on stdout', async () => {
  const help = await runCli(['check', '--help']);
  expect(help.code).toBe(0);
  expect(help.stdout.replace(/\s+/g, ' ')).toContain('--format <format> output format (choices: "text", "json", "markdown", "sarif", default: "text")');
  expect(help.stdout).toMatch(/--classification <class>/);
  const version = await runCli(['--version']);
  expect(version).toEqual({ code: 0, stdout: `${JSON.parse(fs.readFileSync('package.json', 'utf8')).version}\n`, stderr: '' });
});

test('an unwritable --out names the option and the file', async () => {
  const blocker = path.join(tmp, 'a-file');
  fs.writeFileSync(blocker, 'x');
  const r = await runCli(['check', `${BAD}/unknown-kind.json`, '--format', 'json', '--out', path.join(blocker, 'out.json')]);
  // The unusable input is reported first; the unwritable output then fails the run too.
  expectUnusable(r, /pa-cloud-kit: --out .*a-file\/out\.json: cannot create the folder: a part of .*a-file is a file, not a folder \((ENOTDIR|EEXIST)\)/);
});

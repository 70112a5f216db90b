/**
 * Hostile landing zones files: alias bombs, other encodings, CR-only line endings, YAML tags, huge
 * values. Each is a clear, positioned error (the CLI exits 2), never an internal error or a flood.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigValidationError, loadConfig } from '../../lib/config';
import { PaCloudKitError } from '../../lib/core';
import { runCli } from '../cli/run-cli';
import { BASE, errorsOf, located, parse } from './helpers';

let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-hostile-')); });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The errors of a file written with these bytes and loaded from disk. */
function loadErrors(bytes: Buffer): string[] {
  const file = path.join(tmp, `f-${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(file, bytes);
  try {
    loadConfig(file);
  } catch (e) {
    if (e instanceof ConfigValidationError) return e.errors.map((x) => `${x.line}:${x.column} ${x.message}`);
    throw e;
  }
  throw new Error('expected the file not to load');
}

describe('aliases', () => {
  const bomb = [
    'x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
    'x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
    'x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
    'x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    'x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
    ...BASE,
  ];

  test('an alias bomb is refused at the first alias, with the limit', () => {
    expect(located(bomb)).toEqual([
      '2:10 x-b[0]: too many aliases: expanding the aliases (*name) of the file would repeat more than 1000 nodes (an "alias bomb"); the file is refused, write the values out or use fewer aliases',
    ]);
  });

  test('the CLI exits 2 with the positioned message, not an internal error', async () => {
    fs.writeFileSync(path.join(tmp, 'bomb.yaml'), `${bomb.join('\n')}\n`);
    const r = await runCli(['synth', 'bomb.yaml', '--out', 'never'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bomb\.yaml:2:10: x-b\[0\]: too many aliases/m);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(fs.existsSync(path.join(tmp, 'never'))).toBe(false);
  });

  test('an alias without its anchor is named with its position', () => {
    expect(located(['x-note: :&note Servizi', ...BASE.map((l) => l.replace('owner: Servizi informativi', 'owner: *note'))])).toEqual([
      '9:12 tenants[0].owner: unknown alias *note: no anchor &note is set on a value before it',
    ]);
  });

  test('ordinary anchors and merge keys still load', () => {
    const config = parse(['x-common: &common', '  owner: Servizi informativi', ...BASE.filter((l) => !l.includes('owner:')).map((l) => (l.includes('- ipaCode') ? `${l}\n    <<: *common` : l))]);
    expect(config.tenants[0].identity.owner).toBe('Servizi informativi');
  });
});

describe('encodings', () => {
  const utf8 = Buffer.from(`${BASE.join('\n')}\n`, 'utf8');

  test('UTF-16 with a byte order mark (little and big endian)', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${BASE.join('\n')}\n`, 'utf16le')]);
    expect(loadErrors(le)).toEqual(['1:1 not UTF-8: the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8']);
    const be = Buffer.from(le);
    be.swap16();
    expect(loadErrors(be)).toEqual(['1:1 not UTF-8: the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8']);
  });

  test('UTF-16 without a byte order mark: NUL bytes', () => {
    expect(loadErrors(Buffer.from(`${BASE.join('\n')}\n`, 'utf16le'))).toEqual([
      '1:2 not a text file: it contains NUL bytes (UTF-16 without a byte order mark, or a binary file); save it as UTF-8',
    ]);
  });

  test('Latin-1: the invalid byte and its position', () => {
    const latin1 = Buffer.from(`${BASE.join('\n').replace('Comune di Esempio', 'Comune di Forlì')}\n`, 'latin1');
    expect(loadErrors(latin1)).toEqual(['6:25 not UTF-8: invalid byte 0xEC (Latin-1 or another 8-bit encoding?); save it as UTF-8']);
  });

  test('invalid UTF-8 sequences: overlong, surrogate, truncated', () => {
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      const bytes = Buffer.concat([Buffer.from('tenants: [x'), Buffer.from(bad), Buffer.from(']\n')]);
      expect(loadErrors(bytes)).toEqual([expect.stringMatching(/^1:12 not UTF-8: invalid byte 0x[0-9A-F]{2} /)]);
    }
  });

  test('a UTF-8 byte order mark is accepted, and valid UTF-8 loads', () => {
    const file = path.join(tmp, 'bom.yaml');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]));
    expect(loadConfig(file).tenants).toHaveLength(1);
  });

  test('a file too large to be a landing zones file is refused before it is read', () => {
    const file = path.join(tmp, 'big.yaml');
    const fd = fs.openSync(file, 'w');
    fs.ftruncateSync(fd, 11 * 1024 * 1024);
    fs.closeSync(fd);
    expect(() => loadConfig(file)).toThrow(/cannot read the file: it is too large \(11534336 bytes; at most 10485760 bytes\)/);
  });

  test('a folder given as the file', () => {
    expect(() => loadConfig(tmp)).toThrow(/cannot read the file: it is a folder, not a file \(EISDIR\)/);
  });
});

describe('line endings', () => {
  test('CR-only line endings are line breaks: the file loads, and errors have the right line', () => {
    const cr = `${BASE.join('\r')}\r`;
    expect(() => errorsOf(cr)).toThrow(/expected the file to have mistakes, but it loaded/);
    const bad = `${BASE.join('\r').replace('incidentContact: cert@comune.example.it', 'incidentContact: nope')}\r`;
    expect(located(bad)).toEqual(['9:22 tenants[0].incidentContact: must be an e-mail address, e.g. "cert@comune.example.it", got "nope"']);
  });

  test('CRLF line endings load too', () => {
    expect(() => errorsOf(`${BASE.join('\r\n')}\r\n`)).toThrow(/but it loaded/);
  });
});

describe('YAML tags are refused with their position', () => {
  test.each([
    ['    name: !Ref Foo', '6:11 tenants[0].name: YAML tags are not allowed in the landing zones file, got !Ref'],
    ['    name: !!binary Q29tdW5l', '6:11 tenants[0].name: YAML tags are not allowed in the landing zones file, got !!binary'],
    ['    name: !!str Comune', '6:11 tenants[0].name: YAML tags are not allowed in the landing zones file, got !!str'],
    ['    name: !Sub "${AWS::Region}"', '6:11 tenants[0].name: YAML tags are not allowed in the landing zones file, got !Sub'],
  ])('%s', (line, message) => {
    const lines = BASE.map((l) => (l.startsWith('    name:') ? line : l));
    expect(located(lines)).toEqual([`${message}: write the plain value without the tag (the file is data, nothing in it is evaluated)`]);
  });

  test('a tag on a mapping or a list', () => {
    expect(located([...BASE, '    overrides: !!seq []'])[0]).toMatch(/^11:16 tenants\[0\]\.overrides: YAML tags are not allowed .*got !!seq/);
    expect(located(['aggregator: !Custom', '  ipaCode: r_x', ...BASE])[0]).toMatch(/^1:13 aggregator: YAML tags are not allowed .*got !Custom/);
  });
});

describe('long values are cut in messages', () => {
  test('a 50 MB value: the file is refused as too large, the value never echoed', async () => {
    const huge = 'x'.repeat(50 * 1024 * 1024);
    fs.writeFileSync(path.join(tmp, 'huge.yaml'), `${BASE.join('\n').replace('Comune di Esempio', huge)}\n`);
    const r = await runCli(['synth', 'huge.yaml', '--out', 'never'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeLessThan(500);
    expect(r.stderr).toMatch(/^huge\.yaml:1:1: cannot read the file: it is too large \(52429\d+ bytes; at most 10485760 bytes\)/m);
  });

  test('a long value is echoed as its first 200 characters and its length', () => {
    const long = 'y'.repeat(5000);
    const errors = located(BASE.map((l) => l.replace('Comune di Esempio', long)));
    expect(errors).toEqual([`6:11 tenants[0].name: must be at most 128 characters, got "${'y'.repeat(200)}"... (5000 characters)`]);
  });

  test('a long unknown key is cut too', () => {
    const key = 'k'.repeat(2000);
    const errors = located([...BASE, `    ? ${key}`, '    : 1']);
    expect(errors[0]).toMatch(new RegExp(`^11:7 tenants\\[0\\]: unknown key "k{60}\\.\\.\\." \\(2000 characters\\) \\(allowed: `));
    expect(errors[0].length).toBeLessThan(600);
  });

  test('PaCloudKitError cuts long values, inside objects too', () => {
    expect(new PaCloudKitError({ field: 'f', value: 'z'.repeat(1000), rule: 'r' }).message).toBe(`f: r, got "${'z'.repeat(200)}"... (1000 characters)`);
    const nested = new PaCloudKitError({ field: 'f', value: { a: 'z'.repeat(1000), b: Array.from({ length: 500 }, (_, i) => i) }, rule: 'r' }).message;
    expect(nested.length).toBeLessThan(500);
    expect(nested).toContain('(1000 characters)');
  });
});

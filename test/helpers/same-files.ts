/** Comparing output folders byte for byte (the state folder left out). */
import * as fs from 'node:fs';
import * as path from 'node:path';

const STATE_DIR = '.pa-cloud-kit-state';

/** Every file under `dir` (relative, sorted) with its bytes, leaving out the state folder and `ignore`. */
export function filesOf(dir: string, ignore: readonly string[] = []): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (abs: string, rel: string) => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (r === STATE_DIR || ignore.includes(r)) continue;
      if (e.isDirectory()) walk(path.join(abs, e.name), r);
      else out.set(r, fs.readFileSync(path.join(abs, e.name)));
    }
  };
  walk(dir, '');
  return out;
}

/** Asserts both folders hold the same files with the same bytes, naming the first that differs. */
export function expectSameFiles(actual: string, expected: string, ignore: readonly string[] = []): void {
  const a = filesOf(actual, ignore);
  const b = filesOf(expected, ignore);
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [name, bytes] of b) {
    if (!a.get(name)!.equals(bytes)) throw new Error(`${name} differs between ${actual} and ${expected}`);
  }
}

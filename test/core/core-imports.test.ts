import * as fs from 'fs';
import * as path from 'path';

const CORE = path.join(__dirname, '..', '..', 'lib', 'core');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const FORBIDDEN = /(?:from\s+|require\(\s*|import\(\s*)['"](aws-cdk-lib|cdktf|cdktn|@cdktf\/[^'"]+|constructs)(?:\/[^'"]*)?['"]/;

test('lib/core imports neither aws-cdk-lib nor cdktf (nor constructs)', () => {
  const files = sources(CORE);
  expect(files.length).toBeGreaterThan(5);
  const offenders = files.filter((file) => FORBIDDEN.test(fs.readFileSync(file, 'utf8'))).map((f) => path.relative(CORE, f));
  expect(offenders).toEqual([]);
});

test('the import check recognizes a provider import', () => {
  expect(FORBIDDEN.test("import { Stack } from 'aws-cdk-lib';")).toBe(true);
  expect(FORBIDDEN.test("import * as s3 from 'aws-cdk-lib/aws-s3';")).toBe(true);
  expect(FORBIDDEN.test('const { App } = require("cdktf");')).toBe(true);
  expect(FORBIDDEN.test("import { Address4 } from 'ip-address';")).toBe(false);
});

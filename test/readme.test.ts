import * as fs from 'fs';
import * as path from 'path';
import { renderDefaultsTable } from '../lib/core';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

function between(start: string, end: string): string {
  const from = README.indexOf(start);
  const to = README.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no section between ${start} and ${end}`);
  return README.slice(from + start.length, to).trim();
}

test('the README table of default settings per class is the one the code renders', () => {
  expect(between('<!-- defaults-table:start -->', '<!-- defaults-table:end -->')).toBe(renderDefaultsTable().trim());
});

test('the Quick start gives exactly two commands', () => {
  const quickStart = README.slice(README.indexOf('## Quick start'));
  const block = /```sh\n([\s\S]*?)```/.exec(quickStart)![1];
  expect(block.trim().split('\n')).toHaveLength(2);
});

test('the README table of cdk-nag acknowledgements is the one the code holds', () => {
  // Imported here so the core tests above don't load aws-cdk-lib.
  const { nagAcknowledgementsTable } = require('../lib/aws') as typeof import('../lib/aws');
  expect(between('<!-- nag-table:start -->', '<!-- nag-table:end -->')).toBe(nagAcknowledgementsTable().trim());
});

test('the README table of rules is the one the engine renders', () => {
  const { renderRulesTable } = require('../lib/compliance') as typeof import('../lib/compliance');
  expect(between('<!-- rules-table:start -->', '<!-- rules-table:end -->')).toBe(renderRulesTable().trim());
});

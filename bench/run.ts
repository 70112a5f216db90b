/**
 * `npm run bench`: runs every benchmark of the project, one child process each so that a
 * benchmark's memory does not bleed into the next, and prints where the results were written.
 *
 * Benchmarks are not unit tests: machines here are noisy, so numbers are reported, never asserted.
 * Pass names to run a subset: `npm run bench -- aws-synth`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const BENCHES = ['aws-synth', 'compliance', 'openstack-synth', 'aggregator', 'cli', 'scale', 'openstack-scheduler'];

const wanted = process.argv.slice(2);
const selected = BENCHES.filter((name) => (wanted.length === 0 || wanted.includes(name)) && fs.existsSync(path.join(__dirname, `${name}.ts`)));
const unknown = wanted.filter((name) => !BENCHES.includes(name));
if (unknown.length > 0) {
  console.error(`bench: unknown benchmark ${unknown.join(', ')}; known: ${BENCHES.join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const name of selected) {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, `${name}.ts`)], {
    stdio: 'inherit',
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: '1' },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed++;
    console.error(`=== ${name} failed (exit ${result.status}) after ${seconds} s`);
  } else {
    console.log(`=== ${name} done in ${seconds} s; results in bench/results/${name}.json`);
  }
}
process.exit(failed === 0 ? 0 : 1);

/**
 * Runs `pa-cloud-kit synth` in a child process that kills itself (SIGKILL, no cleanup) at a chosen
 * moment, to test that a killed run leaves the previous or the new complete output:
 *   tsx synth-child.ts <moment> synth <config> --out <dir>
 * where <moment> is `none`, `progress:<label>` (before a synthesis step, e.g. `progress:write aws`),
 * `write:<n>` (before the n-th file write of the output folder) or `rename:<n>` (before its n-th rename).
 */
import { run } from '../../../lib/cli/main';
import { outputFs } from '../../../lib/cli/private/output';

const [moment, ...argv] = process.argv.slice(2);
const [kind, arg] = moment === 'none' ? ['none', ''] : [moment.slice(0, moment.indexOf(':')), moment.slice(moment.indexOf(':') + 1)];
const die = () => process.kill(process.pid, 'SIGKILL');
const counts = { write: 0, rename: 0 };
const realWrite = outputFs.writeFileSync;
const realRename = outputFs.renameSync;
outputFs.writeFileSync = (p, data, flag) => {
  counts.write += 1;
  if (kind === 'write' && counts.write === Number(arg)) die();
  realWrite(p, data, flag);
};
outputFs.renameSync = (from, to) => {
  counts.rename += 1;
  if (kind === 'rename' && counts.rename === Number(arg)) die();
  realRename(from, to);
};

void run(argv, {
  stdout: process.stdout,
  stderr: {
    write: (s: string) => {
      if (kind === 'progress' && s.includes(`] ${arg}\n`)) die();
      return process.stderr.write(s);
    },
  },
  isTTY: kind === 'progress',
}).then((code) => {
  process.exitCode = code;
});

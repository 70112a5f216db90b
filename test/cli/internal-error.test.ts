/** An internal bug: a short message asking to report it, exit 2, a stack trace only on request. */
import { run, type CliCommand } from '../../lib/cli/main';

const broken: CliCommand = {
  name: 'explode',
  register(program) {
    program.command('explode').action(() => {
      const value = undefined as unknown as { field: { length: number } };
      if (value.field.length > 0) throw new Error('unreachable');
    });
  },
};

async function runBroken(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await run(['explode'], { stdout: { write: () => undefined }, stderr: { write: (s: string) => { stderr += s; } }, isTTY: false, env }, [broken]);
  return { code, stderr };
}

test('prints a short message and "please report", without a stack trace', async () => {
  const { code, stderr } = await runBroken({});
  expect(code).toBe(2);
  expect(stderr).toBe("pa-cloud-kit: internal error: Cannot read properties of undefined (reading 'field')\n"
    + 'pa-cloud-kit: this is a bug in pa-cloud-kit, please report it (set PA_CLOUD_KIT_DEBUG=1 to print the stack trace)\n');
});

test('PA_CLOUD_KIT_DEBUG=1 adds the stack trace', async () => {
  const { code, stderr } = await runBroken({ PA_CLOUD_KIT_DEBUG: '1' });
  expect(code).toBe(2);
  expect(stderr).toMatch(/please report it\nTypeError: Cannot read properties of undefined \(reading 'field'\)\n\s+at /);
});

test('a file-system failure that no command reported is a user-facing error with the path and the cause, not a bug', async () => {
  const failing: CliCommand = {
    name: 'read-missing',
    register(program) {
      program.command('read-missing').action(() => {
        require('node:fs').readFileSync('/nonexistent-pa-cloud-kit/landing-zones.yaml');
      });
    },
  };
  let stderr = '';
  const code = await run(['read-missing'], { stdout: { write: () => undefined }, stderr: { write: (s: string) => { stderr += s; } }, isTTY: false, env: {} }, [failing]);
  expect(code).toBe(2);
  expect(stderr).toBe('pa-cloud-kit: /nonexistent-pa-cloud-kit/landing-zones.yaml: no such file or folder (ENOENT)\n');
});

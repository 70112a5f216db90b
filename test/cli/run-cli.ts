/** Runs the CLI in-process and captures what it prints. */
import * as path from 'node:path';
import { run } from '../../lib/cli/main';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The project root: fixture paths in the tests are relative to it. */
export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = 'test/fixtures/compliance';

export async function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; isTTY?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (s: string) => { stdout += s; } },
    stderr: { write: (s: string) => { stderr += s; } },
    isTTY: options.isTTY ?? false,
    cwd: options.cwd ?? ROOT,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

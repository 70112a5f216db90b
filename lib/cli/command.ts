/** What a subcommand of `pa-cloud-kit` is, and what it gets (lib/cli/registry.ts lists them). */
import type { Command } from 'commander';
import type { CliIo } from './io';

/** What a command gets besides its parsed options. */
export interface CliCommandContext {
  readonly io: CliIo;
  /** Absolute working directory. */
  readonly cwd: string;
  /** The kit's version (package.json). */
  readonly version: string;
  /** Sets the exit code of the run (the highest code set wins). */
  exit(code: number): void;
}

/**
 * One subcommand of `pa-cloud-kit`. Each lives in its own file under lib/cli/commands/ and
 * declares its arguments and options on the commander program it is given; its action may be
 * async and reports its outcome through `ctx.exit(code)`. Errors it throws are turned into
 * `pa-cloud-kit: <message>` and exit code 2 by `run`.
 */
export interface CliCommand {
  readonly name: string;
  register(program: Command, ctx: CliCommandContext): void;
}

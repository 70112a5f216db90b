/**
 * The `pa-cloud-kit` command. `run` parses the arguments, runs one subcommand and returns the exit
 * code; it never throws and never prints a stack trace (unless `PA_CLOUD_KIT_DEBUG=1`), so tests
 * call it in-process and bin/pa-cloud-kit.js only sets `process.exitCode`.
 */
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { PaCloudKitError } from '../core/errors';
import { kitVersion } from '../compliance/integrations/private/kit-version';
import { InputError } from '../compliance/types';
import { ExitCode, type CliIo } from './io';
import { UsageError } from './private/errors';
import { causeOf, isFsError } from './private/io-errors';
import { COMMANDS, type CliCommand, type CliCommandContext, type LazyCliCommand } from './registry';

export { ExitCode, type CliIo, type CliOutput } from './io';
export { COMMANDS, type CliCommand, type CliCommandContext, type LazyCliCommand } from './registry';

const PROGRAM = 'pa-cloud-kit';

/**
 * Runs `pa-cloud-kit` with `argv` (the arguments after the program name, e.g.
 * `['check', 'cdk.out']`) and returns its exit code: 0 nothing fails, 1 a control fails, 2
 * unusable input, bad option or internal error. `commands` defaults to every registered command.
 *
 * Only the command being run is loaded (a {@link LazyCliCommand} is loaded when it is the first
 * argument that is not an option); the others are listed by `--help` from their name, term and
 * description, so `--version` and `--help` load no command module.
 */
export async function run(argv: readonly string[], io: CliIo, commands: readonly (CliCommand | LazyCliCommand)[] = COMMANDS): Promise<number> {
  const cwd = path.resolve(io.cwd ?? process.cwd());
  const env = io.env ?? process.env;
  let exitCode: number = ExitCode.OK;
  const ctx: CliCommandContext = {
    io,
    cwd,
    version: kitVersion(),
    exit(code) {
      exitCode = Math.max(exitCode, code);
    },
  };

  const program = new Command(PROGRAM)
    .description('Compliant landing zones for Italian Public Administrations: check and report on synthesized infrastructure')
    .version(ctx.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print help')
    .helpCommand(false)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Errors are printed once, below, as `pa-cloud-kit: <message>`.
      outputError: () => undefined,
    });
  const invoked = argv.find((arg) => !arg.startsWith('-'));
  const terms = new Map<string, string>();
  try {
    for (const command of commands) {
      if (!isLazy(command)) command.register(program, ctx);
      else if (command.name === invoked) command.load().register(program, ctx);
      else {
        // Listed by --help, never run: running it makes its name the invoked one.
        program.command(command.name).description(command.description).allowUnknownOption().allowExcessArguments();
        terms.set(command.name, command.term);
      }
    }
    if (terms.size > 0) {
      const helper = program.createHelp();
      program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd.name()) ?? helper.subcommandTerm(cmd) });
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    return reportError(e, io, env);
  }
}

function isLazy(command: CliCommand | LazyCliCommand): command is LazyCliCommand {
  return 'load' in command;
}

function reportError(e: unknown, io: CliIo, env: Readonly<Record<string, string | undefined>>): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return ExitCode.OK;
    if (e.code === 'commander.help' || e.code === 'commander.executeSubCommandAsync') {
      // `pa-cloud-kit` with no command: commander printed the help on stderr.
      return ExitCode.UNUSABLE;
    }
    const message = e.message.replace(/^error: /, '');
    io.stderr.write(`${PROGRAM}: ${message}\n${PROGRAM}: run '${PROGRAM} --help' for the commands and options\n`);
    return ExitCode.UNUSABLE;
  }
  if (e instanceof UsageError || e instanceof InputError || e instanceof PaCloudKitError) {
    io.stderr.write(`${PROGRAM}: ${e.message}\n`);
    return ExitCode.UNUSABLE;
  }
  if (isFsError(e) && e.path !== undefined) {
    // A file-system failure no command turned into a message of its own: still the user's to fix.
    io.stderr.write(`${PROGRAM}: ${e.path}: ${causeOf(e)}\n`);
    return ExitCode.UNUSABLE;
  }
  const message = e instanceof Error ? e.message : String(e);
  io.stderr.write(`${PROGRAM}: internal error: ${message}\n${PROGRAM}: this is a bug in pa-cloud-kit, please report it`
    + `${env.PA_CLOUD_KIT_DEBUG === '1' ? '' : ' (set PA_CLOUD_KIT_DEBUG=1 to print the stack trace)'}\n`);
  if (env.PA_CLOUD_KIT_DEBUG === '1' && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
  return ExitCode.UNUSABLE;
}

import { Command } from 'commander';
import { COMMANDS, type CliCommandContext } from '../../lib/cli/main';
import { runCli } from './run-cli';

const ctx: CliCommandContext = { io: { stdout: { write: () => undefined }, stderr: { write: () => undefined }, isTTY: false }, cwd: '/', version: '0.0.0', exit: () => undefined };

test('each lazily loaded command is listed by --help exactly as its loaded module declares it', () => {
  const help = new Command('x').createHelp();
  for (const lazy of COMMANDS) {
    const program = new Command('pa-cloud-kit');
    const command = lazy.load();
    expect(command.name).toBe(lazy.name);
    command.register(program, ctx);
    const registered = program.commands.find((c) => c.name() === lazy.name);
    expect(registered).toBeDefined();
    expect([lazy.name, help.subcommandTerm(registered!)]).toEqual([lazy.name, lazy.term]);
    expect([lazy.name, registered!.description()]).toEqual([lazy.name, lazy.description]);
  }
});

test('--help lists every command with its arguments, and a misspelt command gets a suggestion', async () => {
  const help = await runCli(['--help']);
  expect(help.code).toBe(0);
  for (const lazy of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${lazy.term.replace(/[[\].]/g, '\\$&')} +\\S`, 'm'));
  const typo = await runCli(['chek', 'cdk.out']);
  expect(typo.code).toBe(2);
  expect(typo.stderr).toMatch(/unknown command 'chek'.*\(Did you mean check\?\)/s);
});

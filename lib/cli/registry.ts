import type { CliCommand } from './command';

export type { CliCommand, CliCommandContext } from './command';

/**
 * A subcommand known by name, loaded only when it runs. `pa-cloud-kit --version` or `--help` loads
 * no command module, `check` loads only the compliance engine (never aws-cdk-lib or cdktf), and
 * `synth` loads a provider only when the landing zones file uses it. `term` and `description` are
 * what the program's `--help` lists (a test keeps them equal to the loaded command's).
 */
export interface LazyCliCommand {
  readonly name: string;
  /** How `--help` lists it, e.g. `check [options] <path...>`. */
  readonly term: string;
  readonly description: string;
  load(): CliCommand;
}

/** Every subcommand, in the order `--help` lists them. Add new commands here. */
export const COMMANDS: readonly LazyCliCommand[] = [
  {
    name: 'init',
    term: 'init [options] [file]',
    description: 'write a starter landing zones file for one PA',
    load: () => (require('./commands/init') as typeof import('./commands/init')).initCommand,
  },
  {
    name: 'synth',
    term: 'synth [options] <config>',
    description: 'synthesize every landing zone of a landing zones file, check them and write the compliance report',
    load: () => (require('./commands/synth') as typeof import('./commands/synth')).synthCommand,
  },
  {
    name: 'merge',
    term: 'merge [options] <config> <shards...>',
    description: 'merge the outputs of synth --shard K/N into one output folder and one report, building the central stacks',
    load: () => (require('./commands/synth') as typeof import('./commands/synth')).mergeCommand,
  },
  {
    name: 'delta',
    term: 'delta [options] <before> <after>',
    description: 'the per-landing-zone compliance delta between two output folders of synth or merge, as Markdown',
    load: () => (require('./commands/delta') as typeof import('./commands/delta')).deltaCommand,
  },
  {
    name: 'check',
    term: 'check [options] <path...>',
    description: 'check synthesized CloudFormation templates and Terraform JSON against the compliance rules',
    load: () => (require('./commands/check') as typeof import('./commands/check')).checkCommand,
  },
  {
    name: 'report',
    term: 'report [options] <path...>',
    description: 'write the compliance report of each landing zone (control matrix, overrides, evidence)',
    load: () => (require('./commands/report') as typeof import('./commands/report')).reportCommand,
  },
];

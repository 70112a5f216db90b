import * as fs from 'node:fs';
import * as path from 'node:path';
import { Option } from 'commander';
import { CloudProvider, DATA_CLASSIFICATIONS, type DataClassification } from '../../core';
import { renderStarterConfig } from '../../config';
import type { CliCommand } from '../command';
import { UsageError } from '../private/errors';
import { causeOf, isFsError } from '../private/io-errors';
import { CI_FILES, CI_SYSTEMS, renderPipeline, type CiSystem } from '../private/ci';
import { ConfigValidationError, formatConfigError, loadConfig } from '../../config';
import type { CliCommandContext } from '../command';

/** Providers `init` writes a starter for. */
export const INIT_PROVIDERS = [CloudProvider.AWS, CloudProvider.OPENSTACK] as const;

interface InitOptions {
  readonly provider: CloudProvider;
  readonly classification?: DataClassification;
  readonly ipaCode?: string;
  readonly name?: string;
  readonly force?: boolean;
  readonly ci?: CiSystem;
  readonly config?: string;
  readonly shards?: string;
}

/**
 * `pa-cloud-kit init [file]`: writes a commented starter landing zones file for one PA (default
 * `landing-zones.yaml`) whose placeholders are valid, so `synth` accepts it as written. Refuses to
 * overwrite an existing file without `--force` (exit 2).
 */
export const initCommand: CliCommand = {
  name: 'init',
  register(program, ctx) {
    program
      .command('init')
      .description('write a starter landing zones file for one PA')
      .argument('[file]', 'the file to write (default: landing-zones.yaml; with --ci: .gitlab-ci.yml or .github/workflows/pa-cloud-kit.yml)')
      .addOption(new Option('--provider <provider>', 'the cloud').choices(INIT_PROVIDERS).default(CloudProvider.AWS))
      .addOption(new Option('--classification <class>', 'the classification of the PA\'s data and services (default: ordinario)').choices(DATA_CLASSIFICATIONS))
      .option('--ipa-code <code>', 'the PA\'s codice IPA (default: a placeholder)')
      .option('--name <name>', 'the PA\'s name (default: a placeholder)')
      .option('--force', 'overwrite the file if it exists')
      .addOption(new Option('--ci <system>', 'write the CI pipeline for the landing zones file instead: sharded synth, merge, reports, merge request delta, deploys').choices(CI_SYSTEMS))
      .option('--config <file>', 'with --ci: the landing zones file the pipeline builds', 'landing-zones.yaml')
      .option('--shards <n>', 'with --ci: parallel synth jobs', '4')
      .action((given: string | undefined, options: InitOptions) => {
        if (options.ci) {
          writePipeline(given ?? CI_FILES[options.ci], options, ctx);
          return;
        }
        const file = given ?? 'landing-zones.yaml';
        const text = renderStarterConfig({
          provider: options.provider,
          ...(options.classification ? { classification: options.classification } : {}),
          ...(options.ipaCode !== undefined ? { ipaCode: options.ipaCode } : {}),
          ...(options.name !== undefined ? { name: options.name } : {}),
        });
        writeNewFile(file, text, Boolean(options.force), ctx);
        ctx.io.stdout.write(`wrote ${file} (${options.provider}, ${options.classification ?? 'ordinario'}): replace the placeholders, then run pa-cloud-kit synth ${file}\n`);
      });
  },
};

/** `init --ci`: reads the landing zones file (its tenants get a deploy job each) and writes the pipeline. */
function writePipeline(file: string, options: InitOptions, ctx: CliCommandContext): void {
  const shards = Number(options.shards);
  if (!/^\d{1,3}$/.test(String(options.shards)) || shards < 1 || shards > 100) {
    throw new UsageError(`--shards: must be a whole number from 1 to 100, got ${JSON.stringify(options.shards)}`);
  }
  const configFile = options.config ?? 'landing-zones.yaml';
  const absolute = path.resolve(ctx.cwd, configFile);
  if (!fs.existsSync(absolute)) throw new UsageError(`--config ${configFile}: no such file; write it first (pa-cloud-kit init) or give its path`);
  let config;
  try {
    config = loadConfig(absolute);
  } catch (e) {
    if (!(e instanceof ConfigValidationError)) throw e;
    for (const error of e.errors) ctx.io.stderr.write(`${formatConfigError({ ...error, file: path.relative(ctx.cwd, error.file) || error.file })}\n`);
    throw new UsageError(`--config ${configFile}: ${e.errors.length} error${e.errors.length === 1 ? '' : 's'}, no pipeline written`);
  }
  const relConfig = path.relative(ctx.cwd, absolute).split(path.sep).join('/');
  const text = renderPipeline(options.ci!, config, { configFile: relConfig, shards });
  writeNewFile(file, text, Boolean(options.force), ctx);
  ctx.io.stdout.write(`wrote ${file} (${options.ci}, ${shards} shards, ${config.tenants.length} tenant deploy jobs): commit it; re-run after adding tenants\n`);
}

/**
 * Writes a file `init` creates (the starter or a pipeline), making its folder: refuses to replace
 * an existing file unless `force`; a file-system failure is a user-facing error with the cause.
 */
function writeNewFile(file: string, text: string, force: boolean, ctx: CliCommandContext): void {
  const target = path.resolve(ctx.cwd, file);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text, { flag: force ? 'w' : 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const underFile = (code === 'EEXIST' && (e as NodeJS.ErrnoException).syscall === 'mkdir') || code === 'ENOTDIR';
    if (code === 'EEXIST' && !underFile) throw new UsageError(`${file} already exists: pass --force to overwrite it`);
    const cause = underFile ? `a part of the path is a file, not a folder (${code})` : isFsError(e) ? causeOf(e) : String(e);
    throw new UsageError(`${file}: cannot write the file: ${cause}`);
  }
}

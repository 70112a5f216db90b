import * as fs from 'node:fs';
import * as path from 'node:path';
import { Option } from 'commander';
import { CloudProvider, DATA_CLASSIFICATIONS, type DataClassification } from '../../core';
import { renderStarterConfig } from '../../config';
import type { CliCommand } from '../registry';
import { UsageError } from '../private/errors';
import { causeOf, isFsError } from '../private/io-errors';

/** Providers `init` writes a starter for. */
export const INIT_PROVIDERS = [CloudProvider.AWS, CloudProvider.OPENSTACK] as const;

interface InitOptions {
  readonly provider: CloudProvider;
  readonly classification?: DataClassification;
  readonly ipaCode?: string;
  readonly name?: string;
  readonly force?: boolean;
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
      .argument('[file]', 'the file to write', 'landing-zones.yaml')
      .addOption(new Option('--provider <provider>', 'the cloud').choices(INIT_PROVIDERS).default(CloudProvider.AWS))
      .addOption(new Option('--classification <class>', 'the classification of the PA\'s data and services (default: ordinario)').choices(DATA_CLASSIFICATIONS))
      .option('--ipa-code <code>', 'the PA\'s codice IPA (default: a placeholder)')
      .option('--name <name>', 'the PA\'s name (default: a placeholder)')
      .option('--force', 'overwrite the file if it exists')
      .action((file: string, options: InitOptions) => {
        const text = renderStarterConfig({
          provider: options.provider,
          ...(options.classification ? { classification: options.classification } : {}),
          ...(options.ipaCode !== undefined ? { ipaCode: options.ipaCode } : {}),
          ...(options.name !== undefined ? { name: options.name } : {}),
        });
        const target = path.resolve(ctx.cwd, file);
        try {
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.writeFileSync(target, text, { flag: options.force ? 'w' : 'wx' });
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          const underFile = (code === 'EEXIST' && (e as NodeJS.ErrnoException).syscall === 'mkdir') || code === 'ENOTDIR';
          if (code === 'EEXIST' && !underFile) throw new UsageError(`${file} already exists: pass --force to overwrite it`);
          const cause = underFile ? `a part of the path is a file, not a folder (${code})` : isFsError(e) ? causeOf(e) : String(e);
          throw new UsageError(`${file}: cannot write the file: ${cause}`);
        }
        ctx.io.stdout.write(`wrote ${file} (${options.provider}, ${options.classification ?? 'ordinario'}): replace the placeholders, then run pa-cloud-kit synth ${file}\n`);
      });
  },
};

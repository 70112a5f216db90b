import { InvalidArgumentError, Option } from 'commander';
import type { DataClassification } from '../../core';
import { RULES } from '../../compliance';
import { NETWORK_TIERS, type NetworkTier, type TierPattern } from '../../compliance/types';
import { renderJson, renderMarkdown, renderSarif, renderText } from '../../compliance/report';
import type { CliCommand } from '../command';
import { checkPaths, classificationOption, regionCountryOption, type RegionCountry, exitCodeOf, printDiagnostics, resourceLineFinder, writeOut } from '../private/compliance';

/** Output formats of `check`. */
export const CHECK_FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

interface CheckOptions {
  readonly classification?: DataClassification;
  readonly regionCountry?: RegionCountry[];
  readonly format: CheckFormat;
  readonly out?: string;
  readonly region?: string;
  readonly account?: string;
  readonly tier?: TierPattern[];
  readonly strict?: boolean;
}

/** `--region <aws-region>`: the region of templates without kit metadata (ACN-LOC-01). */
function parseRegion(value: string): string {
  const v = value.trim();
  if (!/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(v)) throw new InvalidArgumentError('Expected an AWS region name such as eu-south-1.');
  return v;
}

/** `--account <12 digits>`: the AWS account of templates without kit metadata (ACN-BCK-04). */
function parseAccount(value: string): string {
  const v = value.trim();
  if (!/^\d{12}$/.test(v)) throw new InvalidArgumentError('Expected a 12-digit AWS account ID.');
  return v;
}

/** `--tier <tier>=<pattern>`, repeatable: subnets whose logical ID or Name tag match the pattern belong to the tier. */
function parseTier(value: string, previous: TierPattern[] | undefined): TierPattern[] {
  const eq = value.indexOf('=');
  const tier = (eq > 0 ? value.slice(0, eq) : '').trim().toLowerCase();
  const source = eq > 0 ? value.slice(eq + 1) : '';
  if (!NETWORK_TIERS.includes(tier as NetworkTier) || source.length === 0) {
    throw new InvalidArgumentError(`Expected <tier>=<pattern> with tier one of ${NETWORK_TIERS.join(', ')} and a regular expression, e.g. management=^Mgmt.`);
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(source, 'i');
  } catch (e) {
    throw new InvalidArgumentError(`The pattern ${JSON.stringify(source)} is not a valid regular expression (${(e as Error).message}).`);
  }
  return [...(previous ?? []), { tier: tier as NetworkTier, pattern }];
}

/**
 * `pa-cloud-kit check <path...>`: checks synthesized CloudFormation templates and Terraform JSON
 * against the kit's rules and exits 0 (nothing fails), 1 (a control fails) or 2 (unusable input).
 */
export const checkCommand: CliCommand = {
  name: 'check',
  register(program, ctx) {
    program
      .command('check')
      .description('check synthesized CloudFormation templates and Terraform JSON against the compliance rules')
      .argument('<path...>', 'files or folders (cdk.out, cdktf.out/stacks/*) to check')
      .addOption(classificationOption())
      .addOption(regionCountryOption())
      .addOption(new Option('--format <format>', 'output format').choices(CHECK_FORMATS).default('text'))
      .option('--out <file>', 'write the output to this file (stdout then gets the text summary)')
      .addOption(new Option('--region <region>', 'AWS region of templates without kit metadata, e.g. eu-south-1 (ACN-LOC-01)').argParser(parseRegion))
      .addOption(new Option('--account <account>', 'AWS account (12 digits) of templates without kit metadata (ACN-BCK-04)').argParser(parseAccount))
      .addOption(new Option('--tier <tier=pattern>', `name the AWS subnets or OpenStack networks of a tier (${NETWORK_TIERS.join(', ')}) by a regular expression on their logical ID or address, or their name; repeatable`).argParser(parseTier))
      .option('--strict', 'exit 1 also when a control is unresolved (a value it depends on is known only at deploy time)')
      .action((paths: string[], options: CheckOptions) => {
        const result = checkPaths(paths, {
          ...options,
          evaluate: {
            ...(options.region ? { region: options.region } : {}),
            ...(options.account ? { account: options.account } : {}),
            ...(options.tier ? { tiers: options.tier } : {}),
          },
        }, ctx);
        printDiagnostics(result, ctx);
        const color = ctx.io.isTTY && !options.out && !(ctx.io.env ?? process.env).NO_COLOR;
        const text = () => renderText(result, { cwd: ctx.cwd, color });
        let output: string;
        switch (options.format) {
          case 'json':
            output = renderJson(result, { cwd: ctx.cwd, toolVersion: ctx.version });
            break;
          case 'markdown':
            output = renderMarkdown(result, { cwd: ctx.cwd });
            break;
          case 'sarif':
            output = renderSarif(result, { rules: RULES, cwd: ctx.cwd, toolVersion: ctx.version, lineOf: resourceLineFinder() });
            break;
          default:
            output = text();
        }
        if (options.out) {
          writeOut(options.out, output, ctx);
          ctx.io.stdout.write(renderText(result, { cwd: ctx.cwd }));
          ctx.io.stdout.write(`${options.format} output written to ${options.out}\n`);
        } else {
          ctx.io.stdout.write(output);
        }
        ctx.exit(exitCodeOf(result, { strict: options.strict === true }));
      });
  },
};

import { Option } from 'commander';
import type { DataClassification } from '../../core';
import { RULES } from '../../compliance';
import { renderJson, renderMarkdown, renderSarif, renderText } from '../../compliance/report';
import type { CliCommand } from '../registry';
import { checkPaths, classificationOption, regionCountryOption, type RegionCountry, exitCodeOf, printDiagnostics, resourceLineFinder, writeOut } from '../private/compliance';

/** Output formats of `check`. */
export const CHECK_FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

interface CheckOptions {
  readonly classification?: DataClassification;
  readonly regionCountry?: RegionCountry[];
  readonly format: CheckFormat;
  readonly out?: string;
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
      .action((paths: string[], options: CheckOptions) => {
        const result = checkPaths(paths, options, ctx);
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
        ctx.exit(exitCodeOf(result));
      });
  },
};

import * as path from 'node:path';
import { Option } from 'commander';
import type { DataClassification } from '../../core';
import { renderHtml, renderMarkdown } from '../../compliance/report';
import type { CliCommand } from '../command';
import { checkPaths, classificationOption, regionCountryOption, type RegionCountry, exitCodeOf, printDiagnostics, writeOut } from '../private/compliance';
import { countsSentence } from '../private/summary';

/** Output formats of `report`. */
export const REPORT_FORMATS = ['html', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

interface ReportOptions {
  readonly classification?: DataClassification;
  readonly regionCountry?: RegionCountry[];
  readonly format?: ReportFormat;
  readonly out?: string;
}

/** `markdown` for a `.md`/`.markdown` file, else `html`. */
export function reportFormatFor(out: string | undefined): ReportFormat {
  const ext = out ? path.extname(out).toLowerCase() : '';
  return ext === '.md' || ext === '.markdown' ? 'markdown' : 'html';
}

/**
 * `pa-cloud-kit report <path...> --out report.html`: the compliance report per landing zone
 * (control matrix, overrides and why, evidence, counts) as one self-contained HTML page or as
 * Markdown. Same exit codes as `check`.
 */
export const reportCommand: CliCommand = {
  name: 'report',
  register(program, ctx) {
    program
      .command('report')
      .description('write the compliance report of each landing zone (control matrix, overrides, evidence)')
      .argument('<path...>', 'files or folders (cdk.out, cdktf.out/stacks/*) to report on')
      .addOption(classificationOption())
      .addOption(regionCountryOption())
      .addOption(new Option('--format <format>', 'report format (default: from the --out extension, .md → markdown, else html)').choices(REPORT_FORMATS))
      .option('--out <file>', 'write the report to this file (default: stdout)')
      .action((paths: string[], options: ReportOptions) => {
        const result = checkPaths(paths, options, ctx);
        printDiagnostics(result, ctx);
        const format = options.format ?? reportFormatFor(options.out);
        const output = format === 'markdown'
          ? renderMarkdown(result, { cwd: ctx.cwd })
          : renderHtml(result, { cwd: ctx.cwd, toolVersion: ctx.version, generatedAt: new Date() });
        if (options.out) {
          writeOut(options.out, output, ctx);
          ctx.io.stdout.write(`${format} report written to ${options.out}: ${countsSentence(result)}\n`);
        } else {
          ctx.io.stdout.write(output);
        }
        ctx.exit(exitCodeOf(result));
      });
  },
};

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigValidationError, formatConfigError, loadConfig, type LandingZonesConfig } from '../../config';
import { check } from '../../compliance';
import type { CheckResult, DocumentReport } from '../../compliance/types';
import { renderHtml, renderMarkdown } from '../../compliance/report';
import { synthesizeLandingZones, synthesizedDocuments, type SynthesisResult } from '../../aggregator/synth';
import { ExitCode } from '../io';
import type { CliCommand, CliCommandContext } from '../registry';
import { UsageError } from '../private/errors';
import { exitCodeOf, printDiagnostics, writeOut } from '../private/compliance';
import { countsSentence } from '../private/summary';

interface SynthOptions {
  readonly out: string;
}

/**
 * `pa-cloud-kit synth <config> --out <dir>`: validates a landing zones file, synthesizes every
 * tenant and the aggregator's central stacks (`<dir>/aws`, `<dir>/openstack`), checks every
 * document written and writes `<dir>/report.html` and `<dir>/report.md`. Exit 0 when nothing
 * fails, 1 when a control fails, 2 when the file is invalid (then nothing is written).
 */
export const synthCommand: CliCommand = {
  name: 'synth',
  register(program, ctx) {
    program
      .command('synth')
      .description('synthesize every landing zone of a landing zones file, check them and write the compliance report')
      .argument('<config>', 'the landing zones file (YAML)')
      .option('--out <dir>', 'output folder', 'out')
      .action((file: string, options: SynthOptions) => {
        const config = load(file, ctx);
        if (!config) return;
        const outDir = path.resolve(ctx.cwd, options.out);
        const progress = ctx.io.isTTY
          ? (p: { step: number; total: number; label: string }) => { ctx.io.stderr.write(`[${p.step}/${p.total}] ${p.label}\n`); }
          : undefined;
        const synthesis = synthesizeLandingZones(config, { outDir, onProgress: progress });
        const result = check(synthesizedDocuments(synthesis));
        printDiagnostics(result, ctx);
        const rel = (p: string) => path.relative(ctx.cwd, p) || p;
        writeOut(path.join(outDir, 'report.html'), renderHtml(result, { cwd: ctx.cwd, toolVersion: ctx.version, generatedAt: new Date() }), ctx);
        writeOut(path.join(outDir, 'report.md'), renderMarkdown(result, { cwd: ctx.cwd }), ctx);
        ctx.io.stdout.write(inventoryLines(synthesis, result).join('\n') + '\n');
        const code = exitCodeOf(result);
        const verdict = code === ExitCode.OK ? 'PASSED' : 'FAILED';
        ctx.io.stdout.write(`${verdict}: ${synthesis.tenants.length} tenant${synthesis.tenants.length === 1 ? '' : 's'}, `
          + `${synthesis.centralStacks.length} central stack${synthesis.centralStacks.length === 1 ? '' : 's'}; ${countsSentence(result)}\n`);
        const folders = ['aws', 'openstack'].filter((p) => synthesis.tenants.some((t) => t.provider === p)).map((p) => `${p}/`);
        ctx.io.stdout.write(`written to ${rel(outDir)}: ${[...folders, 'report.html', 'report.md'].join(', ')}\n`);
        ctx.exit(code);
      });
  },
};

/** Loads the file; on validation errors prints each as `file:line:column: message`, sets exit 2 and returns undefined. */
function load(file: string, ctx: CliCommandContext): LandingZonesConfig | undefined {
  const absolute = path.resolve(ctx.cwd, file);
  if (!fs.existsSync(absolute)) throw new UsageError(`${file}: no such file`);
  try {
    return loadConfig(absolute);
  } catch (e) {
    if (!(e instanceof ConfigValidationError)) throw e;
    for (const error of e.errors) {
      ctx.io.stderr.write(`${formatConfigError({ ...error, file: path.relative(ctx.cwd, error.file) || error.file })}\n`);
    }
    ctx.io.stderr.write(`pa-cloud-kit: ${file}: ${e.errors.length} error${e.errors.length === 1 ? '' : 's'}, nothing synthesized\n`);
    ctx.exit(ExitCode.UNUSABLE);
    return undefined;
  }
}

/** One aligned line per tenant, then per central stack: code, provider, class, region, range, stack, resources, controls. */
function inventoryLines(synthesis: SynthesisResult, result: CheckResult): string[] {
  const byFile = new Map<string, DocumentReport>(result.documents.map((d) => [path.resolve(d.file), d]));
  const controls = (file: string) => {
    const doc = byFile.get(path.resolve(file));
    if (!doc) return 'not checked';
    const passed = doc.controls.filter((c) => c.status === 'passed').length;
    const failed = doc.controls.filter((c) => c.status === 'failed');
    return `${passed} passed ${failed.length} failed${failed.length > 0 ? ` (${failed.map((c) => c.control).join(', ')})` : ''}`;
  };
  const rows = [
    ...synthesis.tenants.map((t) => [t.ipaCode, t.provider, t.classification, t.region, t.cidr, t.stackName, `${t.resourceCount} resources`, controls(t.outputFile)]),
    ...synthesis.centralStacks.map((c) => [c.ipaCode, c.provider, 'central', c.region, '-', c.stackName, `${c.resourceCount} resources`, controls(c.outputFile)]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i].length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
}

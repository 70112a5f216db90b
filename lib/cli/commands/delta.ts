import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DocumentReport } from '../../compliance/types';
import type { CliCommand } from '../command';
import { UsageError } from '../private/errors';

interface DeltaOptions {
  readonly out?: string;
}

/** Per landing zone: counts of passed, failed and acknowledged controls, and the failed controls. */
interface Standing {
  readonly passed: number;
  readonly failed: number;
  readonly acknowledged: number;
  readonly failedControls: readonly string[];
}

/** The landing zones of an output folder of `synth` or `merge`, from the check results it keeps. */
export function standings(dir: string, label: string): Map<string, Standing> {
  const reports = path.join(dir, '.pa-cloud-kit-state', 'reports');
  const out = new Map<string, Standing>();
  if (!fs.existsSync(dir)) throw new UsageError(`${label}: no such folder`);
  if (!fs.existsSync(reports)) return out; // no earlier output (e.g. the first run of a branch): everything is new
  for (const name of fs.readdirSync(reports).filter((n) => n.endsWith('.json')).sort()) {
    let report: DocumentReport;
    try {
      report = (JSON.parse(fs.readFileSync(path.join(reports, name), 'utf8')) as { report: DocumentReport }).report;
    } catch (e) {
      throw new UsageError(`${label}: ${path.join('.pa-cloud-kit-state', 'reports', name)} is not a check result the kit wrote (${(e as Error).message})`);
    }
    const key = name.startsWith('central-') ? `${report.landingZone} (${name.slice('central-'.length, -'.json'.length)})` : report.landingZone;
    const failed = report.controls.filter((c) => c.status === 'failed').map((c) => c.control).sort();
    out.set(key, {
      passed: report.controls.filter((c) => c.status === 'passed').length,
      failed: failed.length,
      acknowledged: report.controls.filter((c) => c.status === 'acknowledged').length,
      failedControls: failed,
    });
  }
  return out;
}

/** The per-landing-zone compliance delta between two outputs, as Markdown (for a merge request comment). */
export function renderDelta(before: Map<string, Standing>, after: Map<string, Standing>): string {
  const rows: string[] = [];
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const cell = (s: Standing | undefined) => (s ? `${s.passed} / ${s.failed} / ${s.acknowledged}` : '—');
  let changed = 0;
  for (const name of names) {
    const b = before.get(name);
    const a = after.get(name);
    if (b && a && JSON.stringify(a) === JSON.stringify(b)) continue;
    changed++;
    const fixed = (b?.failedControls ?? []).filter((c) => !(a?.failedControls ?? []).includes(c));
    const broken = (a?.failedControls ?? []).filter((c) => !(b?.failedControls ?? []).includes(c));
    const what = !b ? 'new' : !a ? 'removed' : [broken.length ? `now failing: ${broken.join(', ')}` : '', fixed.length ? `fixed: ${fixed.join(', ')}` : ''].filter(Boolean).join('; ') || 'counts changed';
    rows.push(`| ${name.replace(/_/g, '\\_')} | ${cell(b)} | ${cell(a)} | ${what} |`);
  }
  const failing = [...after.values()].filter((s) => s.failed > 0).length;
  return [
    '## pa-cloud-kit: compliance delta',
    '',
    `${changed} of ${names.length} landing zone${names.length === 1 ? '' : 's'} changed; ${failing} with failed controls after this change.`,
    '',
    ...(rows.length > 0 ? ['| Landing zone | Before (passed / failed / acknowledged) | After | What changed |', '|---|---|---|---|', ...rows] : ['No landing zone changed its compliance.']),
    '',
  ].join('\n');
}

/**
 * `pa-cloud-kit delta <before> <after>`: the per-landing-zone compliance delta between two output
 * folders of `synth`/`merge` (e.g. the target branch's and a merge request's), as Markdown. Exit
 * 0, or 2 when a folder is unusable.
 */
export const deltaCommand: CliCommand = {
  name: 'delta',
  register(program, ctx) {
    program
      .command('delta')
      .description('the per-landing-zone compliance delta between two output folders of synth or merge, as Markdown')
      .argument('<before>', 'the earlier output folder (missing check results: every landing zone is new)')
      .argument('<after>', 'the later output folder')
      .option('--out <file>', 'write the Markdown to this file (default: stdout)')
      .action((before: string, after: string, options: DeltaOptions) => {
        const text = renderDelta(standings(path.resolve(ctx.cwd, before), before), standings(path.resolve(ctx.cwd, after), after));
        if (options.out === undefined) {
          ctx.io.stdout.write(text);
          return;
        }
        try {
          fs.writeFileSync(path.resolve(ctx.cwd, options.out), text);
        } catch (e) {
          throw new UsageError(`--out ${options.out}: cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        }
        ctx.io.stdout.write(`wrote ${options.out}\n`);
      });
  },
};

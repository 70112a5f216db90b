/**
 * What `check` and `report` share: the --classification option, finding and checking the
 * documents, printing notices and unusable files, writing the output and the exit code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvalidArgumentError, Option } from 'commander';
import { DATA_CLASSIFICATIONS, type DataClassification } from '../../core';
import { check, findDocumentsAndSkipped } from '../../compliance';
import type { CheckResult, EvaluateOptions } from '../../compliance/types';
import { ExitCode } from '../io';
import type { CliCommandContext } from '../command';
import { UsageError } from './errors';
import { causeOf, isFsError } from './io-errors';

/** `--classification ordinario|critico|strategico` (case-insensitive). */
export function classificationOption(): Option {
  return new Option(
    '--classification <class>',
    'data classification to check against; by default the landing zone metadata, else the pa:classification tag, else ordinario',
  )
    .choices(DATA_CLASSIFICATIONS)
    .argParser((value: string): DataClassification => {
      const found = DATA_CLASSIFICATIONS.find((c) => c === value.trim().toLowerCase());
      if (!found) throw new InvalidArgumentError(`Allowed values are ${DATA_CLASSIFICATIONS.join(', ')}.`);
      return found;
    });
}

/** `--region-country <region=CC>`, repeatable: the country of an OpenStack region (ACN-LOC-01). */
export function regionCountryOption(): Option {
  return new Option(
    '--region-country <region=country>',
    'country (ISO 3166-1 alpha-2) of an OpenStack region not declared in the metadata, e.g. it-mil1=IT; repeatable',
  ).argParser((value: string, previous: RegionCountry[] | undefined): RegionCountry[] => {
    const match = /^([^=\s]+)=([A-Za-z]{2})$/.exec(value.trim());
    if (!match) throw new InvalidArgumentError('Expected <region>=<country>, the country as two letters (ISO 3166-1 alpha-2), e.g. it-mil1=IT.');
    return [...(previous ?? []), { name: match[1], country: match[2].toUpperCase() }];
  });
}

/** An OpenStack region with its country. */
export interface RegionCountry {
  readonly name: string;
  readonly country: string;
}

/** What `check` and `report` pass to the engine. */
export interface CheckOptions {
  readonly classification?: DataClassification;
  readonly regionCountry?: readonly RegionCountry[];
  /** Further engine options (`check`'s --region, --account, --tier). */
  readonly evaluate?: EvaluateOptions;
}

/** Finds the documents under `paths` and checks them; throws when there is nothing to check. */
export function checkPaths(paths: readonly string[], options: CheckOptions, ctx: CliCommandContext): CheckResult {
  const absolute = paths.map((p) => path.resolve(ctx.cwd, p));
  for (let i = 0; i < paths.length; i++) {
    if (!fs.existsSync(absolute[i])) throw new UsageError(`${paths[i]}: no such file or folder`);
  }
  const { files, skipped } = findDocumentsAndSkipped(absolute);
  if (files.length === 0) {
    throw new UsageError(`no CloudFormation templates or Terraform JSON documents found in ${paths.join(', ')}`);
  }
  const result = check(files, {
    ...options.evaluate,
    ...(options.classification ? { classification: options.classification } : {}),
    ...(options.regionCountry ? { regions: options.regionCountry.map((r) => ({ ...r })) } : {}),
  });
  if (skipped.length > 0) result.skipped = skipped;
  return result;
}

/** Prints notices and unusable files on stderr. */
export function printDiagnostics(result: CheckResult, ctx: CliCommandContext): void {
  for (const doc of result.documents) {
    for (const notice of doc.notices) {
      const file = path.relative(ctx.cwd, doc.file) || doc.file;
      ctx.io.stderr.write(`pa-cloud-kit: notice: ${notice.includes(file) ? notice : `${file}: ${notice}`}\n`);
    }
  }
  for (const error of result.errors) ctx.io.stderr.write(`pa-cloud-kit: ${error.message}\n`);
}

/**
 * 2 when a file was unusable, 1 when a control fails (with `strict`, also when one is unresolved:
 * a value it depends on is known only at deploy time), else 0.
 */
export function exitCodeOf(result: CheckResult, options: { readonly strict?: boolean } = {}): ExitCode {
  if (result.errors.length > 0) return ExitCode.UNUSABLE;
  if (result.documents.some((d) => d.controls.some((c) => c.status === 'failed' || (options.strict === true && c.status === 'unresolved')))) return ExitCode.FAILED;
  return ExitCode.OK;
}

/** Writes `text` to `--out` (creating its folder), or throws naming the file. */
export function writeOut(out: string, text: string, ctx: CliCommandContext): void {
  const file = path.resolve(ctx.cwd, out);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  } catch (e) {
    if (!isFsError(e)) throw e;
    const why = e.code === 'EEXIST' || e.code === 'ENOTDIR' ? `a part of ${path.dirname(out)} is a file, not a folder (${e.code})` : causeOf(e);
    throw new UsageError(`--out ${out}: cannot create the folder: ${why}`);
  }
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    if (!isFsError(e)) throw e;
    throw new UsageError(`--out ${out}: cannot write the file: ${causeOf(e)}`);
  }
}

/**
 * The line of a resource in its file, for SARIF: the line declaring a CloudFormation logical ID
 * (JSON key or YAML key under Resources), or a Terraform address `type.name` (the `name` key after
 * the `type` key). Files are read once.
 */
export function resourceLineFinder(): (file: string, resource: string) => number | undefined {
  const cache = new Map<string, string[] | null>();
  const linesOf = (file: string): string[] | null => {
    if (!cache.has(file)) {
      try {
        cache.set(file, fs.readFileSync(file, 'utf8').split(/\r?\n/));
      } catch {
        cache.set(file, null);
      }
    }
    return cache.get(file) ?? null;
  };
  return (file, resource) => {
    const lines = linesOf(file);
    if (!lines || !resource) return undefined;
    const parts = resource.split('.');
    const name = parts[parts.length - 1];
    const type = parts.length >= 2 ? parts[parts.length - 2] : undefined;
    let from = 0;
    if (type !== undefined) {
      const typeLine = lines.findIndex((l) => keyPattern(type).test(l));
      if (typeLine >= 0) from = typeLine;
    }
    const pattern = keyPattern(name);
    for (let i = from; i < lines.length; i++) {
      if (pattern.test(lines[i])) return i + 1;
    }
    return undefined;
  };
}

function keyPattern(key: string): RegExp {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\s*(?:"${escaped}"|'${escaped}'|${escaped})\\s*:`);
}

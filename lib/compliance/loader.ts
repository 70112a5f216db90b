import * as fs from 'fs';
import * as path from 'path';
import { expandForEach, expandForEachDeep } from './private/cfn-language';
import { parseCfnYaml } from './private/cfn-yaml';
import { jsonErrorOffset } from './private/json-position';
import { CLOUDFORMATION_METADATA_KEY, LANDING_ZONE_METADATA_VERSION, TERRAFORM_METADATA_KEY, type LandingZoneMetadata } from '../core';
import { DocumentKind, InputError, ResourceRef, SourceDocument } from './types';

/**
 * File names that are never templates: cdk.out's cloud assembly files (`<stack>.assets.json`,
 * `<stack>.metadata.json`), package manifests, and the ownership manifest `synth` writes in its
 * output folder.
 */
const NOT_TEMPLATES = new Set([
  'manifest.json', 'tree.json', 'cdk.json', 'cdk.context.json', 'package.json', 'package-lock.json', 'tsconfig.json', '.pa-cloud-kit-manifest.json',
]);
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/** Whether a file name is always a template candidate (no need to look inside). */
function isTemplateName(name: string): boolean {
  return name.endsWith('.template.json') || name.endsWith('.template.yaml') || name.endsWith('.template.yml') || name.endsWith('.tf.json') || name.endsWith('.template');
}

function isGenericName(name: string): boolean {
  return /\.(json|ya?ml)$/i.test(name) && !NOT_TEMPLATES.has(name) && !name.endsWith('.assets.json') && !name.endsWith('.metadata.json');
}

/**
 * Detects the kind of a parsed document: CloudFormation (a `Resources` object whose entries have a
 * string `Type`, or `AWSTemplateFormatVersion`), Terraform JSON (`resource`, `provider` or
 * `terraform` at the top level), else undefined.
 */
export function detectKind(value: unknown): DocumentKind | undefined {
  if (!isObject(value)) return undefined;
  if ('AWSTemplateFormatVersion' in value) return 'cloudformation';
  const resources = value.Resources;
  if (isObject(resources) && Object.entries(resources).some(([k, r]) => (isObject(r) && typeof r.Type === 'string') || k.startsWith('Fn::ForEach::'))) return 'cloudformation';
  if (isObject(value.resource) || Array.isArray(value.resource) || isObject(value.provider) || Array.isArray(value.provider) || isObject(value.terraform) || Array.isArray(value.terraform)) {
    return 'terraform';
  }
  return undefined;
}

/** Parses the text of a document (JSON, or YAML with CloudFormation short forms). Throws {@link InputError}. */
export function parseDocument(file: string, text: string): SourceDocument {
  if (text.includes('\u0000')) throw new InputError(file, 'binary file (contains NUL bytes), expected a CloudFormation template or Terraform JSON');
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim().length === 0) throw new InputError(file, 'empty file, expected a CloudFormation template or Terraform JSON');
  const value = parseText(file, body);
  const kind = detectKind(value);
  if (!kind) {
    throw new InputError(file, 'unknown document kind: expected a CloudFormation template (a Resources object of typed resources, or AWSTemplateFormatVersion) or Terraform JSON (resource, provider or terraform at the top level)');
  }
  return kind === 'cloudformation' ? cloudFormation(file, value as Record<string, unknown>) : terraform(file, value as Record<string, unknown>);
}

/** Reads and parses one file. Throws {@link InputError} for anything unusable. */
export function loadDocument(file: string): SourceDocument {
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch (e) {
    throw new InputError(file, `cannot read: ${describeFsError(e)}`);
  }
  if (buffer.includes(0)) throw new InputError(file, 'binary file (contains NUL bytes), expected a CloudFormation template or Terraform JSON');
  return parseDocument(file, buffer.toString('utf8'));
}

/**
 * Turns files and folders into the list of candidate documents, sorted. A file named explicitly is
 * always a candidate (so a bad one is reported); folders are walked (skipping node_modules) for
 * `*.template.json`, `*.template.yaml`, `*.template`, `*.tf.json`, and for generic `*.json` / `*.yaml` / `*.yml`
 * that turn out to be CloudFormation or Terraform. cdk.out's `manifest.json` and `tree.json` are
 * skipped silently.
 */
export function findDocuments(paths: string[]): string[] {
  return findDocumentsAndSkipped(paths).files;
}

/** A file of a walked folder that is not checked, and why. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/**
 * {@link findDocuments}, and the files of the walked folders that look like infrastructure code
 * (`.json`, `.yaml`, `.yml`, `.template`, `.tf`) but are not checked, each with the reason.
 */
export function findDocumentsAndSkipped(paths: string[]): { files: string[]; skipped: SkippedFile[] } {
  const found = new Set<string>();
  const skipped: SkippedFile[] = [];
  const visited = new Set<string>();
  for (const p of paths) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(p);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) walk(p, found, visited, skipped);
    else found.add(p);
  }
  return { files: [...found].sort(), skipped: skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)) };
}

/**
 * Symbolic links are followed, to files and to folders alike; a folder reached twice (a link loop,
 * or two links to one folder) is walked once. A broken link with a document's name is a candidate,
 * so the loader reports it.
 */
function walk(dir: string, found: Set<string>, visited: Set<string>, skipped: SkippedFile[]): void {
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch {
    real = dir;
  }
  if (visited.has(real)) return;
  visited.add(real);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    found.add(dir); // unreadable folder: reported by the loader
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      let target: fs.Stats | undefined;
      try {
        target = fs.statSync(full, { throwIfNoEntry: false });
      } catch {
        target = undefined; // a link to itself (ELOOP) or unreachable
      }
      isDirectory = target?.isDirectory() ?? false;
      // A broken link named like a template is reported by the loader ("cannot read").
      isFile = target ? target.isFile() : isTemplateName(entry.name);
    }
    if (isDirectory) {
      if (!SKIPPED_FOLDERS.has(entry.name)) walk(full, found, visited, skipped);
    } else if (isFile) {
      if (isTemplateName(entry.name)) found.add(full);
      else if (isGenericName(entry.name)) {
        if (looksLikeDocument(full)) found.add(full);
        else skipped.push({ file: full, reason: 'not a CloudFormation template or Terraform JSON (no typed Resources, AWSTemplateFormatVersion, resource, provider or terraform block)' });
      } else if (/\.tf$/i.test(entry.name)) {
        skipped.push({ file: full, reason: 'Terraform HCL is not read: check the synthesized Terraform JSON (*.tf.json), or convert with hcl2json' });
      }
    }
  }
}

/** A generic JSON/YAML file is a candidate when it parses to a known kind, or looks like one but does not parse. */
function looksLikeDocument(file: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return true;
  }
  const hint = /(^|["\s{,])(AWSTemplateFormatVersion|Resources|resource|provider|terraform)["']?\s*:/m.test(text);
  if (!hint) return false;
  try {
    parseDocument(file, text);
    return true;
  } catch (e) {
    // Parses but is something else (e.g. a JSON config mentioning "provider"): not a template.
    return !(e instanceof InputError && /unknown document kind/.test(e.message));
  }
}

function parseText(file: string, text: string): unknown {
  const trimmed = text.trimStart();
  const looksJson = trimmed.startsWith('{') || trimmed.startsWith('[') || /\.json$/i.test(file);
  if (looksJson) {
    try {
      return JSON.parse(text);
    } catch (e) {
      const message = (e as Error).message;
      const at = /at position (\d+)/.exec(message);
      const offset = at ? Number(at[1]) : jsonErrorOffset(text);
      const where = offset !== undefined ? ` at ${lineColumn(text, offset)}` : '';
      const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*is not valid JSON$/s, '');
      throw new InputError(file, `malformed JSON${where}: ${reason}`);
    }
  }
  const result = parseCfnYaml(text);
  if ('problem' in result) {
    const { line, column, message } = result.problem;
    const where = line !== undefined ? ` at line ${line}, column ${column}` : '';
    throw new InputError(file, `malformed YAML${where}: ${message.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  return result.value;
}

function lineColumn(text: string, position: number): string {
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastBreak = i;
    }
  }
  return `line ${line}, column ${position - lastBreak}`;
}

/** The transforms a template declares (`Transform`: a name or a list of names or macro objects). */
function transformsOf(value: Record<string, unknown>): string[] {
  const t = value.Transform;
  return (Array.isArray(t) ? t : [t]).map((x) => (typeof x === 'string' ? x : isObject(x) && typeof x.Name === 'string' ? x.Name : undefined)).filter((x): x is string => x !== undefined);
}

function cloudFormation(file: string, value: Record<string, unknown>): SourceDocument {
  const resources: ResourceRef[] = [];
  const notes = { notices: [] as string[] };
  const hidden: string[] = [];
  let declared = value.Resources;
  if (declared !== undefined && !isObject(declared)) throw new InputError(file, 'Resources must be an object of resources by logical ID');
  const transforms = transformsOf(value);
  const languageExtensions = transforms.includes('AWS::LanguageExtensions');
  if (isObject(declared)) declared = languageExtensions ? expandForEachDeep(declared, 'Resources', notes) : expandForEach(declared, 'Resources', notes);
  for (const [id, raw] of Object.entries(declared ?? {})) {
    // Content a transform inserts at deploy time (AWS::Include): valid, but not visible here.
    if (id === 'Fn::Transform') {
      hidden.push(`content included by ${show(isObject(raw) ? raw.Name : raw)}`);
      notes.notices.push(`Resources.Fn::Transform: content inserted at deploy time (${show(isObject(raw) ? raw.Name : raw)}) is not checked`);
      continue;
    }
    if (!isObject(raw) || typeof raw.Type !== 'string') {
      throw new InputError(file, `resource ${id} must be an object with a string Type`);
    }
    const properties = isObject(raw.Properties) ? raw.Properties : {};
    resources.push({ id, type: raw.Type, properties, raw });
  }
  const macros = transforms.filter((t) => t !== 'AWS::LanguageExtensions');
  if (macros.length > 0) notes.notices.push(`the template declares the transform(s) ${macros.join(', ')}: resources they add at deploy time are not checked`);
  // SAM expands its own resource types into known ones (functions, roles, APIs); other macros can add anything.
  const opaque = macros.filter((t) => t !== 'AWS::Serverless-2016-10-31');
  if (opaque.length > 0) hidden.push(`the transform${opaque.length > 1 ? 's' : ''} ${opaque.join(', ')}`);
  const metadata = isObject(value.Metadata) ? readMetadata(file, value.Metadata[CLOUDFORMATION_METADATA_KEY], `Metadata.${CLOUDFORMATION_METADATA_KEY}`) : undefined;
  const doc: SourceDocument = { file, kind: 'cloudformation', resources, metadata, raw: value };
  if (notes.notices.length > 0) doc.notices = notes.notices;
  if (hidden.length > 0) doc.deployTimeContent = hidden;
  return doc;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? 'unknown';
}

function terraform(file: string, value: Record<string, unknown>): SourceDocument {
  const resources: ResourceRef[] = [];
  // Terraform JSON allows each level to be an object or a list of objects.
  for (const byType of blocks(value.resource)) {
    for (const [type, byName] of Object.entries(byType)) {
      for (const named of blocks(byName)) {
        for (const [name, body] of Object.entries(named)) {
          const bodies = Array.isArray(body) ? body : [body];
          for (const b of bodies) {
            if (!isObject(b)) throw new InputError(file, `resource.${type}.${name} must be an object`);
            resources.push({ id: `${type}.${name}`, type, properties: b, raw: b });
          }
        }
      }
    }
  }
  const comment = value['//'];
  const metadata = isObject(comment) ? readMetadata(file, comment[TERRAFORM_METADATA_KEY], `"//"."${TERRAFORM_METADATA_KEY}"`) : undefined;
  return { file, kind: 'terraform', resources, metadata, raw: value };
}

function blocks(value: unknown): Record<string, unknown>[] {
  if (isObject(value)) return [value];
  if (Array.isArray(value)) return value.filter(isObject);
  return [];
}

function readMetadata(file: string, value: unknown, where: string): LandingZoneMetadata | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || value.version !== LANDING_ZONE_METADATA_VERSION) {
    throw new InputError(file, `${where} must be the kit's landing zone metadata with version ${LANDING_ZONE_METADATA_VERSION}`);
  }
  const { role, ...m } = value as Partial<LandingZoneMetadata> & Record<string, unknown>;
  return {
    ...m,
    // Only the known roles; anything else is checked as a landing zone.
    ...(role === 'central' || role === 'landing-zone' ? { role } : {}),
    version: LANDING_ZONE_METADATA_VERSION,
    tenant: isObject(m.tenant) ? { ipaCode: String(m.tenant.ipaCode ?? ''), name: String(m.tenant.name ?? '') } : { ipaCode: '', name: '' },
    classification: typeof m.classification === 'string' ? m.classification : '',
    qualification: typeof m.qualification === 'string' ? m.qualification : '',
    region: typeof m.region === 'string' ? m.region : '',
    overrides: Array.isArray(m.overrides) ? m.overrides : [],
    acknowledgements: Array.isArray(m.acknowledgements) ? m.acknowledgements.filter(isObject).map((a) => ({ control: String(a.control), reason: String(a.reason ?? '') })) : [],
  } as LandingZoneMetadata;
}

function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a folder';
    default: return code ?? (e as Error).message;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

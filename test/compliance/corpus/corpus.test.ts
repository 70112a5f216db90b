/**
 * The engine on real-world templates (test/compliance/corpus/manifest.json): every template is
 * accepted, every control has the recorded status, and per control the verified verdicts give
 * confirmed findings, false positives and misses (reported at the end; both must be zero).
 *
 * Nothing of the corpus is stored in the repository: "npm" entries are read from installed
 * devDependencies, "synthesized" ones are built here from a third-party construct library.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as hclToJson } from '@cdktf/hcl2json';
import { DataClassification } from '../../../lib/core';
import { evaluateDocument, parseDocument } from '../../../lib/compliance';
import type { ControlStatus, DocumentReport } from '../../../lib/compliance/types';
import { synthesizeSolutionsStack } from './solutions-constructs';

interface Verdict {
  readonly status: ControlStatus;
  readonly why: string;
}

interface Entry {
  readonly source: {
    readonly kind: 'npm' | 'synthesized';
    readonly package: string;
    readonly version: string;
    readonly licence: string;
    readonly path?: string;
    readonly stack?: string;
    /** The package whose dependency this one is (installed under it). */
    readonly dependencyOf?: string;
  };
  readonly format: 'json' | 'yaml';
  readonly accepted: boolean;
  /** For a refused document: part of the error the engine must give. */
  readonly refusal?: string;
  readonly expected: Readonly<Record<string, ControlStatus>>;
  readonly verified: Readonly<Record<string, Verdict>>;
}

const MANIFEST: { classification: string; entries: Entry[] } = JSON.parse(fs.readFileSync(path.join(__dirname, 'manifest.json'), 'utf8'));
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The folder of an installed package (a dependency of another one is looked up from there). */
function packageDir(name: string, dependencyOf?: string): string {
  const from = dependencyOf ? [packageDir(dependencyOf)] : [ROOT];
  return path.dirname(require.resolve(`${name}/package.json`, { paths: from }));
}

function label(e: Entry): string {
  return e.source.kind === 'npm' ? `${e.source.package}/${e.source.path}` : `${e.source.package} (synthesized ${e.source.stack})`;
}

function load(e: Entry): { file: string; text: string } {
  if (e.source.kind === 'synthesized') return { file: `${e.source.stack}.template.json`, text: synthesizeSolutionsStack(e.source.stack!) };
  const dir = packageDir(e.source.package, e.source.dependencyOf);
  const installed = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string; license: string };
  // The manifest was verified on this version: another one must be verified again.
  expect({ version: installed.version, licence: installed.license }).toEqual({ version: e.source.version, licence: e.source.licence });
  const file = path.join(dir, e.source.path!);
  return { file, text: fs.readFileSync(file, 'utf8') };
}

/** Per control: confirmed findings, false positives and misses among the verified verdicts. */
const precision = new Map<string, { verified: number; confirmed: number; falsePositives: number; misses: number; unresolved: number }>();

function tally(report: DocumentReport, e: Entry): void {
  for (const [control, verdict] of Object.entries(e.verified)) {
    const actual = report.controls.find((c) => c.control === control)!.status;
    const p = precision.get(control) ?? { verified: 0, confirmed: 0, falsePositives: 0, misses: 0, unresolved: 0 };
    p.verified++;
    if (verdict.status === 'failed' && actual === 'failed') p.confirmed++;
    if (actual === 'failed' && verdict.status !== 'failed') p.falsePositives++;
    if (verdict.status === 'failed' && actual !== 'failed') p.misses++;
    if (verdict.status === 'unresolved' && actual === 'unresolved') p.unresolved++;
    precision.set(control, p);
  }
}

describe('real-world CloudFormation corpus', () => {
  test('the manifest lists at least 60 templates, each with its source, licence and verified verdicts', () => {
    expect(MANIFEST.entries.filter((e) => e.accepted).length).toBeGreaterThanOrEqual(60);
    for (const e of MANIFEST.entries) {
      expect(['Apache-2.0', 'MIT']).toContain(e.source.licence);
      if (!e.accepted) {
        expect(e.refusal).toEqual(expect.any(String));
        continue;
      }
      expect(Object.keys(e.verified).length).toBeGreaterThan(0);
      for (const [control, v] of Object.entries(e.verified)) expect({ control, status: e.expected[control] }).toEqual({ control, status: v.status });
    }
  });

  test.each(MANIFEST.entries.map((e): [string, Entry] => [label(e), e]))('%s', (_label, e) => {
    const { file, text } = load(e);
    if (!e.accepted) {
      // Unusable input: a clear error naming the file (the CLI exits 2), never a crash.
      expect(() => parseDocument(file, text)).toThrow(`${file}: ${e.refusal}`);
      return;
    }
    const doc = parseDocument(file, text);
    const report = evaluateDocument(doc, { classification: MANIFEST.classification as DataClassification });
    const actual = Object.fromEntries(report.controls.map((c) => [c.control, c.status]));
    expect(actual).toEqual(e.expected);
    tally(report, e);
  });

  afterAll(() => {
    if (precision.size === 0) return;
    const rows = [...precision.entries()].sort(([a], [b]) => a.localeCompare(b))
      .map(([control, p]) => `${control.padEnd(15)} ${String(p.verified).padStart(8)} ${String(p.confirmed).padStart(9)} ${String(p.falsePositives).padStart(15)} ${String(p.misses).padStart(6)} ${String(p.unresolved).padStart(10)}`);
    // The figures the README states.
    console.log(['corpus precision over verified verdicts', `${'control'.padEnd(15)} verified confirmed false-positives misses unresolved`, ...rows].join('\n'));
    for (const [control, p] of precision) expect({ control, falsePositives: p.falsePositives, misses: p.misses }).toEqual({ control, falsePositives: 0, misses: 0 });
  });
});

describe('OpenStack HCL written for this project (not corpus), converted with @cdktf/hcl2json', () => {
  const DIR = path.join(__dirname, 'openstack-kit-authored');
  async function report(name: string): Promise<DocumentReport> {
    const json = await hclToJson(name, fs.readFileSync(path.join(DIR, name), 'utf8'));
    const doc = parseDocument(`${name}.json`, JSON.stringify(json));
    expect(doc.kind).toBe('terraform');
    return evaluateDocument(doc, { classification: DataClassification.ORDINARIO });
  }
  const status = (r: DocumentReport, control: string) => r.controls.find((c) => c.control === control)!;

  test.each([
    ['legacy-compute-secgroup.tf', 'ABSC-NET-02', 'failed', /^ingress from 0\.0\.0\.0\/0 on admin port\(s\) 22 \(SSH\)$/],
    ['legacy-compute-secgroup-restricted.tf', 'ABSC-NET-02', 'passed', /^no ingress from the internet on admin ports in 3 rule\(s\)$/],
    ['networking-rdp-ipv6.tf', 'ABSC-NET-02', 'failed', /^ingress from ::0\/0 \(any address\) on admin port\(s\) 3389 \(RDP\)$/],
    ['networking-admin-variable.tf', 'ABSC-NET-02', 'unresolved', /^the source prefix is not a literal \(unresolved: "\$\{var\.admin_cidr\}" is known only at deploy time\)$/],
    ['lb-listener-http.tf', 'ENC-TRANSIT-01', 'failed', /listener/],
    ['lb-listener-https.tf', 'ENC-TRANSIT-01', 'passed', /TERMINATED_HTTPS|HTTPS/],
  ])('%s: %s %s', async (name, control, expected, message) => {
    const r = await report(name);
    const c = status(r, control);
    expect(c.status).toBe(expected);
    const relevant = c.evidence.filter((e) => (expected === 'passed' ? e.status === 'pass' : e.status === 'fail'));
    expect(relevant.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test('repeated rule blocks become a list and keep their order', async () => {
    const json = await hclToJson('legacy-compute-secgroup.tf', fs.readFileSync(path.join(DIR, 'legacy-compute-secgroup.tf'), 'utf8')) as any;
    const doc = parseDocument('legacy.tf.json', JSON.stringify(json));
    expect(doc.resources.map((r) => r.id)).toEqual(['openstack_compute_secgroup_v2.bastion']);
    expect((doc.resources[0].properties.rule as { from_port: number }[]).map((r) => r.from_port)).toEqual([22, 443]);
  });
});

/**
 * The synthesized OpenStack example against the kit's own compliance engine: every stack passes
 * with zero failed controls, each control has the status its class and the example's choices
 * give it, and a broken copy fails naming the control it breaks.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ControlStatus, DocumentReport, check, evaluateDocument, parseDocument } from '../../lib/compliance';
import { validateTerraformJson } from '../../lib/openstack/validate';
import { TENANTS, buildApp } from '../../examples/openstack/main';

type Json = Record<string, any>;

const STACKS = Object.keys(TENANTS);
const statuses = (report: DocumentReport): Record<string, ControlStatus> =>
  Object.fromEntries(report.controls.map((c) => [c.control, c.status]));
const failedEvidence = (report: DocumentReport) =>
  report.controls.filter((c) => c.status === 'failed').map((c) => ({ control: c.control, evidence: c.evidence.filter((e) => e.status === 'fail') }));

/** What every OpenStack landing zone of the kit shows, whatever its class. */
const EVERY_CLASS: Record<string, ControlStatus> = {
  'ACN-QUAL-01': 'passed',
  'ACN-LOC-01': 'passed',
  // The kit creates no volumes: workloads do, with the declared encrypted type.
  'ACN-KMS-01': 'not-applicable',
  'GAR-LOG-01': 'passed',
  'ABSC-LOG-02': 'provider',
  'ABSC-LOG-03': 'passed',
  'LOG-RET-04': 'passed',
  'LOG-INT-05': 'passed',
  'ABSC-BCK-01': 'passed',
  'ABSC-BCK-02': 'passed',
  'ABSC-BCK-03': 'passed',
  'ABSC-NET-01': 'passed',
  'ABSC-NET-02': 'passed',
  'ABSC-NET-06': 'provider',
  'ENC-TRANSIT-01': 'passed',
  'TAG-01': 'passed',
};

describe('the OpenStack example against the compliance engine', () => {
  let outdir: string;
  const texts: Record<string, string> = {};
  const reports: Record<string, DocumentReport> = {};
  let errors: unknown[];
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-cloud-kit-openstack-compliance-'));
    buildApp(outdir).synth();
    const result = check([outdir]);
    errors = result.errors;
    for (const name of STACKS) {
      const file = path.join(outdir, 'stacks', name, 'cdk.tf.json');
      texts[name] = fs.readFileSync(file, 'utf8');
      reports[name] = result.documents.find((d) => d.file === file)!;
    }
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('the engine reads every stack and nothing else, without errors', () => {
    expect(errors).toEqual([]);
    for (const name of STACKS) expect(reports[name]).toMatchObject({ kind: 'terraform', classificationSource: 'metadata' });
  });

  test.each(STACKS)('%s: zero failed controls, no finding, and a valid Terraform JSON', (name) => {
    expect(failedEvidence(reports[name])).toEqual([]);
    expect(reports[name].findings).toEqual([]);
    expect(validateTerraformJson(JSON.parse(texts[name]))).toEqual([]);
  });

  test('comune-esempio (ordinario): the expected status of every control', () => {
    expect(reports['comune-esempio']).toMatchObject({ landingZone: 'c_esempio', classification: 'ordinario' });
    expect(statuses(reports['comune-esempio'])).toEqual({
      ...EVERY_CLASS,
      // Stricter classes only.
      'ACN-KMS-02': 'not-applicable',
      'ACN-BCK-04': 'not-applicable',
      'ABSC-NET-03': 'not-applicable',
    });
  });

  test('asl-esempio (critico): the expected status of every control', () => {
    expect(reports['asl-esempio']).toMatchObject({ landingZone: 'asl_esempio', classification: 'critico' });
    expect(statuses(reports['asl-esempio'])).toEqual({
      ...EVERY_CLASS,
      'ACN-KMS-02': 'passed',
      'ACN-BCK-04': 'passed',
      'ABSC-NET-03': 'passed',
    });
  });

  test('the region checks rest on the declared countries, and the off-site copy on the second region', () => {
    const evidence = (control: string) => reports['asl-esempio'].controls.find((c) => c.control === control)!.evidence;
    expect(evidence('ACN-LOC-01').map((e) => e.message)).toEqual(expect.arrayContaining([
      'it-mil1 (IT) is allowed for critico',
      'it-rom1 (IT) is allowed for critico',
    ]));
    expect(evidence('ACN-BCK-04').every((e) => !e.unresolved)).toBe(true);
    expect(evidence('ACN-BCK-04').map((e) => e.message)).toContain('copies go to second region it-rom1, allowed');
  });

  test('the backup scheduler is judged as a host: it ships its logs and keeps INRiM time', () => {
    const evidence = reports['asl-esempio'].controls.find((c) => c.control === 'GAR-LOG-01')!.evidence;
    const scheduler = evidence.filter((e) => e.resource?.startsWith('openstack_compute_instance_v2.Backup_Scheduler_'));
    expect(scheduler.map((e) => [e.ruleId, e.status])).toEqual(expect.arrayContaining([
      ['os-guest-log-shipping', 'pass'],
      ['os-guest-time-sources', 'pass'],
    ]));
  });

  test('a copy with a security group that keeps its default rules fails ABSC-NET-02', () => {
    const doc = JSON.parse(texts['comune-esempio']) as Json;
    const [address, group] = Object.entries(doc.resource.openstack_networking_secgroup_v2 as Json)
      .find(([name]) => name.startsWith('Network_ManagementSecurityGroup_'))!;
    (group as Json).delete_default_rules = false;
    const report = evaluateDocument(parseDocument('broken.tf.json', JSON.stringify(doc)));
    expect(failedEvidence(report)).toEqual([{
      control: 'ABSC-NET-02',
      evidence: [expect.objectContaining({ resource: `openstack_networking_secgroup_v2.${address}`, status: 'fail' })],
    }]);
    expect(report.findings.map((f) => [f.control, f.resource])).toEqual([['ABSC-NET-02', `openstack_networking_secgroup_v2.${address}`]]);
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CheckResult, ControlStatus, DocumentReport, check, evaluateDocument, parseDocument } from '../../lib/compliance';
import { SAMPLE_ACCOUNTS, buildExampleApp } from '../../examples/aws/main';

/**
 * The sample app (examples/aws/main.ts) synthesized in-process and judged by the kit's own
 * compliance engine: no failed control in either template, the expected outcome per control, and
 * broken copies of a template that the engine does fail.
 */

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>; Metadata: { PaCloudKit: Record<string, unknown> } };

/** Outcomes shared by both classes. */
const COMMON: Record<string, ControlStatus> = {
  'ACN-QUAL-01': 'passed',
  'ACN-LOC-01': 'passed',
  'ACN-KMS-01': 'passed',
  'GAR-LOG-01': 'passed',
  'ABSC-LOG-02': 'passed',
  'ABSC-LOG-03': 'passed',
  'LOG-RET-04': 'passed',
  'LOG-INT-05': 'passed',
  'ABSC-BCK-01': 'passed',
  'ABSC-BCK-02': 'passed',
  'ABSC-BCK-03': 'passed',
  'ABSC-NET-01': 'passed',
  'ABSC-NET-02': 'passed',
  'ABSC-NET-06': 'passed',
  'ENC-TRANSIT-01': 'passed',
  'TAG-01': 'passed',
};

const EXPECTED: Record<string, Record<string, ControlStatus>> = {
  // PA-held keys, off-site copy and egress firewall are asked of critico and strategico only.
  c_x000: { ...COMMON, 'ACN-KMS-02': 'not-applicable', 'ACN-BCK-04': 'not-applicable', 'ABSC-NET-03': 'not-applicable' },
  asl_x000: { ...COMMON, 'ACN-KMS-02': 'passed', 'ACN-BCK-04': 'passed', 'ABSC-NET-03': 'passed' },
};

function statuses(report: DocumentReport): Record<string, ControlStatus> {
  return Object.fromEntries(report.controls.map((c) => [c.control, c.status]));
}

function evidenceOf(report: DocumentReport, control: string): string[] {
  return report.controls.find((c) => c.control === control)!.evidence.map((e) => `${e.status} ${e.resource ?? '(document)'}: ${e.message}`);
}

describe('the AWS sample app under the kit\'s compliance engine', () => {
  let outdir: string;
  let result: CheckResult;
  const templates: Record<string, string> = {};
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-aws-compliance-'));
    const assembly = buildExampleApp({ outdir }).synth();
    for (const stack of assembly.stacks) templates[stack.stackName] = path.join(outdir, stack.templateFile);
    result = check([outdir]);
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  const report = (ipaCode: string) => result.documents.find((d) => d.landingZone === ipaCode)!;
  const broken = (stackName: string, mutate: (t: Template) => void): DocumentReport => {
    const template = JSON.parse(fs.readFileSync(templates[stackName], 'utf8')) as Template;
    mutate(template);
    return evaluateDocument(parseDocument(templates[stackName], JSON.stringify(template)));
  };

  test('both templates are read, classified from their metadata, without errors or notices', () => {
    expect(result.errors).toEqual([]);
    expect(result.documents.map((d) => [path.basename(d.file), d.landingZone, d.classification, d.classificationSource, d.notices]).sort()).toEqual([
      ['PaAslDiEsempio.template.json', 'asl_x000', 'critico', 'metadata', []],
      ['PaComuneDiEsempio.template.json', 'c_x000', 'ordinario', 'metadata', []],
    ]);
  });

  test('no failed control and no finding in either template', () => {
    expect(result.summary).toMatchObject({ documents: 2, failed: 0, acknowledged: 0, findings: 0 });
    for (const document of result.documents) {
      expect({ tenant: document.landingZone, findings: document.findings }).toEqual({ tenant: document.landingZone, findings: [] });
    }
  });

  test.each(['c_x000', 'asl_x000'])('%s: the expected outcome for every control of the catalogue', (ipaCode) => {
    expect(statuses(report(ipaCode))).toEqual(EXPECTED[ipaCode]);
  });

  test('the critico off-site copy is judged against the account the metadata declares', () => {
    expect(evidenceOf(report('asl_x000'), 'ACN-BCK-04')).toEqual([
      `pass LandingZoneBackupPlan5ACA7B39: copies go to another account (${SAMPLE_ACCOUNTS.backup}, ${SAMPLE_ACCOUNTS.backup}, the stack's is ${SAMPLE_ACCOUNTS.healthAuthority})`,
    ]);
  });

  test('the critico egress goes through the firewall endpoints of its three zones', () => {
    expect(evidenceOf(report('asl_x000'), 'ABSC-NET-03')).toEqual([expect.stringMatching(/^pass .*: 3 default route\(s\) go through firewall endpoints$/)]);
  });

  test('a trail without log file validation fails LOG-INT-05', () => {
    const document = broken('PaComuneDiEsempio', (t) => {
      const trail = Object.values(t.Resources).find((r) => r.Type === 'AWS::CloudTrail::Trail')!;
      delete trail.Properties.EnableLogFileValidation;
    });
    expect(statuses(document)).toEqual({ ...EXPECTED.c_x000, 'LOG-INT-05': 'failed' });
    expect(document.findings.map((f) => [f.control, f.ruleId, f.severity])).toEqual([['LOG-INT-05', 'aws-trail-log-validation', 'error']]);
  });

  test('without the tags the kit adds to CDK\'s custom resource provider, TAG-01 fails naming its role and function', () => {
    const document = broken('PaAslDiEsempio', (t) => {
      for (const [id, r] of Object.entries(t.Resources)) if (id.startsWith('CustomVpcRestrictDefaultSGCustomResourceProvider')) delete r.Properties.Tags;
    });
    expect(statuses(document)).toEqual({ ...EXPECTED.asl_x000, 'TAG-01': 'failed' });
    expect(document.findings.map((f) => f.resource).sort()).toEqual([
      expect.stringMatching(/^CustomVpcRestrictDefaultSGCustomResourceProviderHandler/),
      expect.stringMatching(/^CustomVpcRestrictDefaultSGCustomResourceProviderRole/),
    ]);
  });

  test('a copy target in the account the metadata declares fails ACN-BCK-04', () => {
    const document = broken('PaAslDiEsempio', (t) => {
      t.Metadata.PaCloudKit.account = SAMPLE_ACCOUNTS.backup;
    });
    expect(statuses(document)).toEqual({ ...EXPECTED.asl_x000, 'ACN-BCK-04': 'failed' });
  });
});

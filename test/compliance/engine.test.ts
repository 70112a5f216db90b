import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudProvider, ControlCatalogue, DataClassification, Responsibility } from '../../lib/core';
import { RULES, check, evaluateDocument, renderRulesTable, rules } from '../../lib/compliance';
import { DocumentReport } from '../../lib/compliance/types';
import { awsTemplate, cfnDoc, cfnTagList, openstackDocument, tfDoc } from './rules/helpers';

const control = (report: DocumentReport, id: string) => report.controls.find((c) => c.control === id)!;

describe('rule catalogue', () => {
  test.each([CloudProvider.AWS, CloudProvider.OPENSTACK])('every control checked on %s by the kit or shared has at least one rule', (provider) => {
    const checked = ControlCatalogue.checkedOn(provider).filter((c) => c[provider].responsibility !== Responsibility.PROVIDER);
    const covered = new Set(RULES.filter((r) => r.provider === provider).map((r) => r.control));
    expect(checked.map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
    expect(checked.length).toBe(provider === CloudProvider.AWS ? 19 : 17);
  });

  test('no rule checks a control that is the provider\'s responsibility', () => {
    for (const r of RULES) expect(ControlCatalogue.get(r.control)[r.provider].responsibility).not.toBe(Responsibility.PROVIDER);
  });

  test('rule IDs are unique, stable kebab-case with the provider prefix, and every field is filled', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(r.provider === CloudProvider.AWS ? /^aws-[a-z0-9]+(-[a-z0-9]+)*$/ : /^os-[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.title.length).toBeGreaterThan(10);
      expect(r.checks.length).toBeGreaterThan(20);
      expect(r.fix.length).toBeGreaterThan(20);
      expect(['error', 'warning', 'note']).toContain(r.severity);
    }
  });

  test('the rules namespace exports each rule', () => {
    expect(rules.awsTrailLogValidation.id).toBe('aws-trail-log-validation');
    expect(rules.RULES).toBe(RULES);
  });
});

describe('evaluateDocument on compliant documents', () => {
  test('the compliant AWS template passes every applicable control for critico', () => {
    const report = evaluateDocument(cfnDoc(awsTemplate()));
    expect(report.classification).toBe(DataClassification.CRITICO);
    expect(report.classificationSource).toBe('metadata');
    expect(report.landingZone).toBe('c_h501');
    expect(report.findings).toEqual([]);
    expect(report.controls.filter((c) => c.status === 'failed')).toEqual([]);
    expect(control(report, 'GAR-LOG-01')).toMatchObject({ status: 'passed', title: 'Admin and API activity logged, unalterable, kept at least 6 months' });
    expect(control(report, 'GAR-LOG-01').evidence).toContainEqual({ ruleId: 'aws-trail-multi-region', resource: 'Trail', property: 'IsMultiRegionTrail', status: 'pass', message: 'IsMultiRegionTrail is true' });
    expect(report.controls).toHaveLength(ControlCatalogue.all().length);
  });

  test('the compliant OpenStack document: provider controls listed, the rest passed', () => {
    const report = evaluateDocument(tfDoc(openstackDocument()));
    expect(report.kind).toBe('terraform');
    expect(control(report, 'ABSC-LOG-02')).toMatchObject({ status: 'provider', reason: 'provider responsibility; guest-level rules' });
    expect(control(report, 'ABSC-NET-06').status).toBe('provider');
    expect(report.controls.filter((c) => c.status === 'failed')).toEqual([]);
    expect(report.findings).toEqual([]);
  });
});

describe('classification precedence', () => {
  test('the option wins over the metadata', () => {
    const report = evaluateDocument(cfnDoc(awsTemplate()), { classification: DataClassification.STRATEGICO });
    expect(report.classification).toBe(DataClassification.STRATEGICO);
    expect(report.classificationSource).toBe('option');
  });

  test('without metadata, the pa:classification tags decide', () => {
    const t = awsTemplate();
    delete t.Metadata;
    const report = evaluateDocument(cfnDoc(t));
    expect(report.classificationSource).toBe('tag');
    expect(report.classification).toBe(DataClassification.CRITICO);
    expect(report.landingZone).toBe('stack.template.json');
  });

  test('differing tags: the strongest class, with a notice', () => {
    const t = awsTemplate();
    delete t.Metadata;
    t.Resources.Vpc.Properties.Tags = cfnTagList('strategico');
    const report = evaluateDocument(cfnDoc(t));
    expect(report.classification).toBe(DataClassification.STRATEGICO);
    expect(report.notices).toContainEqual(expect.stringMatching(/different pa:classification tags \(.*\); checked as the strongest, strategico/));
  });

  test('Terraform string tags are read too', () => {
    const d = openstackDocument();
    delete d['//']['pa-cloud-kit'];
    expect(evaluateDocument(tfDoc(d))).toMatchObject({ classification: 'critico', classificationSource: 'tag' });
  });

  test('nothing declared: ordinario with a notice', () => {
    const report = evaluateDocument(cfnDoc({ Resources: { B: { Type: 'AWS::S3::Bucket' } } }));
    expect(report.classification).toBe(DataClassification.ORDINARIO);
    expect(report.classificationSource).toBe('default');
    expect(report.notices).toContain('no classification in the options, the metadata or a pa:classification tag: checked as ordinario');
  });

  test('an unknown class in the metadata is ignored with a notice', () => {
    const t = awsTemplate();
    t.Metadata.PaCloudKit.classification = 'segreto';
    const report = evaluateDocument(cfnDoc(t));
    expect(report.notices).toContain('the metadata declares an unknown classification "segreto"; ignored');
    expect(report.classificationSource).toBe('tag');
  });
});

describe('control outcomes', () => {
  test('failed controls produce findings with the rule, severity, resource, property and fix', () => {
    const t = awsTemplate();
    t.Resources.Trail.Properties.EnableLogFileValidation = false;
    const report = evaluateDocument(cfnDoc(t, 'tenant.template.json'));
    expect(control(report, 'LOG-INT-05').status).toBe('failed');
    expect(report.findings).toEqual([{
      ruleId: 'aws-trail-log-validation', control: 'LOG-INT-05', severity: 'error', file: 'tenant.template.json', resource: 'Trail',
      property: 'EnableLogFileValidation', message: 'log file validation is off', fix: 'Set `enableFileValidation: true` on the trail.',
    }]);
  });

  test('a result can lower the severity (below the class default but above the floor)', () => {
    const t = awsTemplate();
    t.Resources.TrailLogGroup.Properties.RetentionInDays = 365;
    const finding = evaluateDocument(cfnDoc(t)).findings.find((f) => f.ruleId === 'aws-log-group-retention')!;
    expect(finding).toMatchObject({ severity: 'warning', message: 'retention 365 days is below the critico retention of 24 months (720 days)' });
  });

  test('a control whose only failures are warnings (a recommendation of the class) has status warning, not failed', () => {
    const t = awsTemplate();
    t.Resources.TrailLogGroup.Properties.RetentionInDays = 365;
    const report = evaluateDocument(cfnDoc(t));
    expect(control(report, 'LOG-RET-04')).toMatchObject({ status: 'warning', reason: 'a recommendation of the class is not met' });
    expect(report.controls.filter((c) => c.status === 'failed')).toEqual([]);
    const result = check([cfnDoc(t)]);
    expect(result.summary).toMatchObject({ failed: 0, warning: 1 });
  });

  test('an error beside a warning in the same control makes it failed', () => {
    const t = awsTemplate();
    t.Resources.TrailLogGroup.Properties.RetentionInDays = 30;
    expect(control(evaluateDocument(cfnDoc(t)), 'LOG-RET-04').status).toBe('failed');
  });

  test('controls for stronger classes are not applicable to ordinario', () => {
    const report = evaluateDocument(cfnDoc(awsTemplate()), { classification: DataClassification.ORDINARIO });
    expect(control(report, 'ACN-KMS-02')).toMatchObject({ status: 'not-applicable', reason: 'applies to critico, strategico only' });
    expect(control(report, 'ABSC-NET-03').status).toBe('not-applicable');
  });

  test('a control with nothing to check in the document is not applicable', () => {
    const report = evaluateDocument(cfnDoc({ Resources: { B: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'k' } } } }), { classification: DataClassification.ORDINARIO });
    expect(control(report, 'ENC-TRANSIT-01')).toMatchObject({ status: 'not-applicable', reason: 'nothing in the document this control applies to' });
  });

  test('acknowledgements from the metadata turn a failure into acknowledged, findings keep the reason', () => {
    const t = awsTemplate();
    delete t.Resources.BackupKey.Properties.Origin;
    t.Metadata.PaCloudKit.acknowledgements = [{ control: 'ACN-KMS-02', reason: 'imported key material arrives in Q3 2026' }];
    const report = evaluateDocument(cfnDoc(t));
    expect(control(report, 'ACN-KMS-02')).toMatchObject({ status: 'acknowledged', reason: 'imported key material arrives in Q3 2026' });
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'aws-kms-pa-controlled', resource: 'BackupKey', acknowledged: 'imported key material arrives in Q3 2026' }));
  });

  test('acknowledgements from the options work too', () => {
    const t = awsTemplate();
    delete t.Resources.Firewall;
    const report = evaluateDocument(cfnDoc(t), { acknowledgements: [{ control: 'ABSC-NET-03', reason: 'firewall procured by the region' }] });
    expect(control(report, 'ABSC-NET-03').status).toBe('acknowledged');
  });

  test('an acknowledgement the class does not allow is ignored with a notice', () => {
    const t = awsTemplate();
    t.Resources.Trail.Properties.EnableLogFileValidation = false;
    const report = evaluateDocument(cfnDoc(t), { acknowledgements: [{ control: 'LOG-INT-05', reason: 'we do not want validation' }] });
    expect(control(report, 'LOG-INT-05').status).toBe('failed');
    expect(report.notices).toContainEqual(expect.stringMatching(/acknowledgement from the options ignored: .*LOG-INT-05 cannot be acknowledged for a critico tenant/));
  });

  test('an unknown control in the options is a usage error', () => {
    expect(() => evaluateDocument(cfnDoc(awsTemplate()), { acknowledgements: [{ control: 'NOPE-01', reason: 'a long enough reason' }] }))
      .toThrow(/acknowledgements\[0\]\.control: must be a control ID of the catalogue/);
  });

  test('unresolvable values are unresolved (not failed) and name the value', () => {
    const t = awsTemplate();
    t.Parameters = { Validation: { Type: 'String', Default: 'true' } };
    t.Resources.Trail.Properties.EnableLogFileValidation = { Ref: 'Validation' };
    const finding = evaluateDocument(cfnDoc(t)).findings.find((f) => f.ruleId === 'aws-trail-log-validation')!;
    expect(finding).toMatchObject({ unresolved: true, unresolvedValue: '{"Ref":"Validation"}', message: 'log file validation is not a literal true (unresolved: {"Ref":"Validation"} is known only at deploy time)' });
  });

  test('the option region replaces the metadata region', () => {
    const report = evaluateDocument(cfnDoc(awsTemplate()), { region: 'eu-west-1' });
    expect(control(report, 'ACN-LOC-01').status).toBe('failed');
  });

  test('OpenStack region countries can come from the options', () => {
    const d = openstackDocument();
    delete d['//']['pa-cloud-kit'].regions;
    const without = evaluateDocument(tfDoc(d));
    expect(control(without, 'ACN-LOC-01').evidence[0]).toMatchObject({ status: 'fail', unresolved: true });
    const withRegions = evaluateDocument(tfDoc(d), { regions: [{ name: 'it-rom1', country: 'IT' }, { name: 'it-mil1', country: 'IT' }] });
    expect(control(withRegions, 'ACN-LOC-01').status).toBe('passed');
  });

  test('overrides recorded in the metadata set the values checked and are reported', () => {
    const t = awsTemplate();
    t.Metadata.PaCloudKit.overrides = [{ setting: 'auditLogSearchableRetention', control: 'GAR-LOG-01', kitDefault: '24 months', value: '12 months', weakens: true, reason: 'cost review 2026, approved by the DPO' }];
    t.Resources.TrailLogGroup.Properties.RetentionInDays = 365;
    const report = evaluateDocument(cfnDoc(t));
    expect(report.findings.filter((f) => f.ruleId === 'aws-log-group-retention')).toEqual([]);
    expect(report.overrides).toEqual([{ setting: 'auditLogSearchableRetention', control: 'GAR-LOG-01', kitDefault: '24 months', value: '12 months', weakens: true, reason: 'cost review 2026, approved by the DPO' }]);
  });

  test('an override below the floor in the metadata is ignored with a notice', () => {
    const t = awsTemplate();
    t.Metadata.PaCloudKit.overrides = [{ setting: 'auditLogSearchableRetention', value: '3 months', reason: 'cheaper storage please' }];
    const report = evaluateDocument(cfnDoc(t));
    expect(report.notices).toContainEqual(expect.stringMatching(/override from the metadata ignored .*auditLogSearchableRetention must be at least 6 months/));
    expect(report.overrides).toEqual([]);
  });
});

describe('check', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-check-'));
    fs.writeFileSync(path.join(dir, 'good.template.json'), JSON.stringify(awsTemplate()));
    fs.writeFileSync(path.join(dir, 'bad.template.json'), '{');
    fs.mkdirSync(path.join(dir, 'os'));
    fs.writeFileSync(path.join(dir, 'os', 'cdk.tf.json'), JSON.stringify(openstackDocument()));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('loads and evaluates a folder; unusable files land in errors', () => {
    const result = check([dir]);
    expect(result.documents.map((d) => path.basename(d.file))).toEqual(['good.template.json', 'cdk.tf.json']);
    expect(result.errors.map((e) => e.message)).toEqual([`${path.join(dir, 'bad.template.json')}: malformed JSON at line 1, column 2: Expected property name or '}'`]);
    expect(result.summary).toEqual({ documents: 2, passed: expect.any(Number), failed: 0, warning: 0, unresolved: 0, acknowledged: 0, provider: 2, findings: 0 });
    expect(result.summary.passed).toBe(result.documents.flatMap((d) => d.controls).filter((c) => c.status === 'passed').length);
  });

  test('in-memory documents are evaluated as given', () => {
    const t = awsTemplate();
    t.Resources.Trail.Properties.IsLogging = false;
    const result = check([cfnDoc(t, 'memory')]);
    expect(result.summary).toMatchObject({ documents: 1, failed: 1, findings: 1 });
  });
});

describe('large documents', () => {
  // Throughput is measured in bench/compliance.ts (`npm run bench`), not here: timed assertions
  // fail on a loaded machine. This test states what must hold at any speed.
  test('a generated template of 60,000 resources is evaluated whole, with no finding', () => {
    const t = awsTemplate();
    for (let i = 0; i < 30000; i++) {
      t.Resources[`Subnet${i}`] = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/28', Tags: cfnTagList() } };
      t.Resources[`Sg${i}`] = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }], Tags: cfnTagList() } };
    }
    const doc = cfnDoc(t, 'big.template.json');
    const report = evaluateDocument(doc);
    expect(report.resourceCount).toBe(doc.resources.length);
    expect(report.findings).toEqual([]);
  });
});

describe('rules table', () => {
  test('one row per rule with ID, control, provider, severity, checks and fix; pipes escaped', () => {
    const table = renderRulesTable();
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toBe('| Rule | Control | Provider | Severity | What it checks | How to fix |');
    expect(lines).toHaveLength(RULES.length + 2);
    expect(lines).toContain(`| \`aws-trail-log-validation\` | LOG-INT-05 | AWS | error | ${rules.awsTrailLogValidation.checks} | ${rules.awsTrailLogValidation.fix} |`);
    const piped = renderRulesTable([{ ...RULES[0], checks: 'a | b' }]);
    expect(piped).toContain('a \\| b');
  });
});

import { check, CENTRAL_CONTROLS, CENTRAL_NOT_APPLICABLE, evaluateDocument, relatedResources } from '../../lib/compliance';
import { literalBucketName } from '../../lib/compliance/rules/private/aws';
import { CloudProvider } from '../../lib/core';
import { DocumentReport } from '../../lib/compliance/types';
import { awsTemplate, cfnDoc, openstackDocument, tfDoc } from './rules/helpers';

const BUCKET = 'pa-r-esempio-logs-0-111111111111-eu-south-1';
const control = (report: DocumentReport, id: string) => report.controls.find((c) => c.control === id)!;
const ARCHIVE_CONTROLS = ['ABSC-LOG-03', 'LOG-RET-04', 'LOG-INT-05'];

/** A tenant whose trail and flow logs write to the central bucket by literal name. */
function tenantTemplate(): any {
  const t = awsTemplate();
  for (const id of ['ArchiveBucket', 'ArchiveBucketPolicy', 'AccessLogsBucket', 'AccessLogsBucketPolicy']) delete t.Resources[id];
  t.Resources.Trail.Properties.S3BucketName = BUCKET;
  t.Resources.FlowLog.Properties.LogDestination = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${BUCKET}/vpc-flow-logs/c_h501/`]] };
  return t;
}

/** The aggregator's central stack holding the bucket (a copy of the compliant archive). */
function centralTemplate(): any {
  const t = awsTemplate();
  const keep = ['LogKey', 'ArchiveBucket', 'ArchiveBucketPolicy', 'AccessLogsBucket', 'AccessLogsBucketPolicy'];
  const resources = Object.fromEntries(Object.entries(t.Resources).filter(([id]) => keep.includes(id))) as any;
  resources.ArchiveBucket.Properties.BucketName = BUCKET;
  return {
    Metadata: { PaCloudKit: { ...t.Metadata.PaCloudKit, role: 'central' } },
    Resources: resources,
  };
}

describe('literal bucket names of archive destinations', () => {
  test.each([
    [BUCKET, BUCKET],
    [`arn:aws:s3:::${BUCKET}/prefix/`, BUCKET],
    [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${BUCKET}`]] }, BUCKET],
    [{ 'Fn::Sub': `arn:\${AWS::Partition}:s3:::${BUCKET}/x` }, BUCKET],
  ])('%j names %s', (value, name) => expect(literalBucketName(value)).toBe(name));

  test.each([
    [{ 'Fn::ImportValue': 'ArchiveName' }],
    [{ Ref: 'ArchiveParam' }],
    [{ 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: 'ArchiveParam' }]] }],
    [{ 'Fn::Join': ['-', ['pa-logs', { Ref: 'AWS::AccountId' }]] }],
    [{ 'Fn::Sub': 'arn:aws:s3:::${Name}' }],
  ])('%j has no literal name', (value) => expect(literalBucketName(value)).toBeUndefined());
});

describe('archive destinations in another document of the run', () => {
  test('tenant and central stack together: the archive controls pass, judged on the central bucket, evidence naming its file', () => {
    const result = check([cfnDoc(tenantTemplate(), 'out/PaLz-c-h501.template.json'), cfnDoc(centralTemplate(), 'out/PaCentral-eu-south-1.template.json')]);
    const tenant = result.documents[0];
    for (const id of ARCHIVE_CONTROLS) expect(control(tenant, id).status).toBe('passed');
    expect(tenant.findings).toEqual([]);
    const versioning = control(tenant, 'ABSC-LOG-03').evidence.filter((e) => e.ruleId === 'aws-archive-bucket-versioning');
    expect(versioning).toEqual([
      { ruleId: 'aws-archive-bucket-versioning', resource: 'Trail', status: 'pass', message: `logs go to "${BUCKET}", created in another document of the run as PaCentral-eu-south-1.template.json:ArchiveBucket: judged on that bucket` },
      { ruleId: 'aws-archive-bucket-versioning', resource: 'FlowLog', status: 'pass', message: `logs go to "${BUCKET}", created in another document of the run as PaCentral-eu-south-1.template.json:ArchiveBucket: judged on that bucket` },
      { ruleId: 'aws-archive-bucket-versioning', resource: 'PaCentral-eu-south-1.template.json:ArchiveBucket', property: 'VersioningConfiguration.Status', status: 'pass', message: 'versioning is enabled' },
    ].map((e) => expect.objectContaining(e)));
    expect(control(tenant, 'LOG-INT-05').evidence).toContainEqual(expect.objectContaining({
      ruleId: 'aws-archive-object-lock', resource: 'PaCentral-eu-south-1.template.json:ArchiveBucket', status: 'pass', message: 'object lock in COMPLIANCE mode',
    }));
  });

  test('the tenant alone: the destination stays unresolved (not failed: the bucket may exist elsewhere)', () => {
    const tenant = check([cfnDoc(tenantTemplate(), 'PaLz-c-h501.template.json')]).documents[0];
    for (const id of ARCHIVE_CONTROLS) expect(control(tenant, id).status).toBe('unresolved');
    const finding = tenant.findings.find((f) => f.ruleId === 'aws-archive-bucket-versioning' && f.resource === 'Trail')!;
    expect(finding.unresolved).toBe(true);
    expect(finding.message).toMatch(/a bucket not created in this template or another document of the run/);
  });

  test('a central bucket without versioning fails the tenant\'s ABSC-LOG-03 on that bucket', () => {
    const central = centralTemplate();
    delete central.Resources.ArchiveBucket.Properties.VersioningConfiguration;
    const tenant = check([cfnDoc(tenantTemplate(), 'PaLz-c-h501.template.json'), cfnDoc(central, 'PaCentral-eu-south-1.template.json')]).documents[0];
    expect(control(tenant, 'ABSC-LOG-03').status).toBe('failed');
    expect(tenant.findings).toEqual([expect.objectContaining({
      ruleId: 'aws-archive-bucket-versioning', resource: 'PaCentral-eu-south-1.template.json:ArchiveBucket', property: 'VersioningConfiguration.Status', message: 'versioning is not enabled',
    })]);
  });

  test('a bucket name of the same document given literally resolves to the bucket itself', () => {
    const t = awsTemplate();
    t.Resources.ArchiveBucket.Properties.BucketName = BUCKET;
    t.Resources.Trail.Properties.S3BucketName = BUCKET;
    const report = evaluateDocument(cfnDoc(t));
    expect(control(report, 'ABSC-LOG-03').status).toBe('passed');
    expect(control(report, 'ABSC-LOG-03').evidence.filter((e) => e.ruleId === 'aws-archive-bucket-versioning').map((e) => e.resource)).toEqual(['ArchiveBucket']);
  });

  test('relatedResources indexes literal bucket names with their file', () => {
    const related = relatedResources([cfnDoc(centralTemplate(), 'a/central.template.json'), tfDoc(openstackDocument())]);
    expect([...related.s3BucketsByName.keys()]).toEqual([BUCKET]);
    expect(related.s3BucketsByName.get(BUCKET)).toMatchObject({ file: 'a/central.template.json', resource: { id: 'ArchiveBucket', type: 'AWS::S3::Bucket' } });
  });
});

describe('central services of an aggregator (metadata role central)', () => {
  test.each([CloudProvider.AWS, CloudProvider.OPENSTACK])('on %s only the controls of central services are checked', (provider) => {
    const report = provider === CloudProvider.AWS
      ? evaluateDocument(cfnDoc(centralTemplate()))
      : evaluateDocument(tfDoc({ ...openstackDocument(), '//': { 'pa-cloud-kit': { ...openstackDocument()['//']?.['pa-cloud-kit'], role: 'central' } } }));
    for (const c of report.controls) {
      if (CENTRAL_CONTROLS[provider].includes(c.control)) expect(c.reason).not.toBe(CENTRAL_NOT_APPLICABLE);
      else expect(c).toMatchObject({ status: 'not-applicable', evidence: [], reason: "central services of an aggregator: checked in the tenants' landing zones" });
    }
  });

  test('AWS: the archive is the buckets that do not receive access logs; no trail is not a failure', () => {
    const report = evaluateDocument(cfnDoc(centralTemplate()));
    for (const id of ARCHIVE_CONTROLS) expect(control(report, id).status).toBe('passed');
    const versioned = control(report, 'ABSC-LOG-03').evidence.filter((e) => e.ruleId === 'aws-archive-bucket-versioning');
    expect(versioned.map((e) => e.resource)).toEqual(['ArchiveBucket']);
    expect(control(report, 'LOG-INT-05').evidence.map((e) => e.ruleId)).toEqual(['aws-archive-object-lock']);
    expect(report.findings).toEqual([]);
  });

  test('AWS: a central bucket not hardened fails, and KMS key custody is still judged', () => {
    const t = centralTemplate();
    t.Resources.ArchiveBucket.Properties.ObjectLockEnabled = false;
    t.Resources.LogKey.Properties.Origin = 'AWS_KMS';
    const report = evaluateDocument(cfnDoc(t));
    expect(control(report, 'LOG-INT-05').status).toBe('failed');
    expect(control(report, 'ACN-KMS-02').status).toBe('failed');
    expect(report.findings.map((f) => [f.ruleId, f.resource])).toEqual([['aws-kms-pa-controlled', 'LogKey'], ['aws-archive-object-lock', 'ArchiveBucket']]);
  });

  test('AWS: central services without a vault leave ABSC-BCK-03 not applicable; with one, its lock is judged', () => {
    expect(control(evaluateDocument(cfnDoc(centralTemplate())), 'ABSC-BCK-03')).toMatchObject({ status: 'not-applicable', evidence: [] });
    const t = centralTemplate();
    t.Resources.Vault = { Type: 'AWS::Backup::BackupVault', DeletionPolicy: 'Retain', Properties: { BackupVaultName: 'pa-r-esempio-offsite' } };
    expect(control(evaluateDocument(cfnDoc(t)), 'ABSC-BCK-03').status).toBe('failed');
  });

  test('a landing zone without trail or vault still fails log file validation and vault lock', () => {
    const t = awsTemplate();
    delete t.Resources.Trail;
    for (const [id, r] of Object.entries(t.Resources) as [string, any][]) if (r.Type === 'AWS::Backup::BackupVault') delete t.Resources[id];
    const report = evaluateDocument(cfnDoc(t));
    expect(control(report, 'LOG-INT-05').evidence).toContainEqual(expect.objectContaining({ ruleId: 'aws-trail-log-validation', status: 'fail', message: 'no CloudTrail trail, so no log file validation' }));
    expect(control(report, 'ABSC-BCK-03').evidence).toContainEqual(expect.objectContaining({ ruleId: 'aws-backup-vault-lock', status: 'fail', message: 'no backup vault in the template' }));
  });

  test('an unknown role in the metadata is dropped: the document is a landing zone', () => {
    const t = centralTemplate();
    t.Metadata.PaCloudKit.role = 'hub';
    const doc = cfnDoc(t);
    expect(doc.metadata).not.toHaveProperty('role');
    expect(control(evaluateDocument(doc), 'ABSC-NET-01').reason).not.toBe(CENTRAL_NOT_APPLICABLE);
  });
});

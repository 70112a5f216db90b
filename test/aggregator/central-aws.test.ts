import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  AggregatorAwsIdentity,
  AggregatorAwsTenant,
  AggregatorBackupVault,
  AggregatorCentralLogging,
  AggregatorCentralAwsStack,
  AggregatorCentralAwsStackProps,
  BUCKET_POLICY_MAX_BYTES,
  MAX_ARCHIVE_BUCKETS,
  TENANTS_PER_ARCHIVE_BUCKET,
} from '../../lib/aggregator/central-aws';
import { parseConfig } from '../../lib/config';
import { CloudProvider, CompliancePolicy, DataClassification, TenantIdentity } from '../../lib/core';

const K = TENANTS_PER_ARCHIVE_BUCKET;
const AGG: AggregatorAwsIdentity = {
  ipaCode: 'r_esempio',
  name: 'Societa in-house Regione Esempio',
  account: '111111111111',
  qualification: 'QC3',
  owner: 'Centro servizi',
  incidentContact: 'soc@inhouse.esempio.it',
};
const REGION = 'eu-south-1';
const OUTSIDER = '299999999999';
/** The aggregator's own keys (fictitious), in its account and REGION. */
const ARCHIVE_KEY = 'arn:aws:kms:eu-south-1:111111111111:key/4e5f6071-8293-4a4b-8d3e-4f5a6b7c8d9e';
const VAULT_KEY = 'arn:aws:kms:eu-south-1:111111111111:key/5f607182-93a4-4b5c-9e4f-5a6b7c8d9e0f';

const policies = new Map<DataClassification, CompliancePolicy>();
function policyOf(c: DataClassification): CompliancePolicy {
  if (!policies.has(c)) policies.set(c, CompliancePolicy.forClassification(c));
  return policies.get(c)!;
}

function tenant(i: number, classification = DataClassification.ORDINARIO, ipaCode = `c_t${String(i).padStart(4, '0')}`): AggregatorAwsTenant {
  return {
    identity: TenantIdentity.of({
      ipaCode,
      name: `Comune ${i}`,
      classification,
      qualification: 'QC3',
      owner: 'Servizi informativi',
      incidentContact: `cert${i}@comune.esempio.it`,
      aggregator: { ipaCode: AGG.ipaCode, name: AGG.name },
    }),
    policy: policyOf(classification),
    account: String(200000000000 + i),
  };
}

function tenants(n: number, classification = DataClassification.ORDINARIO): AggregatorAwsTenant[] {
  return Array.from({ length: n }, (_, i) => tenant(i, classification));
}

function central(props: Partial<AggregatorCentralAwsStackProps>): AggregatorCentralAwsStack {
  return new AggregatorCentralAwsStack(new App(), 'Central', { aggregator: AGG, region: REGION, ...props });
}

type Statement = {
  Sid?: string; Effect: string; Principal: { Service?: string; AWS?: string | string[] };
  Action: string | string[]; Resource: string | string[]; Condition?: Record<string, Record<string, unknown>>;
};

function bucketPolicyOf(template: Template, bucketLogicalId: string): Statement[] {
  const policies = Object.values(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: bucketLogicalId } } }));
  expect(policies).toHaveLength(1);
  return (policies[0] as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement;
}

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const globMatch = (pattern: string, value: string) =>
  new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(value);

/**
 * A small evaluator of the bucket policy for one request of a service principal: allowed when an
 * Allow statement matches principal, action, resource and its StringEquals conditions, and no
 * Deny matches (requests are over TLS 1.2 here, so the TLS denies never match).
 */
function admits(statements: Statement[], request: { service: string; action: string; resource: string; context: Record<string, string> }): boolean {
  return statements.some((s) => s.Effect === 'Allow'
    && asList(s.Principal.Service).includes(request.service)
    && asList(s.Action).includes(request.action)
    && asList(s.Resource).some((r) => globMatch(r, request.resource))
    && Object.entries(s.Condition?.StringEquals ?? {}).every(([k, v]) => asList(v as string | string[]).includes(request.context[k])));
}

const bucketArn = (name: string) => `arn:aws:s3:::${name}`;
/** The trail of the tenant `code` in account `account`, as LandingZoneLogging names it. */
const trailArn = (code: string, account: string) => `arn:aws:cloudtrail:eu-south-1:${account}:trail/pa-${code.replace(/_/g, '-')}-audit`;
const trailPut = (bucket: string, code: string, account: string, writer = account, writerCode = code) => ({
  service: 'cloudtrail.amazonaws.com',
  action: 's3:PutObject',
  resource: `${bucketArn(bucket)}/${code}/AWSLogs/${account}/CloudTrail/eu-south-1/2025/01/01/x.json.gz`,
  context: { 'aws:SourceArn': trailArn(writerCode, writer), 's3:x-amz-acl': 'bucket-owner-full-control' },
});
const flowPut = (bucket: string, code: string, account: string, writer = account) => ({
  service: 'delivery.logs.amazonaws.com',
  action: 's3:PutObject',
  resource: `${bucketArn(bucket)}/vpc-flow-logs/${code}/AWSLogs/${account}/vpcflowlogs/eu-south-1/2025/01/01/x.log.gz`,
  context: { 'aws:SourceAccount': writer, 's3:x-amz-acl': 'bucket-owner-full-control' },
});

describe('central archive and vault for three tenants (ordinario, critico, strategico)', () => {
  const list = [tenant(0, DataClassification.ORDINARIO), tenant(1, DataClassification.CRITICO), tenant(2, DataClassification.STRATEGICO)];
  let stack: AggregatorCentralAwsStack;
  let template: Template;
  let statements: Statement[];
  const NAME = 'pa-r-esempio-logs-0-111111111111-eu-south-1';
  beforeAll(() => {
    stack = central({ archiveTenants: list, backupTenants: list.slice(1) });
    template = Template.fromStack(stack);
    statements = bucketPolicyOf(template, 'ArchiveBucket0');
  });

  test('the template metadata PaCloudKit: role central, the aggregator, the strictest tenant class, region and account', () => {
    expect(template.toJSON().Metadata.PaCloudKit).toEqual({
      version: 1,
      role: 'central',
      tenant: { ipaCode: 'r_esempio', name: AGG.name },
      classification: 'strategico',
      qualification: 'QC3',
      region: REGION,
      account: '111111111111',
      overrides: [],
      acknowledgements: [],
    });
    expect(stack.metadata).toEqual(template.toJSON().Metadata.PaCloudKit);
  });

  test('one archive bucket with a deterministic name, exposed per tenant', () => {
    template.resourceCountIs('AWS::S3::Bucket', 2);
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: NAME });
    for (const t of list) expect(stack.archiveBucketNameFor(t.identity.ipaCode)).toBe(NAME);
    expect(AggregatorCentralAwsStack.archiveBucketName(AGG, REGION, 2)).toBe(NAME);
    template.hasOutput('ArchiveBucket0Name', { Value: NAME });
  });

  test("the key tenant stacks name for their trails: the alias ARN of the archive key the stack creates, or the aggregator's own key in the region", () => {
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/pa/r-esempio/central-logs-0', TargetKeyId: { 'Fn::GetAtt': ['ArchiveKey0', 'Arn'] } });
    expect(AggregatorCentralAwsStack.archiveKeyArn(AGG, REGION, 2)).toBe('arn:aws:kms:eu-south-1:111111111111:alias/pa/r-esempio/central-logs-0');
    expect(AggregatorCentralAwsStack.archiveKeyArn(AGG, REGION, K)).toBe('arn:aws:kms:eu-south-1:111111111111:alias/pa/r-esempio/central-logs-1');
    expect(AggregatorCentralAwsStack.archiveKeyArn({ ...AGG, archiveKmsKeyArn: ARCHIVE_KEY }, REGION, 2)).toBe(ARCHIVE_KEY);
    // The aggregator's key is regional: another region's stack creates its own.
    expect(AggregatorCentralAwsStack.archiveKeyArn({ ...AGG, archiveKmsKeyArn: ARCHIVE_KEY }, 'eu-central-1', 0)).toBe('arn:aws:kms:eu-central-1:111111111111:alias/pa/r-esempio/central-logs-0');
    expect(() => AggregatorCentralAwsStack.archiveKeyArn(AGG, REGION, -1)).toThrow(/^tenantIndex: must be a whole number/);
  });

  test('one trail statement and one flow-log statement per tenant, with the exact prefix and conditions', () => {
    list.forEach((t, i) => {
      const code = t.identity.ipaCode;
      expect(statements).toContainEqual({
        Sid: `Tenant${i}Trail`,
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucketArn(NAME)}/${code}/AWSLogs/${t.account}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn(code, t.account) } },
      });
      expect(statements).toContainEqual({
        Sid: `Tenant${i}FlowLogs`,
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucketArn(NAME)}/vpc-flow-logs/${code}/AWSLogs/${t.account}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': t.account } },
      });
    });
    const puts = statements.filter((s) => asList(s.Action).includes('s3:PutObject'));
    expect(puts).toHaveLength(2 * list.length);
  });

  test('the ACL checks of both services are limited to exactly the tenants\' accounts', () => {
    const accounts = list.map((t) => t.account);
    expect(statements).toContainEqual({
      Sid: 'TrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl', Resource: bucketArn(NAME), Condition: { StringEquals: { 'aws:SourceAccount': accounts } },
    });
    expect(statements).toContainEqual({
      Sid: 'FlowLogsAclCheck', Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: ['s3:GetBucketAcl', 's3:ListBucket'], Resource: bucketArn(NAME), Condition: { StringEquals: { 'aws:SourceAccount': accounts } },
    });
  });

  test('every Allow names a tenant account: no wildcard account, no other principal', () => {
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(2 + 2 * list.length);
    for (const s of allows) {
      expect(s.Principal.AWS).toBeUndefined();
      // The account of aws:SourceAccount, or of the trail in aws:SourceArn.
      const sources = [
        ...asList(s.Condition?.StringEquals?.['aws:SourceAccount'] as string | string[]),
        ...asList(s.Condition?.StringEquals?.['aws:SourceArn'] as string | string[]).map((arn) => arn.split(':')[4]),
      ];
      expect(sources.length).toBeGreaterThan(0);
      for (const a of sources) expect(list.map((t) => t.account)).toContain(a);
      for (const r of asList(s.Resource)) expect(r).not.toMatch(/AWSLogs\/\*|AWSLogs\/\d*\*$/);
    }
  });

  test('each tenant may write only its own prefixes; another account or another tenant\'s prefix is refused', () => {
    const [a, b] = list;
    const ca = a.identity.ipaCode;
    const cb = b.identity.ipaCode;
    expect(admits(statements, trailPut(NAME, ca, a.account))).toBe(true);
    expect(admits(statements, flowPut(NAME, ca, a.account))).toBe(true);
    // A tenant not in the list.
    expect(admits(statements, trailPut(NAME, 'c_intruso', OUTSIDER))).toBe(false);
    expect(admits(statements, flowPut(NAME, 'c_intruso', OUTSIDER))).toBe(false);
    expect(admits(statements, trailPut(NAME, ca, a.account, OUTSIDER))).toBe(false);
    // Tenant a writing under tenant b's prefix or account folder.
    expect(admits(statements, trailPut(NAME, cb, b.account, a.account, ca))).toBe(false);
    expect(admits(statements, trailPut(NAME, cb, a.account))).toBe(false);
    expect(admits(statements, flowPut(NAME, cb, b.account, a.account))).toBe(false);
    // Trail logs under the flow-log prefix and the other way round.
    expect(admits(statements, { ...trailPut(NAME, ca, a.account), resource: flowPut(NAME, ca, a.account).resource })).toBe(false);
    expect(admits(statements, { ...flowPut(NAME, ca, a.account), resource: trailPut(NAME, ca, a.account).resource })).toBe(false);
    // Without the bucket-owner-full-control ACL.
    expect(admits(statements, { ...trailPut(NAME, ca, a.account), context: { 'aws:SourceArn': trailArn(ca, a.account) } })).toBe(false);
    // Another trail of tenant a's own account.
    expect(admits(statements, { ...trailPut(NAME, ca, a.account), context: { ...trailPut(NAME, ca, a.account).context, 'aws:SourceArn': `arn:aws:cloudtrail:eu-south-1:${a.account}:trail/other` } })).toBe(false);
  });

  test('requests without TLS 1.2 are denied', () => {
    const deny = statements.filter((s) => s.Effect === 'Deny');
    expect(deny).toEqual([
      expect.objectContaining({ Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Resource: [bucketArn(NAME), `${bucketArn(NAME)}/*`] }),
      expect.objectContaining({ Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } }, Resource: [bucketArn(NAME), `${bucketArn(NAME)}/*`] }),
    ]);
  });

  test('the archive is hardened: own KMS key, versioning, compliance-mode lock for the longest retention, lifecycle, access logs', () => {
    const strict = policyOf(DataClassification.STRATEGICO).settings;
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: NAME,
      BucketEncryption: { ServerSideEncryptionConfiguration: [{
        BucketKeyEnabled: true,
        ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['ArchiveKey0', 'Arn'] } },
      }] },
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: strict.auditLogSearchableRetention.toDays() } } },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: 'AccessLogsBucket' }, LogFilePrefix: 'archive-0/' },
      LifecycleConfiguration: { Rules: [
        Match.objectLike({
          Status: 'Enabled',
          ExpirationInDays: strict.auditLogArchiveRetention.toDays(),
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        }),
        Match.objectLike({ ObjectSizeGreaterThan: '131072', Transitions: [Match.objectLike({ TransitionInDays: strict.auditLogSearchableRetention.toDays() })] }),
        { Id: 'remove-expired-delete-markers', Status: 'Enabled', ExpiredObjectDeleteMarker: true },
      ] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([
        Match.objectLike({
          Sid: 'TenantTrailsEncrypt',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Condition: { StringEquals: {
            'aws:SourceArn': list.map((t) => trailArn(t.identity.ipaCode, t.account)),
            'kms:EncryptionContext:aws:cloudtrail:arn': list.map((t) => trailArn(t.identity.ipaCode, t.account)),
          } },
        }),
        Match.objectLike({
          Sid: 'TenantLogDeliveryEncrypt',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': list.map((t) => t.account) },
            ArnLike: { 'aws:SourceArn': list.map((t) => `arn:aws:logs:eu-south-1:${t.account}:*`) },
          },
        }),
      ]) },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: 'AccessLogsBucket' },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Sid: 'ServerAccessLogsOfTheArchives',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Condition: { ArnLike: { 'aws:SourceArn': [bucketArn(NAME)] }, StringEquals: { 'aws:SourceAccount': AGG.account } },
      })]) },
    });
  });

  test('the vault admits exactly the backup tenants\' accounts to CopyIntoBackupVault and denies deletion', () => {
    const vault = template.findResources('AWS::Backup::BackupVault');
    expect(Object.keys(vault)).toEqual(['OffsiteVault']);
    const props = vault.OffsiteVault.Properties;
    expect(props.BackupVaultName).toBe('pa-r-esempio-offsite');
    const stmts = props.AccessPolicy.Statement as Statement[];
    const copy = stmts.filter((s) => asList(s.Action).includes('backup:CopyIntoBackupVault'));
    expect(copy).toEqual([{
      Sid: 'TenantsCopyIn', Effect: 'Allow', Action: 'backup:CopyIntoBackupVault', Resource: '*',
      Principal: { AWS: list.slice(1).map((t) => `arn:aws:iam::${t.account}:root`) },
    }]);
    expect(JSON.stringify(stmts)).not.toContain(list[0].account);
    expect(stmts).toContainEqual(expect.objectContaining({
      Effect: 'Deny', Principal: { AWS: '*' }, Action: expect.arrayContaining(['backup:DeleteRecoveryPoint']),
    }));
    // Compliance mode (critico and strategico), minimum retention = the shortest daily retention.
    const minDays = Math.min(...list.slice(1).map((t) => t.policy.settings.backupDailyRetention.toDays()));
    expect(props.LockConfiguration).toEqual({ ChangeableForDays: 3, MinRetentionDays: minDays });
    expect(props.EncryptionKeyArn).toEqual({ 'Fn::GetAtt': ['OffsiteVaultKey', 'Arn'] });
    expect(stack.offsiteVaultArn).toBe('arn:aws:backup:eu-south-1:111111111111:backup-vault:pa-r-esempio-offsite');
    expect(AggregatorCentralAwsStack.offsiteVaultArn(AGG, REGION)).toBe(stack.offsiteVaultArn);
    template.hasOutput('OffsiteVaultArn', { Value: stack.offsiteVaultArn });
  });

  test('stateful resources are retained, with pinned logical IDs', () => {
    for (const [type, id] of [
      ['AWS::S3::Bucket', 'ArchiveBucket0'], ['AWS::S3::Bucket', 'AccessLogsBucket'], ['AWS::KMS::Key', 'ArchiveKey0'],
      ['AWS::Backup::BackupVault', 'OffsiteVault'], ['AWS::KMS::Key', 'OffsiteVaultKey'],
    ]) {
      const found = template.findResources(type);
      expect(found[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  test('the stack is in the aggregator account and tagged with the aggregator, classified as its strictest tenant', () => {
    expect(stack.account).toBe(AGG.account);
    expect(stack.region).toBe(REGION);
    expect(stack.identity.classification).toBe(DataClassification.STRATEGICO);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: NAME,
      Tags: [
        { Key: 'acn:qualification', Value: 'QC3' },
        { Key: 'pa:classification', Value: 'strategico' },
        { Key: 'pa:incident-contact', Value: AGG.incidentContact },
        { Key: 'pa:ipa-code', Value: 'r_esempio' },
        { Key: 'pa:owner', Value: AGG.owner },
      ],
    });
  });
});

describe('an archive of ordinario tenants only', () => {
  test('locks in governance mode for the ordinario retention', () => {
    const template = Template.fromStack(central({ archiveTenants: tenants(2) }));
    const s = policyOf(DataClassification.ORDINARIO).settings;
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: s.auditLogSearchableRetention.toDays() } } },
    });
    template.resourceCountIs('AWS::Backup::BackupVault', 0);
  });

  test('an override lengthening one tenant\'s archive retention lengthens the bucket\'s', () => {
    const long = { ...tenant(1), policy: CompliancePolicy.forClassification(DataClassification.ORDINARIO, { overrides: [{ setting: 'auditLogArchiveRetention', value: '5 years' }] }) };
    const template = Template.fromStack(central({ archiveTenants: [tenant(0), long] }));
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 5 * 365 })]) },
    });
  });

  test('a vault for ordinario tenants only is locked in governance mode', () => {
    const template = Template.fromStack(central({ backupTenants: tenants(2) }));
    const days = policyOf(DataClassification.ORDINARIO).settings.backupDailyRetention.toDays();
    template.hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { MinRetentionDays: days } });
    template.resourceCountIs('AWS::S3::Bucket', 0);
  });
});

describe('sharding', () => {
  test(`K = ${K} tenants fit in one bucket; the next one opens a second bucket`, () => {
    const atK = central({ archiveTenants: tenants(K) });
    expect(atK.logging!.bucketNames).toEqual(['pa-r-esempio-logs-0-111111111111-eu-south-1']);
    const plus = central({ archiveTenants: tenants(K + 1) });
    expect(plus.logging!.bucketNames).toEqual(['pa-r-esempio-logs-0-111111111111-eu-south-1', 'pa-r-esempio-logs-1-111111111111-eu-south-1']);
    const last = tenants(K + 1)[K];
    expect(plus.archiveBucketNameFor(last.identity.ipaCode)).toBe('pa-r-esempio-logs-1-111111111111-eu-south-1');
    expect(plus.archiveBucketNameFor(tenants(1)[0].identity.ipaCode)).toBe('pa-r-esempio-logs-0-111111111111-eu-south-1');
    const template = Template.fromStack(plus);
    const second = bucketPolicyOf(template, 'ArchiveBucket1');
    expect(second.filter((s) => asList(s.Action).includes('s3:PutObject')).map((s) => s.Sid)).toEqual([`Tenant${K}Trail`, `Tenant${K}FlowLogs`]);
    expect(admits(second, trailPut(plus.logging!.bucketNames[1], last.identity.ipaCode, last.account))).toBe(true);
    // The first bucket no longer admits the K+1-th tenant.
    expect(admits(bucketPolicyOf(template, 'ArchiveBucket0'), trailPut(plus.logging!.bucketNames[0], last.identity.ipaCode, last.account))).toBe(false);
    expect(Object.keys(template.findResources('AWS::KMS::Key'))).toEqual(['ArchiveKey0', 'ArchiveKey1']);
  });

  test('appending tenants never moves an existing tenant to another bucket', () => {
    const before = central({ archiveTenants: tenants(2 * K + 3) });
    const after = central({ archiveTenants: tenants(3 * K + 1) });
    for (const t of tenants(2 * K + 3)) {
      expect(after.archiveBucketNameFor(t.identity.ipaCode)).toBe(before.archiveBucketNameFor(t.identity.ipaCode));
    }
    tenants(3 * K + 1).forEach((t, i) => {
      expect(after.archiveBucketNameFor(t.identity.ipaCode)).toBe(AggregatorCentralAwsStack.archiveBucketName(AGG, REGION, i));
      expect(after.archiveBucketNameFor(t.identity.ipaCode)).toBe(`pa-r-esempio-logs-${Math.floor(i / K)}-111111111111-eu-south-1`);
    });
  });
});

describe('policy sizes', () => {
  /** The worst case: 30-character codes and aggregator code, the longest region name (a 61-character bucket name). */
  function worst(n: number): AggregatorCentralAwsStack {
    const agg = { ...AGG, ipaCode: 'r_esempio_aggregatore_regional' };
    const list = Array.from({ length: n }, (_, i) => ({
      ...tenant(i, DataClassification.ORDINARIO, `c_${String(i).padStart(4, '0')}_${'x'.repeat(23)}`),
    })).map((t) => ({ ...t, identity: TenantIdentity.of({ ...t.identity, aggregator: { ipaCode: agg.ipaCode, name: agg.name } }) }));
    return new AggregatorCentralAwsStack(new App(), 'Worst', { aggregator: agg, region: 'eusc-de-east-1', archiveTenants: list, backupTenants: list });
  }

  test.each([100, 250])('%i tenants: every bucket policy stays under 20 KB, as synthesized', (n) => {
    const stack = worst(n);
    const sizes = stack.logging!.policySizes();
    expect(sizes).toHaveLength(Math.ceil(n / K));
    for (const size of sizes) expect(size).toBeLessThan(BUCKET_POLICY_MAX_BYTES);
    // The full bucket holds K tenants and stays under 75% of the limit.
    expect(Math.max(...sizes)).toBeLessThan(0.75 * BUCKET_POLICY_MAX_BYTES);
    const template = Template.fromStack(stack);
    sizes.forEach((size, shard) => {
      const doc = Object.values(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: `ArchiveBucket${shard}` } } }))[0].Properties.PolicyDocument;
      expect(Buffer.byteLength(JSON.stringify(doc))).toBe(size);
    });
    expect(stack.logging!.bucketNames.every((name) => name.length <= 63 && /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name))).toBe(true);
    expect(stack.logging!.bucketNames[0]).toMatch(/^pa-r-esempio-aggregat-[0-9a-f]{4}-logs-0-111111111111-eusc-de-east-1$/);
  });
});

describe('bucket names', () => {
  test('long aggregator codes are cut with a hash, deterministically, and stay distinct', () => {
    const a = AggregatorCentralAwsStack.archiveBucketName({ ipaCode: 'consorzio_informatico_regione1', account: '111111111111' }, 'eu-central-1', 0);
    const b = AggregatorCentralAwsStack.archiveBucketName({ ipaCode: 'consorzio_informatico_regione2', account: '111111111111' }, 'eu-central-1', 0);
    expect(a).toMatch(/^pa-consorzio-informat-[0-9a-f]{4}-logs-0-111111111111-eu-central-1$/);
    expect(a).not.toBe(b);
    expect(AggregatorCentralAwsStack.archiveBucketName({ ipaCode: 'consorzio_informatico_regione1', account: '111111111111' }, 'eu-central-1', 0)).toBe(a);
    expect(a.length).toBeLessThanOrEqual(63);
  });

  test('a tenant index outside the archive is refused', () => {
    expect(() => AggregatorCentralAwsStack.archiveBucketName(AGG, REGION, -1)).toThrow(/tenantIndex: must be a whole number from 0 to 1599, got -1/);
    expect(() => AggregatorCentralAwsStack.archiveBucketName(AGG, REGION, K * MAX_ARCHIVE_BUCKETS)).toThrow(/tenantIndex: must be a whole number/);
  });
});

describe('from the landing zones file', () => {
  // The AWS part of examples/aggregator/landing-zones.yaml.
  const SAMPLE = [
    'aggregator:', '  ipaCode: r_esempio', '  name: Societa in-house Regione Esempio', '  incidentContact: soc@inhouse.example.it', '  account: "111111111111"',
    `  keys: { archiveKmsKeyArn: "${ARCHIVE_KEY}", vaultKmsKeyArn: "${VAULT_KEY}" }`,
    'defaults:', '  provider: aws', '  region: eu-south-1', '  qualification: QC2', '  networkPool: 10.0.0.0/8',
    'tenants:',
    '  - ipaCode: c_a001', '    name: Comune di Esempio', '    classification: ordinario', '    owner: Servizi informativi',
    '    incidentContact: cert@comune.esempio.it', '    account: "210987654321"',
    '  - ipaCode: asl_esempio', '    name: Azienda Sanitaria Locale Esempio', '    classification: critico', '    owner: UOC Sistemi informativi',
    '    incidentContact: sicurezza@asl.esempio.it', '    account: "222222222222"', '    cidr: 10.20.0.0/16',
    '    keys: { kmsKeyArn: "arn:aws:kms:eu-south-1:222222222222:key/1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b" }',
    '  - ipaCode: r_esempio_sanita', '    name: Regione Esempio Direzione Sanita', '    classification: strategico', '    qualification: QC3',
    '    owner: Direzione Sanita', '    incidentContact: cert@sanita.regione.esempio.it', '    account: "333333333333"',
    '    keys: { kmsKeyArn: "arn:aws:kms:eu-south-1:333333333333:key/6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d" }',
    '    backupCopy: { account: "444444444444", vaultName: sanita-offsite }',
  ];
  test('the sample aggregator gets one stack in eu-south-1 whose vault is the one lib/config targets', () => {
    const config = parseConfig(`${SAMPLE.join('\n')}\n`);
    const stacks = AggregatorCentralAwsStack.fromConfig(new App(), config, { qualification: 'QC3', owner: 'Centro servizi', incidentContact: 'soc@inhouse.esempio.it' });
    expect(stacks.map((s) => s.region)).toEqual(['eu-south-1']);
    const [stack] = stacks;
    const aws = config.tenants.filter((t) => t.provider === CloudProvider.AWS);
    expect(aws.map((t) => stack.archiveBucketNameFor(t.identity.ipaCode))).toEqual(aws.map(() => 'pa-r-esempio-logs-0-111111111111-eu-south-1'));
    const asl = aws.find((t) => t.identity.ipaCode === 'asl_esempio')!;
    expect(asl.provider === CloudProvider.AWS && asl.backupCopy?.vaultArn).toBe(stack.offsiteVaultArn);
    const stmts = Template.fromStack(stack).findResources('AWS::Backup::BackupVault').OffsiteVault.Properties.AccessPolicy.Statement as Statement[];
    // r_esempio_sanita copies to its own recovery account, c_a001 (ordinario) makes no copy.
    expect(asList(stmts.find((s) => s.Sid === 'TenantsCopyIn')!.Principal.AWS)).toEqual(['arn:aws:iam::222222222222:root']);
    // The aggregator's own keys of the file: no key is created (ACN-KMS-02 for the strategico tenant).
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(stack.logging!.keys.map((k) => k.keyArn)).toEqual([ARCHIVE_KEY]);
    expect(stack.offsiteBackup!.key.keyArn).toBe(VAULT_KEY);
  });

  const base = [
    'aggregator:', '  ipaCode: r_esempio', '  name: Aggregatore', '  incidentContact: soc@agg.it', '  account: "111111111111"',
    `  keys: { archiveKmsKeyArn: "${ARCHIVE_KEY}", vaultKmsKeyArn: "${VAULT_KEY}" }`,
    'defaults:', '  provider: aws', '  region: eu-south-1', '  qualification: QC3',
    'tenants:',
    '  - ipaCode: c_a001', '    name: Comune A', '    classification: critico', '    owner: CED', '    incidentContact: a@a.it',
    '    account: "210000000001"', '    cidr: 10.1.0.0/16', '    acknowledgements: [{ control: ACN-KMS-02, reason: keys held by the regional HSM next year }]', '    backupCopy: { region: eu-south-1 }',
    '  - ipaCode: c_a002', '    name: Comune B', '    classification: ordinario', '    owner: CED', '    incidentContact: b@b.it',
    '    account: "210000000002"', '    cidr: 10.2.0.0/16', '    region: eu-central-1', '    backupCopy: { region: eu-west-1 }',
  ];
  test('tenants in or copying to several regions get one stack per region', () => {
    const config = parseConfig(`${base.join('\n')}\n`);
    const stacks = AggregatorCentralAwsStack.fromConfig(new App(), config, { qualification: 'QC3', owner: 'CED', incidentContact: 'soc@agg.it', idPrefix: 'Central' });
    expect(stacks.map((s) => [s.node.id, s.logging?.bucketNames.length ?? 0, s.offsiteBackup ? s.offsiteBackup.vaultArn : undefined])).toEqual([
      ['Central-eu-south-1', 1, 'arn:aws:backup:eu-south-1:111111111111:backup-vault:pa-r-esempio-offsite'],
      ['Central-eu-central-1', 1, undefined],
      ['Central-eu-west-1', 0, 'arn:aws:backup:eu-west-1:111111111111:backup-vault:pa-r-esempio-offsite'],
    ]);
    expect(stacks[0].identity.classification).toBe(DataClassification.CRITICO);
    expect(stacks[2].identity.classification).toBe(DataClassification.ORDINARIO);
    // KMS keys are regional: the aggregator's keys serve the stack of their region; the others
    // (ordinario tenants only, as lib/config checks) create their own.
    expect(stacks.map((s) => Object.keys(Template.fromStack(s).findResources('AWS::KMS::Key')))).toEqual([[], ['ArchiveKey0'], ['OffsiteVaultKey']]);
    for (const t of config.tenants) {
      if (t.provider === CloudProvider.AWS && t.backupCopy) {
        expect(stacks.find((s) => s.region === t.backupCopy!.region.name)!.offsiteVaultArn).toBe(t.backupCopy.vaultArn);
      }
    }
  });

  test('without props, the owner and incident contact come from the file and the qualification is the highest of the tenants', () => {
    const [first] = AggregatorCentralAwsStack.fromConfig(new App(), parseConfig(`${base.join('\n')}\n`));
    expect(first.identity.tags()).toMatchObject({ 'pa:owner': 'Aggregatore', 'pa:incident-contact': 'soc@agg.it', 'acn:qualification': 'QC3' });
  });

  test('a file without an aggregator, without its account or without AWS tenants is refused', () => {
    const props = { qualification: 'QC3', owner: 'CED', incidentContact: 'soc@agg.it' };
    const noAggregator = parseConfig(`${base.slice(6).join('\n').replace(/backupCopy: \{ region: (eu-south-1|eu-west-1) \}/g, 'backupCopy: { account: "333333333333" }')}\n`);
    expect(() => AggregatorCentralAwsStack.fromConfig(new App(), noAggregator, props)).toThrow(/^aggregator: the landing zones file must have an aggregator section/);
    const noAccount = parseConfig(`${[...base.slice(0, 4), ...base.slice(6)].join('\n').replace(/backupCopy: \{ region: (eu-south-1|eu-west-1) \}/g, 'backupCopy: { account: "333333333333" }')}\n`);
    expect(() => AggregatorCentralAwsStack.fromConfig(new App(), noAccount, props)).toThrow(/^aggregator\.account: must be set: the central services live in the aggregator's account/);
    const full = parseConfig(`${base.join('\n')}\n`);
    const openstackOnly = { ...full, tenants: full.tenants.filter((t) => t.provider !== CloudProvider.AWS) };
    expect(() => AggregatorCentralAwsStack.fromConfig(new App(), openstackOnly, props)).toThrow(/^tenants: must include at least one AWS tenant/);
  });
});

describe('the aggregator\'s own keys (ACN-KMS-02)', () => {
  // 17 archive tenants (two buckets), one strategico; three of them copy to the vault.
  const list = [...tenants(K), tenant(K, DataClassification.STRATEGICO)];
  let stack: AggregatorCentralAwsStack;
  let template: Template;
  beforeAll(() => {
    stack = central({ archiveTenants: list, backupTenants: list.slice(K - 2), existingArchiveKeyArn: ARCHIVE_KEY, existingVaultKeyArn: VAULT_KEY });
    template = Template.fromStack(stack);
  });

  test('no key is created; every archive bucket and the vault use the given keys', () => {
    template.resourceCountIs('AWS::KMS::Key', 0);
    for (const bucket of ['ArchiveBucket0', 'ArchiveBucket1']) {
      expect(template.findResources('AWS::S3::Bucket')[bucket].Properties.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{
        BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: ARCHIVE_KEY },
      }] });
    }
    expect(template.findResources('AWS::Backup::BackupVault').OffsiteVault.Properties.EncryptionKeyArn).toBe(VAULT_KEY);
    expect(stack.logging!.keys.map((k) => k.keyArn)).toEqual([ARCHIVE_KEY, ARCHIVE_KEY]);
  });

  test('the logical IDs of the stateful resources are unchanged', () => {
    expect(Object.keys(template.findResources('AWS::S3::Bucket'))).toEqual(['AccessLogsBucket', 'ArchiveBucket0', 'ArchiveBucket1']);
    expect(Object.keys(template.findResources('AWS::Backup::BackupVault'))).toEqual(['OffsiteVault']);
  });

  test('info annotations give the grants the keys\' owner must add', () => {
    const infos = (path: string) => Annotations.fromStack(stack).findInfo(path, Match.stringLikeRegexp('ACN-KMS-02')).map((m) => String(m.entry.data));
    const [archive] = infos('/Central/Logging');
    const archiveGrants = JSON.parse(archive.slice(archive.indexOf('must grant ') + 'must grant '.length)) as Statement[];
    expect(archive).toContain(`the archive buckets and the tenants' trails use the existing key ${ARCHIVE_KEY}, whose policy this stack cannot edit`);
    expect(archiveGrants.map((g) => [g.Sid, g.Principal.Service])).toEqual([
      ['TenantTrailsEncrypt', 'cloudtrail.amazonaws.com'], ['TenantTrailsDescribeKey', 'cloudtrail.amazonaws.com'], ['TenantLogDeliveryEncrypt', 'delivery.logs.amazonaws.com'],
    ]);
    // Exactly the tenants' trails, by ARN and encryption context, not every trail of their accounts.
    const trails = list.map((t) => trailArn(t.identity.ipaCode, t.account));
    expect(archiveGrants[0].Condition).toEqual({ StringEquals: { 'aws:SourceArn': trails, 'kms:EncryptionContext:aws:cloudtrail:arn': trails } });
    expect(archiveGrants[1].Condition).toEqual({ StringEquals: { 'aws:SourceArn': trails } });
    expect(archiveGrants[2].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': list.map((t) => t.account) },
      ArnLike: { 'aws:SourceArn': list.map((t) => `arn:aws:logs:eu-south-1:${t.account}:*`) },
    });
    const [vault] = infos('/Central/OffsiteBackup');
    expect(vault).toContain(`the vault uses the existing key ${VAULT_KEY}, whose policy this stack cannot edit`);
    expect(JSON.parse(vault.slice(vault.indexOf('must grant ') + 'must grant '.length))).toEqual({
      Sid: 'AwsBackupOfTheAggregator', Effect: 'Allow', Resource: '*',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:CreateGrant'],
      Condition: { StringEquals: { 'kms:ViaService': 'backup.eu-south-1.amazonaws.com' } },
    });
  });

  test('without them, the keys are created and no annotation asks for grants', () => {
    const own = central({ archiveTenants: list.slice(0, 2), backupTenants: list.slice(0, 2) });
    expect(Object.keys(Template.fromStack(own).findResources('AWS::KMS::Key'))).toEqual(['ArchiveKey0', 'OffsiteVaultKey']);
    expect(Annotations.fromStack(own).findInfo('*', Match.stringLikeRegexp('ACN-KMS-02'))).toEqual([]);
  });
});

describe('bad input', () => {
  const ok = tenants(2);
  test.each<[string, Partial<AggregatorCentralAwsStackProps>, RegExp]>([
    ['aggregator account', { aggregator: { ...AGG, account: '1234' } }, /^aggregator\.account: must be a 12-digit AWS account ID, e.g. "111111111111", got "1234"$/],
    ['region', { region: 'eu-nowhere-1', archiveTenants: ok }, /^region: must be a known AWS region \(.*\), got "eu-nowhere-1"$/],
    ['no tenant list', {}, /^archiveTenants: at least one of archiveTenants and backupTenants must list a tenant, got nothing$/],
    ['empty archive list', { archiveTenants: [] }, /^archiveTenants: must list at least one tenant, got \[\]$/],
    ['empty backup list', { backupTenants: [] }, /^backupTenants: must list at least one tenant, got \[\]$/],
    ['identity', { archiveTenants: [{ ...ok[0], identity: { ipaCode: 'c_x' } as unknown as TenantIdentity }] },
      /^archiveTenants\[0\]\.identity: must be a TenantIdentity/],
    ['policy of another class', { archiveTenants: [{ ...ok[0], policy: policyOf(DataClassification.CRITICO) }] },
      /^archiveTenants\[0\]\.policy: must be the compliance policy of c_t0000's classification "ordinario".*, got "critico"$/],
    ['tenant of another aggregator', {
      archiveTenants: [{ ...ok[0], identity: TenantIdentity.of({ ...ok[0].identity, aggregator: { ipaCode: 'r_altro', name: 'Altro' } }) }],
    }, /^archiveTenants\[0\]\.identity\.aggregator: must be the aggregator "r_esempio" whose central services receive c_t0000's data, got "r_altro"$/],
    ['tenant without aggregator', {
      backupTenants: [{ ...ok[0], identity: TenantIdentity.of({ ...ok[0].identity, aggregator: undefined }) }],
    }, /^backupTenants\[0\]\.identity\.aggregator: must be the aggregator "r_esempio".*, got nothing$/],
    ['duplicate codice IPA', { archiveTenants: [ok[0], { ...ok[1], identity: ok[0].identity }] },
      /^archiveTenants\[1\]\.identity\.ipaCode: must be unique: archiveTenants\[0\] has the same codice IPA, got "c_t0000"$/],
    ['region not allowed for a critico tenant', { region: 'eu-central-1', archiveTenants: [tenant(0, DataClassification.CRITICO)] },
      /^archiveTenants\[0\]\.policy: the central log archive of c_t0000 of a critico tenant must stay in a region in Italy; eu-central-1 is in DE.*\[ACN-LOC-01\]$/],
    ['tenant account', { archiveTenants: [{ ...ok[0], account: 'abc' }] }, /^archiveTenants\[0\]\.account: must be a 12-digit AWS account ID.*, got "abc"$/],
    ['tenant in the aggregator account (archive)', { archiveTenants: [{ ...ok[0], account: AGG.account }] },
      /^archiveTenants\[0\]\.account: must be the tenant's own account, not the aggregator's account 111111111111, got "111111111111"$/],
    ['tenant in the aggregator account (vault)', { backupTenants: [{ ...ok[0], account: AGG.account }] },
      /^backupTenants\[0\]\.account: .*a copy in the same account is not off-site, got "111111111111" \[ACN-BCK-04\]$/],
    ['qualification below a tenant\'s minimum', { aggregator: { ...AGG, qualification: 'QC1' }, archiveTenants: [tenant(0, DataClassification.STRATEGICO)] },
      /^aggregator\.qualification: a strategico tenant needs services qualified QC3 or higher.*\[ACN-QUAL-01\]$/],
    ['aggregator identity', { aggregator: { ...AGG, incidentContact: 'not-an-email' }, archiveTenants: ok },
      /^aggregator\.incidentContact: must be an e-mail address/],
    ['aggregator codice IPA', { aggregator: { ...AGG, ipaCode: '1bad' }, archiveTenants: ok }, /^aggregator\.ipaCode: must be a codice IPA/],
    ['archive key that is no KMS key ARN', { archiveTenants: ok, existingArchiveKeyArn: 'alias/pa/archive' },
      /^existingArchiveKeyArn: must be a KMS key ARN, e\.g\. "arn:aws:kms:eu-south-1:123456789012:key\/1234abcd-12ab-34cd-56ef-1234567890ab", got "alias\/pa\/archive"$/],
    ['archive key in another region', { archiveTenants: ok, existingArchiveKeyArn: ARCHIVE_KEY.replace('eu-south-1', 'eu-central-1') },
      /^existingArchiveKeyArn: must be a key in the stack's region eu-south-1 \(KMS keys are regional\), not in eu-central-1, got "arn:aws:kms:eu-central-1:/],
    ['vault key of another account', { backupTenants: ok, existingVaultKeyArn: VAULT_KEY.replace('111111111111', '222222222222') },
      /^existingVaultKeyArn: must be a key of the aggregator's account 111111111111, got "arn:aws:kms:eu-south-1:222222222222:/],
    ['vault key of another partition', { backupTenants: ok, existingVaultKeyArn: VAULT_KEY.replace('arn:aws:', 'arn:aws-eusc:') },
      /^existingVaultKeyArn: must use the partition of eu-south-1: arn:aws:kms:\.\.\., got "arn:aws-eusc:kms:/],
    ['archive key without archive tenants', { backupTenants: ok, existingArchiveKeyArn: ARCHIVE_KEY },
      /^existingArchiveKeyArn: needs archiveTenants: without them the stack has nothing to encrypt with it, got "arn:aws:kms:eu-south-1:111111111111:key\/4e5f/],
    ['vault key without backup tenants', { archiveTenants: ok, existingVaultKeyArn: VAULT_KEY },
      /^existingVaultKeyArn: needs backupTenants: without them the stack has nothing to encrypt with it, got "arn:aws:kms:eu-south-1:111111111111:key\/5f60/],
  ])('%s', (_name, props, message) => {
    expect(() => central(props)).toThrow(message);
  });

  test('too many tenants for one stack', () => {
    const identity = ok[0].identity;
    const many = Array.from({ length: K * MAX_ARCHIVE_BUCKETS + 1 }, (_, i) => ({
      identity: TenantIdentity.of({ ...identity, ipaCode: `c_m${i}` }), policy: ok[0].policy, account: String(300000000000 + i),
    }));
    expect(() => central({ archiveTenants: many })).toThrow(/^archiveTenants: must hold at most 1600 tenants \(100 buckets of 16\): split them across stacks, got "1601 tenants"$/);
  });

  test('the constructs need a stack with a concrete account and region', () => {
    const stack = new Stack(new App(), 'NoEnv');
    expect(() => new AggregatorCentralLogging(stack, 'L', { aggregator: AGG, tenants: ok })).toThrow(/^env: the stack of the central services needs a concrete account and region/);
    expect(() => new AggregatorBackupVault(stack, 'V', { aggregator: AGG, tenants: ok })).toThrow(/^env: /);
  });

  test('asking for a tenant that is not there, or for a vault or archive the stack does not have', () => {
    const onlyArchive = central({ archiveTenants: ok });
    expect(() => onlyArchive.archiveBucketNameFor('c_nessuno')).toThrow(/^ipaCode: must be a tenant of the central archive \(c_t0000, c_t0001\), got "c_nessuno"$/);
    expect(() => onlyArchive.offsiteVaultArn).toThrow(/^backupTenants: the stack has no off-site vault \(no backupTenants\)/);
    const onlyVault = central({ backupTenants: ok });
    expect(() => onlyVault.archiveBucketNameFor('c_t0000')).toThrow(/^ipaCode: the stack has no central archive \(no archiveTenants\), got "c_t0000"$/);
  });
});

import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LandingZoneLogging, LandingZoneLoggingProps } from '../../lib/aws/logging';
import { CompliancePolicy, DataClassification, PolicyOverride, TenantIdentity } from '../../lib/core';

const ENV = { account: '111111111111', region: 'eu-south-1' };

function tenantOf(classification: DataClassification): TenantIdentity {
  return TenantIdentity.of({
    ipaCode: 'c_h501',
    name: 'Comune di Esempio',
    classification,
    qualification: 'QC3',
    owner: 'Servizio ICT',
    incidentContact: 'cert@comune.example.it',
  });
}

type Extra = Partial<Omit<LandingZoneLoggingProps, 'encryptionKey' | 'existingArchiveBucket' | 'existingArchiveKey'>> & {
  readonly existingArchiveBucket?: (stack: Stack) => s3.IBucket;
  readonly existingArchiveKey?: (stack: Stack) => kms.IKey;
  readonly encryptionKey?: (stack: Stack) => kms.IKey;
};

function build(classification: DataClassification, extra: Extra = {}, overrides: PolicyOverride[] = []) {
  const stack = new Stack(new App(), 'Tenant', { env: ENV });
  const logging = new LandingZoneLogging(stack, 'Logging', {
    tenant: tenantOf(classification),
    policy: CompliancePolicy.forClassification(classification, { overrides }),
    archivePrefix: extra.archivePrefix,
    existingArchiveBucket: extra.existingArchiveBucket?.(stack),
    existingArchiveKey: extra.existingArchiveKey?.(stack),
    encryptionKey: extra.encryptionKey?.(stack),
  });
  return { stack, logging };
}

function synth(classification: DataClassification, extra: Extra = {}, overrides: PolicyOverride[] = []) {
  const built = build(classification, extra, overrides);
  return { ...built, template: Template.fromStack(built.stack) };
}

interface ClassExpectation {
  readonly classification: DataClassification;
  readonly lockMode: 'GOVERNANCE' | 'COMPLIANCE';
  /** Searchable retention in days (a month is 30 days in the core). */
  readonly lockDays: number;
  readonly archiveDays: number;
  readonly logGroupDays: number;
}

const CLASSES: ClassExpectation[] = [
  { classification: DataClassification.ORDINARIO, lockMode: 'GOVERNANCE', lockDays: 360, archiveDays: 720, logGroupDays: 365 },
  { classification: DataClassification.CRITICO, lockMode: 'COMPLIANCE', lockDays: 720, archiveDays: 1080, logGroupDays: 731 },
  { classification: DataClassification.STRATEGICO, lockMode: 'COMPLIANCE', lockDays: 720, archiveDays: 1080, logGroupDays: 731 },
];

const built = new Map<DataClassification, ReturnType<typeof synth>>();
beforeAll(() => {
  for (const c of CLASSES) built.set(c.classification, synth(c.classification));
});

/** The statements of the policy attached to a bucket. */
function bucketStatements(template: Template, stack: Stack, bucket: s3.IBucket): Array<Record<string, any>> {
  const ref = stack.resolve(bucket.bucketName);
  const policies = Object.values(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: ref } }));
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement;
}

const TLS_ONLY = expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });

describe.each(CLASSES)('LandingZoneLogging defaults for $classification', ({ classification, lockMode, lockDays, archiveDays, logGroupDays }) => {
  const get = () => built.get(classification)!;

  test(`archive: KMS, versioned, object lock ${lockMode} for ${lockDays} days, public access blocked, access logs`, () => {
    const { template, stack, logging } = get();
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: Match.absent(),
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: stack.resolve(logging.key.keyArn) },
        }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: lockMode, Days: lockDays } } },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: stack.resolve(logging.accessLogsBucket!.bucketName), LogFilePrefix: 'archive/' },
    });
  });

  test(`archive lifecycle: objects over 128 KB to DEEP_ARCHIVE after ${lockDays} days, every version gone a day after ${archiveDays} days, delete markers removed`, () => {
    get().template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      LifecycleConfiguration: {
        Rules: [
          { Id: 'expire-after-archive-retention', Status: 'Enabled', ExpirationInDays: archiveDays, NoncurrentVersionExpiration: { NoncurrentDays: 1 } },
          { Id: 'archive-large-objects', Status: 'Enabled', ObjectSizeGreaterThan: '131072', Transitions: [{ StorageClass: 'DEEP_ARCHIVE', TransitionInDays: lockDays }] },
          { Id: 'remove-expired-delete-markers', Status: 'Enabled', ExpiredObjectDeleteMarker: true },
        ],
      },
    });
  });

  test('both buckets deny non-TLS access; the trail may write to the archive', () => {
    const { template, stack, logging } = get();
    const archive = bucketStatements(template, stack, logging.archiveBucket);
    expect(archive).toContainEqual(TLS_ONLY);
    expect(archive).toContainEqual(expect.objectContaining({
      Effect: 'Allow', Action: 's3:PutObject', Principal: { Service: 'cloudtrail.amazonaws.com' },
    }));
    expect(bucketStatements(template, stack, logging.accessLogsBucket!)).toContainEqual(TLS_ONLY);
  });

  test('access logs bucket: SSE-S3, versioned, public access blocked, S3 logging granted by policy', () => {
    const { template, stack, logging } = get();
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LifecycleConfiguration: { Rules: [
        { Id: 'expire-after-archive-retention', Status: 'Enabled', ExpirationInDays: archiveDays, NoncurrentVersionExpiration: { NoncurrentDays: 1 } },
        { Id: 'remove-expired-delete-markers', Status: 'Enabled', ExpiredObjectDeleteMarker: true },
      ] },
    });
    expect(bucketStatements(template, stack, logging.accessLogsBucket!)).toContainEqual(expect.objectContaining({
      Effect: 'Allow', Action: 's3:PutObject', Principal: { Service: 'logging.s3.amazonaws.com' },
    }));
  });

  test('the key rotates and lets CloudTrail (its trail only), CloudWatch Logs, log delivery and alert publishers of the account use it', () => {
    const { template } = get();
    const trail = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:eu-south-1:111111111111:trail/pa-c-h501-audit']] };
    const arnOf = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudTrailEncryptLogs',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 'kms:GenerateDataKey*',
            Condition: { StringEquals: { 'aws:SourceArn': trail, 'kms:EncryptionContext:aws:cloudtrail:arn': trail } },
          }),
          Match.objectLike({ Sid: 'CloudTrailDescribeKey', Condition: { StringEquals: { 'aws:SourceArn': trail } } }),
          Match.objectLike({ Sid: 'CloudWatchLogsEncryptLogGroups', Principal: { Service: 'logs.eu-south-1.amazonaws.com' } }),
          Match.objectLike({ Sid: 'LogDeliveryEncryptFlowLogs', Principal: { Service: 'delivery.logs.amazonaws.com' } }),
          Match.objectLike({
            Sid: 'CloudWatchAlarmsUseKey',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnLike: { 'aws:SourceArn': arnOf(':cloudwatch:eu-south-1:111111111111:alarm:*') } },
          }),
          Match.objectLike({
            Sid: 'EventBridgeUseKey',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnLike: { 'aws:SourceArn': arnOf(':events:eu-south-1:111111111111:rule/*') } },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/pa/c-h501/logs' });
  });

  test('multi-region trail with global events, log file validation, KMS, to the archive and the log group', () => {
    const { template, stack, logging } = get();
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      IsLogging: true,
      KMSKeyId: stack.resolve(logging.key.keyArn),
      S3BucketName: stack.resolve(logging.archiveBucket.bucketName),
      S3KeyPrefix: Match.absent(),
      CloudWatchLogsLogGroupArn: stack.resolve(logging.trailLogGroup.logGroupArn),
      EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'All' }],
    });
  });

  test(`log group kept ${logGroupDays} days (searchable retention rounded up), encrypted with the key`, () => {
    const { template, stack, logging } = get();
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: logGroupDays, KmsKeyId: stack.resolve(logging.key.keyArn) });
  });

  test('five security alarms publish to the alert topic', () => {
    const { template, stack, logging } = get();
    const topic = stack.resolve(logging.alertTopic.topicArn);
    const expected: Array<[string, RegExp]> = [
      ['RootAccountUse', /\$\.userIdentity\.type = "Root"/],
      ['IamPolicyChange', /iam\.amazonaws\.com.*\$\.eventName = PutRolePolicy/],
      ['ConsoleLoginFailure', /\$\.eventName = ConsoleLogin.*Failed authentication/],
      ['TrailChange', /\$\.eventName = StopLogging.*\$\.eventName = DeleteTrail.*\$\.eventName = UpdateTrail/],
      ['KmsKeyDeletion', /kms\.amazonaws\.com.*\$\.eventName = DisableKey.*\$\.eventName = ScheduleKeyDeletion/],
    ];
    for (const [metric, pattern] of expected) {
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        LogGroupName: stack.resolve(logging.trailLogGroup.logGroupName),
        FilterPattern: Match.stringLikeRegexp(pattern.source),
        MetricTransformations: [{ MetricName: metric, MetricNamespace: 'PaCloudKit/c_h501', MetricValue: '1' }],
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metric,
        Namespace: 'PaCloudKit/c_h501',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [topic],
        AlarmDescription: Match.stringLikeRegexp('^\\[ABSC-LOG-02\\]'),
      });
    }
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
  });

  test('the alert topic is encrypted, TLS-only and mails the incident contact', () => {
    const { template, stack, logging } = get();
    const topic = stack.resolve(logging.alertTopic.topicArn);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: stack.resolve(logging.key.keyArn) });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'cert@comune.example.it', TopicArn: topic });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topic],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});

describe('stateful resources', () => {
  test('logical IDs are pinned and every stateful resource is retained', () => {
    const { template } = built.get(DataClassification.CRITICO)!;
    const pinned: Array<[string, string]> = [
      ['LoggingArchiveBucketEAC60CAC', 'AWS::S3::Bucket'],
      ['LoggingAccessLogsBucketA8605233', 'AWS::S3::Bucket'],
      ['LoggingKeyA95093AC', 'AWS::KMS::Key'],
      ['LoggingTrailD02A851D', 'AWS::CloudTrail::Trail'],
      ['LoggingTrailLogGroup15927475', 'AWS::Logs::LogGroup'],
    ];
    const resources = template.toJSON().Resources;
    for (const [logicalId, type] of pinned) {
      expect(resources[logicalId]).toMatchObject({ Type: type, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });
});

describe('retention rounding and archive storage class', () => {
  test('18 months searchable → 545-day log group, and DEEP_ARCHIVE for the 180 days left', () => {
    const { template } = synth(DataClassification.ORDINARIO, {}, [{ setting: 'auditLogSearchableRetention', value: '18 months' }]);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 545 });
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 540 } } },
      LifecycleConfiguration: { Rules: [
        Match.objectLike({ ExpirationInDays: 720 }),
        Match.objectLike({ Transitions: [{ StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 540 }] }),
        Match.objectLike({ ExpiredObjectDeleteMarker: true }),
      ] },
    });
  });

  test('20 months searchable leaves 120 days: GLACIER rather than DEEP_ARCHIVE', () => {
    const { template } = synth(DataClassification.ORDINARIO, {}, [{ setting: 'auditLogSearchableRetention', value: '20 months' }]);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 600 }] })]) },
    });
  });

  test('archive as long as the searchable retention: no transition, expiry only', () => {
    const { template } = synth(DataClassification.ORDINARIO, {}, [{ setting: 'auditLogArchiveRetention', value: '12 months', reason: 'archive kept by the regional data centre' }]);
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      LifecycleConfiguration: { Rules: [
        Match.objectLike({ Transitions: Match.absent(), ExpirationInDays: 360 }),
        Match.objectLike({ Transitions: Match.absent(), ExpiredObjectDeleteMarker: true }),
      ] },
    });
  });
});

describe('aggregator: a central archive bucket', () => {
  const CENTRAL_KEY = 'arn:aws:kms:eu-south-1:999999999999:alias/pa/r-esempio/central-logs-0';
  const centralKey = (stack: Stack) => kms.Key.fromKeyArn(stack, 'CentralKey', CENTRAL_KEY);
  const central = (stack: Stack) => s3.Bucket.fromBucketAttributes(stack, 'Central', { bucketName: 'aggregator-central-archive', encryptionKey: centralKey(stack) });
  const centralNoKey = (stack: Stack) => s3.Bucket.fromBucketName(stack, 'Central', 'aggregator-central-archive');

  test('creates no bucket and writes the trail under "<ipa-code>"', () => {
    const { template, logging } = synth(DataClassification.CRITICO, { existingArchiveBucket: central });
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::S3::BucketPolicy', 0);
    expect(logging.accessLogsBucket).toBeUndefined();
    template.hasResourceProperties('AWS::CloudTrail::Trail', { S3BucketName: 'aggregator-central-archive', S3KeyPrefix: 'c_h501', TrailName: 'pa-c-h501-audit' });
  });

  test("the trail encrypts with the archive owner's key, not the tenant's logs key, which grants CloudTrail and log delivery nothing", () => {
    for (const extra of [{ existingArchiveBucket: central }, { existingArchiveBucket: centralNoKey, existingArchiveKey: centralKey }]) {
      const { template, stack, logging } = synth(DataClassification.CRITICO, extra);
      template.hasResourceProperties('AWS::CloudTrail::Trail', { KMSKeyId: CENTRAL_KEY });
      // The tenant's key still serves the log group and the alert topic.
      template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: stack.resolve(logging.key.keyArn) });
      const sids = (Object.values(template.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement as Array<{ Sid?: string }>).map((st) => st.Sid);
      expect(sids).toEqual([undefined, 'CloudWatchLogsEncryptLogGroups', 'CloudWatchAlarmsUseKey', 'EventBridgeUseKey']);
    }
  });

  test('without the archive key, or with a key but no central archive, it is refused', () => {
    expect(() => build(DataClassification.CRITICO, { existingArchiveBucket: centralNoKey }))
      .toThrow(/^logging\.existingArchiveKey: is required with existingArchiveBucket \(or give the bucket with its encryptionKey\): the trail encrypts the central archive's files with the archive owner's key.*, got nothing$/);
    expect(() => build(DataClassification.CRITICO, { existingArchiveKey: centralKey }))
      .toThrow(/^logging\.existingArchiveKey: is only for a central archive: give existingArchiveBucket too.*, got "arn:aws:kms:eu-south-1:999999999999:alias\/pa\/r-esempio\/central-logs-0"$/);
  });

  test('a custom archive prefix', () => {
    const { template } = synth(DataClassification.CRITICO, { existingArchiveBucket: central, archivePrefix: 'tenants/c_h501/' });
    template.hasResourceProperties('AWS::CloudTrail::Trail', { S3KeyPrefix: 'tenants/c_h501' });
  });
});

describe('the own archive with a custom prefix', () => {
  test('a prefix without a final "/": the trail writes <prefix>/AWSLogs/<account>/ and the bucket policy grants exactly that', () => {
    // CloudTrail puts the "/" between S3KeyPrefix and AWSLogs itself; the grant used to be
    // "<prefix>AWSLogs/..." (no "/"), which CloudTrail never writes. Both now come from core's awsLogsPrefix.
    const { template, stack, logging } = synth(DataClassification.ORDINARIO, { archivePrefix: 'trails' });
    template.hasResourceProperties('AWS::CloudTrail::Trail', { S3KeyPrefix: 'trails' });
    const put = bucketStatements(template, stack, logging.archiveBucket).find((st) => st.Action === 's3:PutObject');
    expect(JSON.stringify(put?.Resource)).toContain(`"/trails/AWSLogs/${ENV.account}/*"`);
  });

  test('the default: no prefix, AWSLogs/<account>/ at the root', () => {
    const { template, stack, logging } = built.get(DataClassification.ORDINARIO)!;
    const put = bucketStatements(template, stack, logging.archiveBucket).find((st) => st.Action === 's3:PutObject');
    expect(JSON.stringify(put?.Resource)).toContain(`"/AWSLogs/${ENV.account}/*"`);
  });
});

describe('a PA-held key', () => {
  test('is used everywhere, no key is created, and its required grants are noted', () => {
    const arn = 'arn:aws:kms:eu-south-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const { template, stack } = synth(DataClassification.STRATEGICO, { encryptionKey: (s) => kms.Key.fromKeyArn(s, 'PaKey', arn) });
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResourceProperties('AWS::CloudTrail::Trail', { KMSKeyId: arn });
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: arn });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: arn });
    Annotations.fromStack(stack).hasInfo('/Tenant/Logging', Match.stringLikeRegexp('logs key is imported.*CloudTrailEncryptLogs'));
  });
});

describe('LandingZoneLogging validation', () => {
  test('a bad archive prefix', () => {
    expect(() => build(DataClassification.ORDINARIO, { archivePrefix: '/c_h501/' }))
      .toThrow(/^logging\.archivePrefix: must be an S3 key prefix .*, got "\/c_h501\/"$/);
  });

  test('a policy of another class than the tenant', () => {
    const stack = new Stack(new App(), 'Tenant', { env: ENV });
    expect(() => new LandingZoneLogging(stack, 'Logging', {
      tenant: tenantOf(DataClassification.CRITICO),
      policy: CompliancePolicy.forClassification(DataClassification.ORDINARIO),
    })).toThrow(/^logging\.policy: must be the policy of the tenant's classification "critico", got "ordinario"$/);
  });
});

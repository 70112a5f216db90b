import { App, Stack, aws_ec2 as ec2, aws_kms as kms, aws_sns as sns } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { LandingZoneBackup, LandingZoneBackupProps, RESTORE_VALIDATION_WINDOW_HOURS } from '../../lib/aws/backup';
import {
  Acknowledgement,
  CompliancePolicy,
  DataClassification,
  PolicyOverride,
  TenantIdentity,
} from '../../lib/core';

const COPY_VAULT = 'arn:aws:backup:eu-south-1:333333333333:backup-vault:pa-copies';
const QUALIFICATION = { ordinario: 'QC1', critico: 'QC2', strategico: 'QC3' } as const;

function tenantOf(classification: DataClassification): TenantIdentity {
  return TenantIdentity.of({
    ipaCode: 'c_x000',
    name: 'Comune di Esempio',
    classification,
    qualification: QUALIFICATION[classification],
    owner: 'Servizio Sistemi Informativi',
    incidentContact: 'cert@comune.example.it',
  });
}

interface Build {
  readonly classification: DataClassification;
  readonly overrides?: PolicyOverride[];
  readonly acknowledgements?: Acknowledgement[];
  readonly env?: { account?: string; region?: string };
  readonly props?: Partial<LandingZoneBackupProps>;
  /** Give the restore tests an isolated subnet of a VPC in the stack. */
  readonly isolated?: boolean;
}

function build(options: Build): { stack: Stack; backup: LandingZoneBackup } {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: options.env ?? { account: '111111111111', region: 'eu-south-1' } });
  const policy = CompliancePolicy.forClassification(options.classification, {
    overrides: options.overrides,
    acknowledgements: options.acknowledgements,
  });
  const backup = new LandingZoneBackup(stack, 'Backup', {
    tenant: tenantOf(options.classification),
    policy,
    copyTarget: options.classification === DataClassification.ORDINARIO ? undefined : { vaultArn: COPY_VAULT },
    restoreTestIsolation: options.isolated ? isolationIn(stack) : undefined,
    ...options.props,
  });
  return { stack, backup };
}

function isolationIn(stack: Stack) {
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['eu-south-1a'],
    natGateways: 0,
    subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  return { vpc, subnet: vpc.isolatedSubnets[0] };
}

/** What each class must produce, from the regulatory baseline. */
const EXPECTED = {
  [DataClassification.ORDINARIO]: {
    lock: { MinRetentionDays: 35, ChangeableForDays: Match.absent() },
    frequentRule: { RuleName: 'Daily', ScheduleExpression: 'cron(0 1 * * ? *)', EnableContinuousBackup: Match.absent() },
    monthlyDeleteAfter: 360,
    restoreTests: 'cron(0 6 1 1,4,7,10 ? *)',
  },
  [DataClassification.CRITICO]: {
    lock: { MinRetentionDays: 35, ChangeableForDays: 3 },
    frequentRule: { RuleName: 'Daily', ScheduleExpression: 'cron(0 1 * * ? *)', EnableContinuousBackup: true },
    monthlyDeleteAfter: 720,
    restoreTests: 'cron(0 6 1 * ? *)',
  },
  [DataClassification.STRATEGICO]: {
    lock: { MinRetentionDays: 35, ChangeableForDays: 3 },
    frequentRule: { RuleName: 'Hourly', ScheduleExpression: 'cron(0 * * * ? *)', EnableContinuousBackup: true, StartWindowMinutes: 60 },
    monthlyDeleteAfter: 1080,
    restoreTests: 'cron(0 6 1 * ? *)',
  },
};

describe.each([DataClassification.ORDINARIO, DataClassification.CRITICO, DataClassification.STRATEGICO])('LandingZoneBackup for %s', (classification) => {
  let template: Template;
  const expected = EXPECTED[classification];
  const hasCopy = classification !== DataClassification.ORDINARIO;
  beforeAll(() => {
    template = Template.fromStack(build({ classification, isolated: true }).stack);
  });

  test('the vault lock follows the class (governance: no ChangeableForDays; compliance: 3-day grace time)', () => {
    template.hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: expected.lock });
  });

  test('the vault is encrypted with the new backup key, which rotates and is retained', () => {
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupKey'), 'Arn'] },
    });
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/pa/c-x000/backup' });
  });

  test('the vault is retained and its access policy denies deleting recovery points to everyone', () => {
    template.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: Match.arrayWith(['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle']),
        })]),
      },
    });
  });

  test('the frequent rule runs at the class frequency with the daily retention', () => {
    const copy = hasCopy ? [{ DestinationBackupVaultArn: COPY_VAULT, Lifecycle: { DeleteAfterDays: 35 } }] : Match.absent();
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'pa-c-x000',
        BackupPlanRule: Match.arrayWith([Match.objectLike({
          ...expected.frequentRule,
          ScheduleExpressionTimezone: 'Europe/Rome',
          Lifecycle: { DeleteAfterDays: 35 },
          CopyActions: copy,
        })]),
      },
    });
  });

  test('the monthly rule keeps the class monthly retention and moves to cold storage after 30 days', () => {
    const lifecycle = { DeleteAfterDays: expected.monthlyDeleteAfter, MoveToColdStorageAfterDays: 30 };
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: Match.arrayWith([{
          RuleName: 'Monthly',
          ScheduleExpression: 'cron(0 3 1 * ? *)',
          ScheduleExpressionTimezone: 'Europe/Rome',
          Lifecycle: lifecycle,
          TargetBackupVault: Match.anyValue(),
          CopyActions: hasCopy ? [{ DestinationBackupVaultArn: COPY_VAULT, Lifecycle: lifecycle }] : Match.absent(),
        }]),
      },
    });
  });

  test('the vault, plan and restore testing plan carry the mandatory tags', () => {
    const tags = tenantOf(classification).tags();
    expect(tags['pa:classification']).toBe(classification);
    const asList = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    template.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultTags: tags });
    template.hasResourceProperties('AWS::Backup::BackupPlan', { BackupPlanTags: tags });
    for (const tag of asList) {
      for (const type of ['AWS::Backup::RestoreTestingPlan', 'AWS::KMS::Key', 'AWS::IAM::Role']) {
        template.hasResourceProperties(type, { Tags: Match.arrayWith([tag]) });
      }
    }
  });

  test('resources are selected by the pa:backup=true tag', () => {
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: { ListOfTags: [{ ConditionKey: 'pa:backup', ConditionType: 'STRINGEQUALS', ConditionValue: 'true' }] },
    });
  });

  test('restore tests run at the class cadence on the latest snapshot in the vault, for EBS and EC2', () => {
    template.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
      RestoreTestingPlanName: 'c_x000_restore_tests',
      ScheduleExpression: expected.restoreTests,
      ScheduleExpressionTimezone: 'Europe/Rome',
      RecoveryPointSelection: {
        Algorithm: 'LATEST_WITHIN_WINDOW',
        IncludeVaults: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupVault'), 'BackupVaultArn'] }],
        RecoveryPointTypes: ['SNAPSHOT'],
        SelectionWindowDays: 35,
      },
    });
    for (const type of ['EBS', 'EC2']) {
      template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
        ProtectedResourceType: type,
        RestoreTestingPlanName: { Ref: Match.stringLikeRegexp('^BackupRestoreTestingPlan') },
        ProtectedResourceArns: ['*'],
        ProtectedResourceConditions: { StringEquals: [{ Key: 'aws:ResourceTag/pa:backup', Value: 'true' }] },
        ValidationWindowHours: RESTORE_VALIDATION_WINDOW_HOURS,
      });
    }
  });

  test('restored EC2 instances start in the isolated subnet, in a security group with no rules; volumes in its zone', () => {
    const subnet = Object.keys(template.findResources('AWS::EC2::Subnet'));
    expect(subnet).toHaveLength(1);
    const groups = template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: 'Restore tests of c_x000: no ingress, no egress' } });
    const [groupId] = Object.keys(groups);
    const group = groups[groupId].Properties;
    expect(group.SecurityGroupIngress).toBeUndefined();
    // CDK's placeholder egress rule for "no egress": 255.255.255.255/32, ICMP type 252 code 86, which matches no traffic.
    expect(group.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp', FromPort: 252, ToPort: 86 })]);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'EC2',
      RestoreMetadataOverrides: {
        vpcId: { Ref: Match.stringLikeRegexp('^Vpc') },
        subnetId: { Ref: subnet[0] },
        securityGroupIds: { 'Fn::Join': ['', ['["', { 'Fn::GetAtt': [groupId, 'GroupId'] }, '"]']] },
        requireImdsV2: 'true',
      },
    });
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'EBS',
      RestoreMetadataOverrides: { availabilityZone: 'eu-south-1a' },
    });
  });
});

describe('LandingZoneBackup options', () => {
  test('without an isolated subnet, only EBS volumes are restore-tested, and an info note says so', () => {
    const { stack } = build({ classification: DataClassification.ORDINARIO });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Backup::RestoreTestingSelection', 1);
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: 'EBS', RestoreMetadataOverrides: Match.absent() });
    template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
    Annotations.fromStack(stack).hasInfo('/Stack/Backup', Match.stringLikeRegexp('^\\[ABSC-BCK-02\\] no restoreTestIsolation: only EBS volumes are restore-tested'));
  });

  test('an ordinario tenant without a copy target gets an info annotation recommending one', () => {
    const { stack } = build({ classification: DataClassification.ORDINARIO });
    Annotations.fromStack(stack).hasInfo('/Stack/Backup', Match.stringLikeRegexp('off-site backup copy is recommended.*ACN-BCK-04'));
  });

  test('an ordinario tenant may have a copy target too', () => {
    const { stack } = build({ classification: DataClassification.ORDINARIO, props: { copyTarget: { vaultArn: COPY_VAULT } } });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ RuleName: 'Daily', CopyActions: [Match.objectLike({ DestinationBackupVaultArn: COPY_VAULT })] })]) },
    });
  });

  test('a copy target in another region of the same account is accepted', () => {
    const vaultArn = 'arn:aws:backup:eu-central-1:111111111111:backup-vault:copies';
    const { stack } = build({ classification: DataClassification.ORDINARIO, props: { copyTarget: { vaultArn } } });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ CopyActions: [Match.objectLike({ DestinationBackupVaultArn: vaultArn })] })]) },
    });
  });

  test('backup events go to the alert topic, whose policy and key let AWS Backup publish', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'eu-south-1' } });
    const topicKey = new kms.Key(stack, 'TopicKey', { enableKeyRotation: true });
    const topic = new sns.Topic(stack, 'Alerts', { masterKey: topicKey });
    new LandingZoneBackup(stack, 'Backup', {
      tenant: tenantOf(DataClassification.ORDINARIO),
      policy: CompliancePolicy.forClassification(DataClassification.ORDINARIO),
      alertTopic: topic,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      Notifications: {
        SNSTopicArn: { Ref: Match.stringLikeRegexp('^Alerts') },
        BackupVaultEvents: ['BACKUP_JOB_COMPLETED', 'COPY_JOB_FAILED', 'RESTORE_JOB_COMPLETED', 'RECOVERY_POINT_MODIFIED', 'S3_BACKUP_OBJECT_FAILED', 'S3_RESTORE_OBJECT_FAILED'],
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'backup.amazonaws.com' } })]) },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Principal: { Service: 'backup.amazonaws.com' } })]) },
    });
  });

  test('an existing key encrypts the vault and no key is created', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'eu-south-1' } });
    const key = kms.Key.fromKeyArn(stack, 'PaKey', 'arn:aws:kms:eu-south-1:111111111111:key/11111111-2222-3333-4444-555555555555');
    const backup = new LandingZoneBackup(stack, 'Backup', {
      tenant: tenantOf(DataClassification.ORDINARIO),
      policy: CompliancePolicy.forClassification(DataClassification.ORDINARIO),
      encryptionKey: key,
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: 'arn:aws:kms:eu-south-1:111111111111:key/11111111-2222-3333-4444-555555555555' });
    expect(backup.key).toBe(key);
  });

  test('a custom backup tag selects resources and restore tests', () => {
    const { stack, backup } = build({ classification: DataClassification.ORDINARIO, props: { backupTag: { key: 'backup-policy', value: 'gold' } } });
    const template = Template.fromStack(stack);
    expect(backup.backupTag).toEqual({ key: 'backup-policy', value: 'gold' });
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: { ListOfTags: [{ ConditionKey: 'backup-policy', ConditionType: 'STRINGEQUALS', ConditionValue: 'gold' }] },
    });
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceConditions: { StringEquals: [{ Key: 'aws:ResourceTag/backup-policy', Value: 'gold' }] },
    });
  });

  test('a monthly retention too short for cold storage keeps monthly points in warm storage', () => {
    const { stack } = build({
      classification: DataClassification.ORDINARIO,
      overrides: [{ setting: 'backupMonthlyRetention', value: '3 months', reason: 'sample data, short retention agreed with the DPO' }],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ RuleName: 'Monthly', Lifecycle: { DeleteAfterDays: 90 } })]) },
    });
  });

  test('a weekly frequency override schedules on Sundays', () => {
    const { stack } = build({
      classification: DataClassification.ORDINARIO,
      overrides: [
        { setting: 'backupFrequency', value: 'weekly', reason: 'archive-only workload, changes weekly' },
        { setting: 'rpo', value: '7 days', reason: 'archive-only workload, changes weekly' },
      ],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ RuleName: 'Weekly', ScheduleExpression: 'cron(0 1 ? * SUN *)' })]) },
    });
  });

  test('the service role backs up and restores with the AWS managed policies', () => {
    const { stack } = build({ classification: DataClassification.ORDINARIO });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
      ManagedPolicyArns: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores']] },
      ],
    });
  });
});

describe('LandingZoneBackup rejects', () => {
  test('a critico tenant without a copy target and without acknowledging ACN-BCK-04', () => {
    expect(() => build({ classification: DataClassification.CRITICO, props: { copyTarget: undefined } }))
      .toThrow(/^copyTarget: a critico tenant needs an off-site copy of its backups.*\(or acknowledge ACN-BCK-04 with a reason\), got nothing \[ACN-BCK-04\]$/);
  });

  test('a strategico tenant without a copy target and without acknowledging ACN-BCK-04', () => {
    expect(() => build({ classification: DataClassification.STRATEGICO, props: { copyTarget: undefined } }))
      .toThrow(/^copyTarget: a strategico tenant needs an off-site copy.*\[ACN-BCK-04\]$/);
  });

  test('(but accepts a critico tenant without a copy target when ACN-BCK-04 is acknowledged)', () => {
    const { stack } = build({
      classification: DataClassification.CRITICO,
      acknowledgements: [{ control: 'ACN-BCK-04', reason: 'copies go to tape at the regional data centre' }],
      props: { copyTarget: undefined },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ RuleName: 'Daily', CopyActions: Match.absent() })]) },
    });
  });

  test('a copy target outside the EU', () => {
    expect(() => build({ classification: DataClassification.ORDINARIO, props: { copyTarget: { vaultArn: 'arn:aws:backup:us-east-1:333333333333:backup-vault:copies' } } }))
      .toThrow(/^copyTarget\.vaultArn: the backup copy target of an ordinario tenant must stay in a region in a member state of the European Union; us-east-1 is in US.*\[ACN-LOC-01\]$/);
  });

  test('a copy target of a critico tenant outside Italy, without acknowledging ACN-LOC-01', () => {
    expect(() => build({ classification: DataClassification.CRITICO, props: { copyTarget: { vaultArn: 'arn:aws:backup:eu-central-1:333333333333:backup-vault:copies' } } }))
      .toThrow(/^copyTarget\.vaultArn: the backup copy target of a critico tenant must stay in a region in Italy; eu-central-1 is in DE.*acknowledge ACN-LOC-01.*\[ACN-LOC-01\]$/);
  });

  test('a copy target of a strategico tenant outside Italy, even with a reason', () => {
    expect(() => build({ classification: DataClassification.STRATEGICO, props: { copyTarget: { vaultArn: 'arn:aws:backup:eu-west-1:333333333333:backup-vault:copies' } } }))
      .toThrow(/^copyTarget\.vaultArn: the backup copy target of a strategico tenant must stay in a region in Italy; eu-west-1 is in IE/);
  });

  test('a copy target in an unknown region', () => {
    expect(() => build({ classification: DataClassification.ORDINARIO, props: { copyTarget: { vaultArn: 'arn:aws:backup:xx-nowhere-1:333333333333:backup-vault:copies' } } }))
      .toThrow(/^copyTarget\.vaultArn: must be a known AWS region/);
  });

  test('a copy target in the same account and region', () => {
    expect(() => build({ classification: DataClassification.CRITICO, props: { copyTarget: { vaultArn: 'arn:aws:backup:eu-south-1:111111111111:backup-vault:copies' } } }))
      .toThrow(/^copyTarget\.vaultArn: must be a vault in another account or another region.*own account 111111111111 and region eu-south-1.*\[ACN-BCK-04\]$/);
  });

  test('a copy target in the same region when the stack account is not concrete', () => {
    expect(() => build({ classification: DataClassification.CRITICO, env: { region: 'eu-south-1' } }))
      .toThrow(/^copyTarget\.vaultArn: must be a vault in another account or another region.*no concrete account/);
  });

  test('a copy target that is not a vault ARN', () => {
    expect(() => build({ classification: DataClassification.CRITICO, props: { copyTarget: { vaultArn: 'arn:aws:s3:::my-bucket' } } }))
      .toThrow(/^copyTarget\.vaultArn: must be a backup vault ARN, e\.g\. .*, got "arn:aws:s3:::my-bucket"$/);
  });

  test('a copy target given as a token', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'eu-south-1' } });
    const other = new LandingZoneBackup(stack, 'Other', {
      tenant: tenantOf(DataClassification.ORDINARIO),
      policy: CompliancePolicy.forClassification(DataClassification.ORDINARIO),
    });
    expect(() => new LandingZoneBackup(stack, 'Backup', {
      tenant: tenantOf(DataClassification.CRITICO),
      policy: CompliancePolicy.forClassification(DataClassification.CRITICO),
      copyTarget: { vaultArn: other.vault.backupVaultArn },
    })).toThrow(/^copyTarget\.vaultArn: must be a literal backup vault ARN \(not a token\)/);
  });

  test('continuous backup with a daily retention beyond 35 days', () => {
    expect(() => build({ classification: DataClassification.CRITICO, overrides: [{ setting: 'backupDailyRetention', value: '60 days' }] }))
      .toThrow(/^policy\.backupDailyRetention: with continuous backup on, AWS keeps point-in-time recovery points at most 35 days.*got "60 days" \[ABSC-BCK-01\]$/);
  });

  test('a monthly retention shorter than the daily retention (the vault lock minimum)', () => {
    expect(() => build({
      classification: DataClassification.ORDINARIO,
      overrides: [{ setting: 'backupMonthlyRetention', value: '30 days', reason: 'sample data, short retention agreed with the DPO' }],
    })).toThrow(/^policy\.backupMonthlyRetention: must be at least the daily retention of 35 days.*got "30 days" \[ABSC-BCK-03\]$/);
  });

  test('a backup tag key in the reserved aws: namespace', () => {
    expect(() => build({ classification: DataClassification.ORDINARIO, props: { backupTag: { key: 'aws:backup', value: 'true' } } }))
      .toThrow(/^backupTag\.key: must be a tag key of 1-128 .*not starting with "aws:", got "aws:backup"$/);
  });

  test('an empty backup tag value', () => {
    expect(() => build({ classification: DataClassification.ORDINARIO, props: { backupTag: { key: 'pa:backup', value: '' } } }))
      .toThrow(/^backupTag\.value: must be a tag value of 1-256 .*, got ""$/);
  });
});

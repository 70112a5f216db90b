import { DataClassification } from '../../../../lib/core';
import { RULES } from '../../../../lib/compliance/rules';
import { Rule } from '../../../../lib/compliance/types';
import { awsTemplate, cfnDoc, expectCompliant, expectFailure, run } from '../helpers';

interface Case {
  /** Changes the compliant template so it is compliant in another way (for rules the base does not exercise). */
  readonly compliant?: (t: any) => void;
  readonly nonCompliant: (t: any) => void;
  readonly message: RegExp;
  readonly resource?: string;
  readonly classification?: DataClassification;
}

const R = (t: any) => t.Resources;
const ruleRows = (t: any) => R(t).Plan.Properties.BackupPlan.BackupPlanRule;

const CASES: Record<string, Case> = {
  'aws-qualification-declared': {
    nonCompliant: (t) => { t.Metadata.PaCloudKit.qualification = 'QC1'; },
    message: /declared qualification QC1 is below the critico minimum QC2/,
  },
  'aws-region-allowed': {
    nonCompliant: (t) => { t.Metadata.PaCloudKit.region = 'eu-central-1'; },
    message: /critico tenant must keep data in Italy: eu-central-1 is in DE/,
  },
  'aws-backup-copy-region': {
    nonCompliant: (t) => { ruleRows(t)[0].CopyActions[0].DestinationBackupVaultArn = 'arn:aws:backup:us-east-1:333333333333:backup-vault:x'; },
    message: /us-east-1 is in US.*outside the EU/,
    resource: 'Plan',
  },
  'aws-kms-key-rotation': {
    compliant: (t) => { delete R(t).LogKey.Properties.Origin; },
    nonCompliant: (t) => { delete R(t).LogKey.Properties.Origin; R(t).LogKey.Properties.EnableKeyRotation = false; },
    message: /key rotation is off/,
    resource: 'LogKey',
  },
  'aws-kms-key-per-purpose': {
    nonCompliant: (t) => { R(t).Vault.Properties.EncryptionKeyArn = { 'Fn::GetAtt': ['LogKey', 'Arn'] }; },
    message: /shares its key with trail Trail/,
    resource: 'Vault',
  },
  'aws-kms-pa-controlled': {
    nonCompliant: (t) => { delete R(t).BackupKey.Properties.Origin; },
    message: /key created with AWS_KMS material; critico needs EXTERNAL or EXTERNAL_KEY_STORE/,
    resource: 'BackupKey',
  },
  'aws-trail-multi-region': {
    nonCompliant: (t) => { R(t).Trail.Properties.IsMultiRegionTrail = false; },
    message: /IsMultiRegionTrail is false/,
    resource: 'Trail',
  },
  'aws-trail-encrypted': {
    nonCompliant: (t) => { delete R(t).Trail.Properties.KMSKeyId; },
    message: /not encrypted with a customer-managed key/,
    resource: 'Trail',
  },
  'aws-trail-log-retention': {
    nonCompliant: (t) => { R(t).TrailLogGroup.Properties.RetentionInDays = 90; },
    message: /keeps events 90 days, below the legal floor of 6 months \(180 days\)/,
    resource: 'TrailLogGroup',
  },
  'aws-trail-log-validation': {
    nonCompliant: (t) => { R(t).Trail.Properties.EnableLogFileValidation = false; },
    message: /log file validation is off/,
    resource: 'Trail',
  },
  'aws-archive-object-lock': {
    nonCompliant: (t) => { R(t).ArchiveBucket.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Mode = 'GOVERNANCE'; },
    message: /object lock mode GOVERNANCE; critico needs COMPLIANCE/,
    resource: 'ArchiveBucket',
  },
  'aws-archive-bucket-versioning': {
    nonCompliant: (t) => { delete R(t).ArchiveBucket.Properties.VersioningConfiguration; },
    message: /versioning is not enabled/,
    resource: 'ArchiveBucket',
  },
  'aws-archive-bucket-public-access': {
    nonCompliant: (t) => { R(t).ArchiveBucket.Properties.PublicAccessBlockConfiguration.RestrictPublicBuckets = false; },
    message: /RestrictPublicBuckets not true/,
    resource: 'ArchiveBucket',
  },
  'aws-archive-bucket-encryption': {
    nonCompliant: (t) => { R(t).ArchiveBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault = { SSEAlgorithm: 'AES256' }; },
    message: /not encrypted with KMS/,
    resource: 'ArchiveBucket',
  },
  'aws-archive-bucket-access-logging': {
    nonCompliant: (t) => { delete R(t).ArchiveBucket.Properties.LoggingConfiguration; },
    message: /access to the archive is not logged/,
    resource: 'ArchiveBucket',
  },
  'aws-archive-bucket-retained': {
    nonCompliant: (t) => { R(t).ArchiveBucket.DeletionPolicy = 'Delete'; },
    message: /DeletionPolicy not Retain/,
    resource: 'ArchiveBucket',
  },
  'aws-bucket-tls-only': {
    nonCompliant: (t) => { delete R(t).AccessLogsBucketPolicy; },
    message: /no bucket policy denies requests without TLS/,
    resource: 'AccessLogsBucket',
  },
  'aws-bucket-public-access-blocked': {
    nonCompliant: (t) => { R(t).AccessLogsBucket.Properties.PublicAccessBlockConfiguration = { BlockPublicAcls: true, BlockPublicPolicy: false, IgnorePublicAcls: true, RestrictPublicBuckets: true }; },
    message: /public access not blocked: BlockPublicPolicy not true/,
    resource: 'AccessLogsBucket',
  },
  'aws-load-balancer-tls': {
    compliant: (t) => { R(t).Listener = { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443' } }] } }; },
    nonCompliant: (t) => { R(t).Listener = { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: 'x' }] } }; },
    message: /listener uses HTTP without TLS/,
    resource: 'Listener',
  },
  'aws-security-alerts': {
    nonCompliant: (t) => { delete R(t).RootLogin; },
    message: /no event rule or alarm notifies a topic on root account login/,
  },
  'aws-alert-topic-encrypted': {
    nonCompliant: (t) => { delete R(t).AlertTopic.Properties.KmsMasterKeyId; },
    message: /the alert topic is not encrypted/,
    resource: 'AlertTopic',
  },
  'aws-backup-plan-frequency': {
    nonCompliant: (t) => { ruleRows(t)[0].ScheduleExpression = 'cron(0 1 ? * SUN *)'; delete ruleRows(t)[0].EnableContinuousBackup; },
    message: /runs every 7 days; critico needs daily backups/,
    resource: 'Plan',
  },
  'aws-backup-continuous': {
    nonCompliant: (t) => { delete ruleRows(t)[0].EnableContinuousBackup; },
    message: /no rule enables continuous backup, which critico needs/,
    resource: 'Plan',
  },
  'aws-backup-plan-retention': {
    nonCompliant: (t) => { ruleRows(t)[0].Lifecycle.DeleteAfterDays = 3; },
    message: /recovery points kept 3 days, below the floor of 7 days/,
    resource: 'Plan',
  },
  'aws-restore-testing-plan': {
    nonCompliant: (t) => { R(t).RestoreTestingPlan.Properties.ScheduleExpression = 'cron(0 6 1 1,4,7,10 ? *)'; },
    message: /restore tests run every 90 days; critico needs monthly tests/,
    resource: 'RestoreTestingPlan',
  },
  'aws-backup-vault-lock': {
    nonCompliant: (t) => { delete R(t).Vault.Properties.LockConfiguration.ChangeableForDays; },
    message: /governance-mode lock; critico needs a compliance-mode lock/,
    resource: 'Vault',
  },
  'aws-backup-vault-encrypted': {
    nonCompliant: (t) => { delete R(t).Vault.Properties.EncryptionKeyArn; },
    message: /the vault uses the AWS-managed key/,
    resource: 'Vault',
  },
  'aws-backup-vault-deny-delete': {
    nonCompliant: (t) => { delete R(t).Vault.Properties.AccessPolicy; },
    message: /no access policy statement denies backup:DeleteRecoveryPoint/,
    resource: 'Vault',
  },
  'aws-backup-offsite-copy': {
    nonCompliant: (t) => { for (const r of ruleRows(t)) delete r.CopyActions; },
    message: /no copy action/,
    resource: 'Plan',
  },
  'aws-management-subnet-isolated': {
    nonCompliant: (t) => { R(t).MgmtRoute = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'ManagementRouteTable' }, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: { Ref: 'Nat' } } }; },
    message: /the management subnet routes all traffic out \(MgmtRoute via NatGatewayId Nat\)/,
    resource: 'ManagementSubnet1',
  },
  'aws-ssm-endpoints': {
    nonCompliant: (t) => { delete R(t).SsmMessagesEndpoint; },
    message: /no interface endpoint for ssmmessages/,
    resource: 'Vpc',
  },
  'aws-default-security-group-restricted': {
    nonCompliant: (t) => { delete R(t).RestrictDefaultSg; },
    message: /the default security group keeps its default rules/,
    resource: 'Vpc',
  },
  'aws-admin-ports-closed': {
    nonCompliant: (t) => { R(t).EndpointSg.Properties.SecurityGroupIngress.push({ IpProtocol: 'tcp', FromPort: 0, ToPort: 1024, CidrIp: '0.0.0.0/0' }); },
    message: /ingress from 0\.0\.0\.0\/0 on admin port\(s\) 22 \(SSH\)/,
    resource: 'EndpointSg',
  },
  'aws-data-tier-nacl': {
    nonCompliant: (t) => { delete R(t).DataAclAssoc; },
    message: /the data subnet uses the default network ACL/,
    resource: 'DataSubnet1',
  },
  'aws-egress-firewall': {
    nonCompliant: (t) => { R(t).PrivateDefaultRoute.Properties = { RouteTableId: { Ref: 'PrivateRouteTable' }, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: { Ref: 'Nat' } }; },
    message: /no default route goes through a firewall endpoint/,
    resource: 'Firewall',
  },
  'aws-vpc-flow-logs': {
    nonCompliant: (t) => { R(t).FlowLog.Properties.TrafficType = 'REJECT'; },
    message: /flow log records REJECT traffic only, not ALL/,
    resource: 'FlowLog',
  },
  'aws-mandatory-tags': {
    nonCompliant: (t) => { R(t).Vpc.Properties.Tags = R(t).Vpc.Properties.Tags.filter((x: any) => x.Key !== 'pa:owner'); },
    message: /missing pa:owner/,
    resource: 'Vpc',
  },
  'aws-log-group-retention': {
    nonCompliant: (t) => { R(t).TrailLogGroup.Properties.RetentionInDays = 90; },
    message: /retention 90 days is below the legal floor of 6 months/,
    resource: 'TrailLogGroup',
  },
  'aws-archive-retention': {
    nonCompliant: (t) => { R(t).ArchiveBucket.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays = 90; },
    message: /archived logs expire after 90 days, below the floor of 6 months/,
    resource: 'ArchiveBucket',
  },
};

const AWS_RULES = RULES.filter((r) => r.provider === 'aws');

test('every AWS rule has a compliant and a non-compliant case here', () => {
  expect(Object.keys(CASES).sort()).toEqual(AWS_RULES.map((r) => r.id).sort());
});

describe.each(AWS_RULES.map((r): [string, Rule] => [r.id, r]))('%s', (_id, rule) => {
  const c = CASES[rule.id];
  test('passes on a compliant template', () => {
    const t = awsTemplate();
    c.compliant?.(t);
    expectCompliant(run(rule, cfnDoc(t), c.classification));
  });
  test('fails on a non-compliant template', () => {
    const t = awsTemplate();
    c.nonCompliant(t);
    expectFailure(run(rule, cfnDoc(t), c.classification), c.message, c.resource);
  });
});

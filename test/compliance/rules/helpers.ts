import { CompliancePolicy, DataClassification } from '../../../lib/core';
import { parseDocument } from '../../../lib/compliance/loader';
import { Rule, RuleResult, SourceDocument } from '../../../lib/compliance/types';

export const TAGS = {
  'pa:ipa-code': 'c_h501',
  'pa:classification': 'critico',
  'acn:qualification': 'QC2',
  'pa:owner': 'Ufficio ICT',
  'pa:incident-contact': 'cert@comune.example.it',
};

export function cfnTagList(classification = 'critico'): { Key: string; Value: string }[] {
  return Object.entries({ ...TAGS, 'pa:classification': classification }).map(([Key, Value]) => ({ Key, Value }));
}

export function tagStrings(classification = 'critico'): string[] {
  return Object.entries({ ...TAGS, 'pa:classification': classification }).map(([k, v]) => `${k}=${v}`);
}

export const ACCOUNT = '111111111111';

/** A small CloudFormation template that meets every AWS rule for a critico tenant in eu-south-1. */
export function awsTemplate(): any {
  const tags = cfnTagList();
  const keyPolicy = { Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] };
  const event = (pattern: unknown) => ({ Type: 'AWS::Events::Rule', Properties: { EventPattern: pattern, State: 'ENABLED', Targets: [{ Arn: { Ref: 'AlertTopic' }, Id: 'T' }], Tags: tags } });
  const subnet = (name: string, type: string) => ({ Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24', Tags: [...tags, { Key: 'aws-cdk:subnet-name', Value: name }, { Key: 'aws-cdk:subnet-type', Value: type }] } });
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Metadata: {
      PaCloudKit: {
        version: 1, tenant: { ipaCode: 'c_h501', name: 'Comune di Roma' }, classification: 'critico', qualification: 'QC2',
        region: 'eu-south-1', overrides: [], acknowledgements: [],
      },
    },
    Resources: {
      LogKey: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, Origin: 'EXTERNAL', KeyPolicy: keyPolicy, Tags: tags }, DeletionPolicy: 'Retain' },
      BackupKey: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, Origin: 'EXTERNAL', KeyPolicy: keyPolicy, Tags: tags }, DeletionPolicy: 'Retain' },
      Trail: {
        Type: 'AWS::CloudTrail::Trail',
        Properties: {
          IsLogging: true, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true,
          KMSKeyId: { 'Fn::GetAtt': ['LogKey', 'Arn'] }, S3BucketName: { Ref: 'ArchiveBucket' },
          CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': ['TrailLogGroup', 'Arn'] }, Tags: tags,
        },
      },
      TrailLogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 731, Tags: tags }, DeletionPolicy: 'Retain' },
      ArchiveBucket: {
        Type: 'AWS::S3::Bucket',
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          VersioningConfiguration: { Status: 'Enabled' },
          ObjectLockEnabled: true,
          ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 730 } } },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['LogKey', 'Arn'] } } }] },
          LoggingConfiguration: { DestinationBucketName: { Ref: 'AccessLogsBucket' } },
          LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: 1095 }] },
          Tags: tags,
        },
      },
      ArchiveBucketPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: { Bucket: { Ref: 'ArchiveBucket' }, PolicyDocument: { Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } },
      },
      AccessLogsBucket: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: { Tags: tags } },
      AccessLogsBucketPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: { Bucket: { Ref: 'AccessLogsBucket' }, PolicyDocument: { Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } },
      },
      AlertTopic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { 'Fn::GetAtt': ['LogKey', 'Arn'] }, Tags: tags } },
      RootLogin: event({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } }),
      LoginFailure: event({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { eventName: ['ConsoleLogin'], responseElements: { ConsoleLogin: ['Failure'] } } }),
      IamChange: event({ source: ['aws.iam'], detail: { eventName: ['PutUserPolicy', 'AttachRolePolicy', 'CreatePolicy'] } }),
      TrailChange: event({ source: ['aws.cloudtrail'], detail: { eventName: ['StopLogging', 'DeleteTrail', 'UpdateTrail'] } }),
      KeyDeletion: event({ source: ['aws.kms'], detail: { eventName: ['ScheduleKeyDeletion', 'DisableKey'] } }),
      Vault: {
        Type: 'AWS::Backup::BackupVault',
        DeletionPolicy: 'Retain',
        Properties: {
          BackupVaultName: 'pa-c-h501',
          EncryptionKeyArn: { 'Fn::GetAtt': ['BackupKey', 'Arn'] },
          LockConfiguration: { MinRetentionDays: 35, ChangeableForDays: 3 },
          AccessPolicy: { Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'], Resource: '*' }] },
          BackupVaultTags: { ...TAGS },
        },
      },
      Plan: {
        Type: 'AWS::Backup::BackupPlan',
        Properties: {
          BackupPlan: {
            BackupPlanName: 'pa-c-h501',
            BackupPlanRule: [
              {
                RuleName: 'Daily', TargetBackupVault: { 'Fn::GetAtt': ['Vault', 'BackupVaultName'] }, ScheduleExpression: 'cron(0 1 * * ? *)',
                EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 35 },
                CopyActions: [{ DestinationBackupVaultArn: 'arn:aws:backup:eu-south-1:333333333333:backup-vault:pa-copies', Lifecycle: { DeleteAfterDays: 35 } }],
              },
              {
                RuleName: 'Monthly', TargetBackupVault: { 'Fn::GetAtt': ['Vault', 'BackupVaultName'] }, ScheduleExpression: 'cron(0 3 1 * ? *)',
                Lifecycle: { DeleteAfterDays: 720, MoveToColdStorageAfterDays: 30 },
                CopyActions: [{ DestinationBackupVaultArn: 'arn:aws:backup:eu-south-1:333333333333:backup-vault:pa-copies', Lifecycle: { DeleteAfterDays: 720 } }],
              },
            ],
          },
          BackupPlanTags: { ...TAGS },
        },
      },
      RestoreTestingPlan: {
        Type: 'AWS::Backup::RestoreTestingPlan',
        Properties: { RestoreTestingPlanName: 'c_h501_restore_tests', ScheduleExpression: 'cron(0 6 1 * ? *)', RecoveryPointSelection: { Algorithm: 'LATEST_WITHIN_WINDOW', IncludeVaults: ['*'], RecoveryPointTypes: ['SNAPSHOT'] }, Tags: tags },
      },
      RestoreTestingSelection: {
        Type: 'AWS::Backup::RestoreTestingSelection',
        Properties: { RestoreTestingPlanName: { Ref: 'RestoreTestingPlan' }, RestoreTestingSelectionName: 'ebs', ProtectedResourceType: 'EBS', IamRoleArn: 'arn:aws:iam::111111111111:role/x' },
      },
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16', Tags: tags } },
      RestrictDefaultSg: { Type: 'Custom::VpcRestrictDefaultSG', Properties: { ServiceToken: 'x', DefaultSecurityGroupId: { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] } } },
      PublicSubnet1: subnet('Public', 'Public'),
      PublicRouteTable: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' }, Tags: tags } },
      PublicRtAssoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'PublicSubnet1' }, RouteTableId: { Ref: 'PublicRouteTable' } } },
      PublicDefaultRoute: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'PublicRouteTable' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } },
      Igw: { Type: 'AWS::EC2::InternetGateway', Properties: { Tags: tags } },
      PrivateSubnet1: subnet('Private', 'Private'),
      PrivateRouteTable: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' }, Tags: tags } },
      PrivateRtAssoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'PrivateSubnet1' }, RouteTableId: { Ref: 'PrivateRouteTable' } } },
      PrivateDefaultRoute: {
        Type: 'AWS::EC2::Route',
        Properties: { RouteTableId: { Ref: 'PrivateRouteTable' }, DestinationCidrBlock: '0.0.0.0/0', VpcEndpointId: { 'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::Select': [0, { 'Fn::GetAtt': ['Firewall', 'EndpointIds'] }] }] }] } },
      },
      Firewall: { Type: 'AWS::NetworkFirewall::Firewall', Properties: { FirewallName: 'fw', FirewallPolicyArn: 'arn:x', VpcId: { Ref: 'Vpc' }, SubnetMappings: [], Tags: tags } },
      DataSubnet1: subnet('Data', 'Isolated'),
      DataAcl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: { Ref: 'Vpc' }, Tags: tags } },
      DataAclAssoc: { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: { Ref: 'DataSubnet1' }, NetworkAclId: { Ref: 'DataAcl' } } },
      ManagementSubnet1: subnet('Management', 'Isolated'),
      ManagementRouteTable: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' }, Tags: tags } },
      ManagementRtAssoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'ManagementSubnet1' }, RouteTableId: { Ref: 'ManagementRouteTable' } } },
      SsmEndpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: { Ref: 'Vpc' }, VpcEndpointType: 'Interface', ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.ssm']] }, Tags: tags } },
      SsmMessagesEndpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: { Ref: 'Vpc' }, VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.eu-south-1.ssmmessages', Tags: tags } },
      EndpointSg: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { GroupDescription: 'endpoints', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/16' }], Tags: tags },
      },
      FlowLog: { Type: 'AWS::EC2::FlowLog', Properties: { ResourceId: { Ref: 'Vpc' }, ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: { 'Fn::GetAtt': ['ArchiveBucket', 'Arn'] }, Tags: tags } },
    },
  };
}

/** A small Terraform JSON document that meets every OpenStack rule for a critico tenant. */
export function openstackDocument(): any {
  const tags = tagStrings();
  const userData = [
    '#cloud-config',
    'write_files:',
    '  - path: /etc/systemd/system/pa-backup.timer',
    '    content: |',
    '      [Timer]',
    '      OnCalendar=*-*-* 01:00:00',
    '  - path: /etc/systemd/system/pa-restore-test.timer',
    '    content: |',
    '      [Timer]',
    '      OnCalendar=*-*-01 06:00:00',
    '  - path: /etc/fluent-bit/fluent-bit.conf',
    '    content: |',
    '      [OUTPUT]',
    '      Name http',
    '  - path: /etc/chrony/sources.d/inrim.sources',
    '    content: |',
    '      server ntp1.inrim.it iburst',
    '      server ntp2.inrim.it iburst',
    '  - path: /etc/pa/backup.env',
    '    content: |',
    '      OFFSITE_OS_REGION_NAME=it-mil1',
  ].join('\n');
  return {
    '//': {
      metadata: { backend: 'local', stackName: 'lz', version: '0.21.0' },
      'pa-cloud-kit': {
        version: 1, tenant: { ipaCode: 'c_h501', name: 'Comune di Roma' }, classification: 'critico', qualification: 'QC2', region: 'it-rom1',
        overrides: [], acknowledgements: [],
        regions: [{ name: 'it-rom1', country: 'IT' }, { name: 'it-mil1', country: 'IT' }, { name: 'de-fra1', country: 'DE' }],
        encryption: { volumeType: 'encrypted-luks', paControlledKeys: true },
      },
    },
    provider: { openstack: [{ cloud: 'pa', region: 'it-rom1' }] },
    terraform: { required_providers: { openstack: { source: 'terraform-provider-openstack/openstack', version: '3.4.0' } } },
    resource: {
      openstack_networking_network_v2: {
        Network_Management: { name: 'c-h501-management', tags },
        Network_Private: { name: 'c-h501-private', tags },
      },
      openstack_networking_subnet_v2: {
        Subnet_Management: { name: 'c-h501-management', network_id: '${openstack_networking_network_v2.Network_Management.id}', cidr: '10.0.3.0/24', tags },
        Subnet_Private: { name: 'c-h501-private', network_id: '${openstack_networking_network_v2.Network_Private.id}', cidr: '10.0.1.0/24', tags },
      },
      openstack_networking_router_v2: {
        Router: { name: 'c-h501', external_network_id: '${data.openstack_networking_network_v2.External.id}', tags },
      },
      openstack_networking_router_interface_v2: {
        RouterPrivate: { router_id: '${openstack_networking_router_v2.Router.id}', port_id: '${openstack_networking_port_v2.RouterPortPrivate.id}' },
      },
      openstack_networking_port_v2: {
        RouterPortPrivate: { network_id: '${openstack_networking_network_v2.Network_Private.id}', fixed_ip: [{ subnet_id: '${openstack_networking_subnet_v2.Subnet_Private.id}' }], tags },
      },
      openstack_networking_secgroup_v2: {
        Sg_Management: { name: 'c-h501-management', delete_default_rules: true, tags },
      },
      openstack_networking_secgroup_rule_v2: {
        Sg_Management_Ssh: { direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '10.99.0.0/24', security_group_id: '${openstack_networking_secgroup_v2.Sg_Management.id}' },
        Sg_Management_Egress: { direction: 'egress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 443, port_range_max: 443, remote_ip_prefix: '0.0.0.0/0', security_group_id: '${openstack_networking_secgroup_v2.Sg_Management.id}' },
      },
      openstack_fw_group_v2: {
        Firewall: { name: 'c-h501', ingress_firewall_policy_id: '${openstack_fw_policy_v2.In.id}', egress_firewall_policy_id: '${openstack_fw_policy_v2.Out.id}', ports: ['${openstack_networking_port_v2.RouterPortPrivate.id}'] },
      },
      openstack_objectstorage_container_v1: {
        Logging_ArchiveContainer: { name: 'c-h501-log-archive', versioning: true, container_sync_to: '//pa/it-mil1/AUTH_x/c-h501-log-archive', container_sync_key: 'k' },
        Backup_BackupContainer: { name: 'c-h501-backups', versioning: true },
      },
      openstack_identity_application_credential_v3: {
        Logging_ShipperCredential: {
          name: 'c-h501-log-shipper', expires_at: '2027-01-01T00:00:00Z',
          access_rules: [{ service: 'object-store', method: 'PUT', path: '/v1/*/c-h501-log-archive/**' }],
        },
      },
      openstack_compute_instance_v2: {
        Backup_Scheduler: { name: 'c-h501-backup-scheduler', image_name: 'Debian 12', flavor_name: 'm1.small', user_data: userData, network: [{ uuid: '${openstack_networking_network_v2.Network_Management.id}' }], tags },
      },
      openstack_blockstorage_volume_v3: {
        Data: { name: 'data', size: 10, volume_type: 'encrypted-luks' },
      },
    },
  };
}

export function cfnDoc(template: unknown, file = 'stack.template.json'): SourceDocument {
  return parseDocument(file, JSON.stringify(template));
}

export function tfDoc(value: unknown, file = 'cdk.tf.json'): SourceDocument {
  return parseDocument(file, JSON.stringify(value));
}

/** Runs one rule on a document for a class. */
export function run(rule: Rule, doc: SourceDocument, classification = DataClassification.CRITICO, region?: string): RuleResult[] {
  const regions = doc.metadata?.regions ?? [];
  return rule.evaluate({ document: doc, classification, policy: CompliancePolicy.forClassification(classification), region: region ?? (doc.metadata?.region || undefined), regions });
}

export const failures = (results: RuleResult[]) => results.filter((r) => r.status === 'fail');
export const passes = (results: RuleResult[]) => results.filter((r) => r.status === 'pass');

/** Asserts the rule passes: at least one pass and no failure. */
export function expectCompliant(results: RuleResult[]): void {
  expect(failures(results)).toEqual([]);
  expect(passes(results).length).toBeGreaterThan(0);
}

/** Asserts a failure on the resource (if given) whose message matches. */
export function expectFailure(results: RuleResult[], message: RegExp, resource?: string): RuleResult {
  const found = failures(results).find((r) => message.test(r.message) && (resource === undefined || r.resource === resource));
  if (!found) throw new Error(`no failure matching ${message}${resource ? ` on ${resource}` : ''} in ${JSON.stringify(results, null, 1)}`);
  return found;
}

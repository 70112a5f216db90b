import { Match, Template } from 'aws-cdk-lib/assertions';
import { readLandingZoneMetadata } from '../../lib/aws';
import { SAMPLE_ACCOUNTS, SAMPLE_COPY_VAULT_ARN, SAMPLE_PA_KEY_ARNS, buildExampleApp } from '../../examples/aws/main';

/** The sample app (examples/aws/main.ts, what `npx cdk synth` runs) and its inventory. */

/** Resource types that are the same in both sample stacks. */
const COMMON = {
  'AWS::Backup::BackupPlan': 1,
  'AWS::Backup::BackupSelection': 1,
  'AWS::Backup::BackupVault': 1,
  'AWS::Backup::RestoreTestingPlan': 1,
  'AWS::Backup::RestoreTestingSelection': 2,
  'AWS::CloudTrail::Trail': 1,
  'AWS::CloudWatch::Alarm': 5,
  'AWS::EC2::FlowLog': 1,
  'AWS::EC2::InternetGateway': 1,
  'AWS::EC2::NetworkAcl': 1,
  'AWS::EC2::NetworkAclEntry': 4,
  'AWS::EC2::Route': 6,
  'AWS::EC2::RouteTable': 12,
  // The interface endpoints' group, and the restore tests' group (no ingress, no egress).
  'AWS::EC2::SecurityGroup': 2,
  'AWS::EC2::Subnet': 12,
  'AWS::EC2::SubnetNetworkAclAssociation': 3,
  'AWS::EC2::SubnetRouteTableAssociation': 12,
  'AWS::EC2::VPC': 1,
  'AWS::EC2::VPCEndpoint': 7,
  'AWS::EC2::VPCGatewayAttachment': 1,
  'AWS::IAM::Policy': 1,
  'AWS::IAM::Role': 3,
  'AWS::Lambda::Function': 1,
  'AWS::Logs::LogGroup': 1,
  'AWS::Logs::MetricFilter': 5,
  'AWS::S3::Bucket': 2,
  'AWS::S3::BucketPolicy': 2,
  'AWS::SNS::Subscription': 1,
  'AWS::SNS::Topic': 1,
  'AWS::SNS::TopicPolicy': 1,
  'Custom::VpcRestrictDefaultSG': 1,
};

function inventory(template: Template): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of Object.values(template.toJSON().Resources as Record<string, { Type: string }>)) {
    counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
  }
  return counts;
}

describe('examples/aws', () => {
  let municipality: Template;
  let healthAuthority: Template;
  beforeAll(() => {
    const assembly = buildExampleApp().synth();
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['PaAslDiEsempio', 'PaComuneDiEsempio']);
    municipality = Template.fromJSON(assembly.getStackByName('PaComuneDiEsempio').template);
    healthAuthority = Template.fromJSON(assembly.getStackByName('PaAslDiEsempio').template);
  });

  test('the municipality (ordinario) inventory: kit keys, one NAT gateway', () => {
    expect(inventory(municipality)).toEqual({ ...COMMON, 'AWS::KMS::Key': 3, 'AWS::KMS::Alias': 3, 'AWS::EC2::NatGateway': 1, 'AWS::EC2::EIP': 1 });
  });

  test('the health authority (critico) inventory: PA keys (no kit key), a NAT gateway and an egress firewall per zone', () => {
    expect(inventory(healthAuthority)).toEqual({
      ...COMMON,
      'AWS::EC2::NatGateway': 3,
      'AWS::EC2::EIP': 3,
      // Firewall subnets, their route tables and associations, and default routes: private → firewall → NAT,
      // plus each private subnet's routes to the 3 public subnets through its zone's endpoint (symmetric paths).
      'AWS::EC2::Subnet': 15,
      'AWS::EC2::RouteTable': 15,
      'AWS::EC2::SubnetRouteTableAssociation': 15,
      'AWS::EC2::Route': 27,
      'AWS::NetworkFirewall::Firewall': 3,
      'AWS::NetworkFirewall::FirewallPolicy': 1,
      'AWS::NetworkFirewall::LoggingConfiguration': 3,
      'AWS::NetworkFirewall::RuleGroup': 1,
    });
  });

  test('the health authority filters egress through its firewall (recommended for critico, ABSC-NET-03)', () => {
    const privateDefaultRoutes = Object.values(healthAuthority.findResources('AWS::EC2::Route', { Properties: { DestinationCidrBlock: '0.0.0.0/0', VpcEndpointId: Match.anyValue() } }));
    expect(privateDefaultRoutes).toHaveLength(3);
    municipality.resourceCountIs('AWS::NetworkFirewall::Firewall', 0);
  });

  test('vault lock: governance for the municipality, compliance (3-day grace) for the health authority', () => {
    municipality.hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { MinRetentionDays: 35 } });
    expect(Object.values(municipality.findResources('AWS::Backup::BackupVault'))[0].Properties.LockConfiguration.ChangeableForDays).toBeUndefined();
    healthAuthority.hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 35, ChangeableForDays: 3 },
      EncryptionKeyArn: SAMPLE_PA_KEY_ARNS.backup,
    });
  });

  test('backup retention and off-site copy per class', () => {
    const rules = (t: Template) => Object.values(t.findResources('AWS::Backup::BackupPlan'))[0].Properties.BackupPlan.BackupPlanRule;
    expect(rules(municipality).map((r: { RuleName: string; Lifecycle: unknown; CopyActions?: unknown }) => [r.RuleName, r.Lifecycle, r.CopyActions])).toEqual([
      ['Daily', { DeleteAfterDays: 35 }, undefined],
      ['Monthly', { DeleteAfterDays: 360, MoveToColdStorageAfterDays: 30 }, undefined],
    ]);
    expect(rules(healthAuthority).map((r: { RuleName: string; Lifecycle: unknown; EnableContinuousBackup?: boolean; CopyActions: { DestinationBackupVaultArn: string }[] }) =>
      [r.RuleName, r.Lifecycle, r.EnableContinuousBackup, r.CopyActions.map((c) => c.DestinationBackupVaultArn)])).toEqual([
      ['Daily', { DeleteAfterDays: 35 }, true, [SAMPLE_COPY_VAULT_ARN]],
      ['Monthly', { DeleteAfterDays: 720, MoveToColdStorageAfterDays: 30 }, undefined, [SAMPLE_COPY_VAULT_ARN]],
    ]);
  });

  test('audit log retention per class on the trail log group', () => {
    municipality.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    healthAuthority.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
  });

  test('restore tests: quarterly for the municipality, monthly for the health authority', () => {
    municipality.hasResourceProperties('AWS::Backup::RestoreTestingPlan', { RestoreTestingPlanName: 'c_x000_restore_tests', ScheduleExpression: 'cron(0 6 1 1,4,7,10 ? *)' });
    healthAuthority.hasResourceProperties('AWS::Backup::RestoreTestingPlan', { RestoreTestingPlanName: 'asl_x000_restore_tests', ScheduleExpression: 'cron(0 6 1 * ? *)' });
  });

  test('each template carries its tenant metadata', () => {
    expect(readLandingZoneMetadata(municipality.toJSON())).toMatchObject({ tenant: { ipaCode: 'c_x000', name: 'Comune di Esempio' }, classification: 'ordinario', qualification: 'QC1', region: 'eu-south-1', account: SAMPLE_ACCOUNTS.municipality });
    expect(readLandingZoneMetadata(healthAuthority.toJSON())).toMatchObject({ tenant: { ipaCode: 'asl_x000' }, classification: 'critico', qualification: 'QC2', region: 'eu-south-1', account: SAMPLE_ACCOUNTS.healthAuthority });
  });

  test('the health authority exports its own data key for workloads', () => {
    healthAuthority.hasOutput('*', { Value: SAMPLE_PA_KEY_ARNS.data, Export: { Name: 'pa-asl-x000-data-key-arn' } });
  });
});

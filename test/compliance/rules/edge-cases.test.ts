import { DataClassification } from '../../../lib/core';
import { rules } from '../../../lib/compliance';
import { schedulePeriodHours } from '../../../lib/compliance/private/schedule';
import { awsTemplate, cfnDoc, expectCompliant, expectFailure, openstackDocument, run, tfDoc } from './helpers';

describe('schedules', () => {
  test.each([
    ['cron(0 * * * ? *)', 1],
    ['cron(0 1 * * ? *)', 24],
    ['cron(0 1 ? * SUN *)', 168],
    ['cron(0 1 ? * MON-FRI *)', 72],
    ['cron(0 3 1 * ? *)', 720],
    ['cron(0 3 1 1,4,7,10 ? *)', 2160],
    ['cron(0 */6 * * ? *)', 6],
    ['rate(12 hours)', 12],
    ['rate(7 days)', 168],
    ['0 2 * * *', 24],
    ['daily', 24],
    ['*-*-* 02:00:00 UTC', 24],
    ['Sun *-*-* 01:00:00', 168],
    ['*-*-01 03:00:00 Europe/Rome', 720],
    ['*-*-* *:00:00', 1],
  ])('%s runs every %d hours at most', (expression, hours) => {
    expect(schedulePeriodHours(expression)).toBe(hours);
  });

  test('unreadable expressions give undefined', () => {
    expect(schedulePeriodHours('cron(nonsense)')).toBeUndefined();
    expect(schedulePeriodHours('whenever')).toBeUndefined();
  });
});

describe('AWS templates as CDK writes them', () => {
  test('a flow log destination with a prefix (Fn::Join of the bucket ARN) is the archive bucket', () => {
    const t = awsTemplate();
    delete t.Resources.Trail;
    t.Resources.FlowLog.Properties.LogDestination = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['ArchiveBucket', 'Arn'] }, '/vpc-flow-logs/c_h501/']] };
    expectCompliant(run(rules.awsArchiveBucketVersioning, cfnDoc(t)));
  });

  test('an archive outside the template fails as unresolved', () => {
    const t = awsTemplate();
    t.Resources.Trail.Properties.S3BucketName = { 'Fn::ImportValue': 'central-archive' };
    delete t.Resources.FlowLog;
    const f = expectFailure(run(rules.awsArchiveBucketVersioning, cfnDoc(t)), /a bucket not created in this template/, 'Trail');
    expect(f.unresolved).toBe(true);
  });

  test('metric filters with alarms to the topic count as alerts (CIS style)', () => {
    const t = awsTemplate();
    for (const id of ['RootLogin', 'LoginFailure', 'IamChange', 'TrailChange', 'KeyDeletion']) delete t.Resources[id];
    const filter = (name: string, pattern: string) => {
      t.Resources[`${name}Filter`] = { Type: 'AWS::Logs::MetricFilter', Properties: { FilterPattern: pattern, LogGroupName: { Ref: 'TrailLogGroup' }, MetricTransformations: [{ MetricName: name, MetricNamespace: 'Pa', MetricValue: '1' }] } };
      t.Resources[`${name}Alarm`] = { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: name, Namespace: 'Pa', AlarmActions: [{ Ref: 'AlertTopic' }] } };
    };
    filter('Root', '{ ($.userIdentity.type = "Root") && ($.userIdentity.invokedBy NOT EXISTS) }');
    filter('Failure', '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }');
    filter('Iam', '{ ($.eventSource = "iam.amazonaws.com") && ($.eventName = CreatePolicy) }');
    filter('Trail', '{ ($.eventName = StopLogging) || ($.eventName = DeleteTrail) }');
    expectFailure(run(rules.awsSecurityAlerts, cfnDoc(t)), /no event rule or alarm notifies a topic on KMS key deletion or disabling/);
    filter('Kms', '{ ($.eventSource = "kms.amazonaws.com") && ($.eventName = ScheduleKeyDeletion) }');
    expectCompliant(run(rules.awsSecurityAlerts, cfnDoc(t)));
  });

  test('an off-site copy in the same region passes only when another account is shown', () => {
    const t = awsTemplate();
    delete t.Resources.LogKey.Properties.KeyPolicy;
    delete t.Resources.BackupKey.Properties.KeyPolicy;
    const unresolved = expectFailure(run(rules.awsBackupOffsiteCopy, cfnDoc(t)), /cannot show that the target account differs/);
    expect(unresolved.unresolved).toBe(true);
    t.Metadata.PaCloudKit.account = '333333333333';
    expectFailure(run(rules.awsBackupOffsiteCopy, cfnDoc(t)), /copies stay in the stack's own account 333333333333/);
    delete t.Metadata.PaCloudKit.account;
    t.Resources.ArchiveBucketPolicy.Properties.PolicyDocument.Statement.push({ Effect: 'Allow', Action: 's3:PutObject', Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } });
    expectCompliant(run(rules.awsBackupOffsiteCopy, cfnDoc(t)));
  });

  test('a copy to another allowed region passes without an account', () => {
    const t = awsTemplate();
    for (const r of t.Resources.Plan.Properties.BackupPlan.BackupPlanRule) r.CopyActions[0].DestinationBackupVaultArn = 'arn:aws:backup:eu-central-1:111111111111:backup-vault:copies';
    const results = run(rules.awsBackupOffsiteCopy, cfnDoc(t), DataClassification.ORDINARIO);
    expect(results[0]).toMatchObject({ status: 'pass', message: 'copies go to eu-central-1, another allowed region' });
  });

  test('admin ports: protocol -1, ::/0, unresolved sources and standalone ingress resources', () => {
    const t = awsTemplate();
    t.Resources.AllFromV6 = { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { Ref: 'EndpointSg' }, IpProtocol: '-1', CidrIpv6: '::/0' } };
    t.Resources.Rdp = { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { Ref: 'EndpointSg' }, IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, CidrIp: { Ref: 'AdminCidr' } } };
    t.Resources.Https = { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { Ref: 'EndpointSg' }, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' } };
    t.Resources.WinRm = { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { Ref: 'EndpointSg' }, IpProtocol: 'tcp', FromPort: 5986, ToPort: 5986, CidrIp: '0.0.0.0/0' } };
    const results = run(rules.awsAdminPortsClosed, cfnDoc(t));
    expectFailure(results, /ingress from ::\/0 on admin port\(s\) 22 \(SSH\), 3389 \(RDP\), 5985 \(WinRM\), 5986 \(WinRM over TLS\)/, 'AllFromV6');
    expect(expectFailure(results, /source range .* not a literal/, 'Rdp').unresolved).toBe(true);
    expectFailure(results, /5986 \(WinRM over TLS\)/, 'WinRm');
    expect(results.some((r) => r.resource === 'Https')).toBe(false);
  });

  test('a default security group given ingress is reported', () => {
    const t = awsTemplate();
    t.Resources.Open = { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] }, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' } };
    expectFailure(run(rules.awsDefaultSecurityGroupRestricted, cfnDoc(t)), /adds ingress to the default security group of Vpc/, 'Open');
  });

  test('foreign templates without tier names: isolated subnets stand for management', () => {
    const t = awsTemplate();
    const subnet = t.Resources.ManagementSubnet1;
    subnet.Properties.Tags = subnet.Properties.Tags.filter((x: any) => !x.Key.startsWith('aws-cdk:'));
    t.Resources.Isolated = subnet;
    delete t.Resources.ManagementSubnet1;
    t.Resources.ManagementRtAssoc.Properties.SubnetId = { Ref: 'Isolated' };
    const results = run(rules.awsManagementSubnetIsolated, cfnDoc(t));
    expect(results[0]).toMatchObject({ status: 'pass', resource: 'Isolated' });
  });

  test('a class that needs a firewall without one: warning for critico, error for strategico', () => {
    const t = awsTemplate();
    delete t.Resources.Firewall;
    expect(expectFailure(run(rules.awsEgressFirewall, cfnDoc(t)), /critico should have one/).severity).toBe('warning');
    expect(expectFailure(run(rules.awsEgressFirewall, cfnDoc(t), DataClassification.STRATEGICO), /strategico requires one/).severity).toBe('error');
  });

  test('strategico needs external key store keys, imported material is not enough', () => {
    expectFailure(run(rules.awsKmsPaControlled, cfnDoc(awsTemplate()), DataClassification.STRATEGICO), /key created with EXTERNAL material; strategico needs EXTERNAL_KEY_STORE/, 'LogKey');
  });

  test('keys referenced by ARN only are the PA\'s own', () => {
    const t = awsTemplate();
    delete t.Resources.LogKey;
    delete t.Resources.BackupKey;
    expect(run(rules.awsKmsPaControlled, cfnDoc(t), DataClassification.STRATEGICO)[0]).toMatchObject({ status: 'pass' });
  });

  test('tags: wrong classification and invalid IPA code are named', () => {
    const t = awsTemplate();
    t.Resources.Vpc.Properties.Tags = t.Resources.Vpc.Properties.Tags.map((x: any) => (x.Key === 'pa:classification' ? { ...x, Value: 'ordinario' } : x.Key === 'pa:ipa-code' ? { ...x, Value: '1bad' } : x));
    const f = expectFailure(run(rules.awsMandatoryTags, cfnDoc(t)), /pa:ipa-code: must be a codice IPA/, 'Vpc');
    expect(f.message).toMatch(/pa:classification: says ordinario but the landing zone is checked as critico/);
  });

  test('untagged resources of types that take tags fail, other resources are skipped', () => {
    const t = awsTemplate();
    t.Resources.Fn = { Type: 'AWS::Lambda::Function', Properties: { Code: {}, Role: 'x' } };
    t.Resources.Assoc = { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: {} };
    const results = run(rules.awsMandatoryTags, cfnDoc(t));
    expectFailure(results, /missing pa:ipa-code, pa:classification, acn:qualification, pa:owner, pa:incident-contact/, 'Fn');
    expect(results.some((r) => r.resource === 'Assoc')).toBe(false);
  });
});

describe('OpenStack documents as the kit writes them', () => {
  const scheduler = (d: any) => d.resource.openstack_compute_instance_v2.Backup_Scheduler;

  test('user data with interpolations stays readable; a whole expression does not', () => {
    const d = openstackDocument();
    scheduler(d).user_data = scheduler(d).user_data.replace('Name http', 'Name http\n      Passwd ${openstack_identity_application_credential_v3.Logging_ShipperCredential.secret}');
    expectCompliant(run(rules.osGuestLogShipping, tfDoc(d)));
    scheduler(d).user_data = '${templatefile("x.yaml", {})}';
    expect(expectFailure(run(rules.osGuestLogShipping, tfDoc(d)), /user data is an expression/).unresolved).toBe(true);
  });

  test('restore tests rendered as RESTORE_TEST_EVERY_SECONDS run by the backup timer', () => {
    const d = openstackDocument();
    scheduler(d).user_data = scheduler(d).user_data
      .replace(/  - path: \/etc\/systemd\/system\/pa-restore-test\.timer\n    content: \|\n      \[Timer\]\n      OnCalendar=\*-\*-01 06:00:00\n/, '')
      .replace('OFFSITE_OS_REGION_NAME=it-mil1', "OFFSITE_OS_REGION_NAME=it-mil1\n      readonly RESTORE_TEST_EVERY_SECONDS=2592000");
    expect(run(rules.osRestoreTestScheduler, tfDoc(d))[0]).toMatchObject({ status: 'pass', message: 'restore tests run every 30 days (RESTORE_TEST_EVERY_SECONDS, checked by a timer every day)' });
    scheduler(d).user_data = scheduler(d).user_data.replace('RESTORE_TEST_EVERY_SECONDS=2592000', 'RESTORE_TEST_EVERY_SECONDS=7776000');
    expectFailure(run(rules.osRestoreTestScheduler, tfDoc(d)), /restore tests run every 90 days \(RESTORE_TEST_EVERY_SECONDS\); critico needs monthly tests/);
  });

  test('the off-site sync target container is not taken for the archive', () => {
    const d = openstackDocument();
    d.resource.openstack_objectstorage_container_v1.Logging_OffsiteContainer = { name: 'c-h501-log-archive-offsite', region: 'it-mil1', versioning: true };
    d.resource.openstack_objectstorage_container_v1.Logging_ArchiveContainer.container_sync_to = '${one(x)}/c-h501-log-archive-offsite';
    expectCompliant(run(rules.osArchiveContainerSync, tfDoc(d)));
  });

  test('a VPN-only router without SNAT does not give the management network an internet route', () => {
    const d = openstackDocument();
    d.resource.openstack_networking_router_v2.VpnRouter = { name: 'vpn', external_network_id: '${data.x.y.id}', enable_snat: false };
    d.resource.openstack_networking_router_interface_v2.Mgmt = { router_id: '${openstack_networking_router_v2.VpnRouter.id}', subnet_id: '${openstack_networking_subnet_v2.Subnet_Management.id}' };
    expectCompliant(run(rules.osManagementNetworkIsolated, tfDoc(d)));
    delete d.resource.openstack_networking_router_v2.VpnRouter.enable_snat;
    expectFailure(run(rules.osManagementNetworkIsolated, tfDoc(d)), /external gateway with SNAT/);
  });

  test('admin ports: a rule without a source or ports is open to everything', () => {
    const d = openstackDocument();
    d.resource.openstack_networking_secgroup_rule_v2.Any = { direction: 'ingress', ethertype: 'IPv4', security_group_id: 'x' };
    expectFailure(run(rules.osAdminPortsClosed, tfDoc(d)), /ingress from any source on admin port\(s\) 22 \(SSH\), 3389 \(RDP\), 5985/, 'openstack_networking_secgroup_rule_v2.Any');
  });

  test('the region of a foreign file without declared countries is unresolved', () => {
    const d = openstackDocument();
    delete d['//'];
    const f = expectFailure(run(rules.osRegionAllowed, tfDoc(d)), /the country of region it-rom1 is not declared/);
    expect(f.unresolved).toBe(true);
  });

  test('ordinario needs no off-site archive sync; the FWaaS rule does not apply either', () => {
    const d = openstackDocument();
    expect(run(rules.osArchiveContainerSync, tfDoc(d), DataClassification.ORDINARIO)[0].status).toBe('not-applicable');
    expect(run(rules.osFwaasRouterPorts, tfDoc(d), DataClassification.ORDINARIO)[0].status).toBe('not-applicable');
  });
});

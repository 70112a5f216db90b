import { App, CfnResource, Stack, TagManager, Validations, aws_kms as kms } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';
import { LandingZone, LandingZoneProps, PA_CLOUD_KIT_METADATA_KEY, readLandingZoneMetadata } from '../../lib/aws';
import { DataClassification, mandatoryTagKeys } from '../../lib/core';

const ACCOUNT = '111111111111';
const REGION = 'eu-south-1';
const COPY_VAULT = 'arn:aws:backup:eu-south-1:333333333333:backup-vault:pa-copies';
const QUALIFICATION = { ordinario: 'QC1', critico: 'QC2', strategico: 'QC3' } as const;
const keyArn = (n: number) => `arn:aws:kms:eu-south-1:${ACCOUNT}:key/0b6c1a52-0000-4000-8000-00000000000${n}`;

function tenant(classification: DataClassification, extra: Partial<LandingZoneProps['tenant']> = {}) {
  return {
    ipaCode: 'c_x000',
    name: 'Comune di Esempio',
    classification,
    qualification: QUALIFICATION[classification],
    owner: 'Servizio Sistemi Informativi',
    incidentContact: 'cert@comune.example.it',
    ...extra,
  };
}

function paKeys(stack: Stack) {
  return {
    logs: kms.Key.fromKeyArn(stack, 'PaLogsKey', keyArn(1)),
    backup: kms.Key.fromKeyArn(stack, 'PaBackupKey', keyArn(2)),
    data: kms.Key.fromKeyArn(stack, 'PaDataKey', keyArn(3)),
  };
}

function stackOf(env: { account?: string; region?: string } = { account: ACCOUNT, region: REGION }): Stack {
  return new Stack(new App(), 'Stack', { env });
}

/** The inputs each class needs to build without acknowledgements. */
function build(classification: DataClassification, extra: Partial<LandingZoneProps> = {}, stack = stackOf()) {
  const protectedClass = classification !== DataClassification.ORDINARIO;
  const landingZone = new LandingZone(stack, 'LandingZone', {
    tenant: tenant(classification),
    cidr: '10.10.0.0/16',
    keys: 'keys' in extra ? extra.keys : protectedClass ? paKeys(stack) : undefined,
    backupCopyTarget: protectedClass ? { vaultArn: COPY_VAULT } : undefined,
    ...extra,
  });
  return { stack, landingZone };
}

function cfnResources(scope: IConstruct): CfnResource[] {
  return scope.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c));
}

describe.each([DataClassification.ORDINARIO, DataClassification.CRITICO, DataClassification.STRATEGICO])('LandingZone for %s', (classification) => {
  let stack: Stack;
  let landingZone: LandingZone;
  let template: Template;
  const protectedClass = classification !== DataClassification.ORDINARIO;
  beforeAll(() => {
    ({ stack, landingZone } = build(classification));
    template = Template.fromStack(stack);
  });

  test('the policy and tenant come from the props', () => {
    expect(landingZone.tenant.classification).toBe(classification);
    expect(landingZone.policy.classification).toBe(classification);
    expect(landingZone.region).toBe(REGION);
  });

  test('keys: one customer-managed key per purpose with rotation for ordinario, the PA keys otherwise', () => {
    if (protectedClass) {
      template.resourceCountIs('AWS::KMS::Key', 0);
      template.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: keyArn(2) });
      template.hasOutput('*', { Value: keyArn(3), Export: { Name: 'pa-c-x000-data-key-arn' } });
    } else {
      template.resourceCountIs('AWS::KMS::Key', 3);
      template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      for (const purpose of ['logs', 'backup', 'data']) {
        template.hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/pa/c-x000/${purpose}` });
      }
      template.hasOutput('*', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LandingZoneDataKey'), 'Arn'] }, Export: { Name: 'pa-c-x000-data-key-arn' } });
    }
  });

  test('every taggable resource carries the mandatory tags', () => {
    const keys = mandatoryTagKeys(false);
    const taggable = cfnResources(landingZone).filter((r) => TagManager.isTaggable(r) || TagManager.isTaggableV2(r));
    expect(taggable.length).toBeGreaterThan(30);
    for (const resource of taggable) {
      const manager = TagManager.isTaggable(resource) ? resource.tags : (resource as unknown as { cdkTagManager: TagManager }).cdkTagManager;
      const values = manager.tagValues();
      expect({ path: resource.node.path, tags: keys.filter((k) => values[k] === undefined) }).toEqual({ path: resource.node.path, tags: [] });
      expect(values['pa:classification']).toBe(classification);
      expect(values['pa:ipa-code']).toBe('c_x000');
    }
    template.hasResourceProperties('AWS::EC2::VPC', { Tags: Match.arrayWith([{ Key: 'pa:classification', Value: classification }]) });
    template.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultTags: Match.objectLike({ 'acn:qualification': QUALIFICATION[classification] }) });
  });

  test('the template metadata describes the tenant for the compliance engine', () => {
    expect(readLandingZoneMetadata(template.toJSON())).toEqual({
      version: 1,
      tenant: { ipaCode: 'c_x000', name: 'Comune di Esempio' },
      classification,
      qualification: QUALIFICATION[classification],
      region: REGION,
      account: ACCOUNT,
      overrides: [],
      acknowledgements: [],
    });
  });

  test('CDK\'s custom resource provider (raw CfnResources, no tag manager) gets the mandatory tags too', () => {
    const raw = Object.entries(template.toJSON().Resources as Record<string, { Type: string; Properties: { Tags?: unknown } }>)
      .filter(([id]) => id.startsWith('CustomVpcRestrictDefaultSGCustomResourceProvider'));
    expect(raw.map(([, r]) => r.Type).sort()).toEqual(['AWS::IAM::Role', 'AWS::Lambda::Function']);
    for (const [, resource] of raw) {
      expect(resource.Properties.Tags).toEqual([
        { Key: 'pa:ipa-code', Value: 'c_x000' },
        { Key: 'pa:classification', Value: classification },
        { Key: 'acn:qualification', Value: QUALIFICATION[classification] },
        { Key: 'pa:owner', Value: 'Servizio Sistemi Informativi' },
        { Key: 'pa:incident-contact', Value: 'cert@comune.example.it' },
      ]);
    }
  });

  test('outputs: VPC, subnets per tier, archive bucket, vault, alert topic, data key', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const byName = (suffix: string) => Object.entries(outputs).find(([id]) => id.startsWith(`LandingZone${suffix}`))?.[1];
    expect(byName('VpcId')?.Value).toEqual({ Ref: expect.stringMatching(/^LandingZoneNetworkVpc/) });
    for (const tier of ['Public', 'Private', 'Data', 'Management']) {
      const value = byName(`${tier}SubnetIds`)?.Value as { 'Fn::Join': [string, unknown[]] };
      expect(value['Fn::Join'][0]).toBe(',');
      expect(value['Fn::Join'][1]).toHaveLength(3);
    }
    expect(byName('ArchiveBucketName')?.Value).toEqual({ Ref: expect.stringMatching(/^LandingZoneLoggingArchiveBucket/) });
    expect(byName('BackupVaultName')?.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^LandingZoneBackupVault/), 'BackupVaultName'] });
    expect(byName('BackupVaultArn')?.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^LandingZoneBackupVault/), 'BackupVaultArn'] });
    expect(byName('AlertTopicArn')?.Value).toEqual({ Ref: expect.stringMatching(/^LandingZoneLoggingAlertTopic/) });
  });

  test('backup follows the class: lock mode, continuous backup, off-site copy', () => {
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 35, ChangeableForDays: protectedClass ? 3 : Match.absent() },
      Notifications: { SNSTopicArn: { Ref: Match.stringLikeRegexp('^LandingZoneLoggingAlertTopic') }, BackupVaultEvents: Match.arrayWith(['BACKUP_JOB_COMPLETED']) },
    });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: Match.arrayWith([Match.objectLike({
          EnableContinuousBackup: protectedClass ? true : Match.absent(),
          CopyActions: protectedClass ? [Match.objectLike({ DestinationBackupVaultArn: COPY_VAULT })] : Match.absent(),
        })]),
      },
    });
  });

  test('restore tests start EC2 clones in the first data subnet, in a security group with no rules, and delete them after validation', () => {
    const dataSubnet = stack.resolve(landingZone.network.dataSubnets[0].subnetId);
    const group = stack.resolve(landingZone.backup.restoreTestSecurityGroup!.securityGroupId);
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'EC2',
      RestoreMetadataOverrides: {
        vpcId: stack.resolve(landingZone.network.vpc.vpcId),
        subnetId: dataSubnet,
        securityGroupIds: { 'Fn::Join': ['', ['["', group, '"]']] },
        requireImdsV2: 'true',
      },
      ValidationWindowHours: 2,
    });
    const sg = template.findResources('AWS::EC2::SecurityGroup')[group['Fn::GetAtt'][0]].Properties;
    expect(sg.SecurityGroupIngress).toBeUndefined();
    expect(sg.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
    // The data subnet has no route to the internet.
    const table = Object.values(template.findResources('AWS::EC2::SubnetRouteTableAssociation'))
      .find((a) => a.Properties.SubnetId.Ref === dataSubnet.Ref)!.Properties.RouteTableId;
    expect(Object.values(template.findResources('AWS::EC2::Route', { Properties: { RouteTableId: table, DestinationCidrBlock: '0.0.0.0/0' } }))).toEqual([]);
  });

  test('the subnets use the region a, b and c zones by default', () => {
    for (const zone of ['a', 'b', 'c']) {
      template.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: `${REGION}${zone}` });
    }
  });

  test('stateful resources are retained on delete', () => {
    for (const type of ['AWS::KMS::Key', 'AWS::Backup::BackupVault', 'AWS::S3::Bucket', 'AWS::Logs::LogGroup', 'AWS::CloudTrail::Trail']) {
      for (const [id, resource] of Object.entries(template.findResources(type))) {
        expect({ id, deletion: resource.DeletionPolicy, replace: resource.UpdateReplacePolicy }).toEqual({ id, deletion: 'Retain', replace: 'Retain' });
      }
    }
  });
});

describe('LandingZone logical IDs of stateful resources (API: changing one destroys data)', () => {
  test('are pinned', () => {
    const template = Template.fromStack(build(DataClassification.ORDINARIO).stack);
    const ids = (type: string) => Object.keys(template.findResources(type)).sort();
    expect({
      keys: ids('AWS::KMS::Key'),
      vaults: ids('AWS::Backup::BackupVault'),
      buckets: ids('AWS::S3::Bucket'),
      trails: ids('AWS::CloudTrail::Trail'),
      logGroups: ids('AWS::Logs::LogGroup'),
    }).toEqual({
      keys: ['LandingZoneBackupKeyDEF16578', 'LandingZoneDataKeyDCE9BD02', 'LandingZoneLoggingKeyF2EA4692'],
      vaults: ['LandingZoneBackupVault49501F16'],
      buckets: ['LandingZoneLoggingAccessLogsBucket8AFA8D87', 'LandingZoneLoggingArchiveBucket6EC8DB68'],
      trails: ['LandingZoneLoggingTrail73C28891'],
      logGroups: ['LandingZoneLoggingTrailLogGroup9CB24649'],
    });
  });
});

describe('LandingZone options', () => {
  test('a weakening override leaves a warning naming the control and is recorded in the metadata', () => {
    const { stack } = build(DataClassification.ORDINARIO, {
      overrides: [{ setting: 'backupMonthlyRetention', value: '6 months', reason: 'sample data, short retention agreed with the DPO' }],
    });
    Annotations.fromStack(stack).hasWarning('/Stack/LandingZone', Match.stringLikeRegexp('^\\[ABSC-BCK-01\\] backupMonthlyRetention weakened from the kit default 12 months to 6 months: sample data'));
    const metadata = readLandingZoneMetadata(Template.fromStack(stack).toJSON());
    expect(metadata?.overrides).toEqual([{
      setting: 'backupMonthlyRetention', control: 'ABSC-BCK-01', kitDefault: '12 months', value: '6 months', weakens: true,
      reason: 'sample data, short retention agreed with the DPO',
    }]);
  });

  test('a critico tenant acknowledging ACN-KMS-02 gets kit keys, a warning, a PaCloudKit acknowledgement and the metadata entry', () => {
    const reason = 'BYOK key ceremony scheduled for the next quarter';
    const { stack, landingZone } = build(DataClassification.CRITICO, { keys: undefined, acknowledgements: [{ control: 'ACN-KMS-02', reason }] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 3);
    Annotations.fromStack(stack).hasWarning('/Stack/LandingZone', Match.stringLikeRegexp('^\\[ACN-KMS-02\\] kit-created keys used for keys.logs, keys.backup, keys.data'));
    const acks = landingZone.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data);
    expect(acks).toContainEqual({ 'PaCloudKit::ACN-KMS-02': reason });
    expect(readLandingZoneMetadata(template.toJSON())?.acknowledgements).toEqual([{ control: 'ACN-KMS-02', reason }]);
  });

  test('an aggregator is recorded in the metadata and tagged', () => {
    const stack = stackOf();
    new LandingZone(stack, 'LandingZone', { tenant: tenant(DataClassification.ORDINARIO, { aggregator: { ipaCode: 'r_x000', name: 'Regione di Esempio' } }), cidr: '10.10.0.0/16' });
    const template = Template.fromStack(stack);
    expect(template.toJSON().Metadata[PA_CLOUD_KIT_METADATA_KEY].aggregator).toBe('r_x000');
    template.hasResourceProperties('AWS::EC2::VPC', { Tags: Match.arrayWith([{ Key: 'pa:aggregator', Value: 'r_x000' }]) });
    template.hasResourceProperties('AWS::Lambda::Function', { Tags: Match.arrayWith([{ Key: 'pa:aggregator', Value: 'r_x000' }]) });
  });

  test('the metadata has no account when the stack is account-agnostic', () => {
    const stack = stackOf({ region: REGION });
    new LandingZone(stack, 'LandingZone', { tenant: tenant(DataClassification.ORDINARIO), cidr: '10.10.0.0/16', availabilityZones: [`${REGION}a`, `${REGION}b`] });
    const metadata = readLandingZoneMetadata(Template.fromStack(stack).toJSON());
    expect(metadata?.region).toBe(REGION);
    expect(metadata).not.toHaveProperty('account');
  });

  test('raw taggable CfnResources keep their own tags; the mandatory keys take the tenant\'s values; other raw types and tag-managed resources are left alone', () => {
    const stack = stackOf();
    new CfnResource(stack, 'RawRole', {
      type: 'AWS::IAM::Role',
      properties: { AssumeRolePolicyDocument: {}, Tags: [{ Key: 'cost-centre', Value: 'cc-42' }, { Key: 'pa:owner', Value: 'someone else' }] },
    });
    const overridden = new CfnResource(stack, 'RawQueue', { type: 'AWS::SQS::Queue', properties: {} });
    overridden.addPropertyOverride('Tags', [{ Key: 'team', Value: 'ops' }]);
    new CfnResource(stack, 'RawUntaggable', { type: 'AWS::EC2::Route', properties: { RouteTableId: 'rtb-1' } });
    new CfnResource(stack, 'RawCustom', { type: 'Custom::Thing', properties: { ServiceToken: 'arn:aws:lambda:eu-south-1:111111111111:function:x' } });
    new LandingZone(stack, 'LandingZone', { tenant: tenant(DataClassification.ORDINARIO), cidr: '10.10.0.0/16' });
    const resources = Template.fromStack(stack).toJSON().Resources;
    const tag = (Key: string, Value: string) => ({ Key, Value });
    const ipaCode = tag('pa:ipa-code', 'c_x000');
    const cls = tag('pa:classification', 'ordinario');
    const qualification = tag('acn:qualification', 'QC1');
    const owner = tag('pa:owner', 'Servizio Sistemi Informativi');
    const contact = tag('pa:incident-contact', 'cert@comune.example.it');
    // The role's own pa:owner keeps its place and takes the tenant's value; cost-centre stays.
    expect(resources.RawRole.Properties.Tags).toEqual([tag('cost-centre', 'cc-42'), owner, ipaCode, cls, qualification, contact]);
    // Tags from an earlier property override are kept too.
    expect(resources.RawQueue.Properties.Tags).toEqual([tag('team', 'ops'), ipaCode, cls, qualification, owner, contact]);
    expect(resources.RawUntaggable.Properties.Tags).toBeUndefined();
    expect(resources.RawCustom.Properties.Tags).toBeUndefined();
    // Tag-managed resources get their tags from Tags.of() only, never a second time through an override.
    const vpc = Object.values(resources as Record<string, { Type: string; Properties: { Tags: { Key: string }[] } }>).find((r) => r.Type === 'AWS::EC2::VPC')!;
    expect(vpc.Properties.Tags.filter((t) => t.Key === 'pa:ipa-code')).toHaveLength(1);
  });
});

describe('off-site copies in another account (ACN-BCK-04)', () => {
  const grants = (copyAccount: string) => [
    expect.objectContaining({
      Sid: 'OffsiteCopyAccountUsesKey',
      Principal: { AWS: `arn:aws:iam::${copyAccount}:root` },
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
    }),
    expect.objectContaining({ Sid: 'OffsiteCopyAccountGrantsToAwsBackup', Action: 'kms:CreateGrant', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } }),
  ];

  test("the kit's data key is shared with the copy account, and only with it", () => {
    const { stack, landingZone } = build(DataClassification.ORDINARIO, { backupCopyTarget: { vaultArn: COPY_VAULT } });
    const template = Template.fromStack(stack);
    const key = template.findResources('AWS::KMS::Key')[stack.getLogicalId(landingZone.dataKey.node.defaultChild as CfnResource)];
    expect(key.Properties.KeyPolicy.Statement).toEqual(expect.arrayContaining(grants('333333333333')));
    // The logs and backup keys are not shared.
    const others = Object.entries(template.findResources('AWS::KMS::Key')).filter(([id]) => id !== stack.getLogicalId(landingZone.dataKey.node.defaultChild as CfnResource));
    for (const [, k] of others) expect(JSON.stringify(k.Properties.KeyPolicy)).not.toContain('333333333333');
  });

  test("a PA's data key gets an info annotation with the statements its owner must add", () => {
    const { stack } = build(DataClassification.CRITICO);
    const [info] = Annotations.fromStack(stack).findInfo('/Stack/LandingZone', Match.stringLikeRegexp('ACN-BCK-04.*account 333333333333')).map((m) => String(m.entry.data));
    expect(info).toContain(`the PA's data key ${keyArn(3)} (whose policy this stack cannot edit) must grant that account`);
    expect(info).toContain('AWS-managed keys cannot be copied across accounts');
  });

  test('no sharing without a copy target, or with a target in the same account (another region)', () => {
    for (const target of [undefined, { vaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:copies' }]) {
      const { stack } = build(DataClassification.ORDINARIO, { backupCopyTarget: target });
      expect(JSON.stringify(Template.fromStack(stack).findResources('AWS::KMS::Key'))).not.toContain('OffsiteCopyAccount');
    }
  });
});

describe('LandingZone rejects', () => {
  test('a stack without a concrete region', () => {
    expect(() => build(DataClassification.ORDINARIO, {}, stackOf({})))
      .toThrow(/^env\.region: the stack holding a LandingZone needs a concrete region .*\[ACN-LOC-01\]$/);
  });

  test('a region outside the EU', () => {
    expect(() => build(DataClassification.ORDINARIO, {}, stackOf({ account: ACCOUNT, region: 'us-east-1' })))
      .toThrow(/^env\.region: the landing zone of an ordinario tenant must stay in a region in a member state of the European Union; us-east-1 is in US.*\[ACN-LOC-01\]$/);
  });

  test('a critico tenant outside Italy without acknowledging ACN-LOC-01', () => {
    expect(() => build(DataClassification.CRITICO, {}, stackOf({ account: ACCOUNT, region: 'eu-central-1' })))
      .toThrow(/^env\.region: the landing zone of a critico tenant must stay in a region in Italy; eu-central-1 is in DE.*acknowledge ACN-LOC-01/);
  });

  test('a declared qualification below the class minimum', () => {
    expect(() => build(DataClassification.STRATEGICO, { tenant: tenant(DataClassification.STRATEGICO, { qualification: 'QC2' }) }))
      .toThrow(/^tenant\.qualification: a strategico tenant needs services qualified QC3 or higher .*, got "QC2" \[ACN-QUAL-01\]$/);
  });

  test('a critico tenant missing a PA key without acknowledging ACN-KMS-02', () => {
    const stack = stackOf();
    expect(() => build(DataClassification.CRITICO, { keys: { logs: paKeys(stack).logs } }, stack))
      .toThrow(/^keys: a critico tenant needs keys the PA holds .*\(or acknowledge ACN-KMS-02 with a reason\), got "missing keys\.backup, keys\.data" \[ACN-KMS-02\]$/);
  });

  test('a strategico tenant without keys (no acknowledgement possible)', () => {
    expect(() => build(DataClassification.STRATEGICO, { keys: undefined }))
      .toThrow(/^keys: a strategico tenant needs keys the PA holds \(BYOK\/HYOK\): give existing keys as keys\.logs, keys\.backup, keys\.data, got nothing \[ACN-KMS-02\]$/);
  });

  test('a strategico tenant acknowledging ACN-KMS-02', () => {
    expect(() => build(DataClassification.STRATEGICO, { keys: undefined, acknowledgements: [{ control: 'ACN-KMS-02', reason: 'we would rather not hold keys' }] }))
      .toThrow(/^LandingZoneProps\.acknowledgements\[0\]\.control: ACN-KMS-02 cannot be acknowledged for a strategico tenant/);
  });

  test('a critico tenant without a copy target and without acknowledging ACN-BCK-04', () => {
    expect(() => build(DataClassification.CRITICO, { backupCopyTarget: undefined }))
      .toThrow(/^backupCopyTarget: a critico tenant needs an off-site backup copy in another account or another allowed region: give backupCopyTarget.*\[ACN-BCK-04\]$/);
  });

  test('a copy target in the landing zone account and region', () => {
    expect(() => build(DataClassification.CRITICO, { backupCopyTarget: { vaultArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:same` } }))
      .toThrow(/^backupCopyTarget: must send the copies to another account or another region than the tenant's own \(account 111111111111, region eu-south-1\)/);
  });

  test('a second landing zone in the same stack', () => {
    const { stack } = build(DataClassification.ORDINARIO);
    expect(() => new LandingZone(stack, 'Second', { tenant: tenant(DataClassification.ORDINARIO, { ipaCode: 'c_x001' }), cidr: '10.11.0.0/16' }))
      .toThrow(/^scope: a stack holds one landing zone; this stack already holds the one of c_x000/);
  });

  test('an invalid tenant', () => {
    expect(() => build(DataClassification.ORDINARIO, { tenant: tenant(DataClassification.ORDINARIO, { ipaCode: 'Comune!' }) }))
      .toThrow(/^tenant\.ipaCode: must be a codice IPA/);
  });
});

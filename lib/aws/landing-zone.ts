import {
  Annotations,
  Aspects,
  CfnOutput,
  Fn,
  RemovalPolicy,
  Stack,
  Tags,
  Token,
  Validations,
  aws_ec2 as ec2,
  aws_kms as kms,
  aws_s3 as s3,
} from 'aws-cdk-lib';
import { aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  Acknowledgement,
  CloudProvider,
  CompliancePolicy,
  PaCloudKitError,
  PolicyOverride,
  RegionCatalogue,
  TenantIdentity,
  TenantIdentityProps,
  TenantPlan,
  accountRootArn,
  egressFilterOn,
  parseBackupVaultArn,
} from '../core';
import { BackupCopyTarget, LandingZoneBackup } from './backup';
import { LandingZoneLogging } from './logging';
import { landingZoneMetadata, writeLandingZoneMetadata } from './metadata';
import { applyNagAcknowledgements } from './nag-acknowledgements';
import { RawResourceTags } from './private/raw-resource-tags';
import { nameCopyTargetProp } from './private/prop-names';
import { AwsLandingZoneSettings, checkAwsSettings, checkKmsKeyArn } from './settings';
import { LandingZoneNetwork } from './network';

/** Keys held by the PA (BYOK/HYOK, ACN-KMS-02), one per purpose. */
export interface LandingZoneKeys {
  /**
   * The key of the log archive, the trail and the alert topic.
   * @default - a new customer-managed key with rotation (`Logging/Key`)
   */
  readonly logs?: kms.IKey;
  /**
   * The key of the backup vault.
   * @default - a new customer-managed key with rotation (`Backup/Key`)
   */
  readonly backup?: kms.IKey;
  /**
   * The key workloads use for their data (volumes, databases, buckets).
   * @default - a new customer-managed key with rotation (`DataKey`)
   */
  readonly data?: kms.IKey;
}

/** Properties of {@link LandingZone}. */
export interface LandingZoneProps extends AwsLandingZoneSettings {
  /** The PA: codice IPA, name, classification, declared qualification, owner, incident contact, aggregator. */
  readonly tenant: TenantIdentityProps | TenantIdentity;
  /** The tenant's network range, a /16 to /24 (e.g. `10.20.0.0/16`). */
  readonly cidr: string;
  /**
   * Changes to the kit defaults of the class. A weakening override needs a reason and leaves a
   * warning naming the control.
   * @default - the kit defaults of the class
   */
  readonly overrides?: readonly PolicyOverride[];
  /**
   * Controls the PA knowingly does not meet, each with a reason; recorded in the template
   * metadata and as `PaCloudKit::<control>` validation acknowledgements.
   * @default - none
   */
  readonly acknowledgements?: readonly Acknowledgement[];
  /**
   * Keys held by the PA. Required for critico (unless ACN-KMS-02 is acknowledged) and for
   * strategico (no acknowledgement possible).
   * @default - customer-managed keys created by the kit, for ordinario
   */
  readonly keys?: LandingZoneKeys;
  /**
   * The off-site backup copy target (ACN-BCK-04): required for critico and strategico unless
   * ACN-BCK-04 is acknowledged.
   * @default - no off-site copy
   */
  readonly backupCopyTarget?: BackupCopyTarget;
  /**
   * An aggregator's central log archive bucket (in another account); the tenant writes under
   * its codice IPA.
   * @default - a dedicated archive bucket in the stack
   */
  readonly centralArchiveBucket?: s3.IBucket;
  /**
   * The key of the aggregator's central archive (its key ARN or alias ARN, in the aggregator's
   * account): the trail encrypts its files with it, so the aggregator can read and validate them
   * and the tenant cannot destroy them (see `LandingZoneLoggingProps.existingArchiveKey`).
   * Only with `centralArchiveBucket`.
   * @default - `centralArchiveBucket.encryptionKey`; one of them is required with `centralArchiveBucket`
   */
  readonly centralArchiveKey?: kms.IKey;
  /**
   * Whether a managed firewall filters egress.
   * @default - from the class (see `LandingZoneNetworkProps.egressFirewall`)
   */
  readonly egressFirewall?: boolean;
}

const PURPOSES = ['logs', 'backup', 'data'] as const;

/**
 * The landing zone of one PA tenant on AWS: network, log archive and trail, backups and the
 * workload data key, all driven by the tenant's data classification. One landing zone per stack;
 * the stack must have a concrete region (`env.region`).
 */
export class LandingZone extends Construct {
  /** What the kit decided for the tenant: identity, policy, region, keys, off-site target, warnings. */
  public readonly plan: TenantPlan;
  public readonly tenant: TenantIdentity;
  public readonly policy: CompliancePolicy;
  /** The stack's region, checked against the class (ACN-LOC-01). */
  public readonly region: string;
  public readonly logging: LandingZoneLogging;
  public readonly network: LandingZoneNetwork;
  public readonly backup: LandingZoneBackup;
  /** The key workloads use for their data: the PA's key, or `DataKey` (rotated, retained). */
  public readonly dataKey: kms.IKey;

  constructor(scope: Construct, id: string, props: LandingZoneProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (Token.isUnresolved(stack.region)) {
      throw new PaCloudKitError({
        field: 'env.region',
        value: stack.region,
        rule: 'the stack holding a LandingZone needs a concrete region (set env: { account, region } on the stack) so its location can be checked',
        control: 'ACN-LOC-01',
      });
    }
    const catalogue = RegionCatalogue.standard();
    const keys = props.keys ?? {};
    const account = Token.isUnresolved(stack.account) ? undefined : stack.account;
    const copyTarget = props.backupCopyTarget === undefined ? undefined : parseBackupVaultArn(props.backupCopyTarget.vaultArn);
    this.plan = TenantPlan.of({
      tenant: props.tenant,
      overrides: props.overrides,
      acknowledgements: props.acknowledgements,
      region: catalogue.get(CloudProvider.AWS, stack.region, 'env.region'),
      account,
      keys: { purposes: PURPOSES.map((p) => `keys.${p}`), held: PURPOSES.filter((p) => keys[p] !== undefined).map((p) => `keys.${p}`) },
      offsite: props.backupCopyTarget === undefined ? undefined : {
        region: copyTarget === undefined ? undefined : catalogue.find(CloudProvider.AWS, copyTarget.region),
        account: copyTarget?.account,
      },
      fields: {
        policy: 'LandingZoneProps',
        region: 'env.region',
        keysHint: 'give existing keys as keys.logs, keys.backup, keys.data',
        keysWarning: 'kit-created keys used for {missing} of',
        offsite: 'backupCopyTarget',
        offsiteRegion: 'backupCopyTarget.vaultArn',
        offsiteHint: 'give backupCopyTarget, a vault in another account or another allowed region',
      },
    });
    this.tenant = this.plan.identity;
    this.policy = this.plan.policy;
    this.region = this.plan.region.name;
    const policy = this.policy;
    // The PA's keys, where their ARNs are known at synthesis, by the rules the config loader applies.
    for (const purpose of PURPOSES) {
      const arn = keys[purpose]?.keyArn;
      if (arn === undefined || Token.isUnresolved(arn)) continue;
      checkKmsKeyArn(arn, `keys.${purpose}`, { policy, purpose: 'the encryption key', region: { name: this.region, what: 'the landing zone\'s region' } });
    }
    // The network checks that the zones belong to the region.
    // The settings a landing zones file gives too, by the same rules (lib/aws/settings.ts).
    checkAwsSettings(props, { region: this.region, egressFirewall: egressFilterOn(policy, props.egressFirewall, false) });
    const availabilityZones = props.availabilityZones ?? ['a', 'b', 'c'].map((z) => `${this.region}${z}`);

    this.logging = new LandingZoneLogging(this, 'Logging', {
      tenant: this.tenant,
      policy,
      encryptionKey: keys.logs,
      existingArchiveBucket: props.centralArchiveBucket,
      existingArchiveKey: props.centralArchiveKey,
    });
    this.network = new LandingZoneNetwork(this, 'Network', {
      tenant: this.tenant,
      policy,
      cidr: props.cidr,
      availabilityZones,
      flowLogBucket: this.logging.archiveBucket,
      egressFirewall: props.egressFirewall,
    });
    this.backup = new LandingZoneBackup(this, 'Backup', nameCopyTargetProp({
      tenant: this.tenant,
      policy,
      encryptionKey: keys.backup,
      alertTopic: this.logging.alertTopic,
      copyTarget: props.backupCopyTarget,
      // Restored instances start in the first data subnet: no internet route, VPC-only network ACL.
      restoreTestIsolation: { vpc: this.network.vpc, subnet: this.network.dataSubnets[0] },
    }, 'backupCopyTarget'));
    this.dataKey = keys.data ?? new kms.Key(this, 'DataKey', {
      description: `Workload data of ${this.tenant.name} (${this.tenant.ipaCode})`,
      alias: `alias/pa/${this.tenant.slug}/data`,
      enableKeyRotation: policy.settings.keyRotation,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (props.backupCopyTarget) this.shareDataKeyWithCopyAccount(props.backupCopyTarget.vaultArn);

    for (const [key, value] of Object.entries(this.tenant.tags())) Tags.of(this).add(key, value);
    // aws-cdk-lib's stack-level singletons (the role and function of custom resource providers,
    // e.g. the VPC's Custom::VpcRestrictDefaultSG) are raw CfnResources outside this scope and
    // without a tag manager; the stack holds this one landing zone, so they are the tenant's too.
    Aspects.of(stack).add(new RawResourceTags(this.tenant.tags()));
    for (const warning of this.plan.warnings) {
      Annotations.of(this).addWarningV2(`pa-cloud-kit:${/^\[([^\]]+)\]/.exec(warning)?.[1] ?? 'plan'}`, warning);
    }
    for (const ack of policy.acknowledgements.values()) {
      Validations.of(this).acknowledge({ id: `PaCloudKit::${ack.control}`, reason: ack.reason });
    }
    writeLandingZoneMetadata(stack, landingZoneMetadata(this.plan, stack.account));
    this.addOutputs();
    applyNagAcknowledgements(this);
  }

  /**
   * An off-site copy in another account needs the recovery points' key shared with that account:
   * EBS and EC2 recovery points stay encrypted with the volumes' key (the data key, customer
   * managed: AWS-managed keys cannot be shared, so resources encrypted with them cannot be copied
   * across accounts). The kit's data key gets the grant; a PA's key gets an info annotation with
   * the statements its owner must add.
   */
  private shareDataKeyWithCopyAccount(vaultArn: string): void {
    const target = parseBackupVaultArn(vaultArn);
    const stack = Stack.of(this);
    if (!target || target.account === stack.account) return;
    const copyAccount = new iam.ArnPrincipal(accountRootArn(target.partition, target.account));
    const statements = [
      new iam.PolicyStatement({
        sid: 'OffsiteCopyAccountUsesKey',
        principals: [copyAccount],
        actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'OffsiteCopyAccountGrantsToAwsBackup',
        principals: [copyAccount],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
    ];
    const added = statements.map((st) => this.dataKey.addToResourcePolicy(st, true).statementAdded);
    if (!added.every(Boolean)) {
      Annotations.of(this).addInfo(
        `[ACN-BCK-04] the off-site copies go to account ${target.account}: the PA's data key ${Token.isUnresolved(this.dataKey.keyArn) ? '' : `${this.dataKey.keyArn} `}(whose policy this stack cannot edit) must grant that account ${JSON.stringify(statements.map((st) => stack.resolve(st.toStatementJson())))}; back up only resources encrypted with a customer-managed key shared like this one (AWS-managed keys cannot be copied across accounts)`,
      );
    }
  }

  private addOutputs(): void {
    const ids = (subnets: readonly ec2.ISubnet[]) => Fn.join(',', subnets.map((s) => s.subnetId));
    const out = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    out('VpcId', this.network.vpc.vpcId, `VPC of ${this.tenant.ipaCode}`);
    out('PublicSubnetIds', ids(this.network.publicSubnets), 'Public subnets (load balancers, NAT)');
    out('PrivateSubnetIds', ids(this.network.privateSubnets), 'Private subnets (workloads)');
    out('DataSubnetIds', ids(this.network.dataSubnets), 'Data subnets (databases, no internet route)');
    out('ManagementSubnetIds', ids(this.network.managementSubnets), 'Management subnets (isolated, admin access via session manager)');
    out('ArchiveBucketName', this.logging.archiveBucket.bucketName, 'Log archive bucket');
    out('BackupVaultName', this.backup.vault.backupVaultName, 'Backup vault');
    out('BackupVaultArn', this.backup.vault.backupVaultArn, 'Backup vault ARN');
    out('AlertTopicArn', this.logging.alertTopic.topicArn, 'Security and backup alert topic');
    new CfnOutput(this, 'DataKeyArn', {
      value: this.dataKey.keyArn,
      description: 'KMS key for workload data',
      exportName: `pa-${this.tenant.slug}-data-key-arn`,
    });
  }
}

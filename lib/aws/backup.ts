import {
  Annotations,
  Duration as CdkDuration,
  RemovalPolicy,
  Stack,
  Tags,
  TimeZone,
  Token,
  Fn,
  aws_backup as backup,
  aws_ec2 as ec2,
  aws_events as events,
  aws_iam as iam,
  aws_kms as kms,
  aws_sns as sns,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  CloudProvider,
  CompliancePolicy,
  Duration,
  Frequency,
  LockMode,
  PaCloudKitError,
  RegionCatalogue,
  TenantIdentity,
  checkRegion,
  parseBackupVaultArn,
  withArticle,
} from '../core';
import { cronExpression, cronFor } from './private/backup-schedule';
import { copyTargetPropName } from './private/prop-names';

/** The tag that puts a resource under the landing zone's backup plan. */
export interface BackupTag {
  readonly key: string;
  readonly value: string;
}

/** The vault that receives the off-site copy of every recovery point (ACN-BCK-04). */
export interface BackupCopyTarget {
  /**
   * ARN of a backup vault in another account, or in another allowed region, e.g.
   * `arn:aws:backup:eu-south-1:333333333333:backup-vault:pa-copies`. Its region and account are
   * read from the ARN and checked (ACN-LOC-01), so it must be a literal, not a token.
   */
  readonly vaultArn: string;
}

/** Where restore tests start the EC2 instances they restore, away from production. */
export interface RestoreTestIsolation {
  /** The VPC of `subnet`. */
  readonly vpc: ec2.IVpc;
  /**
   * A subnet without an internet route (the landing zone gives its first data subnet): restored
   * instances start there, in a security group of their own that admits nothing and sends nothing
   * (construct ID `RestoreTestSecurityGroup`), and restored volumes are created in its zone.
   */
  readonly subnet: ec2.ISubnet;
}

/** Properties of {@link LandingZoneBackup}. */
export interface LandingZoneBackupProps {
  /** The PA the backups belong to. */
  readonly tenant: TenantIdentity;
  /** The tenant's compliance policy: frequency, retention, vault lock, off-site copy, restore tests. */
  readonly policy: CompliancePolicy;
  /**
   * The key that encrypts the vault.
   * @default - a new customer-managed key with yearly rotation, retained on delete (construct id `Key`,
   *   alias `alias/pa/<slug>/backup`)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * The topic that receives backup, copy and restore events. Its key policy must let
   * `backup.amazonaws.com` use the key (the construct grants it when the key is in the same stack).
   * @default - no notifications
   */
  readonly alertTopic?: sns.ITopic;
  /**
   * The off-site copy target (ACN-BCK-04): required for critico and strategico unless
   * ACN-BCK-04 is acknowledged.
   * @default - no off-site copy
   */
  readonly copyTarget?: BackupCopyTarget;
  /**
   * The tag that selects the resources to back up.
   * @default { key: 'pa:backup', value: 'true' }
   */
  readonly backupTag?: BackupTag;
  /**
   * Where restore tests start restored EC2 instances: an isolated subnet and a security group with
   * no rules. Without it the EC2 restore test is not created (AWS Backup would start the clones
   * with the production instance's subnet and security groups, or in the default VPC); EBS
   * volumes are still restore-tested, and an info annotation says so.
   * @default - EBS restore tests only
   */
  readonly restoreTestIsolation?: RestoreTestIsolation;
}

/**
 * The backup events sent to the alert topic: job completions (they carry the job state, FAILED
 * included), failed copies, completed restores (restore tests included) and changes of a
 * recovery point. AWS no longer sends BACKUP_JOB_FAILED, RESTORE_JOB_FAILED or BACKUP_PLAN_*:
 * BACKUP_JOB_COMPLETED and RESTORE_JOB_COMPLETED replace them.
 */
export const BACKUP_ALERT_EVENTS: readonly backup.BackupVaultEvents[] = [
  backup.BackupVaultEvents.BACKUP_JOB_COMPLETED,
  backup.BackupVaultEvents.COPY_JOB_FAILED,
  backup.BackupVaultEvents.RESTORE_JOB_COMPLETED,
  backup.BackupVaultEvents.RECOVERY_POINT_MODIFIED,
  backup.BackupVaultEvents.S3_BACKUP_OBJECT_FAILED,
  backup.BackupVaultEvents.S3_RESTORE_OBJECT_FAILED,
];

/** The resource types the restore testing plan restores (EC2 only with a `restoreTestIsolation`). */
export const RESTORE_TESTED_RESOURCE_TYPES = ['EBS', 'EC2'] as const;

/**
 * Hours a restored resource is kept after a restore test for its validation (status checks, a
 * validation function reporting PutRestoreValidationResult); AWS Backup deletes it afterwards.
 */
export const RESTORE_VALIDATION_WINDOW_HOURS = 2;

/** AWS keeps continuous (point-in-time) recovery points at most 35 days. */
const CONTINUOUS_BACKUP_MAX = Duration.days(35);
/** AWS Backup moves recovery points to cold storage for at least 90 days. */
const COLD_STORAGE_MIN = Duration.days(90);
/** Monthly recovery points go to cold storage after a month. */
const COLD_STORAGE_AFTER = Duration.days(30);
/** The grace time before a compliance-mode vault lock becomes immutable (AWS minimum: 72 hours). */
export const VAULT_LOCK_GRACE_TIME = Duration.days(3);
/** Backups start at 01:00 Europe/Rome, monthly ones at 03:00, restore tests at 06:00. */
const BACKUP_HOUR = 1;
const MONTHLY_BACKUP_HOUR = 3;
const RESTORE_TEST_HOUR = 6;
const TAG_KEY_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

const toCdk = (d: Duration) => CdkDuration.days(d.toDays());

/**
 * The backups of one tenant: an encrypted, locked vault; a plan at the class frequency and
 * retention with an off-site copy; a restore testing plan at the class cadence; event
 * notifications to the alert topic (ABSC-BCK-01..03, ACN-BCK-04).
 *
 * Vault lock per class (`policy.settings.backupVaultLockMode`): in CloudFormation a
 * `LockConfiguration` without `ChangeableForDays` is a governance-mode lock (it can be removed by
 * a user with the right permissions); with `ChangeableForDays` it becomes a compliance-mode lock
 * that nobody, not even the root user, can remove once the grace time ends. GOVERNANCE maps to
 * the former, COMPLIANCE to the latter with a grace time of {@link VAULT_LOCK_GRACE_TIME}.
 */
export class LandingZoneBackup extends Construct {
  /** The tenant's vault (construct id `Vault`), retained on delete. */
  public readonly vault: backup.BackupVault;
  /** The backup plan (construct id `Plan`). */
  public readonly plan: backup.BackupPlan;
  /** The key that encrypts the vault. */
  public readonly key: kms.IKey;
  /** The restore testing plan (construct id `RestoreTestingPlan`). */
  public readonly restoreTestingPlan: backup.CfnRestoreTestingPlan;
  /** The role AWS Backup uses to back up and restore the tenant's resources. */
  public readonly serviceRole: iam.Role;
  /** The off-site copy target vault, when there is one. */
  public readonly copyTargetVault?: backup.IBackupVault;
  /** The tag that selects the resources to back up. */
  public readonly backupTag: BackupTag;
  /** The security group of restored EC2 instances: no ingress, no egress (construct ID `RestoreTestSecurityGroup`); undefined without `restoreTestIsolation`. */
  public readonly restoreTestSecurityGroup?: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: LandingZoneBackupProps) {
    super(scope, id);
    const { tenant, policy } = props;
    const s = policy.settings;
    this.backupTag = validateBackupTag(props.backupTag ?? { key: 'pa:backup', value: 'true' });

    if (s.continuousBackup && s.backupDailyRetention.isLongerThan(CONTINUOUS_BACKUP_MAX)) {
      throw new PaCloudKitError({
        field: 'policy.backupDailyRetention',
        value: s.backupDailyRetention.toString(),
        rule: `with continuous backup on, AWS keeps point-in-time recovery points at most ${CONTINUOUS_BACKUP_MAX}; set a daily retention of at most ${CONTINUOUS_BACKUP_MAX} or turn continuousBackup off`,
        control: 'ABSC-BCK-01',
      });
    }
    if (s.backupMonthlyRetention.isShorterThan(s.backupDailyRetention)) {
      throw new PaCloudKitError({
        field: 'policy.backupMonthlyRetention',
        value: s.backupMonthlyRetention.toString(),
        rule: `must be at least the daily retention of ${s.backupDailyRetention}, the vault lock's minimum retention`,
        control: 'ABSC-BCK-03',
      });
    }
    const copyTargetProp = copyTargetPropName(props);
    const copyTarget = props.copyTarget ? this.checkCopyTarget(policy, props.copyTarget, copyTargetProp) : undefined;
    policy.requireOrAcknowledged('ACN-BCK-04', !s.offsiteBackupCopy || copyTarget !== undefined, {
      field: copyTargetProp,
      value: undefined,
      rule: `${withArticle(policy.classification)} tenant needs an off-site copy of its backups: give the ARN of a vault in another account or another allowed region`,
    });
    if (!copyTarget && !s.offsiteBackupCopy) {
      Annotations.of(this).addInfo(`An off-site backup copy is recommended for ${withArticle(policy.classification)} tenant (ACN-BCK-04): set ${copyTargetProp}`);
    }

    this.key = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Backups of ${tenant.name} (${tenant.ipaCode})`,
      alias: `alias/pa/${tenant.slug}/backup`,
      enableKeyRotation: s.keyRotation,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.vault = new backup.BackupVault(this, 'Vault', {
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
      blockRecoveryPointDeletion: true,
      lockConfiguration: {
        minRetention: toCdk(s.backupDailyRetention),
        changeableFor: s.backupVaultLockMode === LockMode.COMPLIANCE ? toCdk(VAULT_LOCK_GRACE_TIME) : undefined,
      },
    });
    denyVaultLockRemoval(this.vault);
    if (props.alertTopic) this.notifyTo(props.alertTopic);

    if (copyTarget) {
      this.copyTargetVault = backup.BackupVault.fromBackupVaultArn(this, 'CopyTargetVault', copyTarget);
    }
    const copyTo = (deleteAfter: Duration, coldAfter?: Duration): backup.BackupPlanCopyActionProps[] | undefined =>
      this.copyTargetVault
        ? [{ destinationBackupVault: this.copyTargetVault, deleteAfter: toCdk(deleteAfter), moveToColdStorageAfter: coldAfter && toCdk(coldAfter) }]
        : undefined;

    this.plan = new backup.BackupPlan(this, 'Plan', { backupPlanName: `pa-${tenant.slug}`, backupVault: this.vault });
    const frequent = cronFor(s.backupFrequency, BACKUP_HOUR);
    this.plan.addRule(new backup.BackupPlanRule({
      ruleName: capitalize(s.backupFrequency),
      scheduleExpression: events.Schedule.cron(frequent),
      scheduleExpressionTimezone: TimeZone.EUROPE_ROME,
      startWindow: s.backupFrequency === Frequency.HOURLY ? CdkDuration.hours(1) : undefined,
      deleteAfter: toCdk(s.backupDailyRetention),
      enableContinuousBackup: s.continuousBackup || undefined,
      copyActions: copyTo(s.backupDailyRetention),
    }));
    // Cold storage only where AWS accepts it: kept there at least 90 days.
    const monthlyCold = s.backupMonthlyRetention.toDays() >= COLD_STORAGE_AFTER.toDays() + COLD_STORAGE_MIN.toDays()
      ? COLD_STORAGE_AFTER
      : undefined;
    this.plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Monthly',
      scheduleExpression: events.Schedule.cron(cronFor(Frequency.MONTHLY, MONTHLY_BACKUP_HOUR)),
      scheduleExpressionTimezone: TimeZone.EUROPE_ROME,
      deleteAfter: toCdk(s.backupMonthlyRetention),
      moveToColdStorageAfter: monthlyCold && toCdk(monthlyCold),
      copyActions: copyTo(s.backupMonthlyRetention, monthlyCold),
    }));

    this.serviceRole = new iam.Role(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: `AWS Backup service role of ${tenant.ipaCode}: backups and restore tests`,
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores'),
      ],
    });
    this.plan.addSelection('Selection', {
      resources: [backup.BackupResource.fromTag(this.backupTag.key, this.backupTag.value)],
      role: this.serviceRole,
      disableDefaultBackupPolicy: true,
    });

    // Restore tests (ABSC-BCK-02): the latest recovery point of each tagged EBS volume and EC2
    // instance is restored at the class cadence, then deleted by AWS Backup.
    const planName = `${tenant.ipaCode}_restore_tests`;
    this.restoreTestingPlan = new backup.CfnRestoreTestingPlan(this, 'RestoreTestingPlan', {
      restoreTestingPlanName: planName,
      scheduleExpression: cronExpression(cronFor(s.restoreTestFrequency, RESTORE_TEST_HOUR)),
      scheduleExpressionTimezone: TimeZone.EUROPE_ROME.timezoneName,
      startWindowHours: 24,
      recoveryPointSelection: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: [this.vault.backupVaultArn],
        recoveryPointTypes: ['SNAPSHOT'],
        selectionWindowDays: Math.min(s.backupDailyRetention.toDays(), 365),
      },
    });
    // Restored clones stay out of production: EC2 instances start in the isolated subnet with a
    // security group that admits and sends nothing, volumes are created in its zone and never
    // attached; both are deleted after the validation window.
    const isolation = props.restoreTestIsolation;
    if (isolation) {
      this.restoreTestSecurityGroup = new ec2.SecurityGroup(this, 'RestoreTestSecurityGroup', {
        vpc: isolation.vpc,
        description: `Restore tests of ${tenant.ipaCode}: no ingress, no egress`,
        allowAllOutbound: false,
      });
    } else {
      Annotations.of(this).addInfo('[ABSC-BCK-02] no restoreTestIsolation: only EBS volumes are restore-tested; give an isolated subnet to restore-test EC2 instances away from production');
    }
    const overrides: Record<string, Record<string, string> | undefined> = {
      EBS: isolation ? { availabilityZone: isolation.subnet.availabilityZone } : undefined,
      EC2: isolation ? {
        vpcId: isolation.vpc.vpcId,
        subnetId: isolation.subnet.subnetId,
        securityGroupIds: Fn.join('', ['["', this.restoreTestSecurityGroup!.securityGroupId, '"]']),
        requireImdsV2: 'true',
      } : undefined,
    };
    for (const type of RESTORE_TESTED_RESOURCE_TYPES) {
      if (type === 'EC2' && !isolation) continue;
      new backup.CfnRestoreTestingSelection(this, `RestoreTestingSelection${capitalize(type.toLowerCase())}`, {
        // Ref of the plan is its name: the selection waits for the plan.
        restoreTestingPlanName: this.restoreTestingPlan.ref,
        restoreTestingSelectionName: `${type.toLowerCase()}_tagged`,
        protectedResourceType: type,
        iamRoleArn: this.serviceRole.roleArn,
        protectedResourceArns: ['*'],
        protectedResourceConditions: {
          stringEquals: [{ key: `aws:ResourceTag/${this.backupTag.key}`, value: this.backupTag.value }],
        },
        restoreMetadataOverrides: overrides[type],
        validationWindowHours: RESTORE_VALIDATION_WINDOW_HOURS,
      });
    }
    for (const [key, value] of Object.entries(tenant.tags())) Tags.of(this).add(key, value);
  }

  /**
   * Sends the vault's events to the topic. Not through the vault's `notificationTopic`, whose
   * grant to `backup.amazonaws.com` has no condition (confused deputy): the topic and its key
   * admit AWS Backup only for this account (`aws:SourceAccount`).
   */
  private notifyTo(topic: sns.ITopic): void {
    const account = Stack.of(this).account;
    (this.vault.node.defaultChild as backup.CfnBackupVault).notifications = {
      backupVaultEvents: [...BACKUP_ALERT_EVENTS],
      snsTopicArn: topic.topicArn,
    };
    const principal = new iam.ServicePrincipal('backup.amazonaws.com');
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': account } };
    topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'BackupPublish',
      principals: [principal],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: fromThisAccount,
    }));
    const statement = new iam.PolicyStatement({
      sid: 'BackupNotificationsUseKey',
      principals: [principal],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: fromThisAccount,
    });
    if (topic.masterKey && !topic.masterKey.addToResourcePolicy(statement, true).statementAdded) {
      Annotations.of(this).addInfo(`the alert topic's key is imported: its key policy must allow ${JSON.stringify(Stack.of(this).resolve(statement.toStatementJson()))}`);
    }
  }

  /** Checks the copy target and returns its ARN. */
  private checkCopyTarget(policy: CompliancePolicy, target: BackupCopyTarget, prop: string): string {
    const field = `${prop}.vaultArn`;
    if (Token.isUnresolved(target.vaultArn)) {
      throw new PaCloudKitError({
        field,
        value: target.vaultArn,
        rule: 'must be a literal backup vault ARN (not a token), so its region and account can be checked (ACN-LOC-01)',
      });
    }
    const parts = parseBackupVaultArn(target.vaultArn);
    if (!parts) {
      throw new PaCloudKitError({
        field,
        value: target.vaultArn,
        rule: 'must be a backup vault ARN, e.g. "arn:aws:backup:eu-south-1:333333333333:backup-vault:pa-copies"',
      });
    }
    checkRegion(policy, RegionCatalogue.standard().get(CloudProvider.AWS, parts.region, field), field, 'the backup copy target');
    const stack = Stack.of(this);
    const sameRegion = !Token.isUnresolved(stack.region) && stack.region === parts.region;
    const sameAccount = Token.isUnresolved(stack.account) || stack.account === parts.account;
    if (sameRegion && sameAccount) {
      const why = Token.isUnresolved(stack.account)
        ? 'the stack has no concrete account, so a copy target in the same region cannot be shown to be in another account'
        : `the vault is in the stack's own account ${stack.account} and region ${stack.region}`;
      throw new PaCloudKitError({
        field,
        value: target.vaultArn,
        rule: `must be a vault in another account or another region, out of the workload's reach (ABSC-BCK-03); ${why}`,
        control: 'ACN-BCK-04',
      });
    }
    return target.vaultArn;
  }
}

/**
 * Nobody may remove the vault's lock (ABSC-BCK-03), not even the account's administrators: a
 * governance-mode lock could otherwise be deleted by any principal allowed to, and a
 * compliance-mode lock during its grace time. Changing the lock (`PutBackupVaultLockConfiguration`)
 * stays with whoever deploys the stack, so CloudFormation can create and update it; AWS refuses
 * any change of a compliance-mode lock once its grace time is over.
 */
export function denyVaultLockRemoval(vault: backup.BackupVault): void {
  vault.addToAccessPolicy(new iam.PolicyStatement({
    sid: 'DenyVaultLockRemoval',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['backup:DeleteBackupVaultLockConfiguration'],
    resources: ['*'],
  }));
}

function validateBackupTag(tag: BackupTag): BackupTag {
  if (typeof tag.key !== 'string' || !TAG_KEY_PATTERN.test(tag.key) || tag.key.toLowerCase().startsWith('aws:')) {
    throw new PaCloudKitError({ field: 'backupTag.key', value: tag.key, rule: 'must be a tag key of 1-128 letters, digits, spaces and _ . : / = + - @, not starting with "aws:"' });
  }
  if (typeof tag.value !== 'string' || !TAG_VALUE_PATTERN.test(tag.value)) {
    throw new PaCloudKitError({ field: 'backupTag.value', value: tag.value, rule: 'must be a tag value of 1-256 letters, digits, spaces and _ . : / = + - @' });
  }
  return { key: tag.key, value: tag.value };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The aggregator's off-site backup vault on AWS (ACN-BCK-04). */
import {
  Annotations,
  Duration as CdkDuration,
  RemovalPolicy,
  Stack,
  aws_backup as backup,
  aws_iam as iam,
  aws_kms as kms,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  AggregatorIdentity,
  LockMode,
  PaCloudKitError,
  accountRootArn,
  backupVaultArn,
  offsiteKeyAlias,
  offsiteVaultName,
  slugOf,
  parseIpaCode,
} from '../core';
import { VAULT_LOCK_GRACE_TIME, denyVaultLockRemoval } from '../aws';
import { checkAccount, checkCentralTenants } from './private/checks';
import type { AggregatorAwsTenant } from './central-aws-logging';
import { concreteEnv, describeKey, pinLogicalId, unique } from './private/aws-support';

/** Properties of {@link AggregatorBackupVault}. */
export interface AggregatorBackupVaultProps {
  /** The aggregator (codice IPA and name); the vault is `pa-<aggregator slug>-offsite`. */
  readonly aggregator: AggregatorIdentity;
  /** The tenants whose backup plans copy into this vault (ACN-BCK-04). */
  readonly tenants: readonly AggregatorAwsTenant[];
  /**
   * The aggregator's own key for the vault, e.g. a key in an external key store (HYOK) or with
   * imported material, which ACN-KMS-02 asks for when a tenant is critico or strategico. It must be
   * in the stack's account and region. The construct cannot edit an imported key's policy: the
   * key's owner lets AWS Backup in the aggregator's account use it (`kms:Encrypt`, `kms:Decrypt`,
   * `kms:ReEncrypt*`, `kms:GenerateDataKey*`, `kms:DescribeKey`, and `kms:CreateGrant` for AWS
   * resources, through `backup.<region>.amazonaws.com`); an info annotation gives the statement.
   * @default - a customer-managed key created with AWS-generated material (`OffsiteVaultKey`)
   */
  readonly existingKey?: kms.IKey;
}

/**
 * The vault that receives the tenants' off-site backup copies (ACN-BCK-04), in the aggregator's
 * account and region: named `pa-<aggregator slug>-offsite` as lib/config expects, encrypted with
 * its own customer-managed key (`VaultKey`) or the aggregator's `existingKey`, locked (compliance mode if any tenant's class asks
 * for it, else governance; minimum retention = the shortest daily retention among the tenants,
 * so every tenant's copies are accepted), with an access policy that lets exactly the tenants'
 * accounts copy into it and denies the deletion of recovery points to everyone.
 */
export class AggregatorBackupVault extends Construct {
  /** The vault (construct ID `Vault`, logical ID pinned to `OffsiteVault`), retained on delete. */
  public readonly vault: backup.BackupVault;
  /** The vault's key: `existingKey`, or the key created for it (construct ID `VaultKey`, logical ID pinned to `OffsiteVaultKey`). */
  public readonly key: kms.IKey;
  /** The vault name, `pa-<aggregator slug>-offsite`. */
  public readonly vaultName: string;
  /** The vault ARN as a literal, for the tenants' `LandingZone.backupCopyTarget.vaultArn`. */
  public readonly vaultArn: string;

  constructor(scope: Construct, id: string, props: AggregatorBackupVaultProps) {
    super(scope, id);
    const { account, region, partition } = concreteEnv(this);
    const aggregatorCode = parseIpaCode(props.aggregator?.ipaCode, 'aggregator.ipaCode');
    const slug = slugOf(aggregatorCode);
    checkCentralTenants(props.tenants, 'tenants', aggregatorCode, region, 'the off-site backup copies');
    props.tenants.forEach((t, i) => {
      const acc = checkAccount(t.account, `tenants[${i}].account`);
      if (acc === account) {
        throw new PaCloudKitError({
          field: `tenants[${i}].account`,
          value: acc,
          rule: `must be the tenant's own account, not the aggregator's account ${account}: a copy in the same account is not off-site`,
          control: 'ACN-BCK-04',
        });
      }
    });
    const settings = props.tenants.map((t) => t.policy.settings);
    const compliance = settings.some((s) => s.backupVaultLockMode === LockMode.COMPLIANCE);
    const minRetentionDays = Math.min(...settings.map((s) => s.backupDailyRetention.toDays()));

    this.vaultName = offsiteVaultName(slug);
    this.vaultArn = backupVaultArn(region.name, account, this.vaultName);
    if (props.existingKey) {
      this.key = props.existingKey;
      const statement = new iam.PolicyStatement({
        sid: 'AwsBackupOfTheAggregator',
        principals: [new iam.ArnPrincipal(accountRootArn(partition, account))],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:CreateGrant'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:ViaService': `backup.${region.name}.amazonaws.com` } },
      });
      Annotations.of(this).addInfo(
        `[ACN-KMS-02] the vault uses the existing key ${describeKey(props.existingKey)}, whose policy this stack cannot edit: its owner must grant ${JSON.stringify(Stack.of(this).resolve(statement.toStatementJson()))}`,
      );
    } else {
      const created = new kms.Key(this, 'VaultKey', {
        alias: offsiteKeyAlias(slug),
        description: `Off-site backup copies of the tenants of ${aggregatorCode}`,
        enableKeyRotation: settings.some((s) => s.keyRotation),
        removalPolicy: RemovalPolicy.RETAIN,
      });
      pinLogicalId(created, 'OffsiteVaultKey');
      this.key = created;
    }

    const accounts = unique(props.tenants.map((t) => t.account));
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: this.vaultName,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
      // Denies DeleteRecoveryPoint, UpdateRecoveryPointLifecycle and PutBackupVaultAccessPolicy.
      blockRecoveryPointDeletion: true,
      accessPolicy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          sid: 'TenantsCopyIn',
          principals: accounts.map((a) => new iam.ArnPrincipal(accountRootArn(partition, a))),
          actions: ['backup:CopyIntoBackupVault'],
          resources: ['*'],
        })],
      }),
      lockConfiguration: {
        minRetention: CdkDuration.days(minRetentionDays),
        changeableFor: compliance ? CdkDuration.days(VAULT_LOCK_GRACE_TIME.toDays()) : undefined,
      },
    });
    pinLogicalId(this.vault, 'OffsiteVault');
    denyVaultLockRemoval(this.vault);
  }
}

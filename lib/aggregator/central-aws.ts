/**
 * The central services an aggregator (soggetto aggregatore) runs on AWS for the PAs it serves:
 * the central log archive their trails and flow logs write to, and the vault that receives their
 * off-site backup copies.
 */
import {
  Annotations,
  CfnOutput,
  Duration as CdkDuration,
  RemovalPolicy,
  Stack,
  StackProps,
  Tags,
  Token,
  aws_backup as backup,
  aws_iam as iam,
  aws_kms as kms,
  aws_s3 as s3,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  AggregatorIdentity,
  CLOUDFORMATION_METADATA_KEY,
  CloudProvider,
  CompliancePolicy,
  LandingZoneMetadata,
  LockMode,
  PaCloudKitError,
  QualificationLevel,
  Region,
  RegionCatalogue,
  TenantIdentity,
  KeyCustody,
  SINGLE_REGION_KEY_RULE,
  awsPartition,
  isAwsMultiRegionKeyArn,
  accountRootArn,
  archiveBucketName,
  archiveKeyAlias,
  backupVaultArn,
  centralFlowLogPrefix,
  centralStackMetadata,
  centralTrailPrefix,
  kmsAliasArn,
  logDeliverySourceArn,
  offsiteKeyAlias,
  offsiteVaultName,
  parseKmsKeyArn,
  s3BucketArn,
  slugOf,
  splitArn,
  trailArnOf,
  parseIpaCode,
  qualificationRank,
} from '../core';
import type { LandingZonesConfig, ResolvedAwsTenant } from '../config';
import { VAULT_LOCK_GRACE_TIME, denyVaultLockRemoval } from '../aws/backup';
import { archiveStorageClass, expiringLifecycleRules, objectSizesAsStrings } from '../aws/private/class-defaults';
import { checkAccount, checkCentralTenants, strictestClassification } from './private/checks';

/**
 * Tenants per central archive bucket. A bucket policy holds at most 20 KB
 * ({@link BUCKET_POLICY_MAX_BYTES}); a tenant costs two statements (trail, flow logs) and two
 * account IDs in the shared ACL-check statements: about 850 bytes in the worst case (a 30-character
 * codice IPA, a 61-character bucket name, a 4-digit tenant number in the Sids). 16 such tenants
 * take 14.0 KB, 68% of the limit, leaving room for longer ARNs in other partitions (the test
 * `central-aws.test.ts` measures the worst case). Changing it moves tenants between buckets:
 * it is part of the API.
 */
export const TENANTS_PER_ARCHIVE_BUCKET = 16;

/** Most central archive buckets in one stack (names carry at most 3 digits; ~4 resources each). */
export const MAX_ARCHIVE_BUCKETS = 100;

/** S3's limit on the size of a bucket policy. */
export const BUCKET_POLICY_MAX_BYTES = 20 * 1024;

/** One tenant whose trail and flow logs write to the central archive, or whose backups are copied to the central vault. */
export interface AggregatorAwsTenant {
  /** The tenant's identity; its `aggregator` must be the aggregator running the central services. */
  readonly identity: TenantIdentity;
  /** The tenant's policy (with its overrides): lock modes and retentions come from it. */
  readonly policy: CompliancePolicy;
  /** The tenant's own AWS account (12 digits), the only account admitted for the tenant. */
  readonly account: string;
}

/** Properties of {@link AggregatorCentralLogging}. */
export interface AggregatorCentralLoggingProps {
  /** The aggregator (codice IPA and name); its slug goes into the bucket names. */
  readonly aggregator: AggregatorIdentity;
  /**
   * The tenants whose trails and flow logs write to the archive, in a stable order: tenant i
   * goes to bucket floor(i / {@link TENANTS_PER_ARCHIVE_BUCKET}). Append new tenants at the end
   * (removing or reordering one moves every later tenant to another bucket).
   */
  readonly tenants: readonly AggregatorAwsTenant[];
  /**
   * The aggregator's own key for every archive bucket, e.g. a key in an external key store (HYOK)
   * or with imported material, which ACN-KMS-02 asks for when a tenant is critico or strategico.
   * It must be in the stack's account and region. The construct cannot edit an imported key's
   * policy: the key's owner grants `cloudtrail.amazonaws.com` (`kms:GenerateDataKey*` for the
   * tenants' trails, `kms:DescribeKey`) and `delivery.logs.amazonaws.com` (`kms:Encrypt`,
   * `kms:Decrypt`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`, `kms:DescribeKey`), each limited to
   * the tenants' accounts; an info annotation gives the exact statements.
   * @default - one customer-managed key per archive bucket (`ArchiveKey<n>`), created with AWS-generated material
   */
  readonly existingKey?: kms.IKey;
}

/**
 * The central log archive of an aggregator, in its account and region: one or more buckets
 * (`ArchiveBucket0`, `ArchiveBucket1`, ...) each with its own customer-managed key
 * (`ArchiveKey<n>`), or the aggregator's own `existingKey` for all of them, holding the audit trails and VPC flow logs of up to
 * {@link TENANTS_PER_ARCHIVE_BUCKET} tenants, and one bucket for their server access logs
 * (`AccessLogsBucket`). Hardened as a tenant's own archive (lib/aws/logging.ts): KMS with
 * rotation, versioning, object lock (compliance mode if any tenant's class asks for it, for the
 * longest searchable retention among the tenants), public access blocked, TLS 1.2+ only,
 * lifecycle to the longest archive retention, retained on delete.
 *
 * Each bucket's policy admits exactly its tenants: `cloudtrail.amazonaws.com` may put objects
 * only under `<ipa-code>/AWSLogs/<tenant account>/` and `delivery.logs.amazonaws.com` (VPC flow
 * logs, Network Firewall logs) only under `vpc-flow-logs/<ipa-code>/AWSLogs/<tenant account>/`,
 * each with `aws:SourceAccount` = the tenant's account and `s3:x-amz-acl` =
 * `bucket-owner-full-control`; the ACL checks of both services are limited to the tenants'
 * accounts. These are the prefixes a `LandingZone` with `centralArchiveBucket` writes to.
 *
 * Bucket names are deterministic (`pa-<aggregator slug>-logs-<n>-<account>-<region>`), so tenant
 * stacks in other accounts import them by name: see {@link archiveBucketNameFor}.
 */
export class AggregatorCentralLogging extends Construct {
  /** The archive buckets, in shard order (construct IDs `ArchiveBucket<n>`, logical IDs pinned to the same). */
  public readonly buckets: s3.Bucket[] = [];
  /** The key of each archive bucket: `existingKey`, or the key created for it (construct IDs `ArchiveKey<n>`). */
  public readonly keys: kms.IKey[] = [];
  /** The physical names of the archive buckets, in shard order. */
  public readonly bucketNames: string[] = [];
  /** The bucket receiving the archives' server access logs (construct ID `AccessLogsBucket`). */
  public readonly accessLogsBucket: s3.Bucket;

  private readonly shardOf = new Map<string, number>();
  private readonly policies: iam.PolicyDocument[] = [];

  constructor(scope: Construct, id: string, props: AggregatorCentralLoggingProps) {
    super(scope, id);
    const { account, region, partition } = concreteEnv(this);
    const aggregatorCode = parseIpaCode(props.aggregator?.ipaCode, 'aggregator.ipaCode');
    const slug = slugOf(aggregatorCode);
    checkCentralTenants(props.tenants, 'tenants', aggregatorCode, region, 'the central log archive');
    const tenants = props.tenants;
    tenants.forEach((t, i) => {
      const acc = checkAccount(t.account, `tenants[${i}].account`);
      if (acc === account) {
        throw new PaCloudKitError({ field: `tenants[${i}].account`, value: acc, rule: `must be the tenant's own account, not the aggregator's account ${account}` });
      }
    });
    const maxTenants = TENANTS_PER_ARCHIVE_BUCKET * MAX_ARCHIVE_BUCKETS;
    if (tenants.length > maxTenants) {
      throw new PaCloudKitError({
        field: 'tenants',
        value: `${tenants.length} tenants`,
        rule: `must hold at most ${maxTenants} tenants (${MAX_ARCHIVE_BUCKETS} buckets of ${TENANTS_PER_ARCHIVE_BUCKET}): split them across stacks`,
      });
    }

    // Stack-wide settings: the strictest among the tenants.
    const settings = tenants.map((t) => t.policy.settings);
    const lockMode = settings.some((s) => s.logObjectLockMode === LockMode.COMPLIANCE) ? LockMode.COMPLIANCE : LockMode.GOVERNANCE;
    const searchableDays = Math.max(...settings.map((s) => s.auditLogSearchableRetention.toDays()));
    const archiveDays = Math.max(searchableDays, ...settings.map((s) => s.auditLogArchiveRetention.toDays()));
    const keyRotation = settings.some((s) => s.keyRotation);
    const storageClass = archiveStorageClass(searchableDays, archiveDays);

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', {
      // S3 server access logging delivers only to buckets encrypted with SSE-S3.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      lifecycleRules: expiringLifecycleRules(archiveDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pinLogicalId(this.accessLogsBucket, 'AccessLogsBucket');

    const shards = Math.ceil(tenants.length / TENANTS_PER_ARCHIVE_BUCKET);
    for (let n = 0; n < shards; n++) {
      const members = tenants.slice(n * TENANTS_PER_ARCHIVE_BUCKET, (n + 1) * TENANTS_PER_ARCHIVE_BUCKET);
      const firstIndex = n * TENANTS_PER_ARCHIVE_BUCKET;
      const bucketName = archiveBucketName(slug, account, region.name, n);
      const bucketArn = s3BucketArn(partition, bucketName);

      let key: kms.IKey;
      if (props.existingKey) {
        key = props.existingKey;
      } else {
        const created = new kms.Key(this, `ArchiveKey${n}`, {
          alias: archiveKeyAlias(slug, n),
          description: `Central log archive ${n} of ${aggregatorCode}: trails and flow logs of ${members.length} tenants`,
          enableKeyRotation: keyRotation,
          removalPolicy: RemovalPolicy.RETAIN,
        });
        pinLogicalId(created, `ArchiveKey${n}`);
        for (const statement of keyStatements(partition, region.name, members)) created.addToResourcePolicy(statement);
        key = created;
      }

      const archiveRules = expiringLifecycleRules(archiveDays, storageClass && { storageClass, afterDays: searchableDays });
      const bucket = new s3.Bucket(this, `ArchiveBucket${n}`, {
        bucketName,
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: key,
        bucketKeyEnabled: true,
        versioned: true,
        objectLockEnabled: true,
        objectLockDefaultRetention: lockMode === LockMode.COMPLIANCE
          ? s3.ObjectLockRetention.compliance(CdkDuration.days(searchableDays))
          : s3.ObjectLockRetention.governance(CdkDuration.days(searchableDays)),
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        lifecycleRules: archiveRules,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      pinLogicalId(bucket, `ArchiveBucket${n}`);
      objectSizesAsStrings(bucket, archiveRules);
      // Server access logs through the access-logs bucket's policy (one statement for every
      // archive, below), not through the construct, which would add one statement per bucket.
      (bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
        destinationBucketName: this.accessLogsBucket.bucketName,
        logFilePrefix: `archive-${n}/`,
      };
      // Literal ARNs only, so the policy's size is known at synthesis.
      for (const statement of bucketStatements(partition, region.name, bucketArn, members, firstIndex)) bucket.addToResourcePolicy(statement);
      this.policies.push(bucket.policy!.document);
      bucket.node.addValidation({
        validate: () => {
          const size = policySize(Stack.of(this), bucket.policy!.document);
          return size <= BUCKET_POLICY_MAX_BYTES ? [] : [`the policy of ${bucketName} takes ${size} bytes, over S3's ${BUCKET_POLICY_MAX_BYTES}`];
        },
      });

      members.forEach((t) => this.shardOf.set(t.identity.ipaCode, n));
      this.buckets.push(bucket);
      this.keys.push(key);
      this.bucketNames.push(bucketName);
    }

    if (props.existingKey) {
      const statements = keyStatements(partition, region.name, tenants).map((st) => Stack.of(this).resolve(st.toStatementJson()));
      Annotations.of(this).addInfo(
        `[ACN-KMS-02] the archive buckets and the tenants' trails use the existing key ${describeKey(props.existingKey)}, whose policy this stack cannot edit: its owner must grant ${JSON.stringify(statements)}`,
      );
    }

    this.accessLogsBucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'ServerAccessLogsOfTheArchives',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [this.accessLogsBucket.arnForObjects('archive-*')],
      conditions: {
        ArnLike: { 'aws:SourceArn': this.bucketNames.map((name) => s3BucketArn(partition, name)) },
        StringEquals: { 'aws:SourceAccount': account },
      },
    }));
  }

  /** The name of the archive bucket a tenant writes to; throws when the tenant is not in `tenants`. */
  public archiveBucketNameFor(ipaCode: string): string {
    return this.bucketNames[this.shardFor(ipaCode)];
  }

  /** The archive bucket a tenant writes to; throws when the tenant is not in `tenants`. */
  public archiveBucketFor(ipaCode: string): s3.IBucket {
    return this.buckets[this.shardFor(ipaCode)];
  }

  /** The size in bytes (compact JSON) of each archive bucket's policy, in shard order. */
  public policySizes(): number[] {
    return this.policies.map((doc) => policySize(Stack.of(this), doc));
  }

  private shardFor(ipaCode: string): number {
    const shard = this.shardOf.get(typeof ipaCode === 'string' ? ipaCode.trim().toLowerCase() : ipaCode);
    if (shard === undefined) {
      throw new PaCloudKitError({ field: 'ipaCode', value: ipaCode, rule: `must be a tenant of the central archive (${[...this.shardOf.keys()].join(', ')})` });
    }
    return shard;
  }
}

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

/** The aggregator's identity on AWS: who runs the central services, and where. */
export interface AggregatorAwsIdentity extends AggregatorIdentity {
  /** The aggregator's account holding the central services (12 digits). */
  readonly account: string;
  /** The ACN qualification of the services used; must reach every tenant's minimum. */
  readonly qualification: QualificationLevel | string;
  /** The office that owns the central services (tag `pa:owner`). */
  readonly owner: string;
  /** The e-mail address for incidents on the central services (tag `pa:incident-contact`). */
  readonly incidentContact: string;
}

/** Properties of {@link AggregatorCentralStack}. */
export interface AggregatorCentralStackProps extends Omit<StackProps, 'env'> {
  /** The aggregator: codice IPA, name, account, qualification, owner, incident contact. */
  readonly aggregator: AggregatorAwsIdentity;
  /** The region of the central services; the stack's env is the aggregator's account and this region. */
  readonly region: string;
  /**
   * The tenants whose trails and flow logs write to the central archive, in a stable order
   * (append only: see {@link AggregatorCentralLoggingProps.tenants}).
   * @default - no central archive
   */
  readonly archiveTenants?: readonly AggregatorAwsTenant[];
  /**
   * The tenants whose backup plans copy into the central vault of this region.
   * @default - no central vault
   */
  readonly backupTenants?: readonly AggregatorAwsTenant[];
  /**
   * ARN of the aggregator's own key for the central log archive (the `existingKey` of
   * {@link AggregatorCentralLogging}), in the aggregator's account and `region`: a key in an
   * external key store or with imported material, which ACN-KMS-02 asks for when a tenant is
   * critico or strategico (the stack is judged at its strictest tenant class and cannot
   * acknowledge the control). Its policy stays the aggregator's: the stack lists the grants it
   * needs in an info annotation. Needs `archiveTenants`.
   * @default - the stack creates one key per archive bucket (`ArchiveKey<n>`), with AWS-generated material
   */
  readonly existingArchiveKeyArn?: string;
  /**
   * ARN of the aggregator's own key for the off-site vault (the `existingKey` of
   * {@link AggregatorBackupVault}), in the aggregator's account and `region`, for the same reason.
   * Needs `backupTenants`.
   * @default - the stack creates the vault's key (`OffsiteVaultKey`), with AWS-generated material
   */
  readonly existingVaultKeyArn?: string;
}

/** What {@link AggregatorCentralStack.fromConfig} may set beyond the file. */
export interface AggregatorCentralFromConfigProps {
  /**
   * The ACN qualification of the services the central stacks use.
   * @default - the highest qualification declared by the file's AWS tenants, so it reaches every tenant's minimum
   */
  readonly qualification?: QualificationLevel | string;
  /**
   * The office that owns the central services.
   * @default - `aggregator.owner` of the file
   */
  readonly owner?: string;
  /**
   * Where alerts about the central services go.
   * @default - `aggregator.incidentContact` of the file
   */
  readonly incidentContact?: string;
  /**
   * Prefix of the stacks' construct IDs (one stack per region, `<prefix>-<region>`).
   * @default 'PaCentral'
   */
  readonly idPrefix?: string;
}

/**
 * The central services of an aggregator in one region, as one stack in the aggregator's account:
 * {@link AggregatorCentralLogging} (construct ID `Logging`) for the archive tenants and
 * {@link AggregatorBackupVault} (construct ID `OffsiteBackup`) for the backup tenants. The
 * stack's mandatory tags name the aggregator, with the strictest class among its tenants.
 *
 * AWS resources are regional: when tenants live in, or copy to, several regions, build one stack
 * per region ({@link fromConfig} does it from a landing zones file).
 */
export class AggregatorCentralStack extends Stack {
  /**
   * The name of the central archive bucket of the tenant at position `tenantIndex` of
   * `archiveTenants`, without building the stack: what a tenant's stack imports.
   */
  public static archiveBucketName(aggregator: { readonly ipaCode: string; readonly account: string }, region: string, tenantIndex: number): string {
    const code = parseIpaCode(aggregator.ipaCode, 'aggregator.ipaCode');
    if (!Number.isInteger(tenantIndex) || tenantIndex < 0 || tenantIndex >= TENANTS_PER_ARCHIVE_BUCKET * MAX_ARCHIVE_BUCKETS) {
      throw new PaCloudKitError({ field: 'tenantIndex', value: tenantIndex, rule: `must be a whole number from 0 to ${TENANTS_PER_ARCHIVE_BUCKET * MAX_ARCHIVE_BUCKETS - 1}` });
    }
    const known = RegionCatalogue.standard().get(CloudProvider.AWS, region, 'region');
    return archiveBucketName(slugOf(code), checkAccount(aggregator.account, 'aggregator.account'), known.name,
      Math.floor(tenantIndex / TENANTS_PER_ARCHIVE_BUCKET));
  }

  /**
   * The ARN a tenant's stack gives its trail for the key of its central archive, without building
   * the central stack (KMS accepts a key ARN or an alias ARN from another account): the
   * aggregator's own `archiveKmsKeyArn` when it is in `region` (what {@link fromConfig} uses
   * there), else the alias ARN of the key the central stack creates for the tenant's bucket,
   * `arn:<partition>:kms:<region>:<account>:alias/pa/<slug>/central-logs-<n>`.
   */
  public static archiveKeyArn(
    aggregator: { readonly ipaCode: string; readonly account: string; readonly archiveKmsKeyArn?: string },
    region: string,
    tenantIndex: number,
  ): string {
    // Validates the code, account, region and index as the bucket name does.
    AggregatorCentralStack.archiveBucketName(aggregator, region, tenantIndex);
    const own = aggregator.archiveKmsKeyArn;
    if (own !== undefined && splitArn(own)?.region === region) return own;
    const code = parseIpaCode(aggregator.ipaCode, 'aggregator.ipaCode');
    const alias = archiveKeyAlias(slugOf(code), Math.floor(tenantIndex / TENANTS_PER_ARCHIVE_BUCKET));
    return kmsAliasArn(region, aggregator.account, alias);
  }

  /** The ARN of the aggregator's off-site vault in a region (what lib/config computes for `backupCopy`). */
  public static offsiteVaultArn(aggregator: { readonly ipaCode: string; readonly account: string }, region: string): string {
    const code = parseIpaCode(aggregator.ipaCode, 'aggregator.ipaCode');
    const known = RegionCatalogue.standard().get(CloudProvider.AWS, region, 'region');
    const account = checkAccount(aggregator.account, 'aggregator.account');
    return backupVaultArn(known.name, account, offsiteVaultName(slugOf(code)));
  }

  /**
   * One central stack per region used by the file's AWS tenants: the archive of the tenants whose
   * region it is (in file order), and the vault of the tenants whose `backupCopy` targets the
   * aggregator's `pa-<slug>-offsite` vault there. Regions come in order of first use.
   */
  public static fromConfig(scope: Construct, config: LandingZonesConfig, props: AggregatorCentralFromConfigProps = {}): AggregatorCentralStack[] {
    const aggregator = config.aggregator;
    if (!aggregator) {
      throw new PaCloudKitError({ field: 'aggregator', value: undefined, rule: 'the landing zones file must have an aggregator section for central services' });
    }
    if (aggregator.account === undefined) {
      throw new PaCloudKitError({ field: 'aggregator.account', value: undefined, rule: 'must be set: the central services live in the aggregator\'s account' });
    }
    const aws = config.tenants.filter((t): t is ResolvedAwsTenant => t.provider === CloudProvider.AWS);
    if (aws.length === 0) {
      throw new PaCloudKitError({ field: 'tenants', value: config.tenants.length, rule: 'must include at least one AWS tenant for the AWS central services' });
    }
    const vaultName = offsiteVaultName(aggregator.slug);
    const copiesHere = (t: ResolvedAwsTenant, region: string) =>
      t.backupCopy !== undefined && t.backupCopy.account === aggregator.account && t.backupCopy.vaultName === vaultName && t.backupCopy.region.name === region;
    const regions: string[] = [];
    for (const t of aws) {
      for (const r of [t.region.name, ...(t.backupCopy && copiesHere(t, t.backupCopy.region.name) ? [t.backupCopy.region.name] : [])]) {
        if (!regions.includes(r)) regions.push(r);
      }
    }
    // KMS keys are regional: the aggregator's keys serve the stack of their region (lib/config
    // checks that the central services of critico and strategico tenants are there).
    const keyIn = (arn: string | undefined, region: string) => (arn !== undefined && splitArn(arn)?.region === region ? arn : undefined);
    return regions.map((region) => {
      const archive = aws.filter((t) => t.region.name === region);
      const copies = aws.filter((t) => copiesHere(t, region));
      return new AggregatorCentralStack(scope, `${props.idPrefix ?? 'PaCentral'}-${region}`, {
        aggregator: {
          ipaCode: aggregator.ipaCode,
          name: aggregator.name,
          account: aggregator.account!,
          qualification: props.qualification ?? highestQualification(aws),
          owner: props.owner ?? aggregator.owner,
          incidentContact: props.incidentContact ?? aggregator.incidentContact,
        },
        region,
        archiveTenants: archive.length > 0 ? archive : undefined,
        backupTenants: copies.length > 0 ? copies : undefined,
        existingArchiveKeyArn: archive.length > 0 ? keyIn(aggregator.keys?.archiveKmsKeyArn, region) : undefined,
        existingVaultKeyArn: copies.length > 0 ? keyIn(aggregator.keys?.vaultKmsKeyArn, region) : undefined,
      });
    });
  }

  /** The aggregator as a tagged identity, classified as its strictest tenant. */
  public readonly identity: TenantIdentity;
  /** The region of the central services, with its country. */
  public readonly centralRegion: Region;
  /** The central archive, when there are archive tenants. */
  public readonly logging?: AggregatorCentralLogging;
  /** The off-site vault, when there are backup tenants. */
  public readonly offsiteBackup?: AggregatorBackupVault;
  /**
   * What the stack writes at the template's `Metadata.PaCloudKit`: role `central`, the aggregator
   * as tenant, the strictest class among its tenants, its qualification, region and account, so
   * the compliance engine checks the stack for the controls of central services only.
   */
  public readonly metadata: LandingZoneMetadata;

  constructor(scope: Construct, id: string, props: AggregatorCentralStackProps) {
    const account = checkAccount(props.aggregator?.account, 'aggregator.account');
    const centralRegion = RegionCatalogue.standard().get(CloudProvider.AWS, props.region, 'region');
    super(scope, id, { ...props, env: { account, region: centralRegion.name } });
    this.centralRegion = centralRegion;

    const archiveTenants = props.archiveTenants;
    const backupTenants = props.backupTenants;
    if (archiveTenants === undefined && backupTenants === undefined) {
      throw new PaCloudKitError({ field: 'archiveTenants', value: undefined, rule: 'at least one of archiveTenants and backupTenants must list a tenant' });
    }
    // The constructs validate their tenants before anything reads them.
    const aggregator = { ipaCode: parseIpaCode(props.aggregator.ipaCode, 'aggregator.ipaCode'), name: props.aggregator.name };
    const archiveKeyArn = checkOwnKeyArn(props.existingArchiveKeyArn, 'existingArchiveKeyArn', account, centralRegion.name, archiveTenants, 'archiveTenants');
    const vaultKeyArn = checkOwnKeyArn(props.existingVaultKeyArn, 'existingVaultKeyArn', account, centralRegion.name, backupTenants, 'backupTenants');
    if (archiveTenants !== undefined) {
      const existingKey = archiveKeyArn ? kms.Key.fromKeyArn(this, 'ArchiveKeyImport', archiveKeyArn) : undefined;
      this.logging = renamingTenants('archiveTenants', () => new AggregatorCentralLogging(this, 'Logging', { aggregator, tenants: archiveTenants, existingKey }));
      this.logging.bucketNames.forEach((name, n) => {
        const first = n * TENANTS_PER_ARCHIVE_BUCKET;
        new CfnOutput(this, `ArchiveBucket${n}Name`, { value: name, description: `Central log archive ${n} (archive tenants ${first}-${first + TENANTS_PER_ARCHIVE_BUCKET - 1})` });
      });
    }
    if (backupTenants !== undefined) {
      const existingKey = vaultKeyArn ? kms.Key.fromKeyArn(this, 'VaultKeyImport', vaultKeyArn) : undefined;
      this.offsiteBackup = renamingTenants('backupTenants', () => new AggregatorBackupVault(this, 'OffsiteBackup', { aggregator, tenants: backupTenants, existingKey }));
      new CfnOutput(this, 'OffsiteVaultArn', { value: this.offsiteBackup.vaultArn, description: 'Vault receiving the tenants\' off-site backup copies' });
    }
    const all = [...(archiveTenants ?? []), ...(backupTenants ?? [])];
    this.identity = TenantIdentity.of({
      ipaCode: aggregator.ipaCode,
      name: props.aggregator.name,
      classification: strictestClassification(all),
      qualification: props.aggregator.qualification,
      owner: props.aggregator.owner,
      incidentContact: props.aggregator.incidentContact,
    }, 'aggregator');
    // Every tenant's minimum qualification binds the central services that hold its data.
    for (const t of all) t.policy.assertQualification(this.identity.qualification, 'aggregator.qualification');
    for (const [key, value] of Object.entries(this.identity.tags())) Tags.of(this).add(key, value);
    this.metadata = centralStackMetadata(this.identity, centralRegion.name, { account });
    this.templateOptions.metadata = { ...(this.templateOptions.metadata ?? {}), [CLOUDFORMATION_METADATA_KEY]: this.metadata };
    Annotations.of(this).addInfo(
      `central services of ${this.identity.ipaCode} for ${unique(all.map((t) => t.identity.ipaCode)).length} tenants, tagged ${this.identity.classification} (the strictest class among them)`,
    );
  }

  /** The name of the central archive bucket a tenant writes to; throws when it is not an archive tenant. */
  public archiveBucketNameFor(ipaCode: string): string {
    if (!this.logging) {
      throw new PaCloudKitError({ field: 'ipaCode', value: ipaCode, rule: 'the stack has no central archive (no archiveTenants)' });
    }
    return this.logging.archiveBucketNameFor(ipaCode);
  }

  /** The off-site vault's ARN; throws when the stack has no vault. */
  public get offsiteVaultArn(): string {
    if (!this.offsiteBackup) {
      throw new PaCloudKitError({ field: 'backupTenants', value: undefined, rule: 'the stack has no off-site vault (no backupTenants)' });
    }
    return this.offsiteBackup.vaultArn;
  }
}

/** Checks the ARN of one of the aggregator's own keys: a KMS key ARN of the stack's partition, account and region. */
function checkOwnKeyArn(arn: unknown, field: string, account: string, region: string, tenants: readonly unknown[] | undefined, tenantsProp: string): string | undefined {
  if (arn === undefined) return undefined;
  const key = parseKmsKeyArn(arn);
  if (!key) {
    throw new PaCloudKitError({ field, value: arn, rule: 'must be a KMS key ARN, e.g. "arn:aws:kms:eu-south-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"' });
  }
  const partition = awsPartition(region);
  if (key.partition !== partition || key.region !== region || key.account !== account) {
    throw new PaCloudKitError({
      field,
      value: arn,
      rule: `must be a key of the aggregator's account ${account} in the stack's region ${region} (arn:${partition}:kms:${region}:${account}:key/...): KMS keys are regional`,
    });
  }
  if (tenants === undefined) {
    throw new PaCloudKitError({ field, value: arn, rule: `needs ${tenantsProp}: without them the stack has nothing to encrypt with it` });
  }
  const held = (tenants as readonly AggregatorAwsTenant[]).find((t) => t?.policy?.settings?.keyCustody === KeyCustody.PA_HELD);
  if (held && isAwsMultiRegionKeyArn(arn as string)) {
    throw new PaCloudKitError({ field, value: arn, rule: `${SINGLE_REGION_KEY_RULE} (the key protects the data of ${held.identity.ipaCode})`, control: 'ACN-KMS-02' });
  }
  return arn as string;
}

/** How an annotation names an existing key: its ARN when literal. */
function describeKey(key: kms.IKey): string {
  return Token.isUnresolved(key.keyArn) ? `(${key.node.path})` : key.keyArn;
}

/** Runs `build`, reporting the construct's `tenants...` fields under the stack's prop name. */
function renamingTenants<T>(prop: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (!(e instanceof PaCloudKitError) || !/^tenants\b/.test(e.field)) throw e;
    throw new PaCloudKitError({ field: e.field.replace(/^tenants/, prop), value: e.value, rule: e.rule.replace(/\btenants\[/g, `${prop}[`), control: e.control });
  }
}

/** The stack's account and region, which must be literal (the names and ARNs are computed at synthesis). */
function concreteEnv(scope: Construct): { account: string; region: Region; partition: string } {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
    throw new PaCloudKitError({
      field: 'env',
      value: { account: stack.account, region: stack.region },
      rule: 'the stack of the central services needs a concrete account and region (env: { account, region }): bucket names and ARNs are computed at synthesis',
    });
  }
  const region = RegionCatalogue.standard().get(CloudProvider.AWS, stack.region, 'env.region');
  return { account: stack.account, region, partition: awsPartition(region.name) };
}

// The prefixes the tenants write under are core's, the same functions LandingZoneLogging and
// LandingZoneNetwork take their defaults from; exported here too.
export { centralFlowLogPrefix, centralTrailPrefix };

const BUCKET_OWNER_FULL_CONTROL = 'bucket-owner-full-control';

/** The ARN of a tenant's trail, the `aws:SourceArn` CloudTrail sends for it (`LandingZoneLogging` names it). */
function tenantTrailArn(partition: string, region: string, t: AggregatorAwsTenant): string {
  return trailArnOf(partition, region, t.account, t.identity.slug);
}

/** The `aws:SourceArn` of a tenant's log deliveries (VPC flow logs, Network Firewall logs): its account's CloudWatch Logs. */
function tenantLogsArn(partition: string, region: string, t: AggregatorAwsTenant): string {
  return logDeliverySourceArn(partition, region, t.account);
}

/**
 * The archive bucket's policy: TLS only, ACL checks for the tenants' accounts, one write grant
 * per tenant and service. CloudTrail writes a tenant's prefix only for the tenant's trail
 * (`aws:SourceArn`), log delivery only for the tenant's account (`aws:SourceAccount`); the ACL
 * checks (read-only) are limited to the tenants' accounts. The bucket policy names accounts
 * rather than log-group ARNs for log delivery to stay within {@link TENANTS_PER_ARCHIVE_BUCKET}
 * tenants per 20 KB; the archive key's policy adds `aws:SourceArn`. No tenant principal is
 * admitted: tenants neither read nor delete.
 */
function bucketStatements(partition: string, region: string, bucketArn: string, tenants: readonly AggregatorAwsTenant[], firstIndex: number): iam.PolicyStatement[] {
  const accounts = unique(tenants.map((t) => t.account));
  const cloudtrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
  const delivery = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
  const statements = [
    new iam.PolicyStatement({
      sid: 'DenyInsecureTransport',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:*'],
      resources: [bucketArn, `${bucketArn}/*`],
      conditions: { Bool: { 'aws:SecureTransport': 'false' } },
    }),
    new iam.PolicyStatement({
      sid: 'DenyOldTls',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:*'],
      resources: [bucketArn, `${bucketArn}/*`],
      conditions: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
    }),
    new iam.PolicyStatement({
      sid: 'TrailAclCheck',
      principals: [cloudtrail],
      actions: ['s3:GetBucketAcl'],
      resources: [bucketArn],
      conditions: { StringEquals: { 'aws:SourceAccount': accounts } },
    }),
    new iam.PolicyStatement({
      sid: 'FlowLogsAclCheck',
      principals: [delivery],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [bucketArn],
      conditions: { StringEquals: { 'aws:SourceAccount': accounts } },
    }),
  ];
  tenants.forEach((t, j) => {
    const i = firstIndex + j;
    const ipa = t.identity.ipaCode;
    statements.push(new iam.PolicyStatement({
      sid: `Tenant${i}Trail`,
      principals: [cloudtrail],
      actions: ['s3:PutObject'],
      resources: [`${bucketArn}/${centralTrailPrefix(ipa, t.account)}*`],
      conditions: { StringEquals: { 's3:x-amz-acl': BUCKET_OWNER_FULL_CONTROL, 'aws:SourceArn': tenantTrailArn(partition, region, t) } },
    }));
    statements.push(new iam.PolicyStatement({
      sid: `Tenant${i}FlowLogs`,
      principals: [delivery],
      actions: ['s3:PutObject'],
      resources: [`${bucketArn}/${centralFlowLogPrefix(ipa, t.account)}*`],
      conditions: { StringEquals: { 's3:x-amz-acl': BUCKET_OWNER_FULL_CONTROL, 'aws:SourceAccount': t.account } },
    }));
  });
  return statements;
}

/**
 * The archive key's grants beyond the aggregator's own account (which keeps the key's default
 * administration, and reads and validates the logs): CloudTrail for exactly the tenants' trails
 * (`aws:SourceArn` and the `aws:cloudtrail:arn` encryption context), log delivery for the
 * tenants' accounts (`aws:SourceAccount`, `aws:SourceArn`). No tenant principal: a tenant can
 * neither decrypt the archive nor disable or schedule the deletion of its key.
 */
function keyStatements(partition: string, region: string, tenants: readonly AggregatorAwsTenant[]): iam.PolicyStatement[] {
  const cloudtrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
  const trails = unique(tenants.map((t) => tenantTrailArn(partition, region, t)));
  return [
    new iam.PolicyStatement({
      sid: 'TenantTrailsEncrypt',
      principals: [cloudtrail],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceArn': trails, 'kms:EncryptionContext:aws:cloudtrail:arn': trails } },
    }),
    new iam.PolicyStatement({
      // Decrypt: the archive uses an S3 Bucket Key, which CloudTrail must be able to use.
      sid: 'TenantTrailsDescribeKey',
      principals: [cloudtrail],
      actions: ['kms:DescribeKey', 'kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceArn': trails } },
    }),
    new iam.PolicyStatement({
      sid: 'TenantLogDeliveryEncrypt',
      principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': unique(tenants.map((t) => t.account)) },
        ArnLike: { 'aws:SourceArn': unique(tenants.map((t) => tenantLogsArn(partition, region, t))) },
      },
    }),
  ];
}

/** Size in bytes of a policy document as CloudFormation sends it (compact JSON, UTF-8). */
function policySize(stack: Stack, doc: iam.PolicyDocument): number {
  return Buffer.byteLength(JSON.stringify(stack.resolve(doc.toJSON())), 'utf8');
}

/** Pins the logical ID of a stateful resource to a readable, stable name (construct IDs are API). */
function pinLogicalId(construct: Construct, logicalId: string): void {
  const cfn = construct.node.defaultChild as { overrideLogicalId?: (id: string) => void } | undefined;
  cfn?.overrideLogicalId?.(logicalId);
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** The highest ACN qualification declared by the tenants. */
function highestQualification(tenants: readonly ResolvedAwsTenant[]): QualificationLevel {
  return tenants.map((t) => t.identity.qualification).reduce((a, b) => (qualificationRank(b) > qualificationRank(a) ? b : a));
}

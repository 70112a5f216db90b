/**
 * The aggregator's central log archive on AWS: the buckets the tenants' trails and flow logs write
 * to, their keys and policies.
 */
import {
  Annotations,
  Duration as CdkDuration,
  RemovalPolicy,
  Stack,
  aws_iam as iam,
  aws_kms as kms,
  aws_s3 as s3,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  AggregatorIdentity,
  LockMode,
  PaCloudKitError,
  archiveBucketName,
  archiveKeyAlias,
  s3BucketArn,
  slugOf,
  parseIpaCode,
} from '../core';
import { accessLogsBucketProps, archiveStorageClass, expiringLifecycleRules, objectSizesAsStrings } from '../aws';
import { checkAccount, checkCentralTenants } from './private/checks';
import { bucketStatements, keyStatements, policySize } from './private/aws-policies';
import { concreteEnv, describeKey, pinLogicalId } from './private/aws-support';
import type { AggregatorAwsTenant } from './private/checks';

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

export type { AggregatorAwsTenant } from './private/checks';

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

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', accessLogsBucketProps(archiveDays));
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

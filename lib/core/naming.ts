/**
 * Tenant and aggregator naming, defined once: slugs, log prefixes, vault, bucket, alias and trail
 * names, the ARNs built from them, and ARN parsing. The landing zones (which write the logs and
 * back up), the aggregator's central stacks (whose bucket, key and vault policies must admit
 * exactly those names) and the compliance rules all compute names here, so they cannot drift.
 *
 * Every name here is deterministic: another account (a tenant, the aggregator) computes it without
 * reading the other's stack.
 */
import { createHash } from 'node:crypto';
import { awsPartition } from './locations';

// ---------- slugs and prefixes ----------

/** A short identifier usable in resource names: the codice IPA with `_` turned into `-` (`c_a001` → `c-a001`). */
export function slugOf(ipaCode: string): string {
  return ipaCode.replace(/_/g, '-');
}

/**
 * `<ipa code>/`: the prefix a tenant's trail writes under in the aggregator's central archive
 * (`LandingZoneLogging`'s default `archivePrefix` with an existing archive bucket).
 */
export function trailArchivePrefix(ipaCode: string): string {
  return `${ipaCode}/`;
}

/** `vpc-flow-logs/<ipa code>/`: the prefix of a tenant's VPC flow logs and firewall logs (`LandingZoneNetwork`'s default `flowLogPrefix`). */
export function flowLogPrefix(ipaCode: string): string {
  return `vpc-flow-logs/${ipaCode}/`;
}

/**
 * `<prefix>AWSLogs/<account>/`: where CloudTrail and log delivery write an account's files under a
 * key prefix (they add `AWSLogs/<account>/` themselves; a prefix without a final `/` gets one).
 */
export function awsLogsPrefix(prefix: string, account: string): string {
  const withSlash = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  return `${withSlash}AWSLogs/${account}/`;
}

/** `<ipa code>/AWSLogs/<account>/`: where a tenant's trail files land in the central archive. */
export function centralTrailPrefix(ipaCode: string, account: string): string {
  return awsLogsPrefix(trailArchivePrefix(ipaCode), account);
}

/** `vpc-flow-logs/<ipa code>/AWSLogs/<account>/`: where a tenant's flow and firewall logs land in the central archive. */
export function centralFlowLogPrefix(ipaCode: string, account: string): string {
  return awsLogsPrefix(flowLogPrefix(ipaCode), account);
}

// ---------- names ----------

/** `pa-<slug>-audit`: the name of a tenant's trail; the central archive's key and bucket policies name it. */
export function trailNameOf(slug: string): string {
  return `pa-${slug}-audit`;
}

/** `pa-<slug>-offsite`: the vault of an aggregator (or a PA) that receives off-site backup copies (ACN-BCK-04). */
export function offsiteVaultName(slug: string): string {
  return `pa-${slug}-offsite`;
}

/** Longest S3 bucket name. */
export const S3_BUCKET_NAME_MAX = 63;

/** Longest AWS region name the kit may meet (`eusc-de-east-1`). */
const LONGEST_REGION = 14;
/** Largest shard number (3 digits): see the aggregator's `MAX_ARCHIVE_BUCKETS`. */
const LONGEST_SHARD = 3;
/** `pa-<slug>-logs-<n>-<account>-<region>` without the slug. */
const FIXED_PART = 'pa-'.length + '-logs-'.length + LONGEST_SHARD + 1 + 12 + 1 + LONGEST_REGION;
/** Room for the aggregator's slug in a bucket name, whatever the shard and region. */
export const BUCKET_SLUG_MAX = S3_BUCKET_NAME_MAX - FIXED_PART;

/**
 * The slug as it appears in bucket names: unchanged when it fits in {@link BUCKET_SLUG_MAX}
 * characters; otherwise cut and followed by `-` and 4 hex digits of its SHA-256, so two long
 * codes with the same beginning still give different names.
 */
export function bucketSlug(slug: string): string {
  if (slug.length <= BUCKET_SLUG_MAX) return slug;
  const hash = createHash('sha256').update(slug).digest('hex').slice(0, 4);
  return `${slug.slice(0, BUCKET_SLUG_MAX - 5).replace(/-+$/, '')}-${hash}`;
}

/** `pa-<slug>-logs-<n>-<account>-<region>`: the n-th central log archive bucket of an aggregator in a region. */
export function archiveBucketName(slug: string, account: string, region: string, shard: number): string {
  return `pa-${bucketSlug(slug)}-logs-${shard}-${account}-${region}`;
}

/** `alias/pa/<slug>/central-logs-<n>`: the alias of the key the central stack creates for the n-th archive bucket. */
export function archiveKeyAlias(slug: string, shard: number): string {
  return `alias/pa/${slug}/central-logs-${shard}`;
}

/** `alias/pa/<slug>/offsite-backup`: the alias of the key of the aggregator's off-site vault. */
export function offsiteKeyAlias(slug: string): string {
  return `alias/pa/${slug}/offsite-backup`;
}

/** `pa-central-logs-<slug>`: the Swift container of a tenant's logs in the aggregator's OpenStack central log collection. */
export function centralLogContainerName(slug: string): string {
  return `pa-central-logs-${slug}`;
}

// ---------- ARNs ----------

/** `arn:<partition>:cloudtrail:<region>:<account>:trail/pa-<slug>-audit`: the `aws:SourceArn` CloudTrail sends for a tenant's trail. */
export function trailArnOf(partition: string, region: string, account: string, slug: string): string {
  return `arn:${partition}:cloudtrail:${region}:${account}:trail/${trailNameOf(slug)}`;
}

/** The ARN of an AWS Backup vault, in the partition of its region. */
export function backupVaultArn(region: string, account: string, vaultName: string): string {
  return `arn:${awsPartition(region)}:backup:${region}:${account}:backup-vault:${vaultName}`;
}

/** `arn:<partition>:iam::<account>:root`: an account as a principal. */
export function accountRootArn(partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:root`;
}

/** `arn:<partition>:s3:::<bucket>`. */
export function s3BucketArn(partition: string, bucketName: string): string {
  return `arn:${partition}:s3:::${bucketName}`;
}

/** `arn:<partition>:kms:<region>:<account>:alias/...`: a KMS alias ARN (KMS accepts it where a key ARN goes, from another account too). */
export function kmsAliasArn(region: string, account: string, alias: string): string {
  return `arn:${awsPartition(region)}:kms:${region}:${account}:${alias}`;
}

/** `arn:<partition>:logs:<region>:<account>:*`: the `aws:SourceArn` of an account's log deliveries (VPC flow logs, Network Firewall logs). */
export function logDeliverySourceArn(partition: string, region: string, account: string): string {
  return `arn:${partition}:logs:${region}:${account}:*`;
}

/** The parts of an ARN, `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  /** Empty for global services (IAM, S3). */
  readonly region: string;
  /** Empty for S3 buckets. */
  readonly account: string;
  /** Everything after the fifth `:` (it may hold `:` and `/`). */
  readonly resource: string;
}

/**
 * Splits an ARN into its parts, or returns undefined when the text is not `arn:` followed by five
 * `:`-separated fields. Parts are not validated (they may hold placeholders of unresolved values):
 * callers check what they need ({@link parseAwsArn}, {@link parseKmsKeyArn}, {@link parseBackupVaultArn}).
 */
export function splitArn(text: unknown): ArnParts | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/.exec(text);
  return m ? { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] } : undefined;
}

/**
 * An AWS ARN with a literal partition (`aws`, `aws-eusc`, ...), service, region (possibly empty)
 * and account (12 digits, or empty), or undefined.
 */
export function parseAwsArn(text: unknown): ArnParts | undefined {
  const parts = splitArn(text);
  if (!parts) return undefined;
  const ok = /^aws[a-z-]*$/.test(parts.partition) && /^[a-z0-9-]+$/.test(parts.service)
    && /^[a-z0-9-]*$/.test(parts.region) && /^(\d{12})?$/.test(parts.account);
  return ok ? parts : undefined;
}

/** A KMS key ARN: groups are the partition, the region, the account and the key ID. */
export const AWS_KMS_KEY_ARN = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):key\/([A-Za-z0-9-]+)$/;

/** The parts of a KMS key ARN. */
export interface KmsKeyArnParts {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly keyId: string;
}

/** Splits a literal KMS key ARN (`arn:<partition>:kms:<region>:<account>:key/<id>`), or returns undefined when it is not one. */
export function parseKmsKeyArn(text: unknown): KmsKeyArnParts | undefined {
  const m = typeof text === 'string' ? AWS_KMS_KEY_ARN.exec(text) : null;
  return m ? { partition: m[1], region: m[2], account: m[3], keyId: m[4] } : undefined;
}

/**
 * Whether a KMS key ARN names a multi-Region key (key ID `mrk-...`). Multi-Region keys cannot be
 * created in an external key store, so they cannot be the PA-held key (HYOK) a pa-held key custody
 * asks for (ACN-KMS-02).
 */
export function isAwsMultiRegionKeyArn(arn: string): boolean {
  return parseKmsKeyArn(arn)?.keyId.startsWith('mrk-') ?? false;
}

/** The parts of a backup vault ARN. */
export interface BackupVaultArnParts {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly vaultName: string;
}

const VAULT_ARN = /^arn:(aws[a-z-]*):backup:([a-z0-9-]+):(\d{12}):backup-vault:([A-Za-z0-9_-]{2,50})$/;

/** Splits a literal backup vault ARN, or returns undefined when it is not one. */
export function parseBackupVaultArn(arn: string): BackupVaultArnParts | undefined {
  const m = VAULT_ARN.exec(arn);
  if (!m) return undefined;
  return { partition: m[1], region: m[2], account: m[3], vaultName: m[4] };
}

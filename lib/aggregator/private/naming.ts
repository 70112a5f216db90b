/** Physical names of the aggregator's central resources: deterministic, so other accounts can compute them. */
import { createHash } from 'node:crypto';

/** Longest S3 bucket name. */
export const S3_BUCKET_NAME_MAX = 63;

/** Longest AWS region name the kit may meet (`eusc-de-east-1`). */
const LONGEST_REGION = 14;
/** Largest shard number (3 digits): see `MAX_ARCHIVE_BUCKETS`. */
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

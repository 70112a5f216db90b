/**
 * The lifecycle of the kit's log archives: a tenant's own archive (`LandingZoneLogging`) and the
 * aggregator's central archive (`AggregatorCentralLogging`) expire, version and move their logs
 * to colder storage by the same rules, defined here.
 */
import { Duration as CdkDuration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

/** S3 storage classes bill a minimum storage time; moving logs earlier only costs more. */
const DEEP_ARCHIVE_MINIMUM_DAYS = 180;
const GLACIER_MINIMUM_DAYS = 90;

/**
 * The archive storage class for audit logs that stay `archiveDays - searchableDays` days after
 * leaving the searchable period: DEEP_ARCHIVE when they stay at least its 180-day minimum,
 * GLACIER (flexible retrieval) when at least its 90-day minimum, none (they stay in STANDARD
 * until they expire) when shorter.
 */
export function archiveStorageClass(searchableDays: number, archiveDays: number): s3.StorageClass | undefined {
  const remaining = archiveDays - searchableDays;
  if (remaining >= DEEP_ARCHIVE_MINIMUM_DAYS) return s3.StorageClass.DEEP_ARCHIVE;
  if (remaining >= GLACIER_MINIMUM_DAYS) return s3.StorageClass.GLACIER;
  return undefined;
}

/**
 * Days a noncurrent version is kept after it stops being current: the current version expires at
 * the class retention (a delete marker takes its place), and its data goes a day later, so logs
 * end at the class retention, not twice it (GDPR art. 5(1)(e)). Object lock still protects every
 * version until its retain-until date: S3 lifecycle never deletes a locked version.
 */
export const NONCURRENT_VERSION_DAYS = 1;

/**
 * S3 lifecycle transitions skip objects of 128 KB or less by default; the kit says so in the rule
 * (`ObjectSizeGreaterThan`) rather than rely on it. Smaller log files stay in STANDARD: in
 * GLACIER or DEEP_ARCHIVE each object costs about 40 KB of index and metadata, more than they
 * save. Whatever their size, they expire with the class retention (the expiration rule has no
 * size filter).
 */
export const TRANSITION_MIN_OBJECT_BYTES = 128 * 1024;

/**
 * The lifecycle of a bucket whose objects end at `expireDays`: current versions expire then,
 * noncurrent ones {@link NONCURRENT_VERSION_DAYS} later, expired delete markers are removed, and,
 * with a storage class, objects over {@link TRANSITION_MIN_OBJECT_BYTES} move to it after
 * `transitionDays`. Rule IDs: `expire-after-archive-retention`, `archive-large-objects`,
 * `remove-expired-delete-markers`.
 */
export function expiringLifecycleRules(expireDays: number, transition?: { storageClass: s3.StorageClass; afterDays: number }): s3.LifecycleRule[] {
  return [
    {
      id: 'expire-after-archive-retention',
      expiration: CdkDuration.days(expireDays),
      noncurrentVersionExpiration: CdkDuration.days(NONCURRENT_VERSION_DAYS),
    },
    ...(transition ? [{
      id: 'archive-large-objects',
      objectSizeGreaterThan: TRANSITION_MIN_OBJECT_BYTES,
      transitions: [{ storageClass: transition.storageClass, transitionAfter: CdkDuration.days(transition.afterDays) }],
    }] : []),
    // Its own rule: S3 refuses ExpiredObjectDeleteMarker next to an expiration in days.
    { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
  ];
}

/**
 * CloudFormation types `ObjectSizeGreaterThan` as a string (a long) and its validator warns about
 * the number aws-cdk-lib writes: the rules of `expiringLifecycleRules` get it as a string.
 */
export function objectSizesAsStrings(bucket: s3.Bucket, rules: readonly s3.LifecycleRule[]): void {
  rules.forEach((rule, i) => {
    if (rule.objectSizeGreaterThan !== undefined) {
      (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride(`LifecycleConfiguration.Rules.${i}.ObjectSizeGreaterThan`, String(rule.objectSizeGreaterThan));
    }
  });
}

/**
 * The props of the bucket that receives a log archive's S3 server access logs, for a tenant's own
 * archive and the aggregator's central one alike: SSE-S3 (server access logging delivers only to
 * buckets encrypted with SSE-S3), no public access, TLS only, versioned, expiring with the archive
 * retention, retained on delete.
 */
export function accessLogsBucketProps(archiveDays: number): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    lifecycleRules: expiringLifecycleRules(archiveDays),
    removalPolicy: RemovalPolicy.RETAIN,
  };
}

import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CompliancePolicy, DataClassification, Duration as CoreDuration } from '../../core';

/**
 * How many NAT gateways a tenant's VPC gets.
 *
 * The core policy has no setting for network redundancy, so this is the ONE place where the AWS
 * layer derives it from the data classification: an ordinario tenant shares one NAT gateway
 * across its zones (a zone failure cuts outbound internet, which its RTO of 72 h tolerates);
 * critico and strategico get one per availability zone, so losing a zone never cuts the others'
 * egress. Candidate for a core setting (e.g. `egressRedundancy`).
 */
export function natGatewayCount(policy: CompliancePolicy, zoneCount: number): number {
  return policy.classification === DataClassification.ORDINARIO ? 1 : zoneCount;
}

/** Every finite CloudWatch Logs retention, ascending. */
const LOG_RETENTIONS: readonly logs.RetentionDays[] = (Object.values(logs.RetentionDays) as Array<string | number>)
  .filter((v): v is logs.RetentionDays => typeof v === 'number' && v !== logs.RetentionDays.INFINITE)
  .sort((a, b) => a - b);

/**
 * The smallest CloudWatch Logs retention that keeps logs at least `duration` (rounded UP, never
 * down); INFINITE when the duration is longer than the longest finite retention.
 */
export function logRetentionAtLeast(duration: CoreDuration): logs.RetentionDays {
  const days = duration.toDays();
  return LOG_RETENTIONS.find((r) => r >= days) ?? logs.RetentionDays.INFINITE;
}

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

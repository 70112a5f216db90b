import * as logs from 'aws-cdk-lib/aws-logs';
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

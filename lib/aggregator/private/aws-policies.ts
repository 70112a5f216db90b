/**
 * The policies of the aggregator's central log archive on AWS: what its buckets and keys admit of
 * each tenant. The prefixes and ARNs come from core's naming, the same functions the tenants'
 * landing zones write with.
 */
import { Stack, aws_iam as iam } from 'aws-cdk-lib';
import { cloudTrailKeyStatements, logDeliveryKeyStatement } from '../../aws';
import { centralFlowLogPrefix, centralTrailPrefix, logDeliverySourceArn, trailArnOf } from '../../core';
import type { AggregatorAwsTenant } from './checks';
import { unique } from './aws-support';

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
export function bucketStatements(partition: string, region: string, bucketArn: string, tenants: readonly AggregatorAwsTenant[], firstIndex: number): iam.PolicyStatement[] {
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
export function keyStatements(partition: string, region: string, tenants: readonly AggregatorAwsTenant[]): iam.PolicyStatement[] {
  const trails = unique(tenants.map((t) => tenantTrailArn(partition, region, t)));
  return [
    ...cloudTrailKeyStatements(trails, { encrypt: 'TenantTrailsEncrypt', describe: 'TenantTrailsDescribeKey' }),
    logDeliveryKeyStatement('TenantLogDeliveryEncrypt', unique(tenants.map((t) => t.account)), unique(tenants.map((t) => tenantLogsArn(partition, region, t)))),
  ];
}

/** Size in bytes of a policy document as CloudFormation sends it (compact JSON, UTF-8). */
export function policySize(stack: Stack, doc: iam.PolicyDocument): number {
  return Buffer.byteLength(JSON.stringify(stack.resolve(doc.toJSON())), 'utf8');
}

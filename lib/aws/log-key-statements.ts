/**
 * What the services that write logs need of the KMS key their files are encrypted with, scoped to
 * the sources that may use it (confused deputy): CloudTrail for trails, the log delivery service
 * for flow logs. A tenant's own log archive (LandingZoneLogging) and an aggregator's central
 * archive grant the same actions; only the sources and statement IDs differ.
 */
import { aws_iam as iam } from 'aws-cdk-lib';

/** The statement IDs, which name the statements in the key policy (keep them: they are part of the template). */
export interface CloudTrailKeySids {
  readonly encrypt: string;
  readonly describe: string;
}

/**
 * CloudTrail encrypts the files of the given trails (their ARN as source and in the encryption
 * context), describes the key, and decrypts with it: the archive uses an S3 Bucket Key, which
 * CloudTrail must be able to use.
 */
export function cloudTrailKeyStatements(trailArns: string | readonly string[], sids: CloudTrailKeySids): iam.PolicyStatement[] {
  const cloudtrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
  const trails = typeof trailArns === 'string' ? trailArns : [...trailArns];
  return [
    new iam.PolicyStatement({
      sid: sids.encrypt,
      principals: [cloudtrail],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceArn': trails, 'kms:EncryptionContext:aws:cloudtrail:arn': trails } },
    }),
    new iam.PolicyStatement({
      sid: sids.describe,
      principals: [cloudtrail],
      actions: ['kms:DescribeKey', 'kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceArn': trails } },
    }),
  ];
}

/** The log delivery service encrypts flow log files for the given source accounts and log sources. */
export function logDeliveryKeyStatement(sid: string, sourceAccounts: string | readonly string[], sourceArns: string | readonly string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
    resources: ['*'],
    conditions: {
      StringEquals: { 'aws:SourceAccount': typeof sourceAccounts === 'string' ? sourceAccounts : [...sourceAccounts] },
      ArnLike: { 'aws:SourceArn': typeof sourceArns === 'string' ? sourceArns : [...sourceArns] },
    },
  });
}

/** Tenant and aggregator naming, defined once in lib/core/naming.ts. */
import {
  AWS_KMS_KEY_ARN,
  BUCKET_SLUG_MAX,
  TenantIdentity,
  accountRootArn,
  archiveBucketName,
  archiveKeyAlias,
  awsLogsPrefix,
  backupVaultArn,
  bucketSlug,
  centralFlowLogPrefix,
  centralLogContainerName,
  centralTrailPrefix,
  flowLogPrefix,
  isAwsMultiRegionKeyArn,
  kmsAliasArn,
  logDeliverySourceArn,
  offsiteKeyAlias,
  offsiteVaultName,
  parseAwsArn,
  parseBackupVaultArn,
  parseKmsKeyArn,
  s3BucketArn,
  slugOf,
  splitArn,
  trailArchivePrefix,
  trailArnOf,
  trailNameOf,
} from '../../lib/core';
import { trailArnOf as awsTrailArnOf } from '../../lib/aws/logging';
import { centralTrailPrefix as aggregatorCentralTrailPrefix } from '../../lib/aggregator/central-aws';
import { arnParts, literalBucketName } from '../../lib/compliance/rules/private/aws';

test('slug: underscores become hyphens, and TenantIdentity uses the same function', () => {
  expect(slugOf('asl_rm_1')).toBe('asl-rm-1');
  const t = TenantIdentity.of({ ipaCode: 'c_h501', name: 'Comune', classification: 'ordinario', qualification: 'QC1', owner: 'ICT', incidentContact: 'cert@comune.example.it' });
  expect(t.slug).toBe(slugOf('c_h501'));
});

test('log prefixes: the tenant side and the central archive side are the same text', () => {
  expect(trailArchivePrefix('c_h501')).toBe('c_h501/');
  expect(flowLogPrefix('c_h501')).toBe('vpc-flow-logs/c_h501/');
  expect(awsLogsPrefix('', '111111111111')).toBe('AWSLogs/111111111111/');
  expect(awsLogsPrefix('trails', '111111111111')).toBe('trails/AWSLogs/111111111111/');
  expect(awsLogsPrefix('trails/', '111111111111')).toBe('trails/AWSLogs/111111111111/');
  expect(centralTrailPrefix('c_h501', '111111111111')).toBe('c_h501/AWSLogs/111111111111/');
  expect(centralFlowLogPrefix('c_h501', '111111111111')).toBe('vpc-flow-logs/c_h501/AWSLogs/111111111111/');
  // The providers' and the aggregator's exports are core's functions, not copies.
  expect(aggregatorCentralTrailPrefix).toBe(centralTrailPrefix);
  expect(awsTrailArnOf).toBe(trailArnOf);
});

test('names and ARNs', () => {
  expect(trailNameOf('c-h501')).toBe('pa-c-h501-audit');
  expect(trailArnOf('aws', 'eu-south-1', '111111111111', 'c-h501')).toBe('arn:aws:cloudtrail:eu-south-1:111111111111:trail/pa-c-h501-audit');
  expect(offsiteVaultName('r-esempio')).toBe('pa-r-esempio-offsite');
  expect(backupVaultArn('eusc-de-east-1', '333333333333', 'pa-r-esempio-offsite')).toBe('arn:aws-eusc:backup:eusc-de-east-1:333333333333:backup-vault:pa-r-esempio-offsite');
  expect(archiveBucketName('r-esempio', '999999999999', 'eu-south-1', 2)).toBe('pa-r-esempio-logs-2-999999999999-eu-south-1');
  expect(archiveKeyAlias('r-esempio', 0)).toBe('alias/pa/r-esempio/central-logs-0');
  expect(offsiteKeyAlias('r-esempio')).toBe('alias/pa/r-esempio/offsite-backup');
  expect(kmsAliasArn('eu-south-1', '999999999999', 'alias/pa/x/central-logs-0')).toBe('arn:aws:kms:eu-south-1:999999999999:alias/pa/x/central-logs-0');
  expect(accountRootArn('aws', '111111111111')).toBe('arn:aws:iam::111111111111:root');
  expect(s3BucketArn('aws', 'b')).toBe('arn:aws:s3:::b');
  expect(logDeliverySourceArn('aws', 'eu-south-1', '111111111111')).toBe('arn:aws:logs:eu-south-1:111111111111:*');
  expect(centralLogContainerName('c-a002')).toBe('pa-central-logs-c-a002');
});

test('long slugs are cut with a hash so every archive bucket name fits in 63 characters', () => {
  const long = 'a'.repeat(40);
  expect(bucketSlug('short')).toBe('short');
  expect(bucketSlug(long)).toHaveLength(BUCKET_SLUG_MAX);
  expect(bucketSlug(long)).not.toBe(bucketSlug(`${'a'.repeat(39)}b`));
  expect(archiveBucketName(long, '999999999999', 'eusc-de-east-1', 999).length).toBeLessThanOrEqual(63);
});

describe('ARN parsing', () => {
  test('splitArn takes any five fields, the resource keeps its colons', () => {
    expect(splitArn('arn:aws:backup:eu-south-1:333333333333:backup-vault:x')).toEqual({ partition: 'aws', service: 'backup', region: 'eu-south-1', account: '333333333333', resource: 'backup-vault:x' });
    expect(splitArn('arn:aws:s3:::bucket/key')).toMatchObject({ service: 's3', region: '', account: '', resource: 'bucket/key' });
    for (const bad of ['arn:aws:s3::bucket', 'not-an-arn', '', 42, undefined]) expect(splitArn(bad)).toBeUndefined();
  });

  test('parseAwsArn checks partition, service, region and account', () => {
    expect(parseAwsArn('arn:aws-eusc:kms:eusc-de-east-1:111111111111:key/x')).toMatchObject({ partition: 'aws-eusc', region: 'eusc-de-east-1', account: '111111111111' });
    expect(parseAwsArn('arn:aws:s3:::b')).toMatchObject({ region: '', account: '' });
    expect(parseAwsArn('arn:azure:kms:eu-south-1:111111111111:key/x')).toBeUndefined();
    expect(parseAwsArn('arn:aws:kms:eu-south-1:1111:key/x')).toBeUndefined();
    expect(parseAwsArn('arn:aws:KMS:eu-south-1:111111111111:key/x')).toBeUndefined();
    // The compliance rules read ARNs through it.
    expect(arnParts('arn:aws:backup:eu-central-1:333333333333:backup-vault:v')).toEqual({ region: 'eu-central-1', account: '333333333333' });
    expect(arnParts('arn:aws:backup:eu-central-1:3333:backup-vault:v')).toBeUndefined();
    expect(literalBucketName('arn:aws:s3:::pa-logs/prefix/')).toBe('pa-logs');
    expect(literalBucketName('pa-logs/prefix/')).toBe('pa-logs');
    expect(literalBucketName('arn:aws:s3:eu-south-1::pa-logs')).toBeUndefined();
  });

  test('KMS key ARNs', () => {
    expect(parseKmsKeyArn('arn:aws:kms:eu-south-1:111111111111:key/mrk-123')).toEqual({ partition: 'aws', region: 'eu-south-1', account: '111111111111', keyId: 'mrk-123' });
    expect(parseKmsKeyArn('arn:aws:kms:eu-south-1:111111111111:alias/x')).toBeUndefined();
    expect(parseKmsKeyArn(undefined)).toBeUndefined();
    expect(AWS_KMS_KEY_ARN.test('arn:aws:kms:eu-south-1:111111111111:key/abc')).toBe(true);
    expect(isAwsMultiRegionKeyArn('arn:aws:kms:eu-south-1:111111111111:key/mrk-123')).toBe(true);
    expect(isAwsMultiRegionKeyArn('arn:aws:kms:eu-south-1:111111111111:key/123')).toBe(false);
    expect(isAwsMultiRegionKeyArn('mrk-123')).toBe(false);
  });

  test('backup vault ARNs', () => {
    expect(parseBackupVaultArn('arn:aws:backup:eu-south-1:333333333333:backup-vault:pa-copies')).toEqual({ partition: 'aws', region: 'eu-south-1', account: '333333333333', vaultName: 'pa-copies' });
    expect(parseBackupVaultArn('arn:aws:backup:eu-south-1:333333333333:backup-vault:x')).toBeUndefined();
    expect(parseBackupVaultArn('arn:aws:backup:eu-south-1:333333333333:recovery-point:abc')).toBeUndefined();
  });
});

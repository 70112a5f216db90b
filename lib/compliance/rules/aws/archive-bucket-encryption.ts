import { CloudProvider } from '../../../core';
import { asArray, at, fail, indexOf, pass } from '../../private/model';
import { Rule } from '../../types';
import { archiveBuckets } from '../private/aws';
import { missingArchive } from './archive-bucket-versioning';

export const awsArchiveBucketEncryption: Rule = {
  id: 'aws-archive-bucket-encryption',
  control: 'ABSC-LOG-03',
  provider: CloudProvider.AWS,
  title: 'Log archive bucket encrypted with KMS',
  checks: 'The archive bucket\'s default encryption is `aws:kms` (or `aws:kms:dsse`) with a customer-managed `KMSMasterKeyID`.',
  fix: 'Set `encryption: BucketEncryption.KMS` with the log key on the archive bucket.',
  severity: 'error',
  evaluate: (ctx) => {
    const archive = archiveBuckets(indexOf(ctx.document), ctx.related);
    const results = missingArchive(archive);
    for (const b of archive.buckets) {
      const rules = asArray(at(b.properties, 'BucketEncryption.ServerSideEncryptionConfiguration'));
      const kms = rules.find((r) => String(at(r, 'ServerSideEncryptionByDefault.SSEAlgorithm')).startsWith('aws:kms'));
      if (!kms) results.push(fail(b.id, 'BucketEncryption', 'the archive is not encrypted with KMS'));
      else if (at(kms, 'ServerSideEncryptionByDefault.KMSMasterKeyID') === undefined) results.push(fail(b.id, 'BucketEncryption', 'the archive uses the AWS-managed aws/s3 key, not a customer-managed key'));
      else results.push(pass(b.id, 'BucketEncryption', 'the archive is encrypted with a customer-managed KMS key'));
    }
    return results;
  },
};

import { CloudProvider } from '../../../core';
import { asBool, at, fail, indexOf, pass } from '../../private/model';
import { Rule } from '../../types';
import { archiveBuckets } from '../private/aws';
import { missingArchive } from './archive-bucket-versioning';

const SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];

export const awsArchiveBucketPublicAccess: Rule = {
  id: 'aws-archive-bucket-public-access',
  control: 'ABSC-LOG-03',
  provider: CloudProvider.AWS,
  title: 'Log archive bucket blocks public access',
  checks: 'The archive bucket\'s `PublicAccessBlockConfiguration` sets all four settings to true.',
  fix: 'Set `blockPublicAccess: BlockPublicAccess.BLOCK_ALL` on the archive bucket.',
  severity: 'error',
  evaluate: (ctx) => {
    const archive = archiveBuckets(indexOf(ctx.document), ctx.related);
    const results = missingArchive(archive);
    for (const b of archive.buckets) {
      const off = SETTINGS.filter((s) => asBool(at(b.properties, `PublicAccessBlockConfiguration.${s}`)) !== true);
      results.push(off.length === 0
        ? pass(b.id, 'PublicAccessBlockConfiguration', 'all public access is blocked')
        : fail(b.id, 'PublicAccessBlockConfiguration', `public access not blocked: ${off.join(', ')} not true`));
    }
    return results;
  },
};

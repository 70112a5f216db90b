import { CloudProvider } from '../../../core';
import { fail, indexOf, isObject, pass } from '../../private/model';
import { Rule } from '../../types';
import { archiveBuckets } from '../private/aws';
import { missingArchive } from './archive-bucket-versioning';

export const awsArchiveBucketRetained: Rule = {
  id: 'aws-archive-bucket-retained',
  control: 'ABSC-LOG-03',
  provider: CloudProvider.AWS,
  title: 'Log archive bucket retained on delete',
  checks: 'The archive bucket has `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain`.',
  fix: 'Set `removalPolicy: RemovalPolicy.RETAIN` on the archive bucket.',
  severity: 'error',
  evaluate: (ctx) => {
    const archive = archiveBuckets(indexOf(ctx.document), ctx.related);
    const results = missingArchive(archive);
    for (const b of archive.buckets) {
      const raw = isObject(b.raw) ? b.raw : {};
      const problems = ['DeletionPolicy', 'UpdateReplacePolicy'].filter((p) => raw[p] !== 'Retain');
      results.push(problems.length === 0
        ? pass(b.id, 'DeletionPolicy', 'the archive is retained on delete and replacement')
        : fail(b.id, problems[0], `${problems.join(' and ')} not Retain: deleting the stack would delete the archive`));
    }
    return results;
  },
};

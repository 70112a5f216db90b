import { CloudProvider } from '../../../core';
import { at, fail, indexOf, pass } from '../../private/model';
import { Rule } from '../../types';
import { archiveBuckets } from '../private/aws';
import { missingArchive } from './archive-bucket-versioning';

export const awsArchiveBucketAccessLogging: Rule = {
  id: 'aws-archive-bucket-access-logging',
  control: 'ABSC-LOG-03',
  provider: CloudProvider.AWS,
  title: 'Log archive bucket access logged',
  checks: 'The archive bucket has `LoggingConfiguration.DestinationBucketName` (server access logs to another bucket).',
  fix: 'Set `serverAccessLogsBucket` on the archive bucket (kit: AccessLogsBucket).',
  severity: 'error',
  evaluate: (ctx) => {
    const archive = archiveBuckets(indexOf(ctx.document), ctx.related);
    const results = missingArchive(archive);
    for (const b of archive.buckets) {
      results.push(at(b.properties, 'LoggingConfiguration.DestinationBucketName') === undefined
        ? fail(b.id, 'LoggingConfiguration', 'access to the archive is not logged')
        : pass(b.id, 'LoggingConfiguration', 'server access logging is on'));
    }
    return results;
  },
};

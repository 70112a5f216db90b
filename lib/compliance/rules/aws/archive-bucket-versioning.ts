import { CloudProvider } from '../../../core';
import { absent, at, fail, indexOf, pass, show } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { ArchiveBuckets, archiveBuckets } from '../private/aws';

/**
 * Where the logs go when the archive is not (entirely) in the template: a bucket of another
 * document of the run (evidence naming it), or one not found (judged conservatively).
 */
export function missingArchive(archive: ArchiveBuckets): RuleResult[] {
  const results = archive.resolved.map((r) => pass(r.from, undefined, `logs go to ${show(r.bucketName)}, created in another document of the run as ${r.bucket}: judged on that bucket`));
  results.push(...archive.external.map((e) => fail(e.from, undefined, `logs go to ${show(e.value)}, a bucket not created in this template or another document of the run, so its settings cannot be checked`, { unresolved: true, value: e.value })));
  if (archive.buckets.length === 0 && archive.external.length === 0) {
    results.push(absent(archive.document, 'no log archive: no trail or flow log delivers to an S3 bucket'));
  }
  return results;
}

export const awsArchiveBucketVersioning: Rule = {
  id: 'aws-archive-bucket-versioning',
  control: 'ABSC-LOG-03',
  provider: CloudProvider.AWS,
  title: 'Log archive bucket versioned',
  checks: 'The bucket the trail and flow logs deliver to exists in the template and has `VersioningConfiguration.Status: Enabled`.',
  fix: 'Create a dedicated archive bucket with versioning (kit: LandingZoneLogging).',
  severity: 'error',
  evaluate: (ctx) => {
    const archive = archiveBuckets(indexOf(ctx.document), ctx.related);
    const results = missingArchive(archive);
    for (const b of archive.buckets) {
      const status = at(b.properties, 'VersioningConfiguration.Status');
      results.push(status === 'Enabled'
        ? pass(b.id, 'VersioningConfiguration.Status', 'versioning is enabled')
        : fail(b.id, 'VersioningConfiguration.Status', `versioning is ${status === undefined ? 'not enabled' : show(status)}`));
    }
    return results;
  },
};

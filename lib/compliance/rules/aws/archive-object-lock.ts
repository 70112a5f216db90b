import { CloudProvider, LockMode } from '../../../core';
import { asBool, at, fail, indexOf, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { archiveBuckets } from '../private/aws';
import { missingArchive } from './archive-bucket-versioning';

export const awsArchiveObjectLock: Rule = {
  id: 'aws-archive-object-lock',
  control: 'LOG-INT-05',
  provider: CloudProvider.AWS,
  title: 'Log archive object lock in the class mode',
  checks: 'The log archive bucket has `ObjectLockEnabled: true` and a default retention in the class mode (GOVERNANCE for ordinario, COMPLIANCE for critico and strategico).',
  fix: 'Enable object lock on the archive bucket with a default retention in the class mode (kit: LandingZoneLogging).',
  severity: 'error',
  evaluate: (ctx) => {
    const archive = archiveBuckets(indexOf(ctx.document), ctx.related);
    const results: RuleResult[] = missingArchive(archive);
    const wanted = ctx.policy.settings.logObjectLockMode;
    for (const b of archive.buckets) {
      if (asBool(b.properties.ObjectLockEnabled) !== true) {
        results.push(fail(b.id, 'ObjectLockEnabled', 'object lock is not enabled on the log archive'));
        continue;
      }
      const mode = at(b.properties, 'ObjectLockConfiguration.Rule.DefaultRetention.Mode');
      if (mode === undefined) results.push(fail(b.id, 'ObjectLockConfiguration.Rule.DefaultRetention.Mode', `no default retention: objects are not locked unless each write asks (${wanted} mode needed)`));
      else if (mode === wanted || mode === LockMode.COMPLIANCE) results.push(pass(b.id, 'ObjectLockConfiguration.Rule.DefaultRetention.Mode', `object lock in ${String(mode)} mode`));
      else results.push(fail(b.id, 'ObjectLockConfiguration.Rule.DefaultRetention.Mode', `object lock mode ${String(mode)}; ${ctx.classification} needs ${wanted}`));
    }
    return results;
  },
};

import { CloudProvider } from '../../../core';
import { asArray, at, fail, indexOf, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { archiveBuckets, days, floorOf } from '../private/aws';
import { missingArchive } from './archive-bucket-versioning';

const DAYS_PER_YEAR = 365;

export const awsArchiveRetention: Rule = {
  id: 'aws-archive-retention',
  control: 'LOG-RET-04',
  provider: CloudProvider.AWS,
  title: 'Log archive retention per class, never below the floor',
  checks: 'The archive bucket\'s lifecycle expirations keep objects at least the class archive retention (warning) and the 6-month floor (error); its object lock default retention is at least the floor.',
  fix: 'Expire archived logs no sooner than the class archive retention (24 months ordinario, 36 months critico and strategico) and lock them at least 6 months.',
  severity: 'error',
  evaluate: (ctx) => {
    const archive = archiveBuckets(indexOf(ctx.document), ctx.related);
    const results: RuleResult[] = missingArchive(archive);
    const floor = floorOf(ctx.policy, 'auditLogArchiveRetention')!;
    const wanted = ctx.policy.settings.auditLogArchiveRetention;
    for (const b of archive.buckets) {
      let expiring = false;
      asArray(at(b.properties, 'LifecycleConfiguration.Rules')).forEach((rule, i) => {
        if (at(rule, 'Status') === 'Disabled') return;
        // Only the expiration of current versions ends a log's retention: NoncurrentDays count from
        // when a version stopped being current (after ExpirationInDays, or a deletion, which the
        // object lock refuses until retain-until, checked below).
        for (const key of ['ExpirationInDays']) {
          const raw = at(rule, key);
          if (raw === undefined) continue;
          expiring = true;
          const property = `LifecycleConfiguration.Rules.${i}.${key}`;
          const d = days(raw);
          if (d === undefined) results.push(fail(b.id, property, 'expiration is not a literal number of days', { unresolved: true, value: raw }));
          else if (d < floor.toDays()) results.push(fail(b.id, property, `archived logs expire after ${d} days, below the floor of ${floor}`, { severity: 'error' }));
          else if (d < wanted.toDays()) results.push(fail(b.id, property, `archived logs expire after ${d} days, below the ${ctx.classification} archive retention of ${wanted}`, { severity: 'warning' }));
          else results.push(pass(b.id, property, `archived logs kept ${d} days, at least ${wanted}`));
        }
      });
      if (!expiring) results.push(pass(b.id, 'LifecycleConfiguration', 'archived logs never expire'));
      const retention = at(b.properties, 'ObjectLockConfiguration.Rule.DefaultRetention');
      if (retention !== undefined) {
        const d = days(at(retention, 'Days')) ?? (days(at(retention, 'Years')) ?? NaN) * DAYS_PER_YEAR;
        if (Number.isNaN(d)) results.push(fail(b.id, 'ObjectLockConfiguration.Rule.DefaultRetention', 'object lock retention is not a literal period', { unresolved: true }));
        else if (d < floor.toDays()) results.push(fail(b.id, 'ObjectLockConfiguration.Rule.DefaultRetention', `objects are locked ${d} days, below the floor of ${floor}`));
        else results.push(pass(b.id, 'ObjectLockConfiguration.Rule.DefaultRetention', `objects are locked ${d} days`));
      }
    }
    return results;
  },
};

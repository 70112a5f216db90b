import { CloudProvider } from '../../../core';
import { asArray, at, cfnRef, fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T, days, floorOf } from '../private/aws';

export const awsTrailLogRetention: Rule = {
  id: 'aws-trail-log-retention',
  control: 'GAR-LOG-01',
  provider: CloudProvider.AWS,
  title: 'Audit logs kept at least the legal floor',
  checks: 'The trail\'s CloudWatch log group keeps events at least 6 months (Garante 2008), and its bucket does not expire objects sooner.',
  fix: 'Set the trail log group\'s retention and the archive bucket\'s expiration to at least the class retention (never below 6 months).',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const floor = floorOf(ctx.policy, 'auditLogSearchableRetention')!;
    const trails = ix.ofType(T.TRAIL);
    if (trails.length === 0) return [notApplicable('no trails')];
    const results: RuleResult[] = [];
    for (const trail of trails) {
      const groupArn = trail.properties.CloudWatchLogsLogGroupArn;
      if (groupArn !== undefined) {
        const group = ix.get(cfnRef(groupArn));
        if (!group) results.push(fail(trail.id, 'CloudWatchLogsLogGroupArn', 'the trail\'s log group is not in the template, so its retention cannot be checked', { unresolved: true, value: trail.properties.CloudWatchLogsLogGroupArn }));
        else {
          const d = days(group.properties.RetentionInDays);
          if (group.properties.RetentionInDays === undefined) results.push(pass(group.id, 'RetentionInDays', 'the trail log group never expires events'));
          else if (d === undefined) results.push(fail(group.id, 'RetentionInDays', 'retention is not a literal number of days', { unresolved: true, value: group.properties.RetentionInDays }));
          else if (d < floor.toDays()) results.push(fail(group.id, 'RetentionInDays', `the trail log group keeps events ${d} days, below the legal floor of ${floor} (${floor.toDays()} days)`));
          else results.push(pass(group.id, 'RetentionInDays', `the trail log group keeps events ${d} days, at least ${floor}`));
        }
      }
      const bucket = ix.get(cfnRef(trail.properties.S3BucketName));
      if (bucket?.type === T.BUCKET) {
        asArray(at(bucket.properties, 'LifecycleConfiguration.Rules')).forEach((rule, i) => {
          const expiration = days(at(rule, 'ExpirationInDays'));
          if (expiration !== undefined && at(rule, 'Status') !== 'Disabled' && expiration < floor.toDays()) {
            results.push(fail(bucket.id, `LifecycleConfiguration.Rules.${i}.ExpirationInDays`, `the trail bucket expires log files after ${expiration} days, below the legal floor of ${floor}`));
          }
        });
      }
    }
    if (results.length === 0) results.push(pass(undefined, undefined, 'trail logs are not expired before the legal floor'));
    return results;
  },
};

import { CloudProvider } from '../../../core';
import { fail, indexOf, isUnresolved, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T, days, floorOf } from '../private/aws';

export const awsLogGroupRetention: Rule = {
  id: 'aws-log-group-retention',
  control: 'LOG-RET-04',
  provider: CloudProvider.AWS,
  title: 'Log group retention per class, never below the floor',
  checks: 'Every AWS::Logs::LogGroup keeps events at least the class searchable retention (warning below it) and never below the 6-month floor (error); no `RetentionInDays` means never expire.',
  fix: 'Set the log group\'s retention to at least the class retention (12 months ordinario, 24 months critico and strategico).',
  severity: 'error',
  evaluate: (ctx) => {
    const groups = indexOf(ctx.document).ofType(T.LOG_GROUP);
    if (groups.length === 0) return [notApplicable('no log groups')];
    const floor = floorOf(ctx.policy, 'auditLogSearchableRetention')!;
    const wanted = ctx.policy.settings.auditLogSearchableRetention;
    return groups.map((g): RuleResult => {
      const raw = g.properties.RetentionInDays;
      if (raw === undefined) return pass(g.id, 'RetentionInDays', 'events never expire');
      const d = days(raw);
      if (d === undefined || isUnresolved(raw)) return fail(g.id, 'RetentionInDays', 'retention is not a literal number of days', { unresolved: true, value: raw });
      if (d < floor.toDays()) return fail(g.id, 'RetentionInDays', `retention ${d} days is below the legal floor of ${floor} (${floor.toDays()} days)`, { severity: 'error' });
      if (d < wanted.toDays()) return fail(g.id, 'RetentionInDays', `retention ${d} days is below the ${ctx.classification} retention of ${wanted} (${wanted.toDays()} days)`, { severity: 'warning' });
      return pass(g.id, 'RetentionInDays', `retention ${d} days meets ${wanted}`);
    });
  },
};

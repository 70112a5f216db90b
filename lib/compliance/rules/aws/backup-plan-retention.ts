import { CloudProvider } from '../../../core';
import { asArray, at, fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T, days, floorOf } from '../private/aws';

export const awsBackupPlanRetention: Rule = {
  id: 'aws-backup-plan-retention',
  control: 'ABSC-BCK-01',
  provider: CloudProvider.AWS,
  title: 'Backup retention per class',
  checks: 'Backup plan rules keep recovery points at least the 7-day floor (error); the plan keeps daily points the class daily retention and its longest rule the class monthly retention (warnings).',
  fix: 'Set `deleteAfter` to at least 35 days on the frequent rule and to the class monthly retention (12/24/36 months) on the monthly rule.',
  severity: 'error',
  evaluate: (ctx) => {
    const plans = indexOf(ctx.document).ofType(T.BACKUP_PLAN);
    if (plans.length === 0) return [notApplicable('no backup plans')];
    const floor = floorOf(ctx.policy, 'backupDailyRetention')!;
    const daily = ctx.policy.settings.backupDailyRetention;
    const monthly = ctx.policy.settings.backupMonthlyRetention;
    const results: RuleResult[] = [];
    for (const plan of plans) {
      let longest = 0;
      asArray(at(plan.properties, 'BackupPlan.BackupPlanRule')).forEach((rule, i) => {
        const raw = at(rule, 'Lifecycle.DeleteAfterDays');
        const property = `BackupPlan.BackupPlanRule.${i}.Lifecycle.DeleteAfterDays`;
        if (raw === undefined) {
          longest = Infinity;
          results.push(pass(plan.id, property, 'recovery points are kept until deleted'));
          return;
        }
        const d = days(raw);
        if (d === undefined) {
          results.push(fail(plan.id, property, 'retention is not a literal number of days', { unresolved: true, value: raw }));
          return;
        }
        longest = Math.max(longest, d);
        if (d < floor.toDays()) results.push(fail(plan.id, property, `recovery points kept ${d} days, below the floor of ${floor}`, { severity: 'error' }));
        else if (d < daily.toDays()) results.push(fail(plan.id, property, `recovery points kept ${d} days, below the ${ctx.classification} daily retention of ${daily}`, { severity: 'warning' }));
        else results.push(pass(plan.id, property, `recovery points kept ${d} days`));
      });
      if (longest < monthly.toDays()) {
        results.push(fail(plan.id, 'BackupPlan.BackupPlanRule', `no rule keeps recovery points for the ${ctx.classification} monthly retention of ${monthly} (${monthly.toDays()} days)`, { severity: 'warning' }));
      }
    }
    return results;
  },
};

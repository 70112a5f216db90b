import { CloudProvider, frequencyPeriod } from '../../../core';
import { absent, cfnRef, fail, indexOf, isUnresolved, pass } from '../../private/model';
import { schedulePeriodHours } from '../../private/schedule';
import { Rule, RuleResult } from '../../types';
import { T } from '../private/aws';

export const awsRestoreTestingPlan: Rule = {
  id: 'aws-restore-testing-plan',
  control: 'ABSC-BCK-02',
  provider: CloudProvider.AWS,
  title: 'Restore tests at the class cadence',
  checks: 'An AWS::Backup::RestoreTestingPlan runs at least at the class cadence (quarterly ordinario, monthly critico and strategico) and has a restore testing selection.',
  fix: 'Add a restore testing plan with a schedule at the class cadence and a selection of the protected resources (kit: LandingZoneBackup).',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const plans = ix.ofType(T.RESTORE_TESTING_PLAN);
    if (plans.length === 0) return [absent(ctx.document, 'no restore testing plan: restores are never tested')];
    const wanted = ctx.policy.settings.restoreTestFrequency;
    const selections = ix.ofType(T.RESTORE_TESTING_SELECTION);
    const results: RuleResult[] = [];
    for (const plan of plans) {
      const expression = plan.properties.ScheduleExpression;
      const hours = typeof expression === 'string' && !isUnresolved(expression) ? schedulePeriodHours(expression) : undefined;
      if (hours === undefined) results.push(fail(plan.id, 'ScheduleExpression', 'the schedule cannot be read', { unresolved: true }));
      else if (hours > frequencyPeriod(wanted).toHours()) results.push(fail(plan.id, 'ScheduleExpression', `restore tests run every ${Math.round(hours / 24)} days; ${ctx.classification} needs ${wanted} tests`));
      else results.push(pass(plan.id, 'ScheduleExpression', `restore tests run at least ${wanted}`));
      const name = plan.properties.RestoreTestingPlanName;
      const selected = selections.some((s) => cfnRef(s.properties.RestoreTestingPlanName) === plan.id || (name !== undefined && s.properties.RestoreTestingPlanName === name));
      results.push(selected
        ? pass(plan.id, 'RestoreTestingSelection', 'the plan has a restore testing selection')
        : fail(plan.id, 'RestoreTestingSelection', 'the plan has no restore testing selection, so it restores nothing'));
    }
    return results;
  },
};

import { CloudProvider, Frequency, frequencyPeriod } from '../../../core';
import { absent, asArray, at, fail, indexOf, isUnresolved, pass } from '../../private/model';
import { schedulePeriodHours } from '../../private/schedule';
import { Rule, RuleResult } from '../../types';
import { T } from '../private/aws';

export const awsBackupPlanFrequency: Rule = {
  id: 'aws-backup-plan-frequency',
  control: 'ABSC-BCK-01',
  provider: CloudProvider.AWS,
  title: 'Backups at the class frequency, never less than weekly',
  checks: 'Each AWS::Backup::BackupPlan has a rule whose schedule runs at least at the class frequency (daily ordinario and critico, hourly strategico: warning when slower) and at least weekly (error).',
  fix: 'Add a backup plan rule with a schedule at the class frequency (kit: LandingZoneBackup).',
  severity: 'error',
  evaluate: (ctx) => {
    const plans = indexOf(ctx.document).ofType(T.BACKUP_PLAN);
    if (plans.length === 0) return [absent(ctx.document, 'no AWS Backup plan: nothing is backed up')];
    const wanted = ctx.policy.settings.backupFrequency;
    const wantedHours = frequencyPeriod(wanted).toHours();
    const floorHours = frequencyPeriod(Frequency.WEEKLY).toHours();
    return plans.map((plan): RuleResult => {
      let best: number | undefined;
      let unresolved = false;
      asArray(at(plan.properties, 'BackupPlan.BackupPlanRule')).forEach((rule) => {
        const expression = at(rule, 'ScheduleExpression');
        if (asBoolish(at(rule, 'EnableContinuousBackup'))) best = Math.min(best ?? Infinity, 0);
        if (typeof expression !== 'string' || isUnresolved(expression)) {
          if (expression !== undefined) unresolved = true;
          // AWS Backup's default schedule, when none is given, is daily at 05:00 UTC.
          if (expression === undefined) best = Math.min(best ?? Infinity, 24);
          return;
        }
        const hours = schedulePeriodHours(expression);
        if (hours === undefined) unresolved = true;
        else best = Math.min(best ?? Infinity, hours);
      });
      const property = 'BackupPlan.BackupPlanRule';
      if (best === undefined) return fail(plan.id, property, 'no rule with a readable schedule', { unresolved });
      if (best > floorHours) return fail(plan.id, property, `the most frequent backup runs every ${describe(best)}, less often than the weekly floor`, { severity: 'error' });
      if (best > wantedHours) return fail(plan.id, property, `the most frequent backup runs every ${describe(best)}; ${ctx.classification} needs ${wanted} backups`, { severity: 'warning' });
      return pass(plan.id, property, `backups run every ${describe(best)} (${wanted} needed)`);
    });
  },
};

function asBoolish(v: unknown): boolean {
  return v === true || v === 'true';
}

function describe(hours: number): string {
  if (hours === 0) return 'moment (continuous backup)';
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return `${Math.round(hours / 24)} days`;
}

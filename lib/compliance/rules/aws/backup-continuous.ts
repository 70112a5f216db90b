import { CloudProvider } from '../../../core';
import { asArray, asBool, at, fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule } from '../../types';
import { T } from '../private/aws';

export const awsBackupContinuous: Rule = {
  id: 'aws-backup-continuous',
  control: 'ABSC-BCK-01',
  provider: CloudProvider.AWS,
  title: 'Continuous backup where the class needs it',
  checks: 'For critico and strategico, a backup plan rule has `EnableContinuousBackup: true` (point-in-time recovery where the service offers it).',
  fix: 'Turn on continuous backup in the frequent backup rule (kit default for critico and strategico).',
  severity: 'warning',
  evaluate: (ctx) => {
    if (!ctx.policy.settings.continuousBackup) return [notApplicable(`${ctx.classification} does not need continuous backup`)];
    const plans = indexOf(ctx.document).ofType(T.BACKUP_PLAN);
    if (plans.length === 0) return [notApplicable('no backup plans')];
    return plans.map((plan) => asArray(at(plan.properties, 'BackupPlan.BackupPlanRule')).some((r) => asBool(at(r, 'EnableContinuousBackup')) === true)
      ? pass(plan.id, 'BackupPlan.BackupPlanRule', 'continuous backup is on')
      : fail(plan.id, 'BackupPlan.BackupPlanRule', `no rule enables continuous backup, which ${ctx.classification} needs`));
  },
};

import { CloudProvider, frequencyPeriod } from '../../../core';
import { fail, pass } from '../../private/model';
import { Rule } from '../../types';
import { describeHours, scheduledJobs } from './backup-scheduler';

export const osRestoreTestScheduler: Rule = {
  id: 'os-restore-test-scheduler',
  control: 'ABSC-BCK-02',
  provider: CloudProvider.OPENSTACK,
  title: 'Scheduled restore tests at the class cadence',
  checks: 'A scheduler instance\'s user data has a restore-test timer running at least at the class cadence (quarterly ordinario, monthly critico and strategico).',
  fix: 'Provision the kit\'s backup scheduler, which restores the latest backups at the class cadence and writes evidence to the log archive.',
  severity: 'error',
  evaluate: (ctx) => {
    const jobs = scheduledJobs(ctx);
    const restores = jobs.timers.filter((t) => t.purpose === 'restore');
    if (restores.length === 0) return [fail(jobs.unresolved[0], 'user_data', 'no scheduled restore test (no instance user data with a restore timer)', { unresolved: jobs.unresolved.length > 0 })];
    const readable = restores.filter((t) => t.periodHours !== undefined);
    if (readable.length === 0) return [fail(restores[0].instance, 'user_data', `the restore test schedule ${restores[0].schedule} cannot be read`, { unresolved: true })];
    const best = readable.reduce((a, b) => (a.periodHours! <= b.periodHours! ? a : b));
    const wanted = ctx.policy.settings.restoreTestFrequency;
    return best.periodHours! > frequencyPeriod(wanted).toHours()
      ? [fail(best.instance, 'user_data', `restore tests run every ${describeHours(best.periodHours!)} (${best.schedule}); ${ctx.classification} needs ${wanted} tests`)]
      : [pass(best.instance, 'user_data', `restore tests run every ${describeHours(best.periodHours!)} (${best.schedule})`)];
  },
};

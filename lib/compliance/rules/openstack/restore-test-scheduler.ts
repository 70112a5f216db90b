import { CloudProvider, frequencyPeriod } from '../../../core';
import { fail, indexOf, pass } from '../../private/model';
import { OS, renderedCadenceHours, userData } from '../private/openstack';
import { Rule } from '../../types';
import { describeHours, scheduledJobs } from './backup-scheduler';

export const osRestoreTestScheduler: Rule = {
  id: 'os-restore-test-scheduler',
  control: 'ABSC-BCK-02',
  provider: CloudProvider.OPENSTACK,
  title: 'Scheduled restore tests at the class cadence',
  checks: 'A scheduler instance\'s user data has a restore-test timer, or a rendered `RESTORE_TEST_EVERY_SECONDS` run by its timer, at least at the class cadence (quarterly ordinario, monthly critico and strategico).',
  fix: 'Provision the kit\'s backup scheduler, which restores the latest backups at the class cadence and writes evidence to the log archive.',
  severity: 'error',
  evaluate: (ctx) => {
    const jobs = scheduledJobs(ctx);
    const wanted = ctx.policy.settings.restoreTestFrequency;
    // A kit-rendered scheduler tests restores from its backup timer, every RESTORE_TEST_EVERY_SECONDS.
    for (const i of indexOf(ctx.document).ofType(OS.INSTANCE)) {
      const text = userData(i).text ?? '';
      const every = renderedCadenceHours(text, 'RESTORE_TEST');
      const runs = jobs.timers.filter((t) => t.instance === i.id && t.periodHours !== undefined).map((t) => t.periodHours!);
      if (every === undefined || runs.length === 0) continue;
      const hours = Math.max(every, Math.min(...runs));
      return hours > frequencyPeriod(wanted).toHours()
        ? [fail(i.id, 'user_data', `restore tests run every ${describeHours(hours)} (RESTORE_TEST_EVERY_SECONDS); ${ctx.classification} needs ${wanted} tests`)]
        : [pass(i.id, 'user_data', `restore tests run every ${describeHours(hours)} (RESTORE_TEST_EVERY_SECONDS, checked by a timer every ${describeHours(Math.min(...runs))})`)];
    }
    const restores = jobs.timers.filter((t) => t.purpose === 'restore');
    if (restores.length === 0) return [fail(jobs.unresolved[0], 'user_data', 'no scheduled restore test (no instance user data with a restore timer)', { unresolved: jobs.unresolved.length > 0 })];
    const readable = restores.filter((t) => t.periodHours !== undefined);
    if (readable.length === 0) return [fail(restores[0].instance, 'user_data', `the restore test schedule ${restores[0].schedule} cannot be read`, { unresolved: true })];
    const best = readable.reduce((a, b) => (a.periodHours! <= b.periodHours! ? a : b));
    return best.periodHours! > frequencyPeriod(wanted).toHours()
      ? [fail(best.instance, 'user_data', `restore tests run every ${describeHours(best.periodHours!)} (${best.schedule}); ${ctx.classification} needs ${wanted} tests`)]
      : [pass(best.instance, 'user_data', `restore tests run every ${describeHours(best.periodHours!)} (${best.schedule})`)];
  },
};

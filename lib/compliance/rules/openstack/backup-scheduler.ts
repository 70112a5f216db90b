import { CloudProvider, Frequency, frequencyPeriod } from '../../../core';
import { fail, indexOf, pass } from '../../private/model';
import { RuleContext, RuleResult, Rule } from '../../types';
import { OS, Timer, timers, userData } from '../private/openstack';

/** The timers of every instance's user data, with the instances whose user data is an expression. */
export function scheduledJobs(ctx: RuleContext): { timers: (Timer & { instance: string })[]; unresolved: string[] } {
  const found: (Timer & { instance: string })[] = [];
  const unresolved: string[] = [];
  for (const i of indexOf(ctx.document).ofType(OS.INSTANCE)) {
    const data = userData(i);
    if (data.unresolved) unresolved.push(i.id);
    if (data.text) for (const t of timers(data.text)) found.push({ ...t, instance: i.id });
  }
  return { timers: found, unresolved };
}

export function describeHours(hours: number): string {
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.round(hours / 24);
  return days === 1 ? 'day' : `${days} days`;
}

export const osBackupScheduler: Rule = {
  id: 'os-backup-scheduler',
  control: 'ABSC-BCK-01',
  provider: CloudProvider.OPENSTACK,
  title: 'Scheduled volume backups at the class frequency',
  checks: 'A scheduler instance\'s user data has a backup timer (systemd `OnCalendar=` or cron) running at least at the class frequency (warning when slower) and at least weekly (error).',
  fix: 'Provision the kit\'s backup scheduler (LandingZoneBackup) with the class frequency.',
  severity: 'error',
  evaluate: (ctx) => {
    const jobs = scheduledJobs(ctx);
    const backups = jobs.timers.filter((t) => t.purpose === 'backup');
    if (backups.length === 0) {
      return [fail(jobs.unresolved[0], 'user_data', 'no scheduled backup job (no instance user data with a backup timer); Terraform has no resource for volume backup schedules', { unresolved: jobs.unresolved.length > 0 })];
    }
    const readable = backups.filter((t) => t.periodHours !== undefined);
    if (readable.length === 0) return [fail(backups[0].instance, 'user_data', `the backup schedule ${backups[0].schedule} cannot be read`, { unresolved: true })];
    const best = readable.reduce((a, b) => (a.periodHours! <= b.periodHours! ? a : b));
    const hours = best.periodHours!;
    const wanted = ctx.policy.settings.backupFrequency;
    const results: RuleResult[] = [];
    if (hours > frequencyPeriod(Frequency.WEEKLY).toHours()) results.push(fail(best.instance, 'user_data', `backups run every ${describeHours(hours)} (${best.schedule}), less often than the weekly floor`, { severity: 'error' }));
    else if (hours > frequencyPeriod(wanted).toHours()) results.push(fail(best.instance, 'user_data', `backups run every ${describeHours(hours)} (${best.schedule}); ${ctx.classification} needs ${wanted} backups`, { severity: 'warning' }));
    else results.push(pass(best.instance, 'user_data', `backups run every ${describeHours(hours)} (${best.schedule})`));
    return results;
  },
};

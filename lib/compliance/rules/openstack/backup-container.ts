import { CloudProvider } from '../../../core';
import { fail, indexOf, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { BACKUP, OS, named, versionsKept } from '../private/openstack';
import { scheduledJobs } from './backup-scheduler';

export const osBackupContainer: Rule = {
  id: 'os-backup-container',
  control: 'ABSC-BCK-03',
  provider: CloudProvider.OPENSTACK,
  title: 'Separate, versioned backup container',
  checks: 'A dedicated backup container (named as backup) exists with versioning on, or syncs to a versioned copy in the document (Swift refuses versioning on a sync source), separate from workload containers.',
  fix: 'Create a dedicated, versioned backup container for the scheduler\'s volume backups (kit: LandingZoneBackup).',
  severity: 'error',
  evaluate: (ctx) => {
    const containers = indexOf(ctx.document).ofType(OS.CONTAINER).filter((c) => named(c, BACKUP));
    if (containers.length === 0) {
      const jobs = scheduledJobs(ctx).timers.filter((t) => t.purpose === 'backup');
      return [fail(jobs[0]?.instance, undefined, 'no dedicated backup container in the document: backups are not shown to be out of the workload\'s reach')];
    }
    const all = indexOf(ctx.document).ofType(OS.CONTAINER);
    return containers.map((c): RuleResult => {
      const v = versionsKept(c, all);
      return v.kept ? pass(c.id, 'versioning', `the backup container keeps versions: ${v.message}`) : fail(c.id, 'versioning', `the backup container is not versioned: ${v.message}`);
    });
  },
};

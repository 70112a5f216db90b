import { CloudProvider } from '../../../core';
import { fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule } from '../../types';
import { archiveContainers } from '../private/openstack';
import { noArchive } from './archive-container-versioning';

export const osArchiveContainerSync: Rule = {
  id: 'os-archive-container-sync',
  control: 'ABSC-LOG-03',
  provider: CloudProvider.OPENSTACK,
  title: 'Log archive synced off-site for critico and strategico',
  checks: 'For critico and strategico, the archive container has `container_sync_to` and `container_sync_key` (a copy in another region or project).',
  fix: 'Set `offsiteRegion` on LandingZoneLogging so the archive syncs to a second allowed region.',
  severity: 'error',
  evaluate: (ctx) => {
    if (!ctx.policy.settings.offsiteBackupCopy) return [notApplicable(`${ctx.classification} does not need an off-site copy of the archive`)];
    const containers = archiveContainers(indexOf(ctx.document));
    return [
      ...noArchive(containers),
      ...containers.map((c) => c.properties.container_sync_to !== undefined && c.properties.container_sync_key !== undefined
        ? pass(c.id, 'container_sync_to', 'the archive syncs off-site')
        : fail(c.id, 'container_sync_to', `the archive is not synced off-site, which ${ctx.classification} needs`)),
    ];
  },
};

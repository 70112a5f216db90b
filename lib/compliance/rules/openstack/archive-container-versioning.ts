import { CloudProvider } from '../../../core';
import { fail, indexOf, pass } from '../../private/model';
import { ResourceRef, Rule, RuleResult } from '../../types';
import { archiveContainers, versioned } from '../private/openstack';

/** The result when no archive container is in the document. */
export function noArchive(containers: ResourceRef[]): RuleResult[] {
  return containers.length === 0 ? [fail(undefined, undefined, 'no log archive container (an object storage container named as archive or logs)')] : [];
}

export const osArchiveContainerVersioning: Rule = {
  id: 'os-archive-container-versioning',
  control: 'ABSC-LOG-03',
  provider: CloudProvider.OPENSTACK,
  title: 'Dedicated, versioned log archive container',
  checks: 'A dedicated object storage container for logs exists (named as archive or logs) and has versioning on.',
  fix: 'Create the archive container with `versioning = true` (kit: LandingZoneLogging, construct ArchiveContainer).',
  severity: 'error',
  evaluate: (ctx) => {
    const containers = archiveContainers(indexOf(ctx.document));
    return [
      ...noArchive(containers),
      ...containers.map((c) => versioned(c)
        ? pass(c.id, 'versioning', 'versioning is on')
        : fail(c.id, 'versioning', 'versioning is off: overwritten or deleted logs cannot be recovered')),
    ];
  },
};

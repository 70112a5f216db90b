import { CloudProvider } from '../../../core';
import { fail, indexOf, pass } from '../../private/model';
import { ResourceRef, Rule, RuleResult } from '../../types';
import { OS, archiveContainers, versionsKept } from '../private/openstack';

/** The result when no archive container is in the document. */
export function noArchive(containers: ResourceRef[]): RuleResult[] {
  return containers.length === 0 ? [fail(undefined, undefined, 'no log archive container (an object storage container named as archive or logs)')] : [];
}

export const osArchiveContainerVersioning: Rule = {
  id: 'os-archive-container-versioning',
  control: 'ABSC-LOG-03',
  provider: CloudProvider.OPENSTACK,
  title: 'Dedicated, versioned log archive container',
  checks: 'A dedicated object storage container for logs exists (named as archive or logs) and has versioning on, or is a container-sync source (Swift refuses versioning on one) whose copy in the document is versioned.',
  fix: 'Create the archive container with `versioning = true`, or, when it syncs off-site, version its off-site copy (kit: LandingZoneLogging, constructs ArchiveContainer and OffsiteContainer).',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const containers = archiveContainers(ix);
    const all = ix.ofType(OS.CONTAINER);
    return [
      ...noArchive(containers),
      ...containers.map((c) => {
        const v = versionsKept(c, all);
        return v.kept ? pass(c.id, 'versioning', v.message) : fail(c.id, 'versioning', `${v.message}: overwritten or deleted logs cannot be recovered`);
      }),
    ];
  },
};

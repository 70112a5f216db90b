import { CloudProvider } from '../../../core';
import { fail, indexOf, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { archiveContainers } from '../private/openstack';
import { noArchive } from './archive-container-versioning';

export const osArchiveContainerPrivate: Rule = {
  id: 'os-archive-container-private',
  control: 'ABSC-LOG-03',
  provider: CloudProvider.OPENSTACK,
  title: 'Log archive container not public',
  checks: 'The archive container\'s `container_read` has no public referrer ACL (`.r:*`) and `container_write` grants no wildcard (`*:*`).',
  fix: 'Remove public ACLs from the archive container; give shippers write-only application credentials instead.',
  severity: 'error',
  evaluate: (ctx) => {
    const containers = archiveContainers(indexOf(ctx.document));
    return [
      ...noArchive(containers),
      ...containers.map((c): RuleResult => {
        const read = String(c.properties.container_read ?? '');
        const write = String(c.properties.container_write ?? '');
        if (/\.r:\*/.test(read)) return fail(c.id, 'container_read', 'anyone can read the archive (.r:*)');
        if (/\*:\*/.test(write) || /\*:\*/.test(read)) return fail(c.id, /\*:\*/.test(write) ? 'container_write' : 'container_read', 'the archive grants every project and user access (*:*)');
        return pass(c.id, 'container_read', 'the archive has no public ACL');
      }),
    ];
  },
};

import { CloudProvider } from '../../../core';
import { fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule } from '../../types';
import { OS } from '../private/openstack';

const TLS = new Set(['TERMINATED_HTTPS', 'HTTPS']);

export const osLbTlsListeners: Rule = {
  id: 'os-lb-tls-listeners',
  control: 'ENC-TRANSIT-01',
  provider: CloudProvider.OPENSTACK,
  title: 'Load balancer listeners use TLS',
  checks: 'Every openstack_lb_listener_v2 uses `TERMINATED_HTTPS` (or passes HTTPS through).',
  fix: 'Terminate TLS on the listener with a Barbican certificate (`default_tls_container_ref`).',
  severity: 'error',
  evaluate: (ctx) => {
    const listeners = indexOf(ctx.document).ofType(OS.LB_LISTENER);
    if (listeners.length === 0) return [notApplicable('no load balancer listeners')];
    return listeners.map((l) => TLS.has(String(l.properties.protocol))
      ? pass(l.id, 'protocol', `listener uses ${String(l.properties.protocol)}`)
      : fail(l.id, 'protocol', `listener uses ${String(l.properties.protocol)} without TLS`));
  },
};

import { CloudProvider, EgressFiltering } from '../../../core';
import { fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule } from '../../types';
import { T, isDefaultRoute } from '../private/aws';

export const awsEgressFirewall: Rule = {
  id: 'aws-egress-firewall',
  control: 'ABSC-NET-03',
  provider: CloudProvider.AWS,
  title: 'Managed firewall in the egress path',
  checks: 'For critico (recommended: warning) and strategico (required: error), an AWS::NetworkFirewall::Firewall exists and default routes (0.0.0.0/0) go through a firewall endpoint (`VpcEndpointId`).',
  fix: 'Turn on `egressFirewall` (AWS Network Firewall with routes through its endpoints), or acknowledge ABSC-NET-03 with a reason.',
  severity: 'error',
  evaluate: (ctx) => {
    const egress = ctx.policy.settings.egressFiltering;
    if (egress === EgressFiltering.NAT) return [notApplicable(`${ctx.classification} filters egress with NAT and security groups`)];
    const ix = indexOf(ctx.document);
    if (!ix.has(T.VPC)) return [notApplicable('no VPCs')];
    const severity = egress === EgressFiltering.FIREWALL_REQUIRED ? 'error' : 'warning';
    const firewalls = ix.ofType(T.FIREWALL);
    if (firewalls.length === 0) return [fail(undefined, undefined, `no managed firewall; ${ctx.classification} ${egress === EgressFiltering.FIREWALL_REQUIRED ? 'requires' : 'should have'} one in the egress path`, { severity })];
    const through = ix.ofType(T.ROUTE).filter((r) => isDefaultRoute(r) && r.properties.VpcEndpointId !== undefined);
    return through.length > 0
      ? [pass(firewalls[0].id, undefined, `${through.length} default route(s) go through firewall endpoints`)]
      : [fail(firewalls[0].id, undefined, 'the firewall exists but no default route goes through a firewall endpoint (VpcEndpointId): traffic bypasses it', { severity })];
  },
};

import { CloudProvider, EgressFiltering } from '../../../core';
import { asArray, fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { OS } from '../private/openstack';

export const osFwaasRouterPorts: Rule = {
  id: 'os-fwaas-router-ports',
  control: 'ABSC-NET-03',
  provider: CloudProvider.OPENSTACK,
  title: 'FWaaS v2 policy on the router ports',
  checks: 'For critico (recommended: warning) and strategico (required: error), an openstack_fw_group_v2 with an egress policy is bound to router ports.',
  fix: 'Turn on `fwaas` in the landing zone network (FWaaS v2 group on the router interface ports), or acknowledge ABSC-NET-03 with a reason.',
  severity: 'error',
  evaluate: (ctx) => {
    const egress = ctx.policy.settings.egressFiltering;
    if (egress === EgressFiltering.NAT) return [notApplicable(`${ctx.classification} filters egress with security groups`)];
    const ix = indexOf(ctx.document);
    if (!ix.has(OS.ROUTER) && !ix.has(OS.NETWORK)) return [notApplicable('no routers or networks')];
    const severity = egress === EgressFiltering.FIREWALL_REQUIRED ? 'error' : 'warning';
    const groups = ix.ofType(OS.FW_GROUP);
    if (groups.length === 0) return [fail(undefined, undefined, `no FWaaS firewall group; ${ctx.classification} ${severity === 'error' ? 'requires' : 'should have'} egress filtering on the router`, { severity })];
    return groups.map((g): RuleResult => {
      if (g.properties.egress_firewall_policy_id === undefined) return fail(g.id, 'egress_firewall_policy_id', 'the firewall group has no egress policy', { severity });
      if (asArray(g.properties.ports).length === 0) return fail(g.id, 'ports', 'the firewall group is bound to no port, so it filters nothing', { severity });
      return pass(g.id, 'ports', 'egress policy on router ports');
    });
  },
};

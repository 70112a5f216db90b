import { CloudProvider } from '../../../core';
import { fail, indexOf, notApplicable, pass, tfRef } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { TierSource, tierFromPatterns, tierFromWords, tierNote } from '../private/common';
import { OS, hasGateway, routersBySubnet } from '../private/openstack';

export const osManagementNetworkIsolated: Rule = {
  id: 'os-management-network-isolated',
  control: 'ABSC-NET-01',
  provider: CloudProvider.OPENSTACK,
  title: 'Management network without router gateway',
  checks: 'The management network (`--tier` patterns, kit names, else names saying management but not public/DMZ/bastion; without one, a network none of whose subnets reach a router with an external gateway) is not attached to a router with an external gateway doing SNAT (`enable_snat = false` allows a VPN-only router).',
  fix: 'Keep the management subnet off the gateway router; reach it through the VPN (kit: LandingZoneNetwork).',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const networks = ix.ofType(OS.NETWORK);
    if (networks.length === 0) return [notApplicable('no networks')];
    const routers = routersBySubnet(ix);
    const subnetsOf = new Map<string, string[]>();
    for (const s of ix.ofType(OS.SUBNET)) {
      const net = tfRef(s.properties.network_id);
      if (net) subnetsOf.set(net, [...(subnetsOf.get(net) ?? []), s.id]);
    }
    // A router whose gateway does no SNAT (e.g. one that only terminates the admin VPN) gives no internet route.
    const routesOut = (id: string) => {
      const router = ix.get(id);
      return hasGateway(router) && router?.properties.enable_snat !== false;
    };
    const gateways = (network: string) => (subnetsOf.get(network) ?? []).flatMap((s) => routers.get(s) ?? []).filter(routesOut);
    // The tier of each network: a --tier pattern, else the words of its address and name (the
    // kit's own names in a document with kit metadata, a heuristic otherwise).
    const kit = ctx.document.metadata !== undefined;
    const tierOf = new Map<string, { tier?: string; source: TierSource }>(networks.map((n) => {
      const name = typeof n.properties.name === 'string' ? n.properties.name : undefined;
      const option = tierFromPatterns(ctx.tiers, n.id, name);
      if (option) return [n.id, { tier: option, source: 'option' }];
      return [n.id, { tier: tierFromWords(`${n.id} ${name ?? ''}`), source: kit ? 'kit' : 'name' }];
    }));
    const management = networks.filter((n) => tierOf.get(n.id)?.tier === 'management' && n.properties.external !== true);
    if (management.length === 0) {
      const isolated = networks.filter((n) => n.properties.external !== true && gateways(n.id).length === 0);
      return isolated.length > 0
        ? [pass(isolated[0].id, undefined, `no network is named as management; ${isolated.length} network(s) without a gateway route can host management`)]
        : [fail(undefined, undefined, 'no management network and no network without a router gateway: management hosts cannot be isolated')];
    }
    return management.map((n): RuleResult => {
      const found = gateways(n.id);
      const note = tierNote(tierOf.get(n.id)?.source);
      return found.length === 0
        ? pass(n.id, 'router', `the management network is not attached to a router with an external gateway${note}`)
        : fail(n.id, 'router', `the management network reaches the internet through router(s) ${found.join(', ')} (external gateway with SNAT; set enable_snat = false on a router that only serves the VPN)${note}`);
    });
  },
};

import { CloudProvider } from '../../../core';
import { cfnRef, fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T, isDefaultRoute, routeTablesBySubnet, routesByTable, subnetTierOf, tierNote } from '../private/aws';

export const awsManagementSubnetIsolated: Rule = {
  id: 'aws-management-subnet-isolated',
  control: 'ABSC-NET-01',
  provider: CloudProvider.AWS,
  title: 'Management subnets without internet route',
  checks: 'Subnets of the management tier (kit subnet names/tags; for other templates, subnets whose route tables have no default route) have no 0.0.0.0/0 or ::/0 route.',
  fix: 'Put management hosts in isolated subnets without internet or NAT routes; reach them through Session Manager or VPN.',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const subnets = ix.ofType(T.SUBNET);
    if (subnets.length === 0) return [notApplicable('no subnets')];
    const tables = routeTablesBySubnet(ix);
    const routes = routesByTable(ix);
    const defaultRoutes = (subnetId: string) => (tables.get(subnetId) ?? []).flatMap((t) => routes.get(t) ?? []).filter(isDefaultRoute);
    const tierOf = new Map(subnets.map((s) => [s.id, subnetTierOf(s, ctx.tiers)]));
    const management = subnets.filter((s) => tierOf.get(s.id)?.tier === 'management');
    if (management.length === 0) {
      const isolated = subnets.filter((s) => tables.has(s.id) && defaultRoutes(s.id).length === 0);
      return isolated.length > 0
        ? [pass(isolated[0].id, undefined, `no subnet is named as management; ${isolated.length} isolated subnet(s) without internet route can host management (${isolated.map((s) => s.id).join(', ')})`)]
        : [fail(undefined, undefined, 'no management subnet and no subnet without an internet route: management hosts cannot be isolated')];
    }
    return management.map((s): RuleResult => {
      const found = defaultRoutes(s.id);
      const note = tierNote(tierOf.get(s.id)?.source);
      if (found.length === 0) return pass(s.id, 'RouteTable', `the management subnet has no default route${note}`);
      const via = found.map((r) => ['GatewayId', 'NatGatewayId', 'TransitGatewayId', 'VpcEndpointId', 'NetworkInterfaceId', 'InstanceId'].find((k) => r.properties[k] !== undefined) ?? 'unknown target');
      return fail(s.id, 'RouteTable', `the management subnet routes all traffic out (${found.map((r, i) => `${r.id} via ${via[i]}${cfnRef(r.properties[via[i]]) ? ` ${cfnRef(r.properties[via[i]])}` : ''}`).join(', ')})${note}`);
    });
  },
};

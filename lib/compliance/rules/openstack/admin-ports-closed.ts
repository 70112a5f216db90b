import { CloudProvider } from '../../../core';
import { OPEN_CIDRS, adminPortsOpened, asNumber, fail, indexOf, isUnresolved, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { OS } from '../private/openstack';

export const osAdminPortsClosed: Rule = {
  id: 'os-admin-ports-closed',
  control: 'ABSC-NET-02',
  provider: CloudProvider.OPENSTACK,
  title: 'No admin ports open to the internet',
  checks: 'No ingress security-group rule from 0.0.0.0/0, ::/0 or any source (no remote prefix or group) covers ports 22, 3389 or 5985-5986 (port ranges, missing ports and any protocol included).',
  fix: 'Remove the rule; reach hosts through the VPN, or restrict the source to the admin network.',
  severity: 'error',
  evaluate: (ctx) => {
    const rules = indexOf(ctx.document).ofType(OS.SECGROUP_RULE);
    if (rules.length === 0) return [notApplicable('no security-group rules')];
    const results: RuleResult[] = [];
    for (const r of rules) {
      const p = r.properties;
      if (p.direction !== 'ingress') continue;
      const prefix = p.remote_ip_prefix;
      const anySource = prefix === undefined && p.remote_group_id === undefined && p.remote_address_group_id === undefined;
      if (prefix !== undefined && isUnresolved(prefix)) {
        results.push(fail(r.id, 'remote_ip_prefix', 'the source prefix is not a literal', { unresolved: true }));
        continue;
      }
      if (!(anySource || (typeof prefix === 'string' && OPEN_CIDRS.has(prefix)))) continue;
      const protocol = p.protocol === undefined || p.protocol === '' ? 'any' : String(p.protocol).toLowerCase();
      const from = p.port_range_min === undefined ? 1 : asNumber(p.port_range_min);
      const to = p.port_range_max === undefined ? 65535 : asNumber(p.port_range_max);
      if (from === undefined || to === undefined) {
        results.push(fail(r.id, 'port_range_min', 'the port range is not a literal', { unresolved: true }));
        continue;
      }
      const normalized = protocol === '6' ? 'tcp' : protocol === '17' ? 'udp' : protocol;
      const ports = adminPortsOpened(normalized, from, to);
      if (ports.length > 0) results.push(fail(r.id, anySource ? 'remote_ip_prefix' : 'port_range_min', `ingress from ${anySource ? 'any source' : String(prefix)} on admin port(s) ${ports.join(', ')}`));
    }
    if (results.length === 0) results.push(pass(undefined, undefined, `no ingress from the internet on admin ports in ${rules.length} rule(s)`));
    return results;
  },
};

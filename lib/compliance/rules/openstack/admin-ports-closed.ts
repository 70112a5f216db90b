import { CloudProvider, adminPortsSummary } from '../../../core';
import { showCidr, adminPortsOpened, asArray, asBool, asNumber, coversAllAddresses, fail, indexOf, isObject, isUnresolved, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { OS } from '../private/openstack';

/** The protocol as the admin port table names it. */
function protocolOf(value: unknown): string {
  const protocol = value === undefined || value === '' ? 'any' : String(value).toLowerCase();
  return protocol === '6' ? 'tcp' : protocol === '17' ? 'udp' : protocol;
}

/** Neutron rules (`openstack_networking_secgroup_rule_v2`). */
function networkingRule(id: string, p: Record<string, unknown>): RuleResult | undefined {
  if (p.direction !== 'ingress') return undefined;
  const prefix = p.remote_ip_prefix;
  const anySource = (prefix === undefined || prefix === '') && p.remote_group_id === undefined && p.remote_address_group_id === undefined;
  if (prefix !== undefined && isUnresolved(prefix)) return fail(id, 'remote_ip_prefix', 'the source prefix is not a literal', { unresolved: true, value: prefix });
  if (!(anySource || coversAllAddresses(prefix))) return undefined;
  const from = p.port_range_min === undefined || p.port_range_min === 0 ? 1 : asNumber(p.port_range_min);
  const to = p.port_range_max === undefined || p.port_range_max === 0 ? 65535 : asNumber(p.port_range_max);
  if (from === undefined || to === undefined) return fail(id, 'port_range_min', 'the port range is not a literal', { unresolved: true, value: from === undefined ? p.port_range_min : p.port_range_max });
  const ports = adminPortsOpened(protocolOf(p.protocol), from, to);
  if (ports.length === 0) return undefined;
  return fail(id, anySource ? 'remote_ip_prefix' : 'port_range_min', `ingress from ${anySource ? 'any source' : showCidr(prefix)} on admin port(s) ${ports.join(', ')}`);
}

/**
 * Inline `rule` blocks of a Nova security group (`openstack_compute_secgroup_v2`): ingress only;
 * without `cidr`, `from_group_id` or `self`, Nova admits any source (0.0.0.0/0).
 */
function computeRules(id: string, p: Record<string, unknown>): RuleResult[] {
  const results: RuleResult[] = [];
  asArray(p.rule).forEach((rule, i) => {
    if (!isObject(rule)) return;
    const where = `rule.${i}`;
    const cidr = rule.cidr;
    if (cidr !== undefined && isUnresolved(cidr)) {
      results.push(fail(id, `${where}.cidr`, 'the source range is not a literal', { unresolved: true, value: cidr }));
      return;
    }
    const fromGroup = rule.from_group_id !== undefined && rule.from_group_id !== '';
    const anySource = (cidr === undefined || cidr === '') && !fromGroup && asBool(rule.self) !== true;
    if (!(anySource || coversAllAddresses(cidr))) return;
    const from = asNumber(rule.from_port);
    const to = asNumber(rule.to_port);
    if (from === undefined || to === undefined) {
      results.push(fail(id, `${where}.from_port`, 'the port range is not a literal', { unresolved: true, value: from === undefined ? rule.from_port : rule.to_port }));
      return;
    }
    // Nova: from_port/to_port -1 with icmp means all types; for tcp/udp the range is literal.
    const ports = adminPortsOpened(protocolOf(rule.ip_protocol), Math.max(from, 1), to < 0 ? 65535 : to);
    if (ports.length > 0) results.push(fail(id, `${where}.cidr`, `ingress from ${anySource ? 'any source (no cidr)' : showCidr(cidr)} on admin port(s) ${ports.join(', ')}`));
  });
  return results;
}

export const osAdminPortsClosed: Rule = {
  id: 'os-admin-ports-closed',
  control: 'ABSC-NET-02',
  provider: CloudProvider.OPENSTACK,
  title: 'No admin ports open to the internet',
  checks: 'No ingress security-group rule (openstack_networking_secgroup_rule_v2, or an inline `rule` of openstack_compute_secgroup_v2) from any address (0.0.0.0/0, ::/0 and every other spelling of a /0) or any source (no remote prefix or group) covers an admin port (' + adminPortsSummary() + '; port ranges, missing ports and any protocol included).',
  fix: 'Remove the rule; reach hosts through the VPN, or restrict the source to the admin network.',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const rules = ix.ofType(OS.SECGROUP_RULE);
    const computeGroups = ix.ofType(OS.COMPUTE_SECGROUP);
    if (rules.length === 0 && computeGroups.length === 0) return [notApplicable('no security-group rules')];
    const results: RuleResult[] = [];
    for (const r of rules) {
      const result = networkingRule(r.id, r.properties);
      if (result) results.push(result);
    }
    for (const g of computeGroups) results.push(...computeRules(g.id, g.properties));
    const count = rules.length + computeGroups.reduce((n, g) => n + asArray(g.properties.rule).length, 0);
    if (results.length === 0) results.push(pass(undefined, undefined, `no ingress from the internet on admin ports in ${count} rule(s)`));
    return results;
  },
};

import { CloudProvider } from '../../../core';
import { OPEN_CIDRS, adminPortsOpened, asArray, asNumber, indexOf, isObject, isUnresolved, fail, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T } from '../private/aws';

/** Judges one ingress entry (inline or AWS::EC2::SecurityGroupIngress). */
function judge(resource: string, property: string, rule: Record<string, unknown>): RuleResult | undefined {
  const protocol = String(rule.IpProtocol ?? '-1').toLowerCase();
  const from = asNumber(rule.FromPort);
  const to = asNumber(rule.ToPort);
  const all = protocol === '-1' || protocol === 'all';
  const ports = all ? adminPortsOpened('-1', 0, 65535) : protocol === 'tcp' || protocol === '6' || protocol === 'udp' || protocol === '17'
    ? adminPortsOpened(protocol === '6' ? 'tcp' : protocol === '17' ? 'udp' : protocol, from ?? (rule.FromPort === undefined ? 0 : NaN), to ?? (rule.ToPort === undefined ? 65535 : NaN))
    : [];
  const portsUnknown = !all && (isUnresolved(rule.FromPort) || isUnresolved(rule.ToPort));
  for (const key of ['CidrIp', 'CidrIpv6']) {
    const cidr = rule[key];
    if (cidr === undefined) continue;
    const open = typeof cidr === 'string' && OPEN_CIDRS.has(cidr);
    if (isUnresolved(cidr) && (ports.length > 0 || portsUnknown)) {
      return fail(resource, `${property}.${key}`, `the source range of an ingress rule on admin ports ${ports.join(', ') || '(unknown ports)'} is not a literal`, { unresolved: true });
    }
    if (open && portsUnknown) return fail(resource, `${property}.FromPort`, `ingress from ${cidr} on ports that are not literals may include admin ports`, { unresolved: true });
    if (open && ports.length > 0) return fail(resource, `${property}.${key}`, `ingress from ${cidr} on admin port(s) ${ports.join(', ')}`);
  }
  return undefined;
}

export const awsAdminPortsClosed: Rule = {
  id: 'aws-admin-ports-closed',
  control: 'ABSC-NET-02',
  provider: CloudProvider.AWS,
  title: 'No admin ports open to the internet',
  checks: 'No security group ingress (inline or AWS::EC2::SecurityGroupIngress) from 0.0.0.0/0 or ::/0 covers ports 22, 3389 or 5985-5986 (port ranges and protocol -1 included).',
  fix: 'Remove the rule; reach hosts through Session Manager or the VPN, or restrict the source to the admin network.',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const groups = ix.ofType(T.SG);
    const ingress = ix.ofType(T.SG_INGRESS);
    if (groups.length === 0 && ingress.length === 0) return [notApplicable('no security groups')];
    const results: RuleResult[] = [];
    for (const g of groups) {
      asArray(g.properties.SecurityGroupIngress).forEach((rule, i) => {
        if (!isObject(rule)) return;
        const r = judge(g.id, `SecurityGroupIngress.${i}`, rule);
        if (r) results.push(r);
      });
    }
    for (const rule of ingress) {
      const r = judge(rule.id, 'Properties', rule.properties);
      if (r) results.push({ ...r, property: r.property?.replace(/^Properties\./, '') });
    }
    if (results.length === 0) results.push(pass(undefined, undefined, `no ingress from the internet on admin ports in ${groups.length + ingress.length} security group resource(s)`));
    return results;
  },
};

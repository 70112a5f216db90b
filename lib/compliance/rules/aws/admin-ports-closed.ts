import { CloudProvider, adminPortsSummary } from '../../../core';
import { showCidr, adminPortsOpened, asArray, asNumber, cfnBranches, coversAllAddresses, indexOf, isCfnIf, isObject, isUnresolved, fail, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T } from '../private/aws';

const FIELDS = ['IpProtocol', 'FromPort', 'ToPort', 'CidrIp', 'CidrIpv6'] as const;

/**
 * Every concrete variant of an ingress entry: a field written with `Fn::If` takes each branch
 * (so "could this open a port" is answered for both).
 */
function variants(rule: Record<string, unknown>): { rule: Record<string, unknown>; conditional: boolean }[] {
  if (!FIELDS.some((f) => isCfnIf(rule[f]))) return [{ rule, conditional: false }];
  let out: { rule: Record<string, unknown>; conditional: boolean }[] = [{ rule, conditional: false }];
  for (const field of FIELDS) {
    if (!isCfnIf(rule[field])) continue;
    const options = cfnBranches(rule[field]);
    out = out.flatMap((v) => options.map((o) => ({ rule: { ...v.rule, [field]: o }, conditional: true })));
    if (out.length > 64) break;
  }
  return out;
}

/**
 * A source range given as a template parameter whose default (or one of whose allowed values)
 * covers every address: deployed with its default, or with that value, the port is open to the
 * internet. The classic "SSHLocation, Default 0.0.0.0/0" of AWS samples.
 */
function openParameterValue(cidr: unknown, parameters: Record<string, unknown>): string | undefined {
  if (!isObject(cidr) || typeof cidr.Ref !== 'string' || Object.keys(cidr).length !== 1) return undefined;
  const parameter = parameters[cidr.Ref];
  if (!isObject(parameter)) return undefined;
  if (coversAllAddresses(parameter.Default)) return `parameter ${cidr.Ref}, default ${String(parameter.Default)}`;
  const allowed = Array.isArray(parameter.AllowedValues) ? parameter.AllowedValues.find(coversAllAddresses) : undefined;
  return allowed === undefined ? undefined : `parameter ${cidr.Ref}, allowed value ${String(allowed)}`;
}

/** Judges one concrete ingress entry (inline or AWS::EC2::SecurityGroupIngress). */
function judgeOne(resource: string, property: string, rule: Record<string, unknown>, conditional: boolean, parameters: Record<string, unknown>): RuleResult | undefined {
  const protocol = String(rule.IpProtocol ?? '-1').toLowerCase();
  const from = asNumber(rule.FromPort);
  const to = asNumber(rule.ToPort);
  const all = protocol === '-1' || protocol === 'all';
  const ports = all ? adminPortsOpened('-1', 0, 65535) : protocol === 'tcp' || protocol === '6' || protocol === 'udp' || protocol === '17'
    ? adminPortsOpened(protocol === '6' ? 'tcp' : protocol === '17' ? 'udp' : protocol, from ?? (rule.FromPort === undefined ? 0 : NaN), to ?? (rule.ToPort === undefined ? 65535 : NaN))
    : [];
  const portsUnknown = !all && (isUnresolved(rule.FromPort) || isUnresolved(rule.ToPort));
  const branch = conditional ? ' (in a branch of Fn::If)' : '';
  for (const key of ['CidrIp', 'CidrIpv6']) {
    const cidr = rule[key];
    if (cidr === undefined) continue;
    const open = coversAllAddresses(cidr);
    const openParameter = openParameterValue(cidr, parameters);
    if (openParameter !== undefined && ports.length > 0) return fail(resource, `${property}.${key}`, `ingress from any address (${openParameter}) on admin port(s) ${ports.join(', ')}${branch}`);
    if (isUnresolved(cidr) && (ports.length > 0 || portsUnknown)) {
      return fail(resource, `${property}.${key}`, `the source range of an ingress rule on admin ports ${ports.join(', ') || '(unknown ports)'} is not a literal${branch}`, { unresolved: true, value: cidr });
    }
    if (open && portsUnknown) return fail(resource, `${property}.FromPort`, `ingress from ${String(cidr)} on ports that are not literals may include admin ports${branch}`, { unresolved: true, value: isUnresolved(rule.FromPort) ? rule.FromPort : rule.ToPort });
    if (open && ports.length > 0) return fail(resource, `${property}.${key}`, `ingress from ${showCidr(cidr)} on admin port(s) ${ports.join(', ')}${branch}`);
  }
  return undefined;
}

/** Judges an ingress entry in each of its `Fn::If` variants: a certain failure first, else an unresolved one. */
function judge(resource: string, property: string, rule: Record<string, unknown>, parameters: Record<string, unknown>, conditional = false): RuleResult | undefined {
  if (!FIELDS.some((f) => isCfnIf(rule[f]))) return judgeOne(resource, property, rule, conditional, parameters);
  const results = variants(rule).map((v) => judgeOne(resource, property, v.rule, conditional || v.conditional, parameters)).filter((r): r is RuleResult => r !== undefined);
  return results.find((r) => !r.unresolved) ?? results[0];
}

export const awsAdminPortsClosed: Rule = {
  id: 'aws-admin-ports-closed',
  control: 'ABSC-NET-02',
  provider: CloudProvider.AWS,
  title: 'No admin ports open to the internet',
  checks: `No security group ingress (inline or AWS::EC2::SecurityGroupIngress) from any address (0.0.0.0/0, ::/0 and every other spelling of a /0) covers an admin port (${adminPortsSummary()}; port ranges and protocol -1 included), in either branch of an \`Fn::If\`; a source given as a parameter whose default or an allowed value is any address counts as open.`,
  fix: 'Remove the rule; reach hosts through Session Manager or the VPN, or restrict the source to the admin network.',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const groups = ix.ofType(T.SG);
    const ingress = ix.ofType(T.SG_INGRESS);
    if (groups.length === 0 && ingress.length === 0) return [notApplicable('no security groups')];
    const raw = ctx.document.raw;
    const parameters = isObject(raw) && isObject(raw.Parameters) ? raw.Parameters : {};
    const results: RuleResult[] = [];
    for (const g of groups) {
      const whole = g.properties.SecurityGroupIngress;
      if (whole === undefined) continue;
      const wholeConditional = isCfnIf(whole);
      if (!wholeConditional) {
        // The common case: a literal list whose items are rules (or Fn::If of rules).
        asArray(whole).forEach((item, i) => {
          for (const rule of isCfnIf(item) ? cfnBranches(item) : [item]) {
            if (!isObject(rule)) continue;
            const r = judge(g.id, `SecurityGroupIngress.${i}`, rule, parameters, isCfnIf(item));
            if (r) results.push(r);
          }
        });
        continue;
      }
      // The whole list, or each item, may be an Fn::If: every branch could be deployed.
      const lists = cfnBranches(whole);
      lists.forEach((list, branch) => {
        asArray(list).forEach((item, i) => {
          cfnBranches(item).forEach((rule) => {
            if (!isObject(rule)) return;
            const where = wholeConditional ? `SecurityGroupIngress[branch ${branch + 1}].${i}` : `SecurityGroupIngress.${i}`;
            const r = judge(g.id, where, rule, parameters, wholeConditional || isCfnIf(item));
            if (r) results.push(r);
          });
        });
      });
    }
    for (const rule of ingress) {
      const r = judge(rule.id, 'Properties', rule.properties, parameters);
      if (r) results.push({ ...r, property: r.property?.replace(/^Properties\./, '') });
    }
    if (results.length === 0) results.push(pass(undefined, undefined, `no ingress from the internet on admin ports in ${groups.length + ingress.length} security group resource(s)`));
    return results;
  },
};

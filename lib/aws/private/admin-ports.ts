import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { Stack, Token } from 'aws-cdk-lib';

/** Ports used to administer hosts, which must never be open to the internet (ABSC-NET-02). */
export const ADMIN_PORT_RANGES: ReadonlyArray<readonly [number, number]> = [[22, 22], [3389, 3389], [5985, 5986]];

const INTERNET = new Set(['0.0.0.0/0', '::/0']);

interface IngressLike {
  readonly cidrIp?: string;
  readonly cidrIpv6?: string;
  readonly ipProtocol?: string;
  readonly fromPort?: number;
  readonly toPort?: number;
}

/** Whether one ingress rule admits an admin port from the whole internet. */
export function opensAdminPortToInternet(rule: IngressLike): boolean {
  const sources = [rule.cidrIp, rule.cidrIpv6].filter((s): s is string => typeof s === 'string' && !Token.isUnresolved(s));
  if (!sources.some((s) => INTERNET.has(s))) return false;
  const protocol = String(rule.ipProtocol ?? '-1').toLowerCase();
  if (protocol === '-1' || protocol === 'all') return true;
  if (protocol !== 'tcp' && protocol !== '6') return false;
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  return ADMIN_PORT_RANGES.some(([lo, hi]) => from <= hi && to >= lo);
}

/**
 * The security group rules under `scope` that admit an admin port from the internet, as
 * `path: rule` descriptions (inline rules of `AWS::EC2::SecurityGroup` and standalone
 * `AWS::EC2::SecurityGroupIngress`).
 */
export function findInternetAdminIngress(scope: IConstruct): string[] {
  const found: string[] = [];
  for (const node of scope.node.findAll()) {
    let rules: IngressLike[] = [];
    if (node instanceof ec2.CfnSecurityGroup) {
      const resolved = Stack.of(node).resolve(node.securityGroupIngress);
      rules = Array.isArray(resolved) ? resolved : [];
    } else if (node instanceof ec2.CfnSecurityGroupIngress) {
      rules = [{ cidrIp: node.cidrIp, cidrIpv6: node.cidrIpv6, ipProtocol: node.ipProtocol, fromPort: node.fromPort, toPort: node.toPort }];
    }
    for (const rule of rules) {
      if (opensAdminPortToInternet(rule)) found.push(`${node.node.path}: ${rule.ipProtocol} ${rule.fromPort}-${rule.toPort} from ${rule.cidrIp ?? rule.cidrIpv6}`);
    }
  }
  return found;
}

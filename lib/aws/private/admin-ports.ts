import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { Stack, Token } from 'aws-cdk-lib';
import { adminPortsOpened, coversAllAddresses, normaliseProtocol } from '../../core';

interface IngressLike {
  readonly cidrIp?: string;
  readonly cidrIpv6?: string;
  readonly ipProtocol?: string;
  readonly fromPort?: number;
  readonly toPort?: number;
}

/**
 * Whether one ingress rule admits an admin port from the whole internet: the admin ports, their
 * protocols (RDP over UDP included) and the spellings of "any address" are core's, the same the
 * `aws-admin-ports-closed` rule reads.
 */
export function opensAdminPortToInternet(rule: IngressLike): boolean {
  const sources = [rule.cidrIp, rule.cidrIpv6].filter((s): s is string => typeof s === 'string' && !Token.isUnresolved(s));
  if (!sources.some(coversAllAddresses)) return false;
  // IpProtocol -1 opens every port whatever FromPort and ToPort say.
  const all = normaliseProtocol(rule.ipProtocol ?? '-1') === 'all';
  return adminPortsOpened(rule.ipProtocol ?? '-1', all ? 0 : rule.fromPort ?? 0, all ? 65535 : rule.toPort ?? 65535).length > 0;
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

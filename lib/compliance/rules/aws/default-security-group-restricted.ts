import { CloudProvider } from '../../../core';
import { fail, indexOf, isObject, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T } from '../private/aws';

/** Whether a value is `Fn::GetAtt [vpc, DefaultSecurityGroup]`. */
function defaultSgOf(value: unknown): string | undefined {
  const getAtt = isObject(value) ? value['Fn::GetAtt'] : undefined;
  if (Array.isArray(getAtt) && getAtt[1] === 'DefaultSecurityGroup' && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string' && getAtt.endsWith('.DefaultSecurityGroup')) return getAtt.split('.')[0];
  return undefined;
}

export const awsDefaultSecurityGroupRestricted: Rule = {
  id: 'aws-default-security-group-restricted',
  control: 'ABSC-NET-02',
  provider: CloudProvider.AWS,
  title: 'Default security group restricted',
  checks: 'Every VPC\'s default security group has its rules removed (CDK\'s `Custom::VpcRestrictDefaultSG`), and no ingress rule is added to it.',
  fix: 'Set `restrictDefaultSecurityGroup: true` on the VPC and attach resources to dedicated security groups.',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const vpcs = ix.ofType(T.VPC);
    if (vpcs.length === 0) return [notApplicable('no VPCs')];
    const restricted = new Set(ix.ofType(T.RESTRICT_DEFAULT_SG).map((r) => defaultSgOf(r.properties.DefaultSecurityGroupId)).filter((v): v is string => v !== undefined));
    const results: RuleResult[] = [];
    for (const rule of ix.ofType(T.SG_INGRESS)) {
      const vpc = defaultSgOf(rule.properties.GroupId);
      if (vpc) results.push(fail(rule.id, 'GroupId', `adds ingress to the default security group of ${vpc}`));
    }
    for (const v of vpcs) {
      results.push(restricted.has(v.id)
        ? pass(v.id, 'DefaultSecurityGroup', 'the default security group\'s rules are removed')
        : fail(v.id, 'DefaultSecurityGroup', 'the default security group keeps its default rules (all traffic between members, all egress)'));
    }
    return results;
  },
};

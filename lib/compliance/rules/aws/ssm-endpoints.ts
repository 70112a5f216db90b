import { CloudProvider } from '../../../core';
import { cfnRef, fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T } from '../private/aws';

const NEEDED = ['ssm', 'ssmmessages'];

/** The service suffix of an endpoint's service name (`com.amazonaws.<region>.ssm` → `ssm`, also in Fn::Join / Fn::Sub). */
function serviceOf(name: unknown): string | undefined {
  const text = typeof name === 'string' ? `"${name}"` : JSON.stringify(name ?? '');
  return /\.([a-z0-9-]+)"[\]}\s]*$/.exec(text)?.[1];
}

export const awsSsmEndpoints: Rule = {
  id: 'aws-ssm-endpoints',
  control: 'ABSC-NET-01',
  provider: CloudProvider.AWS,
  title: 'Session Manager endpoints for admin access',
  checks: 'Every VPC has interface endpoints for `ssm` and `ssmmessages`, so admins reach hosts without internet routes.',
  fix: 'Add interface VPC endpoints for SSM and SSM messages (kit: LandingZoneNetwork).',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const vpcs = ix.ofType(T.VPC);
    if (vpcs.length === 0) return [notApplicable('no VPCs')];
    const byVpc = new Map<string, Set<string>>();
    for (const e of ix.ofType(T.ENDPOINT)) {
      const vpc = cfnRef(e.properties.VpcId);
      const service = serviceOf(e.properties.ServiceName);
      if (!vpc || !service) continue;
      const set = byVpc.get(vpc) ?? new Set<string>();
      set.add(service);
      byVpc.set(vpc, set);
    }
    return vpcs.map((v): RuleResult => {
      const missing = NEEDED.filter((s) => !byVpc.get(v.id)?.has(s));
      return missing.length === 0
        ? pass(v.id, 'VPCEndpoint', 'Session Manager endpoints present')
        : fail(v.id, 'VPCEndpoint', `no interface endpoint for ${missing.join(', ')}`);
    });
  },
};

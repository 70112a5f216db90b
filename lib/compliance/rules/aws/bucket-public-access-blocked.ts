import { CloudProvider } from '../../../core';
import { asBool, cfnBranches, fail, indexOf, isCfnIf, isObject, isUnresolved, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T, bucketPolicies, statements } from '../private/aws';

const SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const;
const NONE: readonly never[] = [];

/** Whether a policy principal is anyone: `*` or `{ AWS: '*' }` (also in a list). */
function isAnyone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (!isObject(principal)) return false;
  const aws = principal.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

export const awsBucketPublicAccessBlocked: Rule = {
  id: 'aws-bucket-public-access-blocked',
  control: 'ABSC-NET-02',
  provider: CloudProvider.AWS,
  title: 'No bucket with public access unblocked',
  checks: 'No AWS::S3::Bucket of the landing zone turns off a `PublicAccessBlockConfiguration` setting, has a public canned ACL, or has a bucket policy allowing anyone (`Principal: *`) without a condition (in either branch of an `Fn::If`); a bucket without the property keeps the S3 default for new buckets (all four blocked).',
  fix: 'Set `blockPublicAccess: BlockPublicAccess.BLOCK_ALL` on the bucket (or leave the S3 default); publish content through CloudFront with origin access control instead.',
  severity: 'error',
  evaluate: (ctx) => {
    const buckets = indexOf(ctx.document).ofType(T.BUCKET);
    if (buckets.length === 0) return [notApplicable('no buckets')];
    const policies = bucketPolicies(indexOf(ctx.document));
    return buckets.map((b): RuleResult => {
      // Public grants: a canned public ACL, or a policy allowing anyone without a condition.
      const acl = b.properties.AccessControl;
      if (acl !== undefined) {
        for (const v of cfnBranches(acl)) {
          if (v === 'PublicRead' || v === 'PublicReadWrite') return fail(b.id, 'AccessControl', `the bucket ACL ${v} grants public access${isCfnIf(acl) ? ' (in a branch of Fn::If)' : ''}`);
        }
      }
      for (const policy of policies.get(b.id) ?? NONE) {
        const open = statements(policy.properties.PolicyDocument).find((s) => s.Effect === 'Allow' && s.Condition === undefined && isAnyone(s.Principal));
        if (open) return fail(policy.id, 'PolicyDocument', `the bucket policy allows anyone (Principal *) without a condition${typeof (policy.raw as Record<string, unknown>).Condition === 'string' ? ` (when condition ${String((policy.raw as Record<string, unknown>).Condition)} holds)` : ''}`);
      }
      const raw = b.properties.PublicAccessBlockConfiguration;
      if (raw === undefined) return pass(b.id, 'PublicAccessBlockConfiguration', 'not set: the S3 default for new buckets blocks all public access');
      // The common case, all four literally true: no branches to follow.
      if (isObject(raw) && SETTINGS.every((k) => raw[k] === true || raw[k] === 'true')) return pass(b.id, 'PublicAccessBlockConfiguration', 'all public access is blocked');
      const conditional = isCfnIf(raw);
      const off = new Set<string>();
      const unknown = new Set<string>();
      for (const config of cfnBranches(raw)) {
        if (config === undefined) continue; // AWS::NoValue: the default, all blocked
        if (!isObject(config)) {
          unknown.add('PublicAccessBlockConfiguration');
          continue;
        }
        for (const s of SETTINGS) {
          for (const v of cfnBranches(config[s])) {
            // An absent setting is false once the configuration is given (S3 API default).
            if (v === undefined || asBool(v) === false) off.add(s);
            else if (isUnresolved(v)) unknown.add(s);
          }
        }
      }
      const branch = conditional || SETTINGS.some((s) => [raw].some((c) => isObject(c) && isCfnIf(c[s]))) ? ' (in a branch of Fn::If)' : '';
      if (off.size > 0) return fail(b.id, 'PublicAccessBlockConfiguration', `public access not blocked: ${[...off].join(', ')} not true${branch}`);
      if (unknown.size > 0) return fail(b.id, 'PublicAccessBlockConfiguration', `${[...unknown].join(', ')} not a literal`, { unresolved: true, value: raw });
      return pass(b.id, 'PublicAccessBlockConfiguration', 'all public access is blocked');
    });
  },
};

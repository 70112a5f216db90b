import { CloudProvider } from '../../../core';
import { at, fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule } from '../../types';
import { T, bucketPolicies, statements } from '../private/aws';

/** Whether a policy statement denies requests that do not use TLS. */
function deniesInsecureTransport(statement: Record<string, unknown>): boolean {
  if (statement.Effect !== 'Deny') return false;
  const value = at(statement, 'Condition.Bool') as Record<string, unknown> | undefined;
  const secure = value?.['aws:SecureTransport'];
  return secure === 'false' || secure === false || (Array.isArray(secure) && secure.some((s) => s === 'false' || s === false));
}

export const awsBucketTlsOnly: Rule = {
  id: 'aws-bucket-tls-only',
  control: 'ENC-TRANSIT-01',
  provider: CloudProvider.AWS,
  title: 'Buckets deny non-TLS requests',
  checks: 'Every AWS::S3::Bucket has a bucket policy with a Deny statement on `aws:SecureTransport` = false.',
  fix: 'Set `enforceSSL: true` on the bucket.',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const buckets = ix.ofType(T.BUCKET);
    if (buckets.length === 0) return [notApplicable('no buckets')];
    const policies = bucketPolicies(ix);
    return buckets.map((b) => {
      const ok = (policies.get(b.id) ?? []).some((p) => statements(p.properties.PolicyDocument).some(deniesInsecureTransport));
      return ok
        ? pass(b.id, 'BucketPolicy', 'requests without TLS are denied')
        : fail(b.id, 'BucketPolicy', 'no bucket policy denies requests without TLS (aws:SecureTransport false)');
    });
  },
};

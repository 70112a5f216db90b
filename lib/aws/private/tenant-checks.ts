import { Tags, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CompliancePolicy, PaCloudKitError, TenantIdentity } from '../../core';

/** Throws unless the policy was built for the tenant's classification. */
export function assertPolicyOfTenant(tenant: TenantIdentity, policy: CompliancePolicy, field = 'policy'): void {
  if (tenant.classification !== policy.classification) {
    throw new PaCloudKitError({
      field,
      value: policy.classification,
      rule: `must be the policy of the tenant's classification "${tenant.classification}"`,
    });
  }
}

/** Adds the tenant's mandatory tags (TAG-01) to every taggable resource under `scope`. */
export function applyTenantTags(scope: IConstruct, tenant: TenantIdentity): void {
  for (const [key, value] of Object.entries(tenant.tags())) Tags.of(scope).add(key, value);
}

/** Characters S3 keys may safely use (AWS "safe characters") plus `/` as the folder separator. */
const S3_PREFIX_PATTERN = /^[A-Za-z0-9!_.*'()/-]+$/;

/**
 * Validates an S3 key prefix used by log deliveries: safe characters, no leading `/`, no empty
 * folder (`//`), no `AWSLogs` folder (reserved by the log delivery services), at most 200
 * characters. Tokens are accepted as they are.
 */
export function parseLogPrefix(value: string, field: string): string {
  if (Token.isUnresolved(value)) return value;
  const ok = typeof value === 'string'
    && value.length <= 200
    && S3_PREFIX_PATTERN.test(value)
    && !value.startsWith('/')
    && !value.includes('//')
    && !value.split('/').includes('AWSLogs');
  if (!ok) {
    throw new PaCloudKitError({
      field,
      value,
      rule: "must be an S3 key prefix of 1-200 letters, digits and ! _ . * ' ( ) - / without a leading \"/\", an empty folder or an \"AWSLogs\" folder, e.g. \"vpc-flow-logs/c_h501/\"",
    });
  }
  return value;
}

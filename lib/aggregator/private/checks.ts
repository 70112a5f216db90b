/** Validation shared by the aggregator's central services (not public API). */
import {
  CompliancePolicy,
  DataClassification,
  PaCloudKitError,
  Region,
  TenantIdentity,
  checkRegion,
  classificationRank,
  TenantPlan,
} from '../../core';

/**
 * What the central services read of one tenant: its plan's identity and policy (core's
 * `TenantPlan`; a `ResolvedTenant` of lib/config, whose `plan` it is, fits too).
 */
export type CentralTenantInput = Pick<TenantPlan, 'identity' | 'policy'>;

const ACCOUNT = /^\d{12}$/;

/** Throws unless `value` is a 12-digit AWS account ID. */
export function checkAccount(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ACCOUNT.test(value)) {
    throw new PaCloudKitError({ field, value, rule: 'must be a 12-digit AWS account ID, e.g. "111111111111"' });
  }
  return value;
}

/**
 * The checks every tenant list of the central services passes: at least one tenant, a policy of
 * the tenant's own class, served by this aggregator, each codice IPA once, and the central
 * region allowed for the tenant's class (ACN-LOC-01: the central copy holds the tenant's data).
 */
export function checkCentralTenants(
  tenants: readonly CentralTenantInput[] | undefined,
  field: string,
  aggregatorIpaCode: string,
  region: Region,
  purpose: string,
): void {
  if (!Array.isArray(tenants) || tenants.length === 0) {
    throw new PaCloudKitError({ field, value: tenants, rule: 'must list at least one tenant' });
  }
  const seen = new Map<string, number>();
  tenants.forEach((t, i) => {
    const at = `${field}[${i}]`;
    if (!(t?.identity instanceof TenantIdentity)) {
      throw new PaCloudKitError({ field: `${at}.identity`, value: t?.identity, rule: 'must be a TenantIdentity (TenantIdentity.of({...}))' });
    }
    const code = t.identity.ipaCode;
    if (!(t.policy instanceof CompliancePolicy) || t.policy.classification !== t.identity.classification) {
      throw new PaCloudKitError({
        field: `${at}.policy`,
        value: t.policy instanceof CompliancePolicy ? t.policy.classification : t.policy,
        rule: `must be the compliance policy of ${code}'s classification "${t.identity.classification}" (CompliancePolicy.forClassification with the tenant's overrides)`,
      });
    }
    if (t.identity.aggregator?.ipaCode !== aggregatorIpaCode) {
      throw new PaCloudKitError({
        field: `${at}.identity.aggregator`,
        value: t.identity.aggregator?.ipaCode,
        rule: `must be the aggregator "${aggregatorIpaCode}" whose central services receive ${code}'s data`,
      });
    }
    const first = seen.get(code);
    if (first !== undefined) {
      throw new PaCloudKitError({ field: `${at}.identity.ipaCode`, value: code, rule: `must be unique: ${field}[${first}] has the same codice IPA` });
    }
    seen.set(code, i);
    checkRegion(t.policy, region, `${at}.policy`, `${purpose} of ${code}`);
  });
}

/** The strictest class among the tenants (ordinario < critico < strategico). */
export function strictestClassification(tenants: readonly CentralTenantInput[]): DataClassification {
  return tenants.reduce<DataClassification>(
    (acc, t) => (classificationRank(t.identity.classification) > classificationRank(acc) ? t.identity.classification : acc),
    DataClassification.ORDINARIO,
  );
}

/**
 * One tenant whose trail and flow logs write to the central archive, or whose backups are copied
 * to the central vault: its plan (core's `TenantPlan`, or the config loader's `ResolvedAwsTenant`)
 * with its account. The identity's `aggregator` must be the aggregator running the central
 * services; lock modes and retentions come from the policy.
 */
export interface AggregatorAwsTenant extends Pick<TenantPlan, 'identity' | 'policy'> {
  /** The tenant's own AWS account (12 digits), the only account admitted for the tenant. */
  readonly account: string;
}

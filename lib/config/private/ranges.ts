/**
 * Tenant ranges: each tenant's own `cidr`, or a block of its class's size from `defaults.networkPool`.
 */
import {
  Cidr,
  CloudProvider,
  egressFilterOn,
  withArticle,
  IPA_CODE_PATTERN,
  MAX_TENANT_PREFIX,
  MIN_TENANT_PREFIX,
  PaCloudKitError,
  RangeRequest,
  allocateTenantRanges,
} from '../../core';
import { FIREWALL_MAX_TENANT_PREFIX } from '../../aws/settings';
import { checkAddressSpace } from './formats';
import { SemanticProblem, fromError } from './problems';
import type { RawConfig } from './raw';
import type { PartialTenants } from './tenant-plan';
import { tenantRangePrefix } from './defaults';

export { FIREWALL_MAX_TENANT_PREFIX };
/**
 * Gives each tenant its range, in file order: its own cidr, or the first free block of its
 * class's size in the first pool that has one (core `allocateTenantRanges`). A tenant whose range
 * cannot be allocated is reported and left out, and allocation is run again without it, so every
 * collision is reported at once.
 */
export function allocate(
  raw: RawConfig,
  pools: readonly Cidr[] | undefined,
  poolBroken: boolean,
  duplicates: ReadonlySet<number>,
  brokenFields: ReadonlySet<string>,
  partials: PartialTenants,
  problems: SemanticProblem[],
): Map<number, { cidr: Cidr; source: 'declared' | 'pool' }> {
  const requests: Array<RangeRequest & { index: number }> = [];
  const poolField = typeof raw.defaults?.networkPool === 'string' ? 'defaults.networkPool' : 'defaults.networkPool (the list)';
  raw.tenants.forEach((t, i) => {
    const code = typeof t?.ipaCode === 'string' ? t.ipaCode.trim().toLowerCase() : '';
    if (!IPA_CODE_PATTERN.test(code) || duplicates.has(i)) return;
    const field = `tenants[${i}].cidr`;
    if (t.cidr === undefined) {
      if (pools) {
        const size = tenantRangePrefix(raw, String(t.classification));
        const partial = partials.get(i);
        // An AWS tenant with the egress firewall on needs a /22 or larger (the construct's rule, said here with the field that sets the size).
        if (partial && partial.provider === CloudProvider.AWS && size.prefix > FIREWALL_MAX_TENANT_PREFIX && egressFilterOn(partial.policy, undefined, false)) {
          problems.push({
            field: size.field,
            message: new PaCloudKitError({
              field: size.field,
              value: size.prefix,
              rule: `must be ${FIREWALL_MAX_TENANT_PREFIX} or less (a /${FIREWALL_MAX_TENANT_PREFIX} or larger range) for tenants[${i}] (${code}, ${partial.identity.classification} on AWS): `
                + 'its egress firewall subnets need it; set a size for the class in defaults.tenantRangePrefixByClass, or give the tenant its own cidr',
              control: 'ABSC-NET-03',
            }).message,
            control: 'ABSC-NET-03',
          });
          return;
        }
        requests.push({ id: code, index: i, prefixLength: size.prefix });
      } else if (!poolBroken) {
        problems.push({ field, message: `${field}: is required when there is no defaults.networkPool to take a range from, e.g. "10.20.0.0/16"`, pointTo: ['tenants', i] });
      }
      return;
    }
    if (brokenFields.has(field)) return; // a structural mistake, reported already
    try {
      const cidr = Cidr.parse(t.cidr, field);
      checkAddressSpace(cidr.toString(), field, raw.defaults?.allowPublicRanges === true);
      if (cidr.prefixLength < MIN_TENANT_PREFIX || cidr.prefixLength > MAX_TENANT_PREFIX) {
        throw new PaCloudKitError({ field, value: t.cidr, rule: `must have a prefix length from /${MIN_TENANT_PREFIX} to /${MAX_TENANT_PREFIX}` });
      }
      const partial = partials.get(i);
      // The AWS network's rule (lib/aws/settings.ts), said here with the tenant's field.
      if (partial && partial.provider === CloudProvider.AWS && cidr.prefixLength > FIREWALL_MAX_TENANT_PREFIX && egressFilterOn(partial.policy, undefined, false)) {
        throw new PaCloudKitError({
          field,
          value: t.cidr,
          rule: `must be a /${FIREWALL_MAX_TENANT_PREFIX} or larger range for ${withArticle(partial.identity.classification)} tenant on AWS: its egress firewall subnets need it`,
          control: 'ABSC-NET-03',
        });
      }
      requests.push({ id: code, cidr, index: i });
    } catch (e) {
      if (!(e instanceof PaCloudKitError)) throw e;
      problems.push(fromError(e));
    }
  });

  const poolsForCore = pools && pools.length > 0 ? pools : [Cidr.parse('0.0.0.0/0')];
  let remaining = requests;
  for (;;) {
    try {
      const ranges = allocateTenantRanges(poolsForCore, remaining, 'tenants', poolField);
      const result = new Map<number, { cidr: Cidr; source: 'declared' | 'pool' }>();
      for (const r of remaining) result.set(r.index, { cidr: ranges.get(r.id)!, source: r.cidr === undefined ? 'pool' : 'declared' });
      return result;
    } catch (e) {
      if (!(e instanceof PaCloudKitError)) throw e;
      const match = /^tenants\[(\d+)\]/.exec(e.field);
      if (!match) throw e;
      const failed = remaining[Number(match[1])];
      if (e.field.endsWith('.prefixLength')) {
        // No pool can hold the class's size: the size is the field to fix.
        const size = tenantRangePrefix(raw, String(raw.tenants[failed.index].classification));
        problems.push(fromError(e, { field: size.field, rule: `${e.rule} (tenants[${failed.index}] ${failed.id} takes a /${size.prefix}): choose a size of at most the pool, or a larger pool` }));
      } else {
        const field = e.field.replace(/^tenants\[\d+\]/, `tenants[${failed.index}]`);
        problems.push(fromError(e, { field: field.endsWith('.cidr') ? field : `${field}.cidr` }));
      }
      remaining = remaining.filter((r) => r !== failed);
    }
  }
}


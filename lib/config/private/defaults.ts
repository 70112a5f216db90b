/**
 * The `defaults` section: the default provider and AWS region, and the network pools tenants
 * without a `cidr` take their range from.
 */
import { Cidr, CloudProvider, DataClassification, MIN_TENANT_PREFIX, PaCloudKitError, Region, RegionCatalogue } from '../../core';
import { checkAddressSpace } from './formats';
import { Problems, fromError } from './problems';
import type { RawConfig } from './raw';

/** The default AWS region when `defaults.region` is not set. */
export const DEFAULT_AWS_REGION = 'eu-south-1';

/** The `defaults` section, resolved. */
export interface ResolvedDefaults {
  readonly provider: CloudProvider;
  /** The region of AWS tenants without one; undefined when `defaults.region` is wrong (reported). */
  readonly awsRegion?: Region;
  /** Every pool, in order; undefined when there is none or one is wrong. */
  readonly networkPools?: Cidr[];
  /** Whether a pool is wrong (reported): tenants without a cidr are then not reported again. */
  readonly poolBroken: boolean;
}

export function resolveDefaults(raw: RawConfig, catalogue: RegionCatalogue, problems: Problems): ResolvedDefaults {
  const { attempt } = problems;
  const provider = (raw.defaults?.provider ?? CloudProvider.AWS) as CloudProvider;
  const awsRegion = attempt(() => catalogue.get(CloudProvider.AWS, raw.defaults?.region ?? DEFAULT_AWS_REGION, 'defaults.region'), (e) =>
    fromError(e, { rule: `${e.rule}; OpenStack tenants take their region from openstack.region` }),
  );
  const given = raw.defaults?.networkPool;
  if (given === undefined) return { provider, awsRegion, poolBroken: false };
  const list = typeof given === 'string' ? [given] : [...given];
  const fieldOf = (i: number) => (typeof given === 'string' ? 'defaults.networkPool' : `defaults.networkPool[${i}]`);
  const smallest = smallestTenantRange(raw);
  const parsed = list.map((text, i) => attempt(() => {
    const pool = Cidr.parse(text, fieldOf(i));
    checkAddressSpace(pool.toString(), fieldOf(i), raw.defaults?.allowPublicRanges === true);
    if (pool.prefixLength > smallest.prefix) {
      throw new PaCloudKitError({
        field: fieldOf(i),
        value: text,
        rule: smallest.why === undefined
          ? `must be a /${smallest.prefix} or larger, since each tenant without a cidr takes a /${smallest.prefix} from it`
          : `must be a /${smallest.prefix} or larger: it must hold at least the smallest tenant range the file asks for (${smallest.why}: /${smallest.prefix})`,
      });
    }
    const j = list.slice(0, i).findIndex((other) => {
      try { return Cidr.parse(other).overlaps(pool); } catch { return false; }
    });
    if (j >= 0) {
      throw new PaCloudKitError({ field: fieldOf(i), value: text, rule: `must not overlap ${list[j]} (${fieldOf(j)}): each pool is a separate range` });
    }
    return pool;
  }));
  const networkPools = parsed.every((p): p is Cidr => p !== undefined) ? parsed : undefined;
  return { provider, awsRegion, networkPools, poolBroken: networkPools === undefined };
}

/** The size of a tenant range from the pool when the file sets none: a /16. */
export const DEFAULT_TENANT_RANGE_PREFIX = MIN_TENANT_PREFIX;

/** The prefix length of the pool ranges of a class: `tenantRangePrefixByClass`, `tenantRangePrefix`, or /16, with the field that set it. */
export function tenantRangePrefix(raw: RawConfig, classification: string): { prefix: number; field: string } {
  const byClass = raw.defaults?.tenantRangePrefixByClass?.[classification as DataClassification];
  if (byClass !== undefined) return { prefix: byClass, field: `defaults.tenantRangePrefixByClass.${classification}` };
  if (raw.defaults?.tenantRangePrefix !== undefined) return { prefix: raw.defaults.tenantRangePrefix, field: 'defaults.tenantRangePrefix' };
  return { prefix: DEFAULT_TENANT_RANGE_PREFIX, field: 'defaults.tenantRangePrefix' };
}

/** The smallest range size the file asks for (largest prefix length), and which field says so. */
export function smallestTenantRange(raw: RawConfig): { prefix: number; why?: string } {
  const sizes: Array<{ prefix: number; why?: string }> = [
    { prefix: raw.defaults?.tenantRangePrefix ?? DEFAULT_TENANT_RANGE_PREFIX, why: raw.defaults?.tenantRangePrefix === undefined ? undefined : 'defaults.tenantRangePrefix' },
    ...Object.entries(raw.defaults?.tenantRangePrefixByClass ?? {}).map(([k, v]) => ({ prefix: v as number, why: `defaults.tenantRangePrefixByClass.${k}` })),
  ].filter((x) => Number.isInteger(x.prefix));
  return sizes.reduce((a, b) => (b.prefix > a.prefix ? b : a));
}

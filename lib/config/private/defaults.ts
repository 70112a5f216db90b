/**
 * The `defaults` section: the default provider and AWS region, and the network pools tenants
 * without a `cidr` take their range from.
 */
import { Cidr, CloudProvider, PaCloudKitError, Region, RegionCatalogue } from '../../core';
import { checkAddressSpace } from './formats';
import { Problems, fromError } from './problems';
import type { RawConfig } from './raw';
import { smallestTenantRange } from './ranges';

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

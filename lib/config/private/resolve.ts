/**
 * The semantic checks of a landing zones file that passed the JSON Schema, section by section:
 * `aggregator` (aggregator.ts), `defaults` (defaults.ts), `openstack` (openstack.ts), `tenants`
 * (tenants.ts with each tenant's plan from core, and the provider's own settings in tenant-aws.ts
 * and tenant-openstack.ts), then the ranges (ranges.ts). Every problem is collected, so a file's
 * mistakes are reported at once.
 */
import { CloudProvider, RegionCatalogue } from '../../core';
import type { LandingZonesConfig, ResolvedTenant } from '../types';
import { resolveAggregator, resolveAggregatorKeys } from './aggregator';
import { resolveDefaults } from './defaults';
import { resolveOpenStackSection, syncTarget } from './openstack';
import { SemanticProblem, collectProblems } from './problems';
import { allocate } from './ranges';
import type { RawConfig } from './raw';
import { resolveTenants } from './tenants';

export type { RawConfig, RawTenant } from './raw';
export type { SemanticProblem } from './problems';
export { DEFAULT_AWS_REGION, DEFAULT_TENANT_RANGE_PREFIX } from './defaults';
export { FIREWALL_MAX_TENANT_PREFIX } from './ranges';

/**
 * Runs every semantic check of the core on data that passed the schema, collecting all problems.
 * Tenants listed in `skip` had structural errors (at `brokenFields`): only the file-wide checks
 * (duplicate codes, network ranges) consider them.
 */
export function resolveConfig(
  raw: RawConfig,
  file: string,
  skip: ReadonlySet<number>,
  brokenFields: ReadonlySet<string>,
): { config?: LandingZonesConfig; problems: SemanticProblem[] } {
  const problems = collectProblems();
  const { aggregator: identified, broken: aggregatorBroken } = resolveAggregator(raw, problems);
  const defaults = resolveDefaults(raw, RegionCatalogue.standard(), problems);
  const { openstack, catalogue } = resolveOpenStackSection(raw, RegionCatalogue.standard(), problems);
  const reportedOnce = new Set<string>();
  const { partials, duplicates } = resolveTenants({
    raw, problems, catalogue, defaults, aggregator: identified, aggregatorBroken, openstack, reportedOnce,
  }, skip);

  const usesOpenStack = raw.tenants.some((t) => (t?.provider ?? defaults.provider) === CloudProvider.OPENSTACK);
  // The aggregator's central containers sync to openstack.backupRegion (see AggregatorCentralOpenStackStack).
  if (identified && openstack?.backupRegion && usesOpenStack) {
    syncTarget(raw.openstack!, openstack.backupRegion.name, `the aggregator's central log containers sync to ${openstack.backupRegion.name}`, problems, reportedOnce);
  }
  let aggregator = identified;
  if (aggregator && raw.aggregator) {
    const keys = resolveAggregatorKeys(raw, aggregator, defaults.provider, partials, problems);
    if (keys) aggregator = { ...aggregator, keys };
  }
  if (raw.openstack && raw.openstack.credentialsExpireAt === undefined && usesOpenStack) {
    problems.list.push({
      field: 'openstack.credentialsExpireAt',
      message: 'openstack.credentialsExpireAt: is required when a tenant uses OpenStack: the application credentials of the log shippers and of the backup scheduler expire then (rotate them by moving it forward); an ISO 8601 date-time with a time zone, e.g. "2027-06-30T00:00:00Z"',
      pointTo: ['openstack', 'credentialsExpireAt'],
    });
  }

  const ranges = allocate(raw, defaults.networkPools, defaults.poolBroken, duplicates, brokenFields, partials, problems.list);
  if (problems.list.length > 0 || skip.size > 0) return { problems: problems.list };
  const tenants = raw.tenants.map((_, i) => {
    const range = ranges.get(i)!;
    return { ...partials.get(i)!, cidr: range.cidr, cidrSource: range.source } as ResolvedTenant;
  });
  const networkPools = defaults.networkPools;
  return {
    config: { file, aggregator, openstack, networkPool: networkPools?.[0], networkPools: networkPools ?? [], regions: catalogue, tenants },
    problems: problems.list,
  };
}

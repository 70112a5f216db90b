/**
 * What every tenant of the file shares, whatever its provider: its plan from core
 * ({@link TenantPlan}: identity, class, overrides and acknowledgements, region, keys, off-site
 * copy), its mistakes reported as the file spells them, and the context the sections resolved
 * before give to `tenant-aws.ts` and `tenant-openstack.ts`.
 */
import {
  OffsiteTarget,
  POLICY_SETTINGS,
  PaCloudKitError,
  PlannedKeys,
  Region,
  RegionCatalogue,
  TenantPlan,
  TenantPlanResult,
} from '../../core';
import type { AggregatorConfig, ConfigAcknowledgement, ConfigOverride, OpenStackConfig, ResolvedTenant } from '../types';
import type { ResolvedDefaults } from './defaults';
import { Problems, SemanticProblem, fromError } from './problems';
import type { RawConfig, RawTenant } from './raw';
import { PathSegment, parseField } from './source';

/** A resolved tenant before its range is allocated. */
export type PartialTenant = ResolvedTenant extends infer T ? (T extends unknown ? Omit<T, 'cidr' | 'cidrSource'> : never) : never;

/** The tenants resolved so far, by their position in the file. */
export type PartialTenants = ReadonlyMap<number, PartialTenant>;

/** What every tenant's resolution reads: the file, the sections resolved before, and the problems so far. */
export interface TenantContext {
  readonly raw: RawConfig;
  readonly problems: Problems;
  readonly catalogue: RegionCatalogue;
  readonly defaults: ResolvedDefaults;
  readonly aggregator?: AggregatorConfig;
  /** A field of the aggregator is wrong (reported): the tenants' identities, which name it, wait. */
  readonly aggregatorBroken: boolean;
  readonly openstack?: OpenStackConfig;
  /** Fields reported once for the whole file (the missing openstack section, container sync settings). */
  readonly reportedOnce: Set<string>;
}

/** One tenant as a provider module sees it. */
export interface TenantAt {
  readonly t: RawTenant;
  readonly index: number;
  /** `tenants[<index>]`. */
  readonly at: string;
  /** The tenant's position in the file, to point at when the mistake is in an inherited value. */
  readonly here: PathSegment[];
}

/** What a provider module gives the plan of a tenant, besides what every tenant has. */
export interface PlanInput {
  /** Undefined when it could not be resolved (reported). */
  readonly region: Region | undefined;
  /** The section the region was inherited from, when the tenant sets none (e.g. `defaults.region`). */
  readonly regionFrom?: string;
  readonly account?: string;
  readonly keys: PlannedKeys;
  readonly keysHint: string;
  /** The warning when ACN-KMS-02 is acknowledged (core's `TenantPlanFields.keysWarning`). */
  readonly keysWarning: string;
  readonly offsite?: OffsiteTarget;
  /** The target when the class asks for a copy and the tenant names none. */
  readonly defaultOffsite?: OffsiteTarget;
  /** The section the off-site region was inherited from, when the tenant sets none. */
  readonly offsiteFrom?: string;
  /** Why there is no off-site target, for the ACN-BCK-04 message. */
  readonly offsiteHint: string;
}

/** Settings checked together by the policy's consistency rules: the override to point at for each. */
const RELATED_SETTINGS: Record<string, readonly string[]> = {
  backupFrequency: ['backupFrequency', 'continuousBackup', 'rpo'],
  auditLogArchiveRetention: ['auditLogArchiveRetention', 'auditLogSearchableRetention'],
};

/**
 * The tenant's plan from core, its mistakes reported as the file spells them: pointing at the
 * section a value was inherited from, and at the override behind a policy consistency rule.
 */
export function planTenant(ctx: TenantContext, { t, at, here }: TenantAt, input: PlanInput): TenantPlanResult {
  const qualification = t.qualification ?? ctx.raw.defaults?.qualification;
  if (qualification === undefined) {
    ctx.problems.list.push({
      field: `${at}.qualification`,
      message: `${at}.qualification: is required: set the ACN qualification (QC1-QC4) of the services used on the tenant or in defaults.qualification`,
      control: 'ACN-QUAL-01',
      pointTo: here,
    });
  }
  const result = TenantPlan.check({
    tenant: {
      ipaCode: t.ipaCode,
      name: t.name,
      classification: t.classification,
      qualification: qualification ?? '',
      owner: t.owner,
      incidentContact: t.incidentContact,
      aggregator: ctx.aggregatorBroken ? undefined : ctx.aggregator,
    },
    overrides: t.overrides,
    acknowledgements: t.acknowledgements,
    region: input.region,
    account: input.account,
    keys: input.keys,
    offsite: input.offsite,
    defaultOffsite: input.defaultOffsite,
    fields: {
      tenant: at,
      region: `${at}.region`,
      regionPurpose: 'data',
      keys: `${at}.keys`,
      keysHint: input.keysHint,
      keysWarning: input.keysWarning,
      offsite: `${at}.backupCopy`,
      offsiteRegion: `${at}.backupCopy.region`,
      offsiteHint: input.offsiteHint,
    },
  });
  const inherited = (e: PaCloudKitError, from: string) =>
    fromError(e, { rule: `${e.rule} (inherited from ${from}: set it on the tenant, or change ${from})`, pointTo: here });
  for (const e of result.errors) {
    if (e.field === `${at}.qualification`) {
      if (qualification === undefined) continue; // reported as missing above
      ctx.problems.list.push(t.qualification === undefined ? inherited(e, 'defaults.qualification') : fromError(e));
    } else if (e.field === `${at}.region` && input.regionFrom !== undefined) {
      ctx.problems.list.push(inherited(e, input.regionFrom));
    } else if (e.field === `${at}.backupCopy.region` && input.offsiteFrom !== undefined) {
      ctx.problems.list.push(inherited(e, input.offsiteFrom));
    } else {
      ctx.problems.list.push(policyProblem(e, t, at));
    }
  }
  return result;
}

/** What every resolved tenant has, whatever its provider: its plan, and its overrides and acknowledgements as written. */
export function plannedTenant(tenant: TenantAt, plan: TenantPlan): Pick<PartialTenant, 'index' | 'plan' | 'identity' | 'policy' | 'overrides' | 'acknowledgements' | 'region'> {
  return { index: tenant.index, plan, identity: plan.identity, policy: plan.policy, ...asWritten(tenant.t), region: plan.region };
}

/** The tenant's overrides and acknowledgements as written, for the constructs to rebuild the policy. */
function asWritten(t: RawTenant): { overrides: ConfigOverride[]; acknowledgements: ConfigAcknowledgement[] } {
  return {
    overrides: (t.overrides ?? []).map((o) => ({
      setting: o.setting as ConfigOverride['setting'],
      value: Array.isArray(o.value) ? [...(o.value as readonly string[])] : (o.value as string | boolean),
      reason: o.reason,
    })),
    acknowledgements: (t.acknowledgements ?? []).map((a) => ({ control: a.control, reason: a.reason })),
  };
}

/** A problem on a key the tenant's provider does not have. */
export function misplaced(ctx: TenantContext, { t, at }: TenantAt, key: string, rule: string): void {
  const value = key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], t);
  ctx.problems.add(new PaCloudKitError({ field: `${at}.${key}`, value, rule }));
}

/**
 * The policy reports consistency problems on the setting (`tenants[1].backupFrequency`), which is
 * not a key of the file: point at the override that caused it.
 */
function policyProblem(e: PaCloudKitError, t: RawTenant, at: string): SemanticProblem {
  const path = parseField(e.field);
  const last = path[path.length - 1];
  if (path.length === 3 && typeof last === 'string' && (POLICY_SETTINGS as string[]).includes(last)) {
    const related = RELATED_SETTINGS[last] ?? [last];
    const index = (t.overrides ?? []).findIndex((o) => related.includes(o.setting));
    if (index >= 0) return fromError(e, { field: `${at}.overrides[${index}].value`, value: t.overrides![index].value });
    return fromError(e, { field: `${at}.overrides`, rule: `${last} ${e.rule}` });
  }
  return fromError(e);
}

/**
 * The `tenants` section: each tenant, once (a repeated codice IPA is reported), resolved by its
 * provider's module (`tenant-aws.ts`, `tenant-openstack.ts`) on the plan of `tenant-plan.ts`.
 */
import { CloudProvider, IPA_CODE_PATTERN, PaCloudKitError } from '../../core';
import { resolveAwsTenant } from './tenant-aws';
import { resolveOpenStackTenant } from './tenant-openstack';
import type { PartialTenant, TenantAt, TenantContext } from './tenant-plan';

/** Resolves every tenant that passed the schema and is not a duplicate; the others are left out of the map. */
export function resolveTenants(ctx: TenantContext, skip: ReadonlySet<number>): { partials: Map<number, PartialTenant>; duplicates: Set<number> } {
  const duplicates = findDuplicates(ctx);
  const partials = new Map<number, PartialTenant>();
  ctx.raw.tenants.forEach((t, index) => {
    if (skip.has(index) || duplicates.has(index)) return;
    const at = `tenants[${index}]`;
    const tenant: TenantAt = { t, index, at, here: ['tenants', index] };
    const provider = (t.provider ?? ctx.defaults.provider) as CloudProvider;
    const resolved = provider === CloudProvider.AWS ? resolveAwsTenant(ctx, tenant) : resolveOpenStackTenant(ctx, tenant);
    if (resolved) partials.set(index, resolved);
  });
  return { partials, duplicates };
}

function findDuplicates(ctx: TenantContext): Set<number> {
  const firstByCode = new Map<string, number>();
  const duplicates = new Set<number>();
  ctx.raw.tenants.forEach((t, i) => {
    const code = typeof t?.ipaCode === 'string' ? t.ipaCode.trim().toLowerCase() : undefined;
    if (!code || !IPA_CODE_PATTERN.test(code)) return;
    const first = firstByCode.get(code);
    if (first === undefined) {
      firstByCode.set(code, i);
    } else {
      duplicates.add(i);
      ctx.problems.add(new PaCloudKitError({ field: `tenants[${i}].ipaCode`, value: t.ipaCode, rule: `must be unique in the file: tenants[${first}] has the same codice IPA` }));
    }
  });
  return duplicates;
}


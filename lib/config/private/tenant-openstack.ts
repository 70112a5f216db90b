/**
 * An OpenStack tenant: its region of the declared ones, the encrypted volume type backed by the
 * PA's keys, the region of its off-site copies and their container sync, its management proxy.
 */
import { CloudProvider, EgressFiltering, OffsiteTarget, PaCloudKitError, Region, withArticle } from '../../core';
import type { ResolvedOpenStackTenant } from '../types';
import {
  OPENSTACK_TENANT_SETTING_KEYS,
  OpenStackLandingZoneSettings,
  checkOpenStackSettings,
  checkVolumeTypeName,
  pickOpenStackSettings,
} from '../../openstack/settings';
import { pickAwsSettings } from '../../aws/settings';
import { syncTarget } from './openstack';
import { TenantAt, TenantContext, misplaced, planTenant, plannedTenant } from './tenant-plan';

const AWS_KEYS = ['kmsKeyArn', 'logsKmsKeyArn', 'backupKmsKeyArn'] as const;

/** An OpenStack tenant resolved (without its range), or undefined when something of it is wrong (reported). */
export function resolveOpenStackTenant(ctx: TenantContext, tenant: TenantAt): Omit<ResolvedOpenStackTenant, 'cidr' | 'cidrSource'> | undefined {
  const { t, at, here } = tenant;
  const { problems, catalogue, openstack, raw } = ctx;
  const before = problems.list.length;
  if (t.account !== undefined) misplaced(ctx, tenant, 'account', 'is for AWS tenants: an OpenStack tenant has none');
  const awsKeys = AWS_KEYS.filter((key) => t.keys?.[key] !== undefined);
  for (const key of awsKeys) misplaced(ctx, tenant, `keys.${key}`, 'is for AWS tenants: an OpenStack tenant gives its encrypted volume type as keys.encryptedVolumeType');
  if (t.backupCopy?.account !== undefined) misplaced(ctx, tenant, 'backupCopy.account', 'is for AWS tenants: an OpenStack tenant sends its copies to backupCopy.region');
  if (t.backupCopy?.vaultName !== undefined) misplaced(ctx, tenant, 'backupCopy.vaultName', 'is for AWS tenants: an OpenStack tenant sends its copies to backupCopy.region');
  for (const key of Object.keys(pickAwsSettings(t))) misplaced(ctx, tenant, key, 'is for AWS tenants: a setting of the AWS LandingZone');
  const own = pickOpenStackSettings(t, OPENSTACK_TENANT_SETTING_KEYS);
  checkOpenStackSettings(own, (key) => `${at}.${key}`, (e) => problems.add(e));
  if (!raw.openstack && !ctx.reportedOnce.has('openstack')) {
    ctx.reportedOnce.add('openstack');
    problems.add(new PaCloudKitError({
      field: t.provider !== undefined ? `${at}.provider` : 'defaults.provider',
      value: 'openstack',
      rule: 'needs the openstack section (cloud, externalNetworkName, regions with their country, region) at the top level of the file',
    }));
  }
  // Without a right openstack section (reported), only the tenant's own settings are judged.
  let region: Region | undefined;
  if (openstack) {
    region = t.region !== undefined ? problems.attempt(() => catalogue.get(CloudProvider.OPENSTACK, t.region!, `${at}.region`)) : openstack.region;
  }
  if (t.keys?.encryptedVolumeType !== undefined) problems.attempt(() => checkVolumeTypeName(t.keys!.encryptedVolumeType, `${at}.keys.encryptedVolumeType`));

  // The off-site region: backupCopy.region, else openstack.backupRegion.
  const explicit = t.backupCopy?.region !== undefined;
  let offsite: OffsiteTarget | undefined;
  let defaultOffsite: OffsiteTarget | undefined;
  let offsiteHint = 'set backupCopy.region, or openstack.backupRegion, to a declared region other than the tenant\'s';
  if (!openstack || region === undefined) {
    offsite = {}; // judged once the region is right
  } else if (explicit) {
    offsite = { region: problems.attempt(() => catalogue.get(CloudProvider.OPENSTACK, t.backupCopy!.region!, `${at}.backupCopy.region`)) };
  } else if (openstack.backupRegion?.name === region.name) {
    offsiteHint = `the default openstack.backupRegion ${region.name} is the tenant's own region: set backupCopy.region`;
  } else if (openstack.backupRegion !== undefined) {
    // A backupCopy without a region asks for a copy whatever the class.
    if (t.backupCopy !== undefined) offsite = { region: openstack.backupRegion };
    else defaultOffsite = { region: openstack.backupRegion };
  }

  const result = planTenant(ctx, tenant, {
    region,
    regionFrom: t.region === undefined ? 'openstack.region' : undefined,
    keys: { purposes: ['keys.encryptedVolumeType'], held: t.keys?.encryptedVolumeType !== undefined || awsKeys.length > 0 ? ['keys.encryptedVolumeType'] : [] },
    keysHint: 'set keys.encryptedVolumeType to the provider\'s encrypted volume type backed by the PA\'s keys',
    keysWarning: 'no encrypted volume type (keys.encryptedVolumeType) declared for',
    offsite,
    defaultOffsite,
    offsiteFrom: explicit ? undefined : 'openstack.backupRegion',
    offsiteHint,
  });
  const policy = result.policy;
  if (policy && openstack?.fwaas === false && policy.settings.egressFiltering !== EgressFiltering.NAT && !policy.isAcknowledged('ABSC-NET-03')) {
    problems.add(new PaCloudKitError({
      field: `${at}.acknowledgements`,
      value: undefined,
      rule: `must acknowledge ABSC-NET-03 with a reason: openstack.fwaas is false, so ${withArticle(policy.classification)} tenant, whose egress filtering is ${policy.settings.egressFiltering}, gets no firewall`,
      control: 'ABSC-NET-03',
    }), { pointTo: here });
  }
  const plan = result.plan;
  const copyRegion = plan?.offsite?.region;
  const containerSync = copyRegion && raw.openstack
    ? syncTarget(raw.openstack, copyRegion.name, `${at} (${plan.identity.ipaCode}) syncs its log archive and backups to ${copyRegion.name}`, problems, ctx.reportedOnce)
    : undefined;
  if (problems.list.length !== before || !plan || !openstack) return undefined;
  return {
    provider: CloudProvider.OPENSTACK,
    ...plannedTenant(tenant, plan),
    keys: t.keys?.encryptedVolumeType !== undefined ? { encryptedVolumeType: t.keys.encryptedVolumeType } : undefined,
    backupCopy: copyRegion ? { region: copyRegion } : undefined,
    settings: { ...pickOpenStackSettings(openstack), ...own } as OpenStackLandingZoneSettings,
    warnings: plan.warnings,
    ...(containerSync ? { containerSync } : {}),
  };
}

/**
 * The `openstack` section: the cloud, its declared regions with their country, and the settings
 * every OpenStack tenant's landing zone takes from it.
 */
import { CloudProvider, PaCloudKitError, RegionCatalogue } from '../../core';
import type { OpenStackConfig } from '../types';
import { checkOpenStackSettings, pickOpenStackSettings } from '../../openstack/settings';
import { Problems } from './problems';
import type { RawConfig } from './raw';

/** The openstack section, resolved, and the catalogue with its regions (the given one when the section is wrong or absent). */
export function resolveOpenStackSection(
  raw: RawConfig,
  catalogue: RegionCatalogue,
  problems: Problems,
): { openstack?: OpenStackConfig; catalogue: RegionCatalogue } {
  const os = raw.openstack;
  if (!os) return { catalogue };
  const { attempt } = problems;
  // The landing zone settings, named and judged as LandingZone's props.
  const settings = pickOpenStackSettings(os);
  let namesOk = true;
  checkOpenStackSettings(settings, (key) => `openstack.${key}`, (e) => {
    namesOk = false;
    problems.add(e);
  });
  let regionsOk = true;
  os.regions.forEach((r, i) => {
    const first = os.regions.findIndex((other) => other.name === r.name);
    if (first !== i) {
      regionsOk = false;
      problems.add(new PaCloudKitError({ field: `openstack.regions[${i}].name`, value: r.name, rule: `must be unique: already declared as openstack.regions[${first}]` }));
    }
  });
  const withOpenStack = attempt(() => catalogue.withOpenStackRegions(os.regions, 'openstack.regions'));
  if (!withOpenStack || !regionsOk || !namesOk) return { catalogue };
  const region = attempt(() => withOpenStack.get(CloudProvider.OPENSTACK, os.region, 'openstack.region'));
  const backupRegion = os.backupRegion === undefined ? undefined : attempt(() => withOpenStack.get(CloudProvider.OPENSTACK, os.backupRegion!, 'openstack.backupRegion'));
  if (backupRegion && region && backupRegion.name === region.name) {
    problems.add(new PaCloudKitError({
      field: 'openstack.backupRegion',
      value: os.backupRegion,
      rule: 'must be another region than openstack.region, so the copies are off-site',
      control: 'ACN-BCK-04',
    }));
    return { catalogue: withOpenStack };
  }
  if (!region || (os.backupRegion !== undefined && !backupRegion)) return { catalogue: withOpenStack };
  return {
    catalogue: withOpenStack,
    openstack: {
      ...(settings as Pick<OpenStackConfig, 'cloud' | 'externalNetworkName'>),
      regions: withOpenStack.list(CloudProvider.OPENSTACK),
      region,
      backupRegion,
      containerSyncRealm: os.containerSyncRealm,
      containerSyncClusters: Object.fromEntries(os.regions.filter((r) => r.containerSyncCluster !== undefined).map((r) => [r.name, r.containerSyncCluster!])),
    },
  };
}

/**
 * The realm-form container sync to a region: `openstack.containerSyncRealm` and the region's
 * `containerSyncCluster`, or a problem on each missing one (once per field, `reported` remembers),
 * saying who needs it.
 */
export function syncTarget(
  os: NonNullable<RawConfig['openstack']>,
  regionName: string,
  who: string,
  problems: Problems,
  reported: Set<string>,
): { realm: string; cluster: string } | undefined {
  const index = os.regions.findIndex((r) => r.name === regionName);
  const cluster = index >= 0 ? os.regions[index].containerSyncCluster : undefined;
  if (os.containerSyncRealm === undefined && !reported.has('sync:realm')) {
    reported.add('sync:realm');
    problems.list.push({
      field: 'openstack.containerSyncRealm',
      message: `openstack.containerSyncRealm: is required when a container syncs off-site (${who}): the Swift container sync realm of the provider's container-sync-realms.conf, e.g. "pa-realm"; containers sync to //<realm>/<cluster>/AUTH_<project id>/<container>`,
      pointTo: ['openstack'],
    });
  }
  if (cluster === undefined && index >= 0 && !reported.has(`sync:${regionName}`)) {
    reported.add(`sync:${regionName}`);
    problems.list.push({
      field: `openstack.regions[${index}].containerSyncCluster`,
      message: `openstack.regions[${index}].containerSyncCluster: is required for ${regionName}, which receives off-site copies (${who}): the name of its Swift cluster in the realm, e.g. "${regionName}"`,
      pointTo: ['openstack', 'regions', index],
    });
  }
  return os.containerSyncRealm !== undefined && cluster !== undefined ? { realm: os.containerSyncRealm, cluster } : undefined;
}

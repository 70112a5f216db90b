/**
 * Swift container sync in the realm form, the one that works across clusters without the
 * operator listing every remote host in `allowed_sync_hosts`: the source container's
 * `X-Container-Sync-To` is `//<realm>/<cluster>/<account>/<container>`, where realm and cluster
 * are names from the provider's `container-sync-realms.conf` (`GET /info` lists them under
 * `container_sync.realms`).
 */
import { PaCloudKitError } from '../core';

/** Where a container syncs to: the realm and the cluster of the destination region. */
export interface ContainerSyncRealm {
  /** The realm of `container-sync-realms.conf` that holds both clusters, e.g. `pa-realm`. */
  readonly realm: string;
  /** The cluster of the destination (off-site) region within the realm, e.g. `rom1`. */
  readonly cluster: string;
}

/** A realm or cluster name: no `/` (it would split the sync target), no spaces. */
const SYNC_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** What a realm or cluster name looks like, for messages. */
export const CONTAINER_SYNC_NAME_RULE = 'must be a name of the provider\'s container-sync-realms.conf: 1-64 letters, digits, dots, underscores or hyphens, starting with a letter or digit';

/** Validates one realm or cluster name. @throws PaCloudKitError naming the field */
export function checkContainerSyncName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !SYNC_NAME.test(value)) {
    throw new PaCloudKitError({ field, value, rule: CONTAINER_SYNC_NAME_RULE });
  }
  return value;
}

/**
 * Validates the container sync settings of a construct that syncs to `offsiteRegion`.
 * @throws PaCloudKitError naming `<field>`, `<field>.realm` or `<field>.cluster`
 */
export function checkContainerSync(value: ContainerSyncRealm | undefined, field: string, offsiteRegion: string): ContainerSyncRealm {
  if (value === undefined || value === null || typeof value !== 'object') {
    throw new PaCloudKitError({
      field,
      value,
      rule: `is required with an off-site region: the Swift container sync realm and the cluster of ${offsiteRegion} in it, as the provider's container-sync-realms.conf names them, e.g. { realm: "pa-realm", cluster: "${offsiteRegion}" }`,
    });
  }
  return {
    realm: checkContainerSyncName(value.realm, `${field}.realm`),
    cluster: checkContainerSyncName(value.cluster, `${field}.cluster`),
  };
}

/** `//<realm>/<cluster>/AUTH_<project id>/<container>`; the project ID may be a Terraform expression. */
export function containerSyncTarget(sync: ContainerSyncRealm, projectId: string, container: string): string {
  return `//${sync.realm}/${sync.cluster}/AUTH_${projectId}/${container}`;
}

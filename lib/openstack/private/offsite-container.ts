import { Construct } from 'constructs';
import { ContainerSyncRealm, containerSyncTarget } from '../container-sync';
import { ObjectstorageContainerV1 } from '../generated/objectstorage-container-v1';
import { TerraformVariable } from './cdktf';

/** The off-site copy of a container: what the source container needs to sync to it. */
export interface OffsiteContainer {
  readonly container: ObjectstorageContainerV1;
  readonly name: string;
  /**
   * Properties of the source container: `container_sync_to` (realm form), `container_sync_key`,
   * and `versioning = false`: Swift refuses object versioning on a container-sync source, so
   * only the destination is versioned. Spread them after the source's own `versioning`.
   */
  readonly sync: { readonly containerSyncTo: string; readonly containerSyncKey: string; readonly versioning: false };
}

/**
 * Creates, in `scope`, the off-site copy `<sourceName>-offsite` of a container in `offsiteRegion`
 * (construct ID `constructId`, versioned, never destroyed) and the sensitive Terraform variable
 * holding the Swift container sync key both share (construct ID `SyncKey`, variable
 * `variableName`), so the key never appears in the synthesized JSON. The source syncs to it in
 * the realm form `//<realm>/<cluster>/AUTH_<project id>/<name>`, the project being the one of
 * the auth scope at `scopeAddress` (the same project in the other region).
 */
export function offsiteContainer(scope: Construct, props: {
  readonly constructId: string;
  readonly sourceName: string;
  readonly offsiteRegion: string;
  readonly variableName: string;
  readonly scopeAddress: string;
  readonly containerSync: ContainerSyncRealm;
  readonly metadata: Record<string, string>;
}): OffsiteContainer {
  const syncKey = new TerraformVariable(scope, 'SyncKey', {
    type: 'string',
    sensitive: true,
    nullable: false,
    description: `Swift container sync key shared by ${props.sourceName} and its off-site copy (set it with TF_VAR_${props.variableName})`,
  });
  syncKey.overrideLogicalId(props.variableName);
  const name = `${props.sourceName}-offsite`;
  const container = new ObjectstorageContainerV1(scope, props.constructId, {
    name,
    region: props.offsiteRegion,
    // The destination keeps the versions: it is never a sync source itself.
    versioning: true,
    forceDestroy: false,
    containerSyncKey: syncKey.stringValue,
    metadata: props.metadata,
    lifecycle: { preventDestroy: true },
  });
  return {
    container,
    name,
    sync: {
      containerSyncTo: containerSyncTarget(props.containerSync, `\${${props.scopeAddress}.project_id}`, name),
      containerSyncKey: syncKey.stringValue,
      versioning: false,
    },
  };
}

/**
 * The central log collection on OpenStack: one Swift container per PA in the collector's project
 * (an aggregator's, soggetto aggregatore), each with its own write-only application credential,
 * and each container's off-site copy in a second region via Swift container sync.
 */
import { Construct } from 'constructs';
import {
  CloudProvider,
  LandingZoneMetadata,
  OpenStackRegionProps,
  PaCloudKitError,
  Region,
  RegionCatalogue,
  TenantIdentity,
  centralLogContainerName,
  centralStackMetadata,
} from '../core';
import { containerMetadata } from './cloud-init/inputs';
import { checkCloudName, checkCredentialsExpireAt } from './settings';
import { KitTerraformStack } from './private/kit-stack';
import { ContainerSyncRealm, checkContainerSync } from './container-sync';
import { DataOpenstackIdentityAuthScopeV3 } from './generated/data-openstack-identity-auth-scope-v3';
import { IdentityApplicationCredentialV3 } from './generated/identity-application-credential-v3';
import { ObjectstorageContainerV1 } from './generated/objectstorage-container-v1';
import { openStackTagStrings } from './metadata';
import { TerraformOutput } from './private/cdktf';
import { offsiteContainer } from './private/offsite-container';
import { DEFAULT_SERVICE_TYPES, checkServiceType } from './service-types';

/** Properties of {@link CentralLogCollectionStack}. */
export interface CentralLogCollectionStackProps {
  /**
   * Who runs the collection (an aggregator), classified as the strictest of `tenants`: its tags
   * become each container's metadata, and it is the tenant of the stack's metadata (role `central`).
   */
  readonly collector: TenantIdentity;
  /** The clouds.yaml entry of the collector's project (`provider "openstack" { cloud = ... }`). */
  readonly cloud: string;
  /** The region of the containers and credentials, with its country. */
  readonly region: OpenStackRegionProps;
  /**
   * The off-site region, with its country, to which every container is synced with Swift
   * container sync (ABSC-LOG-03, ACN-BCK-04); it must differ from `region`.
   * @default - no off-site copy
   */
  readonly offsiteRegion?: OpenStackRegionProps;
  /**
   * Swift container sync to `offsiteRegion` in the realm form: the realm of the provider's
   * `container-sync-realms.conf` and the off-site region's cluster in it. Each container syncs to
   * `//<realm>/<cluster>/AUTH_<project id>/<container>-offsite`; only the off-site copy is
   * versioned (Swift refuses versioning on a sync source). Required with `offsiteRegion`.
   * @default - none (no off-site copy)
   */
  readonly containerSync?: ContainerSyncRealm;
  /**
   * The catalog service type of Swift on this cloud, as the writers' access rules name it.
   * @default 'object-store'
   */
  readonly objectStoreServiceType?: string;
  /**
   * Where Terraform keeps the state when the stack has no backend of its own, relative to the
   * stack's directory; it holds the writers' secrets, so keep it out of the published output.
   * @default '../../../terraform.<stack>.tfstate', next to the app's output folder
   */
  readonly localStatePath?: string;
  /** The PAs whose logs are collected, each once; one container and one credential each, in this order. */
  readonly tenants: readonly TenantIdentity[];
  /**
   * Expiry of the write-only credentials, ISO 8601 date-time with a time zone, e.g.
   * `2027-06-30T00:00:00Z`. A prop so that synthesis stays deterministic; rotate by moving it.
   */
  readonly credentialsExpireAt: string;
}

/** What a {@link CentralLogCollectionStack} creates for one tenant. */
export interface CentralLogTarget {
  /** The tenant's codice IPA. */
  readonly ipaCode: string;
  /** The container's name, `pa-central-logs-<tenant slug>`. */
  readonly containerName: string;
  /** The container (Terraform address `openstack_objectstorage_container_v1.log_container_<ipa code>`). */
  readonly container: ObjectstorageContainerV1;
  /** The write-only credential (address `openstack_identity_application_credential_v3.log_writer_<ipa code>`). */
  readonly credential: IdentityApplicationCredentialV3;
  /**
   * The off-site copy `<containerName>-offsite` in `offsiteRegion` (address
   * `openstack_objectstorage_container_v1.log_container_offsite_<ipa code>`), when one is given.
   */
  readonly offsiteContainer?: ObjectstorageContainerV1;
  /** Name of the sensitive Terraform variable holding the container sync key, `central_log_sync_key_<ipa code>`. */
  readonly syncKeyVariable?: string;
}


/**
 * The central log collection on OpenStack, as one Terraform stack in the collector's project,
 * with the provider pinned like the tenants' stacks (terraform-provider-openstack 3.4.0, `cloud`
 * and `region` in the provider block). It builds the Terraform only: whether each tenant's class
 * allows the regions, needs an off-site copy (ACN-BCK-04) or accepts the collector's
 * qualification is for the caller to check (the aggregator's `AggregatorCentralOpenStackStack`
 * does, from the tenants' policies).
 *
 * For each tenant, in the given order:
 * - a Swift container `pa-central-logs-<tenant slug>` (address `log_container_<ipa code>`), with
 *   versioning unless it syncs off-site (Swift refuses versioning on a sync source: the off-site
 *   copy keeps the versions), no read or write ACL, `force_destroy = false` and
 *   `prevent_destroy`; its metadata names the collector (the mandatory tags as `pa-...` keys,
 *   since containers have no tags) and the tenant whose logs it holds (`pa-log-source`);
 * - an application credential (address `log_writer_<ipa code>`), not unrestricted, expiring at
 *   `credentialsExpireAt`, whose only access rules are PUT of an object into that container
 *   (`/v1/*\/<container>/*` and deeper object names `/v1/*\/<container>/*\/**`): the holder can
 *   neither read, list nor delete logs, nor change the container, nor write to another tenant's;
 * - when `offsiteRegion` is given, the container's off-site copy `<container>-offsite` in that
 *   region (address `log_container_offsite_<ipa code>`, versioned, never destroyed) and Swift
 *   container sync to it in the realm form `//<realm>/<cluster>/AUTH_<project id>/<name>-offsite`
 *   (`containerSync`; the project ID from the data source `openstack_identity_auth_scope_v3.scope`).
 *   The sync key is the sensitive Terraform variable `central_log_sync_key_<ipa code>` (set
 *   `TF_VAR_central_log_sync_key_<ipa code>`), so it never appears in the JSON.
 *
 * Outputs per tenant: `log_container_<ipa code>` (name), `log_writer_id_<ipa code>` (credential
 * ID) and `log_writer_secret_<ipa code>` (the secret, marked sensitive: Terraform prints it only
 * with `terraform output -raw`). Hand ID and secret to the tenant over a secure channel (e.g. a
 * secret manager); the secret is also in the Terraform state, which must be kept encrypted and
 * access-controlled.
 *
 * The stack writes its metadata (role `central`, the collector, its class and qualification, the
 * regions with their countries) at `"//"["pa-cloud-kit"]`, so the compliance engine checks it
 * for the controls of central services only.
 */
export class CentralLogCollectionStack extends KitTerraformStack {
  /** The collector as a tagged identity. */
  public readonly identity: TenantIdentity;
  /** The region of the containers. */
  public readonly region: Region;
  /** The off-site region of the containers' copies, when given. */
  public readonly offsiteRegion?: Region;
  /** The container and credential of each tenant, in the given order. */
  public readonly targets: readonly CentralLogTarget[];
  /** What the stack writes at `"//"["pa-cloud-kit"]`: role `central`, the collector as tenant, its class, qualification and regions. */
  public readonly metadata: LandingZoneMetadata;

  constructor(scope: Construct, id: string, props: CentralLogCollectionStackProps) {
    super(scope, id);
    if (!(props.collector instanceof TenantIdentity)) {
      throw new PaCloudKitError({ field: 'collector', value: props.collector, rule: 'must be a TenantIdentity (TenantIdentity.of({...}))' });
    }
    this.identity = props.collector;
    const collectorCode = this.identity.ipaCode;
    const cloud = checkCloudName(props.cloud);
    this.region = declareOpenStackRegion(props.region, 'region');
    const expiresAt = checkCredentialsExpireAt(props.credentialsExpireAt, 'credentialsExpireAt');
    checkTenants(props.tenants, 'tenants');
    if (props.offsiteRegion !== undefined) {
      this.offsiteRegion = declareOpenStackRegion(props.offsiteRegion, 'offsiteRegion');
      if (this.offsiteRegion.name === this.region.name) {
        throw new PaCloudKitError({
          field: 'offsiteRegion.name',
          value: this.offsiteRegion.name,
          rule: `must differ from region.name "${this.region.name}": an off-site copy lives in another region`,
          control: 'ACN-BCK-04',
        });
      }
    }
    const containerSync = this.offsiteRegion === undefined ? undefined : checkContainerSync(props.containerSync, 'containerSync', this.offsiteRegion.name);
    const objectStore = props.objectStoreServiceType === undefined ? DEFAULT_SERVICE_TYPES.objectStore : checkServiceType(props.objectStoreServiceType, 'objectStoreServiceType');
    this.useLocalStatePath(props.localStatePath, '../../../../terraform-state/pa-central.tfstate');
    // The same 60-character limit as the tenants' tags, checked on the collector's identity.
    openStackTagStrings(this.identity, 'collector');
    this.metadata = centralStackMetadata(this.identity, this.region.name, {
      regions: [this.region, ...(this.offsiteRegion ? [this.offsiteRegion] : [])].map((r) => ({ name: r.name, country: r.country })),
    });
    const collectorMetadata = containerMetadata(this.identity);

    this.addProvider(cloud, this.region.name);
    let scopeAddress: string | undefined;
    if (this.offsiteRegion) {
      const authScope = new DataOpenstackIdentityAuthScopeV3(this, 'Scope', { name: 'current' });
      authScope.overrideLogicalId('scope');
      scopeAddress = `data.${DataOpenstackIdentityAuthScopeV3.tfResourceType}.scope`;
    }
    this.targets = props.tenants.map((tenant) => {
      const code = tenant.ipaCode;
      const containerName = centralLogContainerName(tenant.slug);
      const metadata = { ...collectorMetadata, 'pa-log-source': code };
      // The helper's construct IDs are per scope: one sub-construct per tenant holds its pair.
      const offsite = this.offsiteRegion === undefined || scopeAddress === undefined || containerSync === undefined ? undefined : offsiteContainer(new Construct(this, `Offsite-${code}`), {
        constructId: 'OffsiteContainer',
        sourceName: containerName,
        offsiteRegion: this.offsiteRegion.name,
        variableName: `central_log_sync_key_${code}`,
        scopeAddress,
        containerSync,
        metadata,
      });
      offsite?.container.overrideLogicalId(`log_container_offsite_${code}`);
      const container = new ObjectstorageContainerV1(this, `LogContainer-${code}`, {
        name: containerName,
        region: this.region.name,
        versioning: true,
        forceDestroy: false,
        metadata,
        ...offsite?.sync,
        dependsOn: offsite ? [offsite.container] : undefined,
        lifecycle: { preventDestroy: true },
      });
      container.overrideLogicalId(`log_container_${code}`);
      const credential = new IdentityApplicationCredentialV3(this, `LogWriter-${code}`, {
        name: `pa-central-logs-writer-${tenant.slug}`,
        description: `pa-cloud-kit central log writer of ${code} for ${collectorCode}: PUT objects into ${containerName} only`,
        region: this.region.name,
        unrestricted: false,
        expiresAt,
        accessRules: [
          { service: objectStore, method: 'PUT', path: `/v1/*/${containerName}/*` },
          { service: objectStore, method: 'PUT', path: `/v1/*/${containerName}/*/**` },
        ],
      });
      credential.overrideLogicalId(`log_writer_${code}`);

      const output = (name: string, value: string, description: string, sensitive?: boolean) =>
        new TerraformOutput(this, name, { value, description, sensitive }).overrideLogicalId(name);
      output(`log_container_${code}`, container.name, `Central log container of ${code}`);
      output(`log_writer_id_${code}`, credential.id, `ID of ${code}'s write-only credential for ${containerName}`);
      output(`log_writer_secret_${code}`, credential.secret, `Secret of ${code}'s write-only credential (hand it over a secure channel)`, true);
      return {
        ipaCode: code,
        containerName,
        container,
        credential,
        ...(offsite ? { offsiteContainer: offsite.container, syncKeyVariable: `central_log_sync_key_${code}` } : {}),
      };
    });
  }

  /** The container and credential of a tenant; throws when it is not in `tenants`. */
  public targetFor(ipaCode: string): CentralLogTarget {
    const found = this.targets.find((t) => t.ipaCode === (typeof ipaCode === 'string' ? ipaCode.trim().toLowerCase() : ipaCode));
    if (!found) {
      throw new PaCloudKitError({ field: 'ipaCode', value: ipaCode, rule: `must be a tenant of the central log collection (${this.targets.map((t) => t.ipaCode).join(', ')})` });
    }
    return found;
  }
}

/**
 * An OpenStack region as the user declares it (name and country), as core's {@link Region}.
 * @throws PaCloudKitError naming `<field>`, `<field>.name` or `<field>.country`
 */
export function declareOpenStackRegion(region: OpenStackRegionProps, field: string): Region {
  if (typeof region !== 'object' || region === null) {
    throw new PaCloudKitError({ field, value: region, rule: 'must be the region with its country, e.g. { name: "it-mil1", country: "IT" }' });
  }
  try {
    const catalogue = RegionCatalogue.standard().withOpenStackRegions([region], field);
    return catalogue.get(CloudProvider.OPENSTACK, region.name, `${field}.name`);
  } catch (e) {
    if (!(e instanceof PaCloudKitError)) throw e;
    throw new PaCloudKitError({ field: e.field.replace(`${field}[0]`, field), value: e.value, rule: e.rule, control: e.control });
  }
}

/** At least one tenant, each a TenantIdentity, each codice IPA once (it names the addresses). */
function checkTenants(tenants: readonly TenantIdentity[] | undefined, field: string): void {
  if (!Array.isArray(tenants) || tenants.length === 0) {
    throw new PaCloudKitError({ field, value: tenants, rule: 'must list at least one tenant' });
  }
  const seen = new Map<string, number>();
  tenants.forEach((t, i) => {
    if (!(t instanceof TenantIdentity)) {
      throw new PaCloudKitError({ field: `${field}[${i}]`, value: t, rule: 'must be a TenantIdentity (TenantIdentity.of({...}))' });
    }
    const first = seen.get(t.ipaCode);
    if (first !== undefined) {
      throw new PaCloudKitError({ field: `${field}[${i}].ipaCode`, value: t.ipaCode, rule: `must be unique: ${field}[${first}] has the same codice IPA` });
    }
    seen.set(t.ipaCode, i);
  });
}

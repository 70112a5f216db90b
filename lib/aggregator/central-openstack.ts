/**
 * The central log collection an aggregator (soggetto aggregatore) runs on OpenStack for the PAs it
 * serves: one container per tenant in the aggregator's project, each with its own write-only
 * application credential, and each container's off-site copy in a second region.
 */
import { Construct } from 'constructs';
import {
  AggregatorIdentity,
  CloudProvider,
  LandingZoneMetadata,
  OpenStackRegionProps,
  PaCloudKitError,
  QualificationLevel,
  Region,
  RegionCatalogue,
  TERRAFORM_METADATA_KEY,
  TenantIdentity,
  centralLogContainerName,
  centralStackMetadata,
  checkRegion,
  parseIpaCode,
} from '../core';
import { checkCredentialsExpireAt } from '../openstack/settings';
import { DataOpenstackIdentityAuthScopeV3 } from '../openstack/generated/data-openstack-identity-auth-scope-v3';
import { IdentityApplicationCredentialV3 } from '../openstack/generated/identity-application-credential-v3';
import { ObjectstorageContainerV1 } from '../openstack/generated/objectstorage-container-v1';
import { OpenstackProvider } from '../openstack/generated/provider';
import { openStackTagStrings } from '../openstack/metadata';
import { LocalBackend, TerraformOutput, TerraformStack } from '../openstack/private/cdktf';
import { offsiteContainer } from '../openstack/private/offsite-container';
import { ContainerSyncRealm, checkContainerSync } from '../openstack/container-sync';
import { DEFAULT_SERVICE_TYPES, checkServiceType } from '../openstack/service-types';
import { CentralTenantInput, checkCentralTenants, strictestClassification } from './private/checks';

/** The aggregator's identity on OpenStack: who runs the central log collection. */
export interface AggregatorOpenStackIdentity extends AggregatorIdentity {
  /** The ACN qualification of the cloud services used; must reach every tenant's minimum. */
  readonly qualification: QualificationLevel | string;
  /** The office that owns the central services. */
  readonly owner: string;
  /** The e-mail address for incidents on the central services. */
  readonly incidentContact: string;
}

/** One tenant whose logs the aggregator collects (structurally, a resolved tenant of lib/config fits). */
export interface AggregatorOpenStackTenant extends CentralTenantInput {}

/** Properties of {@link AggregatorCentralOpenStackStack}. */
export interface AggregatorCentralOpenStackStackProps {
  /** The aggregator: codice IPA, name, qualification, owner, incident contact. */
  readonly aggregator: AggregatorOpenStackIdentity;
  /** The clouds.yaml entry of the aggregator's project (`provider "openstack" { cloud = ... }`). */
  readonly cloud: string;
  /** The region of the central containers, with its country (ACN-LOC-01 for every tenant's class). */
  readonly region: OpenStackRegionProps;
  /**
   * The off-site region, with its country, to which every tenant's container is synced with Swift
   * container sync (ABSC-LOG-03, ACN-BCK-04); it must differ from `region` and be allowed for
   * every tenant's class (ACN-LOC-01). Required when a tenant's class needs an off-site copy
   * (critico, strategico) unless that tenant acknowledges ACN-BCK-04.
   * @default - no off-site copy (allowed only when no tenant needs one)
   */
  readonly offsiteRegion?: OpenStackRegionProps;
  /**
   * Swift container sync to `offsiteRegion` in the realm form: the realm of the provider's
   * `container-sync-realms.conf` and the off-site region's cluster in it. Each tenant's container
   * syncs to `//<realm>/<cluster>/AUTH_<project id>/<container>-offsite`; only the off-site copy
   * is versioned (Swift refuses versioning on a sync source). Required with `offsiteRegion`.
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
  /** The tenants whose logs are collected, each with its policy; one container and one credential each. */
  readonly tenants: readonly AggregatorOpenStackTenant[];
  /**
   * Expiry of the write-only credentials, ISO 8601 date-time with a time zone, e.g.
   * `2027-06-30T00:00:00Z`. A prop so that synthesis stays deterministic; rotate by moving it.
   */
  readonly credentialsExpireAt: string;
}

/** What the stack creates for one tenant. */
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

const CLOUD_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * The central log collection of an aggregator on OpenStack, as one Terraform stack in the
 * aggregator's project, with the provider pinned like the tenants' stacks
 * (terraform-provider-openstack 3.4.0, `cloud` and `region` in the provider block).
 *
 * For each tenant, in the given order:
 * - a Swift container `pa-central-logs-<tenant slug>` (address `log_container_<ipa code>`), with
 *   versioning unless it syncs off-site (Swift refuses versioning on a sync source: the off-site
 *   copy keeps the versions), no read or write ACL, `force_destroy = false` and `prevent_destroy`; its metadata
 *   names the aggregator (the mandatory tags as `pa-...` keys, since containers have no tags) and
 *   the tenant whose logs it holds (`pa-log-source`);
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
 * with `terraform output -raw`). The aggregator hands ID and secret to the tenant over a secure
 * channel (e.g. its secret manager); the secret is also in the Terraform state, which must be
 * kept encrypted and access-controlled.
 */
export class AggregatorCentralOpenStackStack extends TerraformStack {
  /** The aggregator as a tagged identity, classified as its strictest tenant. */
  public readonly identity: TenantIdentity;
  /** The central region, checked against every tenant's class. */
  public readonly region: Region;
  /** The off-site region of the containers' copies, checked against every tenant's class. */
  public readonly offsiteRegion?: Region;
  /** The container and credential of each tenant, in the given order. */
  public readonly targets: readonly CentralLogTarget[];
  /**
   * What the stack writes at `"//"["pa-cloud-kit"]`: role `central`, the aggregator as tenant,
   * the strictest class among its tenants, its qualification and region (with its country), so
   * the compliance engine checks the stack for the controls of central services only.
   */
  public readonly metadata: LandingZoneMetadata;
  private readonly localStatePath?: string;

  constructor(scope: Construct, id: string, props: AggregatorCentralOpenStackStackProps) {
    super(scope, id);
    const aggregatorCode = parseIpaCode(props.aggregator?.ipaCode, 'aggregator.ipaCode');
    const cloud = typeof props.cloud === 'string' ? props.cloud.trim() : '';
    if (!CLOUD_NAME.test(cloud)) {
      throw new PaCloudKitError({ field: 'cloud', value: props.cloud, rule: 'must be the name of an entry of clouds.yaml, e.g. "pa-cloud"' });
    }
    this.region = declareRegion(props.region, 'region');
    const expiresAt = checkCredentialsExpireAt(props.credentialsExpireAt, 'credentialsExpireAt');
    checkCentralTenants(props.tenants, 'tenants', aggregatorCode, this.region, 'the central log container');
    if (props.offsiteRegion !== undefined) {
      this.offsiteRegion = declareRegion(props.offsiteRegion, 'offsiteRegion');
      if (this.offsiteRegion.name === this.region.name) {
        throw new PaCloudKitError({
          field: 'offsiteRegion.name',
          value: this.offsiteRegion.name,
          rule: `must differ from region.name "${this.region.name}": an off-site copy lives in another region`,
          control: 'ACN-BCK-04',
        });
      }
      const offsite = this.offsiteRegion;
      props.tenants.forEach((t, i) => checkRegion(t.policy, offsite, `tenants[${i}].policy`, `the off-site copy of the central log container of ${t.identity.ipaCode}`));
    }
    const containerSync = this.offsiteRegion === undefined ? undefined : checkContainerSync(props.containerSync, 'containerSync', this.offsiteRegion.name);
    const objectStore = props.objectStoreServiceType === undefined ? DEFAULT_SERVICE_TYPES.objectStore : checkServiceType(props.objectStoreServiceType, 'objectStoreServiceType');
    if (props.localStatePath !== undefined) {
      if (typeof props.localStatePath !== 'string' || !/^[^\s"$\\]+\.tfstate$/.test(props.localStatePath)) {
        throw new PaCloudKitError({ field: 'localStatePath', value: props.localStatePath, rule: 'must be a path ending in .tfstate, without spaces, quotes, backslashes or $, e.g. "../../../../terraform-state/pa-central.tfstate"' });
      }
      this.localStatePath = props.localStatePath;
    }
    props.tenants.forEach((t) => {
      if (!t.policy.settings.offsiteBackupCopy) return;
      // As in the tenants' own log archive: the off-site obligation and its escape are ACN-BCK-04's.
      t.policy.requireOrAcknowledged('ACN-BCK-04', this.offsiteRegion !== undefined, {
        field: 'offsiteRegion',
        value: props.offsiteRegion,
        rule: `the central log container of ${t.policy.classification === 'ordinario' ? 'an' : 'a'} ${t.policy.classification} tenant (${t.identity.ipaCode}) must be synced to an off-site region (ABSC-LOG-03)`,
      });
    });
    this.identity = TenantIdentity.of({
      ipaCode: aggregatorCode,
      name: props.aggregator.name,
      classification: strictestClassification(props.tenants),
      qualification: props.aggregator.qualification,
      owner: props.aggregator.owner,
      incidentContact: props.aggregator.incidentContact,
    }, 'aggregator');
    for (const t of props.tenants) t.policy.assertQualification(this.identity.qualification, 'aggregator.qualification');
    // The same 60-character limit as the tenants' tags, checked on the aggregator's identity.
    openStackTagStrings(this.identity, 'aggregator');
    this.metadata = centralStackMetadata(this.identity, this.region.name, {
      regions: [this.region, ...(this.offsiteRegion ? [this.offsiteRegion] : [])].map((r) => ({ name: r.name, country: r.country })),
    });
    const identityMetadata = Object.fromEntries(Object.entries(this.identity.tags()).map(([k, v]) => [k.replace(/:/g, '-'), v]));

    new OpenstackProvider(this, 'openstack', { cloud, region: this.region.name });
    let scopeAddress: string | undefined;
    if (this.offsiteRegion) {
      const authScope = new DataOpenstackIdentityAuthScopeV3(this, 'Scope', { name: 'current' });
      authScope.overrideLogicalId('scope');
      scopeAddress = `data.${DataOpenstackIdentityAuthScopeV3.tfResourceType}.scope`;
    }
    this.targets = props.tenants.map((t) => {
      const code = t.identity.ipaCode;
      const containerName = centralLogContainerName(t.identity.slug);
      const metadata = { ...identityMetadata, 'pa-log-source': code };
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
        name: `pa-central-logs-writer-${t.identity.slug}`,
        description: `pa-cloud-kit central log writer of ${code} for ${aggregatorCode}: PUT objects into ${containerName} only`,
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

  /** The Terraform JSON of the stack, with the kit's metadata in the top-level `"//"` object. */
  public override toTerraform(): any {
    const tf = super.toTerraform();
    tf['//'] = { ...(tf['//'] ?? {}), [TERRAFORM_METADATA_KEY]: this.metadata };
    return tf;
  }

  /**
   * State stays local in `terraform.<stack>.tfstate` unless the user adds a backend, with a path
   * relative to the stack's directory (as the tenants' stacks do), so the JSON does not depend
   * on the machine that synthesized it.
   */
  public override ensureBackendExists(): ReturnType<TerraformStack['ensureBackendExists']> {
    if (this.node.findAll().some((c) => LocalBackend.isBackend(c))) return super.ensureBackendExists();
    return new LocalBackend(this, { path: this.localStatePath ?? `../../../terraform.${this.node.id}.tfstate` });
  }
}

/** The region with its country, its errors naming `<field>.name` / `<field>.country`. */
function declareRegion(region: OpenStackRegionProps, field: string): Region {
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

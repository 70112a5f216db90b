/**
 * The landing zone of one PA tenant on OpenStack, as one Terraform stack: the provider pinned to
 * terraform-provider-openstack 3.4.0, the network, the log archive and the backup scheduler, the
 * mandatory tags on every taggable resource and the kit's metadata for the compliance engine.
 */
import { Construct } from 'constructs';
import {
  Acknowledgement,
  CloudProvider,
  CompliancePolicy,
  NETWORK_TIERS,
  NetworkTier,
  OpenStackRegionProps,
  PaCloudKitError,
  PolicyOverride,
  Region,
  RegionCatalogue,
  TenantIdentity,
  TenantIdentityProps,
  TenantPlan,
} from '../core';
import { LandingZoneBackup } from './backup';
import { LandingZoneLogging } from './logging';
import { MandatoryTags, landingZoneMetadata, openStackTagStrings, PaCloudKitMetadata } from './metadata';
import { LandingZoneNetwork, LandingZoneVpnProps } from './network';
import { Annotations, Aspects, TerraformOutput } from './private/cdktf';
import { ContainerSyncRealm, checkContainerSync } from './container-sync';
import { QuotaNeeds, backupsPerVolume } from './quotas';
import { resolveServiceTypes } from './service-types';
import { KitTerraformStack } from './private/kit-stack';
import { OpenStackLandingZoneSettings, checkCloudName, checkOpenStackSettings, checkVolumeTypeName } from './settings';

/** Properties of {@link LandingZone}. */
export interface LandingZoneProps extends OpenStackLandingZoneSettings {
  /** The PA: codice IPA, name, classification, declared qualification, owner, incident contact, aggregator. */
  readonly tenant: TenantIdentityProps | TenantIdentity;
  /** The provider region and the country of its data centres (ACN-LOC-01). */
  readonly region: OpenStackRegionProps;
  /**
   * The region of the off-site copies (log container sync, backups), with its country.
   * Required for critico and strategico unless ACN-BCK-04 is acknowledged.
   * @default - no off-site copy
   */
  readonly backupRegion?: OpenStackRegionProps;
  /**
   * Swift container sync to `backupRegion` in the realm form: the realm of the provider's
   * `container-sync-realms.conf` and the cluster of the backup region in it. The log archive and
   * the backup container sync to `//<realm>/<cluster>/AUTH_<project id>/<container>-offsite`;
   * only those off-site copies are versioned (Swift refuses versioning on a sync source).
   * Required with `backupRegion`.
   * @default - none (no off-site copy)
   */
  readonly containerSync?: ContainerSyncRealm;
  /**
   * Where Terraform keeps the state when the stack has no backend of its own: a path relative to
   * the stack's directory (`<outdir>/stacks/<stack>`). The state holds the application
   * credentials' secrets: keep it out of the synthesized output folder, which is published.
   * @default '../../../terraform.<stack>.tfstate', next to the app's output folder
   */
  readonly localStatePath?: string;
  /** The tenant's IPv4 range, /16 to /24 (e.g. `10.20.0.0/16`). */
  readonly cidr: string;
  /**
   * Changes to the kit defaults of the class. A weakening override needs a reason and leaves a
   * warning naming the control.
   * @default - the kit defaults of the class
   */
  readonly overrides?: readonly PolicyOverride[];
  /**
   * Controls the PA knowingly does not meet, each with a reason; recorded in the metadata.
   * @default - none
   */
  readonly acknowledgements?: readonly Acknowledgement[];
  /**
   * VPNaaS site connection for administrators; its pre-shared key is the sensitive Terraform
   * variable `vpn_psk` (or `vpn.pskVariableName`), set at apply time. The VPN router's gateway
   * has SNAT off (`enable_snat = false`), which Neutron's default policy reserves to
   * administrators: give `vpn.providerRouterId`, a router the provider created in the project
   * with SNAT off (the construction a project member can apply), or the kit creates the router,
   * which applies only where the provider lets the project set `enable_snat`.
   * @default - no VPN
   */
  readonly vpn?: LandingZoneVpnProps;
  /**
   * The provider's volume type with encryption whose keys the PA controls (Barbican or HSM
   * backed), for workload volumes (ACN-KMS-01, ACN-KMS-02). Required for critico unless
   * ACN-KMS-02 is acknowledged, and for strategico.
   * @default - none declared (ordinario)
   */
  readonly encryptedVolumeType?: string;
}

/** Where the stack's field names start in error messages. */
const FIELD = 'LandingZoneProps';

/**
 * One PA tenant's landing zone on OpenStack: a Terraform stack per tenant.
 *
 * Synthesis is deterministic (no timestamps, no random values): the same props always give the
 * same Terraform JSON.
 */
export class LandingZone extends KitTerraformStack {
  /** What the kit decided for the tenant: identity, policy, region, keys, off-site target, warnings. */
  public readonly plan: TenantPlan;
  public readonly tenant: TenantIdentity;
  public readonly policy: CompliancePolicy;
  /** The provider region, checked against the class. */
  public readonly region: Region;
  /** The off-site region, checked against the class, when given. */
  public readonly backupRegion?: Region;
  public readonly network: LandingZoneNetwork;
  public readonly logging: LandingZoneLogging;
  public readonly backup: LandingZoneBackup;
  /** The declared encrypted volume type, for workload volumes. */
  public readonly encryptedVolumeType?: string;
  /** What the stack writes at `"//"["pa-cloud-kit"]`. */
  public readonly metadata: PaCloudKitMetadata;
  /** The project quotas the landing zone needs (also in the metadata). */
  public readonly quotas: QuotaNeeds;

  constructor(scope: Construct, id: string, props: LandingZoneProps) {
    super(scope, id);
    // The provider's settings, by the rules the config loader applies too.
    checkOpenStackSettings(props);
    const cloud = checkCloudName(props.cloud);
    if (props.encryptedVolumeType !== undefined) this.encryptedVolumeType = checkVolumeTypeName(props.encryptedVolumeType, 'encryptedVolumeType');

    // Regions: declared with their country (an OpenStack region name says nothing of where it is).
    const catalogue = declareRegions([props.region, ...(props.backupRegion ? [props.backupRegion] : [])], props.backupRegion !== undefined);
    this.plan = TenantPlan.of({
      tenant: props.tenant,
      overrides: props.overrides,
      acknowledgements: props.acknowledgements,
      region: catalogue.get(CloudProvider.OPENSTACK, props.region.name, 'region.name'),
      keys: { purposes: ['encryptedVolumeType'], held: this.encryptedVolumeType === undefined ? [] : ['encryptedVolumeType'] },
      offsite: props.backupRegion ? { region: catalogue.get(CloudProvider.OPENSTACK, props.backupRegion.name, 'backupRegion.name') } : undefined,
      fields: {
        policy: FIELD,
        region: 'region.name',
        keys: 'encryptedVolumeType',
        keysHint: 'name the provider\'s encrypted volume type (Barbican or HSM backed)',
        keysWarning: 'no encrypted volume type declared for',
        offsite: 'backupRegion',
        offsiteRegion: 'backupRegion.name',
        offsiteHint: 'give backupRegion, another region of the provider, with its country',
      },
    });
    this.tenant = this.plan.identity;
    this.policy = this.plan.policy;
    this.region = this.plan.region;
    this.backupRegion = this.plan.offsite?.region;
    const policy = this.policy;
    const tags = openStackTagStrings(this.tenant, 'tenant');

    const containerSync = this.backupRegion === undefined ? undefined : checkContainerSync(props.containerSync, 'containerSync', this.backupRegion.name);
    const serviceTypes = resolveServiceTypes(props.serviceTypes);
    this.useLocalStatePath(props.localStatePath, '../../../../terraform-state/palz-c-h501.tfstate');

    // ---- Resources ---------------------------------------------------------------------------
    this.addProvider(cloud, this.region.name);
    this.network = new LandingZoneNetwork(this, 'Network', {
      tenant: this.tenant,
      policy,
      cidr: props.cidr,
      externalNetworkName: props.externalNetworkName,
      fwaas: props.fwaas,
      vpn: props.vpn,
      dnsNameservers: props.dnsNameservers,
      managementProxy: props.managementProxy,
      ntpServers: props.ntpServers,
    });
    const timeSource = this.network.ntpServers[0];
    if (timeSource === undefined) {
      Annotations.of(this).addWarning('[GAR-LOG-01] no ntpServers: the management tier (backup scheduler) and the data tier have no route to INRiM and no time source they can reach; give the provider\'s NTP server addresses');
    }
    this.logging = new LandingZoneLogging(this, 'Logging', {
      tenant: this.tenant,
      policy,
      region: this.region.name,
      offsiteRegion: this.backupRegion?.name,
      containerSync,
      objectStoreServiceType: serviceTypes.objectStore,
      credentialsExpireAt: props.credentialsExpireAt,
      timeSource,
    });
    // The scheduler's NIC carries the management group by ID, after its rules and routes exist.
    const schedulerPort = this.network.addPort(this, 'SchedulerPort', NetworkTier.MANAGEMENT, `${this.tenant.slug}-backup-scheduler`);
    this.backup = new LandingZoneBackup(this, 'Backup', {
      tenant: this.tenant,
      policy,
      region: this.region.name,
      offsiteRegion: this.backupRegion?.name,
      containerSync,
      blockStorageServiceType: serviceTypes.blockStorage,
      objectStoreServiceType: serviceTypes.objectStore,
      managementPortId: schedulerPort.id,
      dependsOn: [schedulerPort, ...this.network.dependenciesOf(NetworkTier.MANAGEMENT)],
      timeSource,
      managementNetworkId: this.network.networkIds.management,
      managementSecurityGroupName: this.network.securityGroupNames.management,
      archiveContainerName: this.logging.containerName,
      imageName: props.schedulerImageName,
      flavorName: props.schedulerFlavorName,
      httpProxy: props.managementProxy,
      credentialsExpireAt: props.credentialsExpireAt,
      // Restore tests restore into a volume of the encrypted type, like the workload's volumes.
      restoreVolumeType: this.encryptedVolumeType,
      // The scheduler is a host like any other: it ships its own logs to the archive (GAR-LOG-01).
      logShipping: this.logging.hostLogShipping({ httpProxy: props.managementProxy }),
    });

    Aspects.of(this).add(new MandatoryTags(tags));
    for (const warning of this.plan.warnings) Annotations.of(this).addWarning(warning);
    this.quotas = {
      backupsPerVolume: backupsPerVolume(policy),
      restoreScratchVolumes: 1,
      securityGroups: NETWORK_TIERS.length,
      securityGroupRules: this.network.securityGroupRuleCount,
      networks: NETWORK_TIERS.length,
      subnets: NETWORK_TIERS.length,
      routers: 2 + (props.vpn !== undefined && props.vpn.providerRouterId === undefined ? 1 : 0),
    };
    this.metadata = { ...landingZoneMetadata(this.plan, this.encryptedVolumeType), quotas: this.quotas };
    this.addOutputs();
  }

  private addOutputs(): void {
    const output = (name: string, value: string, description: string) => {
      new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);
    };
    for (const tier of NETWORK_TIERS) {
      output(`${tier}_network_id`, this.network.networkIds[tier], `Network of the ${tier} tier`);
      output(`${tier}_subnet_id`, this.network.subnetIds[tier], `Subnet of the ${tier} tier (${this.network.subnetCidrs[tier]})`);
      output(`${tier}_security_group_id`, this.network.securityGroupIds[tier], `Security group of the ${tier} tier`);
    }
    output('router_id', this.network.routerId, 'Router of the public and private tiers');
    output('archive_container_name', this.logging.containerName, 'Log archive container');
    output('scheduler_instance_id', this.backup.schedulerInstanceId, 'Backup scheduler instance');
    if (this.encryptedVolumeType) {
      output('encrypted_volume_type', this.encryptedVolumeType, 'Volume type for workload volumes (keys under the PA\'s control)');
    }
  }
}

/** A catalogue with the declared OpenStack regions; errors name `region` / `backupRegion`. */
function declareRegions(regions: readonly OpenStackRegionProps[], hasBackup: boolean): RegionCatalogue {
  const names = hasBackup ? ['region', 'backupRegion'] : ['region'];
  try {
    return RegionCatalogue.standard().withOpenStackRegions(regions, 'regions');
  } catch (e) {
    if (!(e instanceof PaCloudKitError)) throw e;
    const field = e.field.replace(/^regions\[(\d)\]/, (_m, i: string) => names[Number(i)]);
    throw new PaCloudKitError({ field, value: e.value, rule: e.rule, control: e.control });
  }
}

import { Construct } from 'constructs';
import { CompliancePolicy, Duration, PaCloudKitError, TenantIdentity } from '../core';
import { BACKUP_VOLUME_PROPERTY } from './cloud-init/backup-script';
import { identityUrlExpression } from './cloud-init/endpoints';
import { containerMetadata } from './cloud-init/inputs';
import { checkCredentialsExpireAt } from './settings';
import { HostLogShipping } from './cloud-init/log-shipper';
import { renderSchedulerCloudInit } from './cloud-init/scheduler';
import { checkSafeName } from './cloud-init/shell';
import { ComputeInstanceV2 } from './generated/compute-instance-v2';
import { DataOpenstackIdentityAuthScopeV3 } from './generated/data-openstack-identity-auth-scope-v3';
import { IdentityApplicationCredentialV3 } from './generated/identity-application-credential-v3';
import { ObjectstorageContainerV1 } from './generated/objectstorage-container-v1';
import { Annotations } from './private/cdktf';
import { offsiteContainer } from './private/offsite-container';
import { ContainerSyncRealm, checkContainerSync } from './container-sync';
import { checkServiceType, DEFAULT_SERVICE_TYPES } from './service-types';
import type { ITerraformDependable } from './private/cdktf';

export { BACKUP_VOLUME_PROPERTY };

/** Props of {@link LandingZoneBackup}. */
export interface LandingZoneBackupProps {
  /** The tenant: names, tags and the restore-test evidence. */
  readonly tenant: TenantIdentity;
  /** The tenant's compliance policy: frequencies, retentions, off-site copy, restore cadence. */
  readonly policy: CompliancePolicy;
  /** The region of the volumes, backups and scheduler. */
  readonly region: string;
  /**
   * The allowed region that receives the off-site copy (sync of the backup container). Required
   * for critico and strategico unless ACN-BCK-04 is acknowledged; used for ordinario when given.
   * @default - no off-site copy
   */
  readonly offsiteRegion?: string;
  /**
   * The Swift container sync realm and the off-site region's cluster in it: the backup container
   * syncs to `//<realm>/<cluster>/AUTH_<project>/<name>-offsite`. Required with `offsiteRegion`.
   * @default - none (no off-site sync)
   */
  readonly containerSync?: ContainerSyncRealm;
  /**
   * Catalog service type of Swift, used in the credential's access rules.
   * @default 'object-store'
   */
  readonly objectStoreServiceType?: string;
  /**
   * A port on the management subnet carrying the management security group by ID
   * (`LandingZoneNetwork.addPort`): the scheduler attaches to it instead of
   * `managementNetworkId` with the group by name.
   * @default - a NIC on `managementNetworkId` with `managementSecurityGroupName`
   */
  readonly managementPortId?: string;
  /**
   * What the scheduler instance is created after (its subnet, security group and rules, the
   * routing: `LandingZoneNetwork.dependenciesOf('management')`).
   * @default - nothing beyond the references in its arguments
   */
  readonly dependsOn?: ITerraformDependable[];
  /** The management network the scheduler runs on (no floating IP). */
  readonly managementNetworkId: string;
  /** The management tier's security group, applied to the scheduler. */
  readonly managementSecurityGroupName: string;
  /** The log archive container: restore-test evidence and backup records are written there. */
  readonly archiveContainerName: string;
  /**
   * Image of the scheduler (Debian: the client comes from the `python3-openstackclient` package).
   * @default 'Debian 12'
   */
  readonly imageName?: string;
  /**
   * Flavor of the scheduler.
   * @default 'm1.small'
   */
  readonly flavorName?: string;
  /** Expiry of the scheduler's application credential, ISO 8601 date-time with offset. */
  readonly credentialsExpireAt: string;
  /**
   * How often a full backup is taken; the backups in between are incremental.
   * @default Duration.days(7)
   */
  readonly fullBackupEvery?: Duration;
  /**
   * Catalog service type of Cinder, used in the credential's access rules.
   * @default 'block-storage'
   */
  readonly blockStorageServiceType?: string;
  /**
   * Volume type of the restore test's scratch volume: the provider's encrypted volume type
   * (`LandingZone`'s `encryptedVolumeType`). The restore test fails when a scratch volume of this
   * type is not encrypted.
   * @default - the volume type of the backed-up volume
   */
  readonly restoreVolumeType?: string;
  /**
   * HTTP proxy for the package mirror and the OpenStack APIs when the management network has no
   * route to them.
   * @default - direct connections
   */
  readonly httpProxy?: string;
  /**
   * The provider's NTP server, before the INRiM servers in the scheduler's chrony configuration.
   * @default - none: only the policy's time sources (INRiM)
   */
  readonly timeSource?: string;
  /**
   * The log archive's host log shipping (`LandingZoneLogging.hostLogShipping()`), merged into
   * the scheduler's cloud-init so that the scheduler ships its own journald and audit logs like
   * every other host (GAR-LOG-01) and keeps time with chrony on INRiM.
   * @default - none: the scheduler ships no logs of its own, and a warning naming GAR-LOG-01 is
   *   left on the construct
   */
  readonly logShipping?: HostLogShipping;
}

/**
 * Volume backups of an OpenStack landing zone (ABSC-BCK-01/02/03, ACN-BCK-04).
 *
 * No Terraform resource creates Cinder backups, so the kit provisions a scheduler:
 * - `BackupContainer`: the Swift container backups are written to (`--container`), never
 *   destroyed by Terraform, versioned; with an off-site region, synced instead (realm form,
 *   `containerSync`) to the versioned `OffsiteBackupContainer` there, since Swift refuses
 *   versioning on a sync source (sync key: the sensitive Terraform variable `volume_backup_sync_key`).
 * - `SchedulerCredential`: an application credential whose access rules allow only the Cinder
 *   calls of the backup script, object PUT into the log archive, and the backup container.
 * - `Scheduler`: a small instance on the management network, no floating IP, whose cloud-init
 *   installs the OpenStack client (and, with `logShipping`, the log archive's shipper, so its
 *   own logs reach the archive) and a systemd timer at the class backup frequency running the
 *   script rendered from the policy ({@link script}): backups of volumes with the property
 *   `pa-backup=true` (full weekly, incremental otherwise), pruning to the daily and monthly
 *   retention, backup records archived for the off-site region, restore tests at the class
 *   cadence with JSON evidence in the log archive.
 */
export class LandingZoneBackup extends Construct {
  /** Name of the Terraform variable that holds the backup container's sync key (sensitive). */
  public static readonly SYNC_KEY_VARIABLE = 'volume_backup_sync_key';

  /** ID of the scheduler instance. */
  public readonly schedulerInstanceId: string;
  /** The backup script the scheduler runs, rendered from the policy. */
  public readonly script: string;
  /** The systemd `OnCalendar=` schedule of the backup timer. */
  public readonly schedule: string;
  /** Name of the container the backups are written to. */
  public readonly backupContainerName: string;
  /** Name of the off-site backup container, when there is an off-site copy. */
  public readonly offsiteBackupContainerName?: string;
  /** ID of the scheduler's application credential. */
  public readonly schedulerCredentialId: string;
  /** The scheduler instance. */
  public readonly scheduler: ComputeInstanceV2;

  constructor(scope: Construct, id: string, props: LandingZoneBackupProps) {
    super(scope, id);
    const { tenant, policy } = props;
    const region = checkSafeName(props.region, 'region');
    const archive = checkSafeName(props.archiveContainerName, 'archiveContainerName');
    const expiresAt = checkCredentialsExpireAt(props.credentialsExpireAt, 'credentialsExpireAt');
    const serviceType = props.blockStorageServiceType ?? 'block-storage';
    if (!/^[a-z][a-z0-9-]*$/.test(serviceType)) {
      throw new PaCloudKitError({ field: 'blockStorageServiceType', value: serviceType, rule: 'must be a catalog service type such as "block-storage" or "volumev3"' });
    }
    for (const [field, value] of [['managementNetworkId', props.managementNetworkId], ['managementSecurityGroupName', props.managementSecurityGroupName]] as const) {
      if (typeof value !== 'string' || value.trim() === '') {
        throw new PaCloudKitError({ field, value, rule: 'must be a non-empty string' });
      }
    }
    if (props.imageName !== undefined && props.imageName.trim() === '') {
      throw new PaCloudKitError({ field: 'imageName', value: props.imageName, rule: 'must be a non-empty image name' });
    }
    if (props.flavorName !== undefined && props.flavorName.trim() === '') {
      throw new PaCloudKitError({ field: 'flavorName', value: props.flavorName, rule: 'must be a non-empty flavor name' });
    }
    const offsiteRegion = props.offsiteRegion === undefined ? undefined : checkSafeName(props.offsiteRegion, 'offsiteRegion');
    const containerSync = offsiteRegion === undefined ? undefined : checkContainerSync(props.containerSync, 'containerSync', offsiteRegion);
    const objectStore = props.objectStoreServiceType === undefined ? DEFAULT_SERVICE_TYPES.objectStore : checkServiceType(props.objectStoreServiceType, 'objectStoreServiceType');
    if (policy.settings.offsiteBackupCopy) {
      policy.requireOrAcknowledged('ACN-BCK-04', offsiteRegion !== undefined, {
        field: 'offsiteRegion',
        value: offsiteRegion,
        rule: `${policy.classification} backups need an off-site copy in another allowed region`,
      });
    }

    const authScope = new DataOpenstackIdentityAuthScopeV3(this, 'Scope', { name: 'current' });
    const scopeAddress = `data.${DataOpenstackIdentityAuthScopeV3.tfResourceType}.${authScope.friendlyUniqueId}`;
    this.backupContainerName = `${tenant.slug}-volume-backups`;

    const metadata = containerMetadata(tenant);
    const offsite = offsiteRegion === undefined || containerSync === undefined ? undefined : offsiteContainer(this, {
      constructId: 'OffsiteBackupContainer',
      sourceName: this.backupContainerName,
      offsiteRegion,
      variableName: LandingZoneBackup.SYNC_KEY_VARIABLE,
      scopeAddress,
      containerSync,
      metadata,
    });
    this.offsiteBackupContainerName = offsite?.name;
    const sync = offsite?.sync;
    const offsiteContainerResource = offsite?.container;

    new ObjectstorageContainerV1(this, 'BackupContainer', {
      name: this.backupContainerName,
      region,
      versioning: true,
      forceDestroy: false,
      metadata,
      ...sync,
      dependsOn: offsiteContainerResource ? [offsiteContainerResource] : undefined,
      lifecycle: { preventDestroy: true },
    });

    const credential = new IdentityApplicationCredentialV3(this, 'SchedulerCredential', {
      name: `${tenant.slug}-backup-scheduler`,
      description: `pa-cloud-kit backup scheduler of ${tenant.ipaCode}: volume backups, restore tests, evidence in ${archive}`,
      unrestricted: false,
      expiresAt,
      accessRules: schedulerAccessRules({ blockStorageServiceType: serviceType, objectStoreServiceType: objectStore, backupContainer: this.backupContainerName, archiveContainer: archive })
        .map(({ service, method, path }) => ({ service, method, path })),
    });
    this.schedulerCredentialId = credential.id;

    const setup = renderSchedulerCloudInit(policy, {
      tenant,
      region,
      offsiteRegion,
      backupContainerName: this.backupContainerName,
      archiveContainerName: archive,
      fullBackupEvery: props.fullBackupEvery,
      restoreVolumeType: props.restoreVolumeType,
      authUrl: identityUrlExpression(scopeAddress),
      credentialId: credential.id,
      credentialSecret: credential.secret,
      httpProxy: props.httpProxy,
      timeSource: props.timeSource,
      logShipping: props.logShipping,
    });
    if (props.logShipping === undefined) {
      Annotations.of(this).addWarning('[GAR-LOG-01] the backup scheduler ships no logs of its own: pass logShipping (LandingZoneLogging.hostLogShipping()) or install another log shipper');
    }
    this.script = setup.script;
    this.schedule = setup.onCalendar;

    this.scheduler = new ComputeInstanceV2(this, 'Scheduler', {
      name: `${tenant.slug}-backup-scheduler`,
      region,
      imageName: props.imageName ?? 'Debian 12',
      flavorName: props.flavorName ?? 'm1.small',
      // With a port, the management group is referenced by ID on the port.
      network: [props.managementPortId !== undefined ? { port: props.managementPortId } : { uuid: props.managementNetworkId }],
      securityGroups: props.managementPortId !== undefined ? undefined : [props.managementSecurityGroupName],
      dependsOn: props.dependsOn,
      userData: setup.userData,
      // The user data (with the credential) reaches the instance on the config drive, a device
      // only root reads; the management security group gives no egress to the metadata service,
      // which would serve the user data to every local process.
      configDrive: true,
      tags: tenant.tagStrings(),
      metadata: { 'pa-role': 'backup-scheduler' },
    });
    this.schedulerInstanceId = this.scheduler.id;
  }
}

/** One access rule of an application credential: a service type, an HTTP method and a path pattern. */
export interface SchedulerAccessRule {
  readonly service: string;
  readonly method: string;
  readonly path: string;
  /** Why the scheduler needs it (documentation; not sent to Keystone). */
  readonly why: string;
}

/**
 * The scheduler credential's access rules: exactly the calls of the backup script (and the calls
 * the `openstack` client makes to look resources up before them), each with why. Paths are
 * matched by keystonemiddleware against the request path: `*` matches one path segment, `**` any
 * number. Cinder paths are `/v3/{project_id}/...`, Nova's `/v2.1/...`, Swift's
 * `/v1/AUTH_{project_id}/...`; the catalog service types differ between clouds.
 */
export function schedulerAccessRules(options: {
  readonly blockStorageServiceType: string;
  readonly computeServiceType?: string;
  readonly objectStoreServiceType?: string;
  readonly backupContainer: string;
  readonly archiveContainer: string;
}): SchedulerAccessRule[] {
  const block = options.blockStorageServiceType;
  const compute = options.computeServiceType ?? 'compute';
  const swift = options.objectStoreServiceType ?? 'object-store';
  const cinder = (method: string, path: string, why: string) => ({ service: block, method, path: `/v3/*${path}`, why });
  const nova = (method: string, path: string, why: string) => ({ service: compute, method, path: `/v2.1${path}`, why });
  const object = (method: string, path: string, why: string) => ({ service: swift, method, path: `/v1/*${path}`, why });
  const bc = options.backupContainer;
  return [
    cinder('GET', '/volumes/detail', 'volume list --long: the volumes whose property pa-backup is true'),
    cinder('GET', '/volumes/*', 'volume show: status of the scratch volume; the client looks the volume up before backup list, backup create and restore'),
    cinder('POST', '/volumes', 'volume create: the scratch volume of the restore test (encrypted volume type)'),
    cinder('DELETE', '/volumes/*', 'volume delete: the scratch volume, after the script checked it is the one it created'),
    cinder('GET', '/backups/detail', 'volume backup list --volume: one listing per volume per run'),
    cinder('GET', '/backups/*', 'volume backup show: waiting for a new backup; the client looks the backup up before restore'),
    cinder('POST', '/backups', 'volume backup create: full or incremental backups'),
    cinder('DELETE', '/backups/*', 'volume backup delete: pruning to the retention'),
    cinder('POST', '/backups/*/restore', 'volume backup restore: the restore test'),
    nova('GET', '/servers/*', 'server add/remove volume: the client looks the scheduler instance up'),
    nova('POST', '/servers/*/os-volume_attachments', 'server add volume: attach the scratch volume to the scheduler to read it'),
    nova('DELETE', '/servers/*/os-volume_attachments/*', 'server remove volume: detach the scratch volume'),
    // Cinder's Swift backup driver writes, reads and deletes the backup objects with the caller's
    // token unless the provider configured service tokens.
    object('HEAD', `/${bc}`, 'Cinder backup driver: the backup container exists'),
    object('PUT', `/${bc}`, 'Cinder backup driver: creates the backup container when missing'),
    object('GET', `/${bc}`, 'object list: the sha256 list of the backup under test (restore test)'),
    object('GET', `/${bc}/**`, 'object save: the sha256 list; Cinder backup driver: restore reads the backup objects'),
    object('HEAD', `/${bc}/**`, 'Cinder backup driver: object checks'),
    object('PUT', `/${bc}/**`, 'Cinder backup driver: writes the backup objects'),
    object('DELETE', `/${bc}/**`, 'Cinder backup driver: deletes the objects of a pruned backup'),
    object('PUT', `/${options.archiveContainer}/**`, 'object create: restore-test evidence and off-site backup records in the log archive'),
  ];
}

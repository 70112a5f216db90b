import { Construct } from 'constructs';
import { CompliancePolicy, PaCloudKitError, TenantIdentity } from '../core';
import { identityUrlExpression } from './cloud-init/endpoints';
import { HostLogShipping, hostLogShipping, renderHostCloudInit } from './cloud-init/log-shipper';

export type { HostLogShipping };
import { checkHostName, containerMetadata } from './cloud-init/inputs';
import { checkCredentialsExpireAt } from './settings';
import { checkSafeName } from './cloud-init/shell';
import { DataOpenstackIdentityAuthScopeV3 } from './generated/data-openstack-identity-auth-scope-v3';
import { IdentityApplicationCredentialV3 } from './generated/identity-application-credential-v3';
import { ObjectstorageContainerV1 } from './generated/objectstorage-container-v1';
import { offsiteContainer } from './private/offsite-container';
import { ContainerSyncRealm, checkContainerSync } from './container-sync';
import { checkServiceType, DEFAULT_SERVICE_TYPES } from './service-types';

/** Props of {@link LandingZoneLogging}. */
export interface LandingZoneLoggingProps {
  /** The tenant: names and metadata of the container and credential. */
  readonly tenant: TenantIdentity;
  /** The tenant's compliance policy: archive retention, time sources, off-site requirement. */
  readonly policy: CompliancePolicy;
  /** The region of the log archive container. */
  readonly region: string;
  /**
   * The allowed region the archive is synced to (Swift container sync). Required for critico and
   * strategico unless ACN-BCK-04 is acknowledged; used for ordinario when given.
   * @default - no off-site sync
   */
  readonly offsiteRegion?: string;
  /**
   * The Swift container sync realm and the off-site region's cluster in it (the provider's
   * `container-sync-realms.conf`): the archive syncs to `//<realm>/<cluster>/AUTH_<project>/<name>-offsite`.
   * Required with `offsiteRegion`.
   * @default - none (no off-site sync)
   */
  readonly containerSync?: ContainerSyncRealm;
  /**
   * The catalog service type of Swift, used in the shipper credential's access rule.
   * @default 'object-store'
   */
  readonly objectStoreServiceType?: string;
  /** Expiry of the log shipper's application credential, ISO 8601 date-time with offset, e.g. `2027-06-30T00:00:00Z`. */
  readonly credentialsExpireAt: string;
  /**
   * The provider's NTP server, written before the INRiM servers into hosts' chrony configuration.
   * @default - none: only the policy's time sources (INRiM)
   */
  readonly timeSource?: string;
}

/**
 * The log archive of an OpenStack landing zone (ABSC-LOG-03, LOG-RET-04, LOG-INT-05, GAR-LOG-01).
 *
 * - A Swift container (`ArchiveContainer`) with versioning (unless it is a sync source), no read ACL, never destroyed by
 *   Terraform (`force_destroy = false`, `prevent_destroy`).
 * - An application credential for log shippers (`ShipperCredential`) whose only access rule is
 *   PUT of objects into that container: shippers cannot read, list or delete logs, so workloads
 *   holding it cannot either. It expires at `credentialsExpireAt`.
 * - When an off-site region is given (required for critico and strategico, ACN-BCK-04), a second
 *   container there (`OffsiteContainer`, versioned) and container sync to it in the realm form
 *   `//<realm>/<cluster>/AUTH_<project id>/<name>-offsite` (`containerSync`). Swift refuses
 *   object versioning on a sync source, so the archive itself is then not versioned: the
 *   versions are kept by the off-site copy. The sync key is the sensitive Terraform variable
 *   `log_archive_sync_key`, never in the synthesized JSON.
 * - {@link hostCloudInit}: the cloud-init fragment hosts use to ship journald and audit logs with
 *   the class archive retention as object expiry, and to keep time with chrony (INRiM).
 */
export class LandingZoneLogging extends Construct {
  /** Name of the Terraform variable that holds the container sync key (sensitive). */
  public static readonly SYNC_KEY_VARIABLE = 'log_archive_sync_key';

  /** Name of the log archive container. */
  public readonly containerName: string;
  /** ID of the log shipper's application credential. */
  public readonly shipperCredentialId: string;
  /** Name of the off-site container, when the archive is synced. */
  public readonly offsiteContainerName?: string;
  /** The archive container resource. */
  public readonly container: ObjectstorageContainerV1;
  /** The log shipper's application credential. */
  public readonly shipperCredential: IdentityApplicationCredentialV3;

  private readonly props: LandingZoneLoggingProps;
  private readonly authScope: DataOpenstackIdentityAuthScopeV3;

  constructor(scope: Construct, id: string, props: LandingZoneLoggingProps) {
    super(scope, id);
    const { tenant, policy } = props;
    const region = checkSafeName(props.region, 'region');
    const expiresAt = checkCredentialsExpireAt(props.credentialsExpireAt, 'credentialsExpireAt');
    if (props.timeSource !== undefined) checkHostName(props.timeSource, 'timeSource');
    const offsiteRegion = props.offsiteRegion === undefined ? undefined : checkSafeName(props.offsiteRegion, 'offsiteRegion');
    if (policy.settings.offsiteBackupCopy) {
      // The off-site obligation and its escape are ACN-BCK-04's; ABSC-LOG-03 (the archive
      // itself) cannot be acknowledged, and the same off-site region serves logs and backups.
      policy.requireOrAcknowledged('ACN-BCK-04', offsiteRegion !== undefined, {
        field: 'offsiteRegion',
        value: offsiteRegion,
        rule: `the log archive of ${policy.classification === 'ordinario' ? 'an' : 'a'} ${policy.classification} tenant must be synced to an off-site region (ABSC-LOG-03)`,
      });
    }
    if (offsiteRegion !== undefined && offsiteRegion === region) {
      throw new PaCloudKitError({ field: 'offsiteRegion', value: offsiteRegion, rule: `must differ from the region ${JSON.stringify(region)}`, control: 'ACN-BCK-04' });
    }
    const containerSync = offsiteRegion === undefined ? undefined : checkContainerSync(props.containerSync, 'containerSync', offsiteRegion);
    const objectStore = props.objectStoreServiceType === undefined ? DEFAULT_SERVICE_TYPES.objectStore : checkServiceType(props.objectStoreServiceType, 'objectStoreServiceType');
    this.props = props;

    this.authScope = new DataOpenstackIdentityAuthScopeV3(this, 'Scope', { name: 'current' });
    this.containerName = `${tenant.slug}-log-archive`;
    const metadata = containerMetadata(tenant);

    const offsite = offsiteRegion === undefined || containerSync === undefined ? undefined : offsiteContainer(this, {
      constructId: 'OffsiteContainer',
      sourceName: this.containerName,
      offsiteRegion,
      variableName: LandingZoneLogging.SYNC_KEY_VARIABLE,
      scopeAddress: this.scopeAddress,
      containerSync,
      metadata,
    });
    this.offsiteContainerName = offsite?.name;
    const sync = offsite?.sync;
    const offsiteContainerResource = offsite?.container;

    this.container = new ObjectstorageContainerV1(this, 'ArchiveContainer', {
      name: this.containerName,
      region,
      versioning: true,
      forceDestroy: false,
      metadata,
      ...sync,
      dependsOn: offsiteContainerResource ? [offsiteContainerResource] : undefined,
      lifecycle: { preventDestroy: true },
    });

    this.shipperCredential = new IdentityApplicationCredentialV3(this, 'ShipperCredential', {
      name: `${tenant.slug}-log-shipper`,
      description: `pa-cloud-kit log shipper of ${tenant.ipaCode}: PUT objects into ${this.containerName} only`,
      unrestricted: false,
      expiresAt,
      accessRules: [{ service: objectStore, method: 'PUT', path: `/v1/*/${this.containerName}/**` }],
    });
    this.shipperCredentialId = this.shipperCredential.id;
  }

  /**
   * The `#cloud-config` fragment for workload hosts, as a Terraform string for `user_data`: a
   * systemd timer that ships journald and audit logs to the archive every 15 minutes with the
   * write-only credential, each object expiring after the class archive retention, and chrony
   * on the provider's time source and INRiM.
   */
  public hostCloudInit(): string {
    return renderHostCloudInit({
      policy: this.props.policy,
      archiveContainerName: this.containerName,
      region: this.props.region,
      authUrl: identityUrlExpression(this.scopeAddress),
      credentialId: this.shipperCredential.id,
      credentialSecret: this.shipperCredential.secret,
      timeSource: this.props.timeSource,
    });
  }

  /**
   * The same log shipping and chrony as {@link hostCloudInit}, as parts to merge into another
   * host's `#cloud-config` (the backup scheduler's: `LandingZoneBackupProps.logShipping`).
   * @param options.httpProxy proxy through which the shipper reaches Keystone and Swift, for a
   *   host without a route to them (the management network)
   */
  public hostLogShipping(options: { readonly httpProxy?: string } = {}): HostLogShipping {
    return hostLogShipping({
      policy: this.props.policy,
      archiveContainerName: this.containerName,
      region: this.props.region,
      authUrl: identityUrlExpression(this.scopeAddress),
      credentialId: this.shipperCredential.id,
      credentialSecret: this.shipperCredential.secret,
      timeSource: this.props.timeSource,
      httpProxy: options.httpProxy,
    });
  }

  /** Address of the auth-scope data source in Terraform expressions. */
  private get scopeAddress(): string {
    return `data.${DataOpenstackIdentityAuthScopeV3.tfResourceType}.${this.authScope.friendlyUniqueId}`;
  }
}

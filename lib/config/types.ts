import type {
  Acknowledgement,
  AggregatorIdentity,
  Cidr,
  CloudProvider,
  CompliancePolicy,
  PolicyOverride,
  PolicySetting,
  Region,
  RegionCatalogue,
  TenantIdentity,
  TenantPlan,
} from '../core';
import type { AwsLandingZoneSettings } from '../aws/settings';
import type { OpenStackLandingZoneSettings } from '../openstack/settings';

/**
 * Keys held by the aggregator (ACN-KMS-02) for its AWS central services, in `aggregator.account`:
 * keys in an external key store (HYOK) or with imported material, one per purpose (ACN-KMS-01).
 * Every ARN is in a known region allowed for the strictest class among the AWS tenants, and in the
 * region of the central services of every critico and strategico AWS tenant (KMS keys are regional).
 */
export interface AggregatorKeys {
  /** ARN of the key of the central log archive buckets (the `existingArchiveKeyArn` of `AggregatorCentralAwsStack`). */
  readonly archiveKmsKeyArn: string;
  /** ARN of the key of the off-site backup vault (the `existingVaultKeyArn` of `AggregatorCentralAwsStack`). */
  readonly vaultKmsKeyArn: string;
}

/** The aggregator section, validated. */
export interface AggregatorConfig extends AggregatorIdentity {
  /** The codice IPA with `_` turned into `-`, used in resource names (e.g. the off-site vault). */
  readonly slug: string;
  /**
   * AWS: the aggregator's account, holding the central log archive and, by default, the vault that
   * receives off-site backup copies.
   * @default - none: each AWS tenant needs its own `backupCopy` when its class asks for an off-site copy
   */
  readonly account?: string;
  /**
   * AWS: the aggregator's own keys for the central services. Required when an AWS tenant is critico
   * or strategico: the central stack is judged at its strictest tenant class, and ACN-KMS-02 can be
   * acknowledged per tenant but not for the central services.
   * @default - none: the central stacks create customer-managed keys (only ordinario AWS tenants)
   */
  readonly keys?: AggregatorKeys;
  /** The office that owns the central services (tag `pa:owner` on them); defaults to the aggregator's name. */
  readonly owner: string;
  /** Where alerts and incident reports about the central services go (tag `pa:incident-contact`). */
  readonly incidentContact: string;
}

/**
 * The openstack section, validated. Its landing zone settings (`cloud`, `externalNetworkName`,
 * `credentialsExpireAt`, `managementProxy`, `schedulerImageName`, `schedulerFlavorName`, `fwaas`,
 * `ntpServers`, `serviceTypes`, `dnsNameservers`) are named as the props of the OpenStack
 * `LandingZone` and judged by the same rules (`pa-cloud-kit/openstack`'s `checkOpenStackSettings`);
 * every OpenStack tenant takes them.
 */
export interface OpenStackConfig extends Partial<OpenStackLandingZoneSettings> {
  /** The clouds.yaml entry with the credentials. */
  readonly cloud: string;
  /** The provider's external network the tenants' routers attach to. */
  readonly externalNetworkName: string;
  /** Every declared region, with its country, in file order. */
  readonly regions: readonly Region[];
  /** The default region of OpenStack tenants. */
  readonly region: Region;
  /**
   * The default region of off-site backup copies.
   * @default - none: critico and strategico tenants need `backupCopy.region`
   */
  readonly backupRegion?: Region;
  /**
   * The Swift container sync realm (`containerSync.realm` of the constructs).
   * @default - none: no container syncs off-site (the loader requires it otherwise)
   */
  readonly containerSyncRealm?: string;
  /**
   * Each declared region's Swift cluster in the realm, by region name (`regions[].containerSyncCluster`).
   * @default - empty
   */
  readonly containerSyncClusters: Readonly<Record<string, string>>;
}

/**
 * Keys the PA holds (ACN-KMS-02) for an AWS tenant, one per purpose where given (ACN-KMS-01).
 * Every ARN is in the tenant's region and in a region allowed for its class.
 */
export interface AwsTenantKeys {
  /** ARN of the PA's KMS key for data, and the key of every purpose not given its own. */
  readonly kmsKeyArn: string;
  /**
   * ARN of the PA's KMS key for logs (trail, log groups, log archive). The loader always sets
   * it: `keys.logsKmsKeyArn` of the file, or `kmsKeyArn`.
   * @default - kmsKeyArn
   */
  readonly logsKmsKeyArn?: string;
  /**
   * ARN of the PA's KMS key for backups (the backup vault). The loader always sets it:
   * `keys.backupKmsKeyArn` of the file, or `kmsKeyArn`.
   * @default - kmsKeyArn
   */
  readonly backupKmsKeyArn?: string;
}

/** Keys the PA holds (ACN-KMS-02) for an OpenStack tenant. */
export interface OpenStackTenantKeys {
  /** The provider's encrypted volume type backed by the PA's keys (`encryptedVolumeType` of the OpenStack `LandingZone`). */
  readonly encryptedVolumeType: string;
}

/**
 * Where an AWS tenant's off-site backup copies go (ACN-BCK-04): a vault in another account or
 * another allowed region. The vault is named by convention, so every tenant of an aggregator copies
 * into the same vault `pa-<aggregator slug>-offsite` of the aggregator's account, in the tenant's
 * region unless `backupCopy.region` says otherwise.
 */
export interface AwsBackupCopyTarget {
  readonly account: string;
  readonly region: Region;
  readonly vaultName: string;
  /** `arn:<partition>:backup:<region>:<account>:backup-vault:<vaultName>`, ready for `LandingZoneBackup.copyTarget`. */
  readonly vaultArn: string;
}

/** Where an OpenStack tenant's off-site backup copies go (ACN-BCK-04): another declared region. */
export interface OpenStackBackupCopyTarget {
  /** The region, with its country. */
  readonly region: Region;
}

/**
 * An override of a kit default as written in the file, for the constructs' `overrides` prop: they
 * rebuild from it the same policy as `ResolvedTenant.policy`.
 */
export interface ConfigOverride extends PolicyOverride {
  /** The policy setting changed. */
  readonly setting: PolicySetting;
  /** The value as written in YAML: a text (duration, frequency, mode), true/false, or a list of texts (timeSources). */
  readonly value: string | boolean | readonly string[];
  /** Why, as written. */
  readonly reason: string;
}

/** An acknowledgement of a control as written in the file, for the constructs' `acknowledgements` prop. */
export interface ConfigAcknowledgement extends Acknowledgement {
  /** The control ID of the catalogue. */
  readonly control: string;
  /** Why, as written. */
  readonly reason: string;
}

/** What every resolved tenant has, whatever its provider. */
interface ResolvedTenantBase {
  /** Position of the tenant in the file's `tenants` list (0-based). */
  readonly index: number;
  /**
   * What the kit decided for the tenant (core's `TenantPlan`): `identity`, `policy`, `region` and
   * `warnings` below are its own, and the constructs and central stacks read the same plan.
   */
  readonly plan: TenantPlan;
  /** The validated identity: codice IPA, name, class, qualification, owner, incident contact, aggregator. */
  readonly identity: TenantIdentity;
  /** The compliance policy for the class, after the tenant's overrides and acknowledgements. */
  readonly policy: CompliancePolicy;
  /**
   * The tenant's overrides as written, in file order (empty when it has none): hand them to the
   * construct, with `acknowledgements`, to rebuild `policy`.
   */
  readonly overrides: readonly ConfigOverride[];
  /** The tenant's acknowledgements as written, in file order (empty when it has none). */
  readonly acknowledgements: readonly ConfigAcknowledgement[];
  /** The region of the tenant's data, with its country, allowed for the class. */
  readonly region: Region;
  /** The tenant's network range: its own `cidr`, or the block allocated from `defaults.networkPool`. */
  readonly cidr: Cidr;
  /** Whether the range was written in the file or allocated from the pool. */
  readonly cidrSource: 'declared' | 'pool';
  /**
   * Warnings, each starting with its control in brackets: the policy's (weakened kit defaults),
   * then the loader's (e.g. `[ACN-KMS-01]` when one PA key serves several purposes).
   */
  readonly warnings: readonly string[];
}

/** A tenant on AWS, resolved. */
export interface ResolvedAwsTenant extends ResolvedTenantBase {
  readonly provider: CloudProvider.AWS;
  /** The tenant's own AWS account. */
  readonly account: string;
  /**
   * Keys the PA holds.
   * @default - none: the kit creates customer-managed keys (ordinario, or critico with ACN-KMS-02 acknowledged)
   */
  readonly keys?: AwsTenantKeys;
  /**
   * The off-site copy target.
   * @default - none: ordinario without `backupCopy`, or ACN-BCK-04 acknowledged
   */
  readonly backupCopy?: AwsBackupCopyTarget;
  /**
   * The tenant's own landing zone settings (`availabilityZones`), for the AWS `LandingZone` as they
   * are: named and judged as its props (lib/aws/settings.ts).
   */
  readonly settings: Partial<AwsLandingZoneSettings>;
}

/** A tenant on OpenStack, resolved. */
export interface ResolvedOpenStackTenant extends ResolvedTenantBase {
  readonly provider: CloudProvider.OPENSTACK;
  /**
   * Keys the PA holds.
   * @default - none: the provider's default encryption (ordinario, or critico with ACN-KMS-02 acknowledged)
   */
  readonly keys?: OpenStackTenantKeys;
  /**
   * The off-site copy target.
   * @default - none: ordinario without `backupCopy`, or ACN-BCK-04 acknowledged
   */
  readonly backupCopy?: OpenStackBackupCopyTarget;
  /**
   * The landing zone settings of the tenant, for the OpenStack `LandingZone` as they are: the openstack
   * section's, with the tenant's own (`managementProxy`) over them.
   */
  readonly settings: OpenStackLandingZoneSettings;
  /**
   * Container sync of the tenant's log archive and backup container to its off-site region, for
   * the OpenStack `LandingZone`'s `containerSync`: `openstack.containerSyncRealm` and the copy region's
   * `containerSyncCluster`. Set whenever `backupCopy` is.
   * @default - none: no off-site copy
   */
  readonly containerSync?: { readonly realm: string; readonly cluster: string };
}

/** A tenant, resolved: discriminate on `provider`. */
export type ResolvedTenant = ResolvedAwsTenant | ResolvedOpenStackTenant;

/** A landing zones file, validated and resolved. Deterministic: the same file gives the same result. */
export interface LandingZonesConfig {
  /** The file it was read from, as given. */
  readonly file: string;
  /**
   * Who runs the landing zones.
   * @default - none: the PA runs its own
   */
  readonly aggregator?: AggregatorConfig;
  /**
   * The OpenStack cloud.
   * @default - none: no tenant uses OpenStack
   */
  readonly openstack?: OpenStackConfig;
  /**
   * The (first) pool tenants without a `cidr` take their range from; see {@link networkPools}.
   * @default - none: every tenant declares its `cidr`
   */
  readonly networkPool?: Cidr;
  /**
   * Every pool of `defaults.networkPool` (one range, or a list), in the order tenants take ranges
   * from them: a tenant takes a later pool only when every earlier one is full.
   * @default - empty: every tenant declares its `cidr`
   */
  readonly networkPools?: readonly Cidr[];
  /** The built-in AWS regions and the declared OpenStack regions. */
  readonly regions: RegionCatalogue;
  /** The tenants, in file order. */
  readonly tenants: readonly ResolvedTenant[];
}

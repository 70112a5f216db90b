import type {
  AggregatorIdentity,
  Cidr,
  CloudProvider,
  CompliancePolicy,
  Region,
  RegionCatalogue,
  TenantIdentity,
} from '../core';

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
}

/** The openstack section, validated. */
export interface OpenStackConfig {
  /** The clouds.yaml entry with the credentials. */
  readonly cloud: string;
  /** The provider's external network the tenants' routers attach to. */
  readonly externalNetwork: string;
  /** Every declared region, with its country, in file order. */
  readonly regions: readonly Region[];
  /** The default region of OpenStack tenants. */
  readonly region: Region;
  /**
   * The default region of off-site backup copies.
   * @default - none: critico and strategico tenants need `backupCopy.region`
   */
  readonly backupRegion?: Region;
}

/** Keys the PA holds (ACN-KMS-02) for an AWS tenant. */
export interface AwsTenantKeys {
  /** ARN of the PA's KMS key, in the tenant's region. */
  readonly kmsKeyArn: string;
}

/** Keys the PA holds (ACN-KMS-02) for an OpenStack tenant. */
export interface OpenStackTenantKeys {
  /** The provider's encrypted volume type backed by the PA's keys. */
  readonly volumeType: string;
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

/** What every resolved tenant has, whatever its provider. */
interface ResolvedTenantBase {
  /** Position of the tenant in the file's `tenants` list (0-based). */
  readonly index: number;
  /** The validated identity: codice IPA, name, class, qualification, owner, incident contact, aggregator. */
  readonly identity: TenantIdentity;
  /** The compliance policy for the class, after the tenant's overrides and acknowledgements. */
  readonly policy: CompliancePolicy;
  /** The region of the tenant's data, with its country, allowed for the class. */
  readonly region: Region;
  /** The tenant's network range: its own `cidr`, or the block allocated from `defaults.networkPool`. */
  readonly cidr: Cidr;
  /** Whether the range was written in the file or allocated from the pool. */
  readonly cidrSource: 'declared' | 'pool';
  /** Warnings of the policy (weakened kit defaults), each naming its control. */
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
   * The pool tenants without a `cidr` take their range from.
   * @default - none: every tenant declares its `cidr`
   */
  readonly networkPool?: Cidr;
  /** The built-in AWS regions and the declared OpenStack regions. */
  readonly regions: RegionCatalogue;
  /** The tenants, in file order. */
  readonly tenants: readonly ResolvedTenant[];
}

/**
 * The landing zone metadata: what every stack of the kit writes about itself into its synthesized
 * document (CloudFormation template-level `Metadata.PaCloudKit`, Terraform JSON top-level
 * `"//"["pa-cloud-kit"]`), one type for both providers' landing zones and both central stacks,
 * read back by the compliance engine. Its shape is versioned by {@link LANDING_ZONE_METADATA_VERSION}.
 */
import { CompliancePolicy, RecordedOverride } from './policy';
import { TenantIdentity } from './tenant';

/** Version of the kit's landing zone metadata, written into every synthesized document. */
export const LANDING_ZONE_METADATA_VERSION = 1;

/** The key of the metadata in a CloudFormation template's `Metadata`. */
export const CLOUDFORMATION_METADATA_KEY = 'PaCloudKit';

/** The key of the metadata inside a Terraform JSON document's comment object `"//"`. */
export const TERRAFORM_METADATA_KEY = 'pa-cloud-kit';

/**
 * What a document holds. `landing-zone`: one tenant's landing zone. `central`: the central services
 * of an aggregator (its log archive, its off-site vault), checked only for the controls that
 * concern them; `tenant` then names the aggregator and `classification` is the strictest class
 * among its tenants.
 */
export type LandingZoneRole = 'landing-zone' | 'central';

/** A region a landing zone uses, with its country (ISO 3166-1 alpha-2). */
export interface MetadataRegion {
  readonly name: string;
  readonly country: string;
}

/** What one OpenStack landing zone needs of its project's quotas. */
export interface QuotaNeeds {
  /**
   * Upper bound of the backups the scheduler keeps per volume: those inside the daily retention
   * and one backup chain beyond it (an incremental's parents are kept until it ages out), at the
   * class frequency, plus one monthly backup per month of the monthly retention.
   * `backups` quota: this times the number of volumes with `pa-backup=true`.
   * `backup_gigabytes` quota: this times the sum of their sizes (Cinder counts every backup,
   * incremental or not, at the size of its volume).
   */
  readonly backupsPerVolume: number;
  /** Extra volumes the restore test creates at a time (its scratch volume): add to `volumes`; add the largest volume's size to `gigabytes`. */
  readonly restoreScratchVolumes: number;
  /** Security groups the kit creates (the project's `default` group comes on top). */
  readonly securityGroups: number;
  /** Security-group rules the kit creates (the `default` group's rules come on top). */
  readonly securityGroupRules: number;
  readonly networks: number;
  readonly subnets: number;
  readonly routers: number;
}

/**
 * The landing zone metadata. The fields every document has come first; the optional ones are
 * written by the provider or the stack that knows them.
 */
export interface LandingZoneMetadata {
  readonly version: typeof LANDING_ZONE_METADATA_VERSION;
  /** @default 'landing-zone' */
  readonly role?: LandingZoneRole;
  readonly tenant: { readonly ipaCode: string; readonly name: string };
  readonly classification: string;
  readonly qualification: string;
  /** The stack's region (AWS) or the provider region (OpenStack). */
  readonly region: string;
  /**
   * AWS: the stack's account, when the stack has a concrete one (`env.account`): lets the
   * compliance engine show that an off-site backup copy in the same region goes to another
   * account (ACN-BCK-04).
   */
  readonly account?: string;
  /** The aggregator's codice IPA, when an aggregator runs the landing zone. */
  readonly aggregator?: string;
  readonly overrides: readonly RecordedOverride[];
  readonly acknowledgements: readonly { readonly control: string; readonly reason: string }[];
  /**
   * OpenStack: the regions the landing zone uses (the provider region, then the off-site region
   * when there is one) with their country: OpenStack region names say nothing about where they
   * are, so the compliance engine judges ACN-LOC-01 and ACN-BCK-04 from these.
   */
  readonly regions?: readonly MetadataRegion[];
  /**
   * OpenStack: encryption of workload volumes: the declared encrypted volume type (ACN-KMS-01) and
   * whether its keys are under the PA's control (ACN-KMS-02). Declaring `encryptedVolumeType` is
   * the PA's statement that the type is encrypted with keys it controls (Barbican or HSM backed);
   * nothing else in Terraform can show it.
   */
  readonly encryption?: { readonly volumeType?: string; readonly paControlledKeys?: boolean };
  /** OpenStack: the project quotas the landing zone needs (`LandingZone.quotas`). */
  readonly quotas?: QuotaNeeds;
}

/** The provider-neutral part of a landing zone's metadata: who, which class, what is overridden and acknowledged. */
export type LandingZoneRecord = Pick<LandingZoneMetadata, 'version' | 'tenant' | 'classification' | 'qualification' | 'aggregator' | 'overrides' | 'acknowledgements'>;

/** The provider-neutral part of a landing zone's metadata. */
export function landingZoneRecord(tenant: TenantIdentity, policy: CompliancePolicy): LandingZoneRecord {
  return {
    version: LANDING_ZONE_METADATA_VERSION,
    tenant: { ipaCode: tenant.ipaCode, name: tenant.name },
    classification: tenant.classification,
    qualification: tenant.qualification,
    ...(tenant.aggregator ? { aggregator: tenant.aggregator.ipaCode } : {}),
    overrides: policy.overrides.map((o) => ({ ...o })),
    acknowledgements: [...policy.acknowledgements.values()].map((a) => ({ control: a.control, reason: a.reason })),
  };
}

/**
 * The metadata of an aggregator's central stack (role `central`): the aggregator's identity as the
 * tenant, its class (the strictest among its tenants), the stack's region, what the provider adds
 * (`account` on AWS, `regions` on OpenStack), no overrides or acknowledgements.
 */
export function centralStackMetadata(
  aggregator: TenantIdentity,
  region: string,
  extra: Pick<LandingZoneMetadata, 'account' | 'regions'> = {},
): LandingZoneMetadata {
  return {
    version: LANDING_ZONE_METADATA_VERSION,
    role: 'central',
    tenant: { ipaCode: aggregator.ipaCode, name: aggregator.name },
    classification: aggregator.classification,
    qualification: aggregator.qualification,
    region,
    ...extra,
    overrides: [],
    acknowledgements: [],
  };
}

/**
 * Rules of an AWS landing zone that need no aws-cdk-lib: the keys the PA or the aggregator holds,
 * the range and zones the egress firewall needs, and the settings a landing zones file gives per
 * tenant, named as the props of `LandingZone`. The constructs, the aggregator's central stacks and
 * the config loader apply these same functions, so a file and a construct are judged alike.
 *
 * This module loads no aws-cdk-lib: the config loader imports it.
 */
import {
  MAX_AVAILABILITY_ZONES,
  checkAvailabilityZoneList,
  CloudProvider,
  CompliancePolicy,
  KeyCustody,
  PaCloudKitError,
  RegionCatalogue,
  SINGLE_REGION_KEY_RULE,
  awsPartition,
  checkRegion,
  isAwsMultiRegionKeyArn,
  parseKmsKeyArn,
} from '../core';

/**
 * The smallest tenant range (largest prefix length) an AWS landing zone with the egress firewall
 * on can have: the firewall's subnets take a quarter each of the public tier's last slot (the
 * slot is a sixteenth of the range, so each subnet a sixty-fourth: six bits longer) and must be
 * at least a /28, so the range must be a /22 or larger.
 */
export const FIREWALL_MAX_TENANT_PREFIX = 22;

/** Where a KMS key must be, and what it protects, for {@link checkKmsKeyArn}. */
export interface KmsKeyExpectation {
  /** The policy the key serves: its key custody (single-Region keys for HYOK) and data location. */
  readonly policy: CompliancePolicy;
  /** What the key encrypts, in messages: e.g. `the encryption key`, `the key of the central log archive`. */
  readonly purpose: string;
  /**
   * The region the key must be in (KMS keys are regional), and how messages name it.
   * @default - any region allowed for the class
   */
  readonly region?: { readonly name: string; readonly what: string };
  /**
   * The account the key must belong to, and how messages name it.
   * @default - any account
   */
  readonly account?: { readonly id: string; readonly what: string; readonly where?: string };
  /** Added to the single-Region rule, e.g. `(the key protects the data of c_h501)`. @default - nothing */
  readonly whose?: string;
  /**
   * Whether a region outside the class's location can be acknowledged (ACN-LOC-01): not for the
   * aggregator's central services, which have no acknowledgements of their own.
   * @default true
   */
  readonly acknowledgeable?: boolean;
}

/**
 * Checks the ARN of a KMS key someone holds (the PA's, the aggregator's): a KMS key ARN; a
 * single-Region key where the class needs keys the PA holds (HYOK: a multi-Region key cannot be in
 * an external key store); in a known AWS region allowed for the class; in the expected region and
 * account; in that region's partition.
 *
 * @throws PaCloudKitError naming the field
 */
export function checkKmsKeyArn(arn: unknown, field: string, expect: KmsKeyExpectation): string {
  const key = parseKmsKeyArn(arn);
  if (!key) {
    throw new PaCloudKitError({ field, value: arn, rule: 'must be a KMS key ARN, e.g. "arn:aws:kms:eu-south-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"' });
  }
  const text = arn as string;
  const fail = (rule: string, control?: string) => new PaCloudKitError({ field, value: text, rule, control });
  if (expect.policy.settings.keyCustody === KeyCustody.PA_HELD && isAwsMultiRegionKeyArn(text)) {
    throw fail(expect.whose ? `${SINGLE_REGION_KEY_RULE} ${expect.whose}` : SINGLE_REGION_KEY_RULE, 'ACN-KMS-02');
  }
  const keyRegion = RegionCatalogue.standard().find(CloudProvider.AWS, key.region);
  if (!keyRegion) throw fail(`must be a key in a known AWS region, and ${key.region} is not one`);
  try {
    checkRegion(expect.policy, keyRegion, field, expect.purpose);
  } catch (e) {
    if (!(e instanceof PaCloudKitError) || expect.acknowledgeable !== false) throw e;
    throw new PaCloudKitError({ field, value: text, rule: e.rule.replace(/ \(or acknowledge [^)]*\)/, ''), control: e.control });
  }
  if (expect.region !== undefined && keyRegion.name !== expect.region.name) {
    throw fail(`must be a key in ${expect.region.what} ${expect.region.name} (KMS keys are regional), not in ${keyRegion.name}`, 'ACN-KMS-02');
  }
  const partition = awsPartition(keyRegion.name);
  if (key.partition !== partition) throw fail(`must use the partition of ${keyRegion.name}: arn:${partition}:kms:...`);
  if (expect.account !== undefined && key.account !== expect.account.id) {
    throw fail(`must be a key of ${expect.account.what} ${expect.account.id}${expect.account.where ? `, ${expect.account.where}` : ''}`, 'ACN-KMS-02');
  }
  return text;
}

/** The settings of an AWS landing zone a landing zones file gives per tenant, as `LandingZone` takes them. */
export interface AwsLandingZoneSettings {
  /**
   * The availability zones of the subnets, in the landing zone's region: 1 to 4, at most 3 with
   * the egress firewall on (its subnets take the public tier's last slot).
   * @default - the region's a, b and c zones
   */
  readonly availabilityZones?: readonly string[];
}

/** The settings a tenant of a landing zones file may give (each named as the prop). */
export const AWS_TENANT_SETTING_KEYS: readonly (keyof AwsLandingZoneSettings)[] = ['availabilityZones'];

/** The settings given (any subset), e.g. a tenant's own in a landing zones file. */
export function pickAwsSettings(from: object): Partial<AwsLandingZoneSettings> {
  const given = from as Readonly<Record<string, unknown>>;
  return Object.fromEntries(AWS_TENANT_SETTING_KEYS.filter((k) => given[k] !== undefined).map((k) => [k, given[k]])) as Partial<AwsLandingZoneSettings>;
}

/** What the settings are judged against: the landing zone's region and whether its egress firewall is on. */
export interface AwsSettingsContext {
  /** @default - unknown: the zones' region is not judged */
  readonly region?: string;
  readonly egressFirewall: boolean;
}

/**
 * Checks each setting given; `report` receives each mistake (the loader collects them all), and
 * without it the first is thrown. `fieldOf` names a setting's field (`availabilityZones` for the
 * construct, `tenants[0].availabilityZones` for the loader).
 */
export function checkAwsSettings(
  settings: Partial<Record<keyof AwsLandingZoneSettings, unknown>>,
  context: AwsSettingsContext,
  fieldOf: (key: keyof AwsLandingZoneSettings) => string = (key) => key,
  report: (e: PaCloudKitError) => void = (e) => { throw e; },
): void {
  if (settings.availabilityZones === undefined) return;
  try {
    checkAvailabilityZones(settings.availabilityZones, fieldOf('availabilityZones'), context);
  } catch (e) {
    if (!(e instanceof PaCloudKitError)) throw e;
    report(e);
  }
}

/**
 * Validates the availability zones of a landing zone: the list (core's rules), each a zone of the
 * region, and at most {@link MAX_AVAILABILITY_ZONES} - 1 with the egress firewall on.
 * @throws PaCloudKitError naming the field or the zone
 */
export function checkAvailabilityZones(value: unknown, field: string, context: AwsSettingsContext): string[] {
  const zones = checkAvailabilityZoneList(value, field);
  const region = context.region;
  if (region !== undefined) {
    const ofRegion = new RegExp(`^${region.replace(/-/g, '\\-')}[a-z]$`);
    zones.forEach((zone, i) => {
      if (!ofRegion.test(zone)) throw new PaCloudKitError({ field: `${field}[${i}]`, value: zone, rule: `must be a zone of the region ${region}, e.g. "${region}a"` });
    });
  }
  if (context.egressFirewall && zones.length >= MAX_AVAILABILITY_ZONES) {
    throw new PaCloudKitError({
      field,
      value: zones,
      rule: `must list at most ${MAX_AVAILABILITY_ZONES - 1} zones with the egress firewall on: its subnets take the public tier's last slot`,
    });
  }
  return zones;
}

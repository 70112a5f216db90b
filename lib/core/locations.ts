import { CloudProvider } from './controls';
import { PaCloudKitError } from './errors';
import { CompliancePolicy, LocationScope, withArticle } from './policy';

/** A region of a provider and the country its data centres are in. */
export interface Region {
  readonly provider: CloudProvider;
  readonly name: string;
  /** ISO 3166-1 alpha-2 country code, e.g. `IT`. */
  readonly country: string;
  /** City or area, for reports. */
  readonly location?: string;
}

/** Member states of the European Union (ISO 3166-1 alpha-2). */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

const aws = (name: string, country: string, location: string): Region => ({ provider: CloudProvider.AWS, name, country, location });

/** AWS regions the kit knows, with their country. Regions outside the EU are listed so a check can say where they are. */
export const AWS_REGIONS: readonly Region[] = [
  aws('eu-south-1', 'IT', 'Milan'),
  aws('eu-south-2', 'ES', 'Aragon'),
  aws('eu-central-1', 'DE', 'Frankfurt'),
  aws('eu-central-2', 'CH', 'Zurich'),
  aws('eu-west-1', 'IE', 'Dublin'),
  aws('eu-west-2', 'GB', 'London'),
  aws('eu-west-3', 'FR', 'Paris'),
  aws('eu-north-1', 'SE', 'Stockholm'),
  aws('eusc-de-east-1', 'DE', 'Brandenburg (AWS European Sovereign Cloud)'),
  aws('us-east-1', 'US', 'N. Virginia'),
  aws('us-east-2', 'US', 'Ohio'),
  aws('us-west-1', 'US', 'N. California'),
  aws('us-west-2', 'US', 'Oregon'),
  aws('ca-central-1', 'CA', 'Montreal'),
  aws('sa-east-1', 'BR', 'Sao Paulo'),
  aws('il-central-1', 'IL', 'Tel Aviv'),
  aws('me-central-1', 'AE', 'UAE'),
  aws('me-south-1', 'BH', 'Bahrain'),
  aws('af-south-1', 'ZA', 'Cape Town'),
  aws('ap-south-1', 'IN', 'Mumbai'),
  aws('ap-northeast-1', 'JP', 'Tokyo'),
  aws('ap-southeast-1', 'SG', 'Singapore'),
  aws('ap-southeast-2', 'AU', 'Sydney'),
];

/** An OpenStack region as the user declares it. */
export interface OpenStackRegionProps {
  readonly name: string;
  /** ISO 3166-1 alpha-2 country code of the provider's data centre, e.g. `IT`. */
  readonly country: string;
  readonly location?: string;
}

/**
 * The regions the kit can place data in. AWS regions are built in; OpenStack regions are declared
 * by the user with the country they are in, since every provider names them its own way.
 */
export class RegionCatalogue {
  /** The built-in AWS regions, and no OpenStack region yet. */
  public static standard(): RegionCatalogue {
    return new RegionCatalogue(AWS_REGIONS);
  }

  private constructor(private readonly regions: readonly Region[]) {}

  /** A copy of this catalogue with the given OpenStack regions added. */
  public withOpenStackRegions(regions: readonly OpenStackRegionProps[], field = 'openstack.regions'): RegionCatalogue {
    const added = regions.map((r, i) => {
      if (typeof r.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(r.name)) {
        throw new PaCloudKitError({ field: `${field}[${i}].name`, value: r.name, rule: 'must be a region name of letters, digits, dots, dashes and underscores' });
      }
      if (typeof r.country !== 'string' || !/^[A-Z]{2}$/.test(r.country)) {
        throw new PaCloudKitError({ field: `${field}[${i}].country`, value: r.country, rule: 'must be an ISO 3166-1 alpha-2 country code in capitals, e.g. "IT"' });
      }
      return { provider: CloudProvider.OPENSTACK, name: r.name, country: r.country, location: r.location };
    });
    return new RegionCatalogue([...this.regions.filter((r) => !added.some((a) => a.provider === r.provider && a.name === r.name)), ...added]);
  }

  public find(provider: CloudProvider, name: string): Region | undefined {
    return this.regions.find((r) => r.provider === provider && r.name === name);
  }

  /** The region, or throws naming the field and the known regions. */
  public get(provider: CloudProvider, name: string, field = 'region'): Region {
    const region = this.find(provider, name);
    if (region) return region;
    const known = this.regions.filter((r) => r.provider === provider).map((r) => r.name);
    const rule = provider === CloudProvider.OPENSTACK
      ? `must be an OpenStack region declared with its country (declared: ${known.join(', ') || 'none'})`
      : `must be a known AWS region (${known.join(', ')})`;
    throw new PaCloudKitError({ field, value: name, rule });
  }

  /** The regions of a provider. */
  public list(provider: CloudProvider): readonly Region[] {
    return this.regions.filter((r) => r.provider === provider);
  }

  /** The regions of a provider where a tenant with this policy may place data without an acknowledgement. */
  public allowedFor(provider: CloudProvider, policy: CompliancePolicy): readonly Region[] {
    return this.list(provider).filter((r) => isInScope(r, policy.settings.dataLocation));
  }
}

/** Whether a region lies in a location scope. */
export function isInScope(region: Region, scope: LocationScope): boolean {
  return scope === LocationScope.IT ? region.country === 'IT' : EU_MEMBER_STATES.has(region.country);
}

const SCOPE_TEXT: Record<LocationScope, string> = {
  [LocationScope.IT]: 'a region in Italy',
  [LocationScope.EU]: 'a region in a member state of the European Union',
};

/**
 * Throws unless the region is allowed for the tenant's class (ACN-LOC-01). A critico tenant may use
 * another EU region when ACN-LOC-01 is acknowledged; nothing ever leaves the EU.
 *
 * @param purpose what the region holds, for the message (e.g. "backup copy target")
 */
export function checkRegion(policy: CompliancePolicy, region: Region, field = 'region', purpose = 'data'): void {
  const scope = policy.settings.dataLocation;
  if (isInScope(region, scope)) return;
  const inEu = isInScope(region, LocationScope.EU);
  const rule = `${purpose} of ${withArticle(policy.classification)} tenant must stay in ${SCOPE_TEXT[scope]}; ${region.name} is in ${region.country}${region.location ? ` (${region.location})` : ''}`;
  if (!inEu) {
    throw new PaCloudKitError({ field, value: region.name, rule, control: 'ACN-LOC-01' });
  }
  policy.requireOrAcknowledged('ACN-LOC-01', false, { field, value: region.name, rule });
}

/** The AWS partition of a region: the AWS European Sovereign Cloud (`eusc-*`) has its own. */
export function awsPartition(region: string): string {
  return region.startsWith('eusc-') ? 'aws-eusc' : 'aws';
}

/** The rule broken by a multi-Region key where the key custody is pa-held. */
export const SINGLE_REGION_KEY_RULE = 'must be a single-Region key: a multi-Region key (key ID "mrk-...") cannot be in an external key store, so it cannot be the key the PA holds (HYOK) that a strategico tenant needs';

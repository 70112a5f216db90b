/**
 * What an OpenStack landing zone writes about itself into the synthesized Terraform JSON: the
 * `"//"["pa-cloud-kit"]` metadata the compliance engine reads, and the mandatory tags as
 * OpenStack `key=value` string tags on every resource whose schema has `tags`.
 */
import { IConstruct } from 'constructs';
import {
  LANDING_ZONE_METADATA_VERSION,
  LandingZoneMetadata,
  PaCloudKitError,
  TAG_KEYS,
  TERRAFORM_METADATA_KEY,
  TenantIdentity,
  TenantPlan,
} from '../core';
import { Fn, IAspect, TerraformResource, Token } from './private/cdktf';
import { loadProjectSchema, openstackSchemaOf } from './schema/schema';

/** The key of the kit's metadata inside the Terraform JSON comment object `"//"` (core's {@link TERRAFORM_METADATA_KEY}). */
export const PA_CLOUD_KIT_METADATA_KEY = TERRAFORM_METADATA_KEY;

/** The version of the metadata shape (core's {@link LANDING_ZONE_METADATA_VERSION}). */
export const PA_CLOUD_KIT_METADATA_VERSION = LANDING_ZONE_METADATA_VERSION;

/**
 * What a landing zone stack declares about its tenant, at `"//"["pa-cloud-kit"]` of its Terraform
 * JSON: core's {@link LandingZoneMetadata} (the one type both providers and both central stacks
 * write and the compliance engine reads), where an OpenStack landing zone always has `regions`
 * and `encryption`.
 */
export type PaCloudKitMetadata = LandingZoneMetadata & Required<Pick<LandingZoneMetadata, 'regions' | 'encryption'>>;

/** The metadata of one tenant's landing zone: the plan's record, its regions with their country, the encryption of its volumes. */
export function landingZoneMetadata(plan: TenantPlan, encryptedVolumeType?: string): PaCloudKitMetadata {
  const offsite = plan.offsite?.region;
  return {
    ...plan.record(),
    region: plan.region.name,
    regions: [plan.region, ...(offsite ? [offsite] : [])].map((r) => ({ name: r.name, country: r.country })),
    encryption: {
      ...(encryptedVolumeType !== undefined ? { volumeType: encryptedVolumeType } : {}),
      paControlledKeys: encryptedVolumeType !== undefined,
    },
  };
}

/** Reads the kit's metadata from a synthesized Terraform JSON document, if it has any. */
export function readLandingZoneMetadata(doc: unknown): PaCloudKitMetadata | undefined {
  const comment = (doc as { '//'?: Record<string, unknown> } | null)?.['//'];
  return comment?.[PA_CLOUD_KIT_METADATA_KEY] as PaCloudKitMetadata | undefined;
}

/** Longest OpenStack tag (Neutron and Nova both refuse tags over 60 characters). */
export const OPENSTACK_TAG_MAX_LENGTH = 60;

/** The prop of {@link TenantIdentityProps} each mandatory tag comes from, for error messages. */
const TAG_SOURCE: Record<string, string> = {
  [TAG_KEYS.IPA_CODE]: 'ipaCode',
  [TAG_KEYS.CLASSIFICATION]: 'classification',
  [TAG_KEYS.QUALIFICATION]: 'qualification',
  [TAG_KEYS.OWNER]: 'owner',
  [TAG_KEYS.INCIDENT_CONTACT]: 'incidentContact',
  [TAG_KEYS.AGGREGATOR]: 'aggregator.ipaCode',
};

/**
 * The tenant's mandatory tags as OpenStack `key=value` strings, or throws naming the tenant prop
 * whose tag would exceed {@link OPENSTACK_TAG_MAX_LENGTH} characters (TAG-01).
 */
export function openStackTagStrings(tenant: TenantIdentity, field = 'tenant'): string[] {
  return Object.entries(tenant.tags()).map(([key, value]) => {
    const tag = `${key}=${value}`;
    if (tag.length > OPENSTACK_TAG_MAX_LENGTH) {
      const room = OPENSTACK_TAG_MAX_LENGTH - key.length - 1;
      throw new PaCloudKitError({
        field: `${field}.${TAG_SOURCE[key] ?? key}`,
        value,
        rule: `must be at most ${room} characters on OpenStack, where the tag "${key}=<value>" may hold ${OPENSTACK_TAG_MAX_LENGTH} characters in all`,
        control: 'TAG-01',
      });
    }
    return tag;
  });
}

let taggable: ReadonlySet<string> | undefined;

/** Resource types of the project schema that have a `tags` attribute. */
export function taggableResourceTypes(): ReadonlySet<string> {
  taggable ??= new Set(
    Object.entries(openstackSchemaOf(loadProjectSchema()).resource_schemas)
      .filter(([, schema]) => schema.block.attributes?.tags !== undefined)
      .map(([type]) => type),
  );
  return taggable;
}

interface Taggable {
  tagsInput?: unknown;
  tags: unknown;
}

/**
 * Adds the tenant's mandatory tags to every resource whose schema has `tags` (data sources are
 * left alone: their `tags` is a filter). Tags a construct already set are kept; a tag with a
 * mandatory key is replaced by the tenant's value.
 */
export class MandatoryTags implements IAspect {
  private readonly tags: readonly string[];
  private readonly keys: readonly string[];

  /** @param tags the validated `key=value` strings, see {@link openStackTagStrings} */
  constructor(tags: readonly string[]) {
    this.tags = [...tags];
    this.keys = tags.map((t) => t.slice(0, t.indexOf('=') + 1));
  }

  public visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource) || !taggableResourceTypes().has(node.terraformResourceType)) return;
    const resource = node as unknown as Taggable;
    const existing = resource.tagsInput;
    if (existing === undefined || existing === null) {
      resource.tags = [...this.tags];
    } else if (Array.isArray(existing) && !existing.some((t) => Token.isUnresolved(t))) {
      const own = (existing as string[]).filter((t) => !this.keys.some((k) => t.startsWith(k)) && !this.tags.includes(t));
      resource.tags = [...own, ...this.tags];
    } else {
      resource.tags = Fn.distinct(Fn.concat([existing, [...this.tags]]));
    }
  }
}

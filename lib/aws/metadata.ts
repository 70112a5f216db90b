import { Stack, Token } from 'aws-cdk-lib';
import {
  CLOUDFORMATION_METADATA_KEY,
  LANDING_ZONE_METADATA_VERSION,
  LandingZoneMetadata,
  PaCloudKitError,
  TenantPlan,
} from '../core';

/** The key of the template-level metadata the compliance engine reads (core's {@link CLOUDFORMATION_METADATA_KEY}). */
export const PA_CLOUD_KIT_METADATA_KEY = CLOUDFORMATION_METADATA_KEY;

/** The version of the metadata shape (core's {@link LANDING_ZONE_METADATA_VERSION}). */
export const PA_CLOUD_KIT_METADATA_VERSION = LANDING_ZONE_METADATA_VERSION;

/**
 * What a stack holding a landing zone declares about its tenant, at `Metadata.PaCloudKit` of the
 * synthesized template: core's {@link LandingZoneMetadata}, the one type both providers and both
 * central stacks write and the compliance engine reads.
 */
export type PaCloudKitMetadata = LandingZoneMetadata;

/** The metadata of one tenant's landing zone; `account` is written only when it is concrete (not a token). */
export function landingZoneMetadata(plan: TenantPlan, account?: string): PaCloudKitMetadata {
  return {
    ...plan.record(),
    region: plan.region.name,
    ...(account !== undefined && !Token.isUnresolved(account) ? { account } : {}),
  };
}

/**
 * Writes the metadata into the stack's template. A stack holds one landing zone: the metadata
 * describes one tenant, so a second landing zone in the same stack is refused.
 */
export function writeLandingZoneMetadata(stack: Stack, metadata: PaCloudKitMetadata): void {
  const existing = stack.templateOptions.metadata ?? {};
  const present = existing[PA_CLOUD_KIT_METADATA_KEY] as PaCloudKitMetadata | undefined;
  if (present) {
    throw new PaCloudKitError({
      field: 'scope',
      value: stack.node.path,
      rule: `a stack holds one landing zone; this stack already holds the one of ${present.tenant.ipaCode}: put each tenant in its own stack`,
    });
  }
  stack.templateOptions.metadata = { ...existing, [PA_CLOUD_KIT_METADATA_KEY]: metadata };
}

/** Reads the metadata from a synthesized template, if it has any. */
export function readLandingZoneMetadata(template: { Metadata?: Record<string, unknown> }): PaCloudKitMetadata | undefined {
  return template.Metadata?.[PA_CLOUD_KIT_METADATA_KEY] as PaCloudKitMetadata | undefined;
}

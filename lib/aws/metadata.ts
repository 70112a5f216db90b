import { Stack, Token } from 'aws-cdk-lib';
import { CompliancePolicy, LANDING_ZONE_METADATA_VERSION, PaCloudKitError, RecordedOverride, TenantIdentity, landingZoneRecord } from '../core';

/** The key of the template-level metadata the compliance engine reads. */
export const PA_CLOUD_KIT_METADATA_KEY = 'PaCloudKit';

/** The version of the metadata shape below. */
export const PA_CLOUD_KIT_METADATA_VERSION = LANDING_ZONE_METADATA_VERSION;

/**
 * What a stack holding a landing zone declares about its tenant, at `Metadata.PaCloudKit` of
 * the synthesized template.
 */
export interface PaCloudKitMetadata {
  readonly version: typeof PA_CLOUD_KIT_METADATA_VERSION;
  readonly tenant: { readonly ipaCode: string; readonly name: string };
  readonly classification: string;
  readonly qualification: string;
  readonly region: string;
  /**
   * The stack's account, when the stack has a concrete one (`env.account`): lets the compliance
   * engine show that an off-site backup copy in the same region goes to another account (ACN-BCK-04).
   */
  readonly account?: string;
  /** The aggregator's codice IPA, when an aggregator runs the landing zone. */
  readonly aggregator?: string;
  readonly overrides: readonly RecordedOverride[];
  readonly acknowledgements: readonly { readonly control: string; readonly reason: string }[];
}

/** The metadata of one tenant's landing zone; `account` is written only when it is concrete (not a token). */
export function landingZoneMetadata(tenant: TenantIdentity, policy: CompliancePolicy, region: string, account?: string): PaCloudKitMetadata {
  return {
    ...landingZoneRecord(tenant, policy),
    region,
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

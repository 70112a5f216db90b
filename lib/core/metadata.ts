import { CompliancePolicy, RecordedOverride } from './policy';
import { TenantIdentity } from './tenant';

/** Version of the kit's landing zone metadata, written into every synthesized document. */
export const LANDING_ZONE_METADATA_VERSION = 1;

/**
 * What every landing zone records about its tenant in its synthesized document, whatever the
 * provider: who it is, its class, and the overrides and acknowledgements in force, so the
 * compliance engine and its reports can judge and explain the output.
 */
export interface LandingZoneRecord {
  readonly version: typeof LANDING_ZONE_METADATA_VERSION;
  readonly tenant: { readonly ipaCode: string; readonly name: string };
  readonly classification: string;
  readonly qualification: string;
  readonly aggregator?: string;
  readonly overrides: readonly RecordedOverride[];
  readonly acknowledgements: readonly { readonly control: string; readonly reason: string }[];
}

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

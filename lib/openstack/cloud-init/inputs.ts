/** Validation and naming helpers shared by the OpenStack constructs (not exported by the public index). */
import { PaCloudKitError, TenantIdentity } from '../../core';

/** The ISO 8601 date-time Keystone accepts for `expires_at`, with an explicit offset. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Validates an application credential's expiry, or throws naming the field. */
export function checkCredentialExpiry(value: unknown, field: string): string {
  const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  const valid = match !== null && (() => {
    const [y, mo, d, h, mi, s] = match.slice(1, 7).map(Number);
    const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
  })();
  if (!valid) {
    throw new PaCloudKitError({
      field,
      value,
      rule: 'must be an ISO 8601 date-time with a time zone, e.g. "2027-06-30T00:00:00Z"',
    });
  }
  return value as string;
}

/** Container metadata in place of tags (containers have no `tags`): `pa:ipa-code` becomes `pa-ipa-code`. */
export function containerMetadata(tenant: TenantIdentity): Record<string, string> {
  return Object.fromEntries(Object.entries(tenant.tags()).map(([k, v]) => [k.replace(/:/g, '-'), v]));
}


/** Validates an NTP server name, or throws naming the field. */
export function checkHostName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/i.test(value)) {
    throw new PaCloudKitError({ field, value, rule: 'must be a host name or IP address, e.g. "ntp.provider.example"' });
  }
  return value;
}

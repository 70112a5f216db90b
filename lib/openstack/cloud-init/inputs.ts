/** Validation and naming helpers shared by the OpenStack constructs (not exported by the public index). */
import { PaCloudKitError, TenantIdentity } from '../../core';

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

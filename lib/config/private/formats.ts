import { Address4 } from 'ip-address';
import { PaCloudKitError } from '../../core';

/** Private IPv4 space a tenant range may be in: RFC 1918, and RFC 6598 shared address space (some providers use it). */
export const PRIVATE_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

/** Special-purpose IPv4 blocks (RFC 6890) no tenant range may touch, public ranges allowed or not. */
const SPECIAL_RANGES: ReadonlyArray<readonly [string, string]> = [
  ['0.0.0.0/8', '"this network" (RFC 1122)'],
  ['127.0.0.0/8', 'loopback (RFC 1122)'],
  ['169.254.0.0/16', 'link-local (RFC 3927)'],
  ['192.0.0.0/24', 'IETF protocol assignments (RFC 6890)'],
  ['192.0.2.0/24', 'documentation TEST-NET-1 (RFC 5737)'],
  ['198.18.0.0/15', 'benchmarking (RFC 2544)'],
  ['198.51.100.0/24', 'documentation TEST-NET-2 (RFC 5737)'],
  ['203.0.113.0/24', 'documentation TEST-NET-3 (RFC 5737)'],
  ['224.0.0.0/4', 'multicast (RFC 5771)'],
  ['240.0.0.0/4', 'reserved (RFC 1112), and broadcast'],
];

/** The opt-in key for public ranges, for messages. */
export const ALLOW_PUBLIC_RANGES_KEY = 'defaults.allowPublicRanges';

function overlaps(a: Address4, b: Address4): boolean {
  return a.isInSubnet(b) || b.isInSubnet(a);
}

/**
 * A network pool or tenant range must be in private address space (RFC 1918, or RFC 6598 shared
 * space) unless the file opts in with `defaults.allowPublicRanges: true`; never in special-purpose
 * blocks (this network, loopback, link-local, documentation, multicast, reserved), so `0.0.0.0/0`
 * is always refused.
 *
 * @throws PaCloudKitError naming the field
 */
export function checkAddressSpace(value: string, field: string, allowPublic: boolean): void {
  const range = new Address4(value);
  for (const [block, what] of SPECIAL_RANGES) {
    if (overlaps(range, new Address4(block))) {
      throw new PaCloudKitError({ field, value, rule: `must not overlap ${block}, ${what}: use private addresses, e.g. "10.20.0.0/16"` });
    }
  }
  if (allowPublic) return;
  if (!PRIVATE_RANGES.some((block) => range.isInSubnet(new Address4(block)))) {
    throw new PaCloudKitError({
      field,
      value,
      rule: `must be in private address space: within ${PRIVATE_RANGES.slice(0, 3).join(', ')} (RFC 1918) or 100.64.0.0/10 (RFC 6598); `
        + `to use public addresses the PA holds, set ${ALLOW_PUBLIC_RANGES_KEY}: true`,
    });
  }
}

/** AWS account IDs that are no real account. */
const RESERVED_ACCOUNTS: Readonly<Record<string, string>> = {
  '000000000000': 'all zeros, a placeholder, not an account',
};

/**
 * An AWS account ID that is a real one: 12 digits (checked by the schema), not a placeholder.
 *
 * @throws PaCloudKitError naming the field
 */
export function checkAwsAccount(value: unknown, field: string): void {
  if (typeof value === 'string' && RESERVED_ACCOUNTS[value]) {
    throw new PaCloudKitError({ field, value, rule: `must be a real AWS account ID (${RESERVED_ACCOUNTS[value]}): the 12 digits of the account, in quotes` });
  }
}

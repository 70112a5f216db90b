/**
 * Shared network facts, defined once: the administration ports that must never be open to the
 * internet (ABSC-NET-02) and the "any address" ranges. The constructs' synth-time checks (AWS
 * `LandingZoneNetwork`, OpenStack `LandingZoneNetwork`) and the compliance rules
 * (`aws-admin-ports-closed`, `os-admin-ports-closed`) all read them here, so a construct check and
 * its rule cannot disagree.
 */
import { Address4, Address6 } from 'ip-address';

/** A transport protocol an admin service listens on. */
export type AdminPortProtocol = 'tcp' | 'udp';

/** One administration port. */
export interface AdminPort {
  /** The port number. */
  readonly port: number;
  /** The service, as messages show it (`SSH`, `RDP`, ...). */
  readonly name: string;
  /** The protocols it is reachable over. */
  readonly protocols: readonly AdminPortProtocol[];
}

/**
 * Ports used to administer hosts, which must never be open to the internet (ABSC-NET-02): SSH,
 * RDP (TCP and UDP: RDP 8 and later carry the session over UDP 3389 too), WinRM over HTTP and HTTPS.
 */
export const ADMIN_PORTS: readonly AdminPort[] = [
  { port: 22, name: 'SSH', protocols: ['tcp'] },
  { port: 3389, name: 'RDP', protocols: ['tcp', 'udp'] },
  { port: 5985, name: 'WinRM', protocols: ['tcp'] },
  { port: 5986, name: 'WinRM over TLS', protocols: ['tcp'] },
];

/** An inclusive port range. */
export interface AdminPortRange {
  readonly from: number;
  readonly to: number;
}

/** The admin ports of one protocol as inclusive ranges, adjacent ports merged: TCP gives 22, 3389, 5985-5986. */
export function adminPortRanges(protocol: AdminPortProtocol): readonly AdminPortRange[] {
  const ranges: { from: number; to: number }[] = [];
  for (const p of ADMIN_PORTS.filter((a) => a.protocols.includes(protocol)).map((a) => a.port).sort((a, b) => a - b)) {
    const last = ranges[ranges.length - 1];
    if (last && last.to + 1 === p) last.to = p;
    else ranges.push({ from: p, to: p });
  }
  return ranges;
}

/** `22`, `5985-5986`: a range as messages and construct IDs show it. */
export function portRangeLabel(range: AdminPortRange): string {
  return range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`;
}

/**
 * The protocol as the admin port table names it: `tcp`/`6` → `tcp`, `udp`/`17` → `udp`, every
 * spelling of "all protocols" (`-1`, `all`, `any`, empty, absent) → `all`; anything else (ICMP,
 * ESP, ...) as it is, lower case.
 */
export function normaliseProtocol(protocol: unknown): string {
  const text = protocol === undefined || protocol === null ? '' : String(protocol).trim().toLowerCase();
  if (text === '' || text === '-1' || text === 'all' || text === 'any') return 'all';
  if (text === '6') return 'tcp';
  if (text === '17') return 'udp';
  return text;
}

/**
 * The admin ports a rule on `protocol` from port `from` to port `to` (inclusive) opens: those in
 * the range over that protocol, or over any protocol for a spelling of "all protocols"; a protocol
 * that carries no ports (ICMP, ...) opens none. Where "all protocols" means every port too (AWS
 * `IpProtocol: -1`), the caller passes 0-65535.
 */
export function adminPortsOpened(protocol: unknown, from: number, to: number): AdminPort[] {
  const p = normaliseProtocol(protocol);
  return ADMIN_PORTS.filter((a) => (p === 'all' || (a.protocols as readonly string[]).includes(p)) && from <= a.port && a.port <= to);
}

/** `22 (SSH)`: an admin port as messages show it. */
export function adminPortLabel(port: AdminPort): string {
  return `${port.port} (${port.name})`;
}

/** `TCP 22, 3389, 5985-5986; UDP 3389`: every admin port by protocol, for messages. */
export function adminPortsSummary(): string {
  return (['tcp', 'udp'] as const)
    .map((p) => ({ p, ranges: adminPortRanges(p) }))
    .filter(({ ranges }) => ranges.length > 0)
    .map(({ p, ranges }) => `${p.toUpperCase()} ${ranges.map(portRangeLabel).join(', ')}`)
    .join('; ');
}

/** Every IPv4 address. */
export const ANY_IPV4 = '0.0.0.0/0';
/** Every IPv6 address. */
export const ANY_IPV6 = '::/0';
/** The usual spellings of "any address", one per family. */
export const ANY_ADDRESS_CIDRS: ReadonlySet<string> = new Set([ANY_IPV4, ANY_IPV6]);

const ANY_CACHE = new Map<string, boolean>();

/**
 * Whether a CIDR covers every address of its family, however it is written: `0.0.0.0/0`, `::/0`,
 * `::0/0`, `0:0:0:0:0:0:0:0/0`, a /0 with host bits (`10.1.2.3/0`), the IPv4-mapped block
 * `::ffff:0:0/96` (all of IPv4). Parsed with ip-address; anything that is not a CIDR text is false.
 */
export function coversAllAddresses(cidr: unknown): boolean {
  if (typeof cidr !== 'string') return false;
  const text = cidr.trim();
  let known = ANY_CACHE.get(text);
  if (known !== undefined) return known;
  known = false;
  if (text.includes('/')) {
    try {
      if (text.includes(':')) {
        const a = new Address6(text);
        const mapped = new Address6('::ffff:0:0/96');
        known = a.subnetMask === 0 || (a.subnetMask <= 96 && a.isInSubnet(mapped) && mapped.isInSubnet(a));
      } else {
        known = new Address4(text).subnetMask === 0;
      }
    } catch {
      known = false;
    }
  }
  if (ANY_CACHE.size < 10_000) ANY_CACHE.set(text, known);
  return known;
}

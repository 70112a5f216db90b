import { Address4 } from 'ip-address';
import { PaCloudKitError } from './errors';

const IPV4_BITS = 32;
const CIDR_SYNTAX = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;

/** An IPv4 network range in CIDR notation, validated, with the arithmetic the planner needs. */
export class Cidr {
  /**
   * Parses `a.b.c.d/n`. Throws the kit's error, naming the field, when the text is not a CIDR,
   * the prefix length is not 0-32, or host bits are set (`10.0.0.1/16`).
   */
  public static parse(value: unknown, field = 'cidr'): Cidr {
    if (value instanceof Cidr) return value;
    const text = typeof value === 'string' ? value.trim() : '';
    if (!CIDR_SYNTAX.test(text)) {
      throw new PaCloudKitError({ field, value, rule: 'must be an IPv4 range in CIDR notation, e.g. "10.20.0.0/16"' });
    }
    let address: Address4;
    try {
      address = new Address4(text);
    } catch {
      const prefix = Number(text.split('/')[1]);
      const rule = prefix > IPV4_BITS ? 'must have a prefix length from 0 to 32' : 'must be an IPv4 range with octets from 0 to 255';
      throw new PaCloudKitError({ field, value, rule });
    }
    const network = address.startAddress();
    if (network.correctForm() !== address.correctForm()) {
      throw new PaCloudKitError({ field, value, rule: `must have no host bits set: did you mean "${network.correctForm()}/${address.subnetMask}"?` });
    }
    return new Cidr(network.bigInt(), address.subnetMask);
  }

  private constructor(private readonly start: bigint, public readonly prefixLength: number) {}

  /** Number of addresses in the range. */
  public get size(): bigint {
    return 1n << BigInt(IPV4_BITS - this.prefixLength);
  }

  /** The first address, as a number. */
  public get first(): bigint {
    return this.start;
  }

  /** The last address, as a number. */
  public get last(): bigint {
    return this.start + this.size - 1n;
  }

  /** The network address, e.g. `10.20.0.0`. */
  public get networkAddress(): string {
    return Address4.fromBigInt(this.start).correctForm();
  }

  public contains(other: Cidr): boolean {
    return other.first >= this.first && other.last <= this.last;
  }

  public overlaps(other: Cidr): boolean {
    return this.first <= other.last && other.first <= this.last;
  }

  public equals(other: Cidr): boolean {
    return this.first === other.first && this.prefixLength === other.prefixLength;
  }

  /** The `index`-th block of prefix length `prefixLength` inside this range. */
  public child(index: number, prefixLength: number): Cidr {
    const count = 1n << BigInt(prefixLength - this.prefixLength);
    if (prefixLength < this.prefixLength || prefixLength > IPV4_BITS || index < 0 || BigInt(index) >= count) {
      throw new RangeError(`${this} has no block ${index} of prefix length /${prefixLength}`);
    }
    return new Cidr(this.start + BigInt(index) * (1n << BigInt(IPV4_BITS - prefixLength)), prefixLength);
  }

  public toString(): string {
    return `${this.networkAddress}/${this.prefixLength}`;
  }

  public toJSON(): string {
    return this.toString();
  }

  /** @internal the block of `prefixLength` that starts at `start` (which must be aligned). */
  public static fromStart(start: bigint, prefixLength: number): Cidr {
    return new Cidr(start, prefixLength);
  }
}

/** The tiers of a tenant's network. */
export enum NetworkTier {
  /** Load balancers and NAT; routed to the internet. */
  PUBLIC = 'public',
  /** Workloads; outbound internet through NAT (and the egress firewall where the class asks). */
  PRIVATE = 'private',
  /** Databases and storage; no route to the internet. */
  DATA = 'data',
  /** Administration; no route to the internet, reached through VPN or session manager. */
  MANAGEMENT = 'management',
}

/** The tiers in the order their blocks are laid out. */
export const NETWORK_TIERS: readonly NetworkTier[] = [NetworkTier.PUBLIC, NetworkTier.PRIVATE, NetworkTier.DATA, NetworkTier.MANAGEMENT];

/** Most availability zones a tenant plan lays out (each tier block has this many slots). */
export const MAX_AVAILABILITY_ZONES = 4;
/** Largest tenant range (smallest prefix length). */
export const MIN_TENANT_PREFIX = 16;
/** Smallest tenant range: each subnet is then a /28, the smallest AWS accepts. */
export const MAX_TENANT_PREFIX = 24;

/** One subnet of the plan. */
export interface SubnetPlan {
  readonly tier: NetworkTier;
  readonly availabilityZone: string;
  readonly cidr: Cidr;
}

/** The layout of one tenant's range. */
export interface TenantNetworkPlan {
  readonly cidr: Cidr;
  readonly availabilityZones: readonly string[];
  /** Every subnet, tier by tier, zone by zone. */
  readonly subnets: readonly SubnetPlan[];
  /** The block reserved for each tier (all its zones' subnets lie inside). */
  readonly tierBlocks: Readonly<Record<NetworkTier, Cidr>>;
}

/** Input of {@link planTenantNetwork}. */
export interface TenantNetworkPlanProps {
  /** The tenant's range, /16 to /24. */
  readonly cidr: Cidr | string;
  /** The availability zones, 1 to 4, in the order they take slots. */
  readonly availabilityZones: readonly string[];
}

/**
 * A list of availability zones a tenant network can spread over: 1 to {@link MAX_AVAILABILITY_ZONES}
 * names, none empty or repeated. @throws PaCloudKitError naming the field or the zone
 */
export function checkAvailabilityZoneList(zones: unknown, field: string): string[] {
  if (!Array.isArray(zones) || zones.length < 1 || zones.length > MAX_AVAILABILITY_ZONES) {
    throw new PaCloudKitError({ field, value: zones, rule: `must list 1 to ${MAX_AVAILABILITY_ZONES} availability zones` });
  }
  zones.forEach((zone, i) => {
    if (typeof zone !== 'string' || zone.trim() === '') {
      throw new PaCloudKitError({ field: `${field}[${i}]`, value: zone, rule: 'must be a non-empty zone name' });
    }
    if (zones.indexOf(zone) !== i) {
      throw new PaCloudKitError({ field: `${field}[${i}]`, value: zone, rule: 'must not repeat a zone' });
    }
  });
  return [...zones] as string[];
}

/**
 * Lays out a tenant's range: a quarter per tier (public, private, data, management), and in each
 * tier a slot per availability zone (a sixteenth of the range). The layout depends only on the
 * range and the zones' positions, so adding a zone never moves an existing subnet.
 */
export function planTenantNetwork(props: TenantNetworkPlanProps, field = 'network'): TenantNetworkPlan {
  const cidr = Cidr.parse(props.cidr, `${field}.cidr`);
  if (cidr.prefixLength < MIN_TENANT_PREFIX || cidr.prefixLength > MAX_TENANT_PREFIX) {
    throw new PaCloudKitError({ field: `${field}.cidr`, value: cidr.toString(), rule: `must have a prefix length from /${MIN_TENANT_PREFIX} to /${MAX_TENANT_PREFIX}` });
  }
  const zones = checkAvailabilityZoneList(props.availabilityZones, `${field}.availabilityZones`);
  const tierPrefix = cidr.prefixLength + 2;
  const subnetPrefix = cidr.prefixLength + 4;
  const tierBlocks = {} as Record<NetworkTier, Cidr>;
  const subnets: SubnetPlan[] = [];
  NETWORK_TIERS.forEach((tier, t) => {
    const block = cidr.child(t, tierPrefix);
    tierBlocks[tier] = block;
    zones.forEach((availabilityZone, z) => subnets.push({ tier, availabilityZone, cidr: block.child(z, subnetPrefix) }));
  });
  return { cidr, availabilityZones: [...zones], subnets, tierBlocks };
}

/** The subnets of one tier, zone by zone. */
export function subnetsOfTier(plan: TenantNetworkPlan, tier: NetworkTier): SubnetPlan[] {
  return plan.subnets.filter((s) => s.tier === tier);
}

/** A request for a tenant's range: either a given CIDR or a block from the pool. */
export interface RangeRequest {
  /** A unique name for the tenant, e.g. its IPA code. */
  readonly id: string;
  /**
   * The tenant's own range.
   * @default - the first free block of `prefixLength` in the pool
   */
  readonly cidr?: Cidr | string;
  /**
   * The size of the block taken from the pool.
   * @default 16
   */
  readonly prefixLength?: number;
}

/**
 * Allocates a range per tenant. Tenants are handled in the order given: a tenant with its own
 * range keeps it, and a tenant without one takes the first free block of its size in the first
 * pool that has one (pools in the order given). Because no allocation depends on a tenant listed
 * after it, appending a tenant never moves an existing one, and appending a pool never moves one
 * either (a tenant takes a later pool only when every earlier one is full); a new range that
 * would collide with an existing allocation is an error, not a move.
 *
 * @param pools the pool, or the pools in the order they are used (they must not overlap)
 * @param poolField the field named in pool errors, e.g. `defaults.networkPool`
 * @returns the ranges by tenant ID, in the order given
 */
export function allocateTenantRanges(
  pools: Cidr | string | ReadonlyArray<Cidr | string>,
  requests: readonly RangeRequest[],
  field = 'tenants',
  poolField = 'networkPool',
): Map<string, Cidr> {
  const poolList = parsePools(pools, poolField);
  const allocated = new Map<string, Cidr>();
  // The allocations in address order, kept sorted as they are added (binary insertion), so the
  // search for a free block is one pass from the pool's start, not a sort per tenant.
  const sorted: Cidr[] = [];
  requests.forEach((request, i) => {
    if (allocated.has(request.id)) {
      throw new PaCloudKitError({ field: `${field}[${i}]`, value: request.id, rule: 'must be unique: each tenant appears once' });
    }
    let cidr: Cidr;
    if (request.cidr !== undefined) {
      cidr = Cidr.parse(request.cidr, `${field}[${i}].cidr`);
      const clash = overlapping(sorted, cidr);
      if (clash) {
        const other = [...allocated].find(([, range]) => range === clash)![0];
        throw new PaCloudKitError({
          field: `${field}[${i}].cidr`,
          value: cidr.toString(),
          rule: `must not overlap ${clash} of tenant ${other}`,
        });
      }
    } else {
      const prefixLength = request.prefixLength ?? MIN_TENANT_PREFIX;
      if (!Number.isInteger(prefixLength) || prefixLength < MIN_TENANT_PREFIX || prefixLength > MAX_TENANT_PREFIX) {
        throw new PaCloudKitError({ field: `${field}[${i}].prefixLength`, value: prefixLength, rule: `must be a whole number from ${MIN_TENANT_PREFIX} to ${MAX_TENANT_PREFIX}` });
      }
      cidr = firstFreeBlock(poolList, prefixLength, sorted, `${field}[${i}]`, request.id, poolField);
    }
    allocated.set(request.id, cidr);
    sorted.splice(insertionPoint(sorted, cidr.first), 0, cidr);
  });
  return allocated;
}

function parsePools(pools: Cidr | string | ReadonlyArray<Cidr | string>, poolField: string): Cidr[] {
  const single = typeof pools === 'string' || pools instanceof Cidr;
  const list = single ? [Cidr.parse(pools, poolField)] : pools.map((p, i) => Cidr.parse(p, `${poolField}[${i}]`));
  if (list.length === 0) throw new PaCloudKitError({ field: poolField, value: [], rule: 'must list at least one range, e.g. ["10.0.0.0/8"]' });
  list.forEach((pool, i) => {
    const j = list.findIndex((other, k) => k < i && other.overlaps(pool));
    if (j >= 0) throw new PaCloudKitError({ field: `${poolField}[${i}]`, value: pool.toString(), rule: `must not overlap ${list[j]} (${poolField}[${j}]): each pool is a separate range` });
  });
  return list;
}

/** The index at which a range starting at `first` goes in the address-ordered list. */
function insertionPoint(sorted: readonly Cidr[], first: bigint): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].first < first) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An allocation that overlaps `cidr`, if any (the allocations never overlap one another). */
function overlapping(sorted: readonly Cidr[], cidr: Cidr): Cidr | undefined {
  const at = insertionPoint(sorted, cidr.first);
  // Only the neighbours can overlap: the one starting before `cidr`, and those starting inside it.
  if (at > 0 && sorted[at - 1].overlaps(cidr)) return sorted[at - 1];
  return at < sorted.length && sorted[at].overlaps(cidr) ? sorted[at] : undefined;
}

function firstFreeBlock(pools: readonly Cidr[], prefixLength: number, sorted: readonly Cidr[], field: string, id: string, poolField: string): Cidr {
  const fits = pools.filter((pool) => prefixLength >= pool.prefixLength);
  if (fits.length === 0) {
    const what = pools.length === 1 ? `the pool ${pools[0]}` : `every pool (${pools.join(', ')})`;
    throw new PaCloudKitError({ field: `${field}.prefixLength`, value: prefixLength, rule: `must not be larger than ${what}` });
  }
  const size = 1n << BigInt(IPV4_BITS - prefixLength);
  const align = (address: bigint) => ((address + size - 1n) / size) * size;
  for (const pool of fits) {
    // One pass over the allocations in address order from the pool's start: each clash moves the candidate past it.
    let start = pool.first;
    for (let k = Math.max(0, insertionPoint(sorted, pool.first) - 1); k < sorted.length; k++) {
      const range = sorted[k];
      if (range.last < start) continue;
      if (range.first > start + size - 1n) break;
      start = align(range.last + 1n);
    }
    if (start + size - 1n <= pool.last) return Cidr.fromStart(start, prefixLength);
  }
  const which = pools.length === 1 ? `the network pool ${pools[0]} is full` : `every network pool (${pools.join(', ')}) is full`;
  throw new PaCloudKitError({
    field,
    value: id,
    rule: `needs a free /${prefixLength} but ${which}: add a pool to ${poolField}, widen it, give tenants smaller ranges (a larger prefix length), or give the tenant its own cidr`,
  });
}

/** A range with a name, for overlap reports. */
export interface NamedRange {
  readonly name: string;
  readonly cidr: Cidr | string;
}

/** Every pair of ranges that overlap, in input order. */
export function findOverlaps(ranges: readonly NamedRange[]): Array<[NamedRange, NamedRange]> {
  const parsed = ranges.map((r, i) => Cidr.parse(r.cidr, `ranges[${i}].cidr`));
  const pairs: Array<[NamedRange, NamedRange]> = [];
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      if (parsed[i].overlaps(parsed[j])) pairs.push([ranges[i], ranges[j]]);
    }
  }
  return pairs;
}

/** Throws the kit's error for the first overlapping pair, naming both ranges. */
export function assertNoOverlaps(ranges: readonly NamedRange[], field = 'ranges'): void {
  const [pair] = findOverlaps(ranges);
  if (!pair) return;
  const [a, b] = pair;
  throw new PaCloudKitError({ field: `${field}.${b.name}`, value: String(b.cidr), rule: `must not overlap ${a.cidr} of ${a.name}` });
}

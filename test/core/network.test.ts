import * as fc from 'fast-check';
import {
  Cidr,
  NetworkTier,
  PaCloudKitError,
  allocateTenantRanges,
  assertNoOverlaps,
  findOverlaps,
  planTenantNetwork,
  subnetsOfTier,
} from '../../lib/core';

describe('Cidr.parse', () => {
  test('parses and renders a range', () => {
    const cidr = Cidr.parse('10.20.0.0/16');
    expect(cidr.toString()).toBe('10.20.0.0/16');
    expect(cidr.prefixLength).toBe(16);
    expect(cidr.size).toBe(65536n);
    expect(cidr.contains(Cidr.parse('10.20.128.0/17'))).toBe(true);
    expect(cidr.overlaps(Cidr.parse('10.21.0.0/16'))).toBe(false);
    expect(JSON.stringify({ cidr })).toBe('{"cidr":"10.20.0.0/16"}');
  });

  test('rejects a prefix length above 32', () => {
    expect(() => Cidr.parse('10.0.0.0/33', 'tenants[0].cidr')).toThrow(PaCloudKitError);
    expect(() => Cidr.parse('10.0.0.0/33', 'tenants[0].cidr')).toThrow('tenants[0].cidr: must have a prefix length from 0 to 32, got "10.0.0.0/33"');
  });

  test.each([['10.0.0.0'], ['10.0.0/8'], ['abc'], [''], [167772160], ['10.0.0.0/8/8']])('rejects %p as not CIDR notation', (value) => {
    expect(() => Cidr.parse(value, 'cidr')).toThrow(/^cidr: must be an IPv4 range in CIDR notation, e\.g\. "10\.20\.0\.0\/16", got /);
  });

  test('rejects octets above 255', () => {
    expect(() => Cidr.parse('300.1.1.0/24')).toThrow('cidr: must be an IPv4 range with octets from 0 to 255, got "300.1.1.0/24"');
  });

  test('rejects host bits and suggests the network address', () => {
    expect(() => Cidr.parse('10.0.0.1/16')).toThrow('cidr: must have no host bits set: did you mean "10.0.0.0/16"?, got "10.0.0.1/16"');
  });
});

describe('planTenantNetwork', () => {
  test('lays out a quarter per tier and a slot per zone', () => {
    const plan = planTenantNetwork({ cidr: '10.20.0.0/16', availabilityZones: ['eu-south-1a', 'eu-south-1b', 'eu-south-1c'] });
    expect(Object.fromEntries(Object.entries(plan.tierBlocks).map(([k, v]) => [k, v.toString()]))).toEqual({
      public: '10.20.0.0/18',
      private: '10.20.64.0/18',
      data: '10.20.128.0/18',
      management: '10.20.192.0/18',
    });
    expect(subnetsOfTier(plan, NetworkTier.DATA).map((s) => `${s.availabilityZone} ${s.cidr}`)).toEqual([
      'eu-south-1a 10.20.128.0/20',
      'eu-south-1b 10.20.144.0/20',
      'eu-south-1c 10.20.160.0/20',
    ]);
    expect(plan.subnets).toHaveLength(12);
  });

  test('adding a zone never moves an existing subnet', () => {
    const two = planTenantNetwork({ cidr: '10.1.0.0/20', availabilityZones: ['a', 'b'] });
    const three = planTenantNetwork({ cidr: '10.1.0.0/20', availabilityZones: ['a', 'b', 'c'] });
    for (const s of two.subnets) {
      expect(three.subnets.find((t) => t.tier === s.tier && t.availabilityZone === s.availabilityZone)?.cidr.toString()).toBe(s.cidr.toString());
    }
  });

  test('a /24 tenant gets /28 subnets, the smallest AWS accepts', () => {
    const plan = planTenantNetwork({ cidr: '192.168.10.0/24', availabilityZones: ['a'] });
    expect(plan.subnets.map((s) => s.cidr.toString())).toEqual(['192.168.10.0/28', '192.168.10.64/28', '192.168.10.128/28', '192.168.10.192/28']);
  });

  test.each([
    [{ cidr: '10.0.0.0/8', availabilityZones: ['a'] }, 'network.cidr: must have a prefix length from /16 to /24, got "10.0.0.0/8"'],
    [{ cidr: '10.0.0.0/26', availabilityZones: ['a'] }, 'network.cidr: must have a prefix length from /16 to /24, got "10.0.0.0/26"'],
    [{ cidr: '10.0.0.0/16', availabilityZones: [] }, 'network.availabilityZones: must list 1 to 4 availability zones, got []'],
    [{ cidr: '10.0.0.0/16', availabilityZones: ['a', 'b', 'c', 'd', 'e'] }, 'network.availabilityZones: must list 1 to 4 availability zones, got ["a","b","c","d","e"]'],
    [{ cidr: '10.0.0.0/16', availabilityZones: ['a', ''] }, 'network.availabilityZones[1]: must be a non-empty zone name, got ""'],
    [{ cidr: '10.0.0.0/16', availabilityZones: ['a', 'a'] }, 'network.availabilityZones[1]: must not repeat a zone, got "a"'],
    [{ cidr: '10.0.0.0/33', availabilityZones: ['a'] }, 'network.cidr: must have a prefix length from 0 to 32, got "10.0.0.0/33"'],
  ])('rejects %p', (props, message) => {
    expect(() => planTenantNetwork(props)).toThrow(message);
  });
});

describe('allocateTenantRanges', () => {
  test('gives each tenant without a range the first free block, skipping given ranges', () => {
    const ranges = allocateTenantRanges('10.0.0.0/8', [{ id: 'a', cidr: '10.0.0.0/16' }, { id: 'b' }, { id: 'c', prefixLength: 20 }, { id: 'd' }]);
    expect(Object.fromEntries([...ranges].map(([k, v]) => [k, v.toString()]))).toEqual({
      a: '10.0.0.0/16', b: '10.1.0.0/16', c: '10.2.0.0/20', d: '10.3.0.0/16',
    });
  });

  test('two tenants on 10.1.0.0/16 and 10.1.128.0/17 overlap', () => {
    const attempt = () => allocateTenantRanges('10.0.0.0/8', [{ id: 'c_a000', cidr: '10.1.0.0/16' }, { id: 'c_b000', cidr: '10.1.128.0/17' }]);
    expect(attempt).toThrow(PaCloudKitError);
    expect(attempt).toThrow('tenants[1].cidr: must not overlap 10.1.0.0/16 of tenant c_a000, got "10.1.128.0/17"');
  });

  test('a given range that collides with an earlier allocation is an error, not a move', () => {
    expect(() => allocateTenantRanges('10.0.0.0/8', [{ id: 'a' }, { id: 'b', cidr: '10.0.0.0/16' }])).toThrow(
      'tenants[1].cidr: must not overlap 10.0.0.0/16 of tenant a, got "10.0.0.0/16"',
    );
  });

  test('a full pool is an error that says what to do', () => {
    expect(() => allocateTenantRanges('10.0.0.0/15', [{ id: 'a' }, { id: 'b' }, { id: 'c' }])).toThrow(
      'tenants[2]: needs a free /16 but the network pool 10.0.0.0/15 is full: add a pool to networkPool, widen it, give tenants smaller ranges (a larger prefix length), or give the tenant its own cidr, got "c"',
    );
  });

  test('several pools: a tenant takes a later pool only when the earlier ones are full', () => {
    const ranges = allocateTenantRanges(['10.0.0.0/15', '172.16.0.0/12'], [{ id: 'a' }, { id: 'b', prefixLength: 20 }, { id: 'c' }, { id: 'd', prefixLength: 20 }, { id: 'e', prefixLength: 17 }]);
    expect(Object.fromEntries([...ranges].map(([k, v]) => [k, v.toString()]))).toEqual({
      a: '10.0.0.0/16', b: '10.1.0.0/20', c: '172.16.0.0/16', d: '10.1.16.0/20', e: '10.1.128.0/17',
    });
  });

  test('every pool full: the error names the pools, the field and what to do', () => {
    expect(() => allocateTenantRanges(['10.0.0.0/16', '10.1.0.0/16'], [{ id: 'a' }, { id: 'b' }, { id: 'c' }], 'tenants', 'defaults.networkPool')).toThrow(
      'tenants[2]: needs a free /16 but every network pool (10.0.0.0/16, 10.1.0.0/16) is full: add a pool to defaults.networkPool, widen it, give tenants smaller ranges (a larger prefix length), or give the tenant its own cidr, got "c"',
    );
  });

  test('pools must not overlap, and a list must not be empty', () => {
    expect(() => allocateTenantRanges(['10.0.0.0/8', '10.1.0.0/16'], [{ id: 'a' }], 'tenants', 'defaults.networkPool')).toThrow(
      'defaults.networkPool[1]: must not overlap 10.0.0.0/8 (defaults.networkPool[0]): each pool is a separate range, got "10.1.0.0/16"',
    );
    expect(() => allocateTenantRanges([], [{ id: 'a' }])).toThrow('networkPool: must list at least one range, e.g. ["10.0.0.0/8"], got []');
    expect(() => allocateTenantRanges(['10.0.0.0/8', 'x'], [{ id: 'a' }])).toThrow(/^networkPool\[1\]: must be an IPv4 range in CIDR notation/);
  });

  test('a block larger than every pool names them', () => {
    expect(() => allocateTenantRanges(['10.0.0.0/20', '10.1.0.0/20'], [{ id: 'a' }])).toThrow('tenants[0].prefixLength: must not be larger than every pool (10.0.0.0/20, 10.1.0.0/20), got 16');
  });

  test('a thousand /20 tenants fit 10.0.0.0/8, each in its own block, quickly', () => {
    const requests = Array.from({ length: 1000 }, (_, i) => ({ id: `t${i}`, prefixLength: 20 }));
    const started = Date.now();
    const ranges = allocateTenantRanges('10.0.0.0/8', requests);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(ranges.get('t0')!.toString()).toBe('10.0.0.0/20');
    expect(ranges.get('t16')!.toString()).toBe('10.1.0.0/20');
    expect(ranges.get('t999')!.toString()).toBe('10.62.112.0/20');
  });

  test.each([
    [[{ id: 'a' }, { id: 'a' }], 'tenants[1]: must be unique: each tenant appears once, got "a"'],
    [[{ id: 'a', prefixLength: 12 }], 'tenants[0].prefixLength: must be a whole number from 16 to 24, got 12'],
    [[{ id: 'a', cidr: '10.0.0.0/33' }], 'tenants[0].cidr: must have a prefix length from 0 to 32, got "10.0.0.0/33"'],
  ])('rejects %p', (requests, message) => {
    expect(() => allocateTenantRanges('10.0.0.0/8', requests)).toThrow(message);
  });

  test('rejects a pool smaller than the block asked for, and a bad pool', () => {
    expect(() => allocateTenantRanges('10.0.0.0/20', [{ id: 'a' }])).toThrow('tenants[0].prefixLength: must not be larger than the pool 10.0.0.0/20, got 16');
    expect(() => allocateTenantRanges('10.0.0.0', [{ id: 'a' }])).toThrow(/^networkPool: must be an IPv4 range in CIDR notation/);
  });
});

describe('overlap detection', () => {
  test('finds every overlapping pair', () => {
    const pairs = findOverlaps([
      { name: 'a', cidr: '10.0.0.0/16' },
      { name: 'b', cidr: '10.0.128.0/17' },
      { name: 'c', cidr: '10.1.0.0/16' },
      { name: 'd', cidr: '10.0.0.0/8' },
    ]);
    expect(pairs.map(([x, y]) => `${x.name}-${y.name}`)).toEqual(['a-b', 'a-d', 'b-d', 'c-d']);
  });

  test('assertNoOverlaps names both ranges', () => {
    expect(() => assertNoOverlaps([{ name: 'x', cidr: '10.1.0.0/16' }, { name: 'y', cidr: '10.1.128.0/17' }], 'tenants')).toThrow(
      'tenants.y: must not overlap 10.1.0.0/16 of x, got "10.1.128.0/17"',
    );
    expect(() => assertNoOverlaps([{ name: 'x', cidr: '10.1.0.0/16' }, { name: 'y', cidr: '10.2.0.0/16' }])).not.toThrow();
  });
});

describe('network planner properties', () => {
  // A tenant either brings a range inside 172.16.0.0/12 (outside the pool) or takes one from the pool.
  const request = fc.oneof(
    fc.record({ prefixLength: fc.integer({ min: 16, max: 24 }) }),
    fc.record({ own: fc.integer({ min: 0, max: 15 }) }),
  );
  const requestsArb = fc.array(request, { minLength: 1, maxLength: 40 }).map((rs) =>
    rs.map((r, i) => ('own' in r ? { id: `t${i}`, cidr: `172.${16 + r.own}.${i % 256}.0/24` } : { id: `t${i}`, prefixLength: r.prefixLength })),
  );
  const pool = Cidr.parse('10.0.0.0/10');

  /** Allocates, or returns undefined when the input itself is invalid (e.g. two own ranges collide). */
  const tryAllocate = (requests: Parameters<typeof allocateTenantRanges>[1]) => {
    try {
      return allocateTenantRanges(pool, requests);
    } catch (e) {
      if (e instanceof PaCloudKitError) return undefined;
      throw e;
    }
  };

  test('allocations never overlap, and pool allocations stay inside the pool', () => {
    fc.assert(fc.property(requestsArb, (requests) => {
      const ranges = tryAllocate(requests);
      if (!ranges) return;
      const list = [...ranges.values()];
      for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) expect(list[i].overlaps(list[j])).toBe(false);
      requests.forEach((r) => {
        const got = ranges.get(r.id)!;
        if ('prefixLength' in r) {
          expect(pool.contains(got)).toBe(true);
          expect(got.prefixLength).toBe(r.prefixLength);
        } else {
          expect(got.toString()).toBe(r.cidr);
        }
      });
    }));
  });

  test('the same input always gives the same plan', () => {
    fc.assert(fc.property(requestsArb, (requests) => {
      const a = tryAllocate(requests);
      const b = tryAllocate(requests);
      expect(a && [...a].map(([k, v]) => `${k}=${v}`)).toEqual(b && [...b].map(([k, v]) => `${k}=${v}`));
    }));
  });

  test('with several pools of mixed sizes: no overlaps, each block in one pool, appending a tenant or a pool moves nobody', () => {
    const pools = ['10.0.0.0/14', '10.8.0.0/16', '192.168.0.0/16'];
    fc.assert(fc.property(requestsArb, request, (requests, extra) => {
      const tryWith = (ps: readonly string[], rs: Parameters<typeof allocateTenantRanges>[1]) => {
        try {
          return allocateTenantRanges(ps, rs);
        } catch (e) {
          if (e instanceof PaCloudKitError) return undefined;
          throw e;
        }
      };
      const before = tryWith(pools.slice(0, 2), requests);
      if (!before) return;
      const list = [...before.values()];
      for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) expect(list[i].overlaps(list[j])).toBe(false);
      requests.forEach((r) => {
        if ('prefixLength' in r) expect(pools.slice(0, 2).some((p) => Cidr.parse(p).contains(before.get(r.id)!))).toBe(true);
      });
      const added = 'own' in extra ? { id: 'new', cidr: `172.${16 + extra.own}.255.0/24` } : { id: 'new', prefixLength: extra.prefixLength };
      for (const after of [tryWith(pools.slice(0, 2), [...requests, added]), tryWith(pools, requests), tryWith(pools, [...requests, added])]) {
        if (!after) continue;
        for (const [id, cidr] of before) expect(after.get(id)!.toString()).toBe(cidr.toString());
      }
    }));
  });

  test('adding a tenant leaves existing allocations unchanged', () => {
    fc.assert(fc.property(requestsArb, request, (requests, extra) => {
      const before = tryAllocate(requests);
      if (!before) return;
      const added = 'own' in extra ? { id: 'new', cidr: `172.${16 + extra.own}.255.0/24` } : { id: 'new', prefixLength: extra.prefixLength };
      const after = tryAllocate([...requests, added]);
      if (!after) return; // the new tenant's own range collides: an error, never a move
      for (const [id, cidr] of before) expect(after.get(id)!.toString()).toBe(cidr.toString());
    }));
  });

  test('tenant plans keep every subnet inside its tier block and tier blocks apart', () => {
    fc.assert(fc.property(fc.integer({ min: 16, max: 24 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 255 }), (prefix, zoneCount, octet) => {
      const base = Cidr.parse(`10.${octet}.0.0/16`).child(0, prefix);
      const plan = planTenantNetwork({ cidr: base, availabilityZones: ['a', 'b', 'c', 'd'].slice(0, zoneCount) });
      expect(plan.subnets).toHaveLength(4 * zoneCount);
      for (const s of plan.subnets) {
        expect(plan.tierBlocks[s.tier].contains(s.cidr)).toBe(true);
        expect(base.contains(s.cidr)).toBe(true);
      }
      const found = findOverlaps(plan.subnets.map((s, i) => ({ name: String(i), cidr: s.cidr })));
      expect(found).toEqual([]);
    }));
  });
});

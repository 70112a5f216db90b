/** Network ranges in private address space unless the file opts in; special-purpose blocks and placeholder accounts refused. */
import { BASE, located, parse, secondTenant } from './helpers';

const withPool = (pool: string, extra: readonly string[] = []) => BASE.map((l) => (l.startsWith('  networkPool:') ? [`  networkPool: ${pool}`, ...extra].join('\n') : l));
const PRIVATE = 'must be in private address space: within 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (RFC 1918) or 100.64.0.0/10 (RFC 6598); to use public addresses the PA holds, set defaults.allowPublicRanges: true';

describe('defaults.networkPool', () => {
  test('0.0.0.0/0 is refused, opt-in or not', () => {
    expect(located(withPool('0.0.0.0/0'))).toEqual([`3:16 defaults.networkPool: must not overlap 0.0.0.0/8, "this network" (RFC 1122): use private addresses, e.g. "10.20.0.0/16", got "0.0.0.0/0"`]);
    expect(located(withPool('0.0.0.0/0', ['  allowPublicRanges: true']))).toEqual([`3:16 defaults.networkPool: must not overlap 0.0.0.0/8, "this network" (RFC 1122): use private addresses, e.g. "10.20.0.0/16", got "0.0.0.0/0"`]);
  });

  test('public space is refused without the opt-in, and accepted with it', () => {
    expect(located(withPool('8.0.0.0/8'))).toEqual([`3:16 defaults.networkPool: ${PRIVATE}, got "8.0.0.0/8"`]);
    expect(parse(withPool('8.0.0.0/8', ['  allowPublicRanges: true'])).tenants[0].cidr.toString()).toBe('8.0.0.0/16');
  });

  test('a pool straddling private and public space is refused', () => {
    expect(located(withPool('172.0.0.0/8'))).toEqual([`3:16 defaults.networkPool: ${PRIVATE}, got "172.0.0.0/8"`]);
  });

  test('special-purpose blocks stay refused with the opt-in', () => {
    expect(located(withPool('224.0.0.0/8', ['  allowPublicRanges: true']))).toEqual([`3:16 defaults.networkPool: must not overlap 224.0.0.0/4, multicast (RFC 5771): use private addresses, e.g. "10.20.0.0/16", got "224.0.0.0/8"`]);
    expect(located(withPool('127.0.0.0/8', ['  allowPublicRanges: true']))[0]).toMatch(/loopback/);
    expect(located(withPool('169.254.0.0/16', ['  allowPublicRanges: true']))[0]).toMatch(/link-local/);
  });

  test('every private block is accepted: RFC 1918 and RFC 6598', () => {
    for (const pool of ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10']) {
      expect(parse(withPool(pool)).tenants[0].cidr.toString()).toBe(pool.replace(/\/\d+$/, '/16'));
    }
  });

  test('allowPublicRanges must be true or false', () => {
    expect(located(withPool('10.0.0.0/8', ['  allowPublicRanges: yes please']))).toEqual(['4:22 defaults.allowPublicRanges: must be true or false, got "yes please"']);
  });
});

describe('tenants[].cidr', () => {
  test('a tenant on public addresses is refused, naming the tenant\'s field', () => {
    expect(located([...BASE, '    cidr: 93.184.0.0/16'])).toEqual([`11:11 tenants[0].cidr: ${PRIVATE}, got "93.184.0.0/16"`]);
  });

  test('a tenant in 100.64.0.0/10 (RFC 6598) is accepted', () => {
    expect(parse([...BASE, '    cidr: 100.64.0.0/16']).tenants[0].cidr.toString()).toBe('100.64.0.0/16');
  });

  test('with the opt-in a public range is accepted', () => {
    expect(parse([...withPool('10.0.0.0/8', ['  allowPublicRanges: true']), '    cidr: 93.184.0.0/16']).tenants[0].cidr.toString()).toBe('93.184.0.0/16');
  });
});

describe('AWS account IDs', () => {
  test('000000000000 is refused on the tenant, its backup copy and the aggregator', () => {
    const rule = 'must be a real AWS account ID (all zeros, a placeholder, not an account): the 12 digits of the account, in quotes, got "000000000000"';
    expect(located(BASE.map((l) => l.replace('"123456789012"', '"000000000000"')))).toEqual([`10:14 tenants[0].account: ${rule}`]);
    expect(located([...BASE, '    backupCopy:', '      account: "000000000000"'])).toEqual([`12:16 tenants[0].backupCopy.account: ${rule}`]);
    expect(located(['aggregator:', '  ipaCode: r_x', '  name: Regione', '  incidentContact: soc@regione.example.it', '  account: "000000000000"', ...BASE, ...secondTenant()]))
      .toContainEqual(`5:12 aggregator.account: ${rule}`);
  });
});

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

describe('range sizes and several pools', () => {
  const tenant = (code: string, classification: string, extra: readonly string[] = []) => [
    `  - ipaCode: ${code}`, '    name: Comune', `    classification: ${classification}`, '    owner: CED', '    incidentContact: ced@comune.example.it',
    '    provider: aws', `    account: "12345678${String(1000 + code.length).slice(-4)}"`, ...extra,
  ];
  const file = (defaults: readonly string[], tenants: readonly string[][]) => ['defaults:', '  qualification: QC3', ...defaults, 'tenants:', ...tenants.flat()];
  const withKeys = ['    keys:', '      kmsKeyArn: arn:aws:kms:eu-south-1:123456781004:key/1234abcd-12ab-34cd-56ef-1234567890ab', '    backupCopy:', '      account: "123456781099"'];

  test('tenantRangePrefix sets the size of every pool range, per class overrides it', () => {
    const config = parse(file(
      ['  networkPool: 10.0.0.0/8', '  tenantRangePrefix: 20', '  tenantRangePrefixByClass:', '    critico: 18'],
      [tenant('c_a000', 'ordinario'), tenant('c_b000', 'critico', withKeys), tenant('c_c000', 'ordinario')],
    ));
    expect(config.tenants.map((t) => `${t.identity.ipaCode} ${t.cidr} ${t.cidrSource}`)).toEqual([
      'c_a000 10.0.0.0/20 pool', 'c_b000 10.0.64.0/18 pool', 'c_c000 10.0.16.0/20 pool',
    ]);
  });

  test('a list of pools: the next pool is used when the first is full, and listed in networkPools', () => {
    const config = parse(file(
      ['  networkPool:', '    - 10.0.0.0/19', '    - 172.16.0.0/12', '  tenantRangePrefix: 20'],
      [tenant('c_a000', 'ordinario'), tenant('c_b000', 'ordinario'), tenant('c_c000', 'ordinario')],
    ));
    expect(config.tenants.map((t) => t.cidr.toString())).toEqual(['10.0.0.0/20', '10.0.16.0/20', '172.16.0.0/20']);
    expect(config.networkPools!.map(String)).toEqual(['10.0.0.0/19', '172.16.0.0/12']);
    expect(config.networkPool!.toString()).toBe('10.0.0.0/19');
  });

  test('every pool full: the error names the tenant, the pools and what to do', () => {
    expect(located(file(['  networkPool:', '    - 10.0.0.0/20', '    - 10.1.0.0/20', '  tenantRangePrefix: 20'],
      [tenant('c_a000', 'ordinario'), tenant('c_b000', 'ordinario'), tenant('c_c000', 'ordinario')]))).toEqual([
      '22:5 tenants[2].cidr: needs a free /20 but every network pool (10.0.0.0/20, 10.1.0.0/20) is full: add a pool to defaults.networkPool (the list), widen it, give tenants smaller ranges (a larger prefix length), or give the tenant its own cidr, got "c_c000"',
    ]);
  });

  test('pools must not overlap each other', () => {
    expect(located(file(['  networkPool:', '    - 10.0.0.0/8', '    - 10.1.0.0/16'], [tenant('c_a000', 'ordinario')]))).toEqual([
      '5:7 defaults.networkPool[1]: must not overlap 10.0.0.0/8 (defaults.networkPool[0]): each pool is a separate range, got "10.1.0.0/16"',
    ]);
  });

  test('a pool in public space is refused at its own position in the list', () => {
    expect(located(file(['  networkPool:', '    - 10.0.0.0/8', '    - 8.0.0.0/8'], [tenant('c_a000', 'ordinario')]))).toEqual([`5:7 defaults.networkPool[1]: ${PRIVATE}, got "8.0.0.0/8"`]);
  });

  test('a pool must hold at least the smallest tenant range', () => {
    expect(located(file(['  networkPool: 10.0.0.0/22', '  tenantRangePrefix: 20'], [tenant('c_a000', 'ordinario')]))).toEqual([
      '3:16 defaults.networkPool: must be a /20 or larger: it must hold at least the smallest tenant range the file asks for (defaults.tenantRangePrefix: /20), got "10.0.0.0/22"',
    ]);
  });

  test('a class size larger than every pool names the size field', () => {
    expect(located(file(['  networkPool: 10.0.0.0/20', '  tenantRangePrefix: 20', '  tenantRangePrefixByClass:', '    critico: 16'],
      [tenant('c_a000', 'critico', withKeys)]))).toEqual([
      '6:14 defaults.tenantRangePrefixByClass.critico: must not be larger than the pool 10.0.0.0/20 (tenants[0] c_a000 takes a /16): choose a size of at most the pool, or a larger pool, got 16',
    ]);
  });

  test('a strategico AWS tenant (egress firewall on) needs a /22 or larger', () => {
    expect(located(file(['  networkPool: 10.0.0.0/8', '  tenantRangePrefix: 24'], [tenant('c_a000', 'strategico', withKeys)]))).toEqual([
      '4:22 defaults.tenantRangePrefix: must be 22 or less (a /22 or larger range) for tenants[0] (c_a000, strategico on AWS): its egress firewall subnets need it; set a size for the class in defaults.tenantRangePrefixByClass, or give the tenant its own cidr, got 24 [ABSC-NET-03]',
    ]);
  });

  test('a strategico AWS tenant with its own cidr smaller than a /22 is refused at its cidr (the AWS network\'s rule)', () => {
    expect(located(file([], [tenant('c_a000', 'strategico', [...withKeys, '    cidr: 10.99.0.0/24'])]))).toEqual([
      '15:11 tenants[0].cidr: must be a /22 or larger range for a strategico tenant on AWS: its egress firewall subnets need it, got "10.99.0.0/24" [ABSC-NET-03]',
    ]);
    // With ABSC-NET-03 acknowledged the firewall is off (the construct decides the same way), and a /24 is accepted.
    const acknowledged = [...withKeys, '    cidr: 10.99.0.0/24', '    acknowledgements:', '      - control: ABSC-NET-03', '        reason: egress through the regional proxy'];
    expect(parse(file([], [tenant('c_a000', 'strategico', acknowledged)])).tenants[0].cidr.toString()).toBe('10.99.0.0/24');
  });

  test.each([
    [['  tenantRangePrefix: 15'], '4:22 defaults.tenantRangePrefix: must be >= 16, got 15'],
    [['  tenantRangePrefix: 25'], '4:22 defaults.tenantRangePrefix: must be <= 24, got 25'],
    [['  tenantRangePrefix: "20"'], '4:22 defaults.tenantRangePrefix: must be a whole number, got "20"'],
    [['  tenantRangePrefixByClass:', '    piccolo: 20'], '5:5 defaults.tenantRangePrefixByClass: unknown key "piccolo" (allowed: ordinario, critico, strategico)'],
    [['  networkPool: []'], '3:16 defaults.networkPool: must be an IPv4 range in CIDR notation, e.g. "10.20.0.0/16", got []'],
    [['  networkPool: [10.0.0.0/8, x]'], '3:29 defaults.networkPool[1]: must be an IPv4 range in CIDR notation, e.g. "10.20.0.0/16", got "x"'],
  ])('bad sizes and pools are refused: %p', (lines, message) => {
    const errors = located(file(lines[0].startsWith('  networkPool') ? lines : ['  networkPool: 10.0.0.0/8', ...lines], [tenant('c_a000', 'ordinario')]));
    expect(errors.join('\n')).toContain(message);
  });
});

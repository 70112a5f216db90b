/**
 * The landing zones files the benchmarks synthesize: `count` ordinario tenants of an aggregator,
 * on AWS or OpenStack, generated so a benchmark can scale them.
 */

export type BenchProvider = 'aws' | 'openstack';

export interface BenchFileOptions {
  /** Every tenant's provider; written as `defaults.provider`, with its region or openstack section. */
  readonly provider?: BenchProvider;
  /** `defaults.tenantRangePrefix`: the size of each tenant's range, e.g. 20 for a thousand tenants in 10.0.0.0/8. */
  readonly tenantRangePrefix?: number;
  /** Digits of the tenants' codice IPA number (`c_b007` with 3). */
  readonly digits?: number;
}

/** A landing zones file with `count` ordinario tenants, numbered from `from`. */
export function landingZonesFile(count: number, options: BenchFileOptions = {}, from = 0): string {
  const { provider } = options;
  const lines = [
    'aggregator:',
    '  ipaCode: r_bench',
    '  name: Aggregatore di prova',
    '  incidentContact: soc@aggregatore.example.it',
    '  account: "111111111111"',
    'defaults:',
    ...(provider ? [`  provider: ${provider}`] : []),
    '  qualification: QC1',
    '  networkPool: 10.0.0.0/8',
    ...(options.tenantRangePrefix !== undefined ? [`  tenantRangePrefix: ${options.tenantRangePrefix}`] : []),
    ...(provider === 'aws' ? ['  region: eu-south-1'] : []),
    ...(provider === 'openstack' ? [
      'openstack:',
      '  cloud: bench-cloud',
      '  externalNetworkName: public',
      '  regions:',
      '    - name: it-mil1',
      '      country: IT',
      '  region: it-mil1',
      '  credentialsExpireAt: "2027-06-30T00:00:00Z"',
    ] : []),
    'tenants:',
  ];
  return `${lines.join('\n')}\n${tenantLines(count, options, from)}`;
}

/** The `tenants` entries of {@link landingZonesFile}, to append tenants to a file. */
export function tenantLines(count: number, options: BenchFileOptions = {}, from = 0): string {
  const lines: string[] = [];
  for (let i = from; i < from + count; i++) {
    lines.push(
      `  - ipaCode: c_b${String(i).padStart(options.digits ?? 3, '0')}`,
      `    name: Comune di Prova ${i}`,
      '    classification: ordinario',
      '    owner: Servizi informativi',
      '    incidentContact: cert@comune.prova.example.it',
      ...(options.provider !== 'openstack' ? [`    account: "${String(200000000000 + i)}"`] : []),
    );
  }
  return `${lines.join('\n')}\n`;
}

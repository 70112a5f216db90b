// The OpenStack keys of the landing zones file for container sync (realm and clusters), FWaaS,
// the provider's NTP servers and the catalog service types: resolution and every bad input.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesizeLandingZones } from '../../lib/aggregator';
import { ResolvedOpenStackTenant } from '../../lib/config';
import { located, parse } from './helpers';

/**
 * A file with an OpenStack section and one OpenStack tenant of the class; `section` lines go at
 * the end of the openstack section (line 14 on), `regionExtra` into the regions (lines 7 and 9).
 */
function file(options: {
  classification?: string;
  section?: readonly string[];
  clusters?: readonly [string | undefined, string | undefined];
  tenant?: readonly string[];
} = {}): string[] {
  const [mil, rom] = options.clusters ?? ['mil1', 'rom1'];
  const classification = options.classification ?? 'critico';
  return [
    'defaults:', //                                     1
    '  qualification: QC3', //                          2
    'openstack:', //                                    3
    '  cloud: pa-cloud', //                             4
    '  externalNetworkName: public', //                     5
    '  regions:', //                                    6
    '    - { name: it-mil1, country: IT' + (mil ? `, containerSyncCluster: ${mil} }` : ' }'), // 7
    '    # second region', //                           8
    '    - { name: it-rom1, country: IT' + (rom ? `, containerSyncCluster: ${rom} }` : ' }'), // 9
    '  region: it-mil1', //                             10
    '  backupRegion: it-rom1', //                       11
    '  credentialsExpireAt: "2027-06-30T00:00:00Z"', // 12
    '  containerSyncRealm: pa-realm', //                13
    ...(options.section ?? []),
    'tenants:',
    '  - ipaCode: c_a000',
    '    name: Comune di Esempio',
    `    classification: ${classification}`,
    '    provider: openstack',
    '    owner: Servizi informativi',
    '    incidentContact: cert@comune.example.it',
    '    cidr: 10.20.0.0/16',
    ...(classification === 'ordinario' ? [] : ['    keys: { encryptedVolumeType: luks-hsm }']),
    ...(options.tenant ?? []),
  ];
}
const tenantOf = (lines: readonly string[]) => parse(lines).tenants[0] as ResolvedOpenStackTenant;

describe('container sync in the realm form', () => {
  test('a tenant with an off-site copy gets the realm and its copy region\'s cluster', () => {
    const config = parse(file());
    expect(config.openstack?.containerSyncRealm).toBe('pa-realm');
    expect(config.openstack?.containerSyncClusters).toEqual({ 'it-mil1': 'mil1', 'it-rom1': 'rom1' });
    expect((config.tenants[0] as ResolvedOpenStackTenant).containerSync).toEqual({ realm: 'pa-realm', cluster: 'rom1' });
  });

  test('an ordinario tenant without a copy needs neither', () => {
    const lines = file({ classification: 'ordinario', clusters: [undefined, undefined] }).filter((l) => !l.includes('containerSyncRealm'));
    expect(tenantOf(lines).containerSync).toBeUndefined();
  });

  test('no realm, while a tenant syncs off-site', () => {
    const lines = file().filter((l) => !l.includes('containerSyncRealm'));
    expect(located(lines)).toEqual([
      '4:3 openstack.containerSyncRealm: is required when a container syncs off-site (tenants[0] (c_a000) syncs its log archive and backups to it-rom1): the Swift container sync realm of the provider\'s container-sync-realms.conf, e.g. "pa-realm"; containers sync to //<realm>/<cluster>/AUTH_<project id>/<container>',
    ]);
  });

  test('no cluster for the region that receives the copies (reported once)', () => {
    expect(located(file({ clusters: ['mil1', undefined] }))).toEqual([
      '9:7 openstack.regions[1].containerSyncCluster: is required for it-rom1, which receives off-site copies (tenants[0] (c_a000) syncs its log archive and backups to it-rom1): the name of its Swift cluster in the realm, e.g. "it-rom1"',
    ]);
  });

  test('the aggregator\'s central containers sync to openstack.backupRegion even when no tenant has a copy', () => {
    const lines = ['aggregator:', '  ipaCode: r_esempio', '  name: Regione Esempio', '  incidentContact: soc@regione.example.it',
      ...file({ classification: 'ordinario', clusters: ['mil1', undefined] }).filter((l) => !l.includes('containerSyncRealm'))];
    expect(located(lines)).toEqual([
      '8:3 openstack.containerSyncRealm: is required when a container syncs off-site (the aggregator\'s central log containers sync to it-rom1): the Swift container sync realm of the provider\'s container-sync-realms.conf, e.g. "pa-realm"; containers sync to //<realm>/<cluster>/AUTH_<project id>/<container>',
      '13:7 openstack.regions[1].containerSyncCluster: is required for it-rom1, which receives off-site copies (the aggregator\'s central log containers sync to it-rom1): the name of its Swift cluster in the realm, e.g. "it-rom1"',
    ]);
  });

  test('a realm or cluster that would split the sync target', () => {
    const rule = 'must be a realm or cluster name of the provider\'s container-sync-realms.conf: 1-64 letters, digits, dots, underscores or hyphens, starting with a letter or digit';
    const lines = file({ clusters: ['mil1', '"rom/1"'] }).map((l) => l.replace('containerSyncRealm: pa-realm', 'containerSyncRealm: "pa realm"'));
    expect(located(lines)).toEqual([
      `9:59 openstack.regions[1].containerSyncCluster: ${rule}, got "rom/1"`,
      `13:23 openstack.containerSyncRealm: ${rule}, got "pa realm"`,
    ]);
  });
});

describe('FWaaS', () => {
  const ack = ['    acknowledgements:', '      - control: ABSC-NET-03', '        reason: the provider offers no FWaaS v2 (OVN)'];

  test('fwaas: false with the acknowledgement of each critico and strategico tenant', () => {
    const config = parse(file({ section: ['  fwaas: false'], tenant: ack }));
    expect(config.openstack?.fwaas).toBe(false);
    expect(config.tenants[0].policy.isAcknowledged('ABSC-NET-03')).toBe(true);
  });

  test.each(['critico', 'strategico'])('fwaas: false with a %s tenant that does not acknowledge ABSC-NET-03', (classification) => {
    const filtering = classification === 'critico' ? 'firewall-recommended' : 'firewall-required';
    const errors = located(file({ classification, section: ['  fwaas: false'] }));
    expect(errors).toEqual([
      `16:5 tenants[0].acknowledgements: must acknowledge ABSC-NET-03 with a reason: openstack.fwaas is false, so a ${classification} tenant, whose egress filtering is ${filtering}, gets no firewall, got nothing [ABSC-NET-03]`,
    ]);
  });

  test('an ordinario tenant needs no acknowledgement', () => {
    expect(parse(file({ classification: 'ordinario', section: ['  fwaas: false'] })).openstack?.fwaas).toBe(false);
  });

  test('fwaas must be true or false', () => {
    expect(located(file({ section: ['  fwaas: "no"'] }))).toEqual(['14:10 openstack.fwaas: must be true or false, got "no"']);
  });
});

describe('NTP servers of the provider', () => {
  test('resolved as written', () => {
    expect(parse(file({ section: ['  ntpServers: ["10.250.0.123", 10.250.1.123]'] })).openstack?.ntpServers).toEqual(['10.250.0.123', '10.250.1.123']);
  });

  test.each<[string, string, string]>([
    ['a host name', '  ntpServers: [ntp.provider.it]', '14:16 openstack.ntpServers[0]: must be an IPv4 address, e.g. "10.250.0.123" (security-group rules need an address), got "ntp.provider.it"'],
    ['an octet out of range', '  ntpServers: ["10.250.0.256"]', '14:16 openstack.ntpServers[0]: must be an IPv4 address, e.g. "10.250.0.123" (security-group rules need an address), got "10.250.0.256"'],
    ['an empty list', '  ntpServers: []', '14:15 openstack.ntpServers: must be a list of 1 to 8 IPv4 addresses of the provider\'s NTP servers, e.g. ["10.250.0.123"], got []'],
    ['a repeated address', '  ntpServers: ["10.250.0.123", "10.250.0.123"]', '14:32 openstack.ntpServers[1]: must not repeat openstack.ntpServers[0], got "10.250.0.123"'],
    ['a single text', '  ntpServers: 10.250.0.123', '14:15 openstack.ntpServers: must be a list, got "10.250.0.123"'],
  ])('%s', (_label, line, message) => {
    expect(located(file({ section: [line] }))).toEqual([message]);
  });
});

describe('catalog service types', () => {
  test('resolved as written', () => {
    expect(parse(file({ section: ['  serviceTypes: { blockStorage: volumev3 }'] })).openstack?.serviceTypes).toEqual({ blockStorage: 'volumev3' });
  });

  test.each<[string, string, RegExp]>([
    ['capitals', '  serviceTypes: { blockStorage: Volume }', /^14:33 openstack\.serviceTypes\.blockStorage: must be a service type of the cloud's catalog \(`openstack catalog list`\): lower-case letters, digits and hyphens, e\.g\. "block-storage", "volumev3" or "object-store", got "Volume"$/],
    ['an unknown service', '  serviceTypes: { compute: nova }', /^14:19 openstack\.serviceTypes: unknown key "compute"/],
    ['empty', '  serviceTypes: {}', /^14:17 openstack\.serviceTypes: /],
  ])('%s', (_label, line, message) => {
    const errors = located(file({ section: [line] }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });
});

// dnsNameservers was added as the schema's key, a setting of lib/openstack/settings.ts and the
// construct's prop: the loader, its types and synth pass it on without knowing it.
describe('DNS resolvers of the provider (a setting that flows through untouched)', () => {
  test('from the file to every subnet of the synthesized tenant', () => {
    const config = parse(file({ section: ['  dnsNameservers: ["10.250.0.53", 10.250.1.53]'] }));
    expect(config.openstack?.dnsNameservers).toEqual(['10.250.0.53', '10.250.1.53']);
    const tenant = config.tenants[0] as ResolvedOpenStackTenant;
    expect(tenant.settings.dnsNameservers).toEqual(['10.250.0.53', '10.250.1.53']);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-dns-'));
    try {
      synthesizeLandingZones(config, { outDir: out });
      const doc = JSON.parse(fs.readFileSync(path.join(out, 'openstack', 'stacks', 'palz-c-a000', 'cdk.tf.json'), 'utf8'));
      const subnets = Object.values(doc.resource.openstack_networking_subnet_v2) as Array<{ dns_nameservers?: string[] }>;
      expect(subnets.length).toBeGreaterThan(0);
      for (const subnet of subnets) expect(subnet.dns_nameservers).toEqual(['10.250.0.53', '10.250.1.53']);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test.each<[string, string, string]>([
    ['a host name', '  dnsNameservers: [dns.provider.it]', '14:20 openstack.dnsNameservers[0]: must be an IPv4 address, e.g. "10.250.0.123" (security-group rules need an address), got "dns.provider.it"'],
    ['an empty list', '  dnsNameservers: []', '14:19 openstack.dnsNameservers: must be a list of 1 to 8 IPv4 addresses of DNS resolvers, e.g. ["192.0.2.53"], got []'],
  ])('%s', (_label, line, message) => {
    expect(located(file({ section: [line] }))).toEqual([message]);
  });
});

describe('keys renamed before 1.0, named as the props they set', () => {
  test.each([
    ['  externalNetworkName: public', '  externalNetwork: public', '5:3 openstack: unknown key "externalNetwork" (did you mean "externalNetworkName"?)'],
    ['  containerSyncRealm: pa-realm', '  containerSyncRealm: pa-realm\n  schedulerImage: Debian 12', '14:3 openstack: unknown key "schedulerImage" (did you mean "schedulerImageName"?)'],
    ['  containerSyncRealm: pa-realm', '  containerSyncRealm: pa-realm\n  schedulerFlavor: m1.small', '14:3 openstack: unknown key "schedulerFlavor" (did you mean "schedulerFlavorName"?)'],
    ['    keys: { encryptedVolumeType: luks-hsm }', '    keys: { volumeType: luks-hsm }', 'tenants[0].keys: unknown key "volumeType" (did you mean "encryptedVolumeType"?)'],
  ])('%#: the old key is answered with its new name', (line, old, message) => {
    const lines = file().join('\n').replace(line, old).split('\n');
    expect(located(lines).join('\n')).toContain(message);
  });
});

// The OpenStack settings (lib/openstack/settings.ts) judged alike by the config loader and the
// LandingZone construct: for each setting, bad values give the same rule text in the file's message
// (field `openstack.<key>`, with a position) and in the construct's (field `<key>`), and good
// values pass both.
import { describeValue } from '../../lib/core';
import { ConfigValidationError, ResolvedOpenStackTenant, parseConfig } from '../../lib/config';
import { LandingZone, LandingZoneProps } from '../../lib/openstack/landing-zone';
import { Testing } from '../../lib/openstack/private/cdktf';

const TENANT = {
  ipaCode: 'c_esempio',
  name: 'Comune di Esempio',
  classification: 'ordinario',
  qualification: 'QC1',
  owner: 'Servizio Sistemi Informativi',
  incidentContact: 'cert@comune.esempio.it',
};
const PROPS = {
  cloud: 'pa-cloud',
  region: { name: 'it-mil1', country: 'IT' },
  cidr: '10.20.0.0/16',
  externalNetworkName: 'public',
  credentialsExpireAt: '2027-06-30T00:00:00Z',
  tenant: TENANT,
};

/** A landing zones file with one ordinario OpenStack tenant; the openstack section holds lines 3-9. */
const FILE = [
  'defaults:', //                                     1
  '  qualification: QC1', //                          2
  'openstack:', //                                    3
  '  cloud: pa-cloud', //                             4
  '  externalNetworkName: public', //                 5
  '  regions:', //                                    6
  '    - { name: it-mil1, country: IT }', //          7
  '  region: it-mil1', //                             8
  '  credentialsExpireAt: "2027-06-30T00:00:00Z"', // 9
  'tenants:', //                                      10
  '  - ipaCode: c_a000',
  '    name: Comune di Esempio',
  '    classification: ordinario',
  '    provider: openstack',
  '    owner: Servizi informativi',
  '    incidentContact: cert@comune.example.it',
  '    cidr: 10.20.0.0/16',
];
const SETTING_LINE = 10;

/** FILE with `key: value` in the openstack section (replacing the line of the key, else on line 10), and the line it is on. */
function withSetting(key: string, value: unknown): { text: string; line: number } {
  const lines = [...FILE];
  const setting = `  ${key}: ${JSON.stringify(value)}`;
  const at = lines.findIndex((l) => l.startsWith(`  ${key}:`));
  if (at >= 0) lines[at] = setting;
  else lines.splice(SETTING_LINE - 1, 0, setting);
  return { text: `${lines.join('\n')}\n`, line: (at >= 0 ? at : SETTING_LINE - 1) + 1 };
}

/** FILE with lines added to the tenant. */
function withTenantLines(...extra: string[]): { text: string; line: number } {
  return { text: `${[...FILE, ...extra].join('\n')}\n`, line: FILE.length + 1 };
}

/** The loader's messages, each with its line. */
function loaderMessages(text: string): { line: number; message: string }[] {
  try {
    parseConfig(text, 'lz.yaml');
  } catch (e) {
    if (e instanceof ConfigValidationError) return e.errors.map((x) => ({ line: x.line, message: x.message }));
    throw e;
  }
  return [];
}

/** The construct's message, or undefined when it builds. */
function constructMessage(extra: Partial<LandingZoneProps>): string | undefined {
  try {
    new LandingZone(Testing.app(), 'tenant', { ...PROPS, ...extra } as LandingZoneProps);
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return undefined;
}

const TF = 'must not contain "${" or "%{": in the Terraform JSON they would start an expression that Terraform evaluates (e.g. reads a file)';
const CLOUD = 'must be the name of an entry of clouds.yaml, e.g. "pa-cloud"';
const NETWORK = 'must be the name of the provider\'s external network (1-255 characters, no leading or trailing spaces), e.g. "public"';
const DATE = 'must be an ISO 8601 date-time with a time zone, e.g. "2027-06-30T00:00:00Z"';
const REAL_DATE = `${DATE}, and a date and time that exist`;
const PROXY = 'must be an http(s) URL of an IPv4 address and optional port, e.g. "http://10.20.64.10:3128" (security-group rules need an address)';
const IMAGE = 'must be the name of an image of the provider (1-255 characters, no leading or trailing spaces), e.g. "Debian 12"';
const FLAVOR = 'must be the name of a flavor of the provider (1-255 characters, no leading or trailing spaces), e.g. "m1.small"';
const IPV4 = 'must be an IPv4 address, e.g. "10.250.0.123" (security-group rules need an address)';
const NTP_LIST = 'must be a list of 1 to 8 IPv4 addresses of the provider\'s NTP servers, e.g. ["10.250.0.123"]';
const SERVICE_TYPE = 'must be a service type of the cloud\'s catalog (`openstack catalog list`): lower-case letters, digits and hyphens, e.g. "block-storage", "volumev3" or "object-store"';
const DNS_LIST = 'must be a list of 1 to 8 IPv4 addresses of DNS resolvers, e.g. ["192.0.2.53"]';
const SERVICE_TYPES = 'must be an object with blockStorage and/or objectStore, and no other key, e.g. { blockStorage: "volumev3" }';
const VOLUME_TYPE = 'must be the name of a volume type of the provider: 1-255 letters, digits, dots, underscores or hyphens, starting with a letter or digit, e.g. "encrypted-luks"';

/**
 * One bad value: the setting, the value, the field under the setting (`[1]`, `.blockStorage`) and
 * the rule both must give.
 */
type Bad = readonly [key: string, value: unknown, sub: string, rule: string];

/** The value a message echoes: the whole setting, or the item or key `sub` points at. */
function got(value: unknown, sub = ''): string {
  const item = /^\[(\d+)\]$/.exec(sub);
  const shown = item ? (value as unknown[])[Number(item[1])] : sub.startsWith('.') ? (value as Record<string, unknown>)[sub.slice(1)] : value;
  return describeValue(shown);
}

/** Bad values on which the loader and the construct agree. */
const AGREED: readonly Bad[] = [
  ['cloud', 'bad name!', '', CLOUD],
  ['cloud', '-starts-with-a-dash', '', CLOUD],
  ['cloud', '${var.cloud}', '', CLOUD],
  ['externalNetworkName', '   ', '', NETWORK],
  ['externalNetworkName', '${file("/etc/passwd")}', '', TF],
  ['credentialsExpireAt', '2027-06-30', '', DATE],
  ['credentialsExpireAt', '2027-06-30T00:00:00', '', DATE],
  ['credentialsExpireAt', 5, '', DATE],
  ['credentialsExpireAt', '2027-02-30T00:00:00Z', '', REAL_DATE],
  ['credentialsExpireAt', '2027-06-30T24:00:00Z', '', REAL_DATE],
  ['credentialsExpireAt', '2027-06-30T00:00:00+25:00', '', REAL_DATE],
  ['managementProxy', 'http://proxy.example:3128', '', PROXY],
  ['managementProxy', 'http://10.0.0.256:3128', '', PROXY],
  ['managementProxy', 'http://010.0.0.1:3128', '', PROXY],
  ['managementProxy', 'http://10.0.0.1:0', '', PROXY],
  ['managementProxy', 'http://10.0.0.1:70000', '', PROXY],
  ['managementProxy', 'ftp://10.0.0.1', '', PROXY],
  ['schedulerImageName', '${x}', '', TF],
  ['schedulerFlavorName', '%{ if true }x%{ endif }', '', TF],
  ['fwaas', 'yes', '', 'must be true or false'],
  ['fwaas', 1, '', 'must be true or false'],
  ['ntpServers', ['ntp.example'], '[0]', IPV4],
  ['ntpServers', ['10.0.0.1', '10.0.0.300'], '[1]', IPV4],
  ['ntpServers', ['010.0.0.1'], '[0]', IPV4],
];

describe('OpenStack settings: the loader and the construct give the same rule', () => {
  test.each(AGREED)('%s = %j', (key, value, sub, rule) => {
    const construct = constructMessage({ [key]: value });
    expect(construct).toBe(`PaCloudKitError: ${key}${sub}: ${rule}, got ${got(value, sub)}`);
    const { text, line } = withSetting(key, value);
    expect(loaderMessages(text)).toEqual([{ line, message: `openstack.${key}${sub}: ${rule}, got ${got(value, sub)}` }]);
  });

  test('a repeated NTP server names the first one with the same prefix as the field', () => {
    const value = ['10.0.0.1', '10.0.0.1'];
    expect(constructMessage({ ntpServers: value })).toBe('PaCloudKitError: ntpServers[1]: must not repeat ntpServers[0], got "10.0.0.1"');
    const { text, line } = withSetting('ntpServers', value);
    expect(loaderMessages(text)).toEqual([{ line, message: 'openstack.ntpServers[1]: must not repeat openstack.ntpServers[0], got "10.0.0.1"' }]);
  });

  test('a tenant\'s own managementProxy, by the same rule', () => {
    const value = 'http://10.0.0.1:99999';
    expect(constructMessage({ managementProxy: value })).toBe(`PaCloudKitError: managementProxy: ${PROXY}, got "${value}"`);
    const { text, line } = withTenantLines(`    managementProxy: "${value}"`);
    expect(loaderMessages(text)).toEqual([{ line, message: `tenants[0].managementProxy: ${PROXY}, got "${value}"` }]);
  });

  test.each([
    ['bad/type'],
    ['${var.type}'],
    ['-luks'],
  ])('keys.encryptedVolumeType and the prop encryptedVolumeType: %j', (value) => {
    const rule = value.includes('${') ? TF : VOLUME_TYPE;
    expect(constructMessage({ encryptedVolumeType: value })).toBe(`PaCloudKitError: encryptedVolumeType: ${rule}, got ${got(value)}`);
    const { text, line } = withTenantLines(`    keys: { encryptedVolumeType: ${JSON.stringify(value)} }`);
    expect(loaderMessages(text)).toEqual([{ line, message: `tenants[0].keys.encryptedVolumeType: ${rule}, got ${got(value)}` }]);
  });
});

/**
 * Bad values the file's JSON Schema refused with other words, or refused while the construct
 * accepted them: the schema now carries the settings' own patterns and words (or leaves the rule to
 * lib/openstack/settings.ts), and the settings took the schema's limits.
 */
const NOW_AGREED: readonly Bad[] = [
  ['cloud', '', '', CLOUD],
  ['cloud', 'a'.repeat(65), '', CLOUD],
  ['cloud', 42, '', CLOUD],
  ['externalNetworkName', 3, '', NETWORK],
  ['externalNetworkName', '', '', NETWORK],
  ['externalNetworkName', 'n'.repeat(256), '', NETWORK],
  ['schedulerImageName', '', '', IMAGE],
  ['schedulerImageName', ' Debian 12', '', IMAGE],
  ['schedulerFlavorName', 'm1.small ', '', FLAVOR],
  ['ntpServers', [], '', NTP_LIST],
  ['ntpServers', Array.from({ length: 9 }, (_, i) => `10.250.0.${i + 1}`), '', NTP_LIST],
  ['serviceTypes', { blockStorage: 'Volume V3' }, '.blockStorage', SERVICE_TYPE],
  ['serviceTypes', {}, '', SERVICE_TYPES],
  ['dnsNameservers', [], '', DNS_LIST],
  ['dnsNameservers', Array.from({ length: 9 }, (_, i) => `10.250.0.${i + 1}`), '', DNS_LIST],
  ['dnsNameservers', ['10.250.0.53', 'dns.example'], '[1]', 'must be an IPv4 address, e.g. "10.250.0.123" (security-group rules need an address)'],
];

/**
 * The structure of the file (a YAML type, an unknown key) is the JSON Schema's to judge, before any
 * rule, in its own words (the same for every key of the file); TypeScript's types stand for it in
 * the construct, which still refuses such a value, with the setting's rule.
 */
const STRUCTURE: readonly (readonly [key: string, value: unknown, file: string])[] = [
  ['ntpServers', '10.0.0.1', 'openstack.ntpServers: must be a list, got "10.0.0.1"'],
  ['dnsNameservers', '10.0.0.1', 'openstack.dnsNameservers: must be a list, got "10.0.0.1"'],
  ['serviceTypes', 'volumev3', 'openstack.serviceTypes: must be a mapping of keys to values, got "volumev3"'],
  ['serviceTypes', { compute: 'nova' }, 'openstack.serviceTypes: unknown key "compute" (allowed: blockStorage, objectStore)'],
];

describe('OpenStack settings the schema used to judge in its own words', () => {
  test.each(NOW_AGREED)('%s = %j', (key, value, sub, rule) => {
    const construct = constructMessage({ [key]: value });
    const { text, line } = withSetting(key, value);
    expect({ construct, loader: loaderMessages(text) }).toEqual({
      construct: `PaCloudKitError: ${key}${sub}: ${rule}, got ${got(value, sub)}`,
      loader: [{ line, message: `openstack.${key}${sub}: ${rule}, got ${got(value, sub)}` }],
    });
  });

  test.each(STRUCTURE)('structure: %s = %j is the schema\'s, and the construct refuses it too', (key, value, file) => {
    expect(loaderMessages(withSetting(key, value).text).map((m) => m.message)).toEqual([file]);
    expect(constructMessage({ [key]: value })).toMatch(new RegExp(`^PaCloudKitError: ${key}: `));
  });
});

describe('OpenStack settings: good values pass both', () => {
  const GOOD: readonly (readonly [string, unknown])[] = [
    ['cloud', 'regione-esempio'],
    ['cloud', 'pa_cloud.2'],
    ['externalNetworkName', 'ext-net'],
    ['externalNetworkName', 'Public Network'],
    ['credentialsExpireAt', '2028-02-29T23:59:59Z'],
    ['credentialsExpireAt', '2027-06-30T00:00:00.5+02:00'],
    ['managementProxy', 'http://10.20.64.10:3128'],
    ['managementProxy', 'https://10.20.64.10/'],
    ['managementProxy', 'http://192.168.0.1:65535'],
    ['schedulerImageName', 'Debian 12 (bookworm)'],
    ['schedulerFlavorName', 'c1.medium'],
    ['fwaas', false],
    ['fwaas', true],
    ['ntpServers', ['10.250.0.123', '10.250.0.124']],
    ['serviceTypes', { blockStorage: 'volumev3' }],
    ['serviceTypes', { blockStorage: 'block-storage', objectStore: 'object-store' }],
  ];

  test.each(GOOD)('%s = %j', (key, value) => {
    expect(constructMessage({ [key]: value })).toBeUndefined();
    const config = parseConfig(withSetting(key, value).text, 'lz.yaml');
    expect((config.tenants[0] as ResolvedOpenStackTenant).settings[key as keyof ResolvedOpenStackTenant['settings']]).toEqual(value);
  });

  test('a tenant\'s own managementProxy wins over the section\'s', () => {
    const lines = withSetting('managementProxy', 'http://10.0.0.1:3128').text.trimEnd().split('\n');
    const config = parseConfig(`${[...lines, '    managementProxy: "http://10.20.192.10:8080"'].join('\n')}\n`, 'lz.yaml');
    expect((config.tenants[0] as ResolvedOpenStackTenant).settings.managementProxy).toBe('http://10.20.192.10:8080');
    expect(constructMessage({ managementProxy: 'http://10.20.192.10:8080' })).toBeUndefined();
  });

  const volumeTypeAccepted = (value: string) => {
    const config = parseConfig(withTenantLines(`    keys: { encryptedVolumeType: ${JSON.stringify(value)} }`).text, 'lz.yaml');
    expect((config.tenants[0] as ResolvedOpenStackTenant).keys).toEqual({ encryptedVolumeType: value });
    expect(constructMessage({ encryptedVolumeType: value })).toBeUndefined();
  };

  test.each([['luks-hsm'], ['encrypted_luks.v2'], ['a'.repeat(255)]])('encryptedVolumeType %j', (value) => volumeTypeAccepted(value));

  // A name the backup script cannot take (spaces, ":", "+") is refused by the loader and the
  // construct alike, at encryptedVolumeType, not later in the script at a field the user never wrote.
  test.each([['Encrypted LUKS:v2'], ['luks+hsm']])('encryptedVolumeType %j is refused by both with the same rule', (value) => {
    expect(constructMessage({ encryptedVolumeType: value })).toBe(`PaCloudKitError: encryptedVolumeType: ${VOLUME_TYPE}, got ${JSON.stringify(value)}`);
    const { text, line } = withTenantLines(`    keys: { encryptedVolumeType: ${JSON.stringify(value)} }`);
    expect(loaderMessages(text)).toEqual([{ line, message: `tenants[0].keys.encryptedVolumeType: ${VOLUME_TYPE}, got ${JSON.stringify(value)}` }]);
  });
});

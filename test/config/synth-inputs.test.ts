// What `pa-cloud-kit synth` needs from the file beyond identity, policy, region and range: the
// overrides and acknowledgements as written, AWS keys per purpose, and the OpenStack credential
// expiry, management proxy and scheduler image and flavor.
import { CompliancePolicy } from '../../lib/core';
import { ResolvedAwsTenant, ResolvedOpenStackTenant } from '../../lib/config';
import { BASE, baseAs, located, parse } from './helpers';

const ARN = (id: string, region = 'eu-south-1', partition = 'aws') => `arn:${partition}:kms:${region}:123456789012:key/${id}`;
const DATA = ARN('1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b');
const LOGS = ARN('2c3d4e5f-6071-4829-8b1c-2d3e4f5a6b7c');
const BACKUP = ARN('3d4e5f60-7182-493a-9c2d-3e4f5a6b7c8d');
/** `keys:` on line 11, then one line per key from line 12. */
const keys = (entries: Record<string, string>) => ['    keys:', ...Object.entries(entries).map(([k, v]) => `      ${k}: ${v}`)];
const aws = (lines: readonly string[]) => parse(lines).tenants[0] as ResolvedAwsTenant;

describe('overrides and acknowledgements, as written', () => {
  test('none: empty lists', () => {
    const [tenant] = parse(BASE).tenants;
    expect(tenant.overrides).toEqual([]);
    expect(tenant.acknowledgements).toEqual([]);
  });

  test('texts, booleans and lists are kept as YAML gave them, in file order, also through a merge key', () => {
    const tenant = parse([
      'x-sync: &sync',
      '  setting: timeSources',
      '  value: [ntp1.inrim.it, ntp.provider.example]',
      '  reason: the provider has its own stratum-1 server',
      ...baseAs('critico'),
      ...keys({ kmsKeyArn: DATA, logsKmsKeyArn: LOGS, backupKmsKeyArn: BACKUP }),
      '    overrides:',
      '      - setting: auditLogSearchableRetention',
      '        value: 18 months',
      '        reason: budget approved for 18 months of searchable logs',
      '      - <<: *sync',
      '      - setting: flowLogs',
      '        value: true',
      '        reason: already the default, restated for the auditors',
      '    acknowledgements:',
      '      - control: ACN-BCK-04',
      '        reason: off-site copies start with the 2026 contract',
    ]).tenants[0];
    expect(tenant.overrides).toEqual([
      { setting: 'auditLogSearchableRetention', value: '18 months', reason: 'budget approved for 18 months of searchable logs' },
      { setting: 'timeSources', value: ['ntp1.inrim.it', 'ntp.provider.example'], reason: 'the provider has its own stratum-1 server' },
      { setting: 'flowLogs', value: true, reason: 'already the default, restated for the auditors' },
    ]);
    expect(tenant.acknowledgements).toEqual([{ control: 'ACN-BCK-04', reason: 'off-site copies start with the 2026 contract' }]);
    // what a construct does with them: the same policy as the loader's
    const rebuilt = CompliancePolicy.forClassification(tenant.identity.classification, { overrides: tenant.overrides, acknowledgements: tenant.acknowledgements });
    expect(rebuilt.requirements().map((r) => r.display)).toEqual(tenant.policy.requirements().map((r) => r.display));
    expect(rebuilt.isAcknowledged('ACN-BCK-04')).toBe(true);
    expect(rebuilt.settings.timeSources).toEqual(['ntp1.inrim.it', 'ntp.provider.example']);
  });
});

describe('AWS keys per purpose (ACN-KMS-01)', () => {
  test('three keys: each purpose its own, no warning', () => {
    const tenant = aws([...BASE, ...keys({ kmsKeyArn: DATA, logsKmsKeyArn: LOGS, backupKmsKeyArn: BACKUP })]);
    expect(tenant.keys).toEqual({ kmsKeyArn: DATA, logsKmsKeyArn: LOGS, backupKmsKeyArn: BACKUP });
    expect(tenant.warnings).toEqual([]);
  });

  test('kmsKeyArn alone serves every purpose, with a warning naming ACN-KMS-01', () => {
    const tenant = aws([...BASE, ...keys({ kmsKeyArn: DATA })]);
    expect(tenant.keys).toEqual({ kmsKeyArn: DATA, logsKmsKeyArn: DATA, backupKmsKeyArn: DATA });
    expect(tenant.warnings).toEqual([
      '[ACN-KMS-01] one PA key serves logs, backups and data; give logsKmsKeyArn and backupKmsKeyArn for one key per purpose',
    ]);
  });

  test('the warning comes after the policy\'s', () => {
    const tenant = aws([...BASE, ...keys({ kmsKeyArn: DATA }),
      '    overrides:', '      - setting: backupDailyRetention', '        value: 14 days', '        reason: short-lived test environment of the comune']);
    expect(tenant.warnings).toEqual([
      '[ABSC-BCK-01] backupDailyRetention weakened from the kit default 35 days to 14 days: short-lived test environment of the comune',
      '[ACN-KMS-01] one PA key serves logs, backups and data; give logsKmsKeyArn and backupKmsKeyArn for one key per purpose',
    ]);
  });

  test('a purpose without its own key takes kmsKeyArn, and the warning names the two that share it', () => {
    const logsOnly = aws([...BASE, ...keys({ kmsKeyArn: DATA, logsKmsKeyArn: LOGS })]);
    expect(logsOnly.keys).toEqual({ kmsKeyArn: DATA, logsKmsKeyArn: LOGS, backupKmsKeyArn: DATA });
    expect(logsOnly.warnings).toEqual(['[ACN-KMS-01] one PA key serves backups and data; give backupKmsKeyArn a key of its own for one key per purpose']);
    const backupOnly = aws([...BASE, ...keys({ kmsKeyArn: DATA, backupKmsKeyArn: BACKUP })]);
    expect(backupOnly.keys).toEqual({ kmsKeyArn: DATA, logsKmsKeyArn: DATA, backupKmsKeyArn: BACKUP });
    expect(backupOnly.warnings).toEqual(['[ACN-KMS-01] one PA key serves logs and data; give logsKmsKeyArn a key of its own for one key per purpose']);
  });

  test('logs and backups sharing a key (what aws-kms-key-per-purpose fails) is warned about', () => {
    const tenant = aws([...BASE, ...keys({ kmsKeyArn: DATA, logsKmsKeyArn: LOGS, backupKmsKeyArn: LOGS })]);
    expect(tenant.warnings).toEqual(['[ACN-KMS-01] one PA key serves logs and backups; give logsKmsKeyArn and backupKmsKeyArn distinct keys for one key per purpose']);
  });

  test('a strategico tenant with three keys meets ACN-KMS-02', () => {
    const tenant = aws([...baseAs('strategico'), '    qualification: QC3', ...keys({ kmsKeyArn: DATA, logsKmsKeyArn: LOGS, backupKmsKeyArn: BACKUP }),
      '    backupCopy:', '      account: "999999999999"']);
    expect(tenant.keys!.backupKmsKeyArn).toBe(BACKUP);
    expect(tenant.warnings).toEqual([]);
  });

  test('a key per purpose without kmsKeyArn: kmsKeyArn is required, reported once (not also as missing keys)', () => {
    expect(located([...baseAs('strategico'), '    qualification: QC3', ...keys({ logsKmsKeyArn: LOGS, backupKmsKeyArn: BACKUP }),
      '    backupCopy:', '      account: "999999999999"'])).toEqual([
      '13:7 tenants[0].keys.kmsKeyArn: is required with keys.logsKmsKeyArn and keys.backupKmsKeyArn: it is the key for data, and for every purpose not given its own key',
    ]);
    expect(located([...BASE, ...keys({ backupKmsKeyArn: BACKUP })])).toEqual([
      '12:7 tenants[0].keys.kmsKeyArn: is required with keys.backupKmsKeyArn: it is the key for data, and for every purpose not given its own key',
    ]);
  });

  test('a malformed ARN (structure)', () => {
    expect(located([...BASE, ...keys({ kmsKeyArn: DATA, logsKmsKeyArn: 'arn:aws:kms:eu-south-1:123:key/abc', backupKmsKeyArn: 'alias/backup' })])).toEqual([
      '13:22 tenants[0].keys.logsKmsKeyArn: must be a KMS key ARN, e.g. "arn:aws:kms:eu-south-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", got "arn:aws:kms:eu-south-1:123:key/abc"',
      '14:24 tenants[0].keys.backupKmsKeyArn: must be a KMS key ARN, e.g. "arn:aws:kms:eu-south-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", got "alias/backup"',
    ]);
  });

  test('a key in an unknown region', () => {
    const arn = LOGS.replace('eu-south-1', 'eu-fake-1');
    expect(located([...BASE, ...keys({ kmsKeyArn: DATA, logsKmsKeyArn: arn })])).toEqual([
      `13:22 tenants[0].keys.logsKmsKeyArn: must be a key in a known AWS region, and eu-fake-1 is not one, got "${arn}"`,
    ]);
  });

  test('a key in a region not allowed for the class', () => {
    expect(located([...baseAs('critico'), ...keys({ kmsKeyArn: DATA, backupKmsKeyArn: BACKUP.replace('eu-south-1', 'eu-west-1') }),
      '    backupCopy:', '      account: "999999999999"'])).toEqual([
      '13:24 tenants[0].keys.backupKmsKeyArn: the encryption key of a critico tenant must stay in a region in Italy; eu-west-1 is in IE (Dublin) (or acknowledge ACN-LOC-01 with a reason), got "eu-west-1" [ACN-LOC-01]',
    ]);
  });

  test('a key in another region than the tenant\'s', () => {
    const arn = BACKUP.replace('eu-south-1', 'eu-west-1');
    expect(located([...BASE, ...keys({ kmsKeyArn: DATA, backupKmsKeyArn: arn })])).toEqual([
      `13:24 tenants[0].keys.backupKmsKeyArn: must be a key in the landing zone's region eu-south-1 (KMS keys are regional), not in eu-west-1, got "${arn}" [ACN-KMS-02]`,
    ]);
  });

  test('a key whose partition does not match its region', () => {
    const arn = ARN('2c3d4e5f-6071-4829-8b1c-2d3e4f5a6b7c', 'eu-south-1', 'aws-eusc');
    expect(located([...BASE, ...keys({ kmsKeyArn: DATA, logsKmsKeyArn: arn })])).toEqual([
      `13:22 tenants[0].keys.logsKmsKeyArn: must use the partition of eu-south-1: arn:aws:kms:..., got "${arn}"`,
    ]);
  });

  test('every bad key of a tenant at once', () => {
    const logs = LOGS.replace('eu-south-1', 'eu-west-1');
    const backup = BACKUP.replace('eu-south-1', 'eu-fake-1');
    expect(located([...BASE, ...keys({ kmsKeyArn: DATA.replace('arn:aws:', 'arn:aws-eusc:'), logsKmsKeyArn: logs, backupKmsKeyArn: backup })])).toEqual([
      `12:18 tenants[0].keys.kmsKeyArn: must use the partition of eu-south-1: arn:aws:kms:..., got "${DATA.replace('arn:aws:', 'arn:aws-eusc:')}"`,
      `13:22 tenants[0].keys.logsKmsKeyArn: must be a key in the landing zone's region eu-south-1 (KMS keys are regional), not in eu-west-1, got "${logs}" [ACN-KMS-02]`,
      `14:24 tenants[0].keys.backupKmsKeyArn: must be a key in a known AWS region, and eu-fake-1 is not one, got "${backup}"`,
    ]);
  });
});

describe('OpenStack: credentials expiry, management proxy, scheduler', () => {
  /** A valid file with one ordinario OpenStack tenant; tests replace or append lines. */
  const FILE = [
    'defaults:', //                                      1
    '  qualification: QC1', //                           2
    'openstack:', //                                     3
    '  cloud: mycloud', //                               4
    '  externalNetworkName: public', //                      5
    '  regions:', //                                     6
    '    - name: it-mil1', //                            7
    '      country: IT', //                              8
    '  region: it-mil1', //                              9
    '  credentialsExpireAt: "2027-06-30T00:00:00Z"', // 10
    'tenants:', //                                       11
    '  - ipaCode: c_a000', //                            12
    '    name: Comune di Esempio',
    '    classification: ordinario',
    '    owner: Servizi informativi',
    '    incidentContact: cert@comune.example.it',
    '    provider: openstack', //                        17
    '    cidr: 10.10.0.0/16', //                         18
  ];
  /** FILE with a line of the openstack section (10) replaced by others. */
  const withSection = (...lines: string[]) => [...FILE.slice(0, 9), ...lines, ...FILE.slice(10)];
  const os = (lines: readonly string[]) => {
    const config = parse(lines);
    return { openstack: config.openstack!, tenant: config.tenants[0] as ResolvedOpenStackTenant };
  };

  test('loads: the expiry as written, no proxy, the scheduler defaults left to the constructs', () => {
    const { openstack, tenant } = os(FILE);
    expect(openstack).toMatchObject({ credentialsExpireAt: '2027-06-30T00:00:00Z' });
    expect(tenant.settings.managementProxy).toBeUndefined();
    expect(tenant.warnings).toEqual([]);
  });

  test('the expiry may be unquoted, with a fraction of a second or an offset (YAML 1.2 keeps it a text)', () => {
    for (const value of ['2027-06-30T00:00:00Z', '2027-06-30T02:00:00+02:00', '2027-06-30T00:00:00.5-01:30', '2028-02-29T23:59:59Z']) {
      expect(os(withSection(`  credentialsExpireAt: ${value}`)).openstack.credentialsExpireAt).toBe(value);
    }
  });

  test('the section\'s proxy, image and flavor; a tenant\'s own proxy wins over the section\'s', () => {
    const lines = withSection('  credentialsExpireAt: "2027-06-30T00:00:00Z"', '  managementProxy: http://172.16.0.10:3128',
      '  schedulerImageName: Debian 12 bookworm', '  schedulerFlavorName: c1.small');
    const { openstack, tenant } = os(lines);
    expect(openstack).toMatchObject({ managementProxy: 'http://172.16.0.10:3128', schedulerImageName: 'Debian 12 bookworm', schedulerFlavorName: 'c1.small' });
    expect(tenant.settings.managementProxy).toBe('http://172.16.0.10:3128');
    expect(os([...lines, '    managementProxy: https://10.10.192.10']).tenant.settings.managementProxy).toBe('https://10.10.192.10');
    expect(os([...FILE, '    managementProxy: http://10.10.192.10:8080/']).tenant.settings.managementProxy).toBe('http://10.10.192.10:8080/');
  });

  test('a missing expiry is an error at the openstack section saying why, once, when a tenant uses OpenStack', () => {
    const message = '4:3 openstack.credentialsExpireAt: is required when a tenant uses OpenStack: the application credentials of the log shippers and of the backup scheduler expire then (rotate them by moving it forward); an ISO 8601 date-time with a time zone, e.g. "2027-06-30T00:00:00Z"';
    expect(located(withSection())).toEqual([message]);
    // two OpenStack tenants, one by defaults.provider: still one error
    const second = ['  - ipaCode: c_b000', '    name: Comune B', '    classification: ordinario', '    owner: CED', '    incidentContact: ced@comune-b.example.it', '    cidr: 10.11.0.0/16'];
    expect(located([...withSection().map((l) => (l === '  qualification: QC1' ? '  qualification: QC1\n  provider: openstack' : l)), ...second])).toEqual([message.replace('4:3', '5:3')]);
  });

  test('an openstack section without OpenStack tenants needs no expiry', () => {
    const config = parse([...withSection().slice(0, 9), 'tenants:', ...BASE.slice(4), '    cidr: 10.10.0.0/16']);
    expect(config.tenants[0].provider).toBe('aws');
    expect(config.openstack!.credentialsExpireAt).toBeUndefined();
  });

  test('an expiry that is not an ISO 8601 date-time with a time zone (structure)', () => {
    const rule = 'must be an ISO 8601 date-time with a time zone, e.g. "2027-06-30T00:00:00Z"';
    expect(located(withSection('  credentialsExpireAt: "2027-06-30"'))).toEqual([`10:24 openstack.credentialsExpireAt: ${rule}, got "2027-06-30"`]);
    expect(located(withSection('  credentialsExpireAt: 2027-06-30T00:00:00'))).toEqual([`10:24 openstack.credentialsExpireAt: ${rule}, got "2027-06-30T00:00:00"`]);
    expect(located(withSection('  credentialsExpireAt: 1782777600'))).toEqual([`10:24 openstack.credentialsExpireAt: ${rule}, got 1782777600`]);
  });

  test('an expiry on a day or at a time that does not exist', () => {
    const rule = 'must be an ISO 8601 date-time with a time zone, e.g. "2027-06-30T00:00:00Z", and a date and time that exist';
    expect(located(withSection('  credentialsExpireAt: "2027-02-29T00:00:00Z"'))).toEqual([`10:24 openstack.credentialsExpireAt: ${rule}, got "2027-02-29T00:00:00Z"`]);
    expect(located(withSection('  credentialsExpireAt: "2027-06-30T24:00:00Z"'))).toEqual([`10:24 openstack.credentialsExpireAt: ${rule}, got "2027-06-30T24:00:00Z"`]);
    expect(located(withSection('  credentialsExpireAt: "2027-06-30T00:00:00+25:00"'))).toEqual([`10:24 openstack.credentialsExpireAt: ${rule}, got "2027-06-30T00:00:00+25:00"`]);
  });

  test('a proxy that is no http(s) URL of an IPv4 address (structure), on the section or a tenant', () => {
    const rule = 'must be an http(s) URL of an IPv4 address and optional port, e.g. "http://10.20.64.10:3128" (security-group rules need an address)';
    expect(located([...withSection('  credentialsExpireAt: "2027-06-30T00:00:00Z"', '  managementProxy: http://proxy.internal:3128'),
      '    managementProxy: 10.10.192.10:3128'])).toEqual([
      `11:20 openstack.managementProxy: ${rule}, got "http://proxy.internal:3128"`,
      `20:22 tenants[0].managementProxy: ${rule}, got "10.10.192.10:3128"`,
    ]);
  });

  test('a proxy with an address or port out of range', () => {
    const rule = 'must be an http(s) URL of an IPv4 address and optional port, e.g. "http://10.20.64.10:3128" (security-group rules need an address)';
    expect(located([...withSection('  credentialsExpireAt: "2027-06-30T00:00:00Z"', '  managementProxy: http://10.10.192.256:3128'),
      '    managementProxy: http://10.10.192.10:70000'])).toEqual([
      `11:20 openstack.managementProxy: ${rule}, got "http://10.10.192.256:3128"`,
      `20:22 tenants[0].managementProxy: ${rule}, got "http://10.10.192.10:70000"`,
    ]);
    expect(located([...FILE, '    managementProxy: http://10.10.192.10:0'])).toEqual([`19:22 tenants[0].managementProxy: ${rule}, got "http://10.10.192.10:0"`]);
  });

  test('a proxy on an AWS tenant', () => {
    expect(located([...BASE, '    managementProxy: http://10.0.192.10:3128'])).toEqual([
      "11:22 tenants[0].managementProxy: is for OpenStack tenants: an AWS tenant's management subnet reaches the AWS APIs through VPC endpoints, got \"http://10.0.192.10:3128\"",
    ]);
  });

  test('a blank scheduler image or flavor, or one with spaces around it', () => {
    expect(located(withSection('  credentialsExpireAt: "2027-06-30T00:00:00Z"', '  schedulerImageName: ""', '  schedulerFlavorName: " m1.small"'))).toEqual([
      '11:23 openstack.schedulerImageName: must be the name of an image of the provider (1-255 characters, no leading or trailing spaces), e.g. "Debian 12", got ""',
      '12:24 openstack.schedulerFlavorName: must be the name of a flavor of the provider (1-255 characters, no leading or trailing spaces), e.g. "m1.small", got " m1.small"',
    ]);
  });

  test('AWS keys per purpose on an OpenStack tenant', () => {
    expect(located([...FILE, ...keys({ encryptedVolumeType: 'luks', logsKmsKeyArn: LOGS, backupKmsKeyArn: BACKUP })])).toEqual([
      `21:22 tenants[0].keys.logsKmsKeyArn: is for AWS tenants: an OpenStack tenant gives its encrypted volume type as keys.encryptedVolumeType, got "${LOGS}"`,
      `22:24 tenants[0].keys.backupKmsKeyArn: is for AWS tenants: an OpenStack tenant gives its encrypted volume type as keys.encryptedVolumeType, got "${BACKUP}"`,
    ]);
  });

  test('an unknown key of the openstack section lists the new ones', () => {
    expect(located(withSection('  credentialsExpireAt: "2027-06-30T00:00:00Z"', '  credentialsExpiresAt: "2027-06-30T00:00:00Z"'))).toEqual([
      '11:3 openstack: unknown key "credentialsExpiresAt" (did you mean "credentialsExpireAt"?) (allowed: cloud, externalNetworkName, regions, region, backupRegion, containerSyncRealm, fwaas, ntpServers, dnsNameservers, serviceTypes, credentialsExpireAt, managementProxy, schedulerImageName, schedulerFlavorName)',
    ]);
  });
});

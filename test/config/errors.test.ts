import * as os from 'os';
import * as path from 'path';
import { ConfigValidationError, formatConfigError, loadConfig, parseConfig } from '../../lib/config';
import { BASE, baseAs, errorsOf, located, parse, secondTenant } from './helpers';

const KEY = 'arn:aws:kms:eu-south-1:123456789012:key/1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b';
/** Lines that satisfy a critico or strategico AWS tenant's keys and off-site copy, after BASE. */
const KEYS_AND_COPY = ['    keys:', `      kmsKeyArn: ${KEY}`, '    backupCopy:', '      account: "999999999999"'];
const ARCHIVE_KEY = 'arn:aws:kms:eu-south-1:111111111111:key/4e5f6071-8293-4a4b-8d3e-4f5a6b7c8d9e';
const VAULT_KEY = 'arn:aws:kms:eu-south-1:111111111111:key/5f607182-93a4-4b5c-9e4f-5a6b7c8d9e0f';

/** An aggregator section (lines 1-8) with its account and its own keys for the central services. */
function aggregatorWithKeys(account = '111111111111', archive = ARCHIVE_KEY.replace('111111111111', account), vault = VAULT_KEY.replace('111111111111', account)): string[] {
  return ['aggregator:', '  ipaCode: r_esempio', '  name: Regione Esempio', '  incidentContact: soc@regione.esempio.it', `  account: "${account}"`,
    '  keys:', `    archiveKmsKeyArn: ${archive}`, `    vaultKmsKeyArn: ${vault}`];
}

describe('the base file of these tests', () => {
  test('loads', () => {
    expect(parse(BASE).tenants).toHaveLength(1);
  });
});

describe('YAML mistakes', () => {
  test('a duplicate key points at the second occurrence', () => {
    expect(located([...BASE, '    name: Altro'])).toEqual([
      '11:5 tenants[0].name: duplicate key "name": each key may appear once in a mapping',
    ]);
  });

  test('a duplicate of a key without a value points at the duplicate and names it', () => {
    expect(located([...BASE, '    keys:', '    keys:', '      encryptedVolumeType: luks'])).toEqual([
      '12:5 tenants[0].keys: duplicate key "keys": each key may appear once in a mapping',
    ]);
  });

  test('a syntax error is positioned', () => {
    expect(located([...BASE, '    cidr: [10.0.0.0/16'])).toEqual([
      '12:1 not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  test('an empty file (comments only) is an error at 1:1', () => {
    expect(located('# nothing yet\n')).toEqual(['1:1 the file is empty: it needs at least a tenants list (pa-cloud-kit init writes a starter)']);
    expect(located('')).toHaveLength(1);
  });

  test('a file that is not a mapping is an error at its first value', () => {
    expect(located('\n- tenants\n')).toEqual([
      '2:1 the file must be a mapping of keys (aggregator, defaults, openstack, tenants) to values, not a list or a single value',
    ]);
  });

  test('several documents are refused', () => {
    expect(located([...BASE, '---', 'tenants: []'])).toEqual([
      '11:1 the file must hold one YAML document: remove the "---" separator and what follows, or merge the documents',
    ]);
  });
});

describe('structure (JSON Schema) mistakes, in plain English', () => {
  test('an unknown key points at the key, suggests the nearest and lists the allowed ones', () => {
    expect(located([...BASE, '    clasification: critico'])).toEqual([
      '11:5 tenants[0]: unknown key "clasification" (did you mean "classification"?) (allowed: ipaCode, name, classification, qualification, owner, incidentContact, provider, account, region, cidr, keys, backupCopy, availabilityZones, managementProxy, overrides, acknowledgements)',
    ]);
  });

  test('an unknown top-level key', () => {
    expect(located(['tenant:', '  - ipaCode: c_a000'])).toEqual([
      '1:1 tenants: is required and must be a list',
      '1:1 (top level): unknown key "tenant" (did you mean "tenants"?) (allowed: aggregator, defaults, openstack, tenants, and x-<anything> for your own anchors)',
    ]);
  });

  test('a value outside an enum lists the allowed values', () => {
    expect(located(baseAs('riservato'))).toEqual([
      '7:21 tenants[0].classification: must be one of ordinario, critico, strategico, got "riservato"',
    ]);
  });

  test('a wrong type: an account written as a number must be quoted', () => {
    expect(located(BASE.map((l) => l.replace('account: "123456789012"', 'account: 123456789012')))).toEqual([
      '10:14 tenants[0].account: must be an AWS account ID of 12 digits, in quotes, e.g. "123456789012", got 123456789012',
    ]);
  });

  test('an AWS account that is not 12 digits', () => {
    expect(located(BASE.map((l) => l.replace('"123456789012"', '"12345"')))).toEqual([
      '10:14 tenants[0].account: must be an AWS account ID of 12 digits, in quotes, e.g. "123456789012", got "12345"',
    ]);
  });

  test('a bad codice IPA', () => {
    expect(located(BASE.map((l) => l.replace('ipaCode: c_a000', 'ipaCode: 1abc')))).toEqual([
      '5:14 tenants[0].ipaCode: must be a codice IPA from the Indice PA: 2-30 letters, digits or underscores starting with a letter, e.g. "c_h501", got "1abc"',
    ]);
  });

  test('a missing required key points at the entry that lacks it', () => {
    expect(located(BASE.filter((l) => !l.includes('owner:')))).toEqual([
      '5:5 tenants[0].owner: is required and must be a text of 1-128 characters',
    ]);
  });

  test('a malformed KMS key ARN', () => {
    expect(located([...BASE, '    keys:', '      kmsKeyArn: arn:aws:kms:eu-south-1:123:key/abc'])).toEqual([
      '12:18 tenants[0].keys.kmsKeyArn: must be a KMS key ARN, e.g. "arn:aws:kms:eu-south-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", got "arn:aws:kms:eu-south-1:123:key/abc"',
    ]);
  });

  test('a cidr that is not in CIDR notation', () => {
    expect(located([...BASE, '    cidr: 10.20.0.0'])).toEqual([
      '11:11 tenants[0].cidr: must be an IPv4 range in CIDR notation, e.g. "10.20.0.0/16", got "10.20.0.0"',
    ]);
  });

  test('an override without a reason', () => {
    expect(located([...BASE, '    overrides:', '      - setting: backupDailyRetention', '        value: 14 days'])).toEqual([
      '12:9 tenants[0].overrides[0].reason: is required and must be a text of at least 10 characters',
    ]);
  });

  test('a reason that says nothing', () => {
    expect(located([...BASE, '    overrides:', '      - setting: backupDailyRetention', '        value: 14 days', '        reason: cost'])).toEqual([
      '14:17 tenants[0].overrides[0].reason: must be at least 10 characters: say why, it goes in the compliance report, got "cost"',
    ]);
  });

  test('an unknown setting or control', () => {
    expect(located([...BASE, '    overrides:', '      - setting: logRetention', '        value: 1 year', '        reason: kept for a year by policy',
      '    acknowledgements:', '      - control: ACN-KMS-99', '        reason: not relevant for this tenant'])).toEqual([
      expect.stringMatching(/^12:18 tenants\[0\]\.overrides\[0\]\.setting: must be one of minimumQualification, dataLocation, .*, timeSources, got "logRetention"$/),
      expect.stringMatching(/^16:18 tenants\[0\]\.acknowledgements\[0\]\.control: must be one of ACN-QUAL-01, .*, TAG-01, got "ACN-KMS-99"$/),
    ]);
  });

  test('an empty tenants list', () => {
    expect(located(['tenants: []'])).toEqual(['1:10 tenants: must list at least 1 item, got []']);
  });
});

describe('core rules, positioned', () => {
  test('a tenant name with characters a tag cannot hold', () => {
    expect(located(BASE.map((l) => l.replace('name: Comune di Esempio', 'name: Comune di Esempio/Nord')))).toEqual([
      '6:11 tenants[0].name: must be 1-128 characters of letters, digits, spaces and _ . : = + @ -, got "Comune di Esempio/Nord"',
    ]);
  });

  test('overlapping ranges name the other tenant', () => {
    expect(located([...BASE, '    cidr: 10.20.0.0/16', ...secondTenant('c_b000', ['    cidr: 10.20.128.0/17'])])).toEqual([
      '18:11 tenants[1].cidr: must not overlap 10.20.0.0/16 of tenant c_a000, got "10.20.128.0/17"',
    ]);
  });

  test('a declared range that collides with one allocated from the pool before it', () => {
    expect(located([...BASE, ...secondTenant('c_b000', ['    cidr: 10.0.0.0/16'])])).toEqual([
      '17:11 tenants[1].cidr: must not overlap 10.0.0.0/16 of tenant c_a000, got "10.0.0.0/16"',
    ]);
  });

  test('a range with host bits, or too large for a tenant', () => {
    expect(located([...BASE, '    cidr: 10.20.0.1/16', ...secondTenant('c_b000', ['    cidr: 10.0.0.0/8'])])).toEqual([
      '11:11 tenants[0].cidr: must have no host bits set: did you mean "10.20.0.0/16"?, got "10.20.0.1/16"',
      '18:11 tenants[1].cidr: must have a prefix length from /16 to /24, got "10.0.0.0/8"',
    ]);
  });

  test('without a pool every tenant needs a cidr', () => {
    expect(located(BASE.filter((l) => !l.includes('networkPool')))).toEqual([
      '4:5 tenants[0].cidr: is required when there is no defaults.networkPool to take a range from, e.g. "10.20.0.0/16"',
    ]);
  });

  test('a pool smaller than a tenant range', () => {
    expect(located(BASE.map((l) => l.replace('10.0.0.0/8', '10.0.0.0/20')))).toEqual([
      '3:16 defaults.networkPool: must be a /16 or larger, since each tenant without a cidr takes a /16 from it, got "10.0.0.0/20"',
    ]);
  });

  test('a full pool', () => {
    expect(located([...BASE.map((l) => l.replace('10.0.0.0/8', '10.0.0.0/16')), ...secondTenant()])).toEqual([
      '11:5 tenants[1].cidr: needs a free /16 but the network pool 10.0.0.0/16 is full: add a pool to defaults.networkPool, widen it, give tenants smaller ranges (a larger prefix length), or give the tenant its own cidr, got "c_b000"',
    ]);
  });

  test('a duplicate tenant (codes compare case-insensitively)', () => {
    expect(located([...BASE, ...secondTenant('C_A000')])).toEqual([
      '11:14 tenants[1].ipaCode: must be unique in the file: tenants[0] has the same codice IPA, got "C_A000"',
    ]);
  });

  test('an override below a legal floor', () => {
    expect(located([...BASE, '    overrides:', '      - setting: auditLogSearchableRetention', '        value: 3 months', '        reason: cost savings for a small comune'])).toEqual([
      '13:16 tenants[0].overrides[0].value: auditLogSearchableRetention must be at least 6 months for an ordinario tenant (Garante privacy, provvedimento 27/11/2008 §4.5 (admin access logs kept at least 6 months, unalterable)), got "3 months" [GAR-LOG-01]',
    ]);
  });

  test('an override that makes the policy inconsistent points at that override', () => {
    const errors = errorsOf([...BASE, '    overrides:', '      - setting: rpo', '        value: 2 hours', '        reason: the service needs a short recovery point']);
    expect(errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '13:16 tenants[0].overrides[0].value: backups every 1 day without continuous backup cannot meet the declared RPO of 2 hours; back up more often or declare a longer rpo, got "2 hours" [ABSC-BCK-01]',
    ]);
    expect(errors[0].control).toBe('ABSC-BCK-01');
  });

  test('a region not allowed for the class', () => {
    expect(located([...baseAs('critico'), '    region: eu-central-1', ...KEYS_AND_COPY.map((l) => l.replace('eu-south-1', 'eu-central-1'))])).toEqual([
      '11:13 tenants[0].region: data of a critico tenant must stay in a region in Italy; eu-central-1 is in DE (Frankfurt) (or acknowledge ACN-LOC-01 with a reason), got "eu-central-1" [ACN-LOC-01]',
      '13:18 tenants[0].keys.kmsKeyArn: the encryption key of a critico tenant must stay in a region in Italy; eu-central-1 is in DE (Frankfurt) (or acknowledge ACN-LOC-01 with a reason), got "eu-central-1" [ACN-LOC-01]',
    ]);
  });

  test('a critico tenant may use another EU region with an acknowledgement of ACN-LOC-01', () => {
    const config = parse([...baseAs('critico'), '    region: eu-central-1', ...KEYS_AND_COPY.map((l) => l.replace('eu-south-1', 'eu-central-1')),
      '    acknowledgements:', '      - control: ACN-LOC-01', '        reason: the application is only offered in Frankfurt until 2026']);
    expect(config.tenants[0].region).toMatchObject({ name: 'eu-central-1', country: 'DE' });
  });

  test('no region outside the EU, even for ordinario', () => {
    expect(located([...BASE, '    region: us-east-1'])).toEqual([
      '11:13 tenants[0].region: data of an ordinario tenant must stay in a region in a member state of the European Union; us-east-1 is in US (N. Virginia), got "us-east-1" [ACN-LOC-01]',
    ]);
  });

  test('a defaults.region that is no AWS region name', () => {
    expect(located(BASE.map((l) => l.replace('qualification: QC2', 'qualification: QC2\n  region: RegionOne')))).toEqual([
      '3:11 defaults.region: must be an AWS region name, e.g. "eu-south-1", got "RegionOne"',
    ]);
  });

  test('an unknown AWS region, and a bad defaults.region reported once', () => {
    expect(located([...BASE.map((l) => l.replace('qualification: QC2', 'qualification: QC2\n  region: eu-fake-2')), ...secondTenant('c_b000', ['    region: eu-fake-1'])])).toEqual([
      expect.stringMatching(/^3:11 defaults\.region: must be a known AWS region \(eu-south-1, .*\); OpenStack tenants take their region from openstack\.region, got "eu-fake-2"$/),
      expect.stringMatching(/^18:13 tenants\[1\]\.region: must be a known AWS region \(eu-south-1, .*\), got "eu-fake-1"$/),
    ]);
  });

  test('a qualification below the class minimum, inherited from defaults, points at the tenant', () => {
    const errors = errorsOf([...baseAs('strategico'), ...KEYS_AND_COPY]);
    expect(errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '5:5 tenants[0].qualification: a strategico tenant needs services qualified QC3 or higher (ACN reg. 21007/2024 art. 17) (inherited from defaults.qualification: set it on the tenant, or change defaults.qualification), got "QC2" [ACN-QUAL-01]',
    ]);
    expect(errors[0].control).toBe('ACN-QUAL-01');
  });

  test('a qualification below the class minimum, on the tenant', () => {
    expect(located([...baseAs('critico'), '    qualification: QC1', ...KEYS_AND_COPY])).toEqual([
      '11:20 tenants[0].qualification: a critico tenant needs services qualified QC2 or higher (ACN reg. 21007/2024 art. 17), got "QC1" [ACN-QUAL-01]',
    ]);
  });

  test('no qualification anywhere', () => {
    expect(located(BASE.filter((l) => !l.includes('qualification')))).toEqual([
      '4:5 tenants[0].qualification: is required: set the ACN qualification (QC1-QC4) of the services used on the tenant or in defaults.qualification',
    ]);
  });

  test('a KMS key in a region not allowed for the class', () => {
    expect(located([...baseAs('critico'), ...KEYS_AND_COPY.map((l) => l.replace('eu-south-1', 'us-east-1'))])).toEqual([
      '12:18 tenants[0].keys.kmsKeyArn: the encryption key of a critico tenant must stay in a region in Italy; us-east-1 is in US (N. Virginia), got "us-east-1" [ACN-LOC-01]',
    ]);
  });

  test('a KMS key in another region than the tenant, or in an unknown region', () => {
    expect(located([...BASE, '    keys:', `      kmsKeyArn: ${KEY.replace('eu-south-1', 'eu-west-1')}`])).toEqual([
      `12:18 tenants[0].keys.kmsKeyArn: must be a key in the landing zone's region eu-south-1 (KMS keys are regional), not in eu-west-1, got "${KEY.replace('eu-south-1', 'eu-west-1')}" [ACN-KMS-02]`,
    ]);
    expect(located([...BASE, '    keys:', `      kmsKeyArn: ${KEY.replace('eu-south-1', 'eu-fake-1')}`])).toEqual([
      `12:18 tenants[0].keys.kmsKeyArn: must be a key in a known AWS region, and eu-fake-1 is not one, got "${KEY.replace('eu-south-1', 'eu-fake-1')}"`,
    ]);
  });

  test('a critico tenant without keys needs an acknowledgement of ACN-KMS-02', () => {
    expect(located([...baseAs('critico'), '    backupCopy:', '      account: "999999999999"'])).toEqual([
      "5:5 tenants[0].keys: a critico tenant needs keys the PA holds (BYOK/HYOK): set keys.kmsKeyArn to the ARN of the PA's KMS key (or acknowledge ACN-KMS-02 with a reason), got nothing [ACN-KMS-02]",
    ]);
    const config = parse([...baseAs('critico'), '    backupCopy:', '      account: "999999999999"',
      '    acknowledgements:', '      - control: ACN-KMS-02', '        reason: key import planned with the 2026 contract']);
    expect(config.tenants[0].keys).toBeUndefined();
    expect(config.tenants[0].policy.isAcknowledged('ACN-KMS-02')).toBe(true);
  });

  test('a strategico tenant needs keys, and cannot acknowledge ACN-KMS-02', () => {
    const strategico = [...baseAs('strategico'), '    qualification: QC3', '    backupCopy:', '      account: "999999999999"'];
    expect(located(strategico)).toEqual([
      "5:5 tenants[0].keys: a strategico tenant needs keys the PA holds (BYOK/HYOK): set keys.kmsKeyArn to the ARN of the PA's KMS key, got nothing [ACN-KMS-02]",
    ]);
    expect(located([...strategico, '    acknowledgements:', '      - control: ACN-KMS-02', '        reason: the key ceremony is planned for 2026'])).toEqual([
      '15:18 tenants[0].acknowledgements[0].control: ACN-KMS-02 cannot be acknowledged for a strategico tenant (acknowledgeable for: critico), got "ACN-KMS-02" [ACN-KMS-02]',
    ]);
  });

  test('a critico tenant without an off-site target (no backupCopy, no aggregator account)', () => {
    expect(located([...baseAs('critico'), ...KEYS_AND_COPY.slice(0, 2)])).toEqual([
      "5:5 tenants[0].backupCopy: a critico tenant needs an off-site backup copy in another account or another allowed region: set backupCopy.account, or aggregator.account, to an account other than the tenant's (or acknowledge ACN-BCK-04 with a reason), got nothing [ACN-BCK-04]",
    ]);
  });

  test('the aggregator account is no off-site target for a tenant in that same account', () => {
    const file = [...aggregatorWithKeys('123456789012'), ...baseAs('critico'), ...KEYS_AND_COPY.slice(0, 2)];
    expect(located(file)).toEqual([
      "13:5 tenants[0].backupCopy: a critico tenant needs an off-site backup copy in another account or another allowed region: the default target aggregator.account 123456789012 is the tenant's own account: set backupCopy.account or backupCopy.region (or acknowledge ACN-BCK-04 with a reason), got nothing [ACN-BCK-04]",
    ]);
    const acknowledged = parse([...file, '    acknowledgements:', '      - control: ACN-BCK-04', '        reason: copies go to tape in the regional data centre']);
    expect(acknowledged.tenants[0].backupCopy).toBeUndefined();
  });

  test('an explicit off-site target in the tenant\'s own account and region', () => {
    expect(located([...baseAs('critico'), ...KEYS_AND_COPY.slice(0, 2), '    backupCopy:', '      account: "123456789012"'])).toEqual([
      '14:7 tenants[0].backupCopy: must send the copies to another account or another region than the tenant\'s own (account 123456789012, region eu-south-1), out of the workload\'s reach, got {"account":"123456789012","region":"eu-south-1"} [ACN-BCK-04]',
    ]);
  });

  test('an off-site copy region not allowed for the class', () => {
    expect(located([...baseAs('critico'), ...KEYS_AND_COPY, '      region: eu-west-1'])).toEqual([
      '15:15 tenants[0].backupCopy.region: the backup copy target of a critico tenant must stay in a region in Italy; eu-west-1 is in IE (Dublin) (or acknowledge ACN-LOC-01 with a reason), got "eu-west-1" [ACN-LOC-01]',
    ]);
  });

  test('an aggregator name a tag cannot hold', () => {
    expect(located(['aggregator:', '  ipaCode: r_esempio', '  name: Regione Esempio/Servizi', '  incidentContact: soc@regione.esempio.it', ...BASE])).toEqual([
      '3:9 aggregator.name: must be 1-128 characters of letters, digits, spaces and _ . : = + @ -, got "Regione Esempio/Servizi"',
    ]);
  });

  test('an aggregator needs an incident contact for its central services, and a valid owner', () => {
    expect(located(['aggregator:', '  ipaCode: r_esempio', '  name: Regione Esempio', ...BASE])).toEqual([
      '2:3 aggregator.incidentContact: is required and must be an e-mail address, e.g. "cert@comune.example.it"',
    ]);
    expect(located(['aggregator:', '  ipaCode: r_esempio', '  name: Regione Esempio', '  incidentContact: soc', ...BASE])).toEqual([
      '4:20 aggregator.incidentContact: must be an e-mail address, e.g. "cert@comune.example.it", got "soc"',
    ]);
    expect(located(['aggregator:', '  ipaCode: r_esempio', '  name: Regione Esempio', '  owner: Centro/Servizi', '  incidentContact: soc@regione.esempio.it', ...BASE])).toEqual([
      '4:10 aggregator.owner: must be 1-128 characters of letters, digits, spaces and _ . : = + @ -, got "Centro/Servizi"',
    ]);
  });

  test('a KMS key ARN whose partition does not match its region', () => {
    const arn = KEY.replace('arn:aws:', 'arn:aws-eusc:');
    expect(located([...BASE, '    keys:', `      kmsKeyArn: ${arn}`])).toEqual([
      `12:18 tenants[0].keys.kmsKeyArn: must use the partition of eu-south-1: arn:aws:kms:..., got "${arn}"`,
    ]);
  });

  test('an AWS tenant needs an account, and OpenStack-only keys are refused', () => {
    expect(located([...BASE.filter((l) => !l.includes('account:')), '    keys:', '      encryptedVolumeType: luks'])).toEqual([
      '5:5 tenants[0].account: is required for an AWS tenant: the tenant\'s AWS account ID, 12 digits in quotes, e.g. "123456789012"',
      '11:28 tenants[0].keys.encryptedVolumeType: is for OpenStack tenants: an AWS tenant gives its key as keys.kmsKeyArn, got "luks"',
    ]);
  });
});

describe('the aggregator\'s keys for the central services (ACN-KMS-02)', () => {
  /** A critico tenant (lines 9-18) with its own key, copying to the aggregator's vault. */
  const critico = [...baseAs('critico'), '    keys:', `      kmsKeyArn: ${KEY}`];

  test('are resolved as written', () => {
    const config = parse([...aggregatorWithKeys(), ...critico]);
    expect(config.aggregator!.keys).toEqual({ archiveKmsKeyArn: ARCHIVE_KEY, vaultKmsKeyArn: VAULT_KEY });
    expect(config.tenants[0].provider === 'aws' && config.tenants[0].backupCopy?.vaultName).toBe('pa-r-esempio-offsite');
  });

  test('are optional when every AWS tenant is ordinario, or without an aggregator account', () => {
    expect(parse([...aggregatorWithKeys().slice(0, 5), ...BASE]).aggregator!.keys).toBeUndefined();
    const noAccount = ['aggregator:', '  ipaCode: r_esempio', '  name: Regione Esempio', '  incidentContact: soc@regione.esempio.it', ...critico, '    backupCopy:', '      account: "999999999999"'];
    expect(parse(noAccount).aggregator!.keys).toBeUndefined();
  });

  test('are required with an aggregator account and a critico or strategico AWS tenant, naming the strictest', () => {
    const strategico = [...baseAs('strategico'), '    qualification: QC3', '    keys:', `      kmsKeyArn: ${KEY}`];
    expect(located([...aggregatorWithKeys().slice(0, 5), ...critico, ...secondTenant('c_b000', ['    classification: strategico']).filter((l) => l !== '    classification: ordinario'), '    qualification: QC3', '    keys:', `      kmsKeyArn: ${KEY.replace('123456789012', '123456789013')}`])).toEqual([
      "2:3 aggregator.keys: is required when an AWS tenant is critico or strategico (tenants[1] c_b000 is strategico): the central log archive and the off-site vault in aggregator.account hold its logs and backup copies, and ACN-KMS-02 can be acknowledged per tenant but not for the central services; set archiveKmsKeyArn and vaultKmsKeyArn to keys of aggregator.account in an external key store or with imported material, got nothing [ACN-KMS-02]",
    ]);
    expect(located([...aggregatorWithKeys().slice(0, 5), ...strategico])[0]).toMatch(/^2:3 aggregator\.keys: is required when an AWS tenant is critico or strategico \(tenants\[0\] c_a000 is strategico\)/);
  });

  test('need the aggregator account', () => {
    expect(located([...aggregatorWithKeys().filter((l) => !l.includes('account:')), ...BASE])).toEqual([
      `6:5 aggregator.keys: needs aggregator.account: the keys are those of the central services in the aggregator's account, got {"archiveKmsKeyArn":"${ARCHIVE_KEY}","vaultKmsKeyArn":"${VAULT_KEY}"}`,
    ]);
  });

  test('a malformed ARN, or a missing one, is a structural mistake', () => {
    expect(located([...aggregatorWithKeys('111111111111', 'arn:aws:kms:eu-south-1:111:key/abc'), ...BASE])).toEqual([
      '7:23 aggregator.keys.archiveKmsKeyArn: must be a KMS key ARN, e.g. "arn:aws:kms:eu-south-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", got "arn:aws:kms:eu-south-1:111:key/abc"',
    ]);
    expect(located([...aggregatorWithKeys().slice(0, 7), ...BASE])[0]).toMatch(/^7:5 aggregator\.keys\.vaultKmsKeyArn: is required and must be a KMS key ARN/);
  });

  test('a key in an unknown region, or in a region not allowed for the strictest class', () => {
    const unknown = ARCHIVE_KEY.replace('eu-south-1', 'eu-nowhere-1');
    const dublin = VAULT_KEY.replace('eu-south-1', 'eu-west-1');
    expect(located([...aggregatorWithKeys('111111111111', unknown, dublin), ...critico])).toEqual([
      `7:23 aggregator.keys.archiveKmsKeyArn: must be a key in a known AWS region, and eu-nowhere-1 is not one, got "${unknown}"`,
      `8:21 aggregator.keys.vaultKmsKeyArn: the key of the off-site backup vault of a critico tenant must stay in a region in Italy; eu-west-1 is in IE (Dublin), got "${dublin}" [ACN-LOC-01]`,
    ]);
  });

  test('a key of another partition or another account', () => {
    const eusc = ARCHIVE_KEY.replace('arn:aws:', 'arn:aws-eusc:');
    const other = VAULT_KEY.replace('111111111111', '222222222222');
    expect(located([...aggregatorWithKeys('111111111111', eusc, other), ...critico])).toEqual([
      `7:23 aggregator.keys.archiveKmsKeyArn: must use the partition of eu-south-1: arn:aws:kms:..., got "${eusc}"`,
      `8:21 aggregator.keys.vaultKmsKeyArn: must be a key of aggregator.account 111111111111, where the off-site backup vault is, got "${other}" [ACN-KMS-02]`,
    ]);
  });

  test('a key in another region than the central services of a critico tenant (KMS keys are regional)', () => {
    const frankfurt = ['    region: eu-central-1', '    acknowledgements:', '      - control: ACN-LOC-01', '        reason: data in Frankfurt until the Milan contract starts',
      '      - control: ACN-KMS-02', '        reason: key import planned with the 2026 contract'];
    expect(located([...aggregatorWithKeys(), ...baseAs('critico'), ...frankfurt])).toEqual([
      `7:23 aggregator.keys.archiveKmsKeyArn: must be a key in eu-central-1, where its central log archive is (tenants[0] c_a000, critico): KMS keys are regional, got "${ARCHIVE_KEY}" [ACN-KMS-02]`,
      `8:21 aggregator.keys.vaultKmsKeyArn: must be a key in eu-central-1, where the vault of its off-site copies is (tenants[0] c_a000, critico): KMS keys are regional, got "${VAULT_KEY}" [ACN-KMS-02]`,
    ]);
  });
});

describe('OpenStack', () => {
  const OPENSTACK = [
    'openstack:', //                 10
    '  credentialsExpireAt: "2027-06-30T00:00:00Z"', // 11
    '  cloud: mycloud', //           12
    '  externalNetworkName: public', //  13
    '  regions:', //                 14
    '    - name: it-mil1', //        15
    '      country: IT', //          16
    '    - name: de-fra1', //        17
    '      country: DE', //          18
    '  region: it-mil1', //          19
  ];
  const tenant = (classification: string, extra: readonly string[] = []) => [
    'tenants:', //                               20
    '  - ipaCode: c_a000', //                    21
    '    name: Comune di Esempio',
    `    classification: ${classification}`, // 23
    '    owner: Servizi informativi',
    '    incidentContact: cert@comune.example.it',
    '    provider: openstack', //                26
    '    cidr: 10.10.0.0/16', //                 27
    ...extra,
  ];
  const defaults = ['defaults:', '  qualification: QC2', '', '', '', '', '', '', ''];

  test('an OpenStack tenant without an openstack section', () => {
    expect(located([...BASE, '    provider: openstack'])).toEqual([
      '10:14 tenants[0].account: is for AWS tenants: an OpenStack tenant has none, got "123456789012"',
      '11:15 tenants[0].provider: needs the openstack section (cloud, externalNetworkName, regions with their country, region) at the top level of the file, got "openstack"',
    ]);
  });

  test('an ordinario tenant loads with the default region and no off-site copy', () => {
    const config = parse([...defaults, ...OPENSTACK, ...tenant('ordinario')]);
    expect(config.tenants[0]).toMatchObject({ provider: 'openstack', region: { name: 'it-mil1', country: 'IT' }, backupCopy: undefined });
    expect(config.openstack).toMatchObject({ cloud: 'mycloud', externalNetworkName: 'public', region: { name: 'it-mil1' }, backupRegion: undefined });
  });

  test('a critico tenant without a backup region', () => {
    expect(located([...defaults, ...OPENSTACK, ...tenant('critico', ['    keys:', '      encryptedVolumeType: luks-hsm'])])).toEqual([
      "21:5 tenants[0].backupCopy: a critico tenant needs an off-site backup copy in another allowed region: set backupCopy.region, or openstack.backupRegion, to a declared region other than the tenant's (or acknowledge ACN-BCK-04 with a reason), got nothing [ACN-BCK-04]",
    ]);
  });

  test('a backup region in a country not allowed for the class, inherited from openstack.backupRegion', () => {
    expect(located([...defaults, ...OPENSTACK, ...tenant('critico', ['    keys:', '      encryptedVolumeType: luks-hsm'])].map((l) => (l === '  region: it-mil1' ? '  region: it-mil1\n  backupRegion: de-fra1' : l)))).toEqual([
      '22:5 tenants[0].backupCopy.region: the backup copy target of a critico tenant must stay in a region in Italy; de-fra1 is in DE (or acknowledge ACN-LOC-01 with a reason) (inherited from openstack.backupRegion: set it on the tenant, or change openstack.backupRegion), got "de-fra1" [ACN-LOC-01]',
    ]);
  });

  test('a region that is not declared, and AWS-only keys', () => {
    expect(located([...defaults, ...OPENSTACK, ...tenant('critico', ['    region: it-nap1', '    keys:', `      kmsKeyArn: ${KEY}`])])).toEqual([
      '28:13 tenants[0].region: must be an OpenStack region declared with its country (declared: it-mil1, de-fra1), got "it-nap1"',
      `30:18 tenants[0].keys.kmsKeyArn: is for AWS tenants: an OpenStack tenant gives its encrypted volume type as keys.encryptedVolumeType, got "${KEY}"`,
    ]);
  });

  test('a copy region equal to the tenant region', () => {
    expect(located([...defaults, ...OPENSTACK, ...tenant('critico', ['    keys:', '      encryptedVolumeType: luks-hsm', '    backupCopy:', '      region: it-mil1'])])).toEqual([
      "31:15 tenants[0].backupCopy.region: must be another region than the tenant's own (it-mil1), so the copies are off-site, got \"it-mil1\" [ACN-BCK-04]",
    ]);
  });

  test('openstack.region must be declared, and openstack.backupRegion must be another region', () => {
    const file = [...defaults, ...OPENSTACK, ...tenant('ordinario')];
    expect(located(file.map((l) => (l === '  region: it-mil1' ? '  region: it-nap1' : l)))).toEqual([
      '19:11 openstack.region: must be an OpenStack region declared with its country (declared: it-mil1, de-fra1), got "it-nap1"',
    ]);
    expect(located(file.map((l) => (l === '  region: it-mil1' ? '  region: it-mil1\n  backupRegion: it-mil1' : l)))).toEqual([
      '20:17 openstack.backupRegion: must be another region than openstack.region, so the copies are off-site, got "it-mil1" [ACN-BCK-04]',
    ]);
  });

  test('AWS-only backupCopy keys on an OpenStack tenant', () => {
    expect(located([...defaults, ...OPENSTACK, ...tenant('ordinario', ['    backupCopy:', '      account: "999999999999"', '      vaultName: copies'])])).toEqual([
      '29:16 tenants[0].backupCopy.account: is for AWS tenants: an OpenStack tenant sends its copies to backupCopy.region, got "999999999999"',
      '30:18 tenants[0].backupCopy.vaultName: is for AWS tenants: an OpenStack tenant sends its copies to backupCopy.region, got "copies"',
    ]);
  });

  test('a declared region twice, and a missing country', () => {
    const file = [...defaults, ...OPENSTACK, ...tenant('ordinario')].map((l) => (l === '    - name: de-fra1' ? '    - name: it-mil1' : l));
    expect(located(file)).toEqual(['17:13 openstack.regions[1].name: must be unique: already declared as openstack.regions[0], got "it-mil1"']);
    expect(located([...defaults, ...OPENSTACK, ...tenant('ordinario')].filter((l) => l !== '      country: DE'))).toEqual([
      '17:7 openstack.regions[1].country: is required and must be an ISO 3166-1 alpha-2 country code in capitals, e.g. "IT"',
    ]);
  });
});

describe('all mistakes at once', () => {
  test('a file with 4 mistakes in different places reports 4 errors, in file order', () => {
    const file = [
      ...BASE.map((l) => l.replace('name: Comune di Esempio', 'nome: Comune di Esempio')), // 6: unknown key + missing name
      '    cidr: 10.20.0.0/16',
      ...secondTenant('c_b000', ['    cidr: 10.20.0.0/24']), // 18: overlap
      ...secondTenant('c_c000', ['    region: us-east-1']).map((l) => l.replace('"123456789013"', '"1234"')), // 24: account, 25: region
    ];
    expect(located(file)).toEqual([
      '5:5 tenants[0].name: is required and must be a text of 1-128 characters',
      '6:5 tenants[0]: unknown key "nome" (did you mean "name"?) (allowed: ipaCode, name, classification, qualification, owner, incidentContact, provider, account, region, cidr, keys, backupCopy, availabilityZones, managementProxy, overrides, acknowledgements)',
      '18:11 tenants[1].cidr: must not overlap 10.20.0.0/16 of tenant c_a000, got "10.20.0.0/24"',
      '24:14 tenants[2].account: must be an AWS account ID of 12 digits, in quotes, e.g. "123456789012", got "1234"',
    ]);
  });

  test('semantic mistakes of several tenants are all reported', () => {
    const file = [...baseAs('critico'), ...secondTenant('c_b000', ['    region: us-east-1']), ...secondTenant('C_B000')];
    expect(errorsOf(file).map((e) => `${e.line}:${e.column} ${e.field} ${e.control ?? ''}`)).toEqual([
      '5:5 tenants[0].keys ACN-KMS-02',
      '5:5 tenants[0].backupCopy ACN-BCK-04',
      '17:13 tenants[1].region ACN-LOC-01',
      '18:14 tenants[2].ipaCode ',
    ]);
  });

  test('the error lists every mistake as file:line:column', () => {
    let thrown: unknown;
    try {
      parseConfig(`${[...BASE, '    cidr: 10.20.0.1/16', '    region: us-east-1'].join('\n')}\n`, 'pa/lz.yaml');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConfigValidationError);
    const error = thrown as ConfigValidationError;
    expect(error.file).toBe('pa/lz.yaml');
    expect(error.errors.map(formatConfigError)).toEqual([
      'pa/lz.yaml:11:11: tenants[0].cidr: must have no host bits set: did you mean "10.20.0.0/16"?, got "10.20.0.1/16"',
      'pa/lz.yaml:12:13: tenants[0].region: data of an ordinario tenant must stay in a region in a member state of the European Union; us-east-1 is in US (N. Virginia), got "us-east-1" [ACN-LOC-01]',
    ]);
    expect(error.message).toBe(`pa/lz.yaml: 2 mistakes\n${error.errors.map(formatConfigError).join('\n')}`);
  });
});

describe('loadConfig', () => {
  test('the four-mistakes fixture reports its four mistakes, in file order', () => {
    const file = path.join(__dirname, '..', 'fixtures', 'config', 'four-mistakes.yaml');
    let errors: readonly string[] = [];
    try {
      loadConfig(file);
    } catch (e) {
      errors = (e as ConfigValidationError).errors.map(formatConfigError);
    }
    expect(errors).toEqual([
      `${file}:14:5: tenants[0]: unknown key "tags" (allowed: ipaCode, name, classification, qualification, owner, incidentContact, provider, account, region, cidr, keys, backupCopy, availabilityZones, managementProxy, overrides, acknowledgements)`,
      `${file}:15:14: tenants[1].ipaCode: must be a codice IPA from the Indice PA: 2-30 letters, digits or underscores starting with a letter, e.g. "c_h501", got "9_comune"`,
      `${file}:27:11: tenants[2].cidr: must not overlap 10.20.0.0/16 of tenant c_a000, got "10.20.4.0/24"`,
      `${file}:28:5: tenants[3].keys: a critico tenant needs keys the PA holds (BYOK/HYOK): set keys.kmsKeyArn to the ARN of the PA's KMS key (or acknowledge ACN-KMS-02 with a reason), got nothing [ACN-KMS-02]`,
    ]);
  });

  test('a missing file is a positioned error, not a crash', () => {
    const file = path.join(os.tmpdir(), 'pa-cloud-kit-no-such-file.yaml');
    expect(() => loadConfig(file)).toThrow(ConfigValidationError);
    expect(() => loadConfig(file)).toThrow(`${file}:1:1: cannot read the file: no such file`);
  });
});

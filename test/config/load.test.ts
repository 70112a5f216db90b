import * as path from 'path';
import { Cidr, CloudProvider, CompliancePolicy, DataClassification, NetworkTier, QualificationLevel, planTenantNetwork } from '../../lib/core';
import { LandingZonesConfig, ResolvedAwsTenant, ResolvedOpenStackTenant, loadConfig, parseConfig } from '../../lib/config';
import { BASE, parse, secondTenant } from './helpers';

const SAMPLE = path.join(__dirname, '..', '..', 'examples', 'aggregator', 'landing-zones.yaml');

describe('the aggregator sample', () => {
  let config: LandingZonesConfig;
  beforeAll(() => {
    config = loadConfig(SAMPLE);
  });
  const tenant = (ipaCode: string) => config.tenants.find((t) => t.identity.ipaCode === ipaCode)!;

  test('loads with every class on both providers', () => {
    expect(config.tenants.map((t) => [t.identity.ipaCode, t.provider, t.identity.classification])).toEqual([
      ['c_a001', 'aws', 'ordinario'],
      ['asl_esempio', 'aws', 'critico'],
      ['r_esempio_sanita', 'aws', 'strategico'],
      ['c_a002', 'openstack', 'ordinario'],
      ['ao_esempio', 'openstack', 'critico'],
      ['r_esempio_ps', 'openstack', 'strategico'],
    ]);
    expect(config.tenants.map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('the aggregator and openstack sections are resolved', () => {
    expect(config.aggregator).toEqual({
      ipaCode: 'r_esempio', name: 'Società in-house Regione Esempio', slug: 'r-esempio', account: '111111111111',
      owner: 'Centro servizi regionale', incidentContact: 'soc@inhouse.regione.esempio.it',
      keys: {
        archiveKmsKeyArn: 'arn:aws:kms:eu-south-1:111111111111:key/4e5f6071-8293-4a4b-8d3e-4f5a6b7c8d9e',
        vaultKmsKeyArn: 'arn:aws:kms:eu-south-1:111111111111:key/5f607182-93a4-4b5c-9e4f-5a6b7c8d9e0f',
      },
    });
    expect(config.openstack).toMatchObject({
      cloud: 'regione-esempio',
      externalNetworkName: 'public',
      region: { provider: 'openstack', name: 'it-mil1', country: 'IT' },
      backupRegion: { provider: 'openstack', name: 'it-rom1', country: 'IT' },
    });
    expect(config.openstack!.regions.map((r) => r.name)).toEqual(['it-mil1', 'it-rom1']);
    expect(config.networkPool!.toString()).toBe('10.0.0.0/8');
    expect(config.regions.get(CloudProvider.OPENSTACK, 'it-rom1').country).toBe('IT');
  });

  test('ranges: declared ones are kept, the others take the first free /16 of the pool in file order', () => {
    expect(config.tenants.map((t) => `${t.identity.ipaCode} ${t.cidr} ${t.cidrSource}`)).toEqual([
      'c_a001 10.0.0.0/16 pool',
      'asl_esempio 10.20.0.0/16 declared',
      'r_esempio_sanita 10.1.0.0/16 pool',
      'c_a002 10.2.0.0/16 pool',
      'ao_esempio 10.30.0.0/20 declared',
      'r_esempio_ps 10.3.0.0/16 pool',
    ]);
  });

  test('identities carry the aggregator, the class and the qualification (default or own)', () => {
    expect(tenant('asl_esempio').identity.tags()).toEqual({
      'pa:ipa-code': 'asl_esempio',
      'pa:classification': 'critico',
      'acn:qualification': 'QC2',
      'pa:owner': 'UOC Sistemi informativi',
      'pa:incident-contact': 'sicurezza@asl.esempio.it',
      'pa:aggregator': 'r_esempio',
    });
    expect(tenant('r_esempio_sanita').identity.qualification).toBe(QualificationLevel.QC3);
    expect(tenant('c_a002').identity.qualification).toBe(QualificationLevel.QC1);
  });

  test('policies come from the class, with the tenant overrides and acknowledgements', () => {
    expect(tenant('c_a001').policy.classification).toBe(DataClassification.ORDINARIO);
    expect(tenant('asl_esempio').policy.settings.backupMonthlyRetention.toString()).toBe('10 years');
    expect(tenant('asl_esempio').policy.overrides).toEqual([
      expect.objectContaining({ setting: 'backupMonthlyRetention', weakens: false, reason: 'clinical records retention policy of the ASL (deliberazione 12/2024)' }),
    ]);
    expect(tenant('ao_esempio').policy.isAcknowledged('ABSC-NET-03')).toBe(true);
    expect(config.tenants.every((t) => t.warnings.length === 0)).toBe(true);
  });

  test('overrides and acknowledgements are kept as written, and rebuild the same policy', () => {
    expect(tenant('asl_esempio').overrides).toEqual([
      { setting: 'backupMonthlyRetention', value: '10 years', reason: 'clinical records retention policy of the ASL (deliberazione 12/2024)' },
    ]);
    expect(tenant('asl_esempio').acknowledgements).toEqual([]);
    expect(tenant('ao_esempio').acknowledgements).toEqual([
      { control: 'ABSC-NET-03', reason: 'the provider offers no FWaaS yet; egress goes through the regional proxy' },
    ]);
    expect(tenant('ao_esempio').overrides).toEqual([]);
    for (const t of config.tenants) {
      const rebuilt = CompliancePolicy.forClassification(t.identity.classification, { overrides: t.overrides, acknowledgements: t.acknowledgements });
      expect(rebuilt.requirements().map((r) => r.display)).toEqual(t.policy.requirements().map((r) => r.display));
      expect(rebuilt.warnings()).toEqual(t.policy.warnings());
    }
  });

  test('AWS tenants with keys give one key per purpose, all distinct, in their account and region', () => {
    const withKeys = config.tenants.filter((t): t is ResolvedAwsTenant => t.provider === CloudProvider.AWS && t.keys !== undefined);
    expect(withKeys.map((t) => t.identity.ipaCode)).toEqual(['asl_esempio', 'r_esempio_sanita']);
    for (const t of withKeys) {
      const arns = [t.keys!.kmsKeyArn, t.keys!.logsKmsKeyArn, t.keys!.backupKmsKeyArn];
      expect(new Set(arns).size).toBe(3);
      for (const arn of arns) expect(arn).toMatch(new RegExp(`^arn:aws:kms:${t.region.name}:${t.account}:key/`));
    }
  });

  test('the openstack section: credentials expiry as written, and each tenant\'s proxy on its own management subnet', () => {
    expect(config.openstack).toMatchObject({ credentialsExpireAt: '2027-06-30T00:00:00Z' });
    const openstack = config.tenants.filter((t): t is ResolvedOpenStackTenant => t.provider === CloudProvider.OPENSTACK);
    expect(openstack.map((t) => t.settings.managementProxy)).toEqual(['http://10.2.192.10:3128', 'http://10.30.12.10:3128', 'http://10.3.192.10:3128']);
    for (const t of openstack) {
      const management = planTenantNetwork({ cidr: t.cidr, availabilityZones: ['all'] }).tierBlocks[NetworkTier.MANAGEMENT];
      const address = /\/\/([\d.]+):/.exec(t.settings.managementProxy!)![1];
      expect([t.identity.ipaCode, management.contains(Cidr.parse(`${address}/32`))]).toEqual([t.identity.ipaCode, true]);
    }
  });

  test('AWS tenants: account, region, keys, and the off-site vault by convention', () => {
    const asl = tenant('asl_esempio') as ResolvedAwsTenant;
    expect(asl.account).toBe('222222222222');
    expect(asl.region).toMatchObject({ name: 'eu-south-1', country: 'IT' });
    expect(asl.keys).toEqual({
      kmsKeyArn: 'arn:aws:kms:eu-south-1:222222222222:key/1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b',
      logsKmsKeyArn: 'arn:aws:kms:eu-south-1:222222222222:key/2c3d4e5f-6071-4829-8b1c-2d3e4f5a6b7c',
      backupKmsKeyArn: 'arn:aws:kms:eu-south-1:222222222222:key/3d4e5f60-7182-493a-9c2d-3e4f5a6b7c8d',
    });
    expect(asl.backupCopy).toMatchObject({
      account: '111111111111',
      region: { name: 'eu-south-1' },
      vaultName: 'pa-r-esempio-offsite',
      vaultArn: 'arn:aws:backup:eu-south-1:111111111111:backup-vault:pa-r-esempio-offsite',
    });
    expect((tenant('r_esempio_sanita') as ResolvedAwsTenant).backupCopy!.vaultArn).toBe('arn:aws:backup:eu-south-1:444444444444:backup-vault:sanita-offsite');
    // ordinario: an off-site copy is recommended, not required, so none unless asked for
    expect((tenant('c_a001') as ResolvedAwsTenant).backupCopy).toBeUndefined();
    expect((tenant('c_a001') as ResolvedAwsTenant).keys).toBeUndefined();
  });

  test('OpenStack tenants: region, volume type, and the off-site region (default or own)', () => {
    const ao = tenant('ao_esempio') as ResolvedOpenStackTenant;
    expect(ao.region.name).toBe('it-mil1');
    expect(ao.keys).toEqual({ encryptedVolumeType: 'luks-hsm' });
    expect(ao.backupCopy).toEqual({ region: { provider: 'openstack', name: 'it-rom1', country: 'IT', location: 'Roma' } });
    const ps = tenant('r_esempio_ps') as ResolvedOpenStackTenant;
    expect(ps.region.name).toBe('it-rom1');
    expect(ps.backupCopy!.region.name).toBe('it-mil1');
    expect((tenant('c_a002') as ResolvedOpenStackTenant).backupCopy).toBeUndefined();
  });

  test('is deterministic', () => {
    const again = loadConfig(SAMPLE);
    const summary = (c: LandingZonesConfig) => JSON.stringify(c.tenants.map((t) => ({ ...t, identity: t.identity.tags(), policy: t.policy.requirements().map((r) => r.display) })));
    expect(summary(again)).toBe(summary(config));
  });
});

describe('defaults and options', () => {
  test('without defaults.provider and defaults.region, a tenant is on AWS in eu-south-1', () => {
    const config = parse(BASE);
    expect(config.tenants[0]).toMatchObject({ provider: 'aws', region: { name: 'eu-south-1', country: 'IT' }, account: '123456789012' });
    expect(config.aggregator).toBeUndefined();
    expect(config.openstack).toBeUndefined();
  });

  test('codici IPA are normalized to lower case', () => {
    const config = parse(BASE.map((l) => l.replace('c_a000', 'C_A000')));
    expect(config.tenants[0].identity.ipaCode).toBe('c_a000');
  });

  test('an ordinario tenant gets an off-site copy when it asks for one, in another region of the same account', () => {
    const config = parse([...BASE, '    backupCopy:', '      region: eu-west-1']);
    expect((config.tenants[0] as ResolvedAwsTenant).backupCopy).toMatchObject({
      account: '123456789012',
      region: { name: 'eu-west-1', country: 'IE' },
      vaultName: 'pa-c-a000-offsite',
      vaultArn: 'arn:aws:backup:eu-west-1:123456789012:backup-vault:pa-c-a000-offsite',
    });
  });

  test('an ordinario tenant that overrides offsiteBackupCopy to true gets the aggregator default', () => {
    const config = parse(['aggregator:', '  ipaCode: r_esempio', '  name: Regione Esempio', '  incidentContact: soc@regione.esempio.it', '  account: "111111111111"', ...BASE,
      '    overrides:', '      - setting: offsiteBackupCopy', '        value: true', '        reason: the comune wants copies off-site too']);
    expect((config.tenants[0] as ResolvedAwsTenant).backupCopy!.vaultArn).toBe('arn:aws:backup:eu-south-1:111111111111:backup-vault:pa-r-esempio-offsite');
  });

  test('a weakening override is accepted with a reason and leaves a warning naming the control', () => {
    const config = parse([...BASE, '    overrides:', '      - setting: backupDailyRetention', '        value: 14 days', '        reason: short-lived test environment of the comune']);
    expect(config.tenants[0].warnings).toEqual([
      '[ABSC-BCK-01] backupDailyRetention weakened from the kit default 35 days to 14 days: short-lived test environment of the comune',
    ]);
  });

  test('the European Sovereign Cloud partition is used in vault ARNs', () => {
    const config = parse([...BASE, '    region: eusc-de-east-1', '    backupCopy:', '      account: "999999999999"']);
    expect((config.tenants[0] as ResolvedAwsTenant).backupCopy!.vaultArn).toBe('arn:aws-eusc:backup:eusc-de-east-1:999999999999:backup-vault:pa-c-a000-offsite');
  });

  test('x- keys hold anchors that tenants merge in', () => {
    const config = parse([
      'x-common: &common',
      '  owner: Servizi informativi',
      '  incidentContact: cert@comune.example.it',
      ...BASE.filter((l) => !l.includes('owner:') && !l.includes('incidentContact:')),
      '    <<: *common',
    ]);
    expect(config.tenants[0].identity.owner).toBe('Servizi informativi');
    expect(config.tenants[0].identity.incidentContact).toBe('cert@comune.example.it');
  });

  test('the file name given is the one reported', () => {
    expect(parseConfig(`${BASE.join('\n')}\n`, 'x/y.yaml').file).toBe('x/y.yaml');
    expect(parse([...BASE, ...secondTenant()]).tenants.map((t) => t.cidr.toString())).toEqual(['10.0.0.0/16', '10.1.0.0/16']);
  });
});

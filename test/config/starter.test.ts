import { parse as parseYaml } from 'yaml';
import { ResolvedAwsTenant, ResolvedOpenStackTenant, parseConfig, renderStarterConfig } from '../../lib/config';
import { Cidr, CloudProvider, DATA_CLASSIFICATIONS, DataClassification, NetworkTier, QualificationLevel, planTenantNetwork } from '../../lib/core';

describe('renderStarterConfig', () => {
  test('by default: one ordinario PA on AWS in eu-south-1, loadable as written', () => {
    const text = renderStarterConfig();
    const config = parseConfig(text, 'landing-zones.yaml');
    expect(config.tenants).toHaveLength(1);
    const [tenant] = config.tenants as ResolvedAwsTenant[];
    expect(tenant).toMatchObject({ provider: 'aws', account: '123456789012', region: { name: 'eu-south-1' }, keys: undefined, backupCopy: undefined });
    expect(tenant.identity.tags()).toEqual({
      'pa:ipa-code': 'c_a000',
      'pa:classification': 'ordinario',
      'acn:qualification': 'QC1',
      'pa:owner': 'Servizi informativi',
      'pa:incident-contact': 'cert@comune.example.it',
    });
    expect(tenant.cidr.toString()).toBe('10.0.0.0/16');
    expect(config.aggregator).toBeUndefined();
  });

  test('comments explain each field and the Italian terms', () => {
    const text = renderStarterConfig();
    for (const phrase of ['codice IPA', 'Indice PA', 'ordinario | critico | strategico', 'soggetto aggregatore', 'ACN', 'QC1', 'incident reports', 'ACN-KMS-02', 'ACN-BCK-04', 'reason']) {
      expect(text).toContain(phrase);
    }
  });

  test('the commented-out overrides and backupCopy blocks load once uncommented', () => {
    const uncomment = (text: string, block: string) => {
      const lines = text.split('\n');
      const start = lines.findIndex((l) => l.startsWith(`    # ${block}:`));
      let end = start + 1;
      while (lines[end].startsWith('    #   ')) end++;
      return [...lines.slice(0, start), ...lines.slice(start, end).map((l) => l.replace('    # ', '    ')), ...lines.slice(end)].join('\n');
    };
    const withOverride = parseConfig(uncomment(renderStarterConfig(), 'overrides'), 'x.yaml').tenants[0];
    expect(withOverride.policy.settings.auditLogSearchableRetention.toString()).toBe('18 months');
    const withCopy = parseConfig(uncomment(renderStarterConfig(), 'backupCopy'), 'x.yaml').tenants[0] as ResolvedAwsTenant;
    expect(withCopy.backupCopy!.account).toBe('210987654321');
    const osCopy = parseConfig(uncomment(renderStarterConfig({ provider: 'openstack' }), 'backupCopy'), 'x.yaml').tenants[0] as ResolvedOpenStackTenant;
    expect(osCopy.backupCopy!.region.name).toBe('RegionTwo');
  });

  test.each(DATA_CLASSIFICATIONS.flatMap((c) => [CloudProvider.AWS, CloudProvider.OPENSTACK].map((p) => [c, p] as const)))(
    'a %s starter on %s loads as written, with the keys and off-site copy its class needs',
    (classification, provider) => {
      const config = parseConfig(renderStarterConfig({ classification, provider }), 'landing-zones.yaml');
      const [tenant] = config.tenants;
      expect(tenant.identity.classification).toBe(classification);
      expect(tenant.provider).toBe(provider);
      const strict = classification !== DataClassification.ORDINARIO;
      expect(tenant.keys !== undefined).toBe(strict);
      expect(tenant.backupCopy !== undefined).toBe(strict);
      expect(tenant.warnings).toEqual([]);
    },
  );

  test('an AWS starter that needs keys gives one per purpose (ACN-KMS-01), in the account and region', () => {
    const tenant = parseConfig(renderStarterConfig({ classification: 'critico', account: '555555555555' }), 'x.yaml').tenants[0] as ResolvedAwsTenant;
    expect(tenant.keys).toEqual({
      kmsKeyArn: 'arn:aws:kms:eu-south-1:555555555555:key/00000000-0000-0000-0000-000000000000',
      logsKmsKeyArn: 'arn:aws:kms:eu-south-1:555555555555:key/00000000-0000-0000-0000-000000000001',
      backupKmsKeyArn: 'arn:aws:kms:eu-south-1:555555555555:key/00000000-0000-0000-0000-000000000002',
    });
  });

  test('an OpenStack starter sets the credentials expiry: a year from today at midnight UTC, or the option', () => {
    const expiry = (options = {}) => parseConfig(renderStarterConfig({ provider: 'openstack', ...options }), 'x.yaml').openstack!.credentialsExpireAt!;
    const now = new Date();
    const inAYear = new Date(Date.UTC(now.getUTCFullYear() + 1, now.getUTCMonth(), now.getUTCDate()));
    // around midnight UTC the test may run a day after the starter was rendered
    expect([inAYear.toISOString().slice(0, 10), new Date(inAYear.getTime() - 86_400_000).toISOString().slice(0, 10)]).toContain(expiry().slice(0, 10));
    expect(expiry()).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
    expect(expiry({ credentialsExpireAt: '2028-01-31T12:00:00+01:00' })).toBe('2028-01-31T12:00:00+01:00');
    expect(renderStarterConfig({ provider: 'openstack' })).toContain('backup scheduler expire then');
  });

  test('the commented-out proxy and scheduler lines of an OpenStack starter load once uncommented', () => {
    const text = renderStarterConfig({ provider: 'openstack' })
      .replace('    # managementProxy:', '    managementProxy:')
      .replace('  # schedulerImageName:', '  schedulerImageName:')
      .replace('  # schedulerFlavorName:', '  schedulerFlavorName:');
    const config = parseConfig(text, 'x.yaml');
    expect(config.openstack).toMatchObject({ schedulerImageName: 'Debian 12', schedulerFlavorName: 'm1.small' });
    const tenant = config.tenants[0] as ResolvedOpenStackTenant;
    expect(tenant.settings.managementProxy).toBe('http://10.0.192.10:3128');
    // on the management subnet of the starter's range
    expect(planTenantNetwork({ cidr: tenant.cidr, availabilityZones: ['all'] }).tierBlocks[NetworkTier.MANAGEMENT].contains(Cidr.parse('10.0.192.10/32'))).toBe(true);
  });

  test('the qualification is the class minimum', () => {
    const qualification = (classification: DataClassification) =>
      parseConfig(renderStarterConfig({ classification }), 'x.yaml').tenants[0].identity.qualification;
    expect(DATA_CLASSIFICATIONS.map(qualification)).toEqual([QualificationLevel.QC1, QualificationLevel.QC2, QualificationLevel.QC3]);
  });

  test('options fill the placeholders', () => {
    const text = renderStarterConfig({
      ipaCode: 'C_H501', name: 'Roma Capitale', owner: 'Dipartimento Trasformazione Digitale', incidentContact: 'cert@comune.roma.it',
      account: '555555555555', classification: 'critico', region: 'eu-south-1', schemaReference: 'https://example.org/lz.schema.json',
    });
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=https://example.org/lz.schema.json');
    const tenant = parseConfig(text, 'x.yaml').tenants[0] as ResolvedAwsTenant;
    expect(tenant.identity.ipaCode).toBe('c_h501');
    expect(tenant.identity.name).toBe('Roma Capitale');
    expect(tenant.account).toBe('555555555555');
    expect(tenant.keys!.kmsKeyArn).toBe('arn:aws:kms:eu-south-1:555555555555:key/00000000-0000-0000-0000-000000000000');
    expect(tenant.backupCopy!.vaultArn).toBe('arn:aws:backup:eu-south-1:210987654321:backup-vault:pa-c-h501-offsite');
  });

  test('names that YAML would misread are quoted', () => {
    const text = renderStarterConfig({ name: 'Comune: Esempio', owner: 'true' });
    const data = parseYaml(text);
    expect(data.tenants[0].name).toBe('Comune: Esempio');
    expect(data.tenants[0].owner).toBe('true');
  });

  test('an OpenStack starter declares its regions in Italy with an off-site backup region', () => {
    const config = parseConfig(renderStarterConfig({ provider: 'openstack', classification: 'strategico' }), 'x.yaml');
    expect(config.openstack).toMatchObject({ cloud: 'mycloud', externalNetworkName: 'public', region: { name: 'RegionOne', country: 'IT' }, backupRegion: { name: 'RegionTwo', country: 'IT' } });
    expect((config.tenants[0] as ResolvedOpenStackTenant).keys).toEqual({ encryptedVolumeType: 'encrypted-pa' });
  });

  test.each([
    [{ ipaCode: '1abc' }, /^ipaCode: must be a codice IPA/],
    [{ name: 'A/B' }, /^name: must be 1-128 characters/],
    [{ owner: '' }, /^owner: must be 1-128 characters/],
    [{ incidentContact: 'nobody' }, /^incidentContact: must be an e-mail address/],
    [{ classification: 'riservato' }, /^classification: must be one of ordinario, critico, strategico, got "riservato"/],
    [{ provider: 'gcp' }, /^provider: must be one of aws, openstack, got "gcp"/],
    [{ account: '12345' }, /^account: must be an AWS account ID of 12 digits/],
    [{ region: 'eu-fake-1' }, /^region: must be a known AWS region/],
    [{ classification: 'critico', region: 'eu-west-1' }, /^region: data of a critico tenant must stay in a region in Italy/],
    [{ provider: 'openstack', region: 'bad region' }, /^region: must be a region name of letters, digits, dots, dashes and underscores, got "bad region"/],
    [{ provider: 'openstack', credentialsExpireAt: '2027-06-30' }, /^credentialsExpireAt: must be an ISO 8601 date-time with a time zone, e\.g\. "2027-06-30T00:00:00Z", got "2027-06-30"$/],
    [{ provider: 'openstack', credentialsExpireAt: '2027-02-30T00:00:00Z' }, /^credentialsExpireAt: must be an ISO 8601 date-time with a time zone, e\.g\. "2027-06-30T00:00:00Z", and a date and time that exist, got "2027-02-30T00:00:00Z"$/],
  ])('refuses bad options: %j', (options, message) => {
    expect(() => renderStarterConfig(options)).toThrow(message);
  });
});

// TenantPlan.check / TenantPlan.of (lib/core/plan.ts) and TenantIdentity.check: every rule with a
// bad input, asserting the whole message and the field, and what the plan keeps when all is right.
import {
  CloudProvider,
  DataClassification,
  PaCloudKitError,
  Region,
  RegionCatalogue,
  TenantIdentity,
  TenantPlan,
  TenantPlanProps,
  TenantPlanResult,
  landingZoneRecord,
} from '../../lib/core';

const aws = (name: string): Region => RegionCatalogue.standard().get(CloudProvider.AWS, name);
const MILAN = aws('eu-south-1');
const FRANKFURT = aws('eu-central-1');
const VIRGINIA = aws('us-east-1');
const OS_MIL: Region = { provider: CloudProvider.OPENSTACK, name: 'it-mil1', country: 'IT' };
const OS_ROM: Region = { provider: CloudProvider.OPENSTACK, name: 'it-rom1', country: 'IT' };
const ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '222222222222';
const REASON = 'the PA accepts this risk until the 2027 tender';

const QUALIFICATION = { ordinario: 'QC1', critico: 'QC2', strategico: 'QC3' } as const;
type Class = keyof typeof QUALIFICATION;

function tenant(classification: Class, extra: Record<string, unknown> = {}) {
  return {
    ipaCode: 'c_h501',
    name: 'Comune di Esempio',
    classification,
    qualification: QUALIFICATION[classification],
    owner: 'Servizio Sistemi Informativi',
    incidentContact: 'cert@comune.example.it',
    ...extra,
  };
}

const ALL_KEYS = ['keys.logs', 'keys.backup', 'keys.data'];
const HELD = { purposes: ALL_KEYS, held: ALL_KEYS };
const ack = (control: string) => ({ control, reason: REASON });

/** Inputs with which every class builds: Milan, all keys held, a copy to another account. */
function props(classification: Class, extra: Partial<TenantPlanProps> = {}): TenantPlanProps {
  return {
    tenant: tenant(classification),
    region: MILAN,
    account: ACCOUNT,
    keys: HELD,
    offsite: { region: MILAN, account: OTHER_ACCOUNT },
    ...extra,
  };
}

/** Each error as `field | message`. */
const errorsOf = (result: TenantPlanResult) => result.errors.map((e) => `${e.field} | ${e.message}`);

/** The one error of the check, or fails. */
function onlyError(p: TenantPlanProps): PaCloudKitError {
  const result = TenantPlan.check(p);
  expect(result.plan).toBeUndefined();
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toBeInstanceOf(PaCloudKitError);
  return result.errors[0];
}

describe('TenantIdentity.check', () => {
  test('collects a mistake of every field at once, each naming its field', () => {
    const { identity, errors } = TenantIdentity.check({
      ipaCode: '1abc',
      name: 'Comune/Esempio',
      classification: 'segreto',
      qualification: 'QC9',
      owner: '',
      incidentContact: 'not-an-address',
      aggregator: { ipaCode: 'r-lazio', name: 'Regione Lazio' },
    }, 'tenants[3]');
    expect(identity).toBeUndefined();
    expect(errors.map((e) => e.message)).toEqual([
      'tenants[3].ipaCode: must be a codice IPA from the Indice PA: 2-30 letters, digits or underscores starting with a letter, e.g. "c_h501", got "1abc"',
      'tenants[3].name: must be 1-128 characters of letters, digits, spaces and _ . : = + @ -, got "Comune/Esempio"',
      'tenants[3].classification: must be one of ordinario, critico, strategico, got "segreto"',
      'tenants[3].qualification: must be one of QC1, QC2, QC3, QC4, got "QC9"',
      'tenants[3].owner: must be 1-128 characters of letters, digits, spaces and _ . : = + @ -, got ""',
      'tenants[3].incidentContact: must be an e-mail address, e.g. "cert@comune.example.it", got "not-an-address"',
      'tenants[3].aggregator.ipaCode: must be a codice IPA from the Indice PA: 2-30 letters, digits or underscores starting with a letter, e.g. "c_h501", got "r-lazio"',
    ]);
    expect(errors.map((e) => e.field)).toEqual([
      'tenants[3].ipaCode', 'tenants[3].name', 'tenants[3].classification', 'tenants[3].qualification',
      'tenants[3].owner', 'tenants[3].incidentContact', 'tenants[3].aggregator.ipaCode',
    ]);
  });

  test('the field prefix defaults to tenant', () => {
    const { errors } = TenantIdentity.check(tenant('critico', { incidentContact: 'x@y' }));
    expect(errors.map((e) => e.message)).toEqual(['tenant.incidentContact: must be an e-mail address, e.g. "cert@comune.example.it", got "x@y"']);
  });

  test('a wrong aggregator code and name are both reported', () => {
    const { errors } = TenantIdentity.check(tenant('critico', { aggregator: { ipaCode: 'r-lazio', name: 'Regione/Lazio' } }));
    expect(errors.map((e) => e.field)).toEqual(['tenant.aggregator.ipaCode', 'tenant.aggregator.name']);
  });

  test('a right identity is normalized and has no errors', () => {
    const { identity, errors } = TenantIdentity.check(tenant('critico', { ipaCode: ' C_H501 ', classification: 'Critico', qualification: 'qc3' }));
    expect(errors).toEqual([]);
    expect(identity).toMatchObject({ ipaCode: 'c_h501', classification: DataClassification.CRITICO, qualification: 'QC3' });
  });

  test('TenantIdentity.of throws the first mistake', () => {
    expect(() => TenantIdentity.of(tenant('critico', { name: '', owner: '' }), 'tenants[0]'))
      .toThrow(new PaCloudKitError({ field: 'tenants[0].name', value: '', rule: 'must be 1-128 characters of letters, digits, spaces and _ . : = + @ -' }));
    expect(() => TenantIdentity.of(tenant('critico', { name: '', owner: '' }))).toThrow(/^tenant\.name: /);
  });
});

describe('TenantPlan.check: identity and policy', () => {
  test('identity mistakes are all collected, and the policy is still judged when the class is right', () => {
    const result = TenantPlan.check(props('critico', {
      tenant: tenant('critico', { ipaCode: 'x', owner: '' }),
      overrides: [{ setting: 'auditLogSearchableRetention', value: '3 months', reason: REASON }],
    }));
    expect(result.plan).toBeUndefined();
    expect(result.identity).toBeUndefined();
    expect(errorsOf(result)).toEqual([
      'tenant.ipaCode | tenant.ipaCode: must be a codice IPA from the Indice PA: 2-30 letters, digits or underscores starting with a letter, e.g. "c_h501", got "x"',
      'tenant.owner | tenant.owner: must be 1-128 characters of letters, digits, spaces and _ . : = + @ -, got ""',
      'tenant.overrides[0].value | tenant.overrides[0].value: auditLogSearchableRetention must be at least 6 months for a critico tenant (Garante privacy, provvedimento 27/11/2008 §4.5 (admin access logs kept at least 6 months, unalterable)), got "3 months" [GAR-LOG-01]',
    ]);
  });

  test('with identity mistakes but a right class, region, keys and off-site copy are still judged (qualification is not)', () => {
    const result = TenantPlan.check(props('strategico', {
      tenant: tenant('strategico', { name: '', qualification: 'QC1' }),
      region: FRANKFURT,
      keys: { purposes: ALL_KEYS, held: [] },
    }));
    expect(result.policy?.classification).toBe(DataClassification.STRATEGICO);
    expect(result.errors.map((e) => e.field)).toEqual(['tenant.name', 'region', 'keys']);
  });

  test('a wrong classification lets nothing else run', () => {
    const result = TenantPlan.check(props('critico', {
      tenant: tenant('critico', { classification: 'segreto', owner: '' }),
      overrides: [{ setting: 'nonsense', value: 1 }],
      region: VIRGINIA,
      keys: { purposes: ALL_KEYS, held: [] },
      offsite: undefined,
    }));
    expect(result).toEqual({
      errors: [
        new PaCloudKitError({ field: 'tenant.classification', value: 'segreto', rule: 'must be one of ordinario, critico, strategico' }),
        new PaCloudKitError({ field: 'tenant.owner', value: '', rule: 'must be 1-128 characters of letters, digits, spaces and _ . : = + @ -' }),
      ],
    });
    expect(errorsOf(result)).toEqual([
      'tenant.classification | tenant.classification: must be one of ordinario, critico, strategico, got "segreto"',
      'tenant.owner | tenant.owner: must be 1-128 characters of letters, digits, spaces and _ . : = + @ -, got ""',
    ]);
  });

  test('a policy mistake (override below the floor) stops the rules that need the policy', () => {
    const result = TenantPlan.check(props('critico', {
      overrides: [{ setting: 'backupFrequency', value: 'monthly', reason: REASON }],
      region: VIRGINIA,
      keys: { purposes: ALL_KEYS, held: [] },
      offsite: undefined,
      fields: { policy: 'LandingZoneProps' },
    }));
    expect(result.plan).toBeUndefined();
    expect(result.policy).toBeUndefined();
    expect(errorsOf(result)).toEqual([
      'LandingZoneProps.overrides[0].value | LandingZoneProps.overrides[0].value: backupFrequency must be at least weekly for a critico tenant (AgID ABSC 10.1.1 (minimum level: weekly)), got "monthly" [ABSC-BCK-01]',
    ]);
  });

  test('an unknown override setting and an acknowledgement the class cannot have', () => {
    expect(onlyError(props('critico', { overrides: [{ setting: 'colour', value: 'blue' }] })).message)
      .toMatch(/^tenant\.overrides\[0\]\.setting: must be one of minimumQualification, dataLocation, .*, timeSources, got "colour"$/);
    expect(onlyError(props('strategico', { acknowledgements: [ack('ACN-KMS-02')] })).message).toBe(
      'tenant.acknowledgements[0].control: ACN-KMS-02 cannot be acknowledged for a strategico tenant (acknowledgeable for: critico), got "ACN-KMS-02" [ACN-KMS-02]',
    );
  });

  test('an identity already validated is used as given', () => {
    const identity = TenantIdentity.of(tenant('critico'));
    const plan = TenantPlan.of(props('critico', { tenant: identity }));
    expect(plan.identity).toBe(identity);
  });
});

describe('TenantPlan.check: qualification', () => {
  test.each([
    ['ordinario', undefined, undefined],
    ['critico', 'QC1', 'QC2'],
    ['strategico', 'QC2', 'QC3'],
  ] as const)('%s below the class minimum', (classification, declared, minimum) => {
    if (declared === undefined) {
      // QC1 is the lowest level: an ordinario tenant is never below its minimum.
      expect(TenantPlan.check(props(classification)).errors).toEqual([]);
      return;
    }
    const error = onlyError(props(classification, { tenant: tenant(classification, { qualification: declared }) }));
    expect(error.field).toBe('tenant.qualification');
    expect(error.message).toBe(`tenant.qualification: a ${classification} tenant needs services qualified ${minimum} or higher (ACN reg. 21007/2024 art. 17), got "${declared}" [ACN-QUAL-01]`);
  });

  test('the qualification field follows the tenant prefix, or is named on its own', () => {
    const low = tenant('strategico', { qualification: 'QC2' });
    expect(onlyError(props('strategico', { tenant: low, fields: { tenant: 'tenants[1]' } })).field).toBe('tenants[1].qualification');
    expect(onlyError(props('strategico', { tenant: low, fields: { tenant: 'tenants[1]', qualification: 'defaults.qualification' } })).message)
      .toBe('defaults.qualification: a strategico tenant needs services qualified QC3 or higher (ACN reg. 21007/2024 art. 17), got "QC2" [ACN-QUAL-01]');
    expect(TenantPlan.of(props('strategico', { tenant: tenant('strategico', { qualification: 'QC4' }) })).identity.qualification).toBe('QC4');
  });
});

describe('TenantPlan.check: region (ACN-LOC-01)', () => {
  test('strategico outside Italy, even in the EU: no acknowledgement possible', () => {
    const error = onlyError(props('strategico', { region: FRANKFURT, offsite: { region: FRANKFURT, account: OTHER_ACCOUNT } }));
    expect(error.field).toBe('region');
    expect(error.message).toBe('region: the landing zone of a strategico tenant must stay in a region in Italy; eu-central-1 is in DE (Frankfurt), got "eu-central-1" [ACN-LOC-01]');
  });

  test('critico in another EU state: refused with the acknowledge hint, accepted when acknowledged', () => {
    const at = { region: FRANKFURT, offsite: { region: FRANKFURT, account: OTHER_ACCOUNT } };
    expect(onlyError(props('critico', at)).message).toBe(
      'region: the landing zone of a critico tenant must stay in a region in Italy; eu-central-1 is in DE (Frankfurt) (or acknowledge ACN-LOC-01 with a reason), got "eu-central-1" [ACN-LOC-01]',
    );
    const plan = TenantPlan.of(props('critico', { ...at, acknowledgements: [ack('ACN-LOC-01')] }));
    expect(plan.region).toBe(FRANKFURT);
  });

  test('critico outside the EU: refused without the hint, even when ACN-LOC-01 is acknowledged', () => {
    const at = { region: VIRGINIA, offsite: { region: VIRGINIA, account: OTHER_ACCOUNT } };
    const message = 'region: the landing zone of a critico tenant must stay in a region in Italy; us-east-1 is in US (N. Virginia), got "us-east-1" [ACN-LOC-01]';
    expect(onlyError(props('critico', at)).message).toBe(message);
    // the off-site copy goes to the same region of another account: judged with the tenant's region, reported once
    expect(onlyError(props('critico', { ...at, acknowledgements: [ack('ACN-LOC-01')] })).message).toBe(message);
  });

  test('ordinario: anywhere in the EU, nowhere outside; a region without a location, a caller-named field and purpose', () => {
    expect(TenantPlan.of(props('ordinario', { region: FRANKFURT })).region.name).toBe('eu-central-1');
    const error = onlyError(props('ordinario', {
      region: { provider: CloudProvider.OPENSTACK, name: 'ch-zrh1', country: 'CH' },
      offsite: undefined,
      fields: { region: 'openstack.region', regionPurpose: 'the tenant\'s region' },
    }));
    expect(error.field).toBe('openstack.region');
    expect(error.message).toBe('openstack.region: the tenant\'s region of an ordinario tenant must stay in a region in a member state of the European Union; ch-zrh1 is in CH, got "ch-zrh1" [ACN-LOC-01]');
  });
});

describe('TenantPlan.check: key custody (ACN-KMS-02)', () => {
  const noKeys = { purposes: ALL_KEYS, held: [] };

  test('critico without keys and without acknowledgement: an error with the hint', () => {
    const error = onlyError(props('critico', { keys: noKeys, fields: { keysHint: 'give existing keys as keys.logs, keys.backup, keys.data' } }));
    expect(error.field).toBe('keys');
    expect(error.value).toBeUndefined();
    expect(error.message).toBe('keys: a critico tenant needs keys the PA holds (BYOK/HYOK): give existing keys as keys.logs, keys.backup, keys.data (or acknowledge ACN-KMS-02 with a reason), got nothing [ACN-KMS-02]');
  });

  test('the default field and hint', () => {
    expect(onlyError(props('critico', { keys: noKeys })).message)
      .toBe('keys: a critico tenant needs keys the PA holds (BYOK/HYOK): give the keys of every purpose (or acknowledge ACN-KMS-02 with a reason), got nothing [ACN-KMS-02]');
  });

  test('critico partly held: the value lists what is missing', () => {
    const error = onlyError(props('critico', { keys: { purposes: ALL_KEYS, held: ['keys.logs'] }, fields: { keys: 'tenants[0].keys' } }));
    expect(error.field).toBe('tenants[0].keys');
    expect(error.value).toBe('missing keys.backup, keys.data');
    expect(error.message).toBe('tenants[0].keys: a critico tenant needs keys the PA holds (BYOK/HYOK): give the keys of every purpose (or acknowledge ACN-KMS-02 with a reason), got "missing keys.backup, keys.data" [ACN-KMS-02]');
  });

  test('critico with ACN-KMS-02 acknowledged: a warning in the caller\'s words, the missing keys in the plan', () => {
    const plan = TenantPlan.of(props('critico', {
      keys: { purposes: ALL_KEYS, held: ['keys.data'] },
      acknowledgements: [ack('ACN-KMS-02')],
      fields: { keysWarning: 'kit-created keys used for {missing} of' },
    }));
    expect(plan.keys).toEqual({ purposes: ALL_KEYS, held: ['keys.data'], missing: ['keys.logs', 'keys.backup'] });
    expect(plan.warnings).toEqual([`[ACN-KMS-02] kit-created keys used for keys.logs, keys.backup of a critico tenant (acknowledged: ${REASON})`]);
  });

  test('the default warning, and a warning without {missing}', () => {
    const acknowledged = { keys: { purposes: ['encryptedVolumeType'], held: [] }, acknowledgements: [ack('ACN-KMS-02')] };
    expect(TenantPlan.of(props('critico', acknowledged)).warnings)
      .toEqual([`[ACN-KMS-02] no key the PA holds for encryptedVolumeType of a critico tenant (acknowledged: ${REASON})`]);
    expect(TenantPlan.of(props('critico', { ...acknowledged, fields: { keysWarning: 'no encrypted volume type declared for' } })).warnings)
      .toEqual([`[ACN-KMS-02] no encrypted volume type declared for a critico tenant (acknowledged: ${REASON})`]);
  });

  test('warnings: the policy\'s weakened defaults first, then the acknowledged key custody', () => {
    const plan = TenantPlan.of(props('critico', {
      keys: noKeys,
      acknowledgements: [ack('ACN-KMS-02')],
      overrides: [{ setting: 'backupMonthlyRetention', value: '12 months', reason: REASON }],
    }));
    expect(plan.warnings).toEqual([
      `[ABSC-BCK-01] backupMonthlyRetention weakened from the kit default 24 months to 12 months: ${REASON}`,
      `[ACN-KMS-02] no key the PA holds for keys.logs, keys.backup, keys.data of a critico tenant (acknowledged: ${REASON})`,
    ]);
  });

  test('strategico without keys: no acknowledgement possible, so no hint', () => {
    expect(onlyError(props('strategico', { keys: noKeys })).message)
      .toBe('keys: a strategico tenant needs keys the PA holds (BYOK/HYOK): give the keys of every purpose, got nothing [ACN-KMS-02]');
    expect(onlyError(props('strategico', { keys: { purposes: ALL_KEYS, held: ['keys.logs', 'keys.data'] } })).message)
      .toBe('keys: a strategico tenant needs keys the PA holds (BYOK/HYOK): give the keys of every purpose, got "missing keys.backup" [ACN-KMS-02]');
  });

  test('ordinario needs none: no error, no warning, the missing keys recorded', () => {
    const plan = TenantPlan.of(props('ordinario', { keys: noKeys }));
    expect(plan.keys.missing).toEqual(ALL_KEYS);
    expect(plan.warnings).toEqual([]);
  });

  test('all held, or no key the provider takes: nothing missing, no warning', () => {
    expect(TenantPlan.of(props('strategico')).keys).toEqual({ ...HELD, missing: [] });
    const plan = TenantPlan.of(props('strategico', { keys: undefined }));
    expect(plan.keys).toEqual({ purposes: [], held: [], missing: [] });
    expect(plan.warnings).toEqual([]);
  });
});

describe('TenantPlan.check: off-site copy (ACN-BCK-04)', () => {
  test('missing for critico: the message of a provider without accounts', () => {
    const error = onlyError(props('critico', { account: undefined, region: OS_MIL, offsite: undefined }));
    expect(error.field).toBe('backupCopy');
    expect(error.message).toBe('backupCopy: a critico tenant needs an off-site backup copy in another allowed region: give one (or acknowledge ACN-BCK-04 with a reason), got nothing [ACN-BCK-04]');
  });

  test('missing for critico with an account: another account or another region', () => {
    expect(onlyError(props('critico', { offsite: undefined })).message)
      .toBe('backupCopy: a critico tenant needs an off-site backup copy in another account or another allowed region: give one (or acknowledge ACN-BCK-04 with a reason), got nothing [ACN-BCK-04]');
  });

  test('missing for strategico with an account: another account or region, with the caller\'s field and hint', () => {
    const error = onlyError(props('strategico', {
      offsite: undefined,
      fields: { offsite: 'backupCopyTarget', offsiteHint: 'give backupCopyTarget, a vault in another account or another allowed region' },
    }));
    expect(error.field).toBe('backupCopyTarget');
    expect(error.message).toBe('backupCopyTarget: a strategico tenant needs an off-site backup copy in another account or another allowed region: give backupCopyTarget, a vault in another account or another allowed region (or acknowledge ACN-BCK-04 with a reason), got nothing [ACN-BCK-04]');
  });

  test('acknowledged: a plan without a target', () => {
    const plan = TenantPlan.of(props('critico', { offsite: undefined, acknowledgements: [ack('ACN-BCK-04')] }));
    expect(plan.offsite).toBeUndefined();
    expect(plan.policy.isAcknowledged('ACN-BCK-04')).toBe(true);
  });

  test('ordinario needs none', () => {
    expect(TenantPlan.of(props('ordinario', { offsite: undefined })).offsite).toBeUndefined();
  });

  test('defaultOffsite is used only when the class asks for a copy', () => {
    const aggregatorVault = { region: MILAN, account: OTHER_ACCOUNT };
    expect(TenantPlan.of(props('critico', { offsite: undefined, defaultOffsite: aggregatorVault })).offsite).toEqual(aggregatorVault);
    expect(TenantPlan.of(props('ordinario', { offsite: undefined, defaultOffsite: aggregatorVault })).offsite).toBeUndefined();
    // an ordinario tenant that asks for a copy through its policy gets the default target
    const asked = TenantPlan.of(props('ordinario', {
      offsite: undefined,
      defaultOffsite: aggregatorVault,
      overrides: [{ setting: 'offsiteBackupCopy', value: true }],
    }));
    expect(asked.offsite).toEqual(aggregatorVault);
    // an explicit target wins over the default, for ordinario too
    const own = { region: OS_ROM };
    expect(TenantPlan.of(props('ordinario', { account: undefined, region: OS_MIL, offsite: own, defaultOffsite: { region: OS_MIL } })).offsite).toEqual(own);
  });

  test('a default target that is not off-site is judged like a given one', () => {
    const error = onlyError(props('critico', { account: undefined, region: OS_MIL, offsite: undefined, defaultOffsite: { region: OS_MIL } }));
    expect(error.field).toBe('backupCopy.region');
  });

  test('same region, same account: refused (AWS wording, with the account)', () => {
    for (const offsite of [{ region: MILAN, account: ACCOUNT }, { region: MILAN }]) {
      const error = onlyError(props('critico', { offsite }));
      expect(error.field).toBe('backupCopy');
      expect(error.value).toEqual({ account: ACCOUNT, region: 'eu-south-1' });
      expect(error.message).toBe('backupCopy: must send the copies to another account or another region than the tenant\'s own (account 111111111111, region eu-south-1), out of the workload\'s reach, got {"account":"111111111111","region":"eu-south-1"} [ACN-BCK-04]');
    }
  });

  test('same region without accounts: refused (OpenStack wording), on the caller\'s region field', () => {
    const error = onlyError(props('critico', {
      account: undefined,
      region: OS_MIL,
      offsite: { region: OS_MIL },
      fields: { offsite: 'backupRegion', offsiteRegion: 'backupRegion.name' },
    }));
    expect(error.field).toBe('backupRegion.name');
    expect(error.message).toBe('backupRegion.name: must be another region than the tenant\'s own (it-mil1), so the copies are off-site, got "it-mil1" [ACN-BCK-04]');
    // the region field defaults to <offsite>.region
    expect(onlyError(props('critico', { account: undefined, region: OS_MIL, offsite: { region: OS_MIL } })).field).toBe('backupCopy.region');
  });

  test('same region, other account: accepted', () => {
    const plan = TenantPlan.of(props('strategico', { offsite: { region: MILAN, account: OTHER_ACCOUNT } }));
    expect(plan.offsite).toEqual({ region: MILAN, account: OTHER_ACCOUNT });
    expect(plan.account).toBe(ACCOUNT);
  });

  test('other region, same account: accepted', () => {
    const milan2: Region = { provider: CloudProvider.AWS, name: 'eu-south-9', country: 'IT' };
    expect(TenantPlan.of(props('critico', { offsite: { region: milan2, account: ACCOUNT } })).offsite?.region).toBe(milan2);
  });

  test('target region outside the class: refused, acknowledgeable for critico in the EU only', () => {
    const toFrankfurt = { offsite: { region: FRANKFURT, account: OTHER_ACCOUNT } };
    const critico = onlyError(props('critico', toFrankfurt));
    expect(critico.field).toBe('backupCopy.region');
    expect(critico.message).toBe('backupCopy.region: the backup copy target of a critico tenant must stay in a region in Italy; eu-central-1 is in DE (Frankfurt) (or acknowledge ACN-LOC-01 with a reason), got "eu-central-1" [ACN-LOC-01]');
    expect(TenantPlan.of(props('critico', { ...toFrankfurt, acknowledgements: [ack('ACN-LOC-01')] })).offsite?.region).toBe(FRANKFURT);
    expect(onlyError(props('strategico', { ...toFrankfurt, fields: { offsiteRegion: 'backupCopyTarget.vaultArn' } })).message)
      .toBe('backupCopyTarget.vaultArn: the backup copy target of a strategico tenant must stay in a region in Italy; eu-central-1 is in DE (Frankfurt), got "eu-central-1" [ACN-LOC-01]');
    expect(onlyError(props('ordinario', { offsite: { region: VIRGINIA } })).message)
      .toBe('backupCopy.region: the backup copy target of an ordinario tenant must stay in a region in a member state of the European Union; us-east-1 is in US (N. Virginia), got "us-east-1" [ACN-LOC-01]');
  });

  test('a target of unknown region (offsite: {}) counts as present', () => {
    const plan = TenantPlan.of(props('strategico', { offsite: {} }));
    expect(plan.offsite).toEqual({});
  });
});

describe('TenantPlan.check: region not resolved, TenantPlan.of, record()', () => {
  test('region undefined: no plan, but the other mistakes are reported and the policy and identity returned', () => {
    const result = TenantPlan.check(props('critico', {
      tenant: tenant('critico', { qualification: 'QC1' }),
      region: undefined,
      keys: { purposes: ALL_KEYS, held: [] },
      offsite: undefined,
    }));
    expect(result.plan).toBeUndefined();
    expect(result.policy?.classification).toBe(DataClassification.CRITICO);
    expect(result.identity?.ipaCode).toBe('c_h501');
    expect(result.errors.map((e) => `${e.field} [${e.control}]`)).toEqual(['tenant.qualification [ACN-QUAL-01]', 'keys [ACN-KMS-02]', 'backupCopy [ACN-BCK-04]']);
  });

  test('region undefined and nothing else wrong: no plan and no errors (the caller has reported the region)', () => {
    const result = TenantPlan.check(props('critico', { region: undefined }));
    expect(result.plan).toBeUndefined();
    expect(result.errors).toEqual([]);
    // a target's region is not judged without the tenant's
    expect(TenantPlan.check(props('critico', { region: undefined, offsite: { region: VIRGINIA } })).errors).toEqual([]);
  });

  test('TenantPlan.of without a region throws the kit\'s error naming the region', () => {
    expect(() => TenantPlan.of(props('critico', { region: undefined }))).toThrow(new PaCloudKitError({
      field: 'region',
      value: undefined,
      rule: 'is required: the region of the landing zone\'s data, with its country (ACN-LOC-01)',
      control: 'ACN-LOC-01',
    }));
  });

  test('TenantPlan.of throws the first mistake', () => {
    const p = props('critico', {
      tenant: tenant('critico', { qualification: 'QC1' }),
      region: FRANKFURT,
      offsite: undefined,
    });
    expect(TenantPlan.check(p).errors.map((e) => e.field)).toEqual(['tenant.qualification', 'region', 'backupCopy']);
    expect(() => TenantPlan.of(p)).toThrow(new PaCloudKitError({
      field: 'tenant.qualification',
      value: 'QC1',
      rule: 'a critico tenant needs services qualified QC2 or higher (ACN reg. 21007/2024 art. 17)',
      control: 'ACN-QUAL-01',
    }));
    expect(() => TenantPlan.of(p)).toThrow(PaCloudKitError);
  });

  test('a right plan keeps what it was given', () => {
    const plan = TenantPlan.of(props('strategico', { tenant: tenant('strategico', { aggregator: { ipaCode: 'r_lazio', name: 'Regione Lazio' } }) }));
    expect(plan.identity.aggregator).toEqual({ ipaCode: 'r_lazio', name: 'Regione Lazio' });
    expect(plan.policy.classification).toBe(DataClassification.STRATEGICO);
    expect(plan.region).toBe(MILAN);
    expect(plan.account).toBe(ACCOUNT);
    expect(plan.offsite).toEqual({ region: MILAN, account: OTHER_ACCOUNT });
    expect(plan.warnings).toEqual([]);
  });

  test('record() is the core landing zone record of the identity and policy', () => {
    const plan = TenantPlan.of(props('critico', {
      tenant: tenant('critico', { aggregator: { ipaCode: 'r_lazio', name: 'Regione Lazio' } }),
      acknowledgements: [ack('ACN-BCK-04')],
      overrides: [{ setting: 'backupMonthlyRetention', value: '12 months', reason: REASON }],
      offsite: undefined,
    }));
    expect(plan.record()).toEqual(landingZoneRecord(plan.identity, plan.policy));
    expect(plan.record()).toEqual({
      version: 1,
      tenant: { ipaCode: 'c_h501', name: 'Comune di Esempio' },
      classification: 'critico',
      qualification: 'QC2',
      aggregator: 'r_lazio',
      overrides: [{ setting: 'backupMonthlyRetention', control: 'ABSC-BCK-01', kitDefault: '24 months', value: '12 months', weakens: true, reason: REASON }],
      acknowledgements: [{ control: 'ACN-BCK-04', reason: REASON }],
    });
  });
});

import {
  CompliancePolicy,
  DataClassification,
  Duration,
  EgressFiltering,
  Frequency,
  KeyCustody,
  LocationScope,
  LockMode,
  POLICY_SETTINGS,
  PaCloudKitError,
  QualificationLevel,
  RequirementBasis,
  frequencyPeriod,
} from '../../lib/core';

const { ORDINARIO, CRITICO, STRATEGICO } = DataClassification;
const REASON = 'Approved by the PA security officer, see ticket 42';

describe('CompliancePolicy kit defaults per class (regulatory baseline table)', () => {
  test.each([
    [ORDINARIO, QualificationLevel.QC1, LocationScope.EU, KeyCustody.CUSTOMER_MANAGED, 12, 24, LockMode.GOVERNANCE],
    [CRITICO, QualificationLevel.QC2, LocationScope.IT, KeyCustody.PA_CONTROLLED, 24, 36, LockMode.COMPLIANCE],
    [STRATEGICO, QualificationLevel.QC3, LocationScope.IT, KeyCustody.PA_HELD, 24, 36, LockMode.COMPLIANCE],
  ])('%s: qualification, location, keys, log retention and immutability', (cls, qc, location, keys, searchable, archived, lock) => {
    const s = CompliancePolicy.forClassification(cls).settings;
    expect(s.minimumQualification).toBe(qc);
    expect(s.dataLocation).toBe(location);
    expect(s.keyCustody).toBe(keys);
    expect(s.keyRotation).toBe(true);
    expect(s.auditLogSearchableRetention.compareTo(Duration.months(searchable))).toBe(0);
    expect(s.auditLogArchiveRetention.compareTo(Duration.months(archived))).toBe(0);
    expect(s.logIntegrityValidation).toBe(true);
    expect(s.logObjectLockMode).toBe(lock);
  });

  test.each([
    [ORDINARIO, Frequency.DAILY, false, 12, LockMode.GOVERNANCE, false, Frequency.QUARTERLY, 24, 72],
    [CRITICO, Frequency.DAILY, true, 24, LockMode.COMPLIANCE, true, Frequency.MONTHLY, 4, 24],
    [STRATEGICO, Frequency.HOURLY, true, 36, LockMode.COMPLIANCE, true, Frequency.MONTHLY, 1, 8],
  ])('%s: backup frequency, retention, immutability, off-site copy, restore tests, RPO/RTO', (cls, freq, continuous, monthly, vault, offsite, restore, rpo, rto) => {
    const s = CompliancePolicy.forClassification(cls).settings;
    expect(s.backupFrequency).toBe(freq);
    expect(s.continuousBackup).toBe(continuous);
    expect(s.backupDailyRetention.toDays()).toBe(35);
    expect(s.backupMonthlyRetention.compareTo(Duration.months(monthly))).toBe(0);
    expect(s.backupVaultLockMode).toBe(vault);
    expect(s.offsiteBackupCopy).toBe(offsite);
    expect(s.restoreTestFrequency).toBe(restore);
    expect(s.rpo.toHours()).toBe(rpo);
    expect(s.rto.toHours()).toBe(rto);
  });

  test.each([
    [ORDINARIO, EgressFiltering.NAT],
    [CRITICO, EgressFiltering.FIREWALL_RECOMMENDED],
    [STRATEGICO, EgressFiltering.FIREWALL_REQUIRED],
  ])('%s: network requirements', (cls, egress) => {
    const s = CompliancePolicy.forClassification(cls).settings;
    expect(s.flowLogs).toBe(true);
    expect(s.adminPortsClosedToInternet).toBe(true);
    expect(s.managementNetworkIsolated).toBe(true);
    expect(s.encryptionInTransit).toBe(true);
    expect(s.egressFiltering).toBe(egress);
    expect(s.timeSources).toEqual(['ntp1.inrim.it', 'ntp2.inrim.it']);
  });

  test('every requirement knows its control, source and basis', () => {
    const policy = CompliancePolicy.forClassification(CRITICO);
    const requirements = policy.requirements();
    expect(requirements.map((r) => r.setting)).toEqual(POLICY_SETTINGS);
    for (const r of requirements) {
      expect(r.control).toMatch(/^[A-Z]+(-[A-Z]+)*-\d{2}$/);
      expect(r.source.length).toBeGreaterThan(3);
      expect(Object.values(RequirementBasis)).toContain(r.basis);
    }
    const searchable = policy.requirement('auditLogSearchableRetention');
    expect(searchable).toMatchObject({ control: 'GAR-LOG-01', basis: RequirementBasis.KIT_DEFAULT, display: '24 months' });
    expect((searchable.floor as Duration).toDays()).toBe(180);
    expect(searchable.floorSource).toMatch(/Garante/);
    expect(policy.requirement('flowLogs')).toMatchObject({ control: 'ABSC-NET-06', basis: RequirementBasis.LEGAL_FLOOR });
    expect(policy.requirement('minimumQualification')).toMatchObject({ basis: RequirementBasis.LEGAL_FLOOR, display: 'QC2' });
    expect(policy.requirement('backupMonthlyRetention')).toMatchObject({ basis: RequirementBasis.KIT_DEFAULT, floor: undefined });
  });

  test('the policy and the frequency periods are consistent with the declared RPO', () => {
    expect(frequencyPeriod(Frequency.DAILY).toHours()).toBe(24);
    expect(frequencyPeriod(Frequency.QUARTERLY).toDays()).toBe(90);
  });
});

describe('CompliancePolicy overrides', () => {
  test('a stronger override needs no reason and is recorded as not weakening', () => {
    const policy = CompliancePolicy.forClassification(ORDINARIO, {
      overrides: [{ setting: 'auditLogSearchableRetention', value: '18 months' }],
    });
    expect(policy.settings.auditLogSearchableRetention.toString()).toBe('18 months');
    expect(policy.overrides).toEqual([
      { setting: 'auditLogSearchableRetention', control: 'GAR-LOG-01', kitDefault: '12 months', value: '18 months', weakens: false, reason: undefined },
    ]);
    expect(policy.warnings()).toEqual([]);
  });

  test('a weakening override with a reason is applied, recorded and warned about', () => {
    const policy = CompliancePolicy.forClassification(CRITICO, {
      overrides: [{ setting: 'logObjectLockMode', value: 'governance', reason: REASON }],
    });
    expect(policy.settings.logObjectLockMode).toBe(LockMode.GOVERNANCE);
    expect(policy.overrides[0]).toMatchObject({ setting: 'logObjectLockMode', weakens: true, reason: REASON, kitDefault: 'COMPLIANCE', value: 'GOVERNANCE' });
    expect(policy.warnings()).toEqual([`[LOG-INT-05] logObjectLockMode weakened from the kit default COMPLIANCE to GOVERNANCE: ${REASON}`]);
  });

  test('an audit-log retention of 30 days is below the Garante floor', () => {
    const attempt = () => CompliancePolicy.forClassification(ORDINARIO, {
      overrides: [{ setting: 'auditLogSearchableRetention', value: '30 days', reason: REASON }],
    });
    expect(attempt).toThrow(PaCloudKitError);
    expect(attempt).toThrow(
      'policy.overrides[0].value: auditLogSearchableRetention must be at least 6 months for an ordinario tenant (Garante privacy, provvedimento 27/11/2008 §4.5 (admin access logs kept at least 6 months, unalterable)), got "30 days" [GAR-LOG-01]',
    );
  });

  test.each([
    ['auditLogArchiveRetention', '3 months', /auditLogArchiveRetention must be at least 6 months/],
    ['backupFrequency', 'monthly', /backupFrequency must be at least weekly for a critico tenant \(AgID ABSC 10\.1\.1/],
    ['minimumQualification', 'QC1', /minimumQualification must be at least QC2 for a critico tenant/],
    ['flowLogs', false, /flowLogs must be at least true/],
    ['offsiteBackupCopy', false, /offsiteBackupCopy must be at least true for a critico tenant .*ACN-BCK-04/],
    ['keyCustody', 'customer-managed', /keyCustody must be at least pa-controlled .*ACN-KMS-02/],
    ['dataLocation', 'EU', /dataLocation must be at least IT .*ACN-LOC-01/],
    ['backupDailyRetention', '3 days', /backupDailyRetention must be at least 7 days/],
  ])('an override of %s to %p below the floor throws, even with a reason', (setting, value, message) => {
    expect(() => CompliancePolicy.forClassification(CRITICO, { overrides: [{ setting, value, reason: REASON }] })).toThrow(message);
  });

  test('a weakening override without a reason throws naming the control', () => {
    expect(() => CompliancePolicy.forClassification(CRITICO, { overrides: [{ setting: 'backupVaultLockMode', value: 'GOVERNANCE' }] })).toThrow(
      'policy.overrides[0].reason: backupVaultLockMode GOVERNANCE weakens the kit default COMPLIANCE: give a reason of at least 10 characters, got nothing [ABSC-BCK-03]',
    );
    expect(() => CompliancePolicy.forClassification(CRITICO, { overrides: [{ setting: 'restoreTestFrequency', value: 'quarterly', reason: 'short' }] })).toThrow(
      /restoreTestFrequency quarterly weakens the kit default monthly: give a reason of at least 10 characters, got "short" \[ABSC-BCK-02\]/,
    );
  });

  test('an unknown setting throws listing the settings', () => {
    expect(() => CompliancePolicy.forClassification(ORDINARIO, { overrides: [{ setting: 'logRetention', value: '1 year' }], field: 'tenants[3]' })).toThrow(
      /^tenants\[3\]\.overrides\[0\]\.setting: must be one of minimumQualification, dataLocation, .*timeSources, got "logRetention"$/,
    );
  });

  test('a setting overridden twice throws', () => {
    expect(() => CompliancePolicy.forClassification(ORDINARIO, {
      overrides: [{ setting: 'rto', value: '48 hours' }, { setting: 'rto', value: '24 hours' }],
    })).toThrow('policy.overrides[1].setting: each setting may be overridden once, got "rto"');
  });

  test.each([
    ['continuousBackup', 'yes', 'must be true or false'],
    ['backupFrequency', 'fortnightly', 'must be one of hourly, daily, weekly, monthly, quarterly'],
    ['logObjectLockMode', 'STRICT', 'must be one of GOVERNANCE, COMPLIANCE'],
    ['timeSources', [], 'must be a non-empty list of host names'],
    ['rpo', 'soon', 'must be a whole number followed by a unit'],
  ])('an override of %s with a malformed value %p throws naming the value field', (setting, value, message) => {
    expect(() => CompliancePolicy.forClassification(ORDINARIO, { overrides: [{ setting, value, reason: REASON }] })).toThrow(
      `policy.overrides[0].value: ${message}`,
    );
  });

  test('replacing the INRiM time sources is a weakening that needs a reason', () => {
    expect(() => CompliancePolicy.forClassification(ORDINARIO, { overrides: [{ setting: 'timeSources', value: ['ntp.example.it'] }] })).toThrow(
      /timeSources ntp\.example\.it weakens the kit default ntp1\.inrim\.it, ntp2\.inrim\.it/,
    );
    const policy = CompliancePolicy.forClassification(ORDINARIO, { overrides: [{ setting: 'timeSources', value: ['ntp.provider.it', 'ntp1.inrim.it', 'ntp2.inrim.it'] }] });
    expect(policy.overrides[0].weakens).toBe(false);
  });

  test('backups must be frequent enough for the declared RPO', () => {
    expect(() => CompliancePolicy.forClassification(CRITICO, { overrides: [{ setting: 'continuousBackup', value: false, reason: REASON }] })).toThrow(
      'policy.backupFrequency: backups every 1 day without continuous backup cannot meet the declared RPO of 4 hours; back up more often or declare a longer rpo, got "daily" [ABSC-BCK-01]',
    );
    const relaxed = CompliancePolicy.forClassification(CRITICO, {
      overrides: [{ setting: 'continuousBackup', value: false, reason: REASON }, { setting: 'rpo', value: '24 hours', reason: REASON }],
    });
    expect(relaxed.settings.rpo.toHours()).toBe(24);
  });

  test('the archived retention cannot be shorter than the searchable one', () => {
    expect(() => CompliancePolicy.forClassification(ORDINARIO, { overrides: [{ setting: 'auditLogArchiveRetention', value: '9 months', reason: REASON }] })).toThrow(
      'policy.auditLogArchiveRetention: must be at least the searchable retention of 12 months, got "9 months" [LOG-RET-04]',
    );
  });
});

describe('CompliancePolicy qualification and acknowledgements', () => {
  test('a strategico tenant on a QC2 service is refused', () => {
    const policy = CompliancePolicy.forClassification(STRATEGICO);
    expect(() => policy.assertQualification(QualificationLevel.QC2, 'defaults.qualification')).toThrow(
      'defaults.qualification: a strategico tenant needs services qualified QC3 or higher (ACN reg. 21007/2024 art. 17), got "QC2" [ACN-QUAL-01]',
    );
    expect(() => policy.assertQualification(QualificationLevel.QC4)).not.toThrow();
  });

  test('requireOrAcknowledged passes when met or acknowledged, and says how to acknowledge', () => {
    const plain = CompliancePolicy.forClassification(CRITICO);
    const problem = { field: 'keys', value: undefined, rule: 'a critico tenant needs a PA-held key' };
    expect(() => plain.requireOrAcknowledged('ACN-KMS-02', true, problem)).not.toThrow();
    expect(() => plain.requireOrAcknowledged('ACN-KMS-02', false, problem)).toThrow(
      'keys: a critico tenant needs a PA-held key (or acknowledge ACN-KMS-02 with a reason), got nothing [ACN-KMS-02]',
    );
    const acked = CompliancePolicy.forClassification(CRITICO, { acknowledgements: [{ control: 'ACN-KMS-02', reason: REASON }] });
    expect(acked.isAcknowledged('ACN-KMS-02')).toBe(true);
    expect(() => acked.requireOrAcknowledged('ACN-KMS-02', false, problem)).not.toThrow();
  });

  test('requireOrAcknowledged does not offer an acknowledgement where none is allowed', () => {
    const policy = CompliancePolicy.forClassification(STRATEGICO);
    expect(() => policy.requireOrAcknowledged('ACN-KMS-02', false, { field: 'keys', value: undefined, rule: 'needs a PA-held key' })).toThrow(
      'keys: needs a PA-held key, got nothing [ACN-KMS-02]',
    );
  });

  test('acknowledgements are validated for the class', () => {
    expect(() => CompliancePolicy.forClassification(STRATEGICO, { acknowledgements: [{ control: 'ACN-LOC-01', reason: REASON }] })).toThrow(
      /policy\.acknowledgements\[0\]\.control: ACN-LOC-01 cannot be acknowledged for a strategico tenant/,
    );
  });
});

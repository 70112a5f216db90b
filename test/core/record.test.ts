/**
 * The record a landing zone writes (TenantPlan.record, in the synthesized metadata) and the policy
 * the compliance engine reads back from it (policyOfRecord) meet in core: what is written is read
 * as it was given.
 */
import {
  CloudProvider,
  CompliancePolicy,
  RegionCatalogue,
  DataClassification,
  POLICY_SETTINGS,
  PolicyOverride,
  TenantPlan,
  overrideOfRecord,
  policyOfRecord,
} from '../../lib/core';

const REASON = 'agreed with the DPO, see the risk register';
const TENANT = {
  ipaCode: 'c_h501', name: 'Comune di Esempio', classification: 'critico', qualification: 'QC2',
  owner: 'Servizio sistemi informativi', incidentContact: 'cert@comune.esempio.example',
};
const REGION = RegionCatalogue.standard().get(CloudProvider.AWS, 'eu-south-1');

/** Overrides of every kind of value: a switch, a host list, durations, a lock mode, a frequency. */
const OVERRIDES: PolicyOverride[] = [
  { setting: 'continuousBackup', value: false, reason: REASON },
  { setting: 'rpo', value: '24 hours', reason: REASON },
  { setting: 'timeSources', value: ['ntp.provider.it', 'ntp1.inrim.it', 'ntp2.inrim.it'] },
  { setting: 'auditLogSearchableRetention', value: '36 months' },
  { setting: 'logObjectLockMode', value: 'governance', reason: REASON },
  { setting: 'restoreTestFrequency', value: 'monthly' },
];

describe('policyOfRecord reads back what TenantPlan.record writes', () => {
  // Overrides that only hold together (continuousBackup off with a longer rpo) are read together:
  // read one by one, the first was refused and the engine judged the tenant by the kit default.
  test('the same settings and the same recorded overrides, for every kind of value', () => {
    const plan = TenantPlan.of({ tenant: TENANT, overrides: OVERRIDES, region: REGION, offsite: { region: REGION, account: '222222222222' }, account: '111111111111' });
    // Through JSON, as the metadata is written into the document and read from it.
    const record = JSON.parse(JSON.stringify(plan.record()));
    const { policy, ignored } = policyOfRecord(DataClassification.CRITICO, record.overrides, record.acknowledgements);
    expect(ignored).toEqual([]);
    expect(policy.settings).toEqual(plan.policy.settings);
    expect(policy.overrides).toEqual(plan.policy.overrides);
  });

  test('an override that no longer holds is left out and returned with its error', () => {
    const { policy, ignored } = policyOfRecord(DataClassification.CRITICO, [
      { setting: 'backupVaultLockMode', value: 'GOVERNANCE' },
      { setting: 'auditLogSearchableRetention', value: '36 months' },
    ]);
    expect(ignored.map((e) => e.message)).toEqual([
      expect.stringMatching(/^policy\.overrides\[0\]\.(value|reason): backupVaultLockMode GOVERNANCE /),
    ]);
    expect(policy.overrides.map((o) => o.setting)).toEqual(['auditLogSearchableRetention']);
  });

  test('an override that breaks a rule between settings is left out, and those that hold alone are kept, in order', () => {
    // continuousBackup off without a longer rpo: the error names the setting rule, not an override.
    const { policy, ignored } = policyOfRecord(DataClassification.CRITICO, [
      { setting: 'auditLogSearchableRetention', value: '36 months' },
      { setting: 'continuousBackup', value: 'false', reason: REASON },
    ]);
    expect(ignored.map((e) => e.field)).toEqual(['policy.backupFrequency']);
    expect(policy.overrides.map((o) => o.setting)).toEqual(['auditLogSearchableRetention']);
    expect(policy.settings.continuousBackup).toBe(true);
  });

  test('overrideOfRecord turns the display text of switches and host lists back into values, and leaves the rest as written', () => {
    expect(overrideOfRecord({ setting: 'flowLogs', value: 'false', reason: REASON })).toEqual({ setting: 'flowLogs', value: false, reason: REASON });
    expect(overrideOfRecord({ setting: 'timeSources', value: 'a.example.it, b.example.it' }).value).toEqual(['a.example.it', 'b.example.it']);
    expect(overrideOfRecord({ setting: 'rpo', value: '24 hours' }).value).toBe('24 hours');
    expect(overrideOfRecord({ setting: 'noSuchSetting', value: 'true' }).value).toBe('true');
  });

  test('every setting formatted by the policy is parsed back to the same setting value', () => {
    for (const setting of POLICY_SETTINGS) {
      const policy = CompliancePolicy.forClassification(DataClassification.STRATEGICO);
      const written = policy.requirements().find((r) => r.setting === setting)!.display;
      const again = CompliancePolicy.forClassification(DataClassification.STRATEGICO, { overrides: [overrideOfRecord({ setting, value: written })] });
      expect([setting, again.settings[setting]]).toEqual([setting, policy.settings[setting]]);
    }
  });
});

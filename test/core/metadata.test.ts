import { CompliancePolicy, DataClassification, TenantIdentity, landingZoneRecord } from '../../lib/core';

const tenant = (aggregator?: { ipaCode: string; name: string }) => TenantIdentity.of({
  ipaCode: 'asl_x000', name: 'ASL di Esempio', classification: 'critico', qualification: 'QC2',
  owner: 'UOC Sistemi Informativi', incidentContact: 'cert@asl.esempio.it', aggregator,
});

test('records the tenant, its class, and the overrides and acknowledgements in force', () => {
  const policy = CompliancePolicy.forClassification(DataClassification.CRITICO, {
    overrides: [{ setting: 'logObjectLockMode', value: 'GOVERNANCE', reason: 'legal holds handled by the PA' }],
    acknowledgements: [{ control: 'ACN-KMS-02', reason: 'BYOK ceremony planned for Q3' }],
  });
  expect(landingZoneRecord(tenant(), policy)).toEqual({
    version: 1,
    tenant: { ipaCode: 'asl_x000', name: 'ASL di Esempio' },
    classification: 'critico',
    qualification: 'QC2',
    overrides: [{ setting: 'logObjectLockMode', control: 'LOG-INT-05', kitDefault: 'COMPLIANCE', value: 'GOVERNANCE', weakens: true, reason: 'legal holds handled by the PA' }],
    acknowledgements: [{ control: 'ACN-KMS-02', reason: 'BYOK ceremony planned for Q3' }],
  });
});

test('names the aggregator only when one runs the landing zone', () => {
  const policy = CompliancePolicy.forClassification(DataClassification.CRITICO);
  expect(landingZoneRecord(tenant(), policy)).not.toHaveProperty('aggregator');
  expect(landingZoneRecord(tenant({ ipaCode: 'r_esempio', name: 'Regione' }), policy).aggregator).toBe('r_esempio');
});

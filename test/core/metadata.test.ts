import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompliancePolicy, DataClassification, LANDING_ZONE_METADATA_VERSION, TenantIdentity, centralStackMetadata, landingZoneRecord } from '../../lib/core';

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

test('the metadata of a central stack: role central, the aggregator as tenant, provider extras before the empty overrides', () => {
  const aggregator = TenantIdentity.of({ ipaCode: 'r_esempio', name: 'Regione', classification: 'strategico', qualification: 'QC3', owner: 'ICT', incidentContact: 'cert@regione.example.it' }, 'aggregator');
  const aws = centralStackMetadata(aggregator, 'eu-south-1', { account: '999999999999' });
  expect(aws).toEqual({
    version: LANDING_ZONE_METADATA_VERSION, role: 'central', tenant: { ipaCode: 'r_esempio', name: 'Regione' }, classification: 'strategico',
    qualification: 'QC3', region: 'eu-south-1', account: '999999999999', overrides: [], acknowledgements: [],
  });
  // Key order is part of the synthesized documents (golden test).
  expect(Object.keys(aws)).toEqual(['version', 'role', 'tenant', 'classification', 'qualification', 'region', 'account', 'overrides', 'acknowledgements']);
  const os = centralStackMetadata(aggregator, 'it-mil1', { regions: [{ name: 'it-mil1', country: 'IT' }] });
  expect(Object.keys(os)).toEqual(['version', 'role', 'tenant', 'classification', 'qualification', 'region', 'regions', 'overrides', 'acknowledgements']);
});

test('the version is written from one constant: no literal "version: 1" in lib/', () => {
  const lib = path.join(__dirname, '..', '..', 'lib');
  const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
  const offenders = files(lib).filter((f) => /\bversion\s*[:=!]==?\s*1\b|\bversion:\s*1\b/.test(fs.readFileSync(f, 'utf8')));
  expect(offenders.map((f) => path.relative(lib, f))).toEqual([]);
  expect(LANDING_ZONE_METADATA_VERSION).toBe(1);
});

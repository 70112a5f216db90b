/**
 * Small hand-made results for the renderer tests, independent of the engine's rules: one failing
 * CloudFormation landing zone with an acknowledgement and an override, one passing Terraform one.
 */
import { CloudProvider, DataClassification } from '../../../lib/core';
import { InputError, type CheckResult, type DocumentReport } from '../../../lib/compliance/types';
import type { SarifRuleDescription } from '../../../lib/compliance/report';

export const FAKE_RULES: readonly SarifRuleDescription[] = [
  { id: 'aws-bucket-tls-only', control: 'ENC-TRANSIT-01', provider: CloudProvider.AWS, title: 'Buckets deny non-TLS requests', checks: 'every bucket policy denies aws:SecureTransport=false', fix: 'Add a Deny statement on aws:SecureTransport false to the bucket policy.', severity: 'error' },
  { id: 'aws-key-byok', control: 'ACN-KMS-02', provider: CloudProvider.AWS, title: "Keys under the PA's control", checks: 'keys are external or imported', fix: 'Use an existing PA-held key.', severity: 'error' },
  { id: 'aws-tags', control: 'TAG-01', provider: CloudProvider.AWS, title: 'Mandatory tags', checks: 'every taggable resource has the mandatory tags', fix: 'Tag the resource.', severity: 'warning' },
  { id: 'os-tags', control: 'TAG-01', provider: CloudProvider.OPENSTACK, title: 'Mandatory tags', checks: 'every taggable resource has the mandatory tags', fix: 'Tag the resource.', severity: 'warning' },
];

export function failingDocument(file: string, resourceName = 'LogArchiveBucket1A2B'): DocumentReport {
  return {
    file,
    kind: 'cloudformation',
    landingZone: 'c_h501',
    classification: DataClassification.CRITICO,
    classificationSource: 'metadata',
    notices: [],
    resourceCount: 42,
    controls: [
      { control: 'ENC-TRANSIT-01', title: 'Encrypted channels only', status: 'failed', evidence: [
        { ruleId: 'aws-bucket-tls-only', resource: resourceName, property: 'PolicyDocument', status: 'fail', message: 'the bucket policy does not deny non-TLS requests' },
        { ruleId: 'aws-bucket-tls-only', resource: 'DataBucket', property: 'PolicyDocument', status: 'pass', message: 'denies non-TLS requests' },
      ] },
      { control: 'ACN-KMS-02', title: "Keys under the PA's control (BYOK/HYOK)", status: 'acknowledged', reason: 'BYOK migration planned for Q3 with the regional HSM', evidence: [
        { ruleId: 'aws-key-byok', resource: 'BackupKey', property: 'Origin', status: 'fail', message: 'the key was created by the kit (origin AWS_KMS)' },
      ] },
      { control: 'TAG-01', title: 'Mandatory tags with valid values', status: 'passed', evidence: [
        { ruleId: 'aws-tags', resource: resourceName, property: 'Tags', status: 'pass', message: 'all mandatory tags present' },
      ] },
      { control: 'ABSC-LOG-02', title: 'Alert on admin account changes and failed or root logins', status: 'provider', reason: 'provider responsibility; guest-level rules', evidence: [] },
      { control: 'ABSC-NET-03', title: 'Egress filtering', status: 'not-applicable', reason: 'applies to critico and strategico only', evidence: [] },
    ],
    findings: [
      { ruleId: 'aws-bucket-tls-only', control: 'ENC-TRANSIT-01', severity: 'error', file, resource: resourceName, property: 'PolicyDocument', message: 'the bucket policy does not deny non-TLS requests', fix: 'Add a Deny statement on aws:SecureTransport false to the bucket policy.' },
      { ruleId: 'aws-key-byok', control: 'ACN-KMS-02', severity: 'error', file, resource: 'BackupKey', property: 'Origin', message: 'the key was created by the kit (origin AWS_KMS)', fix: 'Use an existing PA-held key.', acknowledged: 'BYOK migration planned for Q3 with the regional HSM' },
    ],
    overrides: [
      { setting: 'auditLogArchiveRetention', control: 'LOG-RET-04', kitDefault: '36 months', value: '24 months', weakens: true, reason: 'storage budget approved by the DPO until 2027' },
    ],
  };
}

export function passingTerraformDocument(file: string): DocumentReport {
  return {
    file,
    kind: 'terraform',
    landingZone: 'c_f205',
    classification: DataClassification.ORDINARIO,
    classificationSource: 'default',
    notices: ['no classification in the metadata or the pa:classification tags: checked as ordinario'],
    resourceCount: 3,
    controls: [
      { control: 'TAG-01', title: 'Mandatory tags with valid values', status: 'passed', evidence: [
        { ruleId: 'os-tags', resource: 'openstack_networking_network_v2.management', property: 'tags', status: 'pass', message: 'all mandatory tags present' },
      ] },
      { control: 'ABSC-NET-06', title: 'Network flow records', status: 'provider', reason: 'provider flow logs are a provider responsibility (no Terraform resource)', evidence: [] },
    ],
    findings: [],
    overrides: [],
  };
}

export function fakeResult(documents: DocumentReport[], errors: InputError[] = []): CheckResult {
  const count = (s: string) => documents.reduce((n, d) => n + d.controls.filter((c) => c.status === s).length, 0);
  return {
    documents,
    errors,
    summary: {
      documents: documents.length,
      passed: count('passed'),
      failed: count('failed'),
      warning: count('warning'),
      unresolved: count('unresolved'),
      acknowledged: count('acknowledged'),
      provider: count('provider'),
      findings: documents.reduce((n, d) => n + d.findings.length, 0),
    },
  };
}

/** The rules are registered once, in one list per provider (rules/aws/index.ts, rules/openstack/index.ts). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AWS_RULES, OPENSTACK_RULES, RULES } from '../../../lib/compliance/rules';

const RULES_DIR = path.join(__dirname, '..', '..', '..', 'lib', 'compliance', 'rules');

test('the AWS list', () => {
  expect(AWS_RULES.map((r) => r.id)).toEqual([
    'aws-admin-ports-closed', 'aws-alert-topic-encrypted', 'aws-archive-bucket-access-logging', 'aws-archive-bucket-encryption',
    'aws-archive-bucket-public-access', 'aws-archive-bucket-retained', 'aws-archive-bucket-versioning', 'aws-archive-object-lock',
    'aws-archive-retention', 'aws-backup-continuous', 'aws-backup-copy-region', 'aws-backup-offsite-copy', 'aws-backup-plan-frequency',
    'aws-backup-plan-retention', 'aws-backup-vault-deny-delete', 'aws-backup-vault-encrypted', 'aws-backup-vault-lock',
    'aws-bucket-public-access-blocked', 'aws-bucket-tls-only', 'aws-data-tier-nacl', 'aws-default-security-group-restricted',
    'aws-egress-firewall', 'aws-kms-key-per-purpose', 'aws-kms-key-rotation', 'aws-kms-pa-controlled', 'aws-load-balancer-tls',
    'aws-log-group-retention', 'aws-management-subnet-isolated', 'aws-mandatory-tags', 'aws-qualification-declared',
    'aws-region-allowed', 'aws-restore-testing-plan', 'aws-security-alerts', 'aws-ssm-endpoints', 'aws-trail-encrypted',
    'aws-trail-log-retention', 'aws-trail-log-validation', 'aws-trail-multi-region', 'aws-vpc-flow-logs',
  ]);
  expect(AWS_RULES.every((r) => r.provider === 'aws')).toBe(true);
});

test('the OpenStack list', () => {
  expect(OPENSTACK_RULES.map((r) => r.id)).toEqual([
    'os-admin-ports-closed', 'os-app-credential-restricted', 'os-archive-container-private', 'os-archive-container-sync',
    'os-archive-container-versioning', 'os-backup-container', 'os-backup-offsite-copy', 'os-backup-scheduler',
    'os-default-secgroup-rules-removed', 'os-fwaas-router-ports', 'os-guest-log-shipping', 'os-guest-time-sources',
    'os-keys-pa-controlled', 'os-lb-tls-listeners', 'os-log-expiry', 'os-management-network-isolated', 'os-mandatory-tags',
    'os-provider-tls', 'os-qualification-declared', 'os-region-allowed', 'os-restore-test-scheduler', 'os-shipper-no-delete',
    'os-volume-encryption', 'os-vpn-encryption',
  ]);
  expect(OPENSTACK_RULES.every((r) => r.provider === 'openstack')).toBe(true);
});

test.each([['aws', AWS_RULES], ['openstack', OPENSTACK_RULES]] as const)('every rule file of rules/%s is in its list, once', (provider, rules) => {
  const files = fs.readdirSync(path.join(RULES_DIR, provider)).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, '')).sort();
  const prefix = provider === 'aws' ? 'aws-' : 'os-';
  expect(rules.map((r) => r.id.slice(prefix.length)).sort()).toEqual(files);
  expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
});

test('RULES is both lists, AWS first, each rule once', () => {
  expect(RULES).toHaveLength(AWS_RULES.length + OPENSTACK_RULES.length);
  expect(new Set(RULES)).toEqual(new Set([...AWS_RULES, ...OPENSTACK_RULES]));
  expect(RULES.findIndex((r) => r.provider === 'openstack')).toBe(AWS_RULES.length);
});

test('the registry lists each rule in one place: its provider index, not rules/index.ts', () => {
  const registry = fs.readFileSync(path.join(RULES_DIR, 'index.ts'), 'utf8');
  expect(registry).not.toMatch(/\b(aws|os)[A-Z][a-z]+[A-Z]\w*\b/);
  for (const provider of ['aws', 'openstack']) {
    const index = fs.readFileSync(path.join(RULES_DIR, provider, 'index.ts'), 'utf8');
    const names = [...index.matchAll(/\b((?:aws|os)[A-Z]\w+)\b/g)].map((m) => m[1]);
    expect(new Set(names).size).toBe(names.length);
  }
});

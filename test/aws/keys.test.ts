/**
 * Keys that fit the class: a strategico tenant's keys are PA-held (HYOK, an external key store),
 * which a multi-Region key (`mrk-...`) cannot be. Refused by the construct, by the central stack,
 * by the config loader and by `pa-cloud-kit synth` (exit 2, with the file position).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack, aws_kms as kms } from 'aws-cdk-lib';
import { AggregatorCentralAwsStack } from '../../lib/aggregator/central-aws';
import { LandingZone } from '../../lib/aws';
import { parseConfig } from '../../lib/config';
import { CompliancePolicy, DataClassification, TenantIdentity } from '../../lib/core';
import { runCli } from '../cli/run-cli';

const ACCOUNT = '333333333333';
const MRK = `arn:aws:kms:eu-south-1:${ACCOUNT}:key/mrk-1b2c3d4e5f60718293a4b5c6d7e8f90a`;
const single = (n: number) => `arn:aws:kms:eu-south-1:${ACCOUNT}:key/0b6c1a52-0000-4000-8000-00000000000${n}`;
const RULE = /must be a single-Region key: a multi-Region key \(key ID "mrk-\.\.\."\) cannot be in an external key store/;

function landingZone(classification: DataClassification, logsKey: string) {
  const stack = new Stack(new App(), 'Tenant', { env: { account: ACCOUNT, region: 'eu-south-1' } });
  return new LandingZone(stack, 'LandingZone', {
    tenant: { ipaCode: 'r_x000', name: 'Regione', classification, qualification: 'QC3', owner: 'ICT', incidentContact: 'cert@regione.example.it' },
    cidr: '10.30.0.0/16',
    keys: {
      logs: kms.Key.fromKeyArn(stack, 'Logs', logsKey),
      backup: kms.Key.fromKeyArn(stack, 'Backup', single(2)),
      data: kms.Key.fromKeyArn(stack, 'Data', single(3)),
    },
    backupCopyTarget: { vaultArn: 'arn:aws:backup:eu-south-1:444444444444:backup-vault:copies' },
  });
}

describe('the construct', () => {
  test('a strategico landing zone refuses a multi-Region key, naming the purpose and the ARN', () => {
    expect(() => landingZone(DataClassification.STRATEGICO, MRK)).toThrow(new RegExp(`^keys\\.logs: ${RULE.source}.*, got "${MRK.replace(/[/]/g, '\\/')}" \\[ACN-KMS-02\\]$`));
    expect(() => landingZone(DataClassification.STRATEGICO, single(1))).not.toThrow();
  });

  test('a critico landing zone (keys under the PA\'s control, not necessarily held) accepts it', () => {
    expect(() => landingZone(DataClassification.CRITICO, MRK)).not.toThrow();
  });

  test('the central stack refuses a multi-Region archive key when a tenant is strategico', () => {
    const tenant = (classification: DataClassification) => ({
      identity: TenantIdentity.of({ ipaCode: 'r_x000', name: 'Regione', classification, qualification: 'QC3', owner: 'ICT', incidentContact: 'cert@regione.example.it', aggregator: { ipaCode: 'r_esempio', name: 'Aggregatore' } }),
      policy: CompliancePolicy.forClassification(classification),
      account: ACCOUNT,
    });
    const central = (classification: DataClassification) => new AggregatorCentralAwsStack(new App(), 'Central', {
      aggregator: { ipaCode: 'r_esempio', name: 'Aggregatore', account: '111111111111', qualification: 'QC3', owner: 'CED', incidentContact: 'soc@esempio.it' },
      region: 'eu-south-1',
      archiveTenants: [tenant(classification)],
      existingArchiveKeyArn: 'arn:aws:kms:eu-south-1:111111111111:key/mrk-0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    });
    expect(() => central(DataClassification.STRATEGICO)).toThrow(new RegExp(`^existingArchiveKeyArn: ${RULE.source}.*\\(the key protects the data of r_x000\\)`));
    expect(() => central(DataClassification.CRITICO)).not.toThrow();
  });
});

const FILE = (tenantKey: string, archiveKey = 'arn:aws:kms:eu-south-1:111111111111:key/4e5f6071-8293-4a4b-8d3e-4f5a6b7c8d9e') => [
  'aggregator:',
  '  ipaCode: r_esempio',
  '  name: Aggregatore',
  '  owner: CED',
  '  incidentContact: soc@esempio.it',
  '  account: "111111111111"',
  '  keys:',
  `    archiveKmsKeyArn: ${archiveKey}`,
  '    vaultKmsKeyArn: arn:aws:kms:eu-south-1:111111111111:key/5f607182-93a4-4b5c-9e4f-5a6b7c8d9e0f',
  'tenants:',
  '  - ipaCode: r_esempio_sanita',
  '    name: Direzione Sanita',
  '    classification: strategico',
  '    qualification: QC3',
  '    owner: Direzione Sanita',
  '    incidentContact: cert@sanita.esempio.it',
  '    account: "333333333333"',
  '    cidr: 10.40.0.0/16',
  '    keys:',
  `      kmsKeyArn: ${single(1)}`,
  `      logsKmsKeyArn: ${tenantKey}`,
  `      backupKmsKeyArn: ${single(3)}`,
  '    backupCopy: { account: "444444444444", vaultName: copies }',
  '',
].join('\n');

describe('the landing zones file', () => {
  test('a strategico tenant with a multi-Region key is refused, naming the field', () => {
    expect(() => parseConfig(FILE(MRK), 'lz.yaml')).toThrow(new RegExp(`tenants\\[0\\]\\.keys\\.logsKmsKeyArn: ${RULE.source}`));
    expect(() => parseConfig(FILE(single(2)), 'lz.yaml')).not.toThrow();
  });

  test('so is a multi-Region key of the aggregator when it holds a strategico tenant\'s logs', () => {
    expect(() => parseConfig(FILE(single(2), 'arn:aws:kms:eu-south-1:111111111111:key/mrk-9a1b2c3d4e5f60718293a4b5c6d7e8f9'), 'lz.yaml'))
      .toThrow(new RegExp(`aggregator\\.keys\\.archiveKmsKeyArn: ${RULE.source}.*strategico tenant`));
  });

  test('pa-cloud-kit synth exits 2 with the file, line and column of the key, and writes nothing', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-mrk-'));
    try {
      fs.writeFileSync(path.join(tmp, 'lz.yaml'), FILE(MRK));
      const r = await runCli(['synth', 'lz.yaml', '--out', path.join(tmp, 'out')], { cwd: tmp });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      // Line 21, the value after "      logsKmsKeyArn: ".
      expect(r.stderr).toMatch(new RegExp(`^lz\\.yaml:21:22: .*tenants\\[0\\]\\.keys\\.logsKmsKeyArn: ${RULE.source}`, 'm'));
      expect(fs.existsSync(path.join(tmp, 'out'))).toBe(false);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

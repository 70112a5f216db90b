/**
 * The synthesized bucket, key, topic and vault policies, evaluated by an independent IAM engine
 * (@cloud-copilot/iam-simulate) for requests of realistic principals, on the sample aggregator
 * (examples/aggregator/landing-zones.yaml through synthesizeLandingZones) and on the AWS example
 * (examples/aws).
 *
 * What the simulator does not model, and how the tests cover it:
 * - S3 Object Lock: IAM allows the bucket owner's administrators to delete object versions; the
 *   lock (retain-until, compliance mode) refuses it. The tests assert that no tenant principal is
 *   allowed by IAM, and read the lock configuration from the template for the rest.
 * - KMS grants (AWS Backup uses grants on vault keys): not evaluated; the key policies are.
 * - Vault lock: removing it is denied to everyone by the access policy (evaluated here); changing
 *   it (PutBackupVaultLockConfiguration) stays with the deploying account so CloudFormation can
 *   manage it, and AWS itself refuses any change to a compliance-mode lock after its grace time,
 *   which no IAM evaluation shows: the tests read the lock configuration from the template.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildExampleApp, SAMPLE_ACCOUNTS, SAMPLE_REGION } from '../../examples/aws/main';
import { AggregatorCentralAwsStack } from '../../lib/aggregator/central-aws';
import { synthesizeLandingZones } from '../../lib/aggregator/synth';
import { LandingZonesConfig, loadConfig, ResolvedAwsTenant } from '../../lib/config';
import { CloudProvider, CompliancePolicy } from '../../lib/core';
import { asList, CfnTemplate, evaluate, PolicyStatement, Request, ResourcePolicy, resourcePolicies } from './support/policy-evaluator';

const SAMPLE = path.join(__dirname, '..', '..', 'examples', 'aggregator', 'landing-zones.yaml');
const OUTSIDER = '999999999999';
const ADMIN = ['*'];

interface Synthesized {
  readonly name: string;
  readonly template: CfnTemplate;
  readonly account: string;
  readonly region: string;
  readonly policies: ResourcePolicy[];
}

function loaded(name: string, template: CfnTemplate, account: string, region: string): Synthesized {
  return { name, template, account, region, policies: resourcePolicies(template, { account, region }) };
}

const policyOf = (doc: Synthesized, kind: ResourcePolicy['kind'], logicalId?: string): ResourcePolicy => {
  const found = doc.policies.filter((p) => p.kind === kind && (logicalId === undefined || p.logicalId === logicalId));
  if (found.length !== 1) throw new Error(`${doc.name}: expected one ${kind} policy ${logicalId ?? ''}, found ${found.length}`);
  return found[0];
};

const trailArn = (account: string, slug: string, region = 'eu-south-1') => `arn:aws:cloudtrail:${region}:${account}:trail/pa-${slug}-audit`;
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;

/** A concrete action for an action pattern of a statement. */
function concreteAction(pattern: string): string {
  const known: Record<string, string> = { 'kms:ReEncrypt*': 'kms:ReEncryptFrom', 'kms:Describe*': 'kms:DescribeKey', 'kms:Encrypt*': 'kms:Encrypt', 'kms:Decrypt*': 'kms:Decrypt' };
  return known[pattern] ?? pattern.replace(/\*$/, '');
}

/** The context a legitimate caller sends: the first value of every condition of the statement (wildcards filled). */
function contextOf(statement: PolicyStatement): Record<string, string> {
  const context: Record<string, string> = {};
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    if (!/^(String|Arn)/.test(operator)) continue;
    for (const [key, value] of Object.entries(keys)) context[key] = String(asList(value as string | string[])[0]).replace(/\*/g, 'x');
  }
  return context;
}

/** The same context from another account: every account ID replaced by OUTSIDER. */
const fromOutsider = (context: Record<string, string>) => Object.fromEntries(Object.entries(context).map(([k, v]) => [k, v.replace(/\b\d{12}\b/g, OUTSIDER)]));

/**
 * Every Allow to a service principal is scoped to the caller's account or source: the request
 * with the statement's own condition values is allowed (so the check can fail), the same request
 * on behalf of another account is not.
 */
async function expectServicePrincipalsScoped(doc: Synthesized): Promise<number> {
  let checked = 0;
  for (const policy of doc.policies) {
    for (const statement of policy.policy.Statement) {
      if (statement.Effect !== 'Allow' || statement.Principal === '*' || statement.Principal.Service === undefined) continue;
      const resourceAccount = policy.kind === 'bucket' ? doc.account : policy.arn.split(':')[4];
      for (const service of asList(statement.Principal.Service)) {
        const request: Request = {
          principal: service,
          action: concreteAction(asList(statement.Action)[0]),
          resource: asList(statement.Resource)[0] === '*' ? policy.arn : asList(statement.Resource)[0].replace(/\*/g, 'x'),
          resourceAccount,
          resourcePolicy: policy.policy,
          context: contextOf(statement),
        };
        const label = `${doc.name} ${policy.kind} ${policy.logicalId} ${statement.Sid ?? '(no sid)'} ${service}`;
        expect([label, await evaluate(request)]).toEqual([label, 'Allowed']);
        expect([label, await evaluate({ ...request, context: fromOutsider(request.context as Record<string, string>) })]).toEqual([label, expect.stringMatching(/Denied$/)]);
        checked += 1;
      }
    }
  }
  return checked;
}

describe('the sample aggregator (examples/aggregator/landing-zones.yaml)', () => {
  let config: LandingZonesConfig;
  let central: Synthesized;
  let comune: Synthesized;
  let asl: Synthesized;
  let sanita: Synthesized;
  let ownKeys: Synthesized;
  let outDir: string;
  const AGG = '111111111111';
  const A = { account: '210987654321', code: 'c_a001', slug: 'c-a001' };
  const B = { account: '222222222222', code: 'asl_esempio', slug: 'asl-esempio' };
  const ARCHIVE = `arn:aws:s3:::pa-r-esempio-logs-0-${AGG}-eu-south-1`;
  const objectOf = (t: typeof A, file = 'CloudTrail/eu-south-1/2026/12/01/x.json.gz') => `${ARCHIVE}/${t.code}/AWSLogs/${t.account}/${file}`;

  beforeAll(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-iam-'));
    config = loadConfig(SAMPLE);
    synthesizeLandingZones(config, { outDir });
    const read = (stack: string) => JSON.parse(fs.readFileSync(path.join(outDir, 'aws', `${stack}.template.json`), 'utf8')) as CfnTemplate;
    central = loaded('PaCentral-eu-south-1', read('PaCentral-eu-south-1'), AGG, 'eu-south-1');
    comune = loaded('PaLz-c-a001', read('PaLz-c-a001'), A.account, 'eu-south-1');
    asl = loaded('PaLz-asl-esempio', read('PaLz-asl-esempio'), B.account, 'eu-south-1');
    sanita = loaded('PaLz-r-esempio-sanita', read('PaLz-r-esempio-sanita'), '333333333333', 'eu-south-1');
    // The same tenants with keys the central stack creates (the sample brings its own, whose
    // policies are the aggregator's and only listed in an annotation).
    const tenants = config.tenants.filter((t): t is ResolvedAwsTenant => t.provider === CloudProvider.AWS).map((t) => ({
      identity: t.identity,
      policy: CompliancePolicy.forClassification(t.identity.classification, { overrides: t.overrides, acknowledgements: t.acknowledgements }),
      account: t.account,
    }));
    const stack = new AggregatorCentralAwsStack(new App(), 'OwnKeys', {
      aggregator: { ipaCode: 'r_esempio', name: 'Aggregatore', account: AGG, qualification: 'QC3', owner: 'CED', incidentContact: 'soc@esempio.it' },
      region: 'eu-south-1',
      archiveTenants: tenants,
      backupTenants: tenants,
    });
    ownKeys = loaded('OwnKeys', Template.fromStack(stack).toJSON() as CfnTemplate, AGG, 'eu-south-1');
  });
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  test("tenant A's trail writes its files only under A's prefix of the central archive", async () => {
    const bucket = policyOf(central, 'bucket', 'ArchiveBucket0').policy;
    const put = (resource: string, sourceArn: string): Request => ({
      principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject', resource, resourceAccount: AGG, resourcePolicy: bucket,
      context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceArn.split(':')[4], 's3:x-amz-acl': 'bucket-owner-full-control' },
    });
    expect(await evaluate(put(objectOf(A), trailArn(A.account, A.slug)))).toBe('Allowed');
    // Under B's prefix, under A's code with B's account folder, or at the root: refused.
    expect(await evaluate(put(objectOf(B), trailArn(A.account, A.slug)))).toBe('ImplicitlyDenied');
    expect(await evaluate(put(`${ARCHIVE}/${A.code}/AWSLogs/${B.account}/x.json.gz`, trailArn(A.account, A.slug)))).toBe('ImplicitlyDenied');
    expect(await evaluate(put(`${ARCHIVE}/AWSLogs/${A.account}/x.json.gz`, trailArn(A.account, A.slug)))).toBe('ImplicitlyDenied');
    // Another trail of A's account, or B's trail, under A's prefix: refused.
    expect(await evaluate(put(objectOf(A), `arn:aws:cloudtrail:eu-south-1:${A.account}:trail/shadow`))).toBe('ImplicitlyDenied');
    expect(await evaluate(put(objectOf(A), trailArn(B.account, B.slug)))).toBe('ImplicitlyDenied');
    // Without bucket-owner-full-control: refused.
    expect(await evaluate({ ...put(objectOf(A), trailArn(A.account, A.slug)), context: { 'aws:SourceArn': trailArn(A.account, A.slug) } })).toBe('ImplicitlyDenied');
  });

  test("tenant A's flow logs write only under A's flow-log prefix, for A's account", async () => {
    const bucket = policyOf(central, 'bucket', 'ArchiveBucket0').policy;
    const flow = (t: typeof A) => `${ARCHIVE}/vpc-flow-logs/${t.code}/AWSLogs/${t.account}/vpcflowlogs/eu-south-1/2026/12/01/x.log.gz`;
    const put = (resource: string, account: string): Request => ({
      principal: 'delivery.logs.amazonaws.com', action: 's3:PutObject', resource, resourceAccount: AGG, resourcePolicy: bucket,
      context: { 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:logs:eu-south-1:${account}:*`, 's3:x-amz-acl': 'bucket-owner-full-control' },
    });
    expect(await evaluate(put(flow(A), A.account))).toBe('Allowed');
    expect(await evaluate(put(flow(B), A.account))).toBe('ImplicitlyDenied');
    expect(await evaluate(put(objectOf(A), A.account))).toBe('ImplicitlyDenied');
    expect(await evaluate(put(flow(A), OUTSIDER))).toBe('ImplicitlyDenied');
  });

  test("tenant B's principals, even administrators, cannot read, overwrite or delete A's objects", async () => {
    const bucket = policyOf(central, 'bucket', 'ArchiveBucket0').policy;
    for (const principal of [role(B.account, 'Admin'), `arn:aws:iam::${B.account}:root`, role(A.account, 'Admin')]) {
      for (const action of ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObjectRetention', 's3:BypassGovernanceRetention']) {
        const decision = await evaluate({ principal, action, resource: objectOf(A), resourceAccount: AGG, resourcePolicy: bucket, identityAllows: ADMIN });
        expect([principal, action, decision]).toEqual([principal, action, 'ImplicitlyDenied']);
      }
      expect(await evaluate({ principal, action: 's3:PutBucketPolicy', resource: ARCHIVE, resourceAccount: AGG, resourcePolicy: bucket, identityAllows: ADMIN })).toBe('ImplicitlyDenied');
    }
  });

  test('the aggregator reads the archive and decrypts it with the archive key; the tenants cannot', async () => {
    const bucket = policyOf(central, 'bucket', 'ArchiveBucket0').policy;
    const auditor = role(AGG, 'LogAuditor');
    const reads = ['s3:GetObject', 's3:ListBucket', 'kms:Decrypt'];
    expect(await evaluate({ principal: auditor, action: 's3:GetObject', resource: objectOf(A), resourceAccount: AGG, resourcePolicy: bucket, identityAllows: reads })).toBe('Allowed');
    expect(await evaluate({ principal: auditor, action: 's3:ListBucket', resource: ARCHIVE, resourceAccount: AGG, resourcePolicy: bucket, identityAllows: reads })).toBe('Allowed');
    // Without TLS, even the aggregator is refused.
    expect(await evaluate({ principal: auditor, action: 's3:GetObject', resource: objectOf(A), resourceAccount: AGG, resourcePolicy: bucket, identityAllows: reads, context: { 'aws:SecureTransport': 'false' } })).toBe('ExplicitlyDenied');
    const key = policyOf(ownKeys, 'key', 'ArchiveKey0');
    expect(await evaluate({ principal: auditor, action: 'kms:Decrypt', resource: key.arn, resourceAccount: AGG, resourcePolicy: key.policy, identityAllows: reads })).toBe('Allowed');
    for (const t of [A, B]) {
      for (const action of ['kms:Decrypt', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy', 'kms:CreateGrant']) {
        const decision = await evaluate({ principal: role(t.account, 'Admin'), action, resource: key.arn, resourceAccount: AGG, resourcePolicy: key.policy, identityAllows: ADMIN });
        expect([t.code, action, decision]).toEqual([t.code, action, 'ImplicitlyDenied']);
      }
    }
  });

  test("the archive key admits exactly the tenants' trails (source ARN and encryption context) and their log delivery", async () => {
    const key = policyOf(ownKeys, 'key', 'ArchiveKey0');
    const generate = (sourceArn: string, contextArn = sourceArn): Request => ({
      principal: 'cloudtrail.amazonaws.com', action: 'kms:GenerateDataKey', resource: key.arn, resourceAccount: AGG, resourcePolicy: key.policy,
      context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceArn.split(':')[4], 'kms:EncryptionContext:aws:cloudtrail:arn': contextArn },
    });
    expect(await evaluate(generate(trailArn(A.account, A.slug)))).toBe('Allowed');
    expect(await evaluate(generate(trailArn(B.account, B.slug)))).toBe('Allowed');
    expect(await evaluate(generate(`arn:aws:cloudtrail:eu-south-1:${A.account}:trail/shadow`))).toBe('ImplicitlyDenied');
    expect(await evaluate(generate(trailArn(OUTSIDER, A.slug)))).toBe('ImplicitlyDenied');
    expect(await evaluate(generate(trailArn(A.account, A.slug), trailArn(OUTSIDER, 'x')))).toBe('ImplicitlyDenied');
    // CloudTrail may not manage the key.
    expect(await evaluate({ ...generate(trailArn(A.account, A.slug)), action: 'kms:ScheduleKeyDeletion' })).toBe('ImplicitlyDenied');
    const delivery = (account: string): Request => ({
      principal: 'delivery.logs.amazonaws.com', action: 'kms:GenerateDataKey', resource: key.arn, resourceAccount: AGG, resourcePolicy: key.policy,
      context: { 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:logs:eu-south-1:${account}:delivery-source:x` },
    });
    expect(await evaluate(delivery(A.account))).toBe('Allowed');
    expect(await evaluate(delivery(OUTSIDER))).toBe('ImplicitlyDenied');
  });

  test("the tenants' trails are encrypted with the aggregator's archive key, never with a tenant key", () => {
    const keyOf = (doc: Synthesized) => Object.values(doc.template.Resources).find((r) => r.Type === 'AWS::CloudTrail::Trail')!.Properties!.KMSKeyId;
    for (const doc of [comune, asl, sanita]) expect([doc.name, keyOf(doc)]).toEqual([doc.name, config.aggregator!.keys!.archiveKmsKeyArn]);
  });

  test('nobody deletes recovery points or changes the lock of the off-site vault; only the backup tenants copy in', async () => {
    for (const doc of [central, ownKeys]) {
      const vault = policyOf(doc, 'vault', 'OffsiteVault');
      const admin = role(AGG, 'Admin');
      for (const action of ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:DeleteBackupVaultLockConfiguration']) {
        const decision = await evaluate({ principal: admin, action, resource: vault.arn, resourceAccount: AGG, resourcePolicy: vault.policy, identityAllows: ADMIN });
        expect([doc.name, action, decision]).toEqual([doc.name, action, 'ExplicitlyDenied']);
      }
      const copy = (account: string) => evaluate({
        principal: role(account, 'AWSBackupDefaultServiceRole'), action: 'backup:CopyIntoBackupVault', resource: vault.arn, resourceAccount: AGG, resourcePolicy: vault.policy, identityAllows: ['backup:CopyIntoBackupVault'],
      });
      expect(await copy(B.account)).toBe('Allowed');
      expect(await copy(OUTSIDER)).toBe('ImplicitlyDenied');
    }
    // The lock itself (what IAM cannot show): compliance mode, since a tenant is strategico or critico.
    const vault = Object.values(central.template.Resources).find((r) => r.Type === 'AWS::Backup::BackupVault')!;
    expect(vault.Properties!.LockConfiguration).toEqual(expect.objectContaining({ ChangeableForDays: expect.any(Number), MinRetentionDays: expect.any(Number) }));
  });

  test('the tenant vaults: nobody deletes recovery points or changes the lock', async () => {
    for (const doc of [comune, asl, sanita]) {
      const vault = policyOf(doc, 'vault');
      for (const action of ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:DeleteBackupVaultLockConfiguration']) {
        const decision = await evaluate({ principal: role(doc.account, 'Admin'), action, resource: vault.arn, resourceAccount: doc.account, resourcePolicy: vault.policy, identityAllows: ADMIN });
        expect([doc.name, action, decision]).toEqual([doc.name, action, 'ExplicitlyDenied']);
      }
    }
  });

  test('locked archive objects: IAM leaves deletion to the owner, object lock refuses it until retain-until (compliance mode)', () => {
    // iam-simulate has no object lock: the template's lock is what stops the aggregator's own admins.
    const bucket = central.template.Resources.ArchiveBucket0.Properties!;
    expect(bucket.ObjectLockEnabled).toBe(true);
    expect(bucket.ObjectLockConfiguration.Rule.DefaultRetention.Mode).toBe('COMPLIANCE');
  });

  test('every service principal in every policy is scoped to its source account or ARN', async () => {
    let checked = 0;
    for (const doc of [central, ownKeys, comune, asl, sanita]) checked += await expectServicePrincipalsScoped(doc);
    expect(checked).toBeGreaterThan(20);
  });

  test('the alert topics admit AWS Backup and CloudWatch only from the tenant account', async () => {
    for (const doc of [comune, asl, sanita]) {
      const topic = policyOf(doc, 'topic');
      const publish = (service: string, account: string) => evaluate({
        principal: service, action: 'sns:Publish', resource: topic.arn, resourceAccount: doc.account, resourcePolicy: topic.policy,
        context: { 'aws:SourceAccount': account, 'aws:SourceArn': service.startsWith('cloudwatch') ? `arn:aws:cloudwatch:eu-south-1:${account}:alarm:x` : `arn:aws:backup:eu-south-1:${account}:backup-vault:x` },
      });
      for (const service of ['backup.amazonaws.com', 'cloudwatch.amazonaws.com']) {
        expect(await publish(service, doc.account)).toBe('Allowed');
        expect(await publish(service, OUTSIDER)).toBe('ImplicitlyDenied');
      }
      expect(await publish('events.amazonaws.com', doc.account)).toBe('ImplicitlyDenied');
    }
  });
});

describe('the AWS example (examples/aws)', () => {
  let docs: Synthesized[];
  beforeAll(() => {
    const app = buildExampleApp();
    docs = [
      loaded('PaComuneDiEsempio', Template.fromStack(app.node.findChild('PaComuneDiEsempio') as never).toJSON() as CfnTemplate, SAMPLE_ACCOUNTS.municipality, SAMPLE_REGION),
      loaded('PaAslDiEsempio', Template.fromStack(app.node.findChild('PaAslDiEsempio') as never).toJSON() as CfnTemplate, SAMPLE_ACCOUNTS.healthAuthority, SAMPLE_REGION),
    ];
  });

  test("the municipality's own archive: only its trail writes, under AWSLogs/<account>/; another account's trail is refused", async () => {
    const [comune] = docs;
    const bucketId = Object.entries(comune.template.Resources).find(([id, r]) => r.Type === 'AWS::S3::Bucket' && /ArchiveBucket/.test(id))![0];
    const archive = policyOf(comune, 'bucket', bucketId);
    const account = SAMPLE_ACCOUNTS.municipality;
    const put = (resource: string, sourceArn: string) => evaluate({
      principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject', resource, resourceAccount: account, resourcePolicy: archive.policy,
      context: { 'aws:SourceArn': sourceArn, 's3:x-amz-acl': 'bucket-owner-full-control' },
    });
    expect(await put(`${archive.arn}/AWSLogs/${account}/CloudTrail/x.json.gz`, trailArn(account, 'c-x000'))).toBe('Allowed');
    expect(await put(`${archive.arn}/AWSLogs/${account}/CloudTrail/x.json.gz`, trailArn(OUTSIDER, 'c-x000'))).toBe('ImplicitlyDenied');
    expect(await put(`${archive.arn}/AWSLogs/${OUTSIDER}/CloudTrail/x.json.gz`, trailArn(account, 'c-x000'))).toBe('ImplicitlyDenied');
    // The logs key: only the municipality's own trail.
    const key = comune.policies.find((p) => p.kind === 'key' && p.policy.Statement.some((s) => s.Sid === 'CloudTrailEncryptLogs'))!;
    const generate = (sourceArn: string) => evaluate({
      principal: 'cloudtrail.amazonaws.com', action: 'kms:GenerateDataKey', resource: key.arn, resourceAccount: account, resourcePolicy: key.policy,
      context: { 'aws:SourceArn': sourceArn, 'kms:EncryptionContext:aws:cloudtrail:arn': sourceArn },
    });
    expect(await generate(trailArn(account, 'c-x000'))).toBe('Allowed');
    expect(await generate(trailArn(OUTSIDER, 'c-x000'))).toBe('ImplicitlyDenied');
  });

  test('other accounts cannot read or delete the archive, the vault refuses deletion and lock changes', async () => {
    for (const doc of docs) {
      const vault = policyOf(doc, 'vault');
      for (const action of ['backup:DeleteRecoveryPoint', 'backup:DeleteBackupVaultLockConfiguration']) {
        expect(await evaluate({ principal: role(doc.account, 'Admin'), action, resource: vault.arn, resourceAccount: doc.account, resourcePolicy: vault.policy, identityAllows: ADMIN })).toBe('ExplicitlyDenied');
      }
      for (const bucket of doc.policies.filter((p) => p.kind === 'bucket')) {
        for (const action of ['s3:GetObject', 's3:DeleteObjectVersion']) {
          expect(await evaluate({ principal: role(OUTSIDER, 'Admin'), action, resource: `${bucket.arn}/AWSLogs/x`, resourceAccount: doc.account, resourcePolicy: bucket.policy, identityAllows: ADMIN })).toBe('ImplicitlyDenied');
        }
      }
    }
  });

  test('every service principal in every policy is scoped to its source account or ARN', async () => {
    let checked = 0;
    for (const doc of docs) checked += await expectServicePrincipalsScoped(doc);
    expect(checked).toBeGreaterThan(10);
  });
});

import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AggregatorAwsTenant, AggregatorCentralAwsStack } from '../../lib/aggregator/central-aws';
import { LandingZone } from '../../lib/aws/landing-zone';
import { CompliancePolicy, DataClassification, TenantIdentity } from '../../lib/core';

/** CloudFormation's limits on one template. */
const LIMITS = { resources: 500, parameters: 200, outputs: 200, templateBytes: 1024 * 1024 } as const;

const AGGREGATOR = { ipaCode: 'r_esempio', name: 'Societa in-house Regione Esempio' };
const AGGREGATOR_ACCOUNT = '111111111111';
const TENANT_ACCOUNT = '222222222222';
const REGION = 'eu-south-1';

interface Measure {
  readonly resources: number;
  readonly parameters: number;
  readonly outputs: number;
  readonly templateBytes: number;
}

function measure(app: App, stack: Stack): Measure {
  const template = app.synth().getStackByName(stack.stackName).template as Record<string, Record<string, unknown> | undefined>;
  return {
    resources: Object.keys(template.Resources ?? {}).length,
    parameters: Object.keys(template.Parameters ?? {}).length,
    outputs: Object.keys(template.Outputs ?? {}).length,
    templateBytes: Buffer.byteLength(JSON.stringify(template)),
  };
}

/** Prints the measures when PA_LIMITS_REPORT is set (for the docs; silent in ordinary runs). */
function report(title: string, measures: ReadonlyMap<string, Measure>): void {
  if (!process.env.PA_LIMITS_REPORT) return;
  const rows = [...measures].map(([k, m]) => `${k}\t${m.resources}\t${m.parameters}\t${m.outputs}\t${m.templateBytes}`);
  process.stdout.write(`${title}\ncase\tresources\tparameters\toutputs\tbytes\n${rows.join('\n')}\n`);
}

function expectWithinLimits(m: Measure): void {
  expect(m.resources).toBeLessThanOrEqual(LIMITS.resources);
  expect(m.parameters).toBeLessThanOrEqual(LIMITS.parameters);
  expect(m.outputs).toBeLessThanOrEqual(LIMITS.outputs);
  expect(m.templateBytes).toBeLessThanOrEqual(LIMITS.templateBytes);
}

type Keys = 'pa' | 'kit';
type Archive = 'own' | 'central';

/**
 * A tenant's landing zone with every option that adds resources: the egress firewall, three
 * zones, an off-site copy target, the PA's keys or the kit's (kit keys need ACN-KMS-02 for
 * critico and are impossible for strategico), its own archive or the aggregator's.
 */
function tenantStack(classification: DataClassification, keys: Keys, archive: Archive): Measure {
  const app = new App();
  const stack = new Stack(app, `Tenant-${classification}-${keys}-${archive}`, { env: { account: TENANT_ACCOUNT, region: REGION } });
  const key = (id: string) => kms.Key.fromKeyArn(stack, id, `arn:aws:kms:${REGION}:${TENANT_ACCOUNT}:key/1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6${id.length}`);
  new LandingZone(stack, 'LandingZone', {
    tenant: {
      ipaCode: 'c_limiti', name: 'Comune dei Limiti', classification, qualification: 'QC3', owner: 'CED', incidentContact: 'cert@limiti.it', aggregator: AGGREGATOR,
    },
    cidr: '10.40.0.0/16',
    availabilityZones: ['a', 'b', 'c'].map((z) => `${REGION}${z}`),
    egressFirewall: true,
    keys: keys === 'pa' ? { logs: key('PaLogs'), backup: key('PaBackup'), data: key('PaData') } : undefined,
    acknowledgements: keys === 'kit' && classification === DataClassification.CRITICO
      ? [{ control: 'ACN-KMS-02', reason: 'limits test: the kit creates the keys of this tenant' }]
      : undefined,
    backupCopyTarget: { vaultArn: AggregatorCentralAwsStack.offsiteVaultArn({ ipaCode: AGGREGATOR.ipaCode, account: AGGREGATOR_ACCOUNT }, REGION) },
    centralArchiveBucket: archive === 'central'
      ? s3.Bucket.fromBucketName(stack, 'CentralArchive', AggregatorCentralAwsStack.archiveBucketName({ ipaCode: AGGREGATOR.ipaCode, account: AGGREGATOR_ACCOUNT }, REGION, 0))
      : undefined,
    centralArchiveKey: archive === 'central'
      ? kms.Key.fromKeyArn(stack, 'CentralArchiveKey', AggregatorCentralAwsStack.archiveKeyArn({ ipaCode: AGGREGATOR.ipaCode, account: AGGREGATOR_ACCOUNT }, REGION, 0))
      : undefined,
  });
  return measure(app, stack);
}

const CASES: Array<[DataClassification, Keys, Archive]> = [];
for (const c of [DataClassification.ORDINARIO, DataClassification.CRITICO, DataClassification.STRATEGICO]) {
  for (const keys of ['kit', 'pa'] as Keys[]) {
    if (keys === 'kit' && c === DataClassification.STRATEGICO) continue;
    for (const archive of ['own', 'central'] as Archive[]) CASES.push([c, keys, archive]);
  }
}

describe('a tenant landing zone with every resource-adding option stays within CloudFormation\'s limits', () => {
  const measured = new Map<string, Measure>();

  test.each(CASES)('%s, %s keys, %s archive', (classification, keys, archive) => {
    const m = tenantStack(classification, keys, archive);
    measured.set(`${classification}/${keys}/${archive}`, m);
    expectWithinLimits(m);
    // A landing zone is far from the limits: a regression that doubles it would still pass, so
    // also bound it to what the options justify (three zones, firewall, endpoints, alarms).
    expect(m.resources).toBeGreaterThan(100);
    expect(m.resources).toBeLessThan(LIMITS.resources / 2);
  });

  afterAll(() => report('tenant landing zones', measured));

  test('the kit\'s own archive and keys add resources; the central archive removes the tenant\'s buckets', () => {
    const get = (k: string) => measured.get(k)!;
    expect(get('ordinario/kit/own').resources).toBeGreaterThan(get('ordinario/pa/own').resources);
    expect(get('critico/pa/own').resources).toBeGreaterThan(get('critico/pa/central').resources);
  });
});

describe('the central stack for 250 tenants stays within CloudFormation\'s limits', () => {
  const classes = [DataClassification.ORDINARIO, DataClassification.CRITICO, DataClassification.STRATEGICO];
  const policies = new Map(classes.map((c) => [c, CompliancePolicy.forClassification(c)]));
  const central = new Map<string, Measure>();
  afterAll(() => report('central stacks', central));

  test.each(classes)('250 %s tenants, archive and vault', (classification) => {
    const list: AggregatorAwsTenant[] = Array.from({ length: 250 }, (_, i) => ({
      identity: TenantIdentity.of({
        ipaCode: `c_${String(i).padStart(4, '0')}_${'x'.repeat(23)}`,
        name: `Comune ${i}`, classification, qualification: 'QC3', owner: 'CED', incidentContact: `cert${i}@comune.it`, aggregator: AGGREGATOR,
      }),
      policy: policies.get(classification)!,
      account: String(300000000000 + i),
    }));
    const app = new App();
    const stack = new AggregatorCentralAwsStack(app, `Central-${classification}`, {
      aggregator: { ...AGGREGATOR, account: AGGREGATOR_ACCOUNT, qualification: 'QC3', owner: 'Centro servizi', incidentContact: 'soc@inhouse.it' },
      region: REGION,
      archiveTenants: list,
      backupTenants: list,
    });
    const m = measure(app, stack);
    central.set(`central/250/${classification}`, m);
    expectWithinLimits(m);
    // 16 buckets of 16 tenants: key, alias, bucket and policy each, plus the access-logs bucket
    // and its policy, the vault key, its alias and the vault.
    expect(m.resources).toBe(16 * 4 + 2 + 3);
    expect(m.outputs).toBe(16 + 1);
  });
});

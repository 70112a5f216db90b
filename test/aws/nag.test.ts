import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AppProps, Stack, Validations, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { LandingZone, NAG_ACKNOWLEDGEMENTS, nagAcknowledgementsTable } from '../../lib/aws';
import { buildExampleApp } from '../../examples/aws/main';

/**
 * Compliance: the sample app synthesized with aws-cdk-lib's built-in CloudFormation validator in
 * strict mode (warnings fail synthesis) and the cdk-nag 3 packs AwsSolutions and NIST 800-53 rev 5
 * as validation plugins. Zero unacknowledged findings; every acknowledgement comes from
 * lib/aws/nag-acknowledgements.ts.
 */

/** Acknowledgements aws-cdk-lib records itself (not the kit's): the Vpc construct acknowledges literal AZs. */
const CDK_OWN_ACKNOWLEDGEMENTS = ['CloudFormation-Validate::W3010'];

interface PluginReport {
  readonly pluginName: string;
  readonly conclusion: string;
  readonly violations: unknown[];
  readonly suppressedViolations?: { ruleName: string; acknowledgedId: string; reason: string; violatingConstructs: { constructPath: string }[] }[];
}

/** Synthesizes with the validator on, strict, and both nag packs; returns the validation report. */
function synthesizeStrict(build: (props: AppProps) => App): { reports: PluginReport[]; error?: Error } {
  const previous = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'true';
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-aws-nag-'));
  try {
    const app = build({ outdir, builtinCloudFormationValidation: true, context: { '@aws-cdk/core:strictCfnValidateErrors': true } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
    let error: Error | undefined;
    try {
      app.synth();
    } catch (e) {
      error = e as Error;
    }
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    return { reports: report.pluginReports, error };
  } finally {
    process.env.CDK_VALIDATION = previous;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('the AWS sample app under the strict CloudFormation validator, AwsSolutions and NIST 800-53 rev 5', () => {
  let result: ReturnType<typeof synthesizeStrict>;
  beforeAll(() => {
    result = synthesizeStrict((props) => buildExampleApp(props));
  });

  test('synthesizes with zero unacknowledged findings from every plugin', () => {
    expect(result.error).toBeUndefined();
    expect(result.reports.map((r) => r.pluginName).sort()).toEqual(['AwsSolutions', 'CloudFormation Validate', 'NIST.800.53.R5']);
    for (const report of result.reports) {
      expect({ plugin: report.pluginName, conclusion: report.conclusion, violations: report.violations }).toEqual({ plugin: report.pluginName, conclusion: 'success', violations: [] });
    }
  });

  test('every suppressed finding is acknowledged from lib/aws/nag-acknowledgements.ts, with its reason', () => {
    const known = new Map(NAG_ACKNOWLEDGEMENTS.map((a) => [a.id, a]));
    const suppressed = result.reports.flatMap((r) => r.suppressedViolations ?? []);
    expect(suppressed.length).toBeGreaterThan(0);
    for (const finding of suppressed) {
      if (CDK_OWN_ACKNOWLEDGEMENTS.includes(finding.acknowledgedId)) continue;
      const ack = known.get(finding.acknowledgedId);
      expect({ id: finding.acknowledgedId, known: ack !== undefined }).toEqual({ id: finding.acknowledgedId, known: true });
      expect(NAG_ACKNOWLEDGEMENTS.filter((a) => a.id === finding.acknowledgedId).map((a) => a.reason)).toContain(finding.reason);
    }
  });

  test('every acknowledgement is still needed by the sample app (no stale ones)', () => {
    const used = new Set(result.reports.flatMap((r) => r.suppressedViolations ?? []).map((f) => `${f.acknowledgedId} ${f.reason}`));
    for (const ack of NAG_ACKNOWLEDGEMENTS) {
      expect({ id: ack.id, resource: ack.resource, used: used.has(`${ack.id} ${ack.reason}`) }).toEqual({ id: ack.id, resource: ack.resource, used: true });
    }
  });

  test('acknowledgements are namespaced, specific and tabulated for the README', () => {
    for (const ack of NAG_ACKNOWLEDGEMENTS) {
      expect(ack.id).toMatch(/^(AwsSolutions|NIST\.800\.53\.R5)::(AwsSolutions|NIST\.800\.53\.R5)-[A-Za-z0-9]+(\[.+\])?$/);
      expect(ack.reason.length).toBeGreaterThan(40);
    }
    const table = nagAcknowledgementsTable().split('\n');
    expect(table).toHaveLength(NAG_ACKNOWLEDGEMENTS.length + 2);
    expect(table[2]).toContain('`Backup/ServiceRole`');
  });
});

describe('strict compliance synthesis', () => {
  test('a strategico landing zone (egress firewall, PA keys) is clean too', () => {
    const { reports, error } = synthesizeStrict((props) => {
      const app = new App({ ...props, context: { ...props.context, 'availability-zones:account=444444444444:region=eu-south-1': ['eu-south-1a', 'eu-south-1b', 'eu-south-1c'] } });
      const stack = new Stack(app, 'Strategico', { env: { account: '444444444444', region: 'eu-south-1' } });
      const key = (n: number) => kms.Key.fromKeyArn(stack, `PaKey${n}`, `arn:aws:kms:eu-south-1:444444444444:key/0b6c1a52-0000-4000-8000-00000000000${n}`);
      new LandingZone(stack, 'LandingZone', {
        tenant: { ipaCode: 'm_x000', name: 'Ministero di Esempio', classification: 'strategico', qualification: 'QC3', owner: 'Direzione Sistemi', incidentContact: 'cert@ministero.example.it' },
        cidr: '10.30.0.0/16',
        keys: { logs: key(1), backup: key(2), data: key(3) },
        backupCopyTarget: { vaultArn: 'arn:aws:backup:eu-south-1:333333333333:backup-vault:copies' },
      });
      return app;
    });
    expect(error).toBeUndefined();
    expect(reports.flatMap((r) => r.violations)).toEqual([]);
  });

  test('fails on a resource the packs flag (the setup can fail)', () => {
    const { reports, error } = synthesizeStrict((props) => {
      const app = new App(props);
      new s3.Bucket(new Stack(app, 'Careless'), 'Plain');
      return app;
    });
    expect(error?.message).toMatch(/AwsSolutions-S1|S3BucketLoggingEnabled/);
    expect(reports.find((r) => r.pluginName === 'AwsSolutions')?.conclusion).toBe('failure');
  });
});

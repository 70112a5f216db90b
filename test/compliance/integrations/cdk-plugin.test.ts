/**
 * The PaCloudKit policy validation plugin in aws-cdk-lib's synthesis: violations fail `synth`,
 * rule IDs are `PaCloudKit::<control>`, `Validations.of(scope).acknowledge` suppresses a control
 * the class may acknowledge, and never one it may not (severity fatal).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack, Validations, aws_ec2 as ec2, aws_kms as kms } from 'aws-cdk-lib';
import { SAMPLE_ACCOUNTS, SAMPLE_COPY_VAULT_ARN, SAMPLE_PA_KEY_ARNS, SAMPLE_REGION, exampleContext } from '../../../examples/aws/main';
import { LandingZone } from '../../../lib/aws';
import { PaCloudKit } from '../../../lib/compliance/integrations';
import { ControlCatalogue, DataClassification } from '../../../lib/core';

interface ReportViolation {
  ruleName: string;
  severity: string;
  description: string;
  suggestedFix?: string;
  ruleMetadata?: Record<string, string>;
  violatingConstructs: { constructPath: string; cloudFormationResource?: { logicalId: string; propertyPaths: string[] } }[];
}
interface PluginReport { pluginName: string; conclusion: string; violations: ReportViolation[]; suppressedViolations?: (ReportViolation & { reason?: string })[] }

const dirs: string[] = [];
function outdir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-cdk-plugin-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Synthesizes; returns the thrown message (if any) and the PaCloudKit part of the validation report. */
function synth(app: App): { error?: string; report: PluginReport } {
  let error: string | undefined;
  try {
    app.synth();
  } catch (e) {
    error = (e as Error).message;
  }
  const file = path.join(app.outdir, 'validation-report.json');
  const json = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { pluginReports: [] };
  const report = (json.pluginReports as PluginReport[]).find((r) => r.pluginName === 'PaCloudKit') ?? { pluginName: 'PaCloudKit', conclusion: 'success', violations: [] };
  return { error, report };
}

/**
 * A critico landing zone like the sample health authority's, but relying on the class default for
 * egress filtering: a firewall is only recommended for critico (ABSC-NET-03), so the kit's
 * default (no Network Firewall) is compliant with a warning.
 */
function compliantSampleApp(): App {
  const app = new App({ outdir: outdir(), context: exampleContext() });
  const stack = new Stack(app, 'PaAslDiEsempio', { env: { account: SAMPLE_ACCOUNTS.healthAuthority, region: SAMPLE_REGION } });
  new LandingZone(stack, 'LandingZone', {
    tenant: {
      ipaCode: 'asl_x000', name: 'Azienda Sanitaria Locale di Esempio', classification: 'critico', qualification: 'QC2',
      owner: 'UOC Sistemi Informativi Aziendali', incidentContact: 'cert@asl.esempio.example',
    },
    cidr: '10.20.0.0/16',
    keys: {
      logs: kms.Key.fromKeyArn(stack, 'PaLogsKey', SAMPLE_PA_KEY_ARNS.logs),
      backup: kms.Key.fromKeyArn(stack, 'PaBackupKey', SAMPLE_PA_KEY_ARNS.backup),
      data: kms.Key.fromKeyArn(stack, 'PaDataKey', SAMPLE_PA_KEY_ARNS.data),
    },
    backupCopyTarget: { vaultArn: SAMPLE_COPY_VAULT_ARN },
  });
  return app;
}

describe('a compliant app', () => {
  test('synthesizes; the critico tenant without an egress firewall gets a warning, acknowledgeable as PaCloudKit::ABSC-NET-03', () => {
    const app = compliantSampleApp();
    Validations.of(app).addPlugins(new PaCloudKit());
    const { error, report } = synth(app);
    expect(error).toBeUndefined();
    expect(report.violations.map((v) => `${v.ruleName}/${v.severity}`)).toEqual(['ABSC-NET-03/warning']);
    expect(report.violations[0]).toMatchObject({
      description: 'no managed firewall; critico should have one in the egress path',
      ruleMetadata: { rule: 'aws-egress-firewall', control: 'ABSC-NET-03', classification: 'critico', landingZone: 'asl_x000', acknowledgeable: 'yes' },
      violatingConstructs: [expect.objectContaining({ constructPath: 'PaAslDiEsempio' })],
    });
  });

  test('Validations.of(stack).acknowledge({ id: "PaCloudKit::ABSC-NET-03" }) suppresses it with the reason', () => {
    const app = compliantSampleApp();
    Validations.of(app).addPlugins(new PaCloudKit());
    const stack = app.node.findChild('PaAslDiEsempio');
    Validations.of(stack).acknowledge({ id: 'PaCloudKit::ABSC-NET-03', reason: 'the regional perimeter firewall filters egress until the Network Firewall rollout' });
    const { error, report } = synth(app);
    expect(error).toBeUndefined();
    expect(report.violations).toEqual([]);
    expect(JSON.stringify(report)).toContain('the regional perimeter firewall filters egress until the Network Firewall rollout');
  });
});

describe('a violating stack', () => {
  function violatingApp(): { app: App; stack: Stack } {
    const app = new App({ outdir: outdir() });
    const stack = new Stack(app, 'Workload', { env: { account: '111111111111', region: 'eu-south-1' } });
    const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    new ec2.CfnSecurityGroup(stack, 'AdminSecurityGroup', {
      groupDescription: 'admin access',
      vpcId: vpc.ref,
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '0.0.0.0/0' }],
    });
    Validations.of(app).addPlugins(new PaCloudKit({ classification: DataClassification.ORDINARIO }));
    return { app, stack };
  }

  test('fails synth, naming PaCloudKit::<control>, the resource, the property and the fix', () => {
    const { error, report } = synth(violatingApp().app);
    expect(error).toMatch(/FATAL ingress from 0\.0\.0\.0\/0 on admin port\(s\) 22 \(SSH\) \(PaCloudKit\)/);
    expect(error).toContain('PaCloudKit::ABSC-NET-02');
    const admin = report.violations.find((v) => v.ruleName === 'ABSC-NET-02');
    expect(admin).toMatchObject({
      severity: 'fatal',
      description: 'ingress from 0.0.0.0/0 on admin port(s) 22 (SSH)',
      suggestedFix: expect.stringMatching(/^Remove the rule/),
      ruleMetadata: expect.objectContaining({ rule: 'aws-admin-ports-closed', acknowledgeable: 'no (not for ordinario)' }),
      violatingConstructs: [expect.objectContaining({
        constructPath: 'Workload/AdminSecurityGroup',
        cloudFormationResource: expect.objectContaining({ logicalId: 'AdminSecurityGroup', propertyPaths: ['Properties/SecurityGroupIngress/0/CidrIp'] }),
      })],
    });
    expect(report.conclusion).toBe('failure');
  });

  test('a control the class may not acknowledge stays a failure when acknowledged', () => {
    const { app, stack } = violatingApp();
    Validations.of(stack).acknowledge({ id: 'PaCloudKit::ABSC-NET-02', reason: 'we really want SSH from anywhere' });
    const { error, report } = synth(app);
    expect(error).toContain('PaCloudKit::ABSC-NET-02');
    expect(report.violations.some((v) => v.ruleName === 'ABSC-NET-02')).toBe(true);
  });
});

test('names its rule IDs: the controls checked on AWS', () => {
  const plugin = new PaCloudKit();
  expect(plugin.name).toBe('PaCloudKit');
  expect(plugin.ruleIds).toEqual(expect.arrayContaining(['ABSC-NET-02', 'TAG-01', 'GAR-LOG-01']));
  expect(plugin.ruleIds.every((id) => ControlCatalogue.has(id))).toBe(true);
  expect(new Set(plugin.ruleIds).size).toBe(plugin.ruleIds.length);
});

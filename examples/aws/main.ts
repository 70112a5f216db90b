/**
 * Sample landing zones on AWS: a municipality (ordinario) and a local health authority (critico)
 * in Milan (eu-south-1). Every name, code, account and ARN here is a SAMPLE value.
 *
 * `npx cdk synth` runs this file (see cdk.json); tests call {@link buildExampleApp} in-process.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, AppProps, Stack, aws_kms as kms } from 'aws-cdk-lib';
import { LandingZone } from '../../lib/aws';

/** Sample accounts: the municipality, the health authority, and the health authority's backup account. */
export const SAMPLE_ACCOUNTS = {
  municipality: '111111111111',
  healthAuthority: '222222222222',
  backup: '333333333333',
} as const;

export const SAMPLE_REGION = 'eu-south-1';

/** The copy target of the health authority: a vault in its backup account, same region. */
export const SAMPLE_COPY_VAULT_ARN = `arn:aws:backup:${SAMPLE_REGION}:${SAMPLE_ACCOUNTS.backup}:backup-vault:pa-asl-x000-copies`;

/** The health authority's own keys (BYOK), one per purpose, held in its account. */
export const SAMPLE_PA_KEY_ARNS = {
  logs: `arn:aws:kms:${SAMPLE_REGION}:${SAMPLE_ACCOUNTS.healthAuthority}:key/0b6c1a52-0000-4000-8000-000000000001`,
  backup: `arn:aws:kms:${SAMPLE_REGION}:${SAMPLE_ACCOUNTS.healthAuthority}:key/0b6c1a52-0000-4000-8000-000000000002`,
  data: `arn:aws:kms:${SAMPLE_REGION}:${SAMPLE_ACCOUNTS.healthAuthority}:key/0b6c1a52-0000-4000-8000-000000000003`,
} as const;

const ROOT = path.join(__dirname, '..', '..');

/**
 * The context `cdk synth` gives the app (cdk.json, cdk.context.json), so an in-process synthesis
 * sees the same feature flags and availability zones as the CLI, offline.
 */
export function exampleContext(): Record<string, unknown> {
  const read = (file: string) => {
    const full = path.join(ROOT, file);
    return fs.existsSync(full) ? JSON.parse(fs.readFileSync(full, 'utf8')) : {};
  };
  return { ...(read('cdk.json').context ?? {}), ...read('cdk.context.json') };
}

/** Builds the sample app: one stack per tenant. */
export function buildExampleApp(props: AppProps = {}): App {
  const app = new App({ ...props, context: { ...exampleContext(), ...props.context } });

  const municipality = new Stack(app, 'PaComuneDiEsempio', {
    env: { account: SAMPLE_ACCOUNTS.municipality, region: SAMPLE_REGION },
    description: 'pa-cloud-kit sample: landing zone of Comune di Esempio (ordinario)',
  });
  new LandingZone(municipality, 'LandingZone', {
    tenant: {
      ipaCode: 'c_x000',
      name: 'Comune di Esempio',
      classification: 'ordinario',
      qualification: 'QC1',
      owner: 'Servizio Sistemi Informativi',
      incidentContact: 'cert@comune.esempio.example',
    },
    cidr: '10.10.0.0/16',
  });

  const healthAuthority = new Stack(app, 'PaAslDiEsempio', {
    env: { account: SAMPLE_ACCOUNTS.healthAuthority, region: SAMPLE_REGION },
    description: 'pa-cloud-kit sample: landing zone of Azienda Sanitaria Locale di Esempio (critico)',
  });
  new LandingZone(healthAuthority, 'LandingZone', {
    tenant: {
      ipaCode: 'asl_x000',
      name: 'Azienda Sanitaria Locale di Esempio',
      classification: 'critico',
      qualification: 'QC2',
      owner: 'UOC Sistemi Informativi Aziendali',
      incidentContact: 'cert@asl.esempio.example',
    },
    cidr: '10.20.0.0/16',
    keys: {
      logs: kms.Key.fromKeyArn(healthAuthority, 'PaLogsKey', SAMPLE_PA_KEY_ARNS.logs),
      backup: kms.Key.fromKeyArn(healthAuthority, 'PaBackupKey', SAMPLE_PA_KEY_ARNS.backup),
      data: kms.Key.fromKeyArn(healthAuthority, 'PaDataKey', SAMPLE_PA_KEY_ARNS.data),
    },
    backupCopyTarget: { vaultArn: SAMPLE_COPY_VAULT_ARN },
    // Recommended (not required) for critico (ABSC-NET-03): a health authority holding health
    // data filters its egress with AWS Network Firewall rather than NAT and security groups alone.
    egressFirewall: true,
  });

  return app;
}

if (require.main === module) {
  buildExampleApp().synth();
}

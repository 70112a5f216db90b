/**
 * The AWS landing zone settings a tenant gives in the file (lib/aws/settings.ts, named as the props
 * of LandingZone): `availabilityZones`, passed through by the loader and synth untouched, and
 * judged by the same rule as the construct's.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, aws_kms as kms } from 'aws-cdk-lib';
import { synthesizeLandingZones } from '../../lib/aggregator';
import { LandingZone } from '../../lib/aws';
import { ResolvedAwsTenant } from '../../lib/config';
import { BASE, baseAs, located, parse } from './helpers';

const STRATEGICO_KEYS = [
  '    keys:',
  '      kmsKeyArn: "arn:aws:kms:eu-south-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"',
  '      logsKmsKeyArn: "arn:aws:kms:eu-south-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ac"',
  '      backupKmsKeyArn: "arn:aws:kms:eu-south-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ad"',
  '    backupCopy:',
  '      account: "123456789099"',
];

/** The construct's message for the same tenant and zones, or undefined when it builds. */
function constructMessage(classification: string, availabilityZones: readonly string[]): string | undefined {
  const stack = new Stack(new App(), 'Tenant', { env: { account: '123456789012', region: 'eu-south-1' } });
  const key = (id: string, suffix: string) => kms.Key.fromKeyArn(stack, id, `arn:aws:kms:eu-south-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890${suffix}`);
  try {
    new LandingZone(stack, 'LandingZone', {
      tenant: { ipaCode: 'c_a000', name: 'Comune di Esempio', classification, qualification: 'QC3', owner: 'Servizi informativi', incidentContact: 'cert@comune.example.it' },
      cidr: '10.0.0.0/16',
      availabilityZones,
      ...(classification === 'strategico' ? {
        keys: { data: key('Data', 'ab'), logs: key('Logs', 'ac'), backup: key('Backup', 'ad') },
        backupCopyTarget: { vaultArn: 'arn:aws:backup:eu-south-1:123456789099:backup-vault:pa-c-a000-offsite' },
      } : {}),
    });
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

describe('availabilityZones of an AWS tenant', () => {
  test('from the file to the subnets of the synthesized template, through the loader and synth untouched', () => {
    const config = parse([...BASE, '    availabilityZones: [eu-south-1a, eu-south-1b]']);
    expect((config.tenants[0] as ResolvedAwsTenant).settings).toEqual({ availabilityZones: ['eu-south-1a', 'eu-south-1b'] });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-azs-'));
    try {
      synthesizeLandingZones(config, { outDir: out });
      const dir = path.join(out, 'aws');
      const file = fs.readdirSync(dir).find((f) => f.endsWith('.template.json'))!;
      const template = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      const zones = new Set(Object.values(template.Resources as Record<string, { Type: string; Properties: { AvailabilityZone?: string } }>)
        .filter((r) => r.Type === 'AWS::EC2::Subnet').map((r) => r.Properties.AvailabilityZone));
      expect([...zones].sort()).toEqual(['eu-south-1a', 'eu-south-1b']);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test('without the key, the tenant has no setting and the construct takes the region\'s a, b and c zones', () => {
    expect((parse(BASE).tenants[0] as ResolvedAwsTenant).settings).toEqual({});
  });

  const FIVE = ['eu-south-1a', 'eu-south-1b', 'eu-south-1c', 'eu-south-1d', 'eu-south-1e'];
  test.each<[string, string, string[], string]>([
    ['a zone of another region', 'ordinario', ['eu-south-1a', 'eu-west-1b'], 'availabilityZones[1]: must be a zone of the region eu-south-1, e.g. "eu-south-1a", got "eu-west-1b"'],
    ['a repeated zone', 'ordinario', ['eu-south-1a', 'eu-south-1a'], 'availabilityZones[1]: must not repeat a zone, got "eu-south-1a"'],
    ['five zones', 'ordinario', FIVE, `availabilityZones: must list 1 to 4 availability zones, got ${JSON.stringify(FIVE)}`],
    ['four zones with the egress firewall (strategico)', 'strategico', FIVE.slice(0, 4),
      `availabilityZones: must list at most 3 zones with the egress firewall on: its subnets take the public tier's last slot, got ${JSON.stringify(FIVE.slice(0, 4))}`],
  ])('%s: the loader and the construct give the same rule', (_label, classification, zones, message) => {
    const lines = [...baseAs(classification).map((l) => l.replace('qualification: QC2', 'qualification: QC3')), `    availabilityZones: [${zones.join(', ')}]`, ...(classification === 'strategico' ? STRATEGICO_KEYS : [])];
    const errors = located(lines);
    expect(errors).toHaveLength(1);
    expect(errors[0].replace(/^11:\d+ /, '')).toBe(`tenants[0].${message}`);
    expect(constructMessage(classification, zones)).toBe(message);
  });

  test('an OpenStack tenant cannot give it', () => {
    const lines = [
      'defaults:', '  qualification: QC3', '  networkPool: 10.0.0.0/8', '  provider: openstack',
      'openstack:', '  cloud: pa-cloud', '  externalNetworkName: public', '  regions: [{ name: it-mil1, country: IT }]',
      '  region: it-mil1', '  credentialsExpireAt: "2027-06-30T00:00:00Z"',
      'tenants:', '  - ipaCode: c_a000', '    name: Comune di Esempio', '    classification: ordinario', '    owner: Servizi informativi',
      '    incidentContact: cert@comune.example.it', '    availabilityZones: [it-mil1a]',
    ];
    expect(located(lines)).toEqual(['17:24 tenants[0].availabilityZones: is for AWS tenants: a setting of the AWS LandingZone, got ["it-mil1a"]']);
  });
});

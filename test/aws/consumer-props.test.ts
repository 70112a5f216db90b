/**
 * What a consumer of `LandingZone` sees on a first synthesis: explicit availability zones need no
 * context lookup (no cdk.context.json, no credentials), and messages name the props of
 * `LandingZone` (`backupCopyTarget`), not those of the nested `LandingZoneBackup` (`copyTarget`).
 */
import { App, Stack, aws_kms as kms } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { LandingZone, type LandingZoneProps } from '../../lib/aws';

const KEY_ARN = 'arn:aws:kms:eu-south-1:222222222222:key/11111111-2222-3333-4444-555555555555';

function tenant(classification: 'ordinario' | 'critico') {
  return {
    ipaCode: 'c_x000',
    name: 'Comune di Esempio',
    classification,
    qualification: classification === 'ordinario' ? 'QC1' : 'QC2',
    owner: 'Servizio Sistemi Informativi',
    incidentContact: 'cert@comune.esempio.it',
  } as const;
}

function build(props: (stack: Stack) => Partial<LandingZoneProps> & Pick<LandingZoneProps, 'tenant'>) {
  // A fresh app: no cdk.context.json, no context at all.
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '222222222222', region: 'eu-south-1' } });
  new LandingZone(stack, 'LandingZone', { cidr: '10.10.0.0/16', ...props(stack) });
  return { app, stack };
}

describe('explicit availability zones', () => {
  test('synthesize with no context and no availability-zone lookup, in the given zones', () => {
    const { app, stack } = build(() => ({ tenant: tenant('ordinario'), availabilityZones: ['eu-south-1a', 'eu-south-1b'] }));
    const assembly = app.synth();
    expect(assembly.manifest.missing).toBeUndefined();
    const template = Template.fromStack(stack);
    const zones = Object.values(template.findResources('AWS::EC2::Subnet')).map((r) => (r as { Properties: { AvailabilityZone: string } }).Properties.AvailabilityZone);
    expect(zones).toHaveLength(8); // four tiers in two zones
    expect(new Set(zones)).toEqual(new Set(['eu-south-1a', 'eu-south-1b']));
    // The stack's own getter is back once the landing zone is built.
    expect(Object.getOwnPropertyDescriptor(stack, 'availabilityZones')).toBeUndefined();
  });

  test('the default zones (<region>a/b/c) need no lookup either', () => {
    const { app, stack } = build(() => ({ tenant: tenant('ordinario') }));
    expect(app.synth().manifest.missing).toBeUndefined();
    const zones = Object.values(Template.fromStack(stack).findResources('AWS::EC2::Subnet')).map((r) => (r as { Properties: { AvailabilityZone: string } }).Properties.AvailabilityZone);
    expect(new Set(zones)).toEqual(new Set(['eu-south-1a', 'eu-south-1b', 'eu-south-1c']));
  });

  test('a stack that reads its own zones after the landing zone still does its lookup', () => {
    const { app, stack } = build(() => ({ tenant: tenant('ordinario'), availabilityZones: ['eu-south-1a', 'eu-south-1b'] }));
    expect(stack.availabilityZones).toHaveLength(3); // aws-cdk-lib's dummy values until the lookup runs
    expect(app.synth().manifest.missing?.map((m) => m.provider)).toEqual(['availability-zones']);
  });
});

describe('messages name the LandingZone prop backupCopyTarget', () => {
  test('an ordinario tenant without a copy target is told to set backupCopyTarget', () => {
    const { stack } = build(() => ({ tenant: tenant('ordinario') }));
    Annotations.fromStack(stack).hasInfo('/Stack/LandingZone/Backup', Match.stringLikeRegexp('off-site backup copy is recommended.*\\(ACN-BCK-04\\): set backupCopyTarget$'));
  });

  test('a critico tenant without a copy target fails naming backupCopyTarget', () => {
    const keys = (stack: Stack) => ({
      data: kms.Key.fromKeyArn(stack, 'Data', KEY_ARN),
      logs: kms.Key.fromKeyArn(stack, 'Logs', KEY_ARN),
      backup: kms.Key.fromKeyArn(stack, 'Backup', KEY_ARN),
    });
    expect(() => build((stack) => ({ tenant: tenant('critico'), keys: keys(stack) })))
      .toThrow(/^backupCopyTarget: a critico tenant needs an off-site backup copy in another account or another allowed region: give backupCopyTarget.*\[ACN-BCK-04\]$/);
    expect(() => build((stack) => ({
      tenant: tenant('critico'),
      keys: keys(stack),
      backupCopyTarget: { vaultArn: 'arn:aws:backup:us-east-1:333333333333:backup-vault:copies' },
    }))).toThrow(/^backupCopyTarget\.vaultArn: the backup copy target of a critico tenant must stay in .*\[ACN-LOC-01\]$/);
  });

});

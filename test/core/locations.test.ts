import {
  AWS_KMS_KEY_ARN,
  AWS_REGIONS,
  CloudProvider,
  CompliancePolicy,
  DataClassification,
  EU_MEMBER_STATES,
  LocationScope,
  PaCloudKitError,
  RegionCatalogue,
  awsPartition,
  backupVaultArn,
  checkRegion,
  isInScope,
  offsiteVaultName,
} from '../../lib/core';

const REASON = 'DR site in Paris under the framework contract';
const catalogue = RegionCatalogue.standard().withOpenStackRegions([
  { name: 'it-mil1', country: 'IT', location: 'Milan' },
  { name: 'de-fra1', country: 'DE' },
]);
const aws = (name: string) => catalogue.get(CloudProvider.AWS, name);

describe('RegionCatalogue', () => {
  test('knows eu-south-1 is Milan, Italy', () => {
    expect(aws('eu-south-1')).toEqual({ provider: 'aws', name: 'eu-south-1', country: 'IT', location: 'Milan' });
  });

  test('every AWS region in the EU list is in a member state; London and Zurich are not in the EU', () => {
    expect(AWS_REGIONS.filter((r) => r.name.startsWith('eu-') && EU_MEMBER_STATES.has(r.country)).map((r) => r.name)).toEqual([
      'eu-south-1', 'eu-south-2', 'eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1',
    ]);
    expect(isInScope(aws('eu-west-2'), LocationScope.EU)).toBe(false);
    expect(isInScope(aws('eu-central-2'), LocationScope.EU)).toBe(false);
  });

  test('allow-lists per class', () => {
    const names = (cls: DataClassification, provider: CloudProvider) =>
      catalogue.allowedFor(provider, CompliancePolicy.forClassification(cls)).map((r) => r.name);
    expect(names(DataClassification.ORDINARIO, CloudProvider.AWS)).toEqual([
      'eu-south-1', 'eu-south-2', 'eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1', 'eusc-de-east-1',
    ]);
    expect(names(DataClassification.CRITICO, CloudProvider.AWS)).toEqual(['eu-south-1']);
    expect(names(DataClassification.STRATEGICO, CloudProvider.OPENSTACK)).toEqual(['it-mil1']);
  });

  test('OpenStack regions are declared by the user with their country', () => {
    expect(catalogue.get(CloudProvider.OPENSTACK, 'de-fra1').country).toBe('DE');
    expect(catalogue.find(CloudProvider.AWS, 'it-mil1')).toBeUndefined();
  });

  test('an unknown region is an error listing the known ones', () => {
    expect(() => catalogue.get(CloudProvider.AWS, 'eu-south-9', 'defaults.region')).toThrow(
      /^defaults\.region: must be a known AWS region \(eu-south-1, .*\), got "eu-south-9"$/,
    );
    expect(() => RegionCatalogue.standard().get(CloudProvider.OPENSTACK, 'it-mil1', 'openstack.region')).toThrow(
      'openstack.region: must be an OpenStack region declared with its country (declared: none), got "it-mil1"',
    );
  });

  test('a declared OpenStack region needs a valid name and an ISO country code', () => {
    expect(() => RegionCatalogue.standard().withOpenStackRegions([{ name: 'it mil', country: 'IT' }])).toThrow(
      'openstack.regions[0].name: must be a region name of letters, digits, dots, dashes and underscores, got "it mil"',
    );
    expect(() => RegionCatalogue.standard().withOpenStackRegions([{ name: 'it-mil1', country: 'Italy' }], 'openstack')).toThrow(
      'openstack[0].country: must be an ISO 3166-1 alpha-2 country code in capitals, e.g. "IT", got "Italy"',
    );
  });
});

describe('checkRegion (ACN-LOC-01)', () => {
  const ordinario = CompliancePolicy.forClassification(DataClassification.ORDINARIO);
  const critico = CompliancePolicy.forClassification(DataClassification.CRITICO);
  const strategico = CompliancePolicy.forClassification(DataClassification.STRATEGICO);

  test('ordinario may use any EU region, never one outside the EU', () => {
    expect(() => checkRegion(ordinario, aws('eu-west-3'))).not.toThrow();
    expect(() => checkRegion(ordinario, aws('us-east-1'), 'tenants[0].region')).toThrow(
      'tenants[0].region: data of an ordinario tenant must stay in a region in a member state of the European Union; us-east-1 is in US (N. Virginia), got "us-east-1" [ACN-LOC-01]',
    );
  });

  test('a critico tenant in a non-Italian region without an acknowledged reason is refused', () => {
    expect(() => checkRegion(critico, aws('eu-west-3'), 'region')).toThrow(PaCloudKitError);
    expect(() => checkRegion(critico, aws('eu-west-3'), 'region')).toThrow(
      'region: data of a critico tenant must stay in a region in Italy; eu-west-3 is in FR (Paris) (or acknowledge ACN-LOC-01 with a reason), got "eu-west-3" [ACN-LOC-01]',
    );
  });

  test('a critico tenant may use another EU region with an acknowledgement, but never leave the EU', () => {
    const acked = CompliancePolicy.forClassification(DataClassification.CRITICO, { acknowledgements: [{ control: 'ACN-LOC-01', reason: REASON }] });
    expect(() => checkRegion(acked, aws('eu-west-3'))).not.toThrow();
    expect(() => checkRegion(acked, aws('eu-west-2'), 'backupCopy.region', 'backup copies')).toThrow(
      /backupCopy\.region: backup copies of a critico tenant must stay in a region in Italy; eu-west-2 is in GB/,
    );
  });

  test('strategico stays in Italy', () => {
    expect(() => checkRegion(strategico, catalogue.get(CloudProvider.OPENSTACK, 'it-mil1'))).not.toThrow();
    expect(() => checkRegion(strategico, catalogue.get(CloudProvider.OPENSTACK, 'de-fra1'), 'openstack.region')).toThrow(
      'openstack.region: data of a strategico tenant must stay in a region in Italy; de-fra1 is in DE, got "de-fra1" [ACN-LOC-01]',
    );
  });
});

describe('AWS naming helpers', () => {
  test('the partition follows the region: the European Sovereign Cloud has its own', () => {
    expect(awsPartition('eu-south-1')).toBe('aws');
    expect(awsPartition('eusc-de-east-1')).toBe('aws-eusc');
  });

  test('the off-site vault name and a vault ARN in the region\'s partition', () => {
    expect(offsiteVaultName('r-esempio')).toBe('pa-r-esempio-offsite');
    expect(backupVaultArn('eu-south-1', '111111111111', 'pa-r-esempio-offsite')).toBe('arn:aws:backup:eu-south-1:111111111111:backup-vault:pa-r-esempio-offsite');
    expect(backupVaultArn('eusc-de-east-1', '111111111111', 'v')).toBe('arn:aws-eusc:backup:eusc-de-east-1:111111111111:backup-vault:v');
  });

  test('the KMS key ARN pattern yields partition, region, account and key ID, and rejects other ARNs', () => {
    expect(AWS_KMS_KEY_ARN.exec('arn:aws:kms:eu-south-1:222222222222:key/1b2c-3d')?.slice(1)).toEqual(['aws', 'eu-south-1', '222222222222', '1b2c-3d']);
    expect(AWS_KMS_KEY_ARN.test('arn:aws:kms:eu-south-1:222222222222:alias/logs')).toBe(false);
    expect(AWS_KMS_KEY_ARN.test('arn:aws:kms:eu-south-1:2222:key/x')).toBe(false);
  });
});

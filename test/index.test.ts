import * as kit from '../lib';

test('the public index exports the core flat and each part in its namespace, and no private helper', () => {
  expect(typeof kit.CompliancePolicy.forClassification).toBe('function');
  expect(typeof kit.aws.LandingZone).toBe('function');
  expect(typeof kit.openstack.LandingZoneStack).toBe('function');
  expect(typeof kit.compliance.check).toBe('function');
  expect(typeof kit.config.loadConfig).toBe('function');
  expect(typeof kit.aggregator.AggregatorCentralStack).toBe('function');
  expect(typeof kit.aggregator.synthesizeLandingZones).toBe('function');
  const names = [kit, kit.aws, kit.openstack, kit.compliance, kit.config, kit.aggregator].flatMap((m) => Object.keys(m));
  expect(names.filter((n) => /^(cdktf|private|RawResourceTags|PlannedIpAddresses)$/.test(n))).toEqual([]);
});

import * as kit from '../lib';
import * as aggregator from '../lib/aggregator';
import * as openstack from '../lib/openstack';

test('the public index exports the core flat and each AWS-side part in its namespace, and no private helper', () => {
  expect(typeof kit.CompliancePolicy.forClassification).toBe('function');
  expect(typeof kit.aws.LandingZone).toBe('function');
  expect(typeof kit.compliance.check).toBe('function');
  expect(typeof kit.config.loadConfig).toBe('function');
  // cdktf-based parts have their own entry points only (pa-cloud-kit/openstack, /aggregator).
  expect(Object.keys(kit)).not.toContain('openstack');
  expect(Object.keys(kit)).not.toContain('aggregator');
  expect(typeof openstack.LandingZone).toBe('function');
  expect(typeof aggregator.AggregatorCentralAwsStack).toBe('function');
  expect(typeof aggregator.synthesizeLandingZones).toBe('function');
  const names = [kit, kit.aws, openstack, kit.compliance, kit.config, aggregator].flatMap((m) => Object.keys(m));
  expect(names.filter((n) => /^(cdktf|private|RawResourceTags|PlannedIpAddresses)$/.test(n))).toEqual([]);
});

/**
 * addComplianceValidation(stack): a TerraformStack that breaks a control fails synthesis with one
 * message per finding; a compliant one synthesizes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addComplianceValidation, checkTerraformStack } from '../../../lib/compliance/integrations';
import { DataClassification } from '../../../lib/core';
import { NetworkingSecgroupRuleV2 } from '../../../lib/openstack/generated/networking-secgroup-rule-v2';
import { NetworkingSecgroupV2 } from '../../../lib/openstack/generated/networking-secgroup-v2';
import { OpenstackProvider } from '../../../lib/openstack/generated/provider';
import { Testing, TerraformStack } from '../../../lib/openstack/private/cdktf';

const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'compliance', 'openstack', 'compliant.tf.json'), 'utf8'));
const TAGS: string[] = FIXTURE.resource.openstack_networking_network_v2.management.tags;

/**
 * A stack whose Terraform JSON is the compliant fixture: the provider as a construct, the
 * fixture's resources and kit metadata as raw overrides (what the kit's LandingZone writes).
 */
function compliantStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'lz');
  new OpenstackProvider(stack, 'openstack', { region: 'it-mil1' });
  stack.addOverride('//.pa-cloud-kit', FIXTURE['//']['pa-cloud-kit']);
  for (const [type, byName] of Object.entries(FIXTURE.resource as Record<string, Record<string, unknown>>)) {
    for (const [name, body] of Object.entries(byName)) stack.addOverride(`resource.${type}.${name}`, body);
  }
  return stack;
}

/** Adds an SSH rule open to the internet, with real provider constructs. */
function openSsh(stack: TerraformStack): void {
  const group = new NetworkingSecgroupV2(stack, 'admin', { name: 'admin', deleteDefaultRules: true, tags: TAGS });
  new NetworkingSecgroupRuleV2(stack, 'ssh_from_anywhere', {
    direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', portRangeMin: 22, portRangeMax: 22,
    remoteIpPrefix: '0.0.0.0/0', securityGroupId: group.id,
  });
}

test('a compliant stack synthesizes, and the last report says why', () => {
  const stack = compliantStack();
  const validation = addComplianceValidation(stack);
  const synthesized = JSON.parse(Testing.synth(stack, true));
  expect(synthesized.resource.openstack_networking_network_v2.management.name).toBe('management');
  const report = validation.lastReport();
  expect(report?.landingZone).toBe('c_f205');
  expect(report?.controls.filter((c) => c.status === 'failed')).toEqual([]);
  expect(report?.controls.find((c) => c.control === 'ABSC-NET-01')?.status).toBe('passed');
});

test('a violating stack fails synthesis naming the control, the address, the property and the fix', () => {
  const stack = compliantStack();
  openSsh(stack);
  addComplianceValidation(stack);
  expect(() => Testing.synth(stack, true)).toThrow(
    /\[lz\] PaCloudKit ABSC-NET-02 \[os-admin-ports-closed\] openstack_networking_secgroup_rule_v2\.ssh_from_anywhere \(port_range_min\): ingress from 0\.0\.0\.0\/0 on admin port\(s\) 22 \(SSH\)\. Fix: Remove the rule/,
  );
});

test('only findings of severity error fail; the option classification is used', () => {
  const stack = compliantStack();
  addComplianceValidation(stack, { classification: DataClassification.CRITICO });
  // critico needs PA-held keys, an off-site archive copy and egress filtering: not in the fixture.
  expect(() => Testing.synth(stack, true)).toThrow(/PaCloudKit (ACN-KMS-02|ABSC-LOG-03|ABSC-NET-03) /);
});

test('acknowledgements given as options are honoured', () => {
  const stack = compliantStack();
  const report = checkTerraformStack(stack, {
    classification: DataClassification.CRITICO,
    acknowledgements: [{ control: 'ABSC-NET-03', reason: 'FWaaS is not offered by the provider in it-mil1 until 2026' }],
  });
  expect(report.controls.find((c) => c.control === 'ABSC-NET-03')).toMatchObject({ status: 'acknowledged', reason: 'FWaaS is not offered by the provider in it-mil1 until 2026' });
});

test('the validation does not run when synthesis skips validations', () => {
  const stack = compliantStack();
  openSsh(stack);
  addComplianceValidation(stack);
  expect(() => Testing.synth(stack, false)).not.toThrow();
});

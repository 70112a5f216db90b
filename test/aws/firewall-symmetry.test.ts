/**
 * Every path through an egress firewall endpoint returns through the same endpoint: a walker over
 * the synthesized route tables (test/aws/support/route-walker.ts) follows each flow between two
 * subnets of the VPC, and between each subnet and the internet (through the NAT gateways), both
 * ways, for every class with the firewall on and for the strategico tenant of the sample aggregator.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { synthesizeLandingZones } from '../../lib/aggregator/synth';
import { LandingZoneNetwork } from '../../lib/aws/network';
import { loadConfig } from '../../lib/config';
import { CompliancePolicy, DataClassification, TenantIdentity } from '../../lib/core';
import type { CfnTemplate } from './support/policy-evaluator';
import { hostIn, RouteWalker } from './support/route-walker';

const ENV = { account: '111111111111', region: 'eu-south-1' };
const ZONES = ['eu-south-1a', 'eu-south-1b', 'eu-south-1c'];
const INTERNET = '203.0.113.10';

function networkTemplate(classification: DataClassification, zones = ZONES): CfnTemplate {
  const stack = new Stack(new App(), 'Tenant', { env: ENV });
  new LandingZoneNetwork(stack, 'Network', {
    tenant: TenantIdentity.of({ ipaCode: 'c_h501', name: 'Comune', classification, qualification: 'QC3', owner: 'ICT', incidentContact: 'cert@comune.example.it' }),
    policy: CompliancePolicy.forClassification(classification),
    cidr: '10.20.0.0/16',
    availabilityZones: zones,
    flowLogBucket: new s3.Bucket(stack, 'Archive'),
    egressFirewall: true,
  });
  return Template.fromStack(stack).toJSON() as CfnTemplate;
}

/** Checks every flow of the VPC; returns how many crossed a firewall. */
function expectSymmetric(template: CfnTemplate): { throughFirewall: number; flows: number } {
  const walker = new RouteWalker(template);
  const tenantSubnets = walker.subnets.filter((s) => s.group !== 'Firewall');
  let throughFirewall = 0;
  let flows = 0;
  for (const a of tenantSubnets) {
    for (const b of tenantSubnets) {
      if (a === b) continue;
      const forward = walker.walk(a.id, hostIn(b.cidr));
      const back = walker.walk(b.id, hostIn(a.cidr));
      const label = `${a.group} ${a.zone} <-> ${b.group} ${b.zone}`;
      expect([label, forward[forward.length - 1]]).toEqual([label, { kind: 'deliver', subnet: b.id }]);
      expect([label, back[back.length - 1]]).toEqual([label, { kind: 'deliver', subnet: a.id }]);
      expect([label, RouteWalker.firewalls(forward)]).toEqual([label, RouteWalker.firewalls(back).reverse()]);
      flows += 1;
      if (RouteWalker.firewalls(forward).length > 0) throughFirewall += 1;
    }
  }
  for (const s of tenantSubnets) {
    const label = `${s.group} ${s.zone} <-> internet`;
    if (s.group === 'Data' || s.group === 'Management') {
      expect(() => walker.walk(s.id, INTERNET)).toThrow(/no route/);
      continue;
    }
    const out = walker.walk(s.id, INTERNET);
    expect([label, out[out.length - 1]]).toEqual([label, { kind: 'internet' }]);
    const nat = out.findIndex((h) => h.kind === 'nat');
    if (s.group === 'Private') {
      // Egress filtering: the private tier's internet traffic crosses its zone's firewall before the NAT gateway.
      expect([label, nat]).toEqual([label, expect.any(Number)]);
      expect(RouteWalker.firewalls(out.slice(0, nat))).toHaveLength(1);
    }
    if (nat >= 0) {
      // The answer comes back to the NAT gateway, which sends it on to the source.
      const natHop = out[nat] as { id: string };
      const back = walker.walk(walker.natSubnetOf(natHop.id), hostIn(s.cidr));
      expect([label, back[back.length - 1]]).toEqual([label, { kind: 'deliver', subnet: s.id }]);
      expect([label, RouteWalker.firewalls(back)]).toEqual([label, RouteWalker.firewalls(out.slice(0, nat)).reverse()]);
      flows += 1;
      throughFirewall += 1;
    } else {
      // Public subnets reach the internet gateway directly, and answers come straight back (no edge route table).
      expect([label, RouteWalker.firewalls(out)]).toEqual([label, []]);
    }
  }
  return { throughFirewall, flows };
}

describe.each([
  ['strategico (firewall required)', DataClassification.STRATEGICO, ZONES],
  ['critico with egressFirewall: true', DataClassification.CRITICO, ZONES],
  ['ordinario with egressFirewall: true (one NAT gateway)', DataClassification.ORDINARIO, ZONES],
  ['strategico in two zones', DataClassification.STRATEGICO, ZONES.slice(0, 2)],
])('%s', (_label, classification, zones) => {
  test('every path through a firewall endpoint returns through the same one', () => {
    const { throughFirewall, flows } = expectSymmetric(networkTemplate(classification, zones));
    // Public <-> private in every pair of zones, both ways, plus the private tier's internet traffic.
    expect(throughFirewall).toBe(2 * zones.length * zones.length + zones.length);
    expect(flows).toBeGreaterThan(throughFirewall);
  });
});

test('the strategico tenant of the sample aggregator has symmetric firewall paths', () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-fw-'));
  try {
    synthesizeLandingZones(loadConfig(path.join(__dirname, '..', '..', 'examples', 'aggregator', 'landing-zones.yaml')), { outDir });
    const template = JSON.parse(fs.readFileSync(path.join(outDir, 'aws', 'PaLz-r-esempio-sanita.template.json'), 'utf8')) as CfnTemplate;
    expect(expectSymmetric(template).throughFirewall).toBe(2 * 9 + 3);
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
});

/**
 * The quotas the README states for a tenant's project, against what the kit synthesizes: the
 * security-group rules and routers are counted in the Terraform JSON, the backups per volume
 * read from each class's stack metadata, so the README figures cannot drift.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompliancePolicy, DataClassification, TenantIdentity } from '../../lib/core';
import { LandingZoneNetwork, LandingZoneNetworkProps } from '../../lib/openstack/network';
import { LandingZone, LandingZoneProps } from '../../lib/openstack/landing-zone';
import { DEFAULT_GROUP_RULES, TRANSIENT_DEFAULT_RULES, backupsPerVolume } from '../../lib/openstack/quotas';
import { TerraformStack, Testing } from '../../lib/openstack/private/cdktf';

type Json = Record<string, any>;
const README = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
const CLASSES = [DataClassification.ORDINARIO, DataClassification.CRITICO, DataClassification.STRATEGICO];

/** The README's quota table: quota name → cells per class. */
function readmeTable(): Record<string, string[]> {
  const start = README.indexOf('<!-- openstack-quotas:start -->');
  const end = README.indexOf('<!-- openstack-quotas:end -->');
  expect(start).toBeGreaterThan(0);
  const rows = README.slice(start, end).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Quota'));
  return Object.fromEntries(rows.map((l) => l.split('|').slice(1, -1).map((c) => c.trim())).map(([name, ...cells]) => [name, cells]));
}

const tenant = (classification: DataClassification) => TenantIdentity.of({
  ipaCode: 'c_q001', name: 'Comune Quote', classification, qualification: 'QC3', owner: 'CED', incidentContact: 'ced@comune.example.it',
});
const count = (doc: Json, type: string) => Object.keys(doc.resource?.[type] ?? {}).length;

function networkRules(props: Partial<LandingZoneNetworkProps> = {}): number {
  const stack = new TerraformStack(Testing.app(), 'q');
  new LandingZoneNetwork(stack, 'Network', {
    tenant: tenant(DataClassification.ORDINARIO),
    policy: CompliancePolicy.forClassification(DataClassification.ORDINARIO),
    cidr: '10.40.0.0/16',
    externalNetworkName: 'public',
    ...props,
  });
  return count(JSON.parse(Testing.synth(stack)) as Json, 'openstack_networking_secgroup_rule_v2');
}

function stackOf(classification: DataClassification): { doc: Json; stack: LandingZone } {
  const props: LandingZoneProps = {
    tenant: tenant(classification),
    cloud: 'pa-cloud',
    region: { name: 'it-mil1', country: 'IT' },
    backupRegion: { name: 'it-rom1', country: 'IT' },
    containerSync: { realm: 'pa-realm', cluster: 'rom1' },
    cidr: '10.40.0.0/16',
    externalNetworkName: 'public',
    encryptedVolumeType: 'luks-hsm',
    credentialsExpireAt: '2027-06-30T00:00:00Z',
  };
  const stack = new LandingZone(Testing.app(), 'q', props);
  return { doc: JSON.parse(Testing.synth(stack)) as Json, stack };
}

describe('the README quota table matches the synthesized landing zones', () => {
  const table = readmeTable();
  const stacks = Object.fromEntries(CLASSES.map((c) => [c, stackOf(c)]));

  test('security-group rules: the kit\'s rules counted in the JSON, plus the default group\'s and the transient defaults', () => {
    CLASSES.forEach((c, i) => {
      const rules = count(stacks[c].doc, 'openstack_networking_secgroup_rule_v2');
      expect(table['Neutron `security_group_rule`'][i]).toBe(`${rules} + ${DEFAULT_GROUP_RULES + TRANSIENT_DEFAULT_RULES}`);
      expect(stacks[c].stack.quotas.securityGroupRules).toBe(rules);
    });
  });

  test('security groups, networks, subnets and routers, counted in the JSON', () => {
    CLASSES.forEach((c, i) => {
      const doc = stacks[c].doc;
      expect(table['Neutron `security_group`'][i]).toBe(`${count(doc, 'openstack_networking_secgroup_v2')} + \`default\``);
      expect(table['Neutron `network` / `subnet` / `router`'][i]).toBe(
        `${count(doc, 'openstack_networking_network_v2')} / ${count(doc, 'openstack_networking_subnet_v2')} / ${count(doc, 'openstack_networking_router_v2')}`,
      );
    });
  });

  test('backups per volume and backup gigabytes, from each stack\'s metadata', () => {
    CLASSES.forEach((c, i) => {
      const perVolume = stacks[c].stack.metadata.quotas!.backupsPerVolume;
      expect(perVolume).toBe(backupsPerVolume(CompliancePolicy.forClassification(c)));
      expect(table['Cinder `backups`'][i]).toBe(`${perVolume} per volume`);
      expect(table['Cinder `backup_gigabytes`'][i]).toBe(`${perVolume} × the volumes' size`);
    });
    // The formula by hand for strategico: hourly over 35 + 7 days, one in flight, 36 monthly.
    expect(backupsPerVolume(CompliancePolicy.forClassification(DataClassification.STRATEGICO))).toBe((35 + 7) * 24 + 1 + 36);
  });

  test('the increments the README states: proxy, NTP servers, VPN peer ranges, extra ports', () => {
    const base = networkRules();
    expect(README).toContain(`Security-group rules: ${base} with the default ports`);
    expect(networkRules({ managementProxy: 'http://10.40.192.10:3128' }) - base).toBe(1);
    expect(networkRules({ ntpServers: ['10.250.0.123', '10.250.1.123'] }) - base).toBe(2 * 2);
    expect(networkRules({ vpn: { peerAddress: '203.0.113.10', peerCidrs: ['192.168.1.0/24', '192.168.2.0/24'] } }) - base).toBe(2 * 7);
    expect(networkRules({ publicPorts: [443, 8443] }) - base).toBe(1);
    expect(networkRules({ appPorts: [443, 8080, 9000] }) - base).toBe(2);
    expect(networkRules({ dbPorts: [5432, 3306, 1521] }) - base).toBe(2);
    expect(README).toMatch(/plus 1\s+with `managementProxy`, 2 per address of `ntpServers`, 7 per VPN peer range, 1 per extra public\s+port, 2 per extra application or database port/);
  });
});

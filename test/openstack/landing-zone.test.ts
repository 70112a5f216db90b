import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { NETWORK_TIERS, TenantIdentity, planTenantNetwork } from '../../lib/core';
import { NetworkingPortV2 } from '../../lib/openstack/generated/networking-port-v2';
import { LandingZone, LandingZoneProps } from '../../lib/openstack/landing-zone';
import { OPENSTACK_TAG_MAX_LENGTH, readLandingZoneMetadata, taggableResourceTypes } from '../../lib/openstack/metadata';
import { App, Testing } from '../../lib/openstack/private/cdktf';
import { unescapeTerraformTemplate } from '../../lib/openstack/cloud-init/cloud-config';
import { parse } from 'yaml';
import { validateTerraformJson } from '../../lib/openstack/validate';

type Json = Record<string, any>;

const ORDINARIO_TENANT = {
  ipaCode: 'c_esempio',
  name: 'Comune di Esempio',
  classification: 'ordinario',
  qualification: 'QC1',
  owner: 'Servizio Sistemi Informativi',
  incidentContact: 'cert@comune.esempio.it',
};
const CRITICO_TENANT = {
  ipaCode: 'asl_esempio',
  name: 'ASL di Esempio',
  classification: 'critico',
  qualification: 'QC2',
  owner: 'UOC Sistemi Informativi',
  incidentContact: 'cert@asl.esempio.it',
  aggregator: { ipaCode: 'r_lazio', name: 'Regione Lazio' },
};
const STRATEGICO_TENANT = { ...CRITICO_TENANT, ipaCode: 'psn_esempio', name: 'Ente Strategico', classification: 'strategico', qualification: 'QC3' };

const BASE = {
  cloud: 'pa-cloud',
  region: { name: 'it-mil1', country: 'IT' },
  backupRegion: { name: 'it-rom1', country: 'IT' },
  containerSync: { realm: 'pa-realm', cluster: 'rom1' },
  cidr: '10.20.0.0/16',
  externalNetworkName: 'public',
  credentialsExpireAt: '2027-06-30T00:00:00Z',
};

function props(overrides: Partial<LandingZoneProps> = {}): LandingZoneProps {
  return { ...BASE, tenant: ORDINARIO_TENANT, ...overrides } as LandingZoneProps;
}

interface Built {
  stack: LandingZone;
  doc: Json;
  text: string;
  warnings: string[];
}

/**
 * Synthesizes the stack as `cdktf synth` does and reads its cdk.tf.json (`Testing.synth` would
 * strip the `"//"` objects, where the kit's metadata lives).
 */
function synthesize(stack: LandingZone): string {
  const outdir = Testing.fullSynth(stack);
  try {
    return fs.readFileSync(path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8');
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function build(p: LandingZoneProps, id = 'tenant'): Built {
  const app = Testing.app();
  const stack = new LandingZone(app, id, p);
  const text = synthesize(stack);
  const warnings = stack.node.findAll()
    .flatMap((c: Construct) => c.node.metadata)
    .filter((m) => /warn/i.test(m.type))
    .map((m) => String(m.data));
  return { stack, doc: JSON.parse(text) as Json, text, warnings };
}

const resources = (doc: Json, type: string): Record<string, Json> => doc.resource?.[type] ?? {};
const allResources = (doc: Json): [string, string, Json][] =>
  Object.entries(doc.resource ?? {}).flatMap(([type, byName]) => Object.entries(byName as Json).map(([name, body]) => [type, name, body] as [string, string, Json]));

describe('LandingZone, critico with VPN and an encrypted volume type', () => {
  let built: Built;
  let doc: Json;
  const p = props({
    tenant: CRITICO_TENANT,
    encryptedVolumeType: 'encrypted-luks',
    vpn: { peerAddress: '203.0.113.10', peerCidrs: ['192.168.100.0/24'], providerRouterId: '0f3c6a7e-2b1d-4c5e-9f80-1a2b3c4d5e6f' },
    ntpServers: ['10.20.192.5', '192.0.2.123'],
    serviceTypes: { blockStorage: 'volumev3' },
  });
  beforeAll(() => {
    built = build(p, 'asl-esempio');
    doc = built.doc;
  });

  test('provider block: the clouds.yaml entry and the region', () => {
    expect(doc.provider.openstack).toEqual([{ cloud: 'pa-cloud', region: 'it-mil1' }]);
  });

  test('required_providers pins terraform-provider-openstack/openstack to exactly 3.4.0', () => {
    expect(doc.terraform.required_providers).toEqual({
      openstack: { source: 'terraform-provider-openstack/openstack', version: '3.4.0' },
    });
  });

  test('the kit metadata sits in the top-level "//" object next to cdktf\'s own', () => {
    expect(doc['//'].metadata.stackName).toBe('asl-esempio');
    expect(readLandingZoneMetadata(doc)).toEqual({
      version: 1,
      tenant: { ipaCode: 'asl_esempio', name: 'ASL di Esempio' },
      classification: 'critico',
      qualification: 'QC2',
      region: 'it-mil1',
      aggregator: 'r_lazio',
      overrides: [],
      acknowledgements: [],
      regions: [{ name: 'it-mil1', country: 'IT' }, { name: 'it-rom1', country: 'IT' }],
      encryption: { volumeType: 'encrypted-luks', paControlledKeys: true },
      quotas: {
        // critico: daily backups, 35 days + one 7-day chain + 1 in flight, and 24 monthly ones.
        backupsPerVolume: 35 + 7 + 1 + 24,
        restoreScratchVolumes: 1,
        securityGroups: 4,
        securityGroupRules: Object.keys(resources(doc, 'openstack_networking_secgroup_rule_v2')).length,
        networks: 4,
        subnets: 4,
        routers: 2,
      },
    });
    expect(built.stack.quotas.securityGroupRules).toBe(Object.keys(resources(doc, 'openstack_networking_secgroup_rule_v2')).length);
    expect(Object.keys(resources(doc, 'openstack_networking_router_v2'))).toHaveLength(2);
  });

  test('the backup scheduler ships its own logs with the write-only shipper credential, and keeps INRiM time', () => {
    const scheduler = Object.values(resources(doc, 'openstack_compute_instance_v2'))[0];
    const ud = parse(unescapeTerraformTemplate(scheduler.user_data)) as Json;
    const files = ud.write_files.map((f: Json) => f.path);
    expect(files).toEqual(expect.arrayContaining(['/etc/pa-cloud-kit/backup.env', '/etc/pa-cloud-kit/log-shipper.env', '/usr/local/sbin/pa-log-shipper', '/etc/systemd/system/pa-log-shipper.timer']));
    const shipperEnv = ud.write_files.find((f: Json) => f.path === '/etc/pa-cloud-kit/log-shipper.env').content as string;
    expect(shipperEnv).toContain('OS_APPLICATION_CREDENTIAL_ID=${openstack_identity_application_credential_v3.Logging_ShipperCredential_835EA8B3.id}');
    expect(shipperEnv).not.toContain('SchedulerCredential');
    expect(ud.write_files.find((f: Json) => f.path === '/usr/local/sbin/pa-log-shipper').content).toContain("readonly ARCHIVE_CONTAINER='asl-esempio-log-archive'");
    expect(ud.runcmd).toContainEqual(['systemctl', 'enable', '--now', 'pa-log-shipper.timer']);
    expect(ud.packages).toEqual(['python3-openstackclient', 'auditd']);
    // The provider's NTP server first: INRiM is out of the management tier's reach.
    expect(ud.ntp.servers).toEqual(['10.20.192.5', 'ntp1.inrim.it', 'ntp2.inrim.it']);
    expect(built.stack.logging.hostCloudInit()).toContain('10.20.192.5');
  });

  test('the scheduler attaches to a management port carrying the group by ID, and is created after the group, its rules, the subnet and the routing', () => {
    const [schedulerName, scheduler] = Object.entries(resources(doc, 'openstack_compute_instance_v2'))[0];
    expect(schedulerName).toMatch(/^Backup_Scheduler_/);
    const portName = Object.keys(resources(doc, 'openstack_networking_port_v2')).find((n) => n.startsWith('SchedulerPort'))!;
    expect(scheduler.network).toEqual([{ port: `\${openstack_networking_port_v2.${portName}.id}` }]);
    expect(scheduler.security_groups).toBeUndefined();
    const groupName = Object.keys(resources(doc, 'openstack_networking_secgroup_v2')).find((n) => n.startsWith('Network_ManagementSecurityGroup'))!;
    expect(resources(doc, 'openstack_networking_port_v2')[portName].security_group_ids).toEqual([`\${openstack_networking_secgroup_v2.${groupName}.id}`]);
    const managementRules = Object.entries(resources(doc, 'openstack_networking_secgroup_rule_v2'))
      .filter(([, r]) => r.security_group_id === `\${openstack_networking_secgroup_v2.${groupName}.id}`)
      .map(([n]) => `openstack_networking_secgroup_rule_v2.${n}`);
    expect(managementRules.length).toBeGreaterThan(10);
    const subnetName = Object.keys(resources(doc, 'openstack_networking_subnet_v2')).find((n) => n.startsWith('Network_ManagementSubnet'))!;
    expect(scheduler.depends_on).toEqual(expect.arrayContaining([
      `openstack_networking_port_v2.${portName}`,
      `openstack_networking_secgroup_v2.${groupName}`,
      `openstack_networking_subnet_v2.${subnetName}`,
      ...managementRules,
      ...Object.keys(resources(doc, 'openstack_networking_router_interface_v2')).map((n) => `openstack_networking_router_interface_v2.${n}`),
    ]));
  });

  test('the access rules name the cloud\'s service types: Cinder as volumev3, Swift as object-store', () => {
    const credentials = resources(doc, 'openstack_identity_application_credential_v3');
    const rules = Object.values(credentials).flatMap((c) => c.access_rules as Json[]);
    expect(rules.filter((r) => r.path.startsWith('/v3/')).length).toBeGreaterThan(5);
    // Nova's type is `compute` in every catalog: the scheduler attaches the restore test's scratch volume.
    const expected = (p: string) => (p.startsWith('/v3/') ? 'volumev3' : p.startsWith('/v2.1/') ? 'compute' : 'object-store');
    for (const r of rules) expect([r.path, r.service]).toEqual([r.path, expected(r.path)]);
  });

  test('containers sync off-site in the realm form, and no sync source is versioned; the off-site copies are', () => {
    const containers = resources(doc, 'openstack_objectstorage_container_v1');
    const sources = Object.values(containers).filter((c) => c.container_sync_to !== undefined);
    expect(sources.map((c) => c.container_sync_to).sort()).toEqual([
      '//pa-realm/rom1/AUTH_${data.openstack_identity_auth_scope_v3.Backup_Scope_87EA17F3.project_id}/asl-esempio-volume-backups-offsite',
      '//pa-realm/rom1/AUTH_${data.openstack_identity_auth_scope_v3.Logging_Scope_3DF143AD.project_id}/asl-esempio-log-archive-offsite',
    ]);
    for (const c of sources) expect(c.versioning).toBe(false);
    const targets = Object.values(containers).filter((c) => c.name.endsWith('-offsite'));
    expect(targets).toHaveLength(2);
    for (const c of targets) expect(c).toMatchObject({ versioning: true, region: 'it-rom1' });
  });

  test('state is local next to the output folder by default, at localStatePath when given', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-state-'));
    try {
      const app = new App({ outdir });
      new LandingZone(app, 'asl-esempio', p);
      new LandingZone(app, 'other', props({ localStatePath: '../../../../terraform-state/other.tfstate' }));
      app.synth();
      const backend = (id: string) => (JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')) as Json).terraform.backend;
      expect(backend('asl-esempio')).toEqual({ local: { path: '../../../terraform.asl-esempio.tfstate' } });
      expect(backend('other')).toEqual({ local: { path: '../../../../terraform-state/other.tfstate' } });
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('every taggable resource carries every mandatory tag as key=value', () => {
    const expected = TenantIdentity.of(CRITICO_TENANT).tagStrings();
    expect(expected).toContain('pa:aggregator=r_lazio');
    const taggable = allResources(doc).filter(([type]) => taggableResourceTypes().has(type));
    expect(taggable.length).toBeGreaterThanOrEqual(14);
    for (const [type, name, body] of taggable) {
      expect({ address: `${type}.${name}`, tags: body.tags }).toEqual({ address: `${type}.${name}`, tags: expect.arrayContaining(expected) });
    }
    // Data sources are looked up, not tagged: a tags filter would change what they find.
    expect(doc.data.openstack_networking_network_v2[Object.keys(doc.data.openstack_networking_network_v2)[0]].tags).toBeUndefined();
  });

  test('every tag fits the OpenStack limit of 60 characters', () => {
    for (const [, , body] of allResources(doc)) {
      for (const tag of body.tags ?? []) expect(tag.length).toBeLessThanOrEqual(OPENSTACK_TAG_MAX_LENGTH);
    }
  });

  test('composes network, logging and backup; FWaaS is on for critico', () => {
    expect(Object.keys(resources(doc, 'openstack_networking_network_v2'))).toHaveLength(4);
    expect(Object.keys(resources(doc, 'openstack_fw_group_v2'))).toHaveLength(1);
    expect(Object.keys(resources(doc, 'openstack_objectstorage_container_v1')).length).toBeGreaterThanOrEqual(1);
    expect(Object.keys(resources(doc, 'openstack_compute_instance_v2'))).toHaveLength(1);
    expect(built.stack.backupRegion?.name).toBe('it-rom1');
  });

  test('outputs: network and subnet per tier, router, archive container, scheduler instance, volume type', () => {
    const plan = planTenantNetwork({ cidr: '10.20.0.0/16', availabilityZones: ['any'] });
    for (const tier of NETWORK_TIERS) {
      expect(doc.output[`${tier}_network_id`].value).toMatch(/^\$\{openstack_networking_network_v2\.Network_\w+Network_[0-9A-F]{8}\.id\}$/);
      expect(doc.output[`${tier}_subnet_id`].value).toMatch(/^\$\{openstack_networking_subnet_v2\.Network_\w+Subnet_[0-9A-F]{8}\.id\}$/);
      expect(doc.output[`${tier}_subnet_id`].description).toContain(plan.tierBlocks[tier].toString());
    }
    expect(doc.output.router_id.value).toMatch(/^\$\{openstack_networking_router_v2\.Network_Router_[0-9A-F]{8}\.id\}$/);
    expect(doc.output.archive_container_name.value).toBe(built.stack.logging.containerName);
    expect(built.stack.logging.containerName).toBe('asl-esempio-log-archive');
    expect(doc.output.scheduler_instance_id.value).toMatch(/^\$\{openstack_compute_instance_v2\.Backup_Scheduler_[0-9A-F]{8}\.id\}$/);
    expect(doc.output.encrypted_volume_type.value).toBe('encrypted-luks');
  });

  test('the VPN pre-shared key is a sensitive variable, absent from the JSON', () => {
    expect(doc.variable.vpn_psk).toMatchObject({ sensitive: true, type: 'string' });
    expect(built.text.match(/"psk":\s*"[^"]*"/g)?.map((m) => m.replace(/\s/g, ''))).toEqual(['"psk":"${var.vpn_psk}"']);
  });

  test('addresses of stateful resources are pinned (a change would destroy data)', () => {
    expect(Object.keys(resources(doc, 'openstack_objectstorage_container_v1')).sort()).toEqual([
      'Backup_BackupContainer_AA5E7E24',
      'Backup_OffsiteBackupContainer_A88EF0ED',
      'Logging_ArchiveContainer_123E627B',
      'Logging_OffsiteContainer_CF164582',
    ]);
    expect(Object.keys(resources(doc, 'openstack_identity_application_credential_v3')).sort()).toEqual([
      'Backup_SchedulerCredential_DE761EE5',
      'Logging_ShipperCredential_835EA8B3',
    ]);
  });

  test('synthesis is deterministic', () => {
    expect(build(p, 'asl-esempio').text).toBe(built.text);
  });

  test('no warning when nothing is weakened', () => {
    expect(built.warnings).toEqual([]);
  });

  test('the output passes the provider schema validation', () => {
    expect(validateTerraformJson(doc)).toEqual([]);
  });
});

describe('LandingZone, ordinario with the defaults', () => {
  let doc: Json;
  beforeAll(() => {
    doc = build(props()).doc;
  });

  test('without ntpServers, a warning: the management tier has no time source it can reach', () => {
    expect(build(props()).warnings).toEqual([
      '[GAR-LOG-01] no ntpServers: the management tier (backup scheduler) and the data tier have no route to INRiM and no time source they can reach; give the provider\'s NTP server addresses',
    ]);
  });

  test('the data and management subnets each have an interface on the internal router', () => {
    const internal = Object.keys(resources(doc, 'openstack_networking_router_v2')).find((n) => n.startsWith('Network_InternalRouter'))!;
    const subnets = Object.values(resources(doc, 'openstack_networking_router_interface_v2'))
      .filter((i) => i.router_id === `\${openstack_networking_router_v2.${internal}.id}` && i.subnet_id !== undefined)
      .map((i) => i.subnet_id as string);
    expect(subnets.map((s) => s.replace(/_[0-9A-F]{8}\.id\}$/, '').replace('${openstack_networking_subnet_v2.', '')).sort())
      .toEqual(['Network_DataSubnet', 'Network_ManagementSubnet']);
  });

  test('no FWaaS, no VPN, no encrypted volume type output', () => {
    expect(resources(doc, 'openstack_fw_group_v2')).toEqual({});
    expect(resources(doc, 'openstack_vpnaas_site_connection_v2')).toEqual({});
    expect(doc.output.encrypted_volume_type).toBeUndefined();
  });

  test('tags on every taggable resource, without the aggregator tag', () => {
    const expected = TenantIdentity.of(ORDINARIO_TENANT).tagStrings();
    for (const [type, , body] of allResources(doc).filter(([t]) => taggableResourceTypes().has(t))) {
      expect([type, body.tags]).toEqual([type, expect.arrayContaining(expected)]);
      expect(body.tags.some((t: string) => t.startsWith('pa:aggregator='))).toBe(false);
    }
  });

  test('the output passes the provider schema validation', () => {
    expect(validateTerraformJson(doc)).toEqual([]);
  });
});

describe('LandingZone, tags on resources added by the user', () => {
  test('a resource\'s own tags are kept, a mandatory key is replaced by the tenant\'s value', () => {
    const app = Testing.app();
    const stack = new LandingZone(app, 'tenant', props());
    new NetworkingPortV2(stack, 'AppPort', {
      networkId: stack.network.networkIds.private,
      tags: ['app=protocollo', 'pa:owner=someone else'],
    });
    const doc = JSON.parse(synthesize(stack)) as Json;
    const port = Object.values(resources(doc, 'openstack_networking_port_v2'))[0];
    expect(port.tags).toEqual(['app=protocollo', ...TenantIdentity.of(ORDINARIO_TENANT).tagStrings()]);
  });
});

describe('LandingZone with a management proxy', () => {
  test('the scheduler uses it and the management group may reach it', () => {
    const { doc, text } = build(props({ managementProxy: 'http://10.20.64.10:3128' }));
    const scheduler = Object.values(resources(doc, 'openstack_compute_instance_v2'))[0];
    expect(scheduler.user_data).toContain('http://10.20.64.10:3128');
    expect(text).toContain('"remote_ip_prefix": "10.20.64.10/32"');
    // The scheduler's log shipper goes through the proxy too.
    const ud = parse(unescapeTerraformTemplate(scheduler.user_data)) as Json;
    const shipperEnv = ud.write_files.find((f: Json) => f.path === '/etc/pa-cloud-kit/log-shipper.env').content as string;
    expect(shipperEnv).toMatch(/^https_proxy=http:\/\/10\.20\.64\.10:3128$/m);
    expect(shipperEnv).toMatch(/^http_proxy=http:\/\/10\.20\.64\.10:3128$/m);
  });
});

describe('LandingZone, overrides and acknowledgements', () => {
  test('a weakening override is recorded in the metadata and leaves a warning naming the control', () => {
    const { doc, warnings } = build(props({
      overrides: [{ setting: 'auditLogSearchableRetention', value: '6 months', reason: 'Budget: the archive keeps 24 months' }],
    }));
    expect(readLandingZoneMetadata(doc)?.overrides).toEqual([{
      setting: 'auditLogSearchableRetention',
      control: 'GAR-LOG-01',
      kitDefault: '12 months',
      value: '6 months',
      weakens: true,
      reason: 'Budget: the archive keeps 24 months',
    }]);
    expect(warnings).toContain('[GAR-LOG-01] auditLogSearchableRetention weakened from the kit default 12 months to 6 months: Budget: the archive keeps 24 months');
  });

  test('critico without an encrypted volume type nor a backup region, acknowledged: recorded, with a warning', () => {
    const { doc, warnings } = build(props({
      tenant: CRITICO_TENANT,
      backupRegion: undefined,
      acknowledgements: [
        { control: 'ACN-KMS-02', reason: 'Provider HSM service ordered, live in Q3' },
        { control: 'ACN-BCK-04', reason: 'Single-region provider, DR contract pending' },
      ],
    }));
    const metadata = readLandingZoneMetadata(doc);
    expect(metadata?.acknowledgements).toEqual([
      { control: 'ACN-KMS-02', reason: 'Provider HSM service ordered, live in Q3' },
      { control: 'ACN-BCK-04', reason: 'Single-region provider, DR contract pending' },
    ]);
    // Only the region in use is declared, and keys are not declared under the PA's control.
    expect(metadata?.regions).toEqual([{ name: 'it-mil1', country: 'IT' }]);
    expect(metadata?.encryption).toEqual({ paControlledKeys: false });
    expect(warnings).toContain('[ACN-KMS-02] no encrypted volume type declared for a critico tenant (acknowledged: Provider HSM service ordered, live in Q3)');
  });

  test('strategico without FWaaS, acknowledged: no firewall, a warning', () => {
    const { doc, warnings } = build(props({
      tenant: STRATEGICO_TENANT,
      encryptedVolumeType: 'hsm-luks',
      fwaas: false,
      acknowledgements: [{ control: 'ABSC-NET-03', reason: 'OVN backend: the provider has no FWaaS v2' }],
    }));
    expect(resources(doc, 'openstack_fw_group_v2')).toEqual({});
    expect(warnings.some((w) => w.startsWith('[ABSC-NET-03] fwaas is off'))).toBe(true);
  });
});

describe('LandingZone, bad input', () => {
  test.each<[string, Partial<LandingZoneProps>, RegExp]>([
    ['region not allowed for critico (another EU country)',
      { tenant: CRITICO_TENANT, encryptedVolumeType: 'luks', region: { name: 'de-fra1', country: 'DE' } },
      /^region\.name: the landing zone of a critico tenant must stay in a region in Italy; de-fra1 is in DE \(or acknowledge ACN-LOC-01 with a reason\), got "de-fra1" \[ACN-LOC-01\]$/],
    ['region outside the EU',
      { region: { name: 'ch-zrh1', country: 'CH' } },
      /^region\.name: the landing zone of an ordinario tenant must stay in a region in a member state of the European Union; ch-zrh1 is in CH, got "ch-zrh1" \[ACN-LOC-01\]$/],
    ['backup region not allowed for strategico',
      { tenant: STRATEGICO_TENANT, encryptedVolumeType: 'luks', backupRegion: { name: 'fr-par1', country: 'FR' } },
      /^backupRegion\.name: the backup copy target of a strategico tenant must stay in a region in Italy; fr-par1 is in FR, got "fr-par1" \[ACN-LOC-01\]$/],
    ['country not an ISO code',
      { region: { name: 'it-mil1', country: 'Italy' } },
      /^region\.country: must be an ISO 3166-1 alpha-2 country code in capitals, e\.g\. "IT", got "Italy"$/],
    ['backup country not an ISO code',
      { backupRegion: { name: 'it-rom1', country: 'it' } },
      /^backupRegion\.country: must be an ISO 3166-1 alpha-2 country code/],
    ['region name with spaces',
      { region: { name: 'it mil', country: 'IT' } },
      /^region\.name: must be a region name of letters, digits, dots, dashes and underscores, got "it mil"$/],
    ['backup region equal to the region',
      { backupRegion: { name: 'it-mil1', country: 'IT' } },
      /^backupRegion\.name: must be another region than the tenant's own \(it-mil1\), so the copies are off-site, got "it-mil1" \[ACN-BCK-04\]$/],
    ['qualification too low for critico',
      { tenant: { ...CRITICO_TENANT, qualification: 'QC1' }, encryptedVolumeType: 'luks' },
      /^tenant\.qualification: [Aa] critico tenant needs services qualified QC2 or higher \(ACN reg\. 21007\/2024 art\. 17\), got "QC1" \[ACN-QUAL-01\]$/],
    ['qualification too low for strategico',
      { tenant: { ...STRATEGICO_TENANT, qualification: 'QC2' }, encryptedVolumeType: 'luks' },
      /^tenant\.qualification: [Aa] strategico tenant needs services qualified QC3 or higher/],
    ['fwaas off for strategico without acknowledgement',
      { tenant: STRATEGICO_TENANT, encryptedVolumeType: 'luks', fwaas: false },
      /^fwaas: must be on for strategico data.*\[ABSC-NET-03\]$/],
    ['no encrypted volume type for critico without acknowledgement',
      { tenant: CRITICO_TENANT },
      /^encryptedVolumeType: a critico tenant needs keys the PA holds \(BYOK\/HYOK\): name the provider's encrypted volume type \(Barbican or HSM backed\) \(or acknowledge ACN-KMS-02 with a reason\), got nothing \[ACN-KMS-02\]$/],
    ['no encrypted volume type for strategico (no acknowledgement possible)',
      { tenant: STRATEGICO_TENANT },
      /^encryptedVolumeType: a strategico tenant needs keys the PA holds \(BYOK\/HYOK\): name the provider's encrypted volume type \(Barbican or HSM backed\), got nothing \[ACN-KMS-02\]$/],
    ['bad encrypted volume type',
      { tenant: CRITICO_TENANT, encryptedVolumeType: '' },
      /^encryptedVolumeType: must be the name of a volume type of the provider: 1-255 letters, digits, dots, underscores or hyphens, starting with a letter or digit, e\.g\. "encrypted-luks", got ""$/],
    ['tag too long',
      { tenant: { ...ORDINARIO_TENANT, incidentContact: 'ufficio.protocollo.informatico@comune.esempio.it' } },
      /^tenant\.incidentContact: must be at most 40 characters on OpenStack, where the tag "pa:incident-contact=<value>" may hold 60 characters in all, got "ufficio\.protocollo\.informatico@comune\.esempio\.it" \[TAG-01\]$/],
    ['owner tag too long',
      { tenant: { ...ORDINARIO_TENANT, owner: 'Servizio Sistemi Informativi e Transizione Digitale del Comune' } },
      /^tenant\.owner: must be at most 51 characters on OpenStack/],
    ['backup region without container sync',
      { containerSync: undefined },
      /^containerSync: is required with an off-site region: the Swift container sync realm and the cluster of it-rom1 in it, .*got nothing$/],
    ['container sync cluster with a slash',
      { containerSync: { realm: 'pa-realm', cluster: 'rom/1' } },
      /^containerSync\.cluster: must be a name of the provider's container-sync-realms\.conf: 1-64 letters, digits, dots, underscores or hyphens, starting with a letter or digit, got "rom\/1"$/],
    ['service type in capitals',
      { serviceTypes: { blockStorage: 'Volume' } },
      /^serviceTypes\.blockStorage: must be a service type of the cloud's catalog \(`openstack catalog list`\): lower-case letters, digits and hyphens, e\.g\. "block-storage", "volumev3" or "object-store", got "Volume"$/],
    ['service types not an object',
      { serviceTypes: 'volumev3' as never },
      /^serviceTypes: must be an object with blockStorage and\/or objectStore, and no other key, e\.g\. \{ blockStorage: "volumev3" \}, got "volumev3"$/],
    ['state path inside a quoted string',
      { localStatePath: '"state".tfstate' },
      /^localStatePath: must be a path ending in \.tfstate, without spaces, quotes, backslashes or \$, e\.g\. .*, got "\\"state\\"\.tfstate"$/],
    ['state path without .tfstate',
      { localStatePath: '../state' },
      /^localStatePath: must be a path ending in \.tfstate/],
    ['NTP server by name',
      { ntpServers: ['ntp.provider.it'] },
      /^ntpServers\[0\]: must be an IPv4 address, e\.g\. "10\.250\.0\.123" \(security-group rules need an address\), got "ntp\.provider\.it"$/],
    ['bad cidr',
      { cidr: '10.20.0.0/33' },
      /^cidr: /],
    ['cidr with host bits',
      { cidr: '10.20.1.0/16' },
      /^cidr: must have no host bits set: did you mean "10\.20\.0\.0\/16"\?/],
    ['external network name with a Terraform expression',
      { externalNetworkName: 'public${file("/etc/shadow")}' },
      /^externalNetworkName: must not contain "\$\{" or "%\{": in the Terraform JSON they would start an expression that Terraform evaluates \(e\.g\. reads a file\), got "public\$\{file/],
    ['scheduler image name with a Terraform template directive',
      { schedulerImageName: 'Debian 12%{ if true }x%{ endif }' },
      /^schedulerImageName: must not contain "\$\{" or "%\{"/],
    ['scheduler flavor name with a Terraform expression',
      { schedulerFlavorName: 'm1.small${var.x}' },
      /^schedulerFlavorName: must not contain "\$\{" or "%\{"/],
    ['bad cloud name',
      { cloud: 'pa cloud' },
      /^cloud: must be the name of an entry of clouds\.yaml, e\.g\. "pa-cloud", got "pa cloud"$/],
    ['bad codice IPA',
      { tenant: { ...ORDINARIO_TENANT, ipaCode: 'Comune di Esempio' } },
      /^tenant\.ipaCode: must be a codice IPA/],
    ['a weakening override without reason',
      { overrides: [{ setting: 'auditLogSearchableRetention', value: '6 months' }] },
      /^LandingZoneProps\.overrides\[0\]\.reason: auditLogSearchableRetention 6 months weakens the kit default 12 months/],
  ])('%s', (_label, overrides, message) => {
    expect(() => build(props(overrides))).toThrow(message);
  });
});

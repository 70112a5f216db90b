import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { NETWORK_TIERS, TenantIdentity, planTenantNetwork } from '../../lib/core';
import { NetworkingPortV2 } from '../../lib/openstack/generated/networking-port-v2';
import { LandingZoneStack, LandingZoneStackProps } from '../../lib/openstack/landing-zone';
import { OPENSTACK_TAG_MAX_LENGTH, readLandingZoneMetadata, taggableResourceTypes } from '../../lib/openstack/metadata';
import { Testing } from '../../lib/openstack/private/cdktf';
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
  cidr: '10.20.0.0/16',
  externalNetworkName: 'public',
  credentialExpiresAt: '2027-06-30T00:00:00Z',
};

function props(overrides: Partial<LandingZoneStackProps> = {}): LandingZoneStackProps {
  return { ...BASE, tenant: ORDINARIO_TENANT, ...overrides } as LandingZoneStackProps;
}

interface Built {
  stack: LandingZoneStack;
  doc: Json;
  text: string;
  warnings: string[];
}

/**
 * Synthesizes the stack as `cdktf synth` does and reads its cdk.tf.json (`Testing.synth` would
 * strip the `"//"` objects, where the kit's metadata lives).
 */
function synthesize(stack: LandingZoneStack): string {
  const outdir = Testing.fullSynth(stack);
  try {
    return fs.readFileSync(path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8');
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function build(p: LandingZoneStackProps, id = 'tenant'): Built {
  const app = Testing.app();
  const stack = new LandingZoneStack(app, id, p);
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

describe('LandingZoneStack, critico with VPN and an encrypted volume type', () => {
  let built: Built;
  let doc: Json;
  const p = props({
    tenant: CRITICO_TENANT,
    encryptedVolumeType: 'encrypted-luks',
    vpn: { peerAddress: '203.0.113.10', peerCidrs: ['192.168.100.0/24'] },
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
    });
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
    expect(ud.ntp.servers).toEqual(['ntp1.inrim.it', 'ntp2.inrim.it']);
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

describe('LandingZoneStack, ordinario with the defaults', () => {
  let doc: Json;
  beforeAll(() => {
    doc = build(props()).doc;
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

describe('LandingZoneStack, tags on resources added by the user', () => {
  test('a resource\'s own tags are kept, a mandatory key is replaced by the tenant\'s value', () => {
    const app = Testing.app();
    const stack = new LandingZoneStack(app, 'tenant', props());
    new NetworkingPortV2(stack, 'AppPort', {
      networkId: stack.network.networkIds.private,
      tags: ['app=protocollo', 'pa:owner=someone else'],
    });
    const doc = JSON.parse(synthesize(stack)) as Json;
    const port = Object.values(resources(doc, 'openstack_networking_port_v2'))[0];
    expect(port.tags).toEqual(['app=protocollo', ...TenantIdentity.of(ORDINARIO_TENANT).tagStrings()]);
  });
});

describe('LandingZoneStack with a management proxy', () => {
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

describe('LandingZoneStack, overrides and acknowledgements', () => {
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

describe('LandingZoneStack, bad input', () => {
  test.each<[string, Partial<LandingZoneStackProps>, RegExp]>([
    ['region not allowed for critico (another EU country)',
      { tenant: CRITICO_TENANT, encryptedVolumeType: 'luks', region: { name: 'de-fra1', country: 'DE' } },
      /^region\.name: the landing zone of a critico tenant must stay in a region in Italy; de-fra1 is in DE \(or acknowledge ACN-LOC-01 with a reason\), got "de-fra1" \[ACN-LOC-01\]$/],
    ['region outside the EU',
      { region: { name: 'ch-zrh1', country: 'CH' } },
      /^region\.name: the landing zone of an ordinario tenant must stay in a region in a member state of the European Union; ch-zrh1 is in CH, got "ch-zrh1" \[ACN-LOC-01\]$/],
    ['backup region not allowed for strategico',
      { tenant: STRATEGICO_TENANT, encryptedVolumeType: 'luks', backupRegion: { name: 'fr-par1', country: 'FR' } },
      /^backupRegion\.name: off-site copies of a strategico tenant must stay in a region in Italy; fr-par1 is in FR, got "fr-par1" \[ACN-LOC-01\]$/],
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
      /^backupRegion\.name: must differ from region\.name "it-mil1": an off-site copy lives in another region, got "it-mil1" \[ACN-BCK-04\]$/],
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
      /^encryptedVolumeType: a critico tenant needs keys under the PA's control: name the provider's encrypted volume type \(Barbican or HSM backed\) \(or acknowledge ACN-KMS-02 with a reason\), got nothing \[ACN-KMS-02\]$/],
    ['no encrypted volume type for strategico (no acknowledgement possible)',
      { tenant: STRATEGICO_TENANT },
      /^encryptedVolumeType: a strategico tenant needs keys under the PA's control: name the provider's encrypted volume type \(Barbican or HSM backed\), got nothing \[ACN-KMS-02\]$/],
    ['bad encrypted volume type',
      { tenant: CRITICO_TENANT, encryptedVolumeType: '' },
      /^encryptedVolumeType: must be the name of a volume type of the provider, e\.g\. "encrypted-luks", got ""$/],
    ['tag too long',
      { tenant: { ...ORDINARIO_TENANT, incidentContact: 'ufficio.protocollo.informatico@comune.esempio.it' } },
      /^tenant\.incidentContact: must be at most 40 characters on OpenStack, where the tag "pa:incident-contact=<value>" may hold 60 characters in all, got "ufficio\.protocollo\.informatico@comune\.esempio\.it" \[TAG-01\]$/],
    ['owner tag too long',
      { tenant: { ...ORDINARIO_TENANT, owner: 'Servizio Sistemi Informativi e Transizione Digitale del Comune' } },
      /^tenant\.owner: must be at most 51 characters on OpenStack/],
    ['bad cidr',
      { cidr: '10.20.0.0/33' },
      /^cidr: /],
    ['cidr with host bits',
      { cidr: '10.20.1.0/16' },
      /^cidr: must have no host bits set: did you mean "10\.20\.0\.0\/16"\?/],
    ['bad cloud name',
      { cloud: 'pa cloud' },
      /^cloud: must be the name of an entry of clouds\.yaml, e\.g\. "pa-cloud", got "pa cloud"$/],
    ['bad codice IPA',
      { tenant: { ...ORDINARIO_TENANT, ipaCode: 'Comune di Esempio' } },
      /^tenant\.ipaCode: must be a codice IPA/],
    ['a weakening override without reason',
      { overrides: [{ setting: 'auditLogSearchableRetention', value: '6 months' }] },
      /^LandingZoneStackProps\.overrides\[0\]\.reason: auditLogSearchableRetention 6 months weakens the kit default 12 months/],
  ])('%s', (_label, overrides, message) => {
    expect(() => build(props(overrides))).toThrow(message);
  });
});

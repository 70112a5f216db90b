import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Cidr, TenantIdentity, planTenantNetwork } from '../../lib/core';
import { readLandingZoneMetadata, taggableResourceTypes } from '../../lib/openstack/metadata';
import { validateTerraformJson } from '../../lib/openstack/validate';
import { TENANTS, buildApp } from '../../examples/openstack/main';

type Json = Record<string, any>;

const ROOT = path.resolve(__dirname, '..', '..');
const STACKS = ['comune-esempio', 'asl-esempio'];

const readStack = (outdir: string, name: string): Json =>
  JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as Json;
const counts = (doc: Json): Record<string, number> =>
  Object.fromEntries(Object.entries(doc.resource as Json).map(([type, byName]) => [type, Object.keys(byName).length]));

/** Log archive and backups with an off-site region: both example tenants declare it-rom1. */
const LOGGING_AND_BACKUP = {
  openstack_objectstorage_container_v1: 4,
  openstack_identity_application_credential_v3: 2,
  openstack_compute_instance_v2: 1,
};

/** Resources of the network every tenant gets, whatever its class. */
const NETWORK_BASE = {
  openstack_networking_network_v2: 4,
  openstack_networking_subnet_v2: 4,
  openstack_networking_secgroup_v2: 4,
};

/**
 * The routing every tenant gets: the gateway router (public, private) and the internal router
 * (data, management, and a port on private), their static routes, and the scheduler's port.
 */
const ROUTING = {
  openstack_networking_router_v2: 2,
  openstack_networking_router_interface_v2: 5,
  openstack_networking_port_v2: 2,
  openstack_networking_router_route_v2: 2,
  openstack_networking_subnet_route_v2: 2,
};

describe('examples/openstack', () => {
  let outdir: string;
  const docs: Record<string, Json> = {};
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-cloud-kit-openstack-example-'));
    buildApp(outdir).synth();
    for (const name of STACKS) docs[name] = readStack(outdir, name);
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('one stack per tenant, listed in the manifest', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as Json;
    expect(Object.keys(manifest.stacks).sort()).toEqual([...STACKS].sort());
    expect(Object.keys(TENANTS).sort()).toEqual([...STACKS].sort());
  });

  test('inventory of the municipality (ordinario): network without firewall or VPN, logging, backup', () => {
    expect(counts(docs['comune-esempio'])).toEqual({
      ...NETWORK_BASE,
      ...ROUTING,
      // 45 + the management group's egress to the PA's forward proxy + NTP to the provider's
      // server from the data and management groups.
      openstack_networking_secgroup_rule_v2: 48,
      ...LOGGING_AND_BACKUP,
    });
  });

  test('inventory of the health authority (critico): adds FWaaS v2 and the VPN', () => {
    expect(counts(docs['asl-esempio'])).toEqual({
      ...NETWORK_BASE,
      ...ROUTING,
      // The provider's VPN router (no router created): a port and an interface on it, and the
      // management subnet's route to the peer range.
      openstack_networking_port_v2: ROUTING.openstack_networking_port_v2 + 1,
      openstack_networking_router_interface_v2: ROUTING.openstack_networking_router_interface_v2 + 1,
      openstack_networking_subnet_route_v2: ROUTING.openstack_networking_subnet_route_v2 + 1,
      // 52 + the management group's egress to the PA's forward proxy + NTP from data and management.
      openstack_networking_secgroup_rule_v2: 55,
      openstack_fw_group_v2: 1,
      openstack_fw_policy_v2: 2,
      // 9 + the peer range to and from the management tier, in both policies.
      openstack_fw_rule_v2: 13,
      openstack_vpnaas_ike_policy_v2: 1,
      openstack_vpnaas_ipsec_policy_v2: 1,
      openstack_vpnaas_service_v2: 1,
      openstack_vpnaas_endpoint_group_v2: 2,
      openstack_vpnaas_site_connection_v2: 1,
      ...LOGGING_AND_BACKUP,
    });
  });

  test.each(STACKS)('%s: provider on the Italian region, pinned to 3.4.0', (name) => {
    const doc = docs[name];
    expect(doc.provider.openstack).toEqual([{ cloud: 'pa-cloud', region: 'it-mil1' }]);
    expect(doc.terraform.required_providers.openstack).toEqual({ source: 'terraform-provider-openstack/openstack', version: '3.4.0' });
  });

  test.each(STACKS)('%s: local state next to cdktf.out, by a path that does not depend on the machine', (name) => {
    expect(docs[name].terraform.backend).toEqual({ local: { path: `../../../terraform.${name}.tfstate` } });
  });

  test.each(STACKS)('%s: metadata for the compliance engine', (name) => {
    const tenant = TenantIdentity.of(TENANTS[name].tenant);
    expect(readLandingZoneMetadata(docs[name])).toEqual({
      version: 1,
      tenant: { ipaCode: tenant.ipaCode, name: tenant.name },
      classification: tenant.classification,
      qualification: tenant.qualification,
      region: 'it-mil1',
      overrides: [],
      acknowledgements: [],
      regions: [{ name: 'it-mil1', country: 'IT' }, { name: 'it-rom1', country: 'IT' }],
      encryption: name === 'asl-esempio' ? { volumeType: 'encrypted-luks', paControlledKeys: true } : { paControlledKeys: false },
      quotas: {
        backupsPerVolume: name === 'asl-esempio' ? 67 : 55,
        restoreScratchVolumes: 1,
        securityGroups: 4,
        securityGroupRules: Object.keys(docs[name].resource.openstack_networking_secgroup_rule_v2).length,
        networks: 4,
        subnets: 4,
        routers: 2,
      },
    });
  });

  test.each([['comune-esempio', '10.10.192.10'], ['asl-esempio', '10.20.192.10']])('%s: the scheduler reaches the APIs through the forward proxy on the management subnet', (name, address) => {
    const doc = docs[name];
    const rules = Object.values(doc.resource.openstack_networking_secgroup_rule_v2 as Json).filter((r) => r.remote_ip_prefix === `${address}/32`);
    expect(rules).toEqual([expect.objectContaining({ direction: 'egress', protocol: 'tcp', port_range_min: 3128, port_range_max: 3128 })]);
    const userData = (Object.values(doc.resource.openstack_compute_instance_v2 as Json)[0] as Json).user_data as string;
    expect(userData).toContain(`https_proxy=http://${address}:3128`);
    expect(planTenantNetwork({ cidr: TENANTS[name].cidr, availabilityZones: ['any'] }).tierBlocks.management.contains(Cidr.parse(`${address}/32`, 'proxy'))).toBe(true);
  });

  test.each(STACKS)('%s: subnets are the tier blocks of the tenant range', (name) => {
    const plan = planTenantNetwork({ cidr: TENANTS[name].cidr, availabilityZones: ['any'] });
    const cidrs = Object.values(docs[name].resource.openstack_networking_subnet_v2 as Json).map((s) => s.cidr).sort();
    expect(cidrs).toEqual(Object.values(plan.tierBlocks).map(String).sort());
  });

  test.each(STACKS)('%s: mandatory tags on every taggable resource', (name) => {
    const expected = TenantIdentity.of(TENANTS[name].tenant).tagStrings();
    for (const [type, byName] of Object.entries(docs[name].resource as Json)) {
      if (!taggableResourceTypes().has(type)) continue;
      for (const body of Object.values(byName as Json)) expect((body as Json).tags).toEqual(expect.arrayContaining(expected));
    }
  });

  test.each(STACKS)('%s: every region attribute is one of the two Italian regions', (name) => {
    const regions = new Set<string>();
    for (const byName of Object.values(docs[name].resource as Json)) {
      for (const body of Object.values(byName as Json)) if ((body as Json).region) regions.add((body as Json).region);
    }
    for (const region of regions) expect(['it-mil1', 'it-rom1']).toContain(region);
  });

  test('the health authority: encrypted volume type output and the VPN PSK as a sensitive variable only', () => {
    const doc = docs['asl-esempio'];
    expect(doc.output.encrypted_volume_type.value).toBe('encrypted-luks');
    expect(doc.variable.vpn_psk).toEqual(expect.objectContaining({ sensitive: true, type: 'string' }));
    expect(doc.variable.vpn_psk.default).toBeUndefined();
    const text = JSON.stringify(doc);
    expect(text.match(/"psk":"[^"]*"/g)).toEqual(['"psk":"${var.vpn_psk}"']);
    expect(docs['comune-esempio'].variable.vpn_psk).toBeUndefined();
    // Every variable of both stacks is a secret given at apply time.
    for (const name of STACKS) {
      for (const v of Object.values(docs[name].variable as Json)) expect(v).toMatchObject({ sensitive: true });
    }
  });

  test.each(STACKS)('%s: validateTerraformJson finds no issue', (name) => {
    expect(validateTerraformJson(docs[name])).toEqual([]);
  });

  test('npm run synth:openstack writes cdktf.out/ from a fresh working directory, offline', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-cloud-kit-synth-'));
    try {
      const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
      const stdout = execFileSync(tsx, [path.join(ROOT, 'examples', 'openstack', 'main.ts')], { cwd, encoding: 'utf8' });
      expect(stdout).toContain('cdktf.out/stacks/asl-esempio');
      for (const name of STACKS) expect(readStack(path.join(cwd, 'cdktf.out'), name)).toEqual(docs[name]);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});

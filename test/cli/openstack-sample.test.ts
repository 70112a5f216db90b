/**
 * The Terraform half of the sample aggregator, synthesized through the CLI: every document
 * validates against the upstream provider 3.4.0 schema, container sync targets are realm-form,
 * no sync source is versioned, the tenant without FWaaS gets no openstack_fw_* resource, the data
 * and management subnets have a router interface, state stays outside the output folder, and
 * the quotas in the metadata match the documents.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readProviderSchema, UPSTREAM_SCHEMA_PATH } from '../../lib/openstack/schema/schema';
import { validateTerraformJson } from '../../lib/openstack/validate';
import { runCli, type CliRun } from './run-cli';

type Json = Record<string, any>;
const SAMPLE = 'examples/aggregator/landing-zones.yaml';
const TENANTS = ['palz-c-a002', 'palz-ao-esempio', 'palz-r-esempio-ps'];

let tmp: string;
let out: string;
let r: CliRun;
const docs: Record<string, Json> = {};
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-os-sample-'));
  out = path.join(tmp, 'out');
  r = await runCli(['synth', SAMPLE, '--out', out]);
  for (const id of [...TENANTS, 'pa-central']) {
    docs[id] = JSON.parse(fs.readFileSync(path.join(out, 'openstack', 'stacks', id, 'cdk.tf.json'), 'utf8')) as Json;
  }
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const resources = (doc: Json, type: string): Record<string, Json> => doc.resource?.[type] ?? {};

test('the synthesis passes (exit 0)', () => {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
});

test.each([...TENANTS, 'pa-central'])('%s validates against the upstream provider 3.4.0 schema', (id) => {
  expect(validateTerraformJson(docs[id], readProviderSchema(UPSTREAM_SCHEMA_PATH))).toEqual([]);
});

test('every container sync target is realm-form //<realm>/<cluster>/AUTH_<project id>/<container>, and no sync source is versioned', () => {
  const sources = Object.entries(docs).flatMap(([id, doc]) => Object.values(resources(doc, 'openstack_objectstorage_container_v1'))
    .filter((c) => c.container_sync_to !== undefined).map((c): Json => ({ id, ...c })));
  // Log archive and backups of the two tenants with a copy, and the three central containers.
  expect(sources).toHaveLength(7);
  for (const c of sources) {
    const cluster = c.id === 'palz-r-esempio-ps' ? 'mil1' : 'rom1';
    expect(c.container_sync_to).toMatch(new RegExp(`^//regione-esempio/${cluster}/AUTH_\\$\\{data\\.openstack_identity_auth_scope_v3\\.[\\w]+\\.project_id\\}/${c.name}-offsite$`));
    expect(c.versioning).toBe(false);
  }
  const copies = Object.values(docs).flatMap((doc) => Object.values(resources(doc, 'openstack_objectstorage_container_v1')).filter((c) => c.name.endsWith('-offsite')));
  expect(copies).toHaveLength(7);
  for (const c of copies) expect(c.versioning).toBe(true);
});

test('ao_esempio acknowledges ABSC-NET-03 (no FWaaS at its provider): no openstack_fw_* resource; r_esempio_ps keeps its firewall', () => {
  expect(Object.keys(docs['palz-ao-esempio'].resource).filter((t) => t.startsWith('openstack_fw_'))).toEqual([]);
  expect(Object.keys(resources(docs['palz-r-esempio-ps'], 'openstack_fw_group_v2'))).toHaveLength(1);
});

test.each(TENANTS)('%s: the data and management subnets have an interface on the internal router, which has no external gateway', (id) => {
  const doc = docs[id];
  const internal = Object.keys(resources(doc, 'openstack_networking_router_v2')).find((n) => n.startsWith('Network_InternalRouter'))!;
  expect(resources(doc, 'openstack_networking_router_v2')[internal].external_network_id).toBeUndefined();
  const subnetsOnInternal = Object.values(resources(doc, 'openstack_networking_router_interface_v2'))
    .filter((i) => i.router_id === `\${openstack_networking_router_v2.${internal}.id}`)
    .map((i) => String(i.subnet_id ?? i.port_id).replace(/^\$\{[a-z_0-9]+\.(\w+)_[0-9A-F]{8}\.id\}$/, '$1'));
  expect(subnetsOnInternal.sort()).toEqual(['Network_DataSubnet', 'Network_InternalRouterPrivatePort', 'Network_ManagementSubnet']);
});

test.each(TENANTS)('%s: the provider\'s NTP servers from the file reach the scheduler and the isolated tiers\' groups; access rules use the file\'s service types', (id) => {
  const doc = docs[id];
  const ntp = Object.values(resources(doc, 'openstack_networking_secgroup_rule_v2')).filter((rule) => rule.protocol === 'udp' && rule.port_range_min === 123 && rule.remote_ip_prefix?.endsWith('/32'));
  expect(ntp.map((rule) => rule.remote_ip_prefix).sort()).toEqual(['10.250.0.123/32', '10.250.0.123/32', '10.250.1.123/32', '10.250.1.123/32']);
  const scheduler = Object.values(resources(doc, 'openstack_compute_instance_v2'))[0];
  expect(scheduler.user_data).toContain('10.250.0.123');
  const rules = Object.values(resources(doc, 'openstack_identity_application_credential_v3')).flatMap((c) => c.access_rules as Json[]);
  // Nova's type is `compute` in every catalog (the restore test attaches its scratch volume).
  const expected = (p: string) => (p.startsWith('/v3/') ? 'volumev3' : p.startsWith('/v2.1/') ? 'compute' : 'object-store');
  for (const rule of rules) expect([rule.path, rule.service]).toEqual([rule.path, expected(rule.path)]);
});

test('Terraform state lives beside the output folder, never inside it', () => {
  for (const [id, doc] of Object.entries(docs)) {
    const state = path.resolve(out, 'openstack', 'stacks', id, doc.terraform.backend.local.path);
    expect(state).toBe(path.join(tmp, 'terraform-state', `${id}.tfstate`));
    expect(path.relative(out, state).startsWith('..')).toBe(true);
  }
});

test.each(TENANTS)('%s: the quotas in the metadata match the document', (id) => {
  const doc = docs[id];
  const quotas = doc['//']['pa-cloud-kit'].quotas;
  expect(quotas.securityGroupRules).toBe(Object.keys(resources(doc, 'openstack_networking_secgroup_rule_v2')).length);
  expect(quotas.securityGroups).toBe(Object.keys(resources(doc, 'openstack_networking_secgroup_v2')).length);
  expect(quotas.routers).toBe(Object.keys(resources(doc, 'openstack_networking_router_v2')).length);
  expect(quotas.networks).toBe(Object.keys(resources(doc, 'openstack_networking_network_v2')).length);
  expect(quotas.subnets).toBe(Object.keys(resources(doc, 'openstack_networking_subnet_v2')).length);
});

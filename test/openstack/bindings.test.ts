import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing, TerraformStack } from '../../lib/openstack/private/cdktf';
import { OpenstackProvider, networkingNetworkV2 } from '../../lib/openstack/generated';
import {
  curateProviderSchema,
  findProseKeys,
  findSchemaDrift,
  loadProjectSchema,
  OPENSTACK_PROVIDER_FQPN,
  PROJECT_SCHEMA_PATH,
  readProviderSchema,
  renderProviderSchema,
  UPSTREAM_SCHEMA_PATH,
  type ProviderSchema,
} from '../../lib/openstack/schema/schema';
import { GENERATED_DIR, readBindingsDir, renderOpenStackBindings } from '../../scripts/generate-openstack-bindings';

const LIB_DIR = path.resolve(__dirname, '..', '..', 'lib');
const { NetworkingNetworkV2 } = networkingNetworkV2;

/** A deep, mutable, untyped copy of a schema document, for negative tests that break it on purpose. */
function mutableCopy(schema: ProviderSchema): any {
  return JSON.parse(JSON.stringify(schema));
}

describe('project provider schema', () => {
  const upstream = readProviderSchema(UPSTREAM_SCHEMA_PATH);
  const project = loadProjectSchema();

  test('is what the curation script writes from the upstream reference (not stale)', () => {
    const committed = fs.readFileSync(PROJECT_SCHEMA_PATH, 'utf8');
    expect(renderProviderSchema(curateProviderSchema(upstream))).toBe(committed);
  });

  test('holds exactly the resources and data sources the kit uses, plus the provider block', () => {
    const single = project.provider_schemas[OPENSTACK_PROVIDER_FQPN]!;
    expect(Object.keys(project.provider_schemas)).toEqual([OPENSTACK_PROVIDER_FQPN]);
    expect(Object.keys(single.resource_schemas)).toHaveLength(22);
    expect(Object.keys(single.resource_schemas)).toContain('openstack_vpnaas_site_connection_v2');
    expect(Object.keys(single.data_source_schemas).sort()).toEqual([
      'openstack_compute_flavor_v2',
      'openstack_identity_auth_scope_v3',
      'openstack_images_image_v2',
      'openstack_networking_network_v2',
    ]);
    expect(single.provider.block.attributes?.auth_url).toEqual({ type: 'string', optional: true });
    expect(single.provider.block.attributes?.password).toEqual({ type: 'string', optional: true, sensitive: true });
  });

  test('holds no description text (descriptions, description kinds, deprecation markers)', () => {
    expect(findProseKeys(project)).toEqual([]);
    // An attribute named "description" is an argument, not prose: it stays.
    const rule = project.provider_schemas[OPENSTACK_PROVIDER_FQPN]!.resource_schemas.openstack_networking_secgroup_rule_v2!;
    expect(rule.block.attributes?.description).toEqual({ type: 'string', optional: true });
    // Sanity check of the prose finder itself: the upstream file is full of prose.
    expect(findProseKeys(upstream).length).toBeGreaterThan(100);
  });

  test('has not drifted from the upstream 3.4.0 schema: every type, attribute, flag and block matches', () => {
    expect(findSchemaDrift(project, upstream)).toEqual([]);
  });

  describe('the drift check catches', () => {
    const rule = (doc: any): any =>
      doc.provider_schemas[OPENSTACK_PROVIDER_FQPN].resource_schemas.openstack_networking_secgroup_rule_v2.block;

    test('a changed attribute type', () => {
      const doc = mutableCopy(project);
      rule(doc).attributes.port_range_min.type = 'string';
      expect(findSchemaDrift(doc, upstream)).toEqual([{
        path: 'resource openstack_networking_secgroup_rule_v2 > port_range_min',
        message: 'type is "string" but upstream has "number"',
      }]);
    });

    test('a changed required / optional / computed / sensitive flag', () => {
      const doc = mutableCopy(project);
      delete rule(doc).attributes.direction.required;
      rule(doc).attributes.direction.optional = true;
      rule(doc).attributes.protocol.sensitive = true;
      rule(doc).attributes.region.computed = false;
      expect(findSchemaDrift(doc, upstream)).toEqual([
        { path: 'resource openstack_networking_secgroup_rule_v2 > direction', message: 'required is false but upstream has true' },
        { path: 'resource openstack_networking_secgroup_rule_v2 > direction', message: 'optional is true but upstream has false' },
        { path: 'resource openstack_networking_secgroup_rule_v2 > protocol', message: 'sensitive is true but upstream has false' },
        { path: 'resource openstack_networking_secgroup_rule_v2 > region', message: 'computed is false but upstream has true' },
      ]);
    });

    test('an attribute, a block, a resource type and a data source that do not exist upstream', () => {
      const doc = mutableCopy(project);
      rule(doc).attributes.remote_cidr = { type: 'string', optional: true };
      rule(doc).block_types.retry = { nesting_mode: 'single', block: {} };
      const single = doc.provider_schemas[OPENSTACK_PROVIDER_FQPN];
      single.resource_schemas.openstack_made_up_v9 = { version: 0, block: {} };
      single.data_source_schemas.openstack_made_up_v9 = { version: 0, block: {} };
      expect(findSchemaDrift(doc, upstream)).toEqual([
        { path: 'resource openstack_networking_secgroup_rule_v2 > remote_cidr', message: 'attribute does not exist upstream' },
        { path: 'resource openstack_networking_secgroup_rule_v2 > retry', message: 'block does not exist upstream' },
        { path: 'resource openstack_made_up_v9', message: 'resource type does not exist upstream' },
        { path: 'data source openstack_made_up_v9', message: 'data source type does not exist upstream' },
      ]);
    });

    test('changed block nesting and item bounds, also in nested blocks', () => {
      const doc = mutableCopy(project);
      const port = doc.provider_schemas[OPENSTACK_PROVIDER_FQPN].resource_schemas.openstack_networking_port_v2.block;
      port.block_types.binding.nesting_mode = 'set';
      port.block_types.binding.max_items = 2;
      port.block_types.binding.min_items = 1;
      port.block_types.binding.block.attributes.vnic_type.type = 'number';
      expect(findSchemaDrift(doc, upstream)).toEqual([
        { path: 'resource openstack_networking_port_v2 > binding', message: 'nesting_mode is "set" but upstream has "list"' },
        { path: 'resource openstack_networking_port_v2 > binding', message: 'min_items is 1 but upstream has 0' },
        { path: 'resource openstack_networking_port_v2 > binding', message: 'max_items is 2 but upstream has 1' },
        { path: 'resource openstack_networking_port_v2 > binding > vnic_type', message: 'type is "number" but upstream has "string"' },
      ]);
    });

    test('a changed provider block', () => {
      const doc = mutableCopy(project);
      doc.provider_schemas[OPENSTACK_PROVIDER_FQPN].provider.block.attributes.insecure.type = 'string';
      expect(findSchemaDrift(doc, upstream)).toEqual([
        { path: 'provider > insecure', message: 'type is "string" but upstream has "bool"' },
      ]);
    });
  });
});

describe('generated bindings', () => {
  test('are what the generator writes from the committed schema (not stale, byte for byte)', async () => {
    const rendered = await renderOpenStackBindings();
    const committed = readBindingsDir(GENERATED_DIR);
    expect([...committed.keys()]).toEqual([...rendered.keys()]);
    for (const [file, text] of rendered) {
      // One assertion per file so a stale file is named in the failure.
      expect({ file, text: committed.get(file) }).toEqual({ file, text });
    }
  });

  test('are generated again when the schema changes (the staleness check can fail)', async () => {
    const doc = mutableCopy(loadProjectSchema());
    delete doc.provider_schemas[OPENSTACK_PROVIDER_FQPN].resource_schemas.openstack_networking_network_v2.block.attributes.mtu;
    const rendered = await renderOpenStackBindings(doc);
    const committed = readBindingsDir(GENERATED_DIR);
    expect(rendered.get('networking-network-v2/index.ts')).not.toEqual(committed.get('networking-network-v2/index.ts'));
    expect(rendered.get('networking-subnet-v2/index.ts')).toEqual(committed.get('networking-subnet-v2/index.ts'));
  });

  test('exactly one hand-written or generated file under lib/ imports the Terraform CDK package: the seam', () => {
    const importers: string[] = [];
    for (const rel of fs.readdirSync(LIB_DIR, { recursive: true }) as string[]) {
      if (!rel.endsWith('.ts')) continue;
      const text = fs.readFileSync(path.join(LIB_DIR, rel), 'utf8');
      if (/from\s+['"]cdktf(\/[^'"]*)?['"]|require\(\s*['"]cdktf(\/[^'"]*)?['"]\s*\)/.test(text)) {
        importers.push(rel.split(path.sep).join('/'));
      }
    }
    expect(importers).toEqual(['openstack/private/cdktf.ts']);
  });

  test('a stack with the provider and one network synthesizes to Terraform JSON', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'bindings');
    new OpenstackProvider(stack, 'openstack', { authUrl: 'https://keystone.example.it:5000/v3', region: 'it-rm1' });
    new NetworkingNetworkV2(stack, 'net', { name: 'pa-core', adminStateUp: true, mtu: 1450 });
    const json = JSON.parse(Testing.synth(stack));

    expect(json.terraform.required_providers.openstack).toEqual({
      source: 'terraform-provider-openstack/openstack',
      version: '3.4.0',
    });
    expect(json.provider.openstack).toEqual([{ auth_url: 'https://keystone.example.it:5000/v3', region: 'it-rm1' }]);
    const networks = json.resource.openstack_networking_network_v2;
    expect(Object.keys(networks)).toEqual(['net']);
    expect(networks.net).toMatchObject({ name: 'pa-core', admin_state_up: true, mtu: 1450 });
  });

  test('exports each resource as a namespace and the provider class at the top level', () => {
    expect(NetworkingNetworkV2.tfResourceType).toBe('openstack_networking_network_v2');
    expect(OpenstackProvider.tfResourceType).toBe('openstack');
  });
});

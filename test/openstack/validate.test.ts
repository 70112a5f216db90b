import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing, TerraformStack } from '../../lib/openstack/private/cdktf';
import { OpenstackProvider, computeInstanceV2, networkingNetworkV2, networkingSecgroupRuleV2 } from '../../lib/openstack/generated';
import { loadProjectSchema, OPENSTACK_PROVIDER_FQPN, type ProviderSchema } from '../../lib/openstack/schema/schema';
import {
  formatTerraformIssues,
  validateTerraformFile,
  validateTerraformJson,
  type TerraformValidationIssue,
} from '../../lib/openstack/validate';

type Body = Record<string, unknown>;

/** A valid document in the shape cdktf synthesizes, with the given resources added. */
function doc(resources: Record<string, Record<string, Body>> = {}, data: Record<string, Record<string, Body>> = {}): Body {
  return {
    '//': { metadata: { backend: 'local', stackName: 'test', version: '0.21.0' } },
    terraform: { required_providers: { openstack: { source: 'terraform-provider-openstack/openstack', version: '3.4.0' } } },
    provider: { openstack: [{ auth_url: 'https://keystone.example.it:5000/v3', region: 'it-rm1' }] },
    resource: {
      openstack_networking_network_v2: { net: { name: 'pa-core', admin_state_up: true } },
      ...resources,
    },
    data,
    output: { net_id: { value: '${openstack_networking_network_v2.net.id}' } },
    variable: { cidr: { type: 'string' } },
    locals: { tags: ['pa'] },
  };
}

function rule(body: Body = {}): Record<string, Record<string, Body>> {
  return {
    openstack_networking_secgroup_rule_v2: {
      ssh: {
        direction: 'ingress',
        ethertype: 'IPv4',
        protocol: 'tcp',
        port_range_min: 22,
        port_range_max: 22,
        remote_ip_prefix: '10.0.0.0/8',
        security_group_id: '${openstack_networking_secgroup_v2.sg.id}',
        ...body,
      },
    },
  };
}

/** Expects exactly one issue and returns it. */
function single(issues: TerraformValidationIssue[]): TerraformValidationIssue {
  expect(issues.map((i) => i.message)).toHaveLength(1);
  return issues[0]!;
}

describe('validateTerraformJson', () => {
  test('a valid document passes, meta-arguments and cdktf metadata included', () => {
    const valid = doc({
      ...rule({ depends_on: ['openstack_networking_network_v2.net'], lifecycle: { create_before_destroy: true } }),
      openstack_fw_rule_v2: { web: { action: 'allow', protocol: 'tcp', destination_port: '443', ip_version: 4 } },
      openstack_networking_subnet_v2: {
        sn: { network_id: '${openstack_networking_network_v2.net.id}', cidr: '10.1.0.0/24', ip_version: 4, allocation_pool: [{ start: '10.1.0.10', end: '10.1.0.200' }] },
      },
      openstack_compute_instance_v2: {
        vm: {
          name: 'vm1', flavor_name: 'm1.small', count: 2,
          network: [{ uuid: '${openstack_networking_network_v2.net.id}' }, { port: 'p-1' }],
          metadata: { owner: 'pa' }, timeouts: { create: '10m' },
          '//': { metadata: { path: 'test/vm' } },
        },
      },
    }, { openstack_images_image_v2: { ubuntu: { name: 'ubuntu-24.04', most_recent: true } } });
    expect(validateTerraformJson(valid)).toEqual([]);
  });

  test('a document synthesized with the generated bindings passes', () => {
    const stack = new TerraformStack(Testing.app(), 'synth');
    new OpenstackProvider(stack, 'openstack', { cloud: 'pa' });
    const net = new networkingNetworkV2.NetworkingNetworkV2(stack, 'net', { name: 'pa-core' });
    new networkingSecgroupRuleV2.NetworkingSecgroupRuleV2(stack, 'https', {
      direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', portRangeMin: 443, portRangeMax: 443,
      remoteIpPrefix: '0.0.0.0/0', securityGroupId: 'sg-1',
    });
    new computeInstanceV2.ComputeInstanceV2(stack, 'vm', { name: 'vm', network: [{ uuid: net.id }] });
    expect(validateTerraformJson(Testing.synth(stack))).toEqual([]);
  });

  test('expression strings (${...}) are accepted in number, bool and list attributes', () => {
    const issues = validateTerraformJson(doc({
      openstack_networking_network_v2: {
        net: { name: 'n', mtu: '${var.mtu}', admin_state_up: '${var.up}', tags: '${var.tags}' },
      },
    }));
    expect(issues).toEqual([]);
  });

  describe('schema checks', () => {
    test('unknown resource type', () => {
      const issue = single(validateTerraformJson(doc({ openstack_networking_floatingip_v2: { fip: { pool: 'public' } } })));
      expect(issue.address).toBe('openstack_networking_floatingip_v2');
      expect(issue.message).toMatch(/^openstack_networking_floatingip_v2 is not a resource type of the openstack 3\.4\.0 project schema; allowed: openstack_blockstorage_volume_v3, .*openstack_vpnaas_site_connection_v2$/);
    });

    test('unknown data source type', () => {
      const issue = single(validateTerraformJson(doc({}, { openstack_networking_subnet_v2: { sn: { name: 'x' } } })));
      expect(issue.address).toBe('data.openstack_networking_subnet_v2');
      expect(issue.message).toMatch(/is not a data source type .*; allowed: openstack_compute_flavor_v2, openstack_identity_auth_scope_v3, openstack_images_image_v2, openstack_networking_network_v2$/);
    });

    test('unknown attribute', () => {
      const issue = single(validateTerraformJson(doc({ openstack_networking_network_v2: { net: { name: 'n', colour: 'blue' } } })));
      expect(issue).toMatchObject({ address: 'openstack_networking_network_v2.net', attribute: 'colour' });
      expect(issue.message).toMatch(/^openstack_networking_network_v2\.net: colour is not an argument of this type; allowed: admin_state_up, .*segments, .*value_specs$/);
    });

    test('unknown attribute inside a nested block', () => {
      const issue = single(validateTerraformJson(doc({
        openstack_networking_subnet_v2: { sn: { network_id: 'n', allocation_pool: [{ start: 'a', end: 'b', step: 2 }] } },
      })));
      expect(issue).toMatchObject({ address: 'openstack_networking_subnet_v2.sn', attribute: 'allocation_pool[0].step' });
      expect(issue.message).toBe('openstack_networking_subnet_v2.sn: allocation_pool[0].step is not an argument of this type; allowed: end, start');
    });

    test('unknown provider argument', () => {
      const document = doc();
      document.provider = { openstack: [{ auth_url: 'u', auth_token: 't' }] };
      const issue = single(validateTerraformJson(document));
      expect(issue).toMatchObject({ address: 'provider.openstack', attribute: 'auth_token' });
      expect(issue.message).toMatch(/^provider\.openstack: auth_token is not an argument of this type; allowed: .*auth_url/);
    });

    test('missing required attribute', () => {
      const issue = single(validateTerraformJson(doc(rule({ security_group_id: undefined }))));
      expect(issue).toMatchObject({ address: 'openstack_networking_secgroup_rule_v2.ssh', attribute: 'security_group_id' });
      expect(issue.message).toBe('openstack_networking_secgroup_rule_v2.ssh: security_group_id is required (string)');
    });

    test('missing required attribute inside a nested block', () => {
      const issue = single(validateTerraformJson(doc({
        openstack_identity_application_credential_v3: { ac: { name: 'ci', access_rules: [{ path: '/v3/**', method: 'GET' }] } },
      })));
      expect(issue.message).toBe('openstack_identity_application_credential_v3.ac: access_rules[0].service is required (string)');
    });

    test('computed-only attribute set', () => {
      const issue = single(validateTerraformJson(doc({ openstack_networking_network_v2: { net: { name: 'n', all_tags: ['x'] } } })));
      expect(issue).toMatchObject({ address: 'openstack_networking_network_v2.net', attribute: 'all_tags' });
      expect(issue.message).toBe('openstack_networking_network_v2.net: all_tags is computed by the provider and cannot be set, got ["x"]');
    });

    test.each([
      ['mtu', 'abc', 'mtu must be number, got "abc"'],
      ['admin_state_up', 'yes', 'admin_state_up must be bool, got "yes"'],
      ['name', ['a'], 'name must be string, got ["a"]'],
      ['tags', 'pa', 'tags must be set(string), got "pa"'],
      ['value_specs', ['a=b'], 'value_specs must be map(string), got ["a=b"]'],
    ])('wrong type: %s', (attribute, value, expected) => {
      const issue = single(validateTerraformJson(doc({ openstack_networking_network_v2: { net: { name: 'n', [attribute]: value } } })));
      expect(issue).toMatchObject({ address: 'openstack_networking_network_v2.net', attribute });
      expect(issue.message).toBe(`openstack_networking_network_v2.net: ${expected}`);
    });

    test('wrong type of a list element names its index', () => {
      const issue = single(validateTerraformJson(doc({ openstack_networking_network_v2: { net: { name: 'n', tags: ['a', { b: 1 }] } } })));
      expect(issue.message).toBe('openstack_networking_network_v2.net: tags[1] must be string, got {"b":1}');
    });

    test('wrong type of an object-typed block', () => {
      const issue = single(validateTerraformJson(doc({ openstack_networking_network_v2: { net: { name: 'n', timeouts: 'soon' } } })));
      expect(issue.message).toBe('openstack_networking_network_v2.net: timeouts must be a block (an object or a list of objects), got "soon"');
    });

    test('too many blocks', () => {
      const issue = single(validateTerraformJson(doc({
        openstack_networking_port_v2: { p: { network_id: 'n', binding: [{ vnic_type: 'normal' }, { vnic_type: 'direct' }] } },
      })));
      expect(issue).toMatchObject({ address: 'openstack_networking_port_v2.p', attribute: 'binding' });
      expect(issue.message).toBe('openstack_networking_port_v2.p: binding must have between 0 and 1 block(s), got 2');
    });

    test('too few blocks (a schema with min_items)', () => {
      const schema = JSON.parse(JSON.stringify(loadProjectSchema())) as ProviderSchema;
      const single_ = schema.provider_schemas[OPENSTACK_PROVIDER_FQPN]!;
      const port = single_.resource_schemas.openstack_networking_port_v2!.block.block_types!.fixed_ip!;
      (port as { min_items?: number }).min_items = 1;
      const issues = validateTerraformJson(doc({ openstack_networking_port_v2: { p: { network_id: 'n', fixed_ip: [] } } }), schema);
      const issue = single(issues);
      expect(issue).toMatchObject({ address: 'openstack_networking_port_v2.p', attribute: 'fixed_ip' });
      expect(issue.message).toBe('openstack_networking_port_v2.p: fixed_ip must have at least 1 block(s), got 0');
    });

    test('a single block rendered as an object counts as one block', () => {
      const issues = validateTerraformJson(doc({ openstack_networking_port_v2: { p: { network_id: 'n', binding: { vnic_type: 'normal' } } } }));
      expect(issues).toEqual([]);
    });
  });

  describe('provider rules', () => {
    test('bad secgroup rule direction', () => {
      const issue = single(validateTerraformJson(doc(rule({ direction: 'inbound' }))));
      expect(issue).toMatchObject({ address: 'openstack_networking_secgroup_rule_v2.ssh', attribute: 'direction' });
      expect(issue.message).toBe('openstack_networking_secgroup_rule_v2.ssh: direction must be one of "ingress", "egress", got "inbound"');
    });

    test('bad secgroup rule ethertype (the values are case-sensitive)', () => {
      const issue = single(validateTerraformJson(doc(rule({ ethertype: 'ipv4' }))));
      expect(issue.attribute).toBe('ethertype');
      expect(issue.message).toBe('openstack_networking_secgroup_rule_v2.ssh: ethertype must be one of "IPv4", "IPv6", got "ipv4"');
    });

    test.each(['http', '256', '-1'])('bad secgroup rule protocol %s', (protocol) => {
      const issue = single(validateTerraformJson(doc(rule({ protocol, port_range_min: undefined, port_range_max: undefined }))));
      expect(issue.attribute).toBe('protocol');
      expect(issue.message).toBe(
        `openstack_networking_secgroup_rule_v2.ssh: protocol must be one of "ah", "any", "dccp", "egp", "esp", "gre", "icmp", "igmp", "ipip", "ipv6-encap", "ipv6-frag", "ipv6-icmp", "ipv6-nonxt", "ipv6-opts", "ipv6-route", "ospf", "pgm", "rsvp", "sctp", "tcp", "udp", "udplite", "vrrp" or a protocol number 0-255, got "${protocol}"`,
      );
    });

    test.each(['vrrp', '112', 'ipv6-icmp', '0'])('secgroup rule protocol %s is accepted', (protocol) => {
      expect(validateTerraformJson(doc(rule({ protocol, port_range_min: undefined, port_range_max: undefined })))).toEqual([]);
    });

    test('conflicting remotes', () => {
      const issue = single(validateTerraformJson(doc(rule({ remote_group_id: 'sg-2' }))));
      expect(issue).toMatchObject({ address: 'openstack_networking_secgroup_rule_v2.ssh', attribute: 'remote_ip_prefix' });
      expect(issue.message).toBe(
        'openstack_networking_secgroup_rule_v2.ssh: remote_ip_prefix conflicts with remote_group_id: set at most one of remote_ip_prefix, remote_group_id, remote_address_group_id, got {"remote_ip_prefix":"10.0.0.0/8","remote_group_id":"sg-2"}',
      );
    });

    test('port range with min above max', () => {
      const issue = single(validateTerraformJson(doc(rule({ port_range_min: 8080, port_range_max: 80 }))));
      expect(issue.attribute).toBe('port_range_min');
      expect(issue.message).toBe('openstack_networking_secgroup_rule_v2.ssh: port_range_min must be less than or equal to port_range_max (80) for protocol "tcp", got 8080');
    });

    test('port 0 for a port-based protocol', () => {
      const issue = single(validateTerraformJson(doc(rule({ port_range_min: 0, port_range_max: 1024 }))));
      expect(issue.message).toBe('openstack_networking_secgroup_rule_v2.ssh: port_range_min must be from 1 to 65535 for protocol "tcp", got 0');
    });

    test('port above 65535', () => {
      const issue = single(validateTerraformJson(doc(rule({ port_range_max: 70000 }))));
      expect(issue.message).toBe('openstack_networking_secgroup_rule_v2.ssh: port_range_max must be an integer from 0 to 65535, got 70000');
    });

    test('port range without protocol or without its other end', () => {
      const issues = validateTerraformJson(doc(rule({ protocol: undefined, port_range_max: undefined })));
      expect(issues.map((i) => i.message)).toEqual([
        'openstack_networking_secgroup_rule_v2.ssh: port_range_min requires protocol and port_range_max to be set as well, got 22',
      ]);
    });

    test('ICMP type and code are 0-255, with no ordering', () => {
      expect(validateTerraformJson(doc(rule({ protocol: 'icmp', port_range_min: 8, port_range_max: 0 })))).toEqual([]);
      const issue = single(validateTerraformJson(doc(rule({ protocol: 'icmp', port_range_min: 300, port_range_max: 0 }))));
      expect(issue.message).toBe('openstack_networking_secgroup_rule_v2.ssh: port_range_min holds the ICMP type for protocol "icmp" and must be from 0 to 255, got 300');
    });

    test('bad firewall rule action and protocol', () => {
      const issues = validateTerraformJson(doc({ openstack_fw_rule_v2: { r: { action: 'drop', protocol: 'sctp' } } }));
      expect(issues).toEqual([
        { address: 'openstack_fw_rule_v2.r', attribute: 'action', message: 'openstack_fw_rule_v2.r: action must be one of "allow", "deny", "reject", got "drop"' },
        { address: 'openstack_fw_rule_v2.r', attribute: 'protocol', message: 'openstack_fw_rule_v2.r: protocol must be one of "tcp", "udp", "icmp", "any", got "sctp"' },
      ]);
    });

    test('bad firewall rule port range and ports with a portless protocol', () => {
      const issues = validateTerraformJson(doc({
        openstack_fw_rule_v2: {
          range: { action: 'allow', protocol: 'tcp', destination_port: '2000:1000' },
          icmp: { action: 'allow', protocol: 'icmp', source_port: '53' },
        },
      }));
      expect(issues.map((i) => i.message)).toEqual([
        'openstack_fw_rule_v2.range: destination_port must be a port "N" or a range "N:M" with 1 <= N <= M <= 65535, got "2000:1000"',
        'openstack_fw_rule_v2.icmp: source_port is allowed only with protocol "tcp" or "udp" (protocol is "icmp"), got "53"',
      ]);
    });

    test('ip_version other than 4 or 6', () => {
      const issue = single(validateTerraformJson(doc({ openstack_networking_subnet_v2: { sn: { network_id: 'n', cidr: '10.0.0.0/24', ip_version: 5 } } })));
      expect(issue).toMatchObject({ address: 'openstack_networking_subnet_v2.sn', attribute: 'ip_version' });
      expect(issue.message).toBe('openstack_networking_subnet_v2.sn: ip_version must be 4 or 6, got 5');
    });

    test('instance network without uuid, name or port', () => {
      const issue = single(validateTerraformJson(doc({
        openstack_compute_instance_v2: { vm: { name: 'vm', network: [{ uuid: 'n-1' }, { fixed_ip_v4: '10.0.0.5' }] } },
      })));
      expect(issue).toMatchObject({ address: 'openstack_compute_instance_v2.vm', attribute: 'network[1]' });
      expect(issue.message).toBe('openstack_compute_instance_v2.vm: network[1] must set at least one of uuid, name, port, got {"fixed_ip_v4":"10.0.0.5"}');
    });

    test('enum values inside a nested block', () => {
      const issue = single(validateTerraformJson(doc({ openstack_networking_port_v2: { p: { network_id: 'n', binding: { vnic_type: 'fast' } } } })));
      expect(issue).toMatchObject({ address: 'openstack_networking_port_v2.p', attribute: 'binding.vnic_type' });
      expect(issue.message).toMatch(/^openstack_networking_port_v2\.p: binding\.vnic_type must be one of "direct", .*"remote-managed", got "fast"$/);
    });

    test('conflicting volume sources', () => {
      const issue = single(validateTerraformJson(doc({ openstack_blockstorage_volume_v3: { v: { size: 10, image_id: 'i', snapshot_id: 's' } } })));
      expect(issue.message).toBe('openstack_blockstorage_volume_v3.v: snapshot_id conflicts with image_id: set at most one of snapshot_id, source_vol_id, image_id, backup_id, got {"snapshot_id":"s","image_id":"i"}');
    });
  });
});

describe('validateTerraformFile and formatTerraformIssues', () => {
  test('read a synthesized file and format its issues one per line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-'));
    try {
      const file = path.join(dir, 'cdk.tf.json');
      fs.writeFileSync(file, JSON.stringify(doc(rule({ direction: 'up', ethertype: 'IPv5' }))));
      const issues = validateTerraformFile(file);
      expect(formatTerraformIssues(issues)).toBe([
        '2 Terraform JSON issue(s):',
        '1. openstack_networking_secgroup_rule_v2.ssh: direction must be one of "ingress", "egress", got "up"',
        '2. openstack_networking_secgroup_rule_v2.ssh: ethertype must be one of "IPv4", "IPv6", got "IPv5"',
      ].join('\n'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('format an empty list', () => {
    expect(formatTerraformIssues([])).toBe('Terraform JSON is valid: no issues.');
  });
});

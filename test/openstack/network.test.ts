import { Construct } from 'constructs';
import {
  CompliancePolicy,
  CompliancePolicyOptions,
  DataClassification,
  NETWORK_TIERS,
  NetworkTier,
  TenantIdentity,
  planTenantNetwork,
} from '../../lib/core';
import { ADMIN_PORTS, LandingZoneNetwork, LandingZoneNetworkProps } from '../../lib/openstack/network';
import { TerraformStack, Testing } from '../../lib/openstack/private/cdktf';
import { NetworkingPortV2 } from '../../lib/openstack/generated/networking-port-v2';
import { validateTerraformJson } from '../../lib/openstack/validate';

type Json = Record<string, any>;

const CIDR = '10.20.0.0/16';
const PLAN = planTenantNetwork({ cidr: CIDR, availabilityZones: ['any'] });

function tenantOf(classification: DataClassification): TenantIdentity {
  const qualification = { ordinario: 'QC1', critico: 'QC2', strategico: 'QC3' }[classification];
  return TenantIdentity.of({
    ipaCode: 'asl_rm1',
    name: 'ASL Roma 1',
    classification,
    qualification,
    owner: 'UOC Sistemi Informativi',
    incidentContact: 'cert@asl.example.it',
  });
}

interface Built {
  doc: Json;
  network: LandingZoneNetwork;
  warnings: string[];
}

function build(
  classification: DataClassification,
  props: Partial<LandingZoneNetworkProps> = {},
  policyOptions: CompliancePolicyOptions = {},
): Built {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const network = new LandingZoneNetwork(stack, 'Network', {
    tenant: tenantOf(classification),
    policy: CompliancePolicy.forClassification(classification, policyOptions),
    cidr: CIDR,
    externalNetworkName: 'public',
    ...props,
  });
  const doc = JSON.parse(Testing.synth(stack)) as Json;
  const warnings = network.node.findAll()
    .flatMap((c: Construct) => c.node.metadata)
    .filter((m) => /warn/i.test(m.type))
    .map((m) => String(m.data));
  return { doc, network, warnings };
}

/** The resources of a type, by Terraform name (empty when none). */
const resources = (doc: Json, type: string): Record<string, Json> => doc.resource?.[type] ?? {};
const one = (doc: Json, type: string, idPrefix: string): Json => {
  const entry = Object.entries(resources(doc, type)).find(([name]) => name.startsWith(idPrefix));
  if (!entry) throw new Error(`no ${type} named ${idPrefix}*`);
  return entry[1];
};
const nameOf = (doc: Json, type: string, idPrefix: string): string =>
  Object.keys(resources(doc, type)).find((n) => n.startsWith(idPrefix)) as string;
const ref = (doc: Json, type: string, idPrefix: string, attribute = 'id') => `\${${type}.${nameOf(doc, type, idPrefix)}.${attribute}}`;
const title = (tier: NetworkTier) => tier.charAt(0).toUpperCase() + tier.slice(1);
const sgRef = (doc: Json, tier: NetworkTier) => ref(doc, 'openstack_networking_secgroup_v2', `Network_${title(tier)}SecurityGroup`);
const rulesOf = (doc: Json, tier: NetworkTier): Json[] =>
  Object.values(resources(doc, 'openstack_networking_secgroup_rule_v2')).filter((r) => r.security_group_id === sgRef(doc, tier));

const FW_TYPES = ['openstack_fw_group_v2', 'openstack_fw_policy_v2', 'openstack_fw_rule_v2'];
const VPN_TYPES = [
  'openstack_vpnaas_ike_policy_v2',
  'openstack_vpnaas_ipsec_policy_v2',
  'openstack_vpnaas_service_v2',
  'openstack_vpnaas_endpoint_group_v2',
  'openstack_vpnaas_site_connection_v2',
];

/** Ingress rules that open an admin port to the internet or to anyone (no remote at all). */
function adminPortsOpenToTheWorld(doc: Json): Json[] {
  return Object.values(resources(doc, 'openstack_networking_secgroup_rule_v2')).filter((r) => {
    if (r.direction !== 'ingress') return false;
    const min = r.port_range_min ?? 1;
    const max = r.port_range_max ?? 65535;
    const coversAdmin = r.protocol === undefined || r.protocol === 'any' || ADMIN_PORTS.some((p) => min <= p.to && max >= p.from);
    const world = r.remote_group_id === undefined && (r.remote_ip_prefix === undefined || ['0.0.0.0/0', '::/0'].includes(r.remote_ip_prefix));
    return coversAdmin && world;
  });
}

describe('LandingZoneNetwork, ordinario with defaults', () => {
  let built: Built;
  let doc: Json;
  beforeAll(() => {
    built = build(DataClassification.ORDINARIO);
    doc = built.doc;
  });

  test('a network per tier, each with port security on', () => {
    const networks = resources(doc, 'openstack_networking_network_v2');
    expect(Object.keys(networks)).toHaveLength(4);
    for (const tier of NETWORK_TIERS) {
      expect(one(doc, 'openstack_networking_network_v2', `Network_${title(tier)}Network`)).toMatchObject({
        name: `asl-rm1-${tier}`,
        port_security_enabled: true,
        admin_state_up: true,
      });
    }
  });

  test('one subnet per tier whose CIDR is the tier block of the core plan', () => {
    expect(Object.keys(resources(doc, 'openstack_networking_subnet_v2'))).toHaveLength(4);
    for (const tier of NETWORK_TIERS) {
      const subnet = one(doc, 'openstack_networking_subnet_v2', `Network_${title(tier)}Subnet`);
      expect(subnet.cidr).toBe(PLAN.tierBlocks[tier].toString());
      expect(subnet.ip_version).toBe(4);
      expect(subnet.network_id).toBe(ref(doc, 'openstack_networking_network_v2', `Network_${title(tier)}Network`));
      expect(built.network.subnetCidrs[tier]).toBe(PLAN.tierBlocks[tier].toString());
    }
    expect(PLAN.tierBlocks[NetworkTier.PUBLIC].toString()).toBe('10.20.0.0/18');
    expect(PLAN.tierBlocks[NetworkTier.MANAGEMENT].toString()).toBe('10.20.192.0/18');
  });

  test('every subnet has a gateway (a router interface serves it)', () => {
    for (const tier of NETWORK_TIERS) {
      const subnet = one(doc, 'openstack_networking_subnet_v2', `Network_${title(tier)}Subnet`);
      expect(subnet.no_gateway).toBeUndefined();
      expect(subnet.gateway_ip).toBeUndefined();
    }
  });

  test('the router\'s gateway is the external network looked up by name with external = true', () => {
    const external = one(doc.data ? { resource: doc.data } : {}, 'openstack_networking_network_v2', 'Network_ExternalNetwork');
    expect(external).toEqual({ name: 'public', external: true });
    const routers = resources(doc, 'openstack_networking_router_v2');
    expect(Object.keys(routers)).toHaveLength(2);
    const externalName = Object.keys(doc.data.openstack_networking_network_v2)[0];
    expect(one(doc, 'openstack_networking_router_v2', 'Network_Router').external_network_id)
      .toBe(`\${data.openstack_networking_network_v2.${externalName}.id}`);
  });

  test('the gateway router serves only the public and private subnets', () => {
    const main = ref(doc, 'openstack_networking_router_v2', 'Network_Router');
    const onMain = Object.values(resources(doc, 'openstack_networking_router_interface_v2')).filter((i) => i.router_id === main);
    expect(onMain.map((i) => i.subnet_id).sort()).toEqual([
      ref(doc, 'openstack_networking_subnet_v2', 'Network_PrivateSubnet'),
      ref(doc, 'openstack_networking_subnet_v2', 'Network_PublicSubnet'),
    ].sort());
  });

  test('an internal router without external gateway has interfaces on the data and management subnets and a port on the private subnet', () => {
    const internal = one(doc, 'openstack_networking_router_v2', 'Network_InternalRouter');
    expect(internal.external_network_id).toBeUndefined();
    expect(internal.enable_snat).toBeUndefined();
    expect(internal.name).toBe('asl-rm1-internal-router');
    const internalRef = ref(doc, 'openstack_networking_router_v2', 'Network_InternalRouter');
    const onInternal = Object.values(resources(doc, 'openstack_networking_router_interface_v2')).filter((i) => i.router_id === internalRef);
    expect(onInternal.map((i) => i.subnet_id ?? i.port_id).sort()).toEqual([
      ref(doc, 'openstack_networking_subnet_v2', 'Network_DataSubnet'),
      ref(doc, 'openstack_networking_subnet_v2', 'Network_ManagementSubnet'),
      ref(doc, 'openstack_networking_port_v2', 'Network_InternalRouterPrivatePort'),
    ].sort());
    const port = one(doc, 'openstack_networking_port_v2', 'Network_InternalRouterPrivatePort');
    expect(port.network_id).toBe(ref(doc, 'openstack_networking_network_v2', 'Network_PrivateNetwork'));
    expect(port.fixed_ip).toEqual([{ subnet_id: ref(doc, 'openstack_networking_subnet_v2', 'Network_PrivateSubnet') }]);
  });

  test('static routes tie the routers: private hosts reach data and management, the main router answers management, management reaches public', () => {
    const portIp = `\${element(${ref(doc, 'openstack_networking_port_v2', 'Network_InternalRouterPrivatePort', 'all_fixed_ips').slice(2, -1)}, 0)}`;
    const subnetRoutes = Object.values(resources(doc, 'openstack_networking_subnet_route_v2'));
    expect(subnetRoutes.map((r) => [r.subnet_id, r.destination_cidr, r.next_hop])).toEqual([
      [ref(doc, 'openstack_networking_subnet_v2', 'Network_PrivateSubnet'), '10.20.128.0/18', portIp],
      [ref(doc, 'openstack_networking_subnet_v2', 'Network_PrivateSubnet'), '10.20.192.0/18', portIp],
    ]);
    expect(one(doc, 'openstack_networking_router_route_v2', 'Network_RouterRouteToManagement')).toMatchObject({
      router_id: ref(doc, 'openstack_networking_router_v2', 'Network_Router'),
      destination_cidr: '10.20.192.0/18',
      next_hop: portIp,
    });
    expect(one(doc, 'openstack_networking_router_route_v2', 'Network_InternalRouterRouteToPublic')).toMatchObject({
      router_id: ref(doc, 'openstack_networking_router_v2', 'Network_InternalRouter'),
      destination_cidr: '10.20.0.0/18',
      next_hop: ref(doc, 'openstack_networking_subnet_v2', 'Network_PrivateSubnet', 'gateway_ip'),
    });
  });

  test('every security-group rule between tiers is routable: both tiers are on one router, or a route joins them', () => {
    // Which router serves each tier's subnet as gateway, and which routers a tier's hosts reach.
    const main = ref(doc, 'openstack_networking_router_v2', 'Network_Router');
    const internal = ref(doc, 'openstack_networking_router_v2', 'Network_InternalRouter');
    const ifaces = Object.values(resources(doc, 'openstack_networking_router_interface_v2'));
    const subnetOf = (tier: NetworkTier) => ref(doc, 'openstack_networking_subnet_v2', `Network_${title(tier)}Subnet`);
    const privatePort = ref(doc, 'openstack_networking_port_v2', 'Network_InternalRouterPrivatePort');
    const attached = (router: string, tier: NetworkTier) => ifaces.some((i) => i.router_id === router
      && (i.subnet_id === subnetOf(tier) || (tier === NetworkTier.PRIVATE && i.port_id === privatePort)));
    const routed = (a: NetworkTier, b: NetworkTier) => [main, internal].some((r) => attached(r, a) && attached(r, b))
      || (a === NetworkTier.PUBLIC && b === NetworkTier.MANAGEMENT) || (b === NetworkTier.PUBLIC && a === NetworkTier.MANAGEMENT);
    const groupTier = Object.fromEntries(NETWORK_TIERS.map((t) => [sgRef(doc, t), t])) as Record<string, NetworkTier>;
    const pairs = Object.values(resources(doc, 'openstack_networking_secgroup_rule_v2'))
      .filter((r) => r.remote_group_id !== undefined)
      .map((r) => [groupTier[r.security_group_id], groupTier[r.remote_group_id]] as const)
      .filter(([a, b]) => a !== b);
    expect(pairs.length).toBeGreaterThan(10);
    for (const [a, b] of pairs) expect({ a, b, routed: routed(a, b) }).toEqual({ a, b, routed: true });
    // The public-management pair relies on the two static routes checked above.
    expect(resources(doc, 'openstack_networking_router_route_v2')).not.toEqual({});
  });

  test('a security group per tier with its default rules deleted', () => {
    const groups = Object.values(resources(doc, 'openstack_networking_secgroup_v2'));
    expect(groups).toHaveLength(4);
    for (const g of groups) expect(g.delete_default_rules).toBe(true);
    expect(built.network.securityGroupNames).toEqual({
      public: 'asl-rm1-public', private: 'asl-rm1-private', data: 'asl-rm1-data', management: 'asl-rm1-management',
    });
  });

  test('no rule opens an admin port to 0.0.0.0/0, ::/0 or anyone', () => {
    expect(Object.keys(resources(doc, 'openstack_networking_secgroup_rule_v2')).length).toBeGreaterThan(0);
    expect(adminPortsOpenToTheWorld(doc)).toEqual([]);
  });

  test('inter-tier rules reference the other tier\'s group, not prefixes', () => {
    const privateIngress = rulesOf(doc, NetworkTier.PRIVATE).filter((r) => r.direction === 'ingress' && r.remote_group_id === sgRef(doc, NetworkTier.PUBLIC));
    expect(privateIngress.map((r) => r.port_range_min).sort()).toEqual([443, 8080]);
    const dataIngress = rulesOf(doc, NetworkTier.DATA).filter((r) => r.direction === 'ingress' && r.remote_group_id === sgRef(doc, NetworkTier.PRIVATE));
    expect(dataIngress.map((r) => r.port_range_min).sort()).toEqual([3306, 5432]);
    // Only the public tier accepts anything from a prefix outside the tenant.
    for (const tier of [NetworkTier.PRIVATE, NetworkTier.DATA]) {
      expect(rulesOf(doc, tier).filter((r) => r.direction === 'ingress' && r.remote_ip_prefix !== undefined)).toEqual([]);
    }
  });

  test('admin ports: every other tier from the management group only; management from the management range', () => {
    for (const tier of [NetworkTier.PUBLIC, NetworkTier.PRIVATE, NetworkTier.DATA]) {
      const admin = rulesOf(doc, tier).filter((r) => r.direction === 'ingress' && ADMIN_PORTS.some((p) => r.port_range_min === p.from));
      expect(admin.map((r) => `${r.port_range_min}-${r.port_range_max}`).sort()).toEqual(['22-22', '3389-3389', '5985-5986']);
      for (const r of admin) expect(r).toMatchObject({ protocol: 'tcp', remote_group_id: sgRef(doc, NetworkTier.MANAGEMENT) });
    }
    const management = rulesOf(doc, NetworkTier.MANAGEMENT).filter((r) => r.direction === 'ingress');
    expect(management).toHaveLength(3);
    for (const r of management) expect(r.remote_ip_prefix).toBe('10.20.192.0/18');
  });

  test('egress is explicit: routed tiers reach HTTPS, DNS and NTP; data reaches nothing; management stays inside', () => {
    const out = (tier: NetworkTier) => rulesOf(doc, tier).filter((r) => r.direction === 'egress');
    for (const tier of [NetworkTier.PUBLIC, NetworkTier.PRIVATE]) {
      const internet = out(tier).filter((r) => r.remote_ip_prefix === '0.0.0.0/0');
      expect(internet.map((r) => `${r.protocol}/${r.port_range_min}`).sort()).toEqual(['tcp/443', 'tcp/53', 'udp/123', 'udp/53']);
    }
    expect(out(NetworkTier.DATA)).toEqual([]);
    expect(out(NetworkTier.MANAGEMENT).filter((r) => r.remote_ip_prefix === '0.0.0.0/0')).toEqual([]);
    expect(out(NetworkTier.PRIVATE).filter((r) => r.remote_group_id === sgRef(doc, NetworkTier.DATA)).map((r) => r.port_range_min).sort())
      .toEqual([3306, 5432]);
  });

  test('no FWaaS for ordinario by default, no VPN without vpn props, and no warning', () => {
    for (const type of [...FW_TYPES, ...VPN_TYPES]) expect(resources(doc, type)).toEqual({});
    expect(doc.variable).toBeUndefined();
    expect(built.network.fwaasEnabled).toBe(false);
    expect(built.warnings).toEqual([]);
  });

  test('the output passes the provider schema validation', () => {
    expect(validateTerraformJson(doc)).toEqual([]);
  });
});

describe('LandingZoneNetwork, critico: FWaaS v2 on the router ports', () => {
  let doc: Json;
  beforeAll(() => {
    doc = build(DataClassification.CRITICO).doc;
  });

  test('a firewall group bound to the router interface ports, with both policies', () => {
    const group = one(doc, 'openstack_fw_group_v2', 'Network_FirewallGroup');
    expect(group.ports).toEqual([
      ref(doc, 'openstack_networking_router_interface_v2', 'Network_PublicRouterInterface', 'port_id'),
      ref(doc, 'openstack_networking_router_interface_v2', 'Network_PrivateRouterInterface', 'port_id'),
      ref(doc, 'openstack_networking_router_interface_v2', 'Network_DataRouterInterface', 'port_id'),
      ref(doc, 'openstack_networking_router_interface_v2', 'Network_ManagementRouterInterface', 'port_id'),
      ref(doc, 'openstack_networking_router_interface_v2', 'Network_InternalPrivateRouterInterface', 'port_id'),
    ]);
    expect(group.egress_firewall_policy_id).toBe(ref(doc, 'openstack_fw_policy_v2', 'Network_FirewallEgressPolicy'));
    expect(group.ingress_firewall_policy_id).toBe(ref(doc, 'openstack_fw_policy_v2', 'Network_FirewallIngressPolicy'));
  });

  test('outbound: HTTPS, DNS and NTP from the tenant range, then deny the rest', () => {
    const policy = one(doc, 'openstack_fw_policy_v2', 'Network_FirewallEgressPolicy');
    const rules = (policy.rules as string[]).map((r) => {
      const name = /openstack_fw_rule_v2\.([^.]+)\.id/.exec(r)![1];
      return resources(doc, 'openstack_fw_rule_v2')[name];
    });
    expect(rules.map((r) => [r.action, r.protocol, r.destination_port ?? null])).toEqual([
      ['allow', 'any', null],
      ['allow', 'tcp', '443'],
      ['allow', 'udp', '53'],
      ['allow', 'tcp', '53'],
      ['allow', 'udp', '123'],
      ['deny', 'any', null],
    ]);
    for (const r of rules.slice(0, 5)) expect(r.source_ip_address).toBe(CIDR);
    expect(rules[0].destination_ip_address).toBe(CIDR);
    expect(rules[5].source_ip_address).toBeUndefined();
  });

  test('inbound: only the public tier\'s HTTPS from outside, then deny the rest', () => {
    const policy = one(doc, 'openstack_fw_policy_v2', 'Network_FirewallIngressPolicy');
    expect(policy.rules).toHaveLength(3);
    const https = one(doc, 'openstack_fw_rule_v2', 'Network_FirewallIngressPublic443');
    expect(https).toMatchObject({ action: 'allow', protocol: 'tcp', destination_port: '443', destination_ip_address: '10.20.0.0/18' });
    expect(one(doc, 'openstack_fw_rule_v2', 'Network_FirewallIngressDenyRest')).toMatchObject({ action: 'deny', protocol: 'any' });
  });

  test('the output passes the provider schema validation', () => {
    expect(validateTerraformJson(doc)).toEqual([]);
  });
});

describe('LandingZoneNetwork, fwaas switch', () => {
  test('strategico without FWaaS and without acknowledgement is refused', () => {
    expect(() => build(DataClassification.STRATEGICO, { fwaas: false }))
      .toThrow(/^fwaas: must be on for strategico data: egressFiltering is firewall-required .*\(or acknowledge ABSC-NET-03 with a reason\), got false \[ABSC-NET-03\]$/);
  });

  test('critico without FWaaS and without acknowledgement is refused', () => {
    expect(() => build(DataClassification.CRITICO, { fwaas: false })).toThrow(/^fwaas: must be on for critico data.*\[ABSC-NET-03\]$/);
  });

  test('strategico without FWaaS, acknowledged: no firewall, and a warning naming the control', () => {
    const { doc, warnings } = build(DataClassification.STRATEGICO, { fwaas: false }, {
      acknowledgements: [{ control: 'ABSC-NET-03', reason: 'The provider offers no FWaaS v2 (OVN backend)' }],
    });
    for (const type of FW_TYPES) expect(resources(doc, type)).toEqual({});
    expect(warnings).toEqual([expect.stringMatching(/^\[ABSC-NET-03\] fwaas is off.*The provider offers no FWaaS v2 \(OVN backend\)/)]);
  });

  test('ordinario may opt in', () => {
    const { doc, network } = build(DataClassification.ORDINARIO, { fwaas: true });
    expect(Object.keys(resources(doc, 'openstack_fw_group_v2'))).toHaveLength(1);
    expect(network.fwaasEnabled).toBe(true);
  });

  test('a critico tenant that overrides egressFiltering to nat (with a reason) gets no firewall and needs no acknowledgement', () => {
    const { doc } = build(DataClassification.CRITICO, {}, {
      overrides: [{ setting: 'egressFiltering', value: 'nat', reason: 'Provider has no FWaaS; NAT and security groups only' }],
    });
    for (const type of FW_TYPES) expect(resources(doc, type)).toEqual({});
  });
});

describe('LandingZoneNetwork with a VPN for administrators', () => {
  let doc: Json;
  let text: string;
  beforeAll(() => {
    doc = build(DataClassification.CRITICO, {
      vpn: { peerAddress: '203.0.113.10', peerCidrs: ['192.168.10.0/24', '192.168.20.0/24'] },
      dnsNameservers: ['10.20.0.2'],
    }).doc;
    text = JSON.stringify(doc);
  });

  test('IKE and IPsec policies, VPN service, endpoint groups and the site connection', () => {
    for (const type of VPN_TYPES) expect(Object.keys(resources(doc, type)).length).toBeGreaterThan(0);
    expect(one(doc, 'openstack_vpnaas_ike_policy_v2', 'Network_VpnIkePolicy')).toMatchObject({
      ike_version: 'v2', encryption_algorithm: 'aes-256', auth_algorithm: 'sha256', pfs: 'group14',
    });
    expect(one(doc, 'openstack_vpnaas_ipsec_policy_v2', 'Network_VpnIpsecPolicy')).toMatchObject({
      transform_protocol: 'esp', encapsulation_mode: 'tunnel', encryption_algorithm: 'aes-256', pfs: 'group14',
    });
    expect(one(doc, 'openstack_vpnaas_endpoint_group_v2', 'Network_VpnLocalEndpoints')).toMatchObject({
      type: 'subnet', endpoints: [ref(doc, 'openstack_networking_subnet_v2', 'Network_ManagementSubnet')],
    });
    expect(one(doc, 'openstack_vpnaas_endpoint_group_v2', 'Network_VpnPeerEndpoints')).toMatchObject({
      type: 'cidr', endpoints: ['192.168.10.0/24', '192.168.20.0/24'],
    });
    expect(one(doc, 'openstack_vpnaas_site_connection_v2', 'Network_VpnSiteConnection')).toMatchObject({
      peer_address: '203.0.113.10',
      peer_id: '203.0.113.10',
      vpnservice_id: ref(doc, 'openstack_vpnaas_service_v2', 'Network_VpnService'),
      local_ep_group_id: ref(doc, 'openstack_vpnaas_endpoint_group_v2', 'Network_VpnLocalEndpoints'),
      peer_ep_group_id: ref(doc, 'openstack_vpnaas_endpoint_group_v2', 'Network_VpnPeerEndpoints'),
    });
  });

  test('the PSK is a sensitive Terraform variable, not a value in the JSON', () => {
    expect(one(doc, 'openstack_vpnaas_site_connection_v2', 'Network_VpnSiteConnection').psk).toBe('${var.vpn_psk}');
    expect(doc.variable.vpn_psk).toMatchObject({ type: 'string', sensitive: true, nullable: false });
    expect(doc.variable.vpn_psk.default).toBeUndefined();
    expect(text.match(/"psk":"[^"]*"/g)).toEqual(['"psk":"${var.vpn_psk}"']);
  });

  test('the VPN service runs on a dedicated router that only the management subnet joins', () => {
    const vpnRouter = ref(doc, 'openstack_networking_router_v2', 'Network_VpnRouter');
    expect(one(doc, 'openstack_vpnaas_service_v2', 'Network_VpnService').router_id).toBe(vpnRouter);
    const onVpnRouter = Object.values(resources(doc, 'openstack_networking_router_interface_v2')).filter((i) => i.router_id === vpnRouter);
    expect(onVpnRouter.map((i) => i.port_id)).toEqual([ref(doc, 'openstack_networking_port_v2', 'Network_VpnRouterPort')]);
    expect(one(doc, 'openstack_networking_port_v2', 'Network_VpnRouterPort').fixed_ip)
      .toEqual([{ subnet_id: ref(doc, 'openstack_networking_subnet_v2', 'Network_ManagementSubnet') }]);
    const mainRouter = ref(doc, 'openstack_networking_router_v2', 'Network_Router');
    const onMain = Object.values(resources(doc, 'openstack_networking_router_interface_v2')).filter((i) => i.router_id === mainRouter);
    expect(onMain).toHaveLength(2);
  });

  test('the management subnet sends the peer ranges to the VPN router\'s port', () => {
    const portIp = `\${element(${ref(doc, 'openstack_networking_port_v2', 'Network_VpnRouterPort', 'all_fixed_ips').slice(2, -1)}, 0)}`;
    const routes = Object.values(resources(doc, 'openstack_networking_subnet_route_v2'))
      .filter((r) => r.subnet_id === ref(doc, 'openstack_networking_subnet_v2', 'Network_ManagementSubnet'));
    expect(routes.map((r) => [r.destination_cidr, r.next_hop])).toEqual([['192.168.10.0/24', portIp], ['192.168.20.0/24', portIp]]);
  });

  test('the firewall lets the peer ranges reach the management tier (the groups decide the ports)', () => {
    const egress = one(doc, 'openstack_fw_policy_v2', 'Network_FirewallEgressPolicy').rules as string[];
    const rule = (prefix: string) => ref(doc, 'openstack_fw_rule_v2', prefix);
    expect(egress).toContain(rule('Network_FirewallEgressVpnPeer0ToManagement'));
    expect(egress.indexOf(rule('Network_FirewallEgressManagementToVpnPeer1'))).toBeLessThan(egress.indexOf(rule('Network_FirewallEgressDenyRest')));
    expect(one(doc, 'openstack_fw_rule_v2', 'Network_FirewallIngressVpnPeer1ToManagement')).toMatchObject({
      action: 'allow', protocol: 'any', source_ip_address: '192.168.20.0/24', destination_ip_address: '10.20.192.0/18',
    });
  });

  test('the VPN router\'s gateway does no SNAT (no internet route for the management tier); the main router\'s does', () => {
    expect(one(doc, 'openstack_networking_router_v2', 'Network_VpnRouter').enable_snat).toBe(false);
    expect(one(doc, 'openstack_networking_router_v2', 'Network_VpnRouter').external_network_id).toMatch(/^\$\{data\.openstack_networking_network_v2\./);
    expect(one(doc, 'openstack_networking_router_v2', 'Network_Router').enable_snat).toBeUndefined();
  });

  test('admin ports of the management tier open to the peer ranges, still never to the world', () => {
    const management = rulesOf(doc, NetworkTier.MANAGEMENT).filter((r) => r.direction === 'ingress');
    expect([...new Set(management.map((r) => r.remote_ip_prefix))].sort()).toEqual(['10.20.192.0/18', '192.168.10.0/24', '192.168.20.0/24']);
    expect(management).toHaveLength(9);
    expect(adminPortsOpenToTheWorld(doc)).toEqual([]);
  });

  test('the firewall group also covers the VPN router\'s management port; DNS servers reach every subnet', () => {
    expect(one(doc, 'openstack_fw_group_v2', 'Network_FirewallGroup').ports).toContain(
      ref(doc, 'openstack_networking_router_interface_v2', 'Network_VpnRouterInterface', 'port_id'),
    );
    for (const s of Object.values(resources(doc, 'openstack_networking_subnet_v2'))) expect(s.dns_nameservers).toEqual(['10.20.0.2']);
  });

  test('the output passes the provider schema validation', () => {
    expect(validateTerraformJson(doc)).toEqual([]);
  });

  test('a custom PSK variable name', () => {
    const custom = build(DataClassification.ORDINARIO, { vpn: { peerAddress: '203.0.113.10', peerCidrs: ['192.168.10.0/24'], pskVariableName: 'asl_vpn_psk', peerId: 'vpn.asl.example.it' } }).doc;
    expect(one(custom, 'openstack_vpnaas_site_connection_v2', 'Network_VpnSiteConnection')).toMatchObject({ psk: '${var.asl_vpn_psk}', peer_id: 'vpn.asl.example.it' });
    expect(custom.variable.asl_vpn_psk.sensitive).toBe(true);
  });
});

describe('LandingZoneNetwork with a proxy for the management tier', () => {
  test('the management group may reach the proxy address and port, nothing else outside', () => {
    const { doc } = build(DataClassification.ORDINARIO, { managementProxy: 'http://10.20.64.10:3128' });
    const outside = rulesOf(doc, NetworkTier.MANAGEMENT)
      .filter((r) => r.direction === 'egress' && r.remote_ip_prefix !== undefined && r.remote_ip_prefix !== CIDR);
    expect(outside).toEqual([expect.objectContaining({ protocol: 'tcp', port_range_min: 3128, port_range_max: 3128, remote_ip_prefix: '10.20.64.10/32' })]);
    expect(validateTerraformJson(doc)).toEqual([]);
  });

  test('the port defaults to the scheme\'s', () => {
    const { doc } = build(DataClassification.ORDINARIO, { managementProxy: 'https://192.0.2.80' });
    expect(one(doc, 'openstack_networking_secgroup_rule_v2', 'Network_ManagementEgressProxy')).toMatchObject({ port_range_min: 443, remote_ip_prefix: '192.0.2.80/32' });
  });
});

describe('LandingZoneNetwork, bad input', () => {
  const bad = (props: Partial<LandingZoneNetworkProps>) => () => build(DataClassification.ORDINARIO, props);
  const vpn = { peerAddress: '203.0.113.10', peerCidrs: ['192.168.10.0/24'] };

  test.each([
    ['not a CIDR', { cidr: '10.20.0.0' }, /^cidr: must be an IPv4 range in CIDR notation, e\.g\. "10\.20\.0\.0\/16", got "10\.20\.0\.0"$/],
    ['host bits set', { cidr: '10.20.0.1/16' }, /^cidr: must have no host bits set: did you mean "10\.20\.0\.0\/16"\?/],
    ['too large', { cidr: '10.0.0.0/12' }, /^cidr: must have a prefix length from \/16 to \/24, got "10\.0\.0\.0\/12"$/],
    ['too small', { cidr: '10.20.0.0/26' }, /^cidr: must have a prefix length from \/16 to \/24/],
    ['empty external network', { externalNetworkName: ' ' }, /^externalNetworkName: must be the name of the provider's external network/],
    ['bad DNS server', { dnsNameservers: ['10.20.0.300'] }, /^dnsNameservers\[0\]: must be an IPv4 address, e\.g\. "10\.250\.0\.123" \(security-group rules need an address\), got "10\.20\.0\.300"$/],
    ['admin port as public port', { publicPorts: [443, 22] }, /^publicPorts\[1\]: must not be an admin port \(22, 3389, 5985-5986\).*got 22 \[ABSC-NET-02\]$/],
    ['WinRM as app port', { appPorts: [5986] }, /^appPorts\[0\]: must not be an admin port.*\[ABSC-NET-02\]$/],
    ['port out of range', { dbPorts: [70000] }, /^dbPorts\[0\]: must be a whole number from 1 to 65535, got 70000$/],
    ['empty port list', { appPorts: [] }, /^appPorts: must list at least one TCP port, got \[\]$/],
    ['bad VPN peer address', { vpn: { ...vpn, peerAddress: 'vpn.example.it' } }, /^vpn\.peerAddress: must be an IPv4 address, e\.g\. "203\.0\.113\.10" \(security-group rules need an address\), got "vpn\.example\.it"$/],
    ['no VPN peer range', { vpn: { ...vpn, peerCidrs: [] } }, /^vpn\.peerCidrs: must list at least one administration range/],
    ['VPN peer range is the internet', { vpn: { ...vpn, peerCidrs: ['0.0.0.0/0'] } }, /^vpn\.peerCidrs\[0\]: must be a specific administration range \(\/8 or longer\), never the whole internet, got "0\.0\.0\.0\/0" \[ABSC-NET-02\]$/],
    ['VPN peer range not a CIDR', { vpn: { ...vpn, peerCidrs: ['192.168.10.0/33'] } }, /^vpn\.peerCidrs\[0\]: /],
    ['VPN peer range inside the tenant', { vpn: { ...vpn, peerCidrs: ['10.20.10.0/24'] } }, /^vpn\.peerCidrs\[0\]: must not overlap the tenant range 10\.20\.0\.0\/16/],
    ['empty VPN peer id', { vpn: { ...vpn, peerId: ' ' } }, /^vpn\.peerId: must be the peer's IKE identity/],
    ['proxy by host name', { managementProxy: 'http://proxy.internal:3128' }, /^managementProxy: must be an http\(s\) URL of an IPv4 address and optional port, e\.g\. "http:\/\/10\.20\.64\.10:3128" \(security-group rules need an address\), got "http:\/\/proxy\.internal:3128"$/],
    ['proxy port out of range', { managementProxy: 'http://10.20.64.10:70000' }, /^managementProxy: must be an http\(s\) URL/],
    ['bad PSK variable name', { vpn: { ...vpn, pskVariableName: 'VPN-PSK' } }, /^vpn\.pskVariableName: must be a Terraform variable name/],
    ['provider router ID not a UUID', { vpn: { ...vpn, providerRouterId: 'vpn-router' } }, /^vpn\.providerRouterId: must be the ID \(a UUID\) of the router the provider created in the project with SNAT off, e\.g\. "[0-9a-f-]+", got "vpn-router"$/],
    ['NTP server by host name', { ntpServers: ['ntp.provider.it'] }, /^ntpServers\[0\]: must be an IPv4 address, e\.g\. "10\.250\.0\.123" \(security-group rules need an address\), got "ntp\.provider\.it"$/],
    ['NTP servers not a list', { ntpServers: '10.0.0.123' as unknown as string[] }, /^ntpServers: must be a list of 1 to 8 IPv4 addresses of the provider's NTP servers, e\.g\. \["10\.250\.0\.123"\], got "10\.0\.0\.123"$/],
    ['NTP server repeated', { ntpServers: ['10.0.0.123', '10.0.0.123'] }, /^ntpServers\[1\]: must not repeat ntpServers\[0\], got "10\.0\.0\.123"$/],
    ['fwaas not a boolean', { fwaas: 'no' as unknown as boolean }, /^fwaas: must be true or false, got "no"$/],
  ])('%s', (_label, props, message) => {
    expect(bad(props as Partial<LandingZoneNetworkProps>)).toThrow(message);
  });
});

describe('LandingZoneNetwork, FWaaS implied by an acknowledgement of ABSC-NET-03', () => {
  const ack = { acknowledgements: [{ control: 'ABSC-NET-03', reason: 'The provider offers no FWaaS v2 (OVN backend)' }] };

  test.each([DataClassification.CRITICO, DataClassification.STRATEGICO])('%s with the acknowledgement and no fwaas prop: no openstack_fw_* resource, a warning', (classification) => {
    const { doc, network, warnings } = build(classification, {}, ack);
    const types = [...Object.keys(doc.resource ?? {})];
    expect(types.filter((t) => t.startsWith('openstack_fw_'))).toEqual([]);
    expect(network.fwaasEnabled).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(/^\[ABSC-NET-03\] fwaas is off.*OVN backend/)]);
    expect(validateTerraformJson(doc)).toEqual([]);
  });

  test('fwaas: true still wins over the acknowledgement', () => {
    const { doc } = build(DataClassification.CRITICO, { fwaas: true }, ack);
    expect(Object.keys(resources(doc, 'openstack_fw_group_v2'))).toHaveLength(1);
  });
});

describe('LandingZoneNetwork, NTP servers of the provider', () => {
  test('the data and management groups may reach each NTP server on UDP 123, nothing else is opened', () => {
    const plain = build(DataClassification.ORDINARIO).doc;
    const { doc, network } = build(DataClassification.ORDINARIO, { ntpServers: ['10.20.192.5', '192.0.2.123'] });
    for (const tier of [NetworkTier.DATA, NetworkTier.MANAGEMENT]) {
      const ntp = rulesOf(doc, tier).filter((r) => r.description?.startsWith('NTP to the provider'));
      expect(ntp.map((r) => [r.direction, r.protocol, r.port_range_min, r.port_range_max, r.remote_ip_prefix])).toEqual([
        ['egress', 'udp', 123, 123, '10.20.192.5/32'],
        ['egress', 'udp', 123, 123, '192.0.2.123/32'],
      ]);
    }
    const count = (d: Json) => Object.keys(resources(d, 'openstack_networking_secgroup_rule_v2')).length;
    expect(count(doc) - count(plain)).toBe(4);
    expect(network.ntpServers).toEqual(['10.20.192.5', '192.0.2.123']);
    expect(network.securityGroupRuleCount).toBe(count(doc));
  });
});

describe('LandingZoneNetwork, provider-assisted VPN router', () => {
  const routerId = '0f3c6a7e-2b1d-4c5e-9f80-1a2b3c4d5e6f';
  test('no router is created and enable_snat is never set: the service and the management port use the provider\'s router', () => {
    const { doc, warnings } = build(DataClassification.CRITICO, { vpn: { peerAddress: '203.0.113.10', peerCidrs: ['192.168.10.0/24'], providerRouterId: routerId } });
    const routers = Object.values(resources(doc, 'openstack_networking_router_v2'));
    expect(routers.map((r) => r.name).sort()).toEqual(['asl-rm1-internal-router', 'asl-rm1-router']);
    expect(routers.some((r) => 'enable_snat' in r)).toBe(false);
    expect(one(doc, 'openstack_vpnaas_service_v2', 'Network_VpnService').router_id).toBe(routerId);
    expect(one(doc, 'openstack_networking_router_interface_v2', 'Network_VpnRouterInterface')).toMatchObject({
      router_id: routerId, port_id: ref(doc, 'openstack_networking_port_v2', 'Network_VpnRouterPort'),
    });
    expect(warnings).toEqual([]);
    expect(validateTerraformJson(doc)).toEqual([]);
  });

  test('a router the kit creates with enable_snat = false leaves a warning naming the admin-only policy and the way out', () => {
    const { warnings } = build(DataClassification.CRITICO, { vpn: { peerAddress: '203.0.113.10', peerCidrs: ['192.168.10.0/24'] } });
    expect(warnings).toEqual([expect.stringMatching(/^\[ABSC-NET-01\] the VPN router sets enable_snat = false, which Neutron's default policy reserves to administrators: .*vpn\.providerRouterId$/)]);
  });
});

describe('LandingZoneNetwork.addPort and dependenciesOf', () => {
  test('a port with the tier\'s group by ID; dependenciesOf lists the subnet, the group, its rules and the routing', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const network = new LandingZoneNetwork(stack, 'Network', {
      tenant: tenantOf(DataClassification.ORDINARIO),
      policy: CompliancePolicy.forClassification(DataClassification.ORDINARIO),
      cidr: CIDR,
      externalNetworkName: 'public',
    });
    network.addPort(stack, 'HostPort', NetworkTier.MANAGEMENT, 'host-port');
    new NetworkingPortV2(stack, 'Dependent', { networkId: 'x', dependsOn: network.dependenciesOf(NetworkTier.MANAGEMENT) });
    const doc = JSON.parse(Testing.synth(stack)) as Json;
    const port = one(doc, 'openstack_networking_port_v2', 'HostPort');
    expect(port.security_group_ids).toEqual([sgRef(doc, NetworkTier.MANAGEMENT)]);
    expect(port.fixed_ip).toEqual([{ subnet_id: ref(doc, 'openstack_networking_subnet_v2', 'Network_ManagementSubnet') }]);
    const managementRules = Object.keys(resources(doc, 'openstack_networking_secgroup_rule_v2'))
      .filter((n) => resources(doc, 'openstack_networking_secgroup_rule_v2')[n].security_group_id === sgRef(doc, NetworkTier.MANAGEMENT))
      .map((n) => `openstack_networking_secgroup_rule_v2.${n}`);
    expect(managementRules.length).toBeGreaterThan(10);
    expect(port.depends_on).toBeUndefined();
    expect(one(doc, 'openstack_networking_port_v2', 'Dependent').depends_on).toEqual(expect.arrayContaining([
      `openstack_networking_subnet_v2.${nameOf(doc, 'openstack_networking_subnet_v2', 'Network_ManagementSubnet')}`,
      `openstack_networking_secgroup_v2.${nameOf(doc, 'openstack_networking_secgroup_v2', 'Network_ManagementSecurityGroup')}`,
      `openstack_networking_router_interface_v2.${nameOf(doc, 'openstack_networking_router_interface_v2', 'Network_ManagementRouterInterface')}`,
      ...managementRules,
    ]));
    expect(validateTerraformJson(doc)).toEqual([]);
  });
});

/**
 * The network of an OpenStack landing zone: a Neutron network and subnet per tier, the router
 * that gives the public and private tiers their route out, a security group per tier with
 * explicit group-to-group rules, the FWaaS v2 egress filter where the class asks for it, and an
 * optional VPNaaS site connection for administrators.
 */
import { Construct } from 'constructs';
import {
  ANY_IPV4,
  Cidr,
  CompliancePolicy,
  EgressFiltering,
  MAX_TENANT_PREFIX,
  MIN_TENANT_PREFIX,
  NETWORK_TIERS,
  NetworkTier,
  PaCloudKitError,
  TenantIdentity,
  adminPortRanges,
  planTenantNetwork,
  portRangeLabel,
  egressFilterOn,
} from '../core';
import { DataOpenstackNetworkingNetworkV2 } from './generated/data-openstack-networking-network-v2';
import { FwGroupV2 } from './generated/fw-group-v2';
import { FwPolicyV2 } from './generated/fw-policy-v2';
import { FwRuleV2, FwRuleV2Config } from './generated/fw-rule-v2';
import { NetworkingNetworkV2 } from './generated/networking-network-v2';
import { NetworkingPortV2 } from './generated/networking-port-v2';
import { NetworkingRouterInterfaceV2 } from './generated/networking-router-interface-v2';
import { NetworkingRouterRouteV2 } from './generated/networking-router-route-v2';
import { NetworkingRouterV2 } from './generated/networking-router-v2';
import { NetworkingSecgroupRuleV2 } from './generated/networking-secgroup-rule-v2';
import { NetworkingSecgroupV2 } from './generated/networking-secgroup-v2';
import { NetworkingSubnetRouteV2 } from './generated/networking-subnet-route-v2';
import { NetworkingSubnetV2 } from './generated/networking-subnet-v2';
import { VpnaasEndpointGroupV2 } from './generated/vpnaas-endpoint-group-v2';
import { VpnaasIkePolicyV2 } from './generated/vpnaas-ike-policy-v2';
import { VpnaasIpsecPolicyV2 } from './generated/vpnaas-ipsec-policy-v2';
import { VpnaasServiceV2 } from './generated/vpnaas-service-v2';
import { VpnaasSiteConnectionV2 } from './generated/vpnaas-site-connection-v2';
import { checkDnsNameservers, checkIpv4Address, checkManagementProxy, checkNtpServers } from './settings';
import { Annotations, Fn, ITerraformDependable, TerraformVariable, VariableType } from './private/cdktf';

/** A TCP port range, inclusive. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Administration ports over TCP (SSH, RDP, WinRM over HTTP and HTTPS: 22, 3389, 5985-5986), from
 * core's `ADMIN_PORTS`, which the compliance rules read too. They are opened only from the
 * management security group, the management range or the VPN peer ranges, never from the
 * internet (ABSC-NET-02).
 */
export const ADMIN_PORTS: readonly PortRange[] = adminPortRanges('tcp');

/** The name of the Terraform variable that carries the VPN pre-shared key. */
export const DEFAULT_VPN_PSK_VARIABLE = 'vpn_psk';

/**
 * An IPsec site connection between the PA's office and the management network, the one way in
 * for administrators (ABSC-NET-01, ENC-TRANSIT-01). The pre-shared key is not a prop: it is a
 * sensitive Terraform variable set at apply time (`TF_VAR_vpn_psk`), so it never appears in the
 * synthesized JSON.
 */
export interface LandingZoneVpnProps {
  /** Public IPv4 address of the PA's VPN gateway, e.g. `203.0.113.10`. */
  readonly peerAddress: string;
  /** The PA's administration ranges behind the gateway; each may reach the admin ports of the management tier. */
  readonly peerCidrs: readonly string[];
  /**
   * The peer's IKE identity.
   * @default - the peer address
   */
  readonly peerId?: string;
  /**
   * Name of the sensitive Terraform variable that holds the pre-shared key.
   * @default 'vpn_psk'
   */
  readonly pskVariableName?: string;
  /**
   * Provider-assisted VPN router: the ID of a router the provider created in the tenant's
   * project with the external network as gateway and SNAT off (`openstack router create
   * --project <project> --external-gateway <network> --disable-snat <name>`). Neutron's default
   * policy lets only administrators set `enable_snat`, so a project member cannot create such a
   * router; with this ID the kit creates no router, it attaches the management subnet to the
   * given one (a port) and runs the VPN service on it, all calls a project member may make.
   * @default - the kit creates the VPN router with `enable_snat = false`: works only where the
   *   provider's policy lets the project set `enable_snat` (a warning says so)
   */
  readonly providerRouterId?: string;
}

/** Props of {@link LandingZoneNetwork}. */
export interface LandingZoneNetworkProps {
  readonly tenant: TenantIdentity;
  readonly policy: CompliancePolicy;
  /**
   * The tenant's IPv4 range, /16 to /24. Each tier's subnet is the tier's block of the core plan
   * (`planTenantNetwork(...).tierBlocks`): a Neutron subnet spans every availability zone, so
   * there is one subnet per tier rather than one per tier and zone.
   */
  readonly cidr: string;
  /** Name of the provider's external network, the router's gateway (looked up with `external = true`). */
  readonly externalNetworkName: string;
  /**
   * A FWaaS v2 firewall group on the router's internal ports that lets out only HTTPS, DNS and
   * NTP from the tenant range (ABSC-NET-03).
   * @default - on when the policy's egressFiltering is not 'nat' (critico, strategico) and
   *   ABSC-NET-03 is not acknowledged: an acknowledgement (e.g. a provider without FWaaS v2)
   *   turns it off, and no `openstack_fw_*` resource is emitted
   */
  readonly fwaas?: boolean;
  /**
   * A VPNaaS site connection for administrators. It runs on a dedicated router that only the
   * management subnet joins, whose external gateway has SNAT off (`enable_snat = false`) so the
   * management network gets no route to the internet (ABSC-NET-01). Neutron's default policy
   * lets only administrators set `enable_snat`: give `vpn.providerRouterId`, a router the
   * provider created in the project with SNAT off (provider-assisted), or the kit creates the
   * router itself, which works only where the provider's policy lets the project set it.
   * @default - no VPN: admin ports are open only from the management security group and range
   */
  readonly vpn?: LandingZoneVpnProps;
  /**
   * DNS resolvers handed out by DHCP on every subnet.
   * @default - the provider's resolvers
   */
  readonly dnsNameservers?: readonly string[];
  /**
   * IPv4 addresses of the NTP servers the data and management tiers use: they have no route to
   * the internet, so INRiM is out of their reach. Each address gets an egress rule (UDP 123, /32)
   * in the data and management groups. The address must be reachable from those subnets without
   * an internet route: inside the tenant range (e.g. a chrony server on the management proxy
   * host), or on a service network the provider routes to its projects.
   * @default - none: the data and management tiers have no time source they can reach
   */
  readonly ntpServers?: readonly string[];
  /**
   * The HTTP proxy through which management hosts (e.g. the backup scheduler) reach the cloud's
   * APIs and package mirrors, since the management network has no route out; an
   * `http(s)://<IPv4 address>:<port>` URL. The management group may then open TCP to that
   * address and port, and to nothing else outside the tenant range and the VPN peers.
   * @default - no proxy
   */
  readonly managementProxy?: string;
  /**
   * TCP ports the public tier accepts from the internet (load balancers).
   * @default [443]
   */
  readonly publicPorts?: readonly number[];
  /**
   * TCP ports the private tier accepts from the public tier's group.
   * @default [443, 8080]
   */
  readonly appPorts?: readonly number[];
  /**
   * TCP ports the data tier accepts from the private tier's group.
   * @default [5432, 3306]
   */
  readonly dbPorts?: readonly number[];
}

const DEFAULT_PUBLIC_PORTS = [443];
const DEFAULT_APP_PORTS = [443, 8080];
const DEFAULT_DB_PORTS = [5432, 3306];
/** Shortest prefix accepted for a VPN peer range: a specific network, never the whole internet. */
const MIN_PEER_PREFIX = 8;
/** Tiers the router connects: they have a route out; data and management have none (ABSC-NET-01). */
const ROUTED_TIERS: readonly NetworkTier[] = [NetworkTier.PUBLIC, NetworkTier.PRIVATE];
/** Tiers whose gateway is the internal router (no external gateway): no route out. */
const INTERNAL_TIERS: readonly NetworkTier[] = [NetworkTier.DATA, NetworkTier.MANAGEMENT];
/** Neutron router and port IDs are UUIDs. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The plan needs a zone list; a Neutron subnet spans all zones, so only the tier blocks are used. */
const PLAN_ZONES = ['all'];

/** `public` → `Public`, used in construct IDs. */
function title(tier: NetworkTier): string {
  return tier.charAt(0).toUpperCase() + tier.slice(1);
}

function isAdminPort(port: number): boolean {
  return ADMIN_PORTS.some((r) => port >= r.from && port <= r.to);
}

function parsePorts(value: readonly number[] | undefined, fallback: number[], field: string): number[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || value.length === 0) {
    throw new PaCloudKitError({ field, value, rule: 'must list at least one TCP port' });
  }
  value.forEach((port, i) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new PaCloudKitError({ field: `${field}[${i}]`, value: port, rule: 'must be a whole number from 1 to 65535' });
    }
    if (isAdminPort(port)) {
      throw new PaCloudKitError({
        field: `${field}[${i}]`,
        value: port,
        rule: `must not be an admin port (${ADMIN_PORTS.map(portRangeLabel).join(', ')}): admin ports are opened only from the management tier`,
        control: 'ABSC-NET-02',
      });
    }
  });
  return [...new Set(value)];
}

/** A security-group rule as the construct plans it, before it becomes a resource. */
interface PlannedRule {
  readonly id: string;
  readonly tier: NetworkTier;
  readonly direction: 'ingress' | 'egress';
  readonly protocol: 'tcp' | 'udp';
  readonly ports: PortRange;
  readonly remote: { readonly group: NetworkTier } | { readonly cidr: string };
  readonly description: string;
}

/**
 * The network of a tenant's landing zone on OpenStack (Neutron).
 *
 * - A network (port security on) and a subnet per tier; the subnet is the tier's block of the
 *   core plan, since Neutron subnets span availability zones.
 * - A router with the external network as gateway (`Router`) for the public and private
 *   subnets, and an internal router without external gateway (`InternalRouter`) that is the
 *   gateway of the data and management subnets and has a second port on the private subnet, so
 *   every tier reaches the others the security groups admit and data and management have no
 *   route to the internet (ABSC-NET-01). Static routes tie them together: the private subnet's
 *   host routes send the data and management blocks to the internal router's private port, the
 *   main router sends the management block there, the internal router sends the public block to
 *   the main router's private address.
 * - A security group per tier created without its default rules, then explicit rules between
 *   groups: public ← internet on `publicPorts`; private ← public group on `appPorts`;
 *   data ← private group on `dbPorts`; every tier ← management group on the admin ports;
 *   management ← management range and VPN peer ranges on the admin ports. Egress is explicit too.
 * - With `fwaas`, a FWaaS v2 firewall group on every router port of the tenant: out, only HTTPS,
 *   DNS and NTP from the tenant range; in, only HTTPS to the public tier; traffic between tiers
 *   is left to the security groups; everything else is denied. The firewall is stateful, so
 *   replies of allowed connections (established traffic) pass.
 * - With `vpn`, an IPsec site connection (IKEv2, AES-256, SHA-256, PFS group14) whose local end
 *   is the management subnet. Neutron VPNaaS needs the local subnet attached to the VPN
 *   service's router, so the service runs on a dedicated router that only the management subnet
 *   joins (through a port; the subnet's host routes send the peer ranges to it), with SNAT off
 *   on its gateway (no internet route). `enable_snat` is admin-only under Neutron's default
 *   policy: `vpn.providerRouterId` uses a router the provider created with SNAT off instead.
 *   The management group's egress is limited to the tenant range and the peer ranges.
 */
export class LandingZoneNetwork extends Construct {
  /** The network ID of each tier. */
  public readonly networkIds: Record<NetworkTier, string>;
  /** The subnet ID of each tier. */
  public readonly subnetIds: Record<NetworkTier, string>;
  /** The CIDR of each tier's subnet. */
  public readonly subnetCidrs: Record<NetworkTier, string>;
  /** The security group ID of each tier. */
  public readonly securityGroupIds: Record<NetworkTier, string>;
  /** The security group name of each tier (compute instances refer to groups by name). */
  public readonly securityGroupNames: Record<NetworkTier, string>;
  /** The ID of the router of the public and private tiers. */
  public readonly routerId: string;
  /** The ID of the internal router (no external gateway) of the data and management tiers. */
  public readonly internalRouterId: string;
  /** The NTP server addresses the data and management tiers may reach (`ntpServers`). */
  public readonly ntpServers: readonly string[];
  /** Number of security-group rules the construct creates (what the project's quota must allow). */
  public readonly securityGroupRuleCount: number;
  private readonly groups: Record<NetworkTier, NetworkingSecgroupV2>;
  private readonly subnets: Record<NetworkTier, NetworkingSubnetV2>;
  private readonly networks: Record<NetworkTier, NetworkingNetworkV2>;
  private readonly rulesByTier: Record<NetworkTier, NetworkingSecgroupRuleV2[]>;
  private readonly routing: ITerraformDependable[] = [];
  /** Whether the FWaaS v2 egress filter is deployed. */
  public readonly fwaasEnabled: boolean;
  /** The ID of the firewall group, when `fwaas` is on. */
  public readonly firewallGroupId?: string;
  /** The ID of the VPN site connection, when `vpn` is given. */
  public readonly vpnSiteConnectionId?: string;

  constructor(scope: Construct, id: string, props: LandingZoneNetworkProps) {
    super(scope, id);
    const { tenant, policy } = props;

    // ---- Validation (eager, one error per problem) -------------------------------------------
    const cidr = Cidr.parse(props.cidr, 'cidr');
    if (cidr.prefixLength < MIN_TENANT_PREFIX || cidr.prefixLength > MAX_TENANT_PREFIX) {
      throw new PaCloudKitError({ field: 'cidr', value: props.cidr, rule: `must have a prefix length from /${MIN_TENANT_PREFIX} to /${MAX_TENANT_PREFIX}` });
    }
    const externalNetworkName = typeof props.externalNetworkName === 'string' ? props.externalNetworkName.trim() : '';
    if (externalNetworkName === '') {
      throw new PaCloudKitError({ field: 'externalNetworkName', value: props.externalNetworkName, rule: 'must be the name of the provider\'s external network, e.g. "public"' });
    }
    const dnsNameservers = props.dnsNameservers === undefined ? [] : checkDnsNameservers(props.dnsNameservers);
    const publicPorts = parsePorts(props.publicPorts, DEFAULT_PUBLIC_PORTS, 'publicPorts');
    const appPorts = parsePorts(props.appPorts, DEFAULT_APP_PORTS, 'appPorts');
    const dbPorts = parsePorts(props.dbPorts, DEFAULT_DB_PORTS, 'dbPorts');
    const vpn = props.vpn ? parseVpn(props.vpn, cidr) : undefined;
    const proxy = props.managementProxy === undefined ? undefined : checkManagementProxy(props.managementProxy);
    const ntpServers = props.ntpServers === undefined ? [] : checkNtpServers(props.ntpServers);
    if (props.fwaas !== undefined && typeof props.fwaas !== 'boolean') {
      throw new PaCloudKitError({ field: 'fwaas', value: props.fwaas, rule: 'must be true or false' });
    }

    const filteringExpected = policy.settings.egressFiltering !== EgressFiltering.NAT;
    // An acknowledgement of ABSC-NET-03 (a provider without FWaaS v2) turns the firewall off.
    // FWaaS is cheap: on by default where the class requires or recommends a filter.
    const fwaas = egressFilterOn(policy, props.fwaas, true);
    if (!fwaas && filteringExpected) {
      policy.requireOrAcknowledged('ABSC-NET-03', false, {
        field: 'fwaas',
        value: false,
        rule: `must be on for ${policy.classification} data: egressFiltering is ${policy.settings.egressFiltering} (a provider without FWaaS v2 needs an acknowledgement)`,
      });
      Annotations.of(this).addWarning(
        `[ABSC-NET-03] fwaas is off although egressFiltering is ${policy.settings.egressFiltering}: outbound traffic is limited by security groups only (acknowledged: ${policy.acknowledgements.get('ABSC-NET-03')?.reason})`,
      );
    }
    this.fwaasEnabled = fwaas;

    // ---- Networks and subnets ------------------------------------------------------------------
    const plan = planTenantNetwork({ cidr, availabilityZones: PLAN_ZONES });
    const name = (suffix: string) => `${tenant.slug}-${suffix}`;
    const networks = {} as Record<NetworkTier, NetworkingNetworkV2>;
    const subnets = {} as Record<NetworkTier, NetworkingSubnetV2>;
    for (const tier of NETWORK_TIERS) {
      const network = new NetworkingNetworkV2(this, `${title(tier)}Network`, {
        name: name(tier),
        description: `${tier} tier of ${tenant.name}`,
        adminStateUp: true,
        portSecurityEnabled: true,
      });
      // Every subnet has a gateway: the main router's for public and private, the internal
      // router's (no external gateway) for data and management.
      const subnet = new NetworkingSubnetV2(this, `${title(tier)}Subnet`, {
        name: name(tier),
        networkId: network.id,
        cidr: plan.tierBlocks[tier].toString(),
        ipVersion: 4,
        enableDhcp: true,
        ...(dnsNameservers.length > 0 ? { dnsNameservers } : {}),
      });
      networks[tier] = network;
      subnets[tier] = subnet;
    }

    // ---- Router: public and private tiers only ------------------------------------------------
    const external = new DataOpenstackNetworkingNetworkV2(this, 'ExternalNetwork', { name: externalNetworkName, external: true });
    const router = new NetworkingRouterV2(this, 'Router', {
      name: name('router'),
      description: `Router of the public and private tiers of ${tenant.name}`,
      adminStateUp: true,
      externalNetworkId: external.id,
    });
    const interfaces = ROUTED_TIERS.map((tier) => new NetworkingRouterInterfaceV2(this, `${title(tier)}RouterInterface`, {
      routerId: router.id,
      subnetId: subnets[tier].id,
    }));

    // ---- Internal router: data and management, and a port on the private subnet ---------------
    const internalRouter = new NetworkingRouterV2(this, 'InternalRouter', {
      name: name('internal-router'),
      description: `Router of the data and management tiers of ${tenant.name}: no external gateway, no route to the internet`,
      adminStateUp: true,
    });
    const internalInterfaces = INTERNAL_TIERS.map((tier) => new NetworkingRouterInterfaceV2(this, `${title(tier)}RouterInterface`, {
      routerId: internalRouter.id,
      subnetId: subnets[tier].id,
    }));
    // The private subnet's gateway is the main router; the internal router joins it through a port.
    const internalPrivatePort = new NetworkingPortV2(this, 'InternalRouterPrivatePort', {
      name: name('internal-router-private'),
      description: 'Port of the internal router on the private subnet',
      networkId: networks[NetworkTier.PRIVATE].id,
      adminStateUp: true,
      fixedIp: [{ subnetId: subnets[NetworkTier.PRIVATE].id }],
    });
    const internalPrivateInterface = new NetworkingRouterInterfaceV2(this, 'InternalPrivateRouterInterface', {
      routerId: internalRouter.id,
      portId: internalPrivatePort.id,
    });
    internalInterfaces.push(internalPrivateInterface);
    const internalPrivateAddress = Fn.element(internalPrivatePort.allFixedIps, 0);
    const blocks = plan.tierBlocks;
    const routes: ITerraformDependable[] = [];
    // Private hosts reach data and management through the internal router (DHCP host routes).
    for (const tier of INTERNAL_TIERS) {
      routes.push(new NetworkingSubnetRouteV2(this, `PrivateSubnetRouteTo${title(tier)}`, {
        subnetId: subnets[NetworkTier.PRIVATE].id,
        destinationCidr: blocks[tier].toString(),
        nextHop: internalPrivateAddress,
        dependsOn: [internalPrivateInterface],
      }));
    }
    // Public hosts answer the management tier (admin ports) through the main router.
    routes.push(new NetworkingRouterRouteV2(this, 'RouterRouteToManagement', {
      routerId: router.id,
      destinationCidr: blocks[NetworkTier.MANAGEMENT].toString(),
      nextHop: internalPrivateAddress,
      dependsOn: [internalPrivateInterface, interfaces[1]],
    }));
    // The management tier reaches the public tier through the main router's private address.
    routes.push(new NetworkingRouterRouteV2(this, 'InternalRouterRouteToPublic', {
      routerId: internalRouter.id,
      destinationCidr: blocks[NetworkTier.PUBLIC].toString(),
      nextHop: subnets[NetworkTier.PRIVATE].gatewayIp,
      dependsOn: [internalPrivateInterface, interfaces[1]],
    }));

    // ---- Security groups -----------------------------------------------------------------------
    const groups = {} as Record<NetworkTier, NetworkingSecgroupV2>;
    for (const tier of NETWORK_TIERS) {
      groups[tier] = new NetworkingSecgroupV2(this, `${title(tier)}SecurityGroup`, {
        name: name(tier),
        description: `${tier} tier of ${tenant.name}: default rules removed, explicit rules only`,
        deleteDefaultRules: true,
      });
    }
    const managementBlock = plan.tierBlocks[NetworkTier.MANAGEMENT].toString();
    const rulesByTier = mapTiers((): NetworkingSecgroupRuleV2[] => []);
    const planned = planRules({ publicPorts, appPorts, dbPorts, managementBlock, tenantCidr: cidr.toString(), vpn, proxy, ntpServers });
    for (const rule of planned) {
      rulesByTier[rule.tier].push(new NetworkingSecgroupRuleV2(this, rule.id, {
        securityGroupId: groups[rule.tier].id,
        description: rule.description,
        direction: rule.direction,
        ethertype: 'IPv4',
        protocol: rule.protocol,
        portRangeMin: rule.ports.from,
        portRangeMax: rule.ports.to,
        ...('group' in rule.remote ? { remoteGroupId: groups[rule.remote.group].id } : { remoteIpPrefix: rule.remote.cidr }),
      }));
    }

    // ---- VPN for administrators ----------------------------------------------------------------
    const firewalledPorts = [...interfaces, ...internalInterfaces].map((i) => i.portId);
    if (vpn) {
      let vpnRouterId: string;
      if (vpn.providerRouterId !== undefined) {
        vpnRouterId = vpn.providerRouterId;
      } else {
        const vpnRouter = new NetworkingRouterV2(this, 'VpnRouter', {
          name: name('vpn-router'),
          description: `VPN endpoint of the management tier of ${tenant.name}; no other tier is attached, no SNAT`,
          adminStateUp: true,
          externalNetworkId: external.id,
          // The gateway only carries the IPsec tunnel: without SNAT the management hosts get no
          // route to the internet through it (ABSC-NET-01).
          enableSnat: false,
        });
        vpnRouterId = vpnRouter.id;
        Annotations.of(this).addWarning(
          '[ABSC-NET-01] the VPN router sets enable_snat = false, which Neutron\'s default policy reserves to administrators: apply fails unless the provider lets the project set it; otherwise ask the provider for a router with SNAT off and give its ID as vpn.providerRouterId',
        );
      }
      // The management subnet's gateway is the internal router: the VPN router joins through a port.
      const vpnPort = new NetworkingPortV2(this, 'VpnRouterPort', {
        name: name('vpn-router-management'),
        description: 'Port of the VPN router on the management subnet',
        networkId: networks[NetworkTier.MANAGEMENT].id,
        adminStateUp: true,
        fixedIp: [{ subnetId: subnets[NetworkTier.MANAGEMENT].id }],
      });
      const managementInterface = new NetworkingRouterInterfaceV2(this, 'VpnRouterInterface', {
        routerId: vpnRouterId,
        portId: vpnPort.id,
      });
      vpn.peerCidrs.forEach((peer, i) => {
        routes.push(new NetworkingSubnetRouteV2(this, `ManagementSubnetRouteToVpnPeer${i}`, {
          subnetId: subnets[NetworkTier.MANAGEMENT].id,
          destinationCidr: peer,
          nextHop: Fn.element(vpnPort.allFixedIps, 0),
          dependsOn: [managementInterface],
        }));
      });
      firewalledPorts.push(managementInterface.portId);
      routes.push(managementInterface);
      const psk = new TerraformVariable(this, 'VpnPsk', {
        type: VariableType.STRING,
        sensitive: true,
        nullable: false,
        description: `Pre-shared key of the VPN site connection of ${tenant.name} (set TF_VAR_${vpn.pskVariableName}; never committed)`,
      });
      psk.overrideLogicalId(vpn.pskVariableName);
      const ike = new VpnaasIkePolicyV2(this, 'VpnIkePolicy', {
        name: name('ike'),
        ikeVersion: 'v2',
        authAlgorithm: 'sha256',
        encryptionAlgorithm: 'aes-256',
        pfs: 'group14',
        phase1NegotiationMode: 'main',
        lifetime: [{ units: 'seconds', value: 28800 }],
      });
      const ipsec = new VpnaasIpsecPolicyV2(this, 'VpnIpsecPolicy', {
        name: name('ipsec'),
        transformProtocol: 'esp',
        encapsulationMode: 'tunnel',
        authAlgorithm: 'sha256',
        encryptionAlgorithm: 'aes-256',
        pfs: 'group14',
        lifetime: [{ units: 'seconds', value: 3600 }],
      });
      const service = new VpnaasServiceV2(this, 'VpnService', {
        name: name('vpn'),
        routerId: vpnRouterId,
        adminStateUp: true,
        dependsOn: [managementInterface],
      });
      const local = new VpnaasEndpointGroupV2(this, 'VpnLocalEndpoints', {
        name: name('vpn-local'),
        type: 'subnet',
        endpoints: [subnets[NetworkTier.MANAGEMENT].id],
      });
      const peer = new VpnaasEndpointGroupV2(this, 'VpnPeerEndpoints', {
        name: name('vpn-peer'),
        type: 'cidr',
        endpoints: [...vpn.peerCidrs],
      });
      const connection = new VpnaasSiteConnectionV2(this, 'VpnSiteConnection', {
        name: name('vpn-admin'),
        description: `Admin access to the management tier of ${tenant.name}`,
        adminStateUp: true,
        ikepolicyId: ike.id,
        ipsecpolicyId: ipsec.id,
        vpnserviceId: service.id,
        localEpGroupId: local.id,
        peerEpGroupId: peer.id,
        peerAddress: vpn.peerAddress,
        peerId: vpn.peerId,
        psk: psk.stringValue,
        dpd: [{ action: 'restart', interval: 30, timeout: 120 }],
      });
      this.vpnSiteConnectionId = connection.id;
    }

    // ---- FWaaS v2 ----------------------------------------------------------------------------------
    if (fwaas) {
      this.firewallGroupId = this.addFirewall(name, cidr.toString(), plan.tierBlocks[NetworkTier.PUBLIC].toString(), publicPorts, firewalledPorts, {
        managementBlock,
        peerCidrs: vpn?.peerCidrs ?? [],
      });
    }

    this.networkIds = mapTiers((t) => networks[t].id);
    this.subnetIds = mapTiers((t) => subnets[t].id);
    this.subnetCidrs = mapTiers((t) => plan.tierBlocks[t].toString());
    this.securityGroupIds = mapTiers((t) => groups[t].id);
    this.securityGroupNames = mapTiers((t) => name(t));
    this.routerId = router.id;
    this.internalRouterId = internalRouter.id;
    this.ntpServers = ntpServers;
    this.securityGroupRuleCount = planned.length;
    this.groups = groups;
    this.subnets = subnets;
    this.networks = networks;
    this.rulesByTier = rulesByTier;
    this.routing.push(...interfaces, ...internalInterfaces, ...routes);
  }

  /**
   * What an instance on a tier must be created after: the tier's subnet and security group,
   * every rule of that group, and the router interfaces and routes that make the tier reachable.
   * Pass it as `dependsOn`, so Terraform never boots a host before its network admits anything.
   */
  public dependenciesOf(tier: NetworkTier): ITerraformDependable[] {
    return [this.subnets[tier], this.groups[tier], ...this.rulesByTier[tier], ...this.routing];
  }

  /**
   * A port on a tier's subnet with the tier's security group referenced by ID (an instance's
   * `security_groups` takes names only), for a compute instance's `network { port = ... }`. The
   * instance using it should depend on {@link dependenciesOf} the tier: the port itself needs
   * only the subnet and the group it references.
   */
  public addPort(scope: Construct, id: string, tier: NetworkTier, portName: string): NetworkingPortV2 {
    return new NetworkingPortV2(scope, id, {
      name: portName,
      description: `Port on the ${tier} tier`,
      networkId: this.networks[tier].id,
      adminStateUp: true,
      fixedIp: [{ subnetId: this.subnets[tier].id }],
      securityGroupIds: [this.groups[tier].id],
    });
  }

  private addFirewall(
    name: (suffix: string) => string,
    tenantCidr: string,
    publicBlock: string,
    publicPorts: readonly number[],
    ports: string[],
    admin: { readonly managementBlock: string; readonly peerCidrs: readonly string[] },
  ): string {
    const rule = (id: string, config: Omit<FwRuleV2Config, 'ipVersion' | 'enabled'>) =>
      new FwRuleV2(this, id, { ipVersion: 4, enabled: true, ...config }).id;

    // Between tiers the security groups decide; the firewall only filters the perimeter.
    const betweenTiers = (direction: string) => ({
      name: name(`fw-${direction}-between-tiers`),
      description: 'Traffic between the tenant\'s tiers (filtered by security groups)',
      action: 'allow',
      protocol: 'any',
      sourceIpAddress: tenantCidr,
      destinationIpAddress: tenantCidr,
    });
    // Administrators behind the VPN reach the management tier (the groups admit the admin ports).
    const vpnPeers = (direction: string) => admin.peerCidrs.flatMap((peer, i) => [
      rule(`Firewall${direction}VpnPeer${i}ToManagement`, {
        name: name(`fw-${direction.toLowerCase()}-vpn-peer-${i}-to-management`),
        description: `VPN peer range ${peer} to the management tier (filtered by security groups)`,
        action: 'allow', protocol: 'any', sourceIpAddress: peer, destinationIpAddress: admin.managementBlock,
      }),
      rule(`Firewall${direction}ManagementToVpnPeer${i}`, {
        name: name(`fw-${direction.toLowerCase()}-management-to-vpn-peer-${i}`),
        description: `The management tier to VPN peer range ${peer} (filtered by security groups)`,
        action: 'allow', protocol: 'any', sourceIpAddress: admin.managementBlock, destinationIpAddress: peer,
      }),
    ]);
    const outbound = [
      rule('FirewallEgressBetweenTiers', betweenTiers('egress')),
      ...vpnPeers('Egress'),
      rule('FirewallEgressHttps', { name: name('fw-egress-https'), description: 'HTTPS out from the tenant range', action: 'allow', protocol: 'tcp', sourceIpAddress: tenantCidr, destinationPort: '443' }),
      rule('FirewallEgressDnsUdp', { name: name('fw-egress-dns-udp'), description: 'DNS out from the tenant range', action: 'allow', protocol: 'udp', sourceIpAddress: tenantCidr, destinationPort: '53' }),
      rule('FirewallEgressDnsTcp', { name: name('fw-egress-dns-tcp'), description: 'DNS over TCP out from the tenant range', action: 'allow', protocol: 'tcp', sourceIpAddress: tenantCidr, destinationPort: '53' }),
      rule('FirewallEgressNtp', { name: name('fw-egress-ntp'), description: 'NTP out from the tenant range', action: 'allow', protocol: 'udp', sourceIpAddress: tenantCidr, destinationPort: '123' }),
      rule('FirewallEgressDenyRest', { name: name('fw-egress-deny'), description: 'Deny every other outbound connection', action: 'deny', protocol: 'any' }),
    ];
    const inbound = [
      rule('FirewallIngressBetweenTiers', betweenTiers('ingress')),
      ...vpnPeers('Ingress'),
      ...publicPorts.map((port) => rule(`FirewallIngressPublic${port}`, {
        name: name(`fw-ingress-public-${port}`),
        description: `TCP ${port} in to the public tier (load balancers)`,
        action: 'allow',
        protocol: 'tcp',
        destinationIpAddress: publicBlock,
        destinationPort: String(port),
      })),
      rule('FirewallIngressDenyRest', { name: name('fw-ingress-deny'), description: 'Deny every other inbound connection', action: 'deny', protocol: 'any' }),
    ];
    const egressPolicy = new FwPolicyV2(this, 'FirewallEgressPolicy', {
      name: name('fw-egress'),
      description: 'Out of the tenant: HTTPS, DNS and NTP only (ABSC-NET-03)',
      audited: true,
      rules: outbound,
    });
    const ingressPolicy = new FwPolicyV2(this, 'FirewallIngressPolicy', {
      name: name('fw-ingress'),
      description: 'Into the tenant: the public tier\'s ports only (ABSC-NET-03)',
      audited: true,
      rules: inbound,
    });
    const group = new FwGroupV2(this, 'FirewallGroup', {
      name: name('fw'),
      description: 'Egress filter on the tenant\'s router ports (ABSC-NET-03)',
      adminStateUp: true,
      egressFirewallPolicyId: egressPolicy.id,
      ingressFirewallPolicyId: ingressPolicy.id,
      ports,
    });
    return group.id;
  }
}

function mapTiers<T>(f: (tier: NetworkTier) => T): Record<NetworkTier, T> {
  return Object.fromEntries(NETWORK_TIERS.map((t) => [t, f(t)])) as Record<NetworkTier, T>;
}

interface ParsedVpn {
  readonly peerAddress: string;
  readonly peerId: string;
  readonly peerCidrs: readonly string[];
  readonly pskVariableName: string;
  readonly providerRouterId?: string;
}

function parseVpn(vpn: LandingZoneVpnProps, tenantCidr: Cidr): ParsedVpn {
  const peerAddress = checkIpv4Address(vpn.peerAddress, 'vpn.peerAddress', '203.0.113.10');
  if (!Array.isArray(vpn.peerCidrs) || vpn.peerCidrs.length === 0) {
    throw new PaCloudKitError({ field: 'vpn.peerCidrs', value: vpn.peerCidrs, rule: 'must list at least one administration range behind the VPN peer' });
  }
  const peerCidrs = vpn.peerCidrs.map((text, i) => {
    const field = `vpn.peerCidrs[${i}]`;
    const range = Cidr.parse(text, field);
    if (range.prefixLength < MIN_PEER_PREFIX) {
      throw new PaCloudKitError({
        field,
        value: text,
        rule: `must be a specific administration range (/${MIN_PEER_PREFIX} or longer), never the whole internet`,
        control: 'ABSC-NET-02',
      });
    }
    if (range.overlaps(tenantCidr)) {
      throw new PaCloudKitError({ field, value: text, rule: `must not overlap the tenant range ${tenantCidr}` });
    }
    return range.toString();
  });
  const peerId = vpn.peerId === undefined ? peerAddress : vpn.peerId.trim();
  if (peerId === '') {
    throw new PaCloudKitError({ field: 'vpn.peerId', value: vpn.peerId, rule: 'must be the peer\'s IKE identity (an address, FQDN or e-mail), or left out to use the peer address' });
  }
  const pskVariableName = vpn.pskVariableName ?? DEFAULT_VPN_PSK_VARIABLE;
  if (!/^[a-z_][a-z0-9_]{0,63}$/.test(pskVariableName)) {
    throw new PaCloudKitError({ field: 'vpn.pskVariableName', value: vpn.pskVariableName, rule: 'must be a Terraform variable name of lower-case letters, digits and underscores, e.g. "vpn_psk"' });
  }
  let providerRouterId: string | undefined;
  if (vpn.providerRouterId !== undefined) {
    providerRouterId = typeof vpn.providerRouterId === 'string' ? vpn.providerRouterId.trim() : '';
    if (!UUID.test(providerRouterId)) {
      throw new PaCloudKitError({ field: 'vpn.providerRouterId', value: vpn.providerRouterId, rule: 'must be the ID (a UUID) of the router the provider created in the project with SNAT off, e.g. "0f3c6a7e-2b1d-4c5e-9f80-1a2b3c4d5e6f"' });
    }
  }
  return { peerAddress, peerId, peerCidrs, pskVariableName, providerRouterId };
}

/** Every security-group rule of the landing zone, in a stable order. */
function planRules(input: {
  publicPorts: readonly number[];
  appPorts: readonly number[];
  dbPorts: readonly number[];
  managementBlock: string;
  tenantCidr: string;
  vpn?: ParsedVpn;
  proxy?: { address: string; port: number };
  ntpServers: readonly string[];
}): PlannedRule[] {
  const rules: PlannedRule[] = [];
  const tcp = (port: number): PortRange => ({ from: port, to: port });
  const add = (r: Omit<PlannedRule, 'id'>, id: string) => rules.push({ ...r, id: `${title(r.tier)}${id}` });

  // Ingress.
  for (const port of input.publicPorts) {
    add({ tier: NetworkTier.PUBLIC, direction: 'ingress', protocol: 'tcp', ports: tcp(port), remote: { cidr: ANY_IPV4 }, description: `TCP ${port} from the internet (load balancers)` }, `IngressTcp${port}FromInternet`);
  }
  for (const port of input.appPorts) {
    add({ tier: NetworkTier.PRIVATE, direction: 'ingress', protocol: 'tcp', ports: tcp(port), remote: { group: NetworkTier.PUBLIC }, description: `TCP ${port} from the public tier's group` }, `IngressTcp${port}FromPublic`);
  }
  for (const port of input.dbPorts) {
    add({ tier: NetworkTier.DATA, direction: 'ingress', protocol: 'tcp', ports: tcp(port), remote: { group: NetworkTier.PRIVATE }, description: `TCP ${port} from the private tier's group` }, `IngressTcp${port}FromPrivate`);
  }
  // The management tier itself is covered by the range rules below (its hosts are in the range).
  for (const tier of NETWORK_TIERS.filter((t) => t !== NetworkTier.MANAGEMENT)) {
    for (const range of ADMIN_PORTS) {
      const label = portRangeLabel(range);
      add({ tier, direction: 'ingress', protocol: 'tcp', ports: range, remote: { group: NetworkTier.MANAGEMENT }, description: `Admin TCP ${label} from the management group` }, `IngressAdmin${label}FromManagement`);
    }
  }
  const adminSources = [
    { cidr: input.managementBlock, label: 'ManagementRange', text: 'the management range' },
    ...(input.vpn?.peerCidrs ?? []).map((c, i) => ({ cidr: c, label: `VpnPeer${i}`, text: `VPN peer range ${c}` })),
  ];
  for (const source of adminSources) {
    for (const range of ADMIN_PORTS) {
      const label = portRangeLabel(range);
      add({ tier: NetworkTier.MANAGEMENT, direction: 'ingress', protocol: 'tcp', ports: range, remote: { cidr: source.cidr }, description: `Admin TCP ${label} from ${source.text}` }, `IngressAdmin${label}From${source.label}`);
    }
  }

  // Egress: the routed tiers reach HTTPS, DNS and NTP outside; each tier reaches the next one's ports.
  const outside = [
    { protocol: 'tcp' as const, port: 443, label: 'Https', text: 'HTTPS' },
    { protocol: 'udp' as const, port: 53, label: 'DnsUdp', text: 'DNS' },
    { protocol: 'tcp' as const, port: 53, label: 'DnsTcp', text: 'DNS over TCP' },
    { protocol: 'udp' as const, port: 123, label: 'Ntp', text: 'NTP' },
  ];
  for (const tier of ROUTED_TIERS) {
    for (const o of outside) {
      add({ tier, direction: 'egress', protocol: o.protocol, ports: tcp(o.port), remote: { cidr: ANY_IPV4 }, description: `${o.text} out` }, `Egress${o.label}`);
    }
  }
  for (const port of input.appPorts) {
    add({ tier: NetworkTier.PUBLIC, direction: 'egress', protocol: 'tcp', ports: tcp(port), remote: { group: NetworkTier.PRIVATE }, description: `TCP ${port} to the private tier's group` }, `EgressTcp${port}ToPrivate`);
  }
  for (const port of input.dbPorts) {
    add({ tier: NetworkTier.PRIVATE, direction: 'egress', protocol: 'tcp', ports: tcp(port), remote: { group: NetworkTier.DATA }, description: `TCP ${port} to the data tier's group` }, `EgressTcp${port}ToData`);
  }
  // Management: admin ports to every tier's group, and HTTPS, DNS, NTP inside the tenant range
  // (the cloud's API endpoints and resolvers as the provider exposes them to the tenant) and to
  // the VPN peer ranges. It has no internet route.
  for (const tier of NETWORK_TIERS) {
    for (const range of ADMIN_PORTS) {
      const label = portRangeLabel(range);
      add({ tier: NetworkTier.MANAGEMENT, direction: 'egress', protocol: 'tcp', ports: range, remote: { group: tier }, description: `Admin TCP ${label} to the ${tier} group` }, `EgressAdmin${label}To${title(tier)}`);
    }
  }
  const managementDestinations = [
    { cidr: input.tenantCidr, label: 'Tenant', text: 'the tenant range' },
    ...(input.vpn?.peerCidrs ?? []).map((c, i) => ({ cidr: c, label: `VpnPeer${i}`, text: `VPN peer range ${c}` })),
  ];
  for (const d of managementDestinations) {
    for (const o of outside) {
      add({ tier: NetworkTier.MANAGEMENT, direction: 'egress', protocol: o.protocol, ports: tcp(o.port), remote: { cidr: d.cidr }, description: `${o.text} to ${d.text}` }, `Egress${o.label}To${d.label}`);
    }
  }
  if (input.proxy) {
    const { address, port } = input.proxy;
    add({ tier: NetworkTier.MANAGEMENT, direction: 'egress', protocol: 'tcp', ports: tcp(port), remote: { cidr: `${address}/32` }, description: `HTTP proxy ${address}:${port} (cloud APIs, package mirrors)` }, 'EgressProxy');
  }
  // The isolated tiers keep time with the provider's NTP servers (INRiM is out of their reach).
  for (const tier of INTERNAL_TIERS) {
    input.ntpServers.forEach((address, i) => {
      add({ tier, direction: 'egress', protocol: 'udp', ports: tcp(123), remote: { cidr: `${address}/32` }, description: `NTP to the provider's time server ${address}` }, `EgressNtpServer${i}`);
    });
  }
  return rules;
}

/**
 * Test support: a walker over the route tables of a synthesized VPC. It follows a packet from a
 * subnet to a destination address hop by hop (longest-prefix match, the local route for the VPC
 * range, NAT gateways, egress firewall endpoints, the internet gateway) and records the firewall
 * endpoints it crosses, so tests can compare the forward and return paths.
 */
import type { CfnTemplate } from './policy-evaluator';

interface Cidr { readonly base: number; readonly bits: number; readonly text: string }

function parseCidr(text: string): Cidr {
  const [ip, bits] = text.split('/');
  return { base: ipToNumber(ip), bits: Number(bits), text };
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function contains(cidr: Cidr, ip: number): boolean {
  const size = 2 ** (32 - cidr.bits);
  return ip >= cidr.base && ip < cidr.base + size;
}

/** An address inside a range: its 10th host. */
export function hostIn(cidr: string): string {
  const { base } = parseCidr(cidr);
  const n = base + 10;
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

type Target = { kind: 'local' } | { kind: 'igw' } | { kind: 'nat'; id: string } | { kind: 'firewall'; id: string };

interface Route { readonly destination: Cidr; readonly target: Target }

export interface WalkedSubnet {
  readonly id: string;
  readonly cidr: string;
  readonly zone: string;
  /** The subnet group (`aws-cdk:subnet-name` tag): Public, Private, Data, Management, Firewall. */
  readonly group: string;
}

/** One hop of a path. */
export type Hop = { kind: 'firewall' | 'nat'; id: string } | { kind: 'deliver'; subnet: string } | { kind: 'internet' };

export class RouteWalker {
  public readonly subnets: WalkedSubnet[] = [];
  private readonly vpc: Cidr;
  private readonly routes = new Map<string, Route[]>();
  private readonly tableOf = new Map<string, string>();
  private readonly natSubnet = new Map<string, string>();
  private readonly firewallSubnet = new Map<string, string>();

  constructor(template: CfnTemplate) {
    const res = Object.entries(template.Resources);
    const vpcs = res.filter(([, r]) => r.Type === 'AWS::EC2::VPC');
    if (vpcs.length !== 1) throw new Error(`expected one VPC, found ${vpcs.length}`);
    this.vpc = parseCidr(vpcs[0][1].Properties!.CidrBlock);
    const ref = (v: unknown, what: string): string => {
      const id = (v as { Ref?: string })?.Ref;
      if (typeof id !== 'string') throw new Error(`${what}: expected a Ref, got ${JSON.stringify(v)}`);
      return id;
    };
    for (const [id, r] of res) {
      const p = r.Properties ?? {};
      if (r.Type === 'AWS::EC2::Subnet') {
        const group = (p.Tags as Array<{ Key: string; Value: string }>).find((t) => t.Key === 'aws-cdk:subnet-name')?.Value ?? '?';
        this.subnets.push({ id, cidr: p.CidrBlock, zone: p.AvailabilityZone, group });
      } else if (r.Type === 'AWS::EC2::SubnetRouteTableAssociation') {
        this.tableOf.set(ref(p.SubnetId, id), ref(p.RouteTableId, id));
      } else if (r.Type === 'AWS::EC2::NatGateway') {
        this.natSubnet.set(id, ref(p.SubnetId, id));
      } else if (r.Type === 'AWS::NetworkFirewall::Firewall') {
        const mappings = p.SubnetMappings as Array<{ SubnetId: unknown }>;
        if (mappings.length !== 1) throw new Error(`${id}: the walker knows single-zone firewalls only`);
        this.firewallSubnet.set(id, ref(mappings[0].SubnetId, id));
      }
    }
    for (const [id, r] of res) {
      if (r.Type !== 'AWS::EC2::Route') continue;
      const p = r.Properties!;
      if (p.DestinationCidrBlock === undefined) continue; // prefix-list routes (gateway endpoints) carry AWS service traffic only
      const table = ref(p.RouteTableId, id);
      let target: Target;
      if (p.GatewayId !== undefined) target = { kind: 'igw' };
      else if (p.NatGatewayId !== undefined) target = { kind: 'nat', id: ref(p.NatGatewayId, id) };
      else if (p.VpcEndpointId !== undefined) target = { kind: 'firewall', id: firewallOfEndpoint(p.VpcEndpointId) };
      else throw new Error(`${id}: unknown route target ${JSON.stringify(p)}`);
      const list = this.routes.get(table) ?? [];
      list.push({ destination: parseCidr(p.DestinationCidrBlock), target });
      this.routes.set(table, list);
    }
  }

  /** The subnet of a NAT gateway. */
  public natSubnetOf(natId: string): string {
    const subnet = this.natSubnet.get(natId);
    if (!subnet) throw new Error(`no NAT gateway ${natId}`);
    return subnet;
  }

  public subnet(id: string): WalkedSubnet {
    const found = this.subnets.find((s) => s.id === id);
    if (!found) throw new Error(`no subnet ${id}`);
    return found;
  }

  public group(name: string): WalkedSubnet[] {
    return this.subnets.filter((s) => s.group === name);
  }

  /** The route a packet for `ip` takes in the subnet's table: longest prefix, the VPC's local route included. */
  public lookup(subnetId: string, ip: string): Target | undefined {
    const n = ipToNumber(ip);
    const table = this.tableOf.get(subnetId);
    if (!table) throw new Error(`subnet ${subnetId} has no route table`);
    const candidates: Route[] = [{ destination: this.vpc, target: { kind: 'local' } }, ...(this.routes.get(table) ?? [])];
    return candidates.filter((r) => contains(r.destination, n)).sort((a, b) => b.destination.bits - a.destination.bits)[0]?.target;
  }

  /**
   * The hops of a packet from `fromSubnet` to `ip`, until it is delivered to a subnet of the VPC,
   * leaves through the internet gateway, or is dropped (no route: throws). A NAT gateway is a
   * hop; the packet continues from the gateway's subnet.
   */
  public walk(fromSubnet: string, ip: string): Hop[] {
    const hops: Hop[] = [];
    let at = fromSubnet;
    for (let step = 0; step < 10; step++) {
      const target = this.lookup(at, ip);
      if (!target) throw new Error(`no route from ${at} to ${ip}: dropped`);
      if (target.kind === 'local') {
        const dest = this.subnets.find((s) => contains(parseCidr(s.cidr), ipToNumber(ip)));
        if (!dest) throw new Error(`${ip} is in no subnet`);
        hops.push({ kind: 'deliver', subnet: dest.id });
        return hops;
      }
      if (target.kind === 'igw') {
        hops.push({ kind: 'internet' });
        return hops;
      }
      hops.push({ kind: target.kind, id: target.id });
      at = target.kind === 'nat' ? this.natSubnet.get(target.id)! : this.firewallSubnet.get(target.id)!;
    }
    throw new Error(`routing loop from ${fromSubnet} to ${ip}: ${JSON.stringify(hops)}`);
  }

  /** The firewalls a walk crosses, in order. */
  public static firewalls(hops: readonly Hop[]): string[] {
    return hops.filter((h): h is { kind: 'firewall'; id: string } => h.kind === 'firewall').map((h) => h.id);
  }
}

/** The firewall whose endpoint a route names: `Fn::Select [1, Fn::Split [':', Fn::Select [0, Fn::GetAtt [<firewall>, EndpointIds]]]]`. */
function firewallOfEndpoint(value: unknown): string {
  const text = JSON.stringify(value);
  const match = /"Fn::GetAtt":\["([^"]+)","EndpointIds"\]/.exec(text);
  if (!match) throw new Error(`route to an endpoint that is not a firewall's: ${text}`);
  return match[1];
}

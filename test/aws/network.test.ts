import { App, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LandingZoneNetwork, LandingZoneNetworkProps } from '../../lib/aws/network';
import {
  Acknowledgement,
  CompliancePolicy,
  DataClassification,
  NetworkTier,
  TenantIdentity,
  planTenantNetwork,
  subnetsOfTier,
} from '../../lib/core';

const ENV = { account: '111111111111', region: 'eu-south-1' };
const ZONES = ['eu-south-1a', 'eu-south-1b', 'eu-south-1c'];
const CIDR = '10.20.0.0/16';
const AZ_CONTEXT = { [`availability-zones:account=${ENV.account}:region=${ENV.region}`]: [...ZONES, 'eu-south-1d'] };
const ADMIN_PORTS = [22, 3389, 5985, 5986];

type Built = { stack: Stack; network: LandingZoneNetwork; template: Template };

function tenantOf(classification: DataClassification): TenantIdentity {
  return TenantIdentity.of({
    ipaCode: 'c_h501',
    name: 'Comune di Esempio',
    classification,
    qualification: 'QC3',
    owner: 'Servizio ICT',
    incidentContact: 'cert@comune.example.it',
  });
}

function build(
  classification: DataClassification,
  props: Partial<LandingZoneNetworkProps> = {},
  acknowledgements: Acknowledgement[] = [],
): { stack: Stack; network: LandingZoneNetwork } {
  const app = new App({ context: AZ_CONTEXT });
  const stack = new Stack(app, 'Tenant', { env: ENV });
  const bucket = new s3.Bucket(stack, 'Archive');
  const network = new LandingZoneNetwork(stack, 'Network', {
    tenant: tenantOf(classification),
    policy: CompliancePolicy.forClassification(classification, { acknowledgements }),
    cidr: CIDR,
    availabilityZones: ZONES,
    flowLogBucket: bucket,
    ...props,
  });
  return { stack, network };
}

function synth(classification: DataClassification, props: Partial<LandingZoneNetworkProps> = {}, acks: Acknowledgement[] = []): Built {
  const built = build(classification, props, acks);
  return { ...built, template: Template.fromStack(built.stack) };
}

/** Every ingress rule of the template: inline rules of security groups and standalone ingress resources. */
function allIngress(template: Template): Array<Record<string, unknown>> {
  const inline = Object.values(template.findResources('AWS::EC2::SecurityGroup'))
    .flatMap((r) => (r.Properties?.SecurityGroupIngress ?? []) as Array<Record<string, unknown>>);
  const standalone = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties as Record<string, unknown>);
  return [...inline, ...standalone];
}

function admitsAdminPortFromInternet(rule: Record<string, unknown>): boolean {
  if (rule.CidrIp !== '0.0.0.0/0' && rule.CidrIpv6 !== '::/0') return false;
  if (String(rule.IpProtocol) === '-1') return true;
  if (rule.IpProtocol !== 'tcp') return false;
  return ADMIN_PORTS.some((p) => (rule.FromPort as number) <= p && p <= (rule.ToPort as number));
}

/** Logical IDs of the route tables of one subnet group. */
function routeTablesOf(template: Template, group: string): string[] {
  const subnets = template.findResources('AWS::EC2::Subnet', {
    Properties: { Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: group }]) },
  });
  const associations = Object.values(template.findResources('AWS::EC2::SubnetRouteTableAssociation'));
  return Object.keys(subnets).map((subnetId) => {
    const association = associations.find((a) => a.Properties.SubnetId.Ref === subnetId);
    return association!.Properties.RouteTableId.Ref as string;
  });
}

function routesOf(template: Template, routeTableIds: string[]): Array<Record<string, any>> {
  return Object.values(template.findResources('AWS::EC2::Route'))
    .map((r) => r.Properties)
    .filter((p) => routeTableIds.includes(p.RouteTableId.Ref));
}

const PLAN = planTenantNetwork({ cidr: CIDR, availabilityZones: ZONES });
const GROUP_OF: Record<NetworkTier, string> = {
  [NetworkTier.PUBLIC]: 'Public',
  [NetworkTier.PRIVATE]: 'Private',
  [NetworkTier.DATA]: 'Data',
  [NetworkTier.MANAGEMENT]: 'Management',
};

interface ClassExpectation {
  readonly classification: DataClassification;
  readonly natGateways: number;
  readonly firewalls: number;
}

const CLASSES: ClassExpectation[] = [
  { classification: DataClassification.ORDINARIO, natGateways: 1, firewalls: 0 },
  { classification: DataClassification.CRITICO, natGateways: 3, firewalls: 0 },
  { classification: DataClassification.STRATEGICO, natGateways: 3, firewalls: 3 },
];

const built = new Map<DataClassification, Built>();
beforeAll(() => {
  for (const c of CLASSES) built.set(c.classification, synth(c.classification));
});

describe.each(CLASSES)('LandingZoneNetwork defaults for $classification', ({ classification, natGateways, firewalls }) => {
  const get = () => built.get(classification)!;

  test('every subnet has exactly the CIDR and zone of the core plan, in its tier', () => {
    const { template } = get();
    for (const subnet of PLAN.subnets) {
      template.hasResourceProperties('AWS::EC2::Subnet', {
        CidrBlock: subnet.cidr.toString(),
        AvailabilityZone: subnet.availabilityZone,
        Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: GROUP_OF[subnet.tier] }]),
      });
    }
    template.resourceCountIs('AWS::EC2::Subnet', PLAN.subnets.length + firewalls);
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: CIDR, EnableDnsHostnames: true, EnableDnsSupport: true });
    // Spot checks independent of the planner: data tier, zone b; management tier, zone c.
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.20.144.0/20', AvailabilityZone: 'eu-south-1b' });
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.20.224.0/20', AvailabilityZone: 'eu-south-1c' });
  });

  test(`has ${natGateways} NAT gateway(s)`, () => {
    get().template.resourceCountIs('AWS::EC2::NatGateway', natGateways);
    expect(get().network.natGatewayCount).toBe(natGateways);
  });

  test(`has ${firewalls} egress firewall(s)`, () => {
    const { template, network } = get();
    template.resourceCountIs('AWS::NetworkFirewall::Firewall', firewalls);
    template.resourceCountIs('AWS::NetworkFirewall::FirewallPolicy', firewalls > 0 ? 1 : 0);
    expect(network.firewalls).toHaveLength(firewalls);
    expect(network.egressFirewall).toBe(firewalls > 0);
  });

  test('private subnets reach the internet only through NAT (or the firewall); data and management have no internet route', () => {
    const { template } = get();
    const privateRoutes = routesOf(template, routeTablesOf(template, 'Private')).filter((r) => r.DestinationCidrBlock === '0.0.0.0/0');
    expect(privateRoutes).toHaveLength(3);
    for (const route of privateRoutes) {
      expect(route.GatewayId).toBeUndefined();
      expect(route.NatGatewayId ?? route.VpcEndpointId).toBeDefined();
    }
    for (const group of ['Data', 'Management']) {
      expect(routesOf(template, routeTablesOf(template, group))).toEqual([]);
    }
  });

  test('restricts the default security group', () => {
    get().template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('flow logs of ALL traffic go to the archive under the tenant prefix', () => {
    const { template } = get();
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 's3',
      LogDestination: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Archive'), 'Arn'] }, '/vpc-flow-logs/c_h501/']] },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:PutObject',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Resource: { 'Fn::Join': ['', [Match.anyValue(), '/vpc-flow-logs/c_h501/AWSLogs/111111111111/*']] },
        })]),
      },
    });
  });

  test('S3 and DynamoDB gateway endpoints serve every private, data and management subnet', () => {
    const { template } = get();
    const tables = ['Private', 'Data', 'Management'].flatMap((g) => routeTablesOf(template, g));
    for (const service of ['s3', 'dynamodb']) {
      const endpoint = Object.values(template.findResources('AWS::EC2::VPCEndpoint', {
        Properties: { VpcEndpointType: 'Gateway', ServiceName: { 'Fn::Join': ['', Match.arrayWith([`.${service}`])] } },
      }));
      expect(endpoint).toHaveLength(1);
      const served = (endpoint[0].Properties.RouteTableIds as Array<{ Ref: string }>).map((r) => r.Ref);
      expect(served).toEqual(expect.arrayContaining(tables));
    }
  });

  test('Session Manager, KMS and Logs interface endpoints sit in the management subnets, HTTPS from the VPC only', () => {
    const { template, stack, network } = get();
    const managementSubnets = stack.resolve(network.managementSubnets.map((s) => s.subnetId));
    const sg = stack.resolve(network.endpointSecurityGroup.securityGroupId);
    for (const service of ['ssm', 'ssmmessages', 'ec2messages', 'kms', 'logs']) {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Interface',
        ServiceName: `com.amazonaws.eu-south-1.${service}`,
        PrivateDnsEnabled: true,
        SubnetIds: managementSubnets,
        SecurityGroupIds: [sg],
      });
    }
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 7);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ CidrIp: CIDR, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: Match.anyValue() }],
    });
  });

  test('the data tier NACL allows only the VPC range and denies the rest, both ways', () => {
    const { template, stack, network } = get();
    const acl = stack.resolve(network.dataNetworkAcl.networkAclId);
    for (const egress of [false, true]) {
      template.hasResourceProperties('AWS::EC2::NetworkAclEntry', {
        NetworkAclId: acl, Egress: egress, RuleNumber: 100, RuleAction: 'allow', CidrBlock: CIDR, Protocol: -1,
      });
      template.hasResourceProperties('AWS::EC2::NetworkAclEntry', {
        NetworkAclId: acl, Egress: egress, RuleNumber: 200, RuleAction: 'deny', CidrBlock: '0.0.0.0/0', Protocol: -1,
      });
    }
    const associated = Object.values(template.findResources('AWS::EC2::SubnetNetworkAclAssociation'))
      .filter((a) => a.Properties.NetworkAclId.Ref === acl.Ref)
      .map((a) => a.Properties.SubnetId);
    expect(associated).toEqual(stack.resolve(network.dataSubnets.map((s) => s.subnetId)));
  });

  test('no security group admits admin ports from the internet', () => {
    const rules = allIngress(get().template);
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.filter(admitsAdminPortFromInternet)).toEqual([]);
  });

  test('every subnet carries the mandatory tenant tags', () => {
    const subnets = Object.values(get().template.findResources('AWS::EC2::Subnet'));
    for (const subnet of subnets) {
      expect(subnet.Properties.Tags).toEqual(expect.arrayContaining([
        { Key: 'pa:ipa-code', Value: 'c_h501' },
        { Key: 'pa:classification', Value: classification },
      ]));
    }
  });
});

describe('egress firewall of a strategico tenant', () => {
  const get = () => built.get(DataClassification.STRATEGICO)!;

  test('firewall subnets take the public tier\'s free fourth slot, one quarter per zone', () => {
    const spare = PLAN.tierBlocks[NetworkTier.PUBLIC].child(3, 20);
    expect(spare.toString()).toBe('10.20.48.0/20');
    ['10.20.48.0/22', '10.20.52.0/22', '10.20.56.0/22'].forEach((cidr, i) => {
      get().template.hasResourceProperties('AWS::EC2::Subnet', {
        CidrBlock: cidr,
        AvailabilityZone: ZONES[i],
        Tags: Match.arrayWith([{ Key: 'aws-cdk:subnet-name', Value: 'Firewall' }]),
      });
    });
  });

  test('one single-zone firewall per zone, sharing a default-deny policy', () => {
    const { template, stack, network } = get();
    network.firewalls.forEach((firewall, i) => {
      expect(stack.resolve(firewall.subnetMappings)).toEqual([{ subnetId: stack.resolve(network.firewallSubnets[i].subnetId) }]);
    });
    template.hasResourceProperties('AWS::NetworkFirewall::FirewallPolicy', {
      FirewallPolicy: {
        StatelessDefaultActions: ['aws:forward_to_sfe'],
        StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        StatefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
        StatefulEngineOptions: { RuleOrder: 'STRICT_ORDER', StreamExceptionPolicy: 'DROP' },
      },
    });
  });

  test('the rule group passes only HTTPS, HTTP, NTP and DNS from the VPC range', () => {
    const groups = Object.values(get().template.findResources('AWS::NetworkFirewall::RuleGroup'));
    expect(groups).toHaveLength(1);
    const rules = groups[0].Properties.RuleGroup.RulesSource.StatefulRules as Array<Record<string, any>>;
    expect(rules.map((r) => [r.Action, r.Header.Protocol, r.Header.DestinationPort, r.Header.Source])).toEqual([
      ['PASS', 'TCP', '443', CIDR],
      ['PASS', 'TCP', '80', CIDR],
      ['PASS', 'UDP', '123', CIDR],
      ['PASS', 'UDP', '53', CIDR],
      ['PASS', 'TCP', '53', CIDR],
    ]);
  });

  test('private → firewall endpoint of the same zone → NAT of the same zone, and the return path through the same endpoint', () => {
    const { template, stack, network } = get();
    const endpointOf = (i: number) => ({
      'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::Select': [0, { 'Fn::GetAtt': [stack.getLogicalId(network.firewalls[i]), 'EndpointIds'] }] }] }],
    });
    const privateTables = routeTablesOf(template, 'Private');
    const firewallTables = routeTablesOf(template, 'Firewall');
    const publicTables = routeTablesOf(template, 'Public');
    const nats = Object.keys(template.findResources('AWS::EC2::NatGateway'));
    const privateRanges = subnetsOfTier(PLAN, NetworkTier.PRIVATE).map((s) => s.cidr.toString());
    const publicRanges = subnetsOfTier(PLAN, NetworkTier.PUBLIC).map((s) => s.cidr.toString());
    ZONES.forEach((_, i) => {
      // The default route, and every public subnet's range (the matching more-specific routes), through the zone's endpoint.
      expect(routesOf(template, [privateTables[i]])).toEqual([
        expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', VpcEndpointId: endpointOf(i) }),
        ...publicRanges.map((range) => expect.objectContaining({ DestinationCidrBlock: range, VpcEndpointId: endpointOf(i) })),
      ]);
      expect(routesOf(template, [firewallTables[i]])).toEqual([
        expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: { Ref: nats[i] } }),
      ]);
      for (const table of publicTables) {
        expect(routesOf(template, [table])).toContainEqual(
          expect.objectContaining({ DestinationCidrBlock: privateRanges[i], VpcEndpointId: endpointOf(i) }),
        );
      }
    });
  });

  test('firewall alert and flow logs go to the archive under the network prefix', () => {
    get().template.resourcePropertiesCountIs('AWS::NetworkFirewall::LoggingConfiguration', {
      LoggingConfiguration: {
        LogDestinationConfigs: [
          { LogType: 'ALERT', LogDestinationType: 'S3', LogDestination: { bucketName: Match.anyValue(), prefix: 'vpc-flow-logs/c_h501' } },
          { LogType: 'FLOW', LogDestinationType: 'S3', LogDestination: { bucketName: Match.anyValue(), prefix: 'vpc-flow-logs/c_h501' } },
        ],
      },
    }, 3);
  });
});

describe('egress firewall options', () => {
  test('critico: off by default with an info note, on with egressFirewall: true', () => {
    const off = built.get(DataClassification.CRITICO)!;
    Annotations.fromStack(off.stack).hasInfo('/Tenant/Network', Match.stringLikeRegexp('ABSC-NET-03'));
    const on = synth(DataClassification.CRITICO, { egressFirewall: true });
    on.template.resourceCountIs('AWS::NetworkFirewall::Firewall', 3);
    on.template.resourceCountIs('AWS::EC2::NatGateway', 3);
  });

  test('ordinario may turn it on (stronger): three firewalls in front of the single NAT gateway', () => {
    const { template } = synth(DataClassification.ORDINARIO, { egressFirewall: true });
    template.resourceCountIs('AWS::NetworkFirewall::Firewall', 3);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    const nat = Object.keys(template.findResources('AWS::EC2::NatGateway'))[0];
    for (const route of routesOf(template, routeTablesOf(template, 'Firewall'))) {
      expect(route.NatGatewayId).toEqual({ Ref: nat });
    }
  });

  test('strategico may turn it off only with an acknowledgement of ABSC-NET-03, which leaves a warning', () => {
    const { template, stack } = synth(DataClassification.STRATEGICO, { egressFirewall: false }, [
      { control: 'ABSC-NET-03', reason: 'egress goes through the regional PSN proxy' },
    ]);
    template.resourceCountIs('AWS::NetworkFirewall::Firewall', 0);
    Annotations.fromStack(stack).hasWarning('/Tenant/Network', Match.stringLikeRegexp('ABSC-NET-03.*PSN proxy'));
  });

  test('strategico acknowledging ABSC-NET-03 gets no firewall by default, as the config loader assumes (core egressFilterOn), and may then take a /24', () => {
    const ack = [{ control: 'ABSC-NET-03', reason: 'egress goes through the regional PSN proxy' }];
    const { template, stack } = synth(DataClassification.STRATEGICO, { cidr: '10.20.0.0/24' }, ack);
    template.resourceCountIs('AWS::NetworkFirewall::Firewall', 0);
    Annotations.fromStack(stack).hasWarning('/Tenant/Network', Match.stringLikeRegexp('ABSC-NET-03.*PSN proxy'));
    expect(() => build(DataClassification.STRATEGICO, { cidr: '10.20.0.0/24' }))
      .toThrow(/^network\.cidr: must be \/22 or larger with the egress firewall on: its subnets \(a quarter of a tier slot each\) must be at least \/28, got "10\.20\.0\.0\/24"$/);
  });
});

describe('LandingZoneNetwork validation', () => {
  test('strategico without the firewall and without an acknowledgement', () => {
    expect(() => build(DataClassification.STRATEGICO, { egressFirewall: false }))
      .toThrow(/^network\.egressFirewall: must be true when the policy's egress filtering is firewall-required \(or acknowledge ABSC-NET-03 with a reason\), got false \[ABSC-NET-03\]$/);
  });

  test('a range too large for a tenant', () => {
    expect(() => build(DataClassification.ORDINARIO, { cidr: '10.0.0.0/8' })).toThrow(/^network\.cidr: must have a prefix length from \/16 to \/24, got "10\.0\.0\.0\/8"$/);
  });

  test('text that is not a CIDR', () => {
    expect(() => build(DataClassification.ORDINARIO, { cidr: '10.20.0.0' })).toThrow(/^network\.cidr: must be an IPv4 range in CIDR notation/);
  });

  test('a token instead of a literal CIDR', () => {
    expect(() => build(DataClassification.ORDINARIO, { cidr: Token.asString({ Ref: 'Cidr' }) })).toThrow(/^network\.cidr: must be a literal CIDR, not a token/);
  });

  test('no availability zones, or more than four', () => {
    expect(() => build(DataClassification.ORDINARIO, { availabilityZones: [] })).toThrow(/^network\.availabilityZones: must list 1 to 4 availability zones, got \[\]$/);
    expect(() => build(DataClassification.ORDINARIO, { availabilityZones: ['eu-south-1a', 'eu-south-1b', 'eu-south-1c', 'eu-south-1d', 'eu-south-1e'] }))
      .toThrow(/^network\.availabilityZones: must list 1 to 4 availability zones/);
  });

  test('a zone of another region', () => {
    expect(() => build(DataClassification.ORDINARIO, { availabilityZones: ['eu-south-1a', 'eu-west-1b'] }))
      .toThrow(/^network\.availabilityZones\[1\]: must be a zone of the region eu-south-1, e\.g\. "eu-south-1a", got "eu-west-1b"$/);
  });

  test('four zones with the egress firewall', () => {
    expect(() => build(DataClassification.STRATEGICO, { availabilityZones: [...ZONES, 'eu-south-1d'] }))
      .toThrow(/^network\.availabilityZones: must list at most 3 zones with the egress firewall on/);
  });

  test('four zones without the firewall are fine', () => {
    const { template } = synth(DataClassification.ORDINARIO, { availabilityZones: [...ZONES, 'eu-south-1d'] });
    template.resourceCountIs('AWS::EC2::Subnet', 16);
  });

  test('a range smaller than /22 with the egress firewall', () => {
    expect(() => build(DataClassification.STRATEGICO, { cidr: '10.20.0.0/23' }))
      .toThrow(/^network\.cidr: must be \/22 or larger with the egress firewall on: .*, got "10\.20\.0\.0\/23"$/);
  });

  test('a /22 with the egress firewall gets /28 firewall subnets', () => {
    const { template } = synth(DataClassification.STRATEGICO, { cidr: '10.20.0.0/22' });
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.20.0.192/28', AvailabilityZone: 'eu-south-1a' });
  });

  test('a bad flow log prefix', () => {
    expect(() => build(DataClassification.ORDINARIO, { flowLogPrefix: '/logs/' })).toThrow(/^network\.flowLogPrefix: must be an S3 key prefix .*, got "\/logs\/"$/);
    expect(() => build(DataClassification.ORDINARIO, { flowLogPrefix: 'x/AWSLogs/' })).toThrow(/^network\.flowLogPrefix: must be an S3 key prefix/);
  });

  test('a policy of another class than the tenant', () => {
    const app = new App({ context: AZ_CONTEXT });
    const stack = new Stack(app, 'Tenant', { env: ENV });
    expect(() => new LandingZoneNetwork(stack, 'Network', {
      tenant: tenantOf(DataClassification.STRATEGICO),
      policy: CompliancePolicy.forClassification(DataClassification.ORDINARIO),
      cidr: CIDR,
      availabilityZones: ZONES,
      flowLogBucket: new s3.Bucket(stack, 'Archive'),
    })).toThrow(/^network\.policy: must be the policy of the tenant's classification "strategico", got "ordinario"$/);
  });

  test('an admin port opened to the internet on a security group of the kit fails synthesis', () => {
    const { stack, network } = build(DataClassification.ORDINARIO);
    network.endpointSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    expect(() => Template.fromStack(stack)).toThrow(/\[ABSC-NET-02\] a security group admits an admin port .* tcp 22-22 from 0\.0\.0\.0\/0/);
  });
});

import { Annotations, FeatureFlags, Fn, Lazy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as networkfirewall from 'aws-cdk-lib/aws-networkfirewall';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import {
  Cidr,
  CompliancePolicy,
  EgressFiltering,
  MAX_AVAILABILITY_ZONES,
  NetworkTier,
  PaCloudKitError,
  TenantIdentity,
  TenantNetworkPlan,
  adminPortsSummary,
  awsLogsPrefix,
  flowLogPrefix,
  planTenantNetwork,
  subnetsOfTier,
  egressFilterOn,
} from '../core';
import { findInternetAdminIngress } from './private/admin-ports';
import { natGatewayCount } from './private/class-defaults';
import { FirewallNatProvider } from './private/firewall-nat-provider';
import { PlannedIpAddresses } from './private/planned-ip-addresses';
import { FIREWALL_MAX_TENANT_PREFIX, checkAvailabilityZones } from './settings';
import { applyTenantTags, assertPolicyOfTenant, parseLogPrefix } from './private/tenant-checks';

/** Properties of {@link LandingZoneNetwork}. */
export interface LandingZoneNetworkProps {
  /** The PA the network belongs to; its mandatory tags go on every resource. */
  readonly tenant: TenantIdentity;
  /** The tenant's compliance policy; every class-driven value comes from it. */
  readonly policy: CompliancePolicy;
  /**
   * The tenant's range, /16 to /24, laid out by the core's `planTenantNetwork` (a quarter per
   * tier, a sixteenth per subnet).
   */
  readonly cidr: string;
  /**
   * The availability zones, 1 to 4 (1 to 3 with the egress firewall), named explicitly: the
   * construct never looks them up.
   */
  readonly availabilityZones: readonly string[];
  /** The log archive bucket: flow logs of ALL traffic (and the firewall's logs) go there. */
  readonly flowLogBucket: s3.IBucket;
  /**
   * Key prefix of the flow logs (and firewall logs) in `flowLogBucket`.
   * @default 'vpc-flow-logs/<ipa-code>/'
   */
  readonly flowLogPrefix?: string;
  /**
   * Whether AWS Network Firewall filters outbound traffic between the private subnets and the NAT
   * gateways (ABSC-NET-03).
   * @default - from `policy.settings.egressFiltering`: firewall-required (strategico) → true, and
   *   false then needs an acknowledgement of ABSC-NET-03; firewall-recommended (critico) → false,
   *   an option; nat (ordinario) → false (true is allowed: it is stronger)
   */
  readonly egressFirewall?: boolean;
}

/** Subnet group names; they become part of the subnets' construct IDs, so they are API. */
const GROUP = {
  [NetworkTier.PUBLIC]: 'Public',
  [NetworkTier.PRIVATE]: 'Private',
  [NetworkTier.DATA]: 'Data',
  [NetworkTier.MANAGEMENT]: 'Management',
  firewall: 'Firewall',
} as const;

/** Outbound traffic the egress firewall lets through (everything else is dropped). */
const EGRESS_ALLOWED: ReadonlyArray<{ readonly protocol: 'TCP' | 'UDP'; readonly port: number; readonly purpose: string }> = [
  { protocol: 'TCP', port: 443, purpose: 'HTTPS' },
  { protocol: 'TCP', port: 80, purpose: 'HTTP' },
  { protocol: 'UDP', port: 123, purpose: 'NTP' },
  { protocol: 'UDP', port: 53, purpose: 'DNS' },
  { protocol: 'TCP', port: 53, purpose: 'DNS over TCP' },
];

/** Interface endpoints that let the management tier work without internet (Session Manager, KMS, logs). */
const MANAGEMENT_ENDPOINTS: ReadonlyArray<readonly [string, ec2.InterfaceVpcEndpointAwsService]> = [
  ['SsmEndpoint', ec2.InterfaceVpcEndpointAwsService.SSM],
  ['SsmMessagesEndpoint', ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES],
  ['Ec2MessagesEndpoint', ec2.InterfaceVpcEndpointAwsService.EC2_MESSAGES],
  ['KmsEndpoint', ec2.InterfaceVpcEndpointAwsService.KMS],
  ['LogsEndpoint', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS],
];

const HTTPS = 443;

/**
 * A tenant's VPC, laid out exactly as the core network plan: public, private (egress through
 * NAT, and through AWS Network Firewall where the class asks), data (isolated, behind a network
 * ACL that admits only the VPC range) and management (isolated, reached through Session Manager
 * endpoints). Flow logs of all traffic go to the log archive; the default security group is
 * stripped of its rules; no security group of the kit admits admin ports from the internet.
 *
 * The egress firewall's subnets (one per zone, `Firewall` group) take the public tier's fourth
 * slot, which the plan leaves free when there are at most 3 zones, split in four equal blocks;
 * so the firewall needs at most 3 zones and a range of /22 or larger (each block at least /28).
 * Traffic flows private subnet → firewall endpoint of its zone → NAT gateway → internet, and the
 * public subnets route each private subnet's range back through the same zone's endpoint; the
 * private subnets route each public subnet's range through their zone's endpoint too (matching
 * more-specific routes on both sides), so every path between the public and private tiers, a
 * load balancer's included, crosses the same endpoint both ways and the stateful firewall sees
 * both directions. There is one firewall per zone, sharing one policy:
 * CloudFormation does not say which zone each endpoint of a multi-zone firewall is in, while a
 * single-zone firewall has exactly one endpoint to route to (the cost per endpoint is the same).
 */
export class LandingZoneNetwork extends Construct {
  /** The VPC (construct ID `Vpc`). */
  public readonly vpc: ec2.Vpc;
  /** The core plan the subnets follow. */
  public readonly plan: TenantNetworkPlan;
  public readonly publicSubnets: ec2.ISubnet[];
  public readonly privateSubnets: ec2.ISubnet[];
  public readonly dataSubnets: ec2.ISubnet[];
  public readonly managementSubnets: ec2.ISubnet[];
  /** The egress firewall's subnets, one per zone; empty without the firewall. */
  public readonly firewallSubnets: ec2.ISubnet[];
  /** The security group of the interface endpoints: HTTPS from the VPC range only. */
  public readonly endpointSecurityGroup: ec2.ISecurityGroup;
  /** The network ACL of the data tier: traffic with the VPC range only. */
  public readonly dataNetworkAcl: ec2.NetworkAcl;
  /** The number of NAT gateways (1 for ordinario, one per zone otherwise). */
  public readonly natGatewayCount: number;
  /** Whether the egress firewall is on. */
  public readonly egressFirewall: boolean;
  /** The egress firewalls, one per zone (construct IDs `EgressFirewall1`, ...); empty when off. */
  public readonly firewalls: networkfirewall.CfnFirewall[];
  /** The egress firewall of the first zone; every zone's is in {@link firewalls}. Undefined when off. */
  public readonly firewall?: networkfirewall.CfnFirewall;
  /** The policy shared by the egress firewalls; undefined when off. */
  public readonly firewallPolicy?: networkfirewall.CfnFirewallPolicy;
  /** The flow log of all traffic. */
  public readonly flowLog: ec2.FlowLog;

  constructor(scope: Construct, id: string, props: LandingZoneNetworkProps) {
    super(scope, id);
    const { tenant, policy } = props;
    assertPolicyOfTenant(tenant, policy, 'network.policy');
    if (Token.isUnresolved(props.cidr)) {
      throw new PaCloudKitError({ field: 'network.cidr', value: props.cidr, rule: 'must be a literal CIDR, not a token: the subnet layout is planned at synthesis' });
    }
    this.plan = planTenantNetwork({ cidr: props.cidr, availabilityZones: props.availabilityZones }, 'network');
    const zones = this.plan.availabilityZones;
    const prefix = parseLogPrefix(props.flowLogPrefix ?? flowLogPrefix(tenant.ipaCode), 'network.flowLogPrefix');

    this.egressFirewall = decideEgressFirewall(this, policy, props.egressFirewall);
    // The zones' region and count, by the rules the config loader applies (lib/aws/settings.ts).
    const region = Stack.of(this).region;
    checkAvailabilityZones(zones, 'network.availabilityZones', { region: Token.isUnresolved(region) ? undefined : region, egressFirewall: this.egressFirewall });
    const firewallRanges = this.egressFirewall ? planFirewallSubnets(this.plan) : [];

    const ranges = new Map<string, Map<string, Cidr>>();
    for (const subnet of this.plan.subnets) {
      const group = GROUP[subnet.tier];
      if (!ranges.has(group)) ranges.set(group, new Map());
      ranges.get(group)!.set(subnet.availabilityZone, subnet.cidr);
    }
    if (this.egressFirewall) ranges.set(GROUP.firewall, new Map(zones.map((z, i) => [z, firewallRanges[i]])));

    const subnetMask = this.plan.cidr.prefixLength + 4;
    const subnetConfiguration: ec2.SubnetConfiguration[] = [
      { name: GROUP[NetworkTier.PUBLIC], subnetType: ec2.SubnetType.PUBLIC, cidrMask: subnetMask, mapPublicIpOnLaunch: false },
      { name: GROUP[NetworkTier.PRIVATE], subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: subnetMask },
      { name: GROUP[NetworkTier.DATA], subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: subnetMask },
      { name: GROUP[NetworkTier.MANAGEMENT], subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: subnetMask },
    ];
    if (this.egressFirewall) {
      subnetConfiguration.push({ name: GROUP.firewall, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: firewallRanges[0].prefixLength });
    }

    const endpointIds = new Map<string, string>();
    const firewallNat = this.egressFirewall
      ? new FirewallNatProvider((az) => Lazy.string({
        produce: () => {
          const endpoint = endpointIds.get(az);
          if (!endpoint) throw new Error(`no egress firewall endpoint in ${az}`);
          return endpoint;
        },
      }))
      : undefined;

    this.natGatewayCount = natGatewayCount(policy, zones.length);
    this.vpc = withExplicitZones(Stack.of(this), zones, () => new ec2.Vpc(this, 'Vpc', {
      ipAddresses: new PlannedIpAddresses(this.plan.cidr, ranges),
      availabilityZones: [...zones],
      subnetConfiguration,
      natGateways: this.natGatewayCount,
      natGatewayProvider: firewallNat ?? ec2.NatProvider.gateway(),
      natGatewaySubnets: { subnetGroupName: GROUP[NetworkTier.PUBLIC] },
      restrictDefaultSecurityGroup: true,
      enableDnsHostnames: true,
      enableDnsSupport: true,
    }));

    const group = (name: string) => this.vpc.selectSubnets({ subnetGroupName: name }).subnets;
    this.publicSubnets = group(GROUP[NetworkTier.PUBLIC]);
    this.privateSubnets = group(GROUP[NetworkTier.PRIVATE]);
    this.dataSubnets = group(GROUP[NetworkTier.DATA]);
    this.managementSubnets = group(GROUP[NetworkTier.MANAGEMENT]);
    this.firewallSubnets = this.egressFirewall ? group(GROUP.firewall) : [];

    // Flow logs of ALL traffic to the archive (ABSC-NET-06).
    grantLogDelivery(this, props.flowLogBucket, prefix);
    this.flowLog = this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toS3(props.flowLogBucket, prefix),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    if (props.flowLogBucket.policy) this.flowLog.node.addDependency(props.flowLogBucket.policy);

    // Gateway endpoints: S3 and DynamoDB without leaving the VPC, for every subnet.
    this.vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    this.vpc.addGatewayEndpoint('DynamoDbEndpoint', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });

    // Interface endpoints in the management tier, so it works with no internet route (ABSC-NET-01).
    const vpcRange = ec2.Peer.ipv4(this.plan.cidr.toString());
    const endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'Interface endpoints: HTTPS from the VPC range only',
      allowAllOutbound: false,
    });
    endpointSecurityGroup.addIngressRule(vpcRange, ec2.Port.tcp(HTTPS), 'HTTPS from the VPC range');
    this.endpointSecurityGroup = endpointSecurityGroup;
    for (const [endpointId, service] of MANAGEMENT_ENDPOINTS) {
      this.vpc.addInterfaceEndpoint(endpointId, {
        service,
        subnets: { subnetGroupName: GROUP[NetworkTier.MANAGEMENT] },
        securityGroups: [endpointSecurityGroup],
        open: false,
        privateDnsEnabled: true,
      });
    }

    // Data tier: traffic with the VPC range only, everything else denied (ABSC-NET-02).
    this.dataNetworkAcl = new ec2.NetworkAcl(this, 'DataNetworkAcl', {
      vpc: this.vpc,
      subnetSelection: { subnetGroupName: GROUP[NetworkTier.DATA] },
    });
    for (const direction of [ec2.TrafficDirection.INGRESS, ec2.TrafficDirection.EGRESS]) {
      const name = direction === ec2.TrafficDirection.INGRESS ? 'Ingress' : 'Egress';
      this.dataNetworkAcl.addEntry(`AllowVpc${name}`, {
        ruleNumber: 100, cidr: ec2.AclCidr.ipv4(this.plan.cidr.toString()), traffic: ec2.AclTraffic.allTraffic(), direction, ruleAction: ec2.Action.ALLOW,
      });
      this.dataNetworkAcl.addEntry(`DenyOther${name}`, {
        ruleNumber: 200, cidr: ec2.AclCidr.anyIpv4(), traffic: ec2.AclTraffic.allTraffic(), direction, ruleAction: ec2.Action.DENY,
      });
    }

    // Egress firewall (ABSC-NET-03).
    this.firewalls = [];
    if (firewallNat) {
      this.firewallPolicy = this.buildFirewallPolicy(tenant);
      zones.forEach((az, i) => {
        const firewall = new networkfirewall.CfnFirewall(this, `EgressFirewall${i + 1}`, {
          firewallName: `${tenant.slug}-egress-${i + 1}`,
          description: `Egress filtering for ${tenant.ipaCode} in ${az} (ABSC-NET-03)`,
          firewallPolicyArn: this.firewallPolicy!.attrFirewallPolicyArn,
          vpcId: this.vpc.vpcId,
          subnetMappings: [{ subnetId: this.firewallSubnets[i].subnetId }],
        });
        this.firewalls.push(firewall);
        // A single-zone firewall has exactly one endpoint, "zone:vpce-id".
        const endpointId = Fn.select(1, Fn.split(':', Fn.select(0, firewall.attrEndpointIds)));
        endpointIds.set(az, endpointId);
        (this.firewallSubnets[i] as ec2.Subnet).addRoute('DefaultRoute', {
          routerType: ec2.RouterType.NAT_GATEWAY,
          routerId: firewallNat.gatewayFor(az),
          enablesInternetConnectivity: true,
        });
        const privateRange = subnetsOfTier(this.plan, NetworkTier.PRIVATE)[i].cidr.toString();
        for (const publicSubnet of this.publicSubnets) {
          (publicSubnet as ec2.Subnet).addRoute(`FirewallReturnRoute${i + 1}`, {
            routerType: ec2.RouterType.VPC_ENDPOINT,
            routerId: endpointId,
            destinationCidrBlock: privateRange,
          });
        }
        // The matching more-specific routes on the private side: traffic from this zone's private
        // subnet to any public subnet (a load balancer answering, a NAT gateway) goes through the
        // same endpoint the public side uses to reach it, so the stateful engine sees both
        // directions (AWS Network Firewall, "more specific routing" deployment model).
        const privateSubnet = this.privateSubnets.find((subnet) => subnet.availabilityZone === az) as ec2.Subnet;
        subnetsOfTier(this.plan, NetworkTier.PUBLIC).forEach((publicPlan, j) => {
          privateSubnet.addRoute(`FirewallPublicRoute${j + 1}`, {
            routerType: ec2.RouterType.VPC_ENDPOINT,
            routerId: endpointId,
            destinationCidrBlock: publicPlan.cidr.toString(),
          });
        });
        const logDestination = { bucketName: props.flowLogBucket.bucketName, prefix: prefix.replace(/\/+$/, '') };
        const logging = new networkfirewall.CfnLoggingConfiguration(this, `EgressFirewallLogging${i + 1}`, {
          firewallArn: firewall.attrFirewallArn,
          loggingConfiguration: {
            logDestinationConfigs: ['ALERT', 'FLOW'].map((logType) => ({ logType, logDestinationType: 'S3', logDestination })),
          },
        });
        if (props.flowLogBucket.policy) logging.node.addDependency(props.flowLogBucket.policy);
      });
      this.firewall = this.firewalls[0];
    }

    applyTenantTags(this, tenant);
    this.node.addValidation({
      validate: () => findInternetAdminIngress(this).map(
        (rule) => `[ABSC-NET-02] a security group admits an admin port (${adminPortsSummary()}) from the internet: ${rule}`,
      ),
    });
  }

  private buildFirewallPolicy(tenant: TenantIdentity): networkfirewall.CfnFirewallPolicy {
    const source = this.plan.cidr.toString();
    const ruleGroup = new networkfirewall.CfnRuleGroup(this, 'EgressRuleGroup', {
      ruleGroupName: `${tenant.slug}-egress-allow`,
      description: 'Outbound HTTPS, HTTP, NTP and DNS from the VPC range',
      type: 'STATEFUL',
      capacity: 20,
      ruleGroup: {
        statefulRuleOptions: { ruleOrder: 'STRICT_ORDER' },
        rulesSource: {
          statefulRules: EGRESS_ALLOWED.map((allowed, i) => ({
            action: 'PASS',
            header: {
              protocol: allowed.protocol,
              source,
              sourcePort: 'ANY',
              direction: 'FORWARD',
              destination: 'ANY',
              destinationPort: String(allowed.port),
            },
            ruleOptions: [{ keyword: 'sid', settings: [String(i + 1)] }, { keyword: 'msg', settings: [`"${allowed.purpose}"`] }],
          })),
        },
      },
    });
    return new networkfirewall.CfnFirewallPolicy(this, 'EgressFirewallPolicy', {
      firewallPolicyName: `${tenant.slug}-egress`,
      description: 'Default deny: only the allowed outbound traffic passes (ABSC-NET-03)',
      firewallPolicy: {
        statelessDefaultActions: ['aws:forward_to_sfe'],
        statelessFragmentDefaultActions: ['aws:forward_to_sfe'],
        statefulEngineOptions: { ruleOrder: 'STRICT_ORDER', streamExceptionPolicy: 'DROP' },
        statefulDefaultActions: ['aws:drop_established', 'aws:alert_established'],
        statefulRuleGroupReferences: [{ resourceArn: ruleGroup.attrRuleGroupArn, priority: 1 }],
      },
    });
  }
}

/** Whether the egress firewall is on, from the prop or the policy; off when required needs an acknowledgement. */
function decideEgressFirewall(scope: Construct, policy: CompliancePolicy, requested: boolean | undefined): boolean {
  const filtering = policy.settings.egressFiltering;
  const required = filtering === EgressFiltering.FIREWALL_REQUIRED;
  // Network Firewall is not cheap: on by default only where the class requires it.
  const on = egressFilterOn(policy, requested, false);
  if (required && !on) {
    policy.requireOrAcknowledged('ABSC-NET-03', false, {
      field: 'network.egressFirewall',
      value: requested,
      rule: `must be true when the policy's egress filtering is ${filtering}`,
    });
    const reason = policy.acknowledgements.get('ABSC-NET-03')?.reason;
    Annotations.of(scope).addWarningV2('pa-cloud-kit:egressFirewallOff', `[ABSC-NET-03] egress firewall off although the policy requires it, acknowledged: ${reason}`);
  } else if (filtering === EgressFiltering.FIREWALL_RECOMMENDED && !on) {
    Annotations.of(scope).addInfo('[ABSC-NET-03] a managed egress firewall is recommended for this class: set egressFirewall: true');
  }
  return on;
}

/**
 * The firewall subnets: the public tier's last slot (free with at most 3 zones) split into four
 * blocks, one per zone position, so adding a zone never moves an existing one.
 */
function planFirewallSubnets(plan: TenantNetworkPlan): Cidr[] {
  const zones = plan.availabilityZones;
  const slotPrefix = plan.cidr.prefixLength + 4;
  const firewallPrefix = slotPrefix + 2;
  if (plan.cidr.prefixLength > FIREWALL_MAX_TENANT_PREFIX) {
    throw new PaCloudKitError({
      field: 'network.cidr',
      value: plan.cidr.toString(),
      rule: `must be /${FIREWALL_MAX_TENANT_PREFIX} or larger with the egress firewall on: its subnets (a quarter of a tier slot each) must be at least /${FIREWALL_MAX_TENANT_PREFIX + 6}`,
    });
  }
  const spare = plan.tierBlocks[NetworkTier.PUBLIC].child(MAX_AVAILABILITY_ZONES - 1, slotPrefix);
  return zones.map((_, i) => spare.child(i, firewallPrefix));
}

/**
 * Builds with the stack's `availabilityZones` reading `zones`. aws-cdk-lib's Vpc reads the stack's
 * zones to check the given ones against them, and for a stack with a concrete account and region
 * that read is an availability-zone context lookup: a first `cdk synth` then needs AWS credentials
 * or a hand-written cdk.context.json. The landing zone's zones are always explicit and checked
 * against the region (checkAvailabilityZones of ./settings), so no lookup is needed. The stack's own getter
 * (and any context value) is untouched outside `build`.
 */
function withExplicitZones<T>(stack: Stack, zones: readonly string[], build: () => T): T {
  if (Object.prototype.hasOwnProperty.call(stack, 'availabilityZones')) return build();
  // What the stack's getter does too: literal zones in subnets are expected here, so the bundled
  // CloudFormation validator's "avoid hardcoding availability zones" warning is acknowledged.
  Validations.of(stack).acknowledge({
    id: 'CloudFormation-Validate::W3010',
    reason: 'Literal AZs in the template are the landing zone\'s availabilityZones (given, or <region>a/b/c), checked against the stack\'s region',
  });
  Object.defineProperty(stack, 'availabilityZones', { configurable: true, enumerable: false, get: () => [...zones] });
  try {
    return build();
  } finally {
    Reflect.deleteProperty(stack, 'availabilityZones');
  }
}

/**
 * Lets the log delivery service write flow logs and firewall logs under the prefix. aws-cdk-lib
 * adds the same statements itself when the `@aws-cdk/aws-s3:createDefaultLoggingPolicy` flag is
 * on; an imported bucket's policy cannot be changed here: its owner grants the delivery.
 */
function grantLogDelivery(scope: Construct, bucket: s3.IBucket, prefix: string): void {
  if (FeatureFlags.of(scope).isEnabled(cxapi.S3_CREATE_DEFAULT_LOGGING_POLICY)) return;
  const stack = Stack.of(scope);
  const principal = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
  const source = {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*' }) },
  };
  const where = `${awsLogsPrefix(prefix, stack.account)}*`;
  const write = bucket.addToResourcePolicy(new iam.PolicyStatement({
    principals: [principal],
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects(where)],
    conditions: { ...source, StringEquals: { ...source.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    principals: [principal],
    actions: ['s3:GetBucketAcl', 's3:ListBucket'],
    resources: [bucket.bucketArn],
    conditions: source,
  }));
  if (!write.statementAdded) {
    Annotations.of(scope).addInfo(`the flow log bucket is imported: its owner must let delivery.logs.amazonaws.com write ${where}`);
  }
}

import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * NAT gateways with an egress firewall in front of them. The gateways are placed as
 * `NatProvider.gateway()` places them, but the private subnets' default route points at the
 * firewall endpoint of their own zone (given later, through `endpointFor`, because the firewall
 * needs the VPC's subnets before it exists). The firewall subnets then route to the NAT gateways.
 */
export class FirewallNatProvider extends ec2.NatProvider {
  private readonly gateways = ec2.NatProvider.gateway();

  constructor(private readonly endpointFor: (availabilityZone: string) => string) {
    super();
  }

  public get configuredGateways(): ec2.GatewayConfig[] {
    return this.gateways.configuredGateways;
  }

  public configureNat(options: ec2.ConfigureNatOptions): void {
    this.gateways.configureNat({ ...options, privateSubnets: [] });
    for (const subnet of options.privateSubnets) this.configureSubnet(subnet);
  }

  public configureSubnet(subnet: ec2.PrivateSubnet): void {
    subnet.addRoute('DefaultRoute', {
      routerType: ec2.RouterType.VPC_ENDPOINT,
      routerId: this.endpointFor(subnet.availabilityZone),
      enablesInternetConnectivity: true,
    });
  }

  /** The NAT gateway for a zone: the zone's own, or the first when there is only one. */
  public gatewayFor(availabilityZone: string): string {
    const gateways = this.configuredGateways;
    return (gateways.find((g) => g.az === availabilityZone) ?? gateways[0]).gatewayId;
  }
}

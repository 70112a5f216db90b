import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Cidr } from '../../core';

/**
 * An `ec2.IIpAddresses` that hands the VPC exactly the subnet ranges of a precomputed plan,
 * instead of letting aws-cdk-lib carve them: the template then holds the same CIDRs as the
 * provider-neutral core plan. Ranges are looked up by subnet group name and zone; a subnet the
 * plan does not know is an internal error (the construct builds both sides).
 */
export class PlannedIpAddresses implements ec2.IIpAddresses {
  constructor(
    private readonly vpcCidr: Cidr,
    /** group name → zone → range */
    private readonly ranges: ReadonlyMap<string, ReadonlyMap<string, Cidr>>,
  ) {}

  public allocateVpcCidr(): ec2.VpcIpamOptions {
    return { cidrBlock: this.vpcCidr.toString() };
  }

  public allocateSubnetsCidr(input: ec2.AllocateCidrRequest): ec2.SubnetIpamOptions {
    return {
      allocatedSubnets: input.requestedSubnets.map((requested) => {
        const range = this.ranges.get(requested.configuration.name)?.get(requested.availabilityZone);
        if (!range) {
          throw new Error(`no planned range for subnet group ${requested.configuration.name} in ${requested.availabilityZone}`);
        }
        return { cidr: range.toString() };
      }),
    };
  }
}

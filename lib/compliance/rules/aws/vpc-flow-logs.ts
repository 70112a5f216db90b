import { CloudProvider } from '../../../core';
import { cfnRef, fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T } from '../private/aws';

export const awsVpcFlowLogs: Rule = {
  id: 'aws-vpc-flow-logs',
  control: 'ABSC-NET-06',
  provider: CloudProvider.AWS,
  title: 'VPC flow logs of all traffic to the archive',
  checks: 'Every VPC has an AWS::EC2::FlowLog with `TrafficType: ALL` delivered to S3 (`LogDestinationType: s3`).',
  fix: 'Add a flow log of all traffic to the log archive bucket (kit: LandingZoneNetwork `flowLogBucket`).',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const vpcs = ix.ofType(T.VPC);
    if (vpcs.length === 0) return [notApplicable('no VPCs')];
    const flows = ix.ofType(T.FLOW_LOG);
    return vpcs.map((v): RuleResult => {
      const mine = flows.filter((f) => cfnRef(f.properties.ResourceId) === v.id);
      if (mine.length === 0) return fail(v.id, 'FlowLog', 'the VPC has no flow log');
      const good = mine.find((f) => f.properties.TrafficType === 'ALL' && f.properties.LogDestinationType === 's3' && f.properties.LogDestination !== undefined);
      if (good) return pass(good.id, 'TrafficType', 'flow log of all traffic to S3');
      const f = mine[0];
      return f.properties.TrafficType !== 'ALL'
        ? fail(f.id, 'TrafficType', `flow log records ${String(f.properties.TrafficType)} traffic only, not ALL`)
        : fail(f.id, 'LogDestinationType', `flow log goes to ${String(f.properties.LogDestinationType ?? 'CloudWatch Logs')}, not to the S3 archive`);
    });
  },
};

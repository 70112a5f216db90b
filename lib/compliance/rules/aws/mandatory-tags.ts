import { CloudProvider } from '../../../core';
import { cfnTagProperty, cfnTags, fail, indexOf, isObject, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { tagProblems } from '../private/common';

/**
 * Resource types that take tags in CloudFormation and that landing zones commonly hold. A
 * resource of another type is checked when it already carries a tag property.
 */
export const AWS_TAGGABLE_TYPES: ReadonlySet<string> = new Set([
  'AWS::Backup::BackupPlan', 'AWS::Backup::BackupVault', 'AWS::Backup::RestoreTestingPlan',
  'AWS::CloudTrail::Trail', 'AWS::CloudWatch::Alarm',
  'AWS::DynamoDB::Table', 'AWS::EC2::CustomerGateway', 'AWS::EC2::EIP', 'AWS::EC2::Instance', 'AWS::EC2::InternetGateway',
  'AWS::EC2::LaunchTemplate', 'AWS::EC2::NatGateway', 'AWS::EC2::NetworkAcl', 'AWS::EC2::RouteTable', 'AWS::EC2::SecurityGroup',
  'AWS::EC2::Subnet', 'AWS::EC2::TransitGateway', 'AWS::EC2::Volume', 'AWS::EC2::VPC', 'AWS::EC2::VPCEndpoint',
  'AWS::EC2::VPNConnection', 'AWS::EC2::VPNGateway', 'AWS::EC2::FlowLog',
  'AWS::ECS::Cluster', 'AWS::EFS::FileSystem', 'AWS::EKS::Cluster', 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup', 'AWS::Events::Rule', 'AWS::IAM::Role', 'AWS::KMS::Key', 'AWS::Lambda::Function',
  'AWS::Logs::LogGroup', 'AWS::NetworkFirewall::Firewall', 'AWS::NetworkFirewall::FirewallPolicy', 'AWS::NetworkFirewall::RuleGroup',
  'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::RDS::DBSubnetGroup', 'AWS::S3::Bucket', 'AWS::SecretsManager::Secret',
  'AWS::SNS::Topic', 'AWS::SQS::Queue', 'AWS::SSM::Parameter',
]);

export const awsMandatoryTags: Rule = {
  id: 'aws-mandatory-tags',
  control: 'TAG-01',
  provider: CloudProvider.AWS,
  title: 'Mandatory tags with valid values',
  checks: 'Every taggable resource carries `pa:ipa-code`, `pa:classification` (matching the checked class), `acn:qualification`, `pa:owner`, `pa:incident-contact` (and `pa:aggregator` when an aggregator runs the landing zone) with valid values.',
  fix: 'Tag the stack with `TenantIdentity.tags()` (the kit\'s LandingZone does it with `Tags.of(scope)`).',
  severity: 'error',
  evaluate: (ctx) => {
    const results: RuleResult[] = [];
    let checked = 0;
    const ix = indexOf(ctx.document);
    for (const type of ix.types()) {
      const taggable = AWS_TAGGABLE_TYPES.has(type);
      for (const r of ix.ofType(type)) {
        const tags = cfnTags(r);
        if (!taggable && tags === undefined) continue;
        checked++;
        const property = cfnTagProperty(r.type);
        if (tags === undefined && isObject(r.properties) && r.properties[property] !== undefined) {
          results.push(fail(r.id, property, 'tags are not literal', { unresolved: true }));
          continue;
        }
        const problems = tagProblems(ctx, tags ?? new Map());
        if (problems.length > 0) results.push(fail(r.id, property, problems.join('; ')));
      }
    }
    if (checked === 0) return [notApplicable('no taggable resources')];
    if (results.length === 0) results.push(pass(undefined, undefined, `all ${checked} taggable resources carry the mandatory tags`));
    return results;
  },
};

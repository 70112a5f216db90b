import { CloudProvider } from '../../../core';
import { fail, pass } from '../../private/model';
import { Rule } from '../../types';
import { regionProblem } from '../private/common';
import { REGIONS } from '../private/aws';

export const awsRegionAllowed: Rule = {
  id: 'aws-region-allowed',
  control: 'ACN-LOC-01',
  provider: CloudProvider.AWS,
  title: 'Stack region in the allow-list',
  checks: 'The region of the stack (kit metadata or `--region`) is an EU region, an Italian one for critico (another EU region only if acknowledged) and strategico.',
  fix: 'Deploy to an allowed region (eu-south-1 Milan for critico and strategico), or for critico acknowledge ACN-LOC-01 with a reason.',
  severity: 'error',
  evaluate: (ctx) => {
    if (!ctx.region) {
      return [fail(undefined, 'region', 'the template does not state its region (no kit metadata, no --region option): the deploy-time region cannot be checked', { unresolved: true, valueText: 'AWS::Region' })];
    }
    const region = REGIONS.find(CloudProvider.AWS, ctx.region);
    if (!region) return [fail(undefined, 'region', `${ctx.region} is not a known AWS region, so its country cannot be checked`)];
    const problem = regionProblem(ctx.policy, region);
    return [problem ? fail(undefined, 'region', problem) : pass(undefined, 'region', `${region.name} (${region.country}) is allowed for ${ctx.classification}`)];
  },
};

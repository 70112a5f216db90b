import { CloudProvider } from '../../../core';
import { absent, asBool, fail, indexOf, isUnresolved, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T } from '../private/aws';

const REQUIRED = ['IsMultiRegionTrail', 'IncludeGlobalServiceEvents', 'IsLogging'] as const;

export const awsTrailMultiRegion: Rule = {
  id: 'aws-trail-multi-region',
  control: 'GAR-LOG-01',
  provider: CloudProvider.AWS,
  title: 'Multi-region trail logging all API activity',
  checks: 'At least one AWS::CloudTrail::Trail with `IsMultiRegionTrail`, `IncludeGlobalServiceEvents` and `IsLogging` true.',
  fix: 'Create a multi-region trail that includes global service events (the kit\'s LandingZoneLogging does).',
  severity: 'error',
  evaluate: (ctx) => {
    const trails = indexOf(ctx.document).ofType(T.TRAIL);
    if (trails.length === 0) return [absent(ctx.document, 'no CloudTrail trail: admin and API activity is not logged')];
    const results: RuleResult[] = [];
    for (const trail of trails) {
      for (const property of REQUIRED) {
        const value = trail.properties[property];
        if (isUnresolved(value)) results.push(fail(trail.id, property, `${property} is not a literal true`, { unresolved: true, value }));
        else if (asBool(value) !== true) results.push(fail(trail.id, property, `${property} is ${value === undefined ? 'not set' : String(value)}`));
        else results.push(pass(trail.id, property, `${property} is true`));
      }
    }
    return results;
  },
};

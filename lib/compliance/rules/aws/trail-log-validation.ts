import { CloudProvider } from '../../../core';
import { absent, asBool, fail, indexOf, isUnresolved, notApplicable, pass } from '../../private/model';
import { Rule } from '../../types';
import { T } from '../private/aws';

export const awsTrailLogValidation: Rule = {
  id: 'aws-trail-log-validation',
  control: 'LOG-INT-05',
  provider: CloudProvider.AWS,
  title: 'Trail log file integrity validation',
  checks: 'Every trail has `EnableLogFileValidation: true` (digest files prove the logs were not altered).',
  fix: 'Set `enableFileValidation: true` on the trail.',
  severity: 'error',
  evaluate: (ctx) => {
    const trails = indexOf(ctx.document).ofType(T.TRAIL);
    if (trails.length === 0) {
      // The central services of an aggregator hold the tenants' trails' files; the trails are theirs.
      if (ctx.document.metadata?.role === 'central') return [notApplicable('central services: log file validation is set on the tenants\' trails')];
      return [absent(ctx.document, 'no CloudTrail trail, so no log file validation')];
    }
    return trails.map((t) => {
      const v = t.properties.EnableLogFileValidation;
      if (isUnresolved(v)) return fail(t.id, 'EnableLogFileValidation', 'log file validation is not a literal true', { unresolved: true, value: v });
      return asBool(v) === true
        ? pass(t.id, 'EnableLogFileValidation', 'log file validation is on')
        : fail(t.id, 'EnableLogFileValidation', 'log file validation is off');
    });
  },
};

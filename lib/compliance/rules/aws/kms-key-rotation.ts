import { CloudProvider } from '../../../core';
import { asBool, fail, indexOf, isUnresolved, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T } from '../private/aws';

export const awsKmsKeyRotation: Rule = {
  id: 'aws-kms-key-rotation',
  control: 'ACN-KMS-01',
  provider: CloudProvider.AWS,
  title: 'Customer-managed keys rotate',
  checks: 'Every symmetric AWS::KMS::Key with AWS key material has `EnableKeyRotation: true` (imported and external-store keys are rotated by the PA).',
  fix: 'Set `enableKeyRotation: true` on the key (the kit does it for the keys it creates).',
  severity: 'error',
  evaluate: (ctx) => {
    const keys = indexOf(ctx.document).ofType(T.KMS_KEY);
    if (keys.length === 0) return [notApplicable('no KMS keys created in the template')];
    return keys.map((key): RuleResult => {
      const origin = key.properties.Origin;
      if (origin === 'EXTERNAL' || origin === 'EXTERNAL_KEY_STORE') return pass(key.id, 'Origin', `key material is ${origin}: rotated by the PA`);
      const spec = key.properties.KeySpec;
      if (typeof spec === 'string' && spec !== 'SYMMETRIC_DEFAULT' && !spec.startsWith('HMAC')) return pass(key.id, 'KeySpec', `${spec} keys cannot rotate automatically`);
      const rotation = key.properties.EnableKeyRotation;
      if (isUnresolved(rotation)) return fail(key.id, 'EnableKeyRotation', 'key rotation is not a literal true', { unresolved: true, value: rotation });
      return asBool(rotation) === true
        ? pass(key.id, 'EnableKeyRotation', 'key rotation is on')
        : fail(key.id, 'EnableKeyRotation', 'key rotation is off');
    });
  },
};

import { CloudProvider, KeyCustody } from '../../../core';
import { fail, indexOf, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T } from '../private/aws';

export const awsKmsPaControlled: Rule = {
  id: 'aws-kms-pa-controlled',
  control: 'ACN-KMS-02',
  provider: CloudProvider.AWS,
  title: "Keys under the PA's control",
  checks: 'For critico, every KMS key created in the template has imported (`Origin: EXTERNAL`) or external-store material; for strategico, only external key store (HYOK) keys; keys referenced by ARN are the PA\'s own.',
  fix: 'Pass the PA\'s existing keys (`keys` prop) or create keys with imported or external-store material; for critico a kit-created key needs an acknowledgement of ACN-KMS-02.',
  severity: 'error',
  evaluate: (ctx) => {
    const keys = indexOf(ctx.document).ofType(T.KMS_KEY);
    if (keys.length === 0) return [pass(undefined, undefined, 'no key is created in the template: the keys used are existing ones')];
    const allowed = ctx.policy.settings.keyCustody === KeyCustody.PA_HELD ? ['EXTERNAL_KEY_STORE'] : ctx.policy.settings.keyCustody === KeyCustody.PA_CONTROLLED ? ['EXTERNAL', 'EXTERNAL_KEY_STORE'] : undefined;
    return keys.map((key): RuleResult => {
      const origin = typeof key.properties.Origin === 'string' ? key.properties.Origin : 'AWS_KMS';
      if (!allowed || allowed.includes(origin)) return pass(key.id, 'Origin', `key material origin ${origin} is under the PA's control`);
      return fail(key.id, 'Origin', `key created with ${origin} material; ${ctx.classification} needs ${allowed.join(' or ')} material or an existing PA-held key`);
    });
  },
};

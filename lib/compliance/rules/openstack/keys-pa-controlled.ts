import { CloudProvider } from '../../../core';
import { fail, pass } from '../../private/model';
import { Rule } from '../../types';

export const osKeysPaControlled: Rule = {
  id: 'os-keys-pa-controlled',
  control: 'ACN-KMS-02',
  provider: CloudProvider.OPENSTACK,
  title: "Keys under the PA's control",
  checks: 'The kit metadata declares that the encryption keys are HSM-backed or held by the PA (`encryption.paControlledKeys: true`); nothing else in Terraform can show it.',
  fix: 'Use the provider\'s HSM-backed key manager (or the PA\'s own keys) and declare it, or acknowledge ACN-KMS-02 for critico with a reason.',
  severity: 'error',
  evaluate: (ctx) => {
    const encryption = ctx.document.metadata?.encryption;
    return encryption?.paControlledKeys === true
      ? [pass(undefined, 'encryption.paControlledKeys', 'the landing zone declares HSM-backed or PA-held keys')]
      : [fail(undefined, 'encryption.paControlledKeys', `${ctx.classification} needs keys under the PA's control and the document does not declare them`)];
  },
};

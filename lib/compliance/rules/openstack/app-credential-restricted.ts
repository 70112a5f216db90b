import { CloudProvider } from '../../../core';
import { asArray, asBool, fail, indexOf, isObject, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { OS } from '../private/openstack';

export const osAppCredentialRestricted: Rule = {
  id: 'os-app-credential-restricted',
  control: 'ABSC-LOG-03',
  provider: CloudProvider.OPENSTACK,
  title: 'Application credentials restricted by access rules',
  checks: 'Every openstack_identity_application_credential_v3 is not `unrestricted`, has `access_rules`, and has an expiry (`expires_at`).',
  fix: 'Give each credential access rules limited to the calls it needs (e.g. PUT on the archive container) and an expiry.',
  severity: 'error',
  evaluate: (ctx) => {
    const credentials = indexOf(ctx.document).ofType(OS.APP_CREDENTIAL);
    if (credentials.length === 0) return [notApplicable('no application credentials')];
    const results: RuleResult[] = [];
    for (const c of credentials) {
      if (asBool(c.properties.unrestricted) === true) results.push(fail(c.id, 'unrestricted', 'the credential is unrestricted: it can create further credentials'));
      else if (asArray(c.properties.access_rules).filter(isObject).length === 0) results.push(fail(c.id, 'access_rules', 'no access rules: the credential can call every API of its roles'));
      else if (c.properties.expires_at === undefined) results.push(fail(c.id, 'expires_at', 'the credential never expires'));
      else results.push(pass(c.id, 'access_rules', 'the credential is limited by access rules and expires'));
    }
    return results;
  },
};

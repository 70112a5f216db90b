import { CloudProvider } from '../../../core';
import { asBool, fail, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { providerConfigs } from '../private/openstack';

export const osProviderTls: Rule = {
  id: 'os-provider-tls',
  control: 'ENC-TRANSIT-01',
  provider: CloudProvider.OPENSTACK,
  title: 'API calls over verified TLS',
  checks: 'The openstack provider does not set `insecure = true` and its `auth_url`, when set, is https.',
  fix: 'Remove `insecure` and use the https identity endpoint (give `cacert_file` for a private CA).',
  severity: 'error',
  evaluate: (ctx) => {
    const configs = providerConfigs(ctx.document);
    if (configs.length === 0) return [notApplicable('no openstack provider configuration')];
    return configs.map((c): RuleResult => {
      if (asBool(c.insecure) === true) return fail('provider.openstack', 'insecure', 'TLS certificate verification is off');
      if (typeof c.auth_url === 'string' && /^http:/i.test(c.auth_url)) return fail('provider.openstack', 'auth_url', `the identity endpoint ${c.auth_url} is not https`);
      return pass('provider.openstack', 'auth_url', 'API calls use verified TLS');
    });
  },
};

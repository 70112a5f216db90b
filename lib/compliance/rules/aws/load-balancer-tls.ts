import { CloudProvider } from '../../../core';
import { asArray, at, fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T } from '../private/aws';

export const awsLoadBalancerTls: Rule = {
  id: 'aws-load-balancer-tls',
  control: 'ENC-TRANSIT-01',
  provider: CloudProvider.AWS,
  title: 'Load balancer listeners use TLS',
  checks: 'Every AWS::ElasticLoadBalancingV2::Listener uses HTTPS or TLS, or only redirects HTTP to HTTPS.',
  fix: 'Listen with HTTPS/TLS and a certificate; keep port 80 only as a redirect to HTTPS.',
  severity: 'error',
  evaluate: (ctx) => {
    const listeners = indexOf(ctx.document).ofType(T.LISTENER);
    if (listeners.length === 0) return [notApplicable('no load balancer listeners')];
    return listeners.map((l): RuleResult => {
      const protocol = l.properties.Protocol;
      if (protocol === 'HTTPS' || protocol === 'TLS') return pass(l.id, 'Protocol', `listener uses ${protocol}`);
      const actions = asArray(l.properties.DefaultActions);
      const redirects = protocol === 'HTTP' && actions.length > 0 && actions.every((a) => at(a, 'Type') === 'redirect' && at(a, 'RedirectConfig.Protocol') === 'HTTPS');
      return redirects
        ? pass(l.id, 'DefaultActions', 'HTTP listener only redirects to HTTPS')
        : fail(l.id, 'Protocol', `listener uses ${protocol === undefined ? 'an unspecified protocol' : String(protocol)} without TLS`);
    });
  },
};

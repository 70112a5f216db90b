import { CloudProvider } from '../../../core';
import { asArray, at, cfnBranches, fail, indexOf, isCfnIf, isUnresolved, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T } from '../private/aws';

export const awsLoadBalancerTls: Rule = {
  id: 'aws-load-balancer-tls',
  control: 'ENC-TRANSIT-01',
  provider: CloudProvider.AWS,
  title: 'Load balancer listeners use TLS',
  checks: 'Every AWS::ElasticLoadBalancingV2::Listener uses HTTPS or TLS, or only redirects HTTP to HTTPS (in either branch of an `Fn::If`).',
  fix: 'Listen with HTTPS/TLS and a certificate; keep port 80 only as a redirect to HTTPS.',
  severity: 'error',
  evaluate: (ctx) => {
    const listeners = indexOf(ctx.document).ofType(T.LISTENER);
    if (listeners.length === 0) return [notApplicable('no load balancer listeners')];
    return listeners.map((l): RuleResult => {
      // A protocol written with Fn::If could be either branch at deploy time.
      const conditional = isCfnIf(l.properties.Protocol);
      const branch = conditional ? ' (in a branch of Fn::If)' : '';
      const protocols = cfnBranches(l.properties.Protocol);
      const actions = asArray(l.properties.DefaultActions);
      const redirectsOnly = actions.length > 0 && actions.every((a) => at(a, 'Type') === 'redirect' && at(a, 'RedirectConfig.Protocol') === 'HTTPS');
      for (const protocol of protocols) {
        if (protocol === 'HTTPS' || protocol === 'TLS') continue;
        if (protocol === 'HTTP' && redirectsOnly) continue;
        if (isUnresolved(protocol)) return fail(l.id, 'Protocol', 'the listener protocol is not a literal', { unresolved: true, value: protocol });
        return fail(l.id, 'Protocol', `listener uses ${protocol === undefined ? 'an unspecified protocol' : String(protocol)} without TLS${branch}`);
      }
      return protocols.every((p) => p === 'HTTPS' || p === 'TLS')
        ? pass(l.id, 'Protocol', `listener uses ${[...new Set(protocols)].join(' or ')}`)
        : pass(l.id, 'DefaultActions', 'HTTP listener only redirects to HTTPS');
    });
  },
};

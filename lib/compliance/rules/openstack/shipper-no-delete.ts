import { CloudProvider } from '../../../core';
import { asArray, fail, indexOf, isObject, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { OS, SHIPPER, named } from '../private/openstack';

const WRITE_METHODS = new Set(['PUT', 'POST', 'HEAD']);

export const osShipperNoDelete: Rule = {
  id: 'os-shipper-no-delete',
  control: 'LOG-INT-05',
  provider: CloudProvider.OPENSTACK,
  title: 'Log shipper credentials are write-only',
  checks: 'Application credentials of log shippers (named as shipper or log) have access rules that only allow PUT/POST/HEAD on object storage: no DELETE, GET or wildcard.',
  fix: 'Restrict the shipper credential\'s access rules to `PUT` on the archive container path.',
  severity: 'error',
  evaluate: (ctx) => {
    const shippers = indexOf(ctx.document).ofType(OS.APP_CREDENTIAL).filter((c) => named(c, SHIPPER));
    if (shippers.length === 0) return [fail(undefined, undefined, 'no log shipper credential: nothing shows that shippers cannot delete or rewrite logs')];
    return shippers.map((c): RuleResult => {
      const rules = asArray(c.properties.access_rules).filter(isObject);
      if (rules.length === 0) return fail(c.id, 'access_rules', 'the shipper credential has no access rules: it may delete logs');
      const bad = rules.map((r) => String(r.method ?? '*').toUpperCase()).filter((m) => !WRITE_METHODS.has(m));
      if (bad.length > 0) return fail(c.id, 'access_rules', `the shipper credential allows ${[...new Set(bad)].join(', ')}: shippers must only write`);
      return pass(c.id, 'access_rules', 'the shipper credential is write-only');
    });
  },
};

import { CloudProvider } from '../../../core';
import { asBool, fail, indexOf, isUnresolved, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { OS } from '../private/openstack';

export const osDefaultSecgroupRulesRemoved: Rule = {
  id: 'os-default-secgroup-rules-removed',
  control: 'ABSC-NET-02',
  provider: CloudProvider.OPENSTACK,
  title: 'Default security-group rules removed',
  checks: 'Every openstack_networking_secgroup_v2 has `delete_default_rules = true` (no implicit allow-all egress).',
  fix: 'Set `delete_default_rules = true` and add only the rules the tier needs.',
  severity: 'error',
  evaluate: (ctx) => {
    const groups = indexOf(ctx.document).ofType(OS.SECGROUP);
    if (groups.length === 0) return [notApplicable('no security groups')];
    return groups.map((g): RuleResult => {
      const v = g.properties.delete_default_rules;
      if (isUnresolved(v)) return fail(g.id, 'delete_default_rules', 'delete_default_rules is not a literal', { unresolved: true, value: v });
      return asBool(v) === true
        ? pass(g.id, 'delete_default_rules', 'default rules removed')
        : fail(g.id, 'delete_default_rules', 'the group keeps the default rules');
    });
  },
};

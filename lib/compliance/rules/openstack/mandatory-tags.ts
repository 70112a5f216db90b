import { CloudProvider } from '../../../core';
import { fail, indexOf, isUnresolved, notApplicable, pass, tfTags } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { tagProblems } from '../private/common';
import { OPENSTACK_TAGGABLE_TYPES } from '../private/openstack';

export const osMandatoryTags: Rule = {
  id: 'os-mandatory-tags',
  control: 'TAG-01',
  provider: CloudProvider.OPENSTACK,
  title: 'Mandatory tags with valid values',
  checks: 'Every resource whose type has a `tags` attribute carries `key=value` tags `pa:ipa-code`, `pa:classification` (matching the checked class), `acn:qualification`, `pa:owner`, `pa:incident-contact` (and `pa:aggregator` with an aggregator) with valid values.',
  fix: 'Tag every taggable resource with `TenantIdentity.tagStrings()` (the kit\'s landing zone stack does it with an aspect).',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const results: RuleResult[] = [];
    let checked = 0;
    for (const type of ix.types()) {
      const taggable = OPENSTACK_TAGGABLE_TYPES.has(type);
      for (const r of ix.ofType(type)) {
        if (!taggable && r.properties.tags === undefined) continue;
        checked++;
        if (isUnresolved(r.properties.tags)) {
          results.push(fail(r.id, 'tags', 'tags are an expression', { unresolved: true }));
          continue;
        }
        const problems = tagProblems(ctx, tfTags(r) ?? new Map());
        if (problems.length > 0) results.push(fail(r.id, 'tags', problems.join('; ')));
      }
    }
    if (checked === 0) return [notApplicable('no taggable resources')];
    if (results.length === 0) results.push(pass(undefined, undefined, `all ${checked} taggable resources carry the mandatory tags`));
    return results;
  },
};

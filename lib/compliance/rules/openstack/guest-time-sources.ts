import { CloudProvider } from '../../../core';
import { fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { OS, userData } from '../private/openstack';

export const osGuestTimeSources: Rule = {
  id: 'os-guest-time-sources',
  control: 'GAR-LOG-01',
  provider: CloudProvider.OPENSTACK,
  title: 'Guest hosts synchronise time with the policy time sources',
  checks: 'Every compute instance\'s user data names the policy time sources (INRiM `ntp1.inrim.it`, `ntp2.inrim.it` by default), so log timestamps are reliable.',
  fix: 'Configure chrony with the INRiM servers (the kit\'s host cloud-init fragment does).',
  severity: 'warning',
  evaluate: (ctx) => {
    const instances = indexOf(ctx.document).ofType(OS.INSTANCE);
    if (instances.length === 0) return [notApplicable('no compute instances')];
    const sources = ctx.policy.settings.timeSources;
    return instances.map((i): RuleResult => {
      const data = userData(i);
      if (data.unresolved) return fail(i.id, 'user_data', 'user data is an expression, so time sources cannot be checked', { unresolved: true });
      const missing = sources.filter((s) => !(data.text ?? '').includes(s));
      return missing.length === 0
        ? pass(i.id, 'user_data', `time from ${sources.join(', ')}`)
        : fail(i.id, 'user_data', `the host is not configured to use ${missing.join(', ')}`);
    });
  },
};

import { CloudProvider } from '../../../core';
import { fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { OS, userData } from '../private/openstack';

export const SHIPPER_PATTERN = /fluent-?bit|rsyslog|vector|promtail|filebeat|journal-upload|log[-_ ]?ship/i;

export const osGuestLogShipping: Rule = {
  id: 'os-guest-log-shipping',
  control: 'GAR-LOG-01',
  provider: CloudProvider.OPENSTACK,
  title: 'Guest hosts ship their logs off-host',
  checks: 'Every compute instance\'s user data configures a log shipper (fluent-bit, rsyslog, vector, ...) to the archive; the provider audit log is the provider\'s part.',
  fix: 'Add the kit\'s `LandingZoneLogging.hostCloudInit()` fragment to every host\'s user data.',
  severity: 'error',
  evaluate: (ctx) => {
    const instances = indexOf(ctx.document).ofType(OS.INSTANCE);
    if (instances.length === 0) return [notApplicable('no compute instances')];
    return instances.map((i): RuleResult => {
      const data = userData(i);
      if (data.unresolved) return fail(i.id, 'user_data', 'user data is an expression, so log shipping cannot be checked', { unresolved: true });
      if (!data.text) return fail(i.id, 'user_data', 'no user data: the host does not ship its logs off-host');
      return SHIPPER_PATTERN.test(data.text)
        ? pass(i.id, 'user_data', 'the host ships its logs off-host')
        : fail(i.id, 'user_data', 'the user data configures no log shipper');
    });
  },
};

import { CloudProvider } from '../../../core';
import { fail, indexOf, isObject, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { OS, archiveContainers, userData } from '../private/openstack';

const EXPIRY = /X-Delete-After["']?\s*[:=]\s*["']?(\d+)/gi;
const SECONDS_PER_DAY = 86400;

export const osLogExpiry: Rule = {
  id: 'os-log-expiry',
  control: 'LOG-RET-04',
  provider: CloudProvider.OPENSTACK,
  title: 'Log object expiry per class, never below the floor',
  checks: 'Object expiry set by log shippers (`X-Delete-After` in user data or container metadata) is at least the class archive retention (warning) and never below the 6-month floor (error); no expiry keeps logs forever.',
  fix: 'Set the shippers\' `X-Delete-After` to at least the class archive retention (24 months ordinario, 36 months critico and strategico).',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const floor = ctx.policy.requirement('auditLogArchiveRetention').floor as { toDays(): number; toString(): string };
    const wanted = ctx.policy.settings.auditLogArchiveRetention;
    const results: RuleResult[] = [];
    const judge = (resource: string, property: string, seconds: number) => {
      const d = Math.floor(seconds / SECONDS_PER_DAY);
      if (d < floor.toDays()) results.push(fail(resource, property, `logs expire after ${d} days, below the floor of ${floor}`, { severity: 'error' }));
      else if (d < wanted.toDays()) results.push(fail(resource, property, `logs expire after ${d} days, below the ${ctx.classification} archive retention of ${wanted}`, { severity: 'warning' }));
      else results.push(pass(resource, property, `logs kept ${d} days`));
    };
    for (const i of ix.ofType(OS.INSTANCE)) {
      const data = userData(i);
      if (data.unresolved) {
        results.push(fail(i.id, 'user_data', 'user data is an expression, so the log expiry cannot be checked', { unresolved: true }));
        continue;
      }
      for (const m of (data.text ?? '').matchAll(EXPIRY)) judge(i.id, 'user_data', Number(m[1]));
    }
    for (const c of archiveContainers(ix)) {
      const meta = c.properties.metadata;
      if (!isObject(meta)) continue;
      for (const [k, v] of Object.entries(meta)) {
        if (/delete[-_]after|expir/i.test(k) && /^\d+$/.test(String(v))) judge(c.id, `metadata.${k}`, Number(v));
      }
    }
    if (results.length === 0) results.push(pass(undefined, undefined, 'no log expiry is set: logs are kept until deleted'));
    return results;
  },
};

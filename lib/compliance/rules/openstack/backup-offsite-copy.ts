import { CloudProvider } from '../../../core';
import { fail, indexOf, isUnresolved, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { OS, providerConfigs, userData } from '../private/openstack';
import { judgeRegion } from './region-allowed';

export const osBackupOffsiteCopy: Rule = {
  id: 'os-backup-offsite-copy',
  control: 'ACN-BCK-04',
  provider: CloudProvider.OPENSTACK,
  title: 'Off-site copy in an allowed location',
  checks: 'A container syncs to another region or project (`container_sync_to`), or resources / the scheduler use a second region; every second region is in the allow-list.',
  fix: 'Set `backupRegion` on the landing zone (container sync and backup copies to a second allowed region), or acknowledge ACN-BCK-04 with a reason.',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const primary = providerConfigs(ctx.document).map((c) => c.region).find((r) => typeof r === 'string') ?? ctx.region;
    const results: RuleResult[] = [];
    const synced = ix.ofType(OS.CONTAINER).filter((c) => c.properties.container_sync_to !== undefined);
    for (const c of synced) results.push(pass(c.id, 'container_sync_to', 'the container syncs off-site'));
    const seconds = new Map<string, string>();
    for (const r of ctx.document.resources) {
      const region = r.properties.region;
      if (typeof region === 'string' && !isUnresolved(region) && region !== primary && !seconds.has(region)) seconds.set(region, r.id);
    }
    for (const i of ix.ofType(OS.INSTANCE)) {
      const text = userData(i).text ?? '';
      for (const declared of ctx.regions ?? []) {
        if (declared.name !== primary && !seconds.has(declared.name) && new RegExp(`(OS_REGION_NAME|region[-_]name|--os-region-name|region)\\W+${declared.name.replace(/[.]/g, '\\.')}\\b`, 'i').test(text)) {
          seconds.set(declared.name, i.id);
        }
      }
    }
    for (const [region, resource] of seconds) {
      const verdict = judgeRegion(ctx, region, resource, 'region');
      results.push(verdict.status === 'pass' ? pass(resource, 'region', `copies go to second region ${region}, allowed`) : { ...verdict, message: `second region: ${verdict.message}` });
    }
    if (results.length === 0) results.push(fail(undefined, undefined, 'no container sync and no second region: backups and logs have no off-site copy'));
    return results;
  },
};

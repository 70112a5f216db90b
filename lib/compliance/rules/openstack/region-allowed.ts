import { CloudProvider, Region } from '../../../core';
import { fail, isUnresolved, pass, show } from '../../private/model';
import { Rule, RuleContext, RuleResult } from '../../types';
import { regionProblem } from '../private/common';
import { providerConfigs } from '../private/openstack';

/** Judges one OpenStack region name against the declared countries and the class. */
export function judgeRegion(ctx: RuleContext, name: unknown, resource: string | undefined, property: string): RuleResult {
  if (typeof name !== 'string' || isUnresolved(name)) return fail(resource, property, `region ${show(name)} is not a literal`, { unresolved: true, value: name });
  const declared = (ctx.regions ?? []).find((r) => r.name === name);
  if (!declared) return fail(resource, property, `the country of region ${name} is not declared (kit metadata regions or the regions option), so its location cannot be checked (give --region-country)`, { unresolved: true, valueText: `the country of ${name}` });
  const region: Region = { provider: CloudProvider.OPENSTACK, name, country: declared.country };
  const problem = regionProblem(ctx.policy, region);
  return problem ? fail(resource, property, problem) : pass(resource, property, `${name} (${declared.country}) is allowed for ${ctx.classification}`);
}

export const osRegionAllowed: Rule = {
  id: 'os-region-allowed',
  control: 'ACN-LOC-01',
  provider: CloudProvider.OPENSTACK,
  title: 'Provider region and every region attribute in the allow-list',
  checks: 'The provider region (or the metadata region) and every resource `region` attribute is a region whose declared country is allowed for the class.',
  fix: 'Use regions in Italy for critico and strategico (EU for ordinario) and declare each region with its country.',
  severity: 'error',
  evaluate: (ctx) => {
    const results: RuleResult[] = [];
    const seen = new Set<string>();
    const judgeOnce = (name: unknown, resource: string | undefined, property: string) => {
      const key = `${JSON.stringify(name)}`;
      if (typeof name === 'string' && seen.has(key) && !isUnresolved(name)) return;
      seen.add(key);
      results.push(judgeRegion(ctx, name, resource, property));
    };
    const configs = providerConfigs(ctx.document);
    const providerRegions = configs.map((c) => c.region).filter((r) => r !== undefined);
    if (providerRegions.length > 0) providerRegions.forEach((r) => judgeOnce(r, 'provider.openstack', 'region'));
    else if (ctx.region) judgeOnce(ctx.region, undefined, 'region');
    else results.push(fail('provider.openstack', 'region', 'the provider region is not set in the document (it comes from clouds.yaml or OS_REGION_NAME at deploy time)', { unresolved: true, valueText: 'provider.openstack.region' }));
    for (const r of ctx.document.resources) {
      if (r.properties.region !== undefined) judgeOnce(r.properties.region, r.id, 'region');
    }
    return results;
  },
};

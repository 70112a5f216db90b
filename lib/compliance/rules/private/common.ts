import {
  CompliancePolicy,
  LocationScope,
  QUALIFICATION_LEVELS,
  Region,
  TAG_KEYS,
  isInScope,
  parseClassification,
  parseEmail,
  parseIpaCode,
  parseQualification,
  parseTagValue,
  qualificationRank,
  withArticle,
} from '../../../core';
import { TagValue, fail, pass } from '../../private/model';
import { NetworkTier, ResourceRef, RuleContext, RuleResult, TierPattern } from '../../types';

/** ACN-QUAL-01 on either provider: the declared qualification (metadata, else tags) against the class minimum. */
export function qualificationResults(ctx: RuleContext, readTags: (r: ResourceRef) => Map<string, TagValue> | undefined): RuleResult[] {
  const minimum = ctx.policy.settings.minimumQualification;
  const declared = new Map<string, string>(); // value → where
  if (ctx.document.metadata?.qualification) declared.set(ctx.document.metadata.qualification, 'metadata');
  else {
    for (const r of ctx.document.resources) {
      const v = readTags(r)?.get(TAG_KEYS.QUALIFICATION)?.value;
      if (v !== undefined && !declared.has(v)) declared.set(v, r.id);
    }
  }
  if (declared.size === 0) {
    return [fail(undefined, TAG_KEYS.QUALIFICATION, `no ACN qualification declared (kit metadata or ${TAG_KEYS.QUALIFICATION} tag); ${withArticle(ctx.classification)} tenant needs ${minimum} or higher`)];
  }
  return [...declared].map(([value, where]) => {
    const level = QUALIFICATION_LEVELS.find((q) => q === value.trim().toUpperCase());
    const resource = where === 'metadata' ? undefined : where;
    if (!level) return fail(resource, TAG_KEYS.QUALIFICATION, `declared qualification ${JSON.stringify(value)} is not one of ${QUALIFICATION_LEVELS.join(', ')}`);
    return qualificationRank(level) >= qualificationRank(minimum)
      ? pass(resource, TAG_KEYS.QUALIFICATION, `declared qualification ${level} meets the ${ctx.classification} minimum ${minimum}`)
      : fail(resource, TAG_KEYS.QUALIFICATION, `declared qualification ${level} is below the ${ctx.classification} minimum ${minimum}`);
  });
}

/** How a subnet's or network's tier was recognised. */
export type TierSource = 'kit' | 'option' | 'name';

/** What the evidence says about a tier recognised by name only. */
export function tierNote(source: TierSource | undefined): string {
  return source === 'name' ? ' (tier recognised by name only; name the tiers with --tier)' : '';
}

/** The tier a `--tier` pattern gives a resource (by its ID or name), if any. */
export function tierFromPatterns(tiers: readonly TierPattern[] | undefined, id: string, name: string | undefined): NetworkTier | undefined {
  for (const t of tiers ?? []) if (t.pattern.test(id) || (name !== undefined && name !== '' && t.pattern.test(name))) return t.tier;
  return undefined;
}

/**
 * The tier words in a name say: internet-facing words (public, DMZ, bastion, edge, ingress) first,
 * so a "management bastion DMZ" is not taken for the isolated management tier.
 */
export function tierFromWords(text: string): NetworkTier | undefined {
  if (/public|dmz|bastion|edge|ingress|internet/i.test(text)) return 'public';
  if (/manage|mgmt|admin/i.test(text)) return 'management';
  return undefined;
}

/** Why a region is not allowed for the policy, or undefined when it is. */
export function regionProblem(policy: CompliancePolicy, region: Region): string | undefined {
  const scope = policy.settings.dataLocation;
  if (isInScope(region, scope)) return undefined;
  const where = `${region.name} is in ${region.country}${region.location ? ` (${region.location})` : ''}`;
  const allowed = scope === LocationScope.IT ? 'Italy' : 'the European Union';
  const outsideEu = !isInScope(region, LocationScope.EU) ? '; outside the EU no acknowledgement can allow it' : '';
  return `${withArticle(policy.classification)} tenant must keep data in ${allowed}: ${where}${outsideEu}`;
}

const TAG_VERDICTS = new WeakMap<RuleContext, Map<string, string[]>>();

/**
 * TAG-01 on either provider: the mandatory tags with valid values on one resource. Resources
 * mostly share one tag set, so verdicts are remembered per context and tag set.
 */
export function tagProblems(ctx: RuleContext, tags: Map<string, TagValue>): string[] {
  let cache = TAG_VERDICTS.get(ctx);
  if (!cache) TAG_VERDICTS.set(ctx, (cache = new Map()));
  let key = '';
  for (const [k, v] of tags) key += `${k}\u0000${v.unresolved ? '\u0001' : v.value}\u0000`;
  let problems = cache.get(key);
  if (!problems) cache.set(key, (problems = computeTagProblems(ctx, tags)));
  return problems;
}

function computeTagProblems(ctx: RuleContext, tags: Map<string, TagValue>): string[] {
  const problems: string[] = [];
  const withAggregator = Boolean(ctx.document.metadata?.aggregator) || tags.has(TAG_KEYS.AGGREGATOR);
  const checks: [string, (v: string) => unknown][] = [
    [TAG_KEYS.IPA_CODE, (v) => parseIpaCode(v, TAG_KEYS.IPA_CODE)],
    [TAG_KEYS.CLASSIFICATION, (v) => {
      const c = parseClassification(v, TAG_KEYS.CLASSIFICATION);
      if (c !== ctx.classification) throw new Error(`${TAG_KEYS.CLASSIFICATION}: says ${c} but the landing zone is checked as ${ctx.classification}`);
    }],
    [TAG_KEYS.QUALIFICATION, (v) => parseQualification(v, TAG_KEYS.QUALIFICATION)],
    [TAG_KEYS.OWNER, (v) => parseTagValue(v, TAG_KEYS.OWNER)],
    [TAG_KEYS.INCIDENT_CONTACT, (v) => parseEmail(v, TAG_KEYS.INCIDENT_CONTACT)],
  ];
  if (withAggregator) checks.push([TAG_KEYS.AGGREGATOR, (v) => parseIpaCode(v, TAG_KEYS.AGGREGATOR)]);
  const missing: string[] = [];
  for (const [key, validate] of checks) {
    const tag = tags.get(key);
    if (!tag) {
      missing.push(key);
      continue;
    }
    if (tag.unresolved || tag.value === undefined) {
      problems.push(`${key} is not a literal value`);
      continue;
    }
    try {
      validate(tag.value);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  if (missing.length > 0) problems.unshift(`missing ${missing.join(', ')}`);
  const ipa = ctx.document.metadata?.tenant.ipaCode;
  const tagged = tags.get(TAG_KEYS.IPA_CODE)?.value;
  if (ipa && tagged && tagged !== ipa) problems.push(`${TAG_KEYS.IPA_CODE} is ${tagged} but the landing zone belongs to ${ipa}`);
  return problems;
}

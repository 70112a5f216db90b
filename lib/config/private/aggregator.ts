/**
 * The `aggregator` section: who runs the landing zones, and the keys of its AWS central services.
 */
import {
  CloudProvider,
  CompliancePolicy,
  DataClassification,
  PaCloudKitError,
  offsiteVaultName,
  parseEmail,
  parseIpaCode,
  parseKmsKeyArn,
  parseTagValue,
  slugOf,
} from '../../core';
import type { AggregatorConfig, AggregatorKeys } from '../types';
import { checkKmsKeyArn } from '../../aws/settings';
import { checkAwsAccount } from './formats';
import { Problems } from './problems';
import type { RawConfig } from './raw';
import type { PartialTenants } from './tenant-plan';

/** The keys of `aggregator.keys`, with the central service each one encrypts. */
const CENTRAL_KEY_FIELDS = [
  { key: 'archiveKmsKeyArn', service: 'central log archive' },
  { key: 'vaultKmsKeyArn', service: 'off-site backup vault' },
] as const;

/** The aggregator's identity; `broken` when a field of it is wrong (its tenants' identities then wait). */
export function resolveAggregator(raw: RawConfig, problems: Problems): { aggregator?: AggregatorConfig; broken: boolean } {
  const given = raw.aggregator;
  if (!given) return { broken: false };
  const { attempt } = problems;
  const ipaCode = attempt(() => parseIpaCode(given.ipaCode, 'aggregator.ipaCode'));
  const name = attempt(() => parseTagValue(given.name, 'aggregator.name'));
  const owner = given.owner === undefined ? name : attempt(() => parseTagValue(given.owner, 'aggregator.owner'));
  const incidentContact = attempt(() => parseEmail(given.incidentContact, 'aggregator.incidentContact'));
  let broken = false;
  if (given.account !== undefined && attempt(() => { checkAwsAccount(given.account, 'aggregator.account'); return true; }) === undefined) broken = true;
  if (!ipaCode || !name || !owner || !incidentContact) return { broken: true };
  return { aggregator: { ipaCode, name, slug: slugOf(ipaCode), account: given.account, owner, incidentContact }, broken };
}

/**
 * `aggregator.keys` (ACN-KMS-02 for the AWS central services): required with aggregator.account
 * when an AWS tenant is critico or strategico, since the central stack is judged at its strictest
 * tenant class and cannot acknowledge the control; each ARN checked like a tenant's (known region
 * allowed for the strictest class, partition), in the aggregator's account and in the region of
 * the central services of every critico and strategico AWS tenant.
 */
export function resolveAggregatorKeys(
  raw: RawConfig,
  aggregator: AggregatorConfig,
  defaultProvider: CloudProvider,
  partials: PartialTenants,
  problems: Problems,
): AggregatorKeys | undefined {
  const held = raw.tenants
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => (t?.provider ?? defaultProvider) === CloudProvider.AWS
      && (t.classification === DataClassification.CRITICO || t.classification === DataClassification.STRATEGICO));
  const given = raw.aggregator!.keys;
  if (given === undefined) {
    if (held.length === 0 || aggregator.account === undefined) return undefined;
    const { t, i } = held.find(({ t }) => t.classification === DataClassification.STRATEGICO) ?? held[0];
    problems.add(new PaCloudKitError({
      field: 'aggregator.keys',
      value: undefined,
      rule: `is required when an AWS tenant is critico or strategico (tenants[${i}] ${t.ipaCode} is ${t.classification}): the central log archive and the off-site vault in aggregator.account hold its logs and backup copies, and ACN-KMS-02 can be acknowledged per tenant but not for the central services; set archiveKmsKeyArn and vaultKmsKeyArn to keys of aggregator.account in an external key store or with imported material`,
      control: 'ACN-KMS-02',
    }), { pointTo: ['aggregator'] });
    return undefined;
  }
  if (aggregator.account === undefined) {
    problems.add(new PaCloudKitError({ field: 'aggregator.keys', value: given, rule: 'needs aggregator.account: the keys are those of the central services in the aggregator\'s account' }));
    return undefined;
  }
  const strictest = held.some(({ t }) => t.classification === DataClassification.STRATEGICO) ? DataClassification.STRATEGICO
    : held.length > 0 ? DataClassification.CRITICO : DataClassification.ORDINARIO;
  const policy = CompliancePolicy.forClassification(strictest);
  let ok = true;
  const regions = new Map<string, string>();
  for (const { key, service } of CENTRAL_KEY_FIELDS) {
    const checked = problems.attempt(() => checkKmsKeyArn(given[key], `aggregator.keys.${key}`, {
      policy,
      purpose: `the key of the ${service}`,
      account: { id: aggregator.account!, what: 'aggregator.account', where: `where the ${service} is` },
      whose: '(the central services hold the logs and backup copies of a strategico tenant)',
      acknowledgeable: false,
    }));
    if (checked === undefined) ok = false;
    else regions.set(key, parseKmsKeyArn(checked)!.region);
  }
  if (!ok) return undefined;
  // KMS keys are regional: the central services of every critico and strategico tenant must be in the keys' regions.
  const vaultName = offsiteVaultName(aggregator.slug);
  const reported = new Set<string>();
  for (const { t, i } of held) {
    const resolved = partials.get(i);
    if (!resolved || resolved.provider !== CloudProvider.AWS) continue;
    const copy = resolved.backupCopy;
    const wanted: Array<[typeof CENTRAL_KEY_FIELDS[number], string, string]> = [[CENTRAL_KEY_FIELDS[0], resolved.region.name, 'its central log archive']];
    if (copy && copy.account === aggregator.account && copy.vaultName === vaultName) wanted.push([CENTRAL_KEY_FIELDS[1], copy.region.name, 'the vault of its off-site copies']);
    for (const [{ key }, region, what] of wanted) {
      if (regions.get(key) === region || reported.has(key)) continue;
      reported.add(key);
      ok = false;
      problems.add(new PaCloudKitError({
        field: `aggregator.keys.${key}`,
        value: given[key],
        rule: `must be a key in ${region}, where ${what} is (tenants[${i}] ${t.ipaCode}, ${t.classification}): KMS keys are regional`,
        control: 'ACN-KMS-02',
      }));
    }
  }
  return ok ? { archiveKmsKeyArn: given.archiveKmsKeyArn, vaultKmsKeyArn: given.vaultKmsKeyArn } : undefined;
}

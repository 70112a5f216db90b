/**
 * An AWS tenant: its account, region, the PA's KMS keys and the vault of its off-site copies.
 */
import { CloudProvider, CompliancePolicy, OffsiteTarget, backupVaultArn, egressFilterOn, offsiteVaultName, slugOf } from '../../core';
import { checkAwsSettings, checkKmsKeyArn, pickAwsSettings } from '../../aws/settings';
import type { AwsBackupCopyTarget, AwsTenantKeys, ResolvedAwsTenant } from '../types';
import { checkAwsAccount } from './formats';
import { TenantAt, TenantContext, misplaced, planTenant, plannedTenant } from './tenant-plan';

/** The AWS keys of `keys`, by purpose, in the order they are checked and named in messages. */
const KEY_FIELDS = [
  { key: 'kmsKeyArn', purpose: 'data' },
  { key: 'logsKmsKeyArn', purpose: 'logs' },
  { key: 'backupKmsKeyArn', purpose: 'backups' },
] as const;

/** An AWS tenant resolved (without its range), or undefined when something of it is wrong (reported). */
export function resolveAwsTenant(ctx: TenantContext, tenant: TenantAt): Omit<ResolvedAwsTenant, 'cidr' | 'cidrSource'> | undefined {
  const { t, at, here } = tenant;
  const { problems, catalogue, aggregator } = ctx;
  const before = problems.list.length;
  if (t.keys?.encryptedVolumeType !== undefined) misplaced(ctx, tenant, 'keys.encryptedVolumeType', 'is for OpenStack tenants: an AWS tenant gives its key as keys.kmsKeyArn');
  if (t.managementProxy !== undefined) misplaced(ctx, tenant, 'managementProxy', 'is for OpenStack tenants: an AWS tenant\'s management subnet reaches the AWS APIs through VPC endpoints');
  if (t.account !== undefined) problems.attempt(() => checkAwsAccount(t.account, `${at}.account`));
  if (t.backupCopy?.account !== undefined) problems.attempt(() => checkAwsAccount(t.backupCopy!.account, `${at}.backupCopy.account`));
  if (t.account === undefined) {
    problems.list.push({ field: `${at}.account`, message: `${at}.account: is required for an AWS tenant: the tenant's AWS account ID, 12 digits in quotes, e.g. "123456789012"`, pointTo: here });
  }
  const region = t.region !== undefined
    ? problems.attempt(() => catalogue.get(CloudProvider.AWS, t.region!, `${at}.region`))
    : ctx.defaults.awsRegion;

  const given = KEY_FIELDS.filter((f) => t.keys?.[f.key] !== undefined);
  let keys: AwsTenantKeys | undefined;
  const dataKey = t.keys?.kmsKeyArn;
  if (dataKey !== undefined) {
    keys = { kmsKeyArn: dataKey, logsKmsKeyArn: t.keys?.logsKmsKeyArn ?? dataKey, backupKmsKeyArn: t.keys?.backupKmsKeyArn ?? dataKey };
  } else if (given.length > 0) {
    const others = given.map((f) => `keys.${f.key}`).join(' and ');
    problems.list.push({
      field: `${at}.keys.kmsKeyArn`,
      message: `${at}.keys.kmsKeyArn: is required with ${others}: it is the key for data, and for every purpose not given its own key`,
      pointTo: [...here, 'keys'],
    });
  }

  // The off-site target: backupCopy as written (its account and region defaulting to the
  // aggregator's account and the tenant's region), else the aggregator's vault when the class asks
  // for a copy.
  const bc = t.backupCopy;
  let offsite: OffsiteTarget | undefined;
  let defaultOffsite: OffsiteTarget | undefined;
  let offsiteHint = 'set backupCopy.account, or aggregator.account, to an account other than the tenant\'s';
  if (t.account === undefined || region === undefined) {
    offsite = {}; // judged once the account and region are right
  } else if (bc !== undefined) {
    const copyRegion = bc.region !== undefined ? problems.attempt(() => catalogue.get(CloudProvider.AWS, bc.region!, `${at}.backupCopy.region`)) : region;
    const account = bc.account ?? aggregator?.account ?? (bc.region !== undefined ? t.account : undefined);
    offsite = account === undefined && copyRegion !== undefined ? undefined : { region: copyRegion, account };
  } else if (aggregator?.account === t.account) {
    offsiteHint = `the default target aggregator.account ${aggregator.account} is the tenant's own account: set backupCopy.account or backupCopy.region`;
  } else if (aggregator?.account !== undefined) {
    defaultOffsite = { region, account: aggregator.account };
  }

  const result = planTenant(ctx, tenant, {
    region,
    regionFrom: t.region === undefined ? 'defaults.region' : undefined,
    account: t.account,
    // keys.kmsKeyArn is the key of every purpose not given its own.
    keys: { purposes: ['keys.kmsKeyArn'], held: given.length > 0 || t.keys?.encryptedVolumeType !== undefined ? ['keys.kmsKeyArn'] : [] },
    keysHint: 'set keys.kmsKeyArn to the ARN of the PA\'s KMS key',
    keysWarning: 'kit-created keys (no keys.kmsKeyArn) used for',
    offsite,
    defaultOffsite,
    offsiteHint,
  });
  if (result.policy) checkKeyArns(ctx, tenant, result.policy, region?.name, given.map((f) => f.key));
  // The tenant's own landing zone settings, named and judged as LandingZone's props.
  const own = pickAwsSettings(t);
  if (result.policy) {
    checkAwsSettings(own, { region: region?.name, egressFirewall: egressFilterOn(result.policy, undefined, false) }, (key) => `${at}.${key}`, (e) => problems.add(e));
  }

  const plan = result.plan;
  if (problems.list.length !== before || !plan || t.account === undefined) return undefined;
  let backupCopy: AwsBackupCopyTarget | undefined;
  if (plan.offsite?.region && plan.offsite.account !== undefined) {
    const vaultName = bc?.vaultName ?? offsiteVaultName(aggregator?.slug ?? slugOf(plan.identity.ipaCode));
    backupCopy = {
      account: plan.offsite.account,
      region: plan.offsite.region,
      vaultName,
      vaultArn: backupVaultArn(plan.offsite.region.name, plan.offsite.account, vaultName),
    };
  }
  return {
    provider: CloudProvider.AWS,
    ...plannedTenant(tenant, plan),
    account: t.account,
    keys,
    backupCopy,
    settings: own,
    warnings: [...plan.warnings, ...sharedKeyWarnings(keys)],
  };
}

/** The PA's key ARNs, by the AWS landing zone's rules (`lib/aws/settings.ts`), in the tenant's region. */
function checkKeyArns(ctx: TenantContext, { t, at }: TenantAt, policy: CompliancePolicy, region: string | undefined, given: readonly (keyof NonNullable<typeof t.keys>)[]): void {
  for (const key of given) {
    ctx.problems.attempt(() => checkKmsKeyArn(t.keys![key], `${at}.keys.${key}`, {
      policy,
      purpose: 'the encryption key',
      region: region === undefined ? undefined : { name: region, what: 'the landing zone\'s region' },
    }));
  }
}

/**
 * ACN-KMS-01 asks one key per purpose: a warning when one PA key serves several (logs and backups
 * sharing a key also fails the compliance rule aws-kms-key-per-purpose).
 */
function sharedKeyWarnings(keys: AwsTenantKeys | undefined): string[] {
  if (!keys) return [];
  const { kmsKeyArn: data, logsKmsKeyArn: logs, backupKmsKeyArn: backups } = keys;
  const fix = (what: string) => `[ACN-KMS-01] one PA key serves ${what} for one key per purpose`;
  if (logs === data && backups === data) return [fix('logs, backups and data; give logsKmsKeyArn and backupKmsKeyArn')];
  if (logs === backups) return [fix('logs and backups; give logsKmsKeyArn and backupKmsKeyArn distinct keys')];
  if (logs === data) return [fix('logs and data; give logsKmsKeyArn a key of its own')];
  if (backups === data) return [fix('backups and data; give backupKmsKeyArn a key of its own')];
  return [];
}

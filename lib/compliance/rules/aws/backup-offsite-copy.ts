import { CloudProvider } from '../../../core';
import { absent, asArray, at, fail, indexOf, isUnresolved, pass } from '../../private/model';
import { Rule, RuleResult, SourceDocument } from '../../types';
import { regionProblem } from '../private/common';
import { REGIONS, T, arnParts } from '../private/aws';

/**
 * The stack's own account: the kit metadata's `account`, else the account that log delivery
 * bucket policies name (`aws:SourceAccount`, `AWSLogs/<account>/`), else the root principal of the
 * KMS key policies (CDK writes literals when the stack has a concrete account).
 */
export function stackAccount(doc: SourceDocument, option?: string): string | undefined {
  const declared = option ?? doc.metadata?.account;
  if (typeof declared === 'string' && /^\d{12}$/.test(declared)) return declared;
  const ix = indexOf(doc);
  // Log delivery policies name the stack's own account (aws:SourceAccount, AWSLogs/<account>/).
  for (const policy of ix.ofType(T.BUCKET_POLICY)) {
    const text = JSON.stringify(policy.properties.PolicyDocument ?? '');
    const m = /"aws:SourceAccount":"(\d{12})"/.exec(text) ?? /\/AWSLogs\/(\d{12})\//.exec(text);
    if (m) return m[1];
  }
  for (const key of ix.ofType(T.KMS_KEY)) {
    const m = /:iam::(\d{12}):root/.exec(JSON.stringify(key.properties.KeyPolicy ?? ''));
    if (m) return m[1];
  }
  return undefined;
}

export const awsBackupOffsiteCopy: Rule = {
  id: 'aws-backup-offsite-copy',
  control: 'ACN-BCK-04',
  provider: CloudProvider.AWS,
  title: 'Off-site backup copy in an allowed location',
  checks: 'Every backup plan has a copy action to a vault (literal ARN) in another region, or in the same region only when another account is shown, and in an allowed region.',
  fix: 'Give the landing zone a `backupCopyTarget` in another account or another allowed region, or acknowledge ACN-BCK-04 with a reason.',
  severity: 'error',
  evaluate: (ctx) => {
    const plans = indexOf(ctx.document).ofType(T.BACKUP_PLAN);
    if (plans.length === 0) return [absent(ctx.document, 'no backup plan, so no off-site copy')];
    return plans.map((plan): RuleResult => {
      const arns = asArray(at(plan.properties, 'BackupPlan.BackupPlanRule')).flatMap((r) => asArray(at(r, 'CopyActions')).map((a) => at(a, 'DestinationBackupVaultArn')));
      const property = 'BackupPlan.BackupPlanRule.CopyActions';
      if (arns.length === 0) return fail(plan.id, property, 'no copy action: every backup stays in the workload\'s account and region');
      for (const arn of arns) {
        const parts = arnParts(arn);
        if (!parts || isUnresolved(arn)) return fail(plan.id, property, 'the copy target is not a literal vault ARN, so its location cannot be checked', { unresolved: true, value: arn });
        const region = REGIONS.find(CloudProvider.AWS, parts.region);
        const problem = region ? regionProblem(ctx.policy, region) : `${parts.region} is not a known AWS region`;
        if (problem) return fail(plan.id, property, `copy target ${String(arn)}: ${problem}`);
        if (ctx.region && parts.region !== ctx.region) return pass(plan.id, property, `copies go to ${parts.region}, another allowed region`);
      }
      const own = stackAccount(ctx.document, ctx.account);
      const accounts = arns.map((a) => arnParts(a)?.account);
      if (own && accounts.every((a) => a !== undefined && a !== own)) return pass(plan.id, property, `copies go to another account (${accounts.join(', ')}, the stack's is ${own})`);
      if (own) return fail(plan.id, property, `copies stay in the stack's own account ${own} and region ${ctx.region ?? ''}: not out of the workload's reach`);
      return fail(plan.id, property, `copies stay in ${ctx.region ?? 'a region that cannot be compared'}; the template cannot show that the target account differs from the stack's (give --account)`, { unresolved: true, valueText: 'the stack account' });
    });
  },
};

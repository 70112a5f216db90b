import { CloudProvider } from '../../../core';
import { asArray, at, fail, indexOf, isUnresolved, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { regionProblem } from '../private/common';
import { REGIONS, T, arnParts } from '../private/aws';

export const awsBackupCopyRegion: Rule = {
  id: 'aws-backup-copy-region',
  control: 'ACN-LOC-01',
  provider: CloudProvider.AWS,
  title: 'Backup copy targets in allowed regions',
  checks: 'Every backup plan copy action sends recovery points to a vault whose ARN region is in the allow-list of the class.',
  fix: 'Copy backups to a vault in an allowed region (for critico and strategico: an Italian region), given as a literal ARN.',
  severity: 'error',
  evaluate: (ctx) => {
    const results: RuleResult[] = [];
    for (const plan of indexOf(ctx.document).ofType(T.BACKUP_PLAN)) {
      asArray(at(plan.properties, 'BackupPlan.BackupPlanRule')).forEach((rule, i) => {
        asArray(at(rule, 'CopyActions')).forEach((action, j) => {
          const property = `BackupPlan.BackupPlanRule.${i}.CopyActions.${j}.DestinationBackupVaultArn`;
          const arn = at(action, 'DestinationBackupVaultArn');
          const parts = arnParts(arn);
          if (!parts || isUnresolved(arn)) {
            results.push(fail(plan.id, property, 'the copy target is not a literal vault ARN, so its region cannot be checked', { unresolved: true, value: arn }));
            return;
          }
          const region = REGIONS.find(CloudProvider.AWS, parts.region);
          if (!region) {
            results.push(fail(plan.id, property, `copy target region ${parts.region} is not a known AWS region`));
            return;
          }
          const problem = regionProblem(ctx.policy, region);
          results.push(problem ? fail(plan.id, property, `backup copy target: ${problem}`) : pass(plan.id, property, `copy target region ${region.name} (${region.country}) is allowed`));
        });
      });
    }
    return results.length > 0 ? results : [notApplicable('no backup copy actions')];
  },
};

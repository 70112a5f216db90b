import { CloudProvider, LockMode } from '../../../core';
import { absent, at, fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T } from '../private/aws';

export const awsBackupVaultLock: Rule = {
  id: 'aws-backup-vault-lock',
  control: 'ABSC-BCK-03',
  provider: CloudProvider.AWS,
  title: 'Backup vault lock in the class mode',
  checks: 'Every AWS::Backup::BackupVault has a `LockConfiguration`; for critico and strategico in compliance mode (`ChangeableForDays` set).',
  fix: 'Lock the vault (`lockConfiguration`), with `changeableFor` for a compliance-mode lock where the class needs it.',
  severity: 'error',
  evaluate: (ctx) => {
    const vaults = indexOf(ctx.document).ofType(T.BACKUP_VAULT);
    if (vaults.length === 0) {
      // Central services without off-site vault (only the log archive): the tenants' vaults are in their landing zones.
      if (ctx.document.metadata?.role === 'central') return [notApplicable('central services without an off-site vault')];
      return [absent(ctx.document, 'no backup vault in the template')];
    }
    const wanted = ctx.policy.settings.backupVaultLockMode;
    return vaults.map((v): RuleResult => {
      const lock = v.properties.LockConfiguration;
      if (lock === undefined) return fail(v.id, 'LockConfiguration', 'the vault is not locked: recovery points can be deleted');
      const compliance = at(lock, 'ChangeableForDays') !== undefined;
      if (wanted === LockMode.COMPLIANCE && !compliance) return fail(v.id, 'LockConfiguration.ChangeableForDays', `governance-mode lock; ${ctx.classification} needs a compliance-mode lock (ChangeableForDays)`);
      return pass(v.id, 'LockConfiguration', `vault lock in ${compliance ? 'compliance' : 'governance'} mode`);
    });
  },
};

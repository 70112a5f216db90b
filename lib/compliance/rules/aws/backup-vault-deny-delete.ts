import { CloudProvider } from '../../../core';
import { fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule } from '../../types';
import { T, actionMatches, statements } from '../private/aws';

export const awsBackupVaultDenyDelete: Rule = {
  id: 'aws-backup-vault-deny-delete',
  control: 'ABSC-BCK-03',
  provider: CloudProvider.AWS,
  title: 'Backup vault access policy denies deletes',
  checks: 'Every backup vault\'s `AccessPolicy` has a Deny statement covering `backup:DeleteRecoveryPoint`.',
  fix: 'Set `blockRecoveryPointDeletion: true` on the vault.',
  severity: 'error',
  evaluate: (ctx) => {
    const vaults = indexOf(ctx.document).ofType(T.BACKUP_VAULT);
    if (vaults.length === 0) return [notApplicable('no backup vaults')];
    return vaults.map((v) => statements(v.properties.AccessPolicy).some((s) => s.Effect === 'Deny' && actionMatches(s, 'backup:DeleteRecoveryPoint'))
      ? pass(v.id, 'AccessPolicy', 'the access policy denies deleting recovery points')
      : fail(v.id, 'AccessPolicy', 'no access policy statement denies backup:DeleteRecoveryPoint'));
  },
};

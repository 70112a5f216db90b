import { CloudProvider } from '../../../core';
import { fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule } from '../../types';
import { T } from '../private/aws';

export const awsBackupVaultEncrypted: Rule = {
  id: 'aws-backup-vault-encrypted',
  control: 'ABSC-BCK-03',
  provider: CloudProvider.AWS,
  title: 'Backup vault encrypted with a customer-managed key',
  checks: 'Every backup vault has an `EncryptionKeyArn`.',
  fix: 'Give the vault a customer-managed `encryptionKey`.',
  severity: 'error',
  evaluate: (ctx) => {
    const vaults = indexOf(ctx.document).ofType(T.BACKUP_VAULT);
    if (vaults.length === 0) return [notApplicable('no backup vaults')];
    return vaults.map((v) => v.properties.EncryptionKeyArn === undefined
      ? fail(v.id, 'EncryptionKeyArn', 'the vault uses the AWS-managed key')
      : pass(v.id, 'EncryptionKeyArn', 'the vault uses a customer-managed key'));
  },
};

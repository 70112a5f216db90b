import { CloudProvider } from '../../../core';
import { cfnRef, fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule } from '../../types';
import { T } from '../private/aws';

export const awsKmsKeyPerPurpose: Rule = {
  id: 'aws-kms-key-per-purpose',
  control: 'ACN-KMS-01',
  provider: CloudProvider.AWS,
  title: 'Separate customer-managed keys for logs and backups',
  checks: 'Trails (`KMSKeyId`) and backup vaults (`EncryptionKeyArn`) are encrypted with customer-managed keys, and logs and backups do not share one key.',
  fix: 'Give the trail and the backup vault each its own customer-managed key (the kit creates one per purpose).',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const logKeys = new Map<string, string>();
    const results = [];
    for (const trail of ix.ofType(T.TRAIL)) {
      const key = trail.properties.KMSKeyId;
      if (key === undefined) results.push(fail(trail.id, 'KMSKeyId', 'the trail is not encrypted with a customer-managed key'));
      else logKeys.set(JSON.stringify(cfnRef(key) ?? key), trail.id);
    }
    for (const vault of ix.ofType(T.BACKUP_VAULT)) {
      const key = vault.properties.EncryptionKeyArn;
      if (key === undefined) {
        results.push(fail(vault.id, 'EncryptionKeyArn', 'the vault uses the AWS-managed backup key, not a customer-managed key'));
        continue;
      }
      const shared = logKeys.get(JSON.stringify(cfnRef(key) ?? key));
      results.push(shared
        ? fail(vault.id, 'EncryptionKeyArn', `the vault shares its key with trail ${shared}: one key per purpose`)
        : pass(vault.id, 'EncryptionKeyArn', 'the vault has its own customer-managed key'));
    }
    if (results.length === 0) return [notApplicable('no trails or backup vaults')];
    if (!results.some((r) => r.status === 'fail')) results.push(pass(undefined, undefined, 'logs and backups use distinct customer-managed keys'));
    return results;
  },
};

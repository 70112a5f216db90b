import { CloudProvider } from '../../../core';
import { fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule } from '../../types';
import { T } from '../private/aws';

export const awsTrailEncrypted: Rule = {
  id: 'aws-trail-encrypted',
  control: 'GAR-LOG-01',
  provider: CloudProvider.AWS,
  title: 'Trail encrypted with a customer-managed key',
  checks: 'Every trail has a `KMSKeyId`.',
  fix: 'Set the trail\'s `encryptionKey` to the log archive\'s customer-managed key.',
  severity: 'error',
  evaluate: (ctx) => {
    const trails = indexOf(ctx.document).ofType(T.TRAIL);
    if (trails.length === 0) return [notApplicable('no trails')];
    return trails.map((t) => t.properties.KMSKeyId === undefined
      ? fail(t.id, 'KMSKeyId', 'the trail\'s log files are not encrypted with a customer-managed key')
      : pass(t.id, 'KMSKeyId', 'the trail uses a customer-managed key'));
  },
};

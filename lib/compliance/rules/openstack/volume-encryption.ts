import { CloudProvider } from '../../../core';
import { fail, indexOf, isUnresolved, notApplicable, pass, show } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { OS } from '../private/openstack';

export const osVolumeEncryption: Rule = {
  id: 'os-volume-encryption',
  control: 'ACN-KMS-01',
  provider: CloudProvider.OPENSTACK,
  title: 'Volumes on an encrypted volume type',
  checks: 'Every openstack_blockstorage_volume_v3 uses the encrypted volume type declared in the kit metadata (`encryption.volumeType`); without a declaration, a type whose name says it is encrypted.',
  fix: 'Declare the provider\'s encrypted volume type (`encryptedVolumeType`) and create volumes with it.',
  severity: 'error',
  evaluate: (ctx) => {
    const volumes = indexOf(ctx.document).ofType(OS.VOLUME);
    if (volumes.length === 0) return [notApplicable('no volumes')];
    const declared = ctx.document.metadata?.encryption?.volumeType;
    return volumes.map((v): RuleResult => {
      const type = v.properties.volume_type;
      if (type === undefined) return fail(v.id, 'volume_type', 'no volume type: the provider default type is not known to be encrypted');
      if (typeof type !== 'string' || isUnresolved(type)) return fail(v.id, 'volume_type', `volume type ${show(type)} is not a literal`, { unresolved: true, value: type });
      if (declared) {
        return type === declared
          ? pass(v.id, 'volume_type', `volume type ${type} is the declared encrypted type`)
          : fail(v.id, 'volume_type', `volume type ${type} is not the declared encrypted type ${declared}`);
      }
      return /encrypt|luks|crypt/i.test(type)
        ? pass(v.id, 'volume_type', `volume type ${type} is named as encrypted (no type declared in the metadata)`)
        : fail(v.id, 'volume_type', `volume type ${type} is not declared as encrypted`, { unresolved: true });
    });
  },
};

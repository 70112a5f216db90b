import { CloudProvider } from '../../../core';
import { fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { OS } from '../private/openstack';

const WEAK_ENCRYPTION = new Set(['3des', 'des']);
const WEAK_AUTH = new Set(['md5', 'sha1']);

export const osVpnEncryption: Rule = {
  id: 'os-vpn-encryption',
  control: 'ENC-TRANSIT-01',
  provider: CloudProvider.OPENSTACK,
  title: 'VPN for admin access with strong ciphers',
  checks: 'IKE and IPsec policies do not use 3DES/DES encryption or MD5/SHA-1 authentication (the provider default for an unset auth algorithm is SHA-1).',
  fix: 'Use AES-256 with SHA-256 or stronger in the IKE and IPsec policies (kit: LandingZoneNetwork vpn).',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const policies = ix.ofType(OS.IKE_POLICY, OS.IPSEC_POLICY);
    if (policies.length === 0) return [notApplicable('no VPN policies')];
    return policies.map((p): RuleResult => {
      const encryption = String(p.properties.encryption_algorithm ?? 'aes-128').toLowerCase();
      const auth = String(p.properties.auth_algorithm ?? 'sha1').toLowerCase();
      if (WEAK_ENCRYPTION.has(encryption)) return fail(p.id, 'encryption_algorithm', `weak encryption ${encryption}`);
      if (WEAK_AUTH.has(auth)) return fail(p.id, 'auth_algorithm', `weak authentication ${auth}${p.properties.auth_algorithm === undefined ? ' (provider default)' : ''}`);
      return pass(p.id, 'encryption_algorithm', `${encryption} with ${auth}`);
    });
  },
};

import { CloudProvider } from '../../../core';
import { cfnRef, fail, indexOf, notApplicable, pass } from '../../private/model';
import { Rule } from '../../types';
import { T, subnetTierOf, tierNote } from '../private/aws';

export const awsDataTierNacl: Rule = {
  id: 'aws-data-tier-nacl',
  control: 'ABSC-NET-02',
  provider: CloudProvider.AWS,
  title: 'Network ACLs on the data tier',
  checks: 'Every data-tier subnet (kit subnet names/tags) is associated with a custom AWS::EC2::NetworkAcl instead of the default allow-all ACL.',
  fix: 'Associate the data subnets with a network ACL that only admits the private tier (kit: LandingZoneNetwork).',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const data = ix.ofType(T.SUBNET).map((s) => ({ s, t: subnetTierOf(s, ctx.tiers) })).filter((x) => x.t?.tier === 'data');
    if (data.length === 0) return [notApplicable('no subnet is recognisable as the data tier')];
    const withAcl = new Set(ix.ofType(T.SUBNET_NACL).map((a) => cfnRef(a.properties.SubnetId)));
    return data.map(({ s, t }) => withAcl.has(s.id)
      ? pass(s.id, 'NetworkAcl', `the data subnet has a custom network ACL${tierNote(t?.source)}`)
      : fail(s.id, 'NetworkAcl', `the data subnet uses the default network ACL (all traffic allowed)${tierNote(t?.source)}`));
  },
};

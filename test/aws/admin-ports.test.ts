/**
 * The admin-port check of `LandingZoneNetwork` (synth time) and the `aws-admin-ports-closed` rule
 * (`pa-cloud-kit check`) read the same table in lib/core: they agree on every case, RDP over UDP
 * included (before, the construct knew TCP only and let UDP 3389 from the internet through).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LandingZoneNetwork } from '../../lib/aws/network';
import { opensAdminPortToInternet } from '../../lib/aws/private/admin-ports';
import { CompliancePolicy, DataClassification, TenantIdentity } from '../../lib/core';
import { awsAdminPortsClosed } from '../../lib/compliance/rules/aws/admin-ports-closed';
import { cfnDoc, expectFailure, failures, run } from '../compliance/rules/helpers';

const ENV = { account: '111111111111', region: 'eu-south-1' };
const ZONES = ['eu-south-1a', 'eu-south-1b', 'eu-south-1c'];

function network(): { stack: Stack; network: LandingZoneNetwork } {
  const app = new App({ context: { [`availability-zones:account=${ENV.account}:region=${ENV.region}`]: ZONES } });
  const stack = new Stack(app, 'Tenant', { env: ENV });
  const lz = new LandingZoneNetwork(stack, 'Network', {
    tenant: TenantIdentity.of({ ipaCode: 'c_h501', name: 'Comune di Esempio', classification: DataClassification.ORDINARIO, qualification: 'QC1', owner: 'Servizio ICT', incidentContact: 'cert@comune.example.it' }),
    policy: CompliancePolicy.forClassification(DataClassification.ORDINARIO),
    cidr: '10.20.0.0/16',
    availabilityZones: ZONES,
    flowLogBucket: new s3.Bucket(stack, 'Archive'),
  });
  return { stack, network: lz };
}

/** A template with one security group holding one ingress entry, as `check` reads it. */
function oneIngress(ingress: Record<string, unknown>) {
  return cfnDoc({ Resources: { Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', SecurityGroupIngress: [ingress] } } } });
}

describe('RDP over UDP open to the internet', () => {
  test('fails the construct check at synthesis', () => {
    const { stack, network: lz } = network();
    lz.endpointSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.udp(3389));
    expect(() => Template.fromStack(stack)).toThrow(
      /\[ABSC-NET-02\] a security group admits an admin port \(TCP 22, 3389, 5985-5986; UDP 3389\) from the internet: Tenant\/Network\/EndpointSecurityGroup\/Resource: udp 3389-3389 from 0\.0\.0\.0\/0/,
    );
  });

  test('fails the rule too', () => {
    expectFailure(run(awsAdminPortsClosed, oneIngress({ IpProtocol: 'udp', FromPort: 3389, ToPort: 3389, CidrIp: '0.0.0.0/0' })), /^ingress from 0\.0\.0\.0\/0 on admin port\(s\) 3389 \(RDP\)$/, 'Sg');
  });

  test('over IPv6, spelled ::0/0, fails the construct check', () => {
    const { stack, network: lz } = network();
    lz.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv6('::0/0'), ec2.Port.udpRange(3000, 4000));
    expect(() => Template.fromStack(stack)).toThrow(/udp 3000-4000 from ::0\/0/);
  });

  test('UDP on SSH or WinRM ports (TCP services) passes both', () => {
    const { stack, network: lz } = network();
    lz.endpointSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.udp(22));
    expect(() => Template.fromStack(stack)).not.toThrow();
    expect(failures(run(awsAdminPortsClosed, oneIngress({ IpProtocol: 'udp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' })))).toEqual([]);
  });
});

/** Literal ingress entries: [IpProtocol, FromPort, ToPort, CidrIp | CidrIpv6]. */
const CASES: ReadonlyArray<readonly [string, number | undefined, number | undefined, string]> = [
  ['tcp', 22, 22, '0.0.0.0/0'],
  ['6', 20, 25, '0.0.0.0/0'],
  ['tcp', 3389, 3389, '::/0'],
  ['udp', 3389, 3389, '0.0.0.0/0'],
  ['17', 3000, 4000, '::/0'],
  ['udp', 22, 22, '0.0.0.0/0'],
  ['udp', 5985, 5986, '0.0.0.0/0'],
  ['tcp', 5986, 5986, '0.0.0.0/0'],
  ['tcp', 443, 443, '0.0.0.0/0'],
  ['tcp', 23, 3388, '0.0.0.0/0'],
  ['-1', undefined, undefined, '0.0.0.0/0'],
  ['-1', 443, 443, '::/0'],
  ['icmp', -1, -1, '0.0.0.0/0'],
  ['tcp', 22, 22, '10.0.0.0/8'],
  ['udp', 3389, 3389, '192.168.0.0/16'],
  ['tcp', 22, 22, '10.1.2.3/0'],
  ['tcp', 22, 22, '::ffff:0:0/96'],
];

test.each(CASES)('construct check and rule agree: %s %s-%s from %s', (protocol, from, to, cidr) => {
  const key = cidr.includes(':') ? 'cidrIpv6' : 'cidrIp';
  const construct = opensAdminPortToInternet({ ipProtocol: protocol, fromPort: from, toPort: to, [key]: cidr });
  const entry: Record<string, unknown> = { IpProtocol: protocol, [key === 'cidrIp' ? 'CidrIp' : 'CidrIpv6']: cidr };
  if (from !== undefined) entry.FromPort = from;
  if (to !== undefined) entry.ToPort = to;
  const rule = failures(run(awsAdminPortsClosed, oneIngress(entry))).length > 0;
  expect(construct).toBe(rule);
});

test('the agreement table covers both answers', () => {
  const answers = CASES.map(([protocol, from, to, cidr]) => opensAdminPortToInternet({ ipProtocol: protocol, fromPort: from, toPort: to, [cidr.includes(':') ? 'cidrIpv6' : 'cidrIp']: cidr }));
  expect(answers.filter(Boolean).length).toBe(10);
  expect(answers.filter((a) => !a).length).toBe(7);
});

import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * One cdk-nag finding the kit accepts on purpose, on one construct of a landing zone, with the
 * reason. IDs are namespaced `<plugin>::<rule>` so aws-cdk-lib's validation report matches them
 * against the finding of that plugin (cdk-nag 3 packs are validation plugins named
 * `AwsSolutions` and `NIST.800.53.R5`).
 */
export interface NagAcknowledgement {
  /** The validation ID, e.g. `AwsSolutions::AwsSolutions-IAM4[Policy::...]`. */
  readonly id: string;
  /** Path of the construct under the LandingZone, e.g. `Backup/ServiceRole`. */
  readonly resource: string;
  /** Why the finding is accepted. */
  readonly reason: string;
}

/** Every cdk-nag finding the kit accepts, in one place (the README table is generated from it). */
export const NAG_ACKNOWLEDGEMENTS: readonly NagAcknowledgement[] = [
  {
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    resource: 'Backup/ServiceRole',
    reason: 'AWS-maintained service-role policy for AWS Backup, assumable only by backup.amazonaws.com; AWS updates it as Backup supports new resource types, which a hand-copied policy would miss',
  },
  {
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
    resource: 'Backup/ServiceRole',
    reason: 'AWS-maintained service-role policy the restore testing plan needs to restore EBS volumes and EC2 instances (ABSC-BCK-02); assumable only by backup.amazonaws.com',
  },
  {
    id: 'AwsSolutions::AwsSolutions-VPC3',
    resource: 'Network/DataNetworkAcl',
    reason: 'the network ACL on the data tier is deliberate: a subnet-level default deny for databases, required by ABSC-NET-02',
  },
  {
    id: 'NIST.800.53.R5::NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
    resource: 'Network/Vpc/PublicSubnet*/DefaultRoute',
    reason: 'only the public tier routes to the internet gateway (NAT gateways and load balancers live there); private, data and management tiers have no such route (ABSC-NET-01)',
  },
  {
    id: 'NIST.800.53.R5::NIST.800.53.R5-S3DefaultEncryptionKMS',
    resource: 'Logging/AccessLogsBucket',
    reason: 'S3 server access logging delivers only to buckets encrypted with SSE-S3, not SSE-KMS; the bucket holds access logs of the archive, not personal data',
  },
  {
    id: 'NIST.800.53.R5::NIST.800.53.R5-S3BucketReplicationEnabled',
    resource: 'Logging/ArchiveBucket',
    reason: 'the archive is protected by versioning and object lock in the class mode (LOG-INT-05), retained on delete; the baseline asks no cross-region replication of audit logs on AWS, and a replica outside Italy would break ACN-LOC-01 for critico and strategico',
  },
  {
    id: 'NIST.800.53.R5::NIST.800.53.R5-S3BucketReplicationEnabled',
    resource: 'Logging/AccessLogsBucket',
    reason: 'access logs of the archive bucket are operational records, not the audit archive itself; replicating them adds cost without a control that asks for it',
  },
  {
    id: 'NIST.800.53.R5::NIST.800.53.R5-IAMNoInlinePolicy',
    resource: 'Logging/Trail/LogsRole',
    reason: 'aws-cdk-lib creates this inline policy for CloudTrail to write to its one log group; it is scoped to that log group and lives and dies with the trail',
  },
];

/**
 * Records each acknowledgement on the constructs it is about, under `landingZone`. Constructs
 * that a landing zone does not create (e.g. the access-logs bucket with a central archive) are
 * skipped.
 */
export function applyNagAcknowledgements(landingZone: IConstruct): void {
  for (const ack of NAG_ACKNOWLEDGEMENTS) {
    for (const target of findByPath(landingZone, ack.resource)) {
      Validations.of(target).acknowledge({ id: ack.id, reason: ack.reason });
    }
  }
}

/** The acknowledgements as a Markdown table: validation ID, resource, reason. */
export function nagAcknowledgementsTable(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| Finding | Resource (under the LandingZone) | Reason |',
    '|---|---|---|',
    ...NAG_ACKNOWLEDGEMENTS.map((a) => `| \`${escape(a.id)}\` | \`${escape(a.resource)}\` | ${escape(a.reason)} |`),
  ].join('\n');
}

/** The constructs at a path under `root`; a segment may end in `*` to match every child id with that prefix. */
function findByPath(root: IConstruct, relativePath: string): IConstruct[] {
  let current: IConstruct[] = [root];
  for (const segment of relativePath.split('/')) {
    current = current.flatMap((c) => (segment.endsWith('*')
      ? c.node.children.filter((child) => child.node.id.startsWith(segment.slice(0, -1)))
      : [c.node.tryFindChild(segment)].filter((child): child is IConstruct => child !== undefined)));
  }
  return current;
}

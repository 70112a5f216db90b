import * as path from 'path';
import { Duration, PolicySetting, RegionCatalogue, parseAwsArn, splitArn } from '../../../core';
import { DocumentIndex, at, cfnRef, cfnRefsIn, cfnTags, coversAllAddresses, isObject } from '../../private/model';
import { NetworkTier, RelatedResources, ResourceRef, SourceDocument, TierPattern } from '../../types';
import type { TierSource } from './common';

export { tierNote, type TierSource } from './common';

export const T = {
  BUCKET: 'AWS::S3::Bucket',
  BUCKET_POLICY: 'AWS::S3::BucketPolicy',
  TRAIL: 'AWS::CloudTrail::Trail',
  LOG_GROUP: 'AWS::Logs::LogGroup',
  KMS_KEY: 'AWS::KMS::Key',
  VPC: 'AWS::EC2::VPC',
  SUBNET: 'AWS::EC2::Subnet',
  ROUTE: 'AWS::EC2::Route',
  ROUTE_TABLE: 'AWS::EC2::RouteTable',
  SUBNET_RT: 'AWS::EC2::SubnetRouteTableAssociation',
  SG: 'AWS::EC2::SecurityGroup',
  SG_INGRESS: 'AWS::EC2::SecurityGroupIngress',
  NACL: 'AWS::EC2::NetworkAcl',
  SUBNET_NACL: 'AWS::EC2::SubnetNetworkAclAssociation',
  ENDPOINT: 'AWS::EC2::VPCEndpoint',
  FLOW_LOG: 'AWS::EC2::FlowLog',
  FIREWALL: 'AWS::NetworkFirewall::Firewall',
  BACKUP_PLAN: 'AWS::Backup::BackupPlan',
  BACKUP_VAULT: 'AWS::Backup::BackupVault',
  RESTORE_TESTING_PLAN: 'AWS::Backup::RestoreTestingPlan',
  RESTORE_TESTING_SELECTION: 'AWS::Backup::RestoreTestingSelection',
  EVENT_RULE: 'AWS::Events::Rule',
  ALARM: 'AWS::CloudWatch::Alarm',
  METRIC_FILTER: 'AWS::Logs::MetricFilter',
  TOPIC: 'AWS::SNS::Topic',
  LISTENER: 'AWS::ElasticLoadBalancingV2::Listener',
  RESTRICT_DEFAULT_SG: 'Custom::VpcRestrictDefaultSG',
} as const;

/** The buckets that hold the log archive: the trails' buckets and the flow logs' destinations. */
export interface ArchiveBuckets {
  /**
   * The archive buckets. One created by another document of the run (found by its literal name)
   * has the ID `<file name>:<logical ID>`, so the evidence says where it lives.
   */
  readonly buckets: ResourceRef[];
  /** Archive destinations outside the document and the run (imported names, parameters, unknown literal names). */
  readonly external: { readonly from: string; readonly value: unknown }[];
  /** Destinations resolved to a bucket of another document of the run, by literal name. */
  readonly resolved: { readonly from: string; readonly bucketName: string; readonly bucket: string }[];
  /** The document, to tell a missing archive from one in content the engine cannot see. */
  readonly document: SourceDocument;
}

const PSEUDO_PARAMETERS = new Set(['AWS::Partition', 'AWS::Region', 'AWS::AccountId', 'AWS::URLSuffix']);
const PSEUDO = '\u0000';

/**
 * The text of a destination made of literal parts and pseudo-parameters (a string, an `Fn::Join`
 * of such parts, an `Fn::Sub` with only `${AWS::...}`), each pseudo-parameter as a placeholder;
 * undefined when any part is unknown (a parameter, an import, another resource).
 */
function literalText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!isObject(value)) return undefined;
  if (typeof value.Ref === 'string' && Object.keys(value).length === 1) return PSEUDO_PARAMETERS.has(value.Ref) ? PSEUDO : undefined;
  const join = value['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1].map(literalText);
    return parts.every((p): p is string => p !== undefined) ? parts.join(join[0]) : undefined;
  }
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string') {
    const text = sub.replace(/\$\{([^}!]+)\}/g, (whole, name: string) => (PSEUDO_PARAMETERS.has(name) ? PSEUDO : whole));
    return /\$\{[^}!]/.test(text) ? undefined : text;
  }
  return undefined;
}

/**
 * The literal bucket name of an S3 destination: a bucket name, or an S3 ARN
 * (`arn:<partition>:s3:::<bucket>/<prefix>`), possibly built with pseudo-parameters; undefined
 * when the name itself is not literal.
 */
export function literalBucketName(value: unknown): string | undefined {
  const text = literalText(value);
  if (text === undefined) return undefined;
  const arn = splitArn(text);
  const name = (arn?.service === 's3' && arn.region === '' && arn.account === '' ? arn.resource : text).split('/')[0];
  return name && !name.includes(PSEUDO) && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) ? name : undefined;
}

/** The buckets of a document that receive other buckets' server access logs. */
function accessLogDestinations(ix: DocumentIndex): Set<string> {
  const result = new Set<string>();
  for (const b of ix.ofType(T.BUCKET)) {
    const target = at(b.properties, 'LoggingConfiguration.DestinationBucketName');
    for (const id of cfnRefsIn(target)) result.add(id);
    const name = literalBucketName(target);
    const own = name && ix.ofType(T.BUCKET).find((o) => o.properties.BucketName === name);
    if (own) result.add(own.id);
  }
  return result;
}

/**
 * The log archive of a document. For a landing zone: the buckets its trails and flow logs deliver
 * to, in the document (by reference or literal name) or, by literal name, in another document of
 * the run (`related`). For the central services of an aggregator (metadata role `central`): its
 * buckets that do not receive server access logs.
 */
export function archiveBuckets(ix: DocumentIndex, related?: RelatedResources): ArchiveBuckets {
  const buckets = new Map<string, ResourceRef>();
  const external: { from: string; value: unknown }[] = [];
  const resolved: { from: string; bucketName: string; bucket: string }[] = [];
  if (ix.document.metadata?.role === 'central') {
    const accessLogs = accessLogDestinations(ix);
    for (const b of ix.ofType(T.BUCKET)) if (!accessLogs.has(b.id)) buckets.set(b.id, b);
  }
  const add = (from: string, value: unknown) => {
    if (value === undefined) return;
    // The destination may carry a prefix: Fn::Join of the bucket ARN and a folder.
    const target = [...cfnRefsIn(value)].map((id) => ix.get(id)).find((r) => r?.type === T.BUCKET);
    if (target) {
      buckets.set(target.id, target);
      return;
    }
    const name = literalBucketName(value);
    const own = name === undefined ? undefined : ix.ofType(T.BUCKET).find((b) => b.properties.BucketName === name);
    if (own) {
      buckets.set(own.id, own);
      return;
    }
    const other = name === undefined ? undefined : related?.s3BucketsByName.get(name);
    if (other && other.file !== ix.document.file) {
      const id = `${path.basename(other.file)}:${other.resource.id}`;
      buckets.set(id, { ...other.resource, id });
      resolved.push({ from, bucketName: name!, bucket: id });
      return;
    }
    external.push({ from, value });
  };
  for (const trail of ix.ofType(T.TRAIL)) add(trail.id, trail.properties.S3BucketName);
  for (const flow of ix.ofType(T.FLOW_LOG)) {
    if (flow.properties.LogDestinationType === 's3') add(flow.id, flow.properties.LogDestination);
  }
  return { buckets: [...buckets.values()], external, resolved, document: ix.document };
}

/** Bucket policies by the logical ID of the bucket they protect. */
export function bucketPolicies(ix: DocumentIndex): Map<string, ResourceRef[]> {
  const result = new Map<string, ResourceRef[]>();
  for (const policy of ix.ofType(T.BUCKET_POLICY)) {
    const bucket = cfnRef(policy.properties.Bucket);
    if (!bucket) continue;
    const list = result.get(bucket) ?? [];
    list.push(policy);
    result.set(bucket, list);
  }
  return result;
}

/** The statements of a policy document. */
export function statements(document: unknown): Record<string, unknown>[] {
  const s = at(document, 'Statement');
  return (Array.isArray(s) ? s : [s]).filter(isObject);
}

/** Whether a statement's actions include one of these (wildcards honoured). */
export function actionMatches(statement: Record<string, unknown>, action: string): boolean {
  const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
  return actions.some((a) => typeof a === 'string' && new RegExp(`^${a.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action));
}

/** The kit's subnet group names (`aws-cdk:subnet-name`) per tier. */
const KIT_GROUPS: Readonly<Record<string, NetworkTier>> = { Public: 'public', Private: 'private', Data: 'data', Management: 'management' };


/**
 * The network tier of a subnet and how it was recognised: the kit's `pa:network-tier` tag or
 * subnet group name (`kit`); a `--tier` pattern matching its logical ID or `Name` tag (`option`);
 * else words in its names (`name`: a heuristic, said so in the evidence). Names that say the
 * subnet faces the internet (public, DMZ, bastion, edge, ingress) are public before any word that
 * sounds like management, so a "bastion management DMZ" subnet is not taken for the isolated
 * management tier. Undefined when nothing tells.
 */
export function subnetTierOf(subnet: ResourceRef, tiers: readonly TierPattern[] = NO_TIERS): { tier: NetworkTier; source: TierSource } | undefined {
  // Several rules ask for every subnet: remember the answer per tier patterns and subnet.
  let cache = TIER_CACHE.get(tiers);
  if (!cache) TIER_CACHE.set(tiers, (cache = new WeakMap()));
  let known = cache.get(subnet);
  if (known === undefined) cache.set(subnet, (known = { value: computeSubnetTier(subnet, tiers) }));
  return known.value;
}

const NO_TIERS: readonly TierPattern[] = [];
const TIER_CACHE = new WeakMap<readonly TierPattern[], WeakMap<ResourceRef, { value: { tier: NetworkTier; source: TierSource } | undefined }>>();

function computeSubnetTier(subnet: ResourceRef, tiers: readonly TierPattern[]): { tier: NetworkTier; source: TierSource } | undefined {
  const tags = cfnTags(subnet);
  const declared = tags?.get('pa:network-tier')?.value?.toLowerCase();
  if (declared === 'public' || declared === 'private' || declared === 'data' || declared === 'management') return { tier: declared, source: 'kit' };
  const group = tags?.get('aws-cdk:subnet-name')?.value;
  if (group !== undefined && KIT_GROUPS[group]) return { tier: KIT_GROUPS[group], source: 'kit' };
  const name = tags?.get('Name')?.value ?? '';
  for (const t of tiers) if (t.pattern.test(subnet.id) || (name !== '' && t.pattern.test(name))) return { tier: t.tier, source: 'option' };
  const text = `${group ?? ''} ${name} ${subnet.id}`;
  if (/public|dmz|bastion|edge|ingress|internet/i.test(text)) return { tier: 'public', source: 'name' };
  if (/manage|mgmt|admin/i.test(text)) return { tier: 'management', source: 'name' };
  if (/\bdata|database|\bdb/i.test(text) || /Data[A-Z0-9]|Data$/.test(subnet.id)) return { tier: 'data', source: 'name' };
  if (/private|app|workload/i.test(text)) return { tier: 'private', source: 'name' };
  return undefined;
}


/** The route tables associated with each subnet. */
export function routeTablesBySubnet(ix: DocumentIndex): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const assoc of ix.ofType(T.SUBNET_RT)) {
    const subnet = cfnRef(assoc.properties.SubnetId);
    const table = cfnRef(assoc.properties.RouteTableId);
    if (!subnet || !table) continue;
    const list = result.get(subnet) ?? [];
    list.push(table);
    result.set(subnet, list);
  }
  return result;
}

/** Routes by the logical ID of their route table. */
export function routesByTable(ix: DocumentIndex): Map<string, ResourceRef[]> {
  const result = new Map<string, ResourceRef[]>();
  for (const route of ix.ofType(T.ROUTE)) {
    const table = cfnRef(route.properties.RouteTableId);
    if (!table) continue;
    const list = result.get(table) ?? [];
    list.push(route);
    result.set(table, list);
  }
  return result;
}

/** Whether a route sends all traffic (0.0.0.0/0 or ::/0) somewhere. */
export function isDefaultRoute(route: ResourceRef): boolean {
  return coversAllAddresses(route.properties.DestinationCidrBlock) || coversAllAddresses(route.properties.DestinationIpv6CidrBlock);
}

/** Days in a CloudFormation retention value, or undefined. */
export function days(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** The floor of a policy setting for the class, as a Duration (when the setting is a duration). */
export function floorOf(policy: { requirement(s: PolicySetting): { floor?: unknown } }, setting: PolicySetting): Duration | undefined {
  const floor = policy.requirement(setting).floor;
  return floor instanceof Duration ? floor : undefined;
}

/** The region and account of a literal AWS ARN (`arn:partition:service:region:account:...`, core's parser), or undefined. */
export function arnParts(arn: unknown): { region: string; account: string } | undefined {
  const parts = parseAwsArn(arn);
  return parts ? { region: parts.region, account: parts.account } : undefined;
}

export const REGIONS = RegionCatalogue.standard();

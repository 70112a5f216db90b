/**
 * Test support: the resource policies of a synthesized CloudFormation template, with the
 * intrinsics they use resolved to concrete ARNs, evaluated by an independent IAM engine
 * (@cloud-copilot/iam-simulate), not by the kit's own code.
 */
import { runSimulation, Simulation } from '@cloud-copilot/iam-simulate';

export interface CfnTemplate {
  readonly Resources: Record<string, { readonly Type: string; readonly Properties?: Record<string, any> }>;
}

/** The stack's environment, for the pseudo parameters. */
export interface StackEnv {
  readonly account: string;
  readonly region: string;
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/**
 * Resolves the intrinsics the kit's policies use (Ref of pseudo parameters and resources,
 * Fn::GetAtt Arn, Fn::Join, Fn::Select, Fn::Split) to the values CloudFormation would give in
 * `env`: a resource without a physical name gets its logical ID as name. Anything else throws,
 * so a policy the helper cannot read fails the test instead of being skipped.
 */
export function resolveIntrinsics(template: CfnTemplate, env: StackEnv, value: unknown): any {
  const partition = 'aws';
  const r = (v: unknown): any => resolveIntrinsics(template, env, v);
  if (Array.isArray(value)) return value.map(r);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1 && (entries[0][0] === 'Ref' || entries[0][0].startsWith('Fn::'))) {
    const [fn, arg] = entries[0];
    if (fn === 'Ref') return refOf(template, env, String(arg));
    if (fn === 'Fn::GetAtt') {
      const [id, attr] = arg as [string, string];
      return attributeOf(template, env, id, attr);
    }
    if (fn === 'Fn::Join') {
      const [sep, parts] = arg as [string, unknown[]];
      return (r(parts) as unknown[]).join(sep);
    }
    if (fn === 'Fn::Select') {
      const [index, list] = arg as [number, unknown];
      return (r(list) as unknown[])[Number(r(index))];
    }
    if (fn === 'Fn::Split') {
      const [sep, text] = arg as [string, unknown];
      return String(r(text)).split(sep);
    }
    throw new Error(`unsupported intrinsic ${fn} in ${JSON.stringify(value)}`);
  }
  void partition;
  return Object.fromEntries(entries.map(([k, v]) => [k, r(v)]));
}

function resourceOf(template: CfnTemplate, id: string) {
  const res = template.Resources[id];
  if (!res) throw new Error(`no resource ${id} in the template`);
  return res;
}

function nameOf(template: CfnTemplate, env: StackEnv, id: string, property: string): string {
  const given = resourceOf(template, id).Properties?.[property];
  return given === undefined ? id : String(resolveIntrinsics(template, env, given));
}

function refOf(template: CfnTemplate, env: StackEnv, id: string): string {
  switch (id) {
    case 'AWS::Partition': return 'aws';
    case 'AWS::Region': return env.region;
    case 'AWS::AccountId': return env.account;
    case 'AWS::URLSuffix': return 'amazonaws.com';
    default: break;
  }
  const res = resourceOf(template, id);
  switch (res.Type) {
    case 'AWS::S3::Bucket': return nameOf(template, env, id, 'BucketName');
    case 'AWS::SNS::Topic': return `arn:aws:sns:${env.region}:${env.account}:${nameOf(template, env, id, 'TopicName')}`;
    case 'AWS::KMS::Key': return id;
    case 'AWS::Backup::BackupVault': return nameOf(template, env, id, 'BackupVaultName');
    case 'AWS::IAM::Role': return nameOf(template, env, id, 'RoleName');
    case 'AWS::Logs::LogGroup': return nameOf(template, env, id, 'LogGroupName');
    default: return id;
  }
}

function attributeOf(template: CfnTemplate, env: StackEnv, id: string, attr: string): string {
  const res = resourceOf(template, id);
  const { account, region } = env;
  const key = `${res.Type}.${attr}`;
  switch (key) {
    case 'AWS::S3::Bucket.Arn': return `arn:aws:s3:::${refOf(template, env, id)}`;
    case 'AWS::KMS::Key.Arn': return `arn:aws:kms:${region}:${account}:key/${id}`;
    case 'AWS::IAM::Role.Arn': return `arn:aws:iam::${account}:role/${refOf(template, env, id)}`;
    case 'AWS::Logs::LogGroup.Arn': return `arn:aws:logs:${region}:${account}:log-group:${refOf(template, env, id)}:*`;
    case 'AWS::Backup::BackupVault.BackupVaultArn': return `arn:aws:backup:${region}:${account}:backup-vault:${refOf(template, env, id)}`;
    case 'AWS::Backup::BackupVault.BackupVaultName': return refOf(template, env, id);
    case 'AWS::SNS::Topic.TopicArn': return refOf(template, env, id);
    default: throw new Error(`unsupported attribute ${key} of ${id}`);
  }
}

/** A resource policy of the template, resolved. */
export interface ResourcePolicy {
  readonly kind: 'bucket' | 'key' | 'topic' | 'vault';
  /** Logical ID of the bucket, key, topic or vault (not of the policy resource). */
  readonly logicalId: string;
  /** The ARN of the resource the policy protects. */
  readonly arn: string;
  readonly policy: { Version?: string; Statement: PolicyStatement[] };
}

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal: '*' | { AWS?: string | string[]; Service?: string | string[] };
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** Every bucket, key, topic and vault policy of the template, resolved in `env`. */
export function resourcePolicies(template: CfnTemplate, env: StackEnv): ResourcePolicy[] {
  const out: ResourcePolicy[] = [];
  const resolve = (v: unknown) => resolveIntrinsics(template, env, v);
  for (const [id, res] of Object.entries(template.Resources)) {
    const p = res.Properties ?? {};
    if (res.Type === 'AWS::S3::BucketPolicy') {
      const bucketId = (p.Bucket as { Ref?: string }).Ref;
      const name = resolve(p.Bucket) as string;
      out.push({ kind: 'bucket', logicalId: bucketId ?? name, arn: `arn:aws:s3:::${name}`, policy: resolve(p.PolicyDocument) });
    } else if (res.Type === 'AWS::KMS::Key') {
      out.push({ kind: 'key', logicalId: id, arn: attributeOf(template, env, id, 'Arn'), policy: resolve(p.KeyPolicy) });
    } else if (res.Type === 'AWS::SNS::TopicPolicy') {
      for (const topic of p.Topics as unknown[]) {
        out.push({ kind: 'topic', logicalId: (topic as { Ref: string }).Ref, arn: resolve(topic), policy: resolve(p.PolicyDocument) });
      }
    } else if (res.Type === 'AWS::Backup::BackupVault' && p.AccessPolicy) {
      out.push({ kind: 'vault', logicalId: id, arn: attributeOf(template, env, id, 'BackupVaultArn'), policy: resolve(p.AccessPolicy) });
    }
  }
  return out;
}

/** One request to evaluate against a resource policy. */
export interface Request {
  /** An IAM principal ARN (`arn:aws:iam::<account>:role/<name>`) or a service principal (`cloudtrail.amazonaws.com`). */
  readonly principal: string;
  readonly action: string;
  /** The ARN of the resource (an object ARN for object actions). */
  readonly resource: string;
  /** The account that owns the resource. */
  readonly resourceAccount: string;
  /** The resource policy (bucket, key, topic or vault). */
  readonly resourcePolicy: { Statement: PolicyStatement[] };
  /**
   * What the principal's identity policies allow (IAM principals only).
   * @default - nothing
   */
  readonly identityAllows?: readonly string[];
  readonly context?: Record<string, string | string[]>;
}

/** Requests go over TLS 1.3 unless the context says otherwise. */
const SECURE = { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3' };

/**
 * KMS encryption-context condition keys (`kms:EncryptionContext:<key>`): iam-simulate's input
 * validation recognises variable keys only after a "/" (as in `aws:ResourceTag/<key>`) and drops
 * these from the request (its unvalidated entry point fails on resource policies). The helper
 * renames such a key, in the request and in the policy's conditions alike, to the stand-in
 * `aws:ResourceTag/kms-encryption-context:<key>`, a variable key of the same type (a single
 * string) that the simulator accepts for KMS requests; the operators and values are unchanged.
 */
const ENCRYPTION_CONTEXT = /^kms:EncryptionContext:(.+)$/i;
const standIn = (key: string) => {
  const m = ENCRYPTION_CONTEXT.exec(key);
  return m ? `aws:ResourceTag/kms-encryption-context:${m[1]}` : key;
};

function withStandIns(policy: { Statement: PolicyStatement[] }): { Statement: PolicyStatement[] } {
  return {
    ...policy,
    Statement: policy.Statement.map((st) => (st.Condition === undefined ? st : {
      ...st,
      Condition: Object.fromEntries(Object.entries(st.Condition).map(([op, keys]) => [op, Object.fromEntries(Object.entries(keys).map(([k, v]) => [standIn(k), v]))])),
    })),
  };
}

/** The decision of iam-simulate on the request; throws when the simulator rejects the input. */
export async function evaluate(request: Request): Promise<Decision> {
  const identityPolicies = request.identityAllows && request.identityAllows.length > 0
    ? [{ name: 'identity', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [...request.identityAllows], Resource: '*' }] } }]
    : [];
  const s3 = request.action.startsWith('s3:');
  const context = Object.fromEntries(Object.entries(request.context ?? {}).map(([k, v]) => [standIn(k), v]));
  const simulation: Simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount },
      contextVariables: { ...(s3 ? SECURE : { 'aws:SecureTransport': 'true' }), ...context },
    },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: { Version: '2012-10-17', ...withStandIns(request.resourcePolicy) },
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') throw new Error(`iam-simulate rejected ${request.action} on ${request.resource}: ${JSON.stringify(response.errors)}`);
  return response.overallResult as Decision;
}

export const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

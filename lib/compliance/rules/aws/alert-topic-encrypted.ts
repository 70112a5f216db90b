import { CloudProvider, splitArn } from '../../../core';
import { DocumentIndex, asArray, at, cfnRef, cfnRefsIn, fail, indexOf, isObject, notApplicable, pass, show } from '../../private/model';
import { ResourceRef, Rule, RuleResult } from '../../types';
import { T, actionMatches, statements } from '../private/aws';

/** Where an alert goes. */
export interface AlertTarget {
  /**
   * `topic`: an SNS topic of the template (`id` is its logical ID); `external`: a literal SNS topic
   * ARN outside the template (`id` is the ARN); `unresolved`: a value known only at deploy time
   * (a parameter, an import) that may be a topic.
   */
  readonly kind: 'topic' | 'external' | 'unresolved';
  readonly id: string;
  /** How the alert reaches it, when not directly (e.g. `via Lambda Notifier`). */
  readonly via?: string;
}

/** An event rule or metric filter with where it sends alerts. */
export interface AlertSource {
  readonly resource: ResourceRef;
  /** The EventBridge event pattern, or the metric filter pattern. */
  readonly pattern: unknown;
  readonly targets: AlertTarget[];
  /** Logical IDs of the SNS topics of the template (or the literal ARNs) notified. */
  readonly topics: string[];
}

const PSEUDO = new Set(['AWS::Partition', 'AWS::Region', 'AWS::AccountId', 'AWS::URLSuffix']);

/**
 * The text of an ARN built with intrinsics, each unknown part as `\u0000`: literals, `Fn::Join`,
 * `Fn::Sub` (with its variables map), `Ref` to pseudo-parameters; a `Ref`/`GetAtt` of a resource
 * of the template becomes `\u0001<id>\u0001`.
 */
function arnText(value: unknown, ix: DocumentIndex, vars: Record<string, unknown> = {}): string | undefined {
  if (typeof value === 'string') return value;
  if (!isObject(value)) return undefined;
  if (typeof value.Ref === 'string') {
    if (PSEUDO.has(value.Ref)) return '\u0000';
    return ix.get(value.Ref) ? `\u0001${value.Ref}\u0001` : undefined;
  }
  const getAtt = cfnRef(value);
  if (getAtt && value['Fn::GetAtt'] !== undefined) return ix.get(getAtt) ? `\u0001${getAtt}\u0001` : undefined;
  const join = value['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1].map((p) => arnText(p, ix, vars));
    return parts.every((p): p is string => p !== undefined) ? parts.join(join[0]) : undefined;
  }
  const sub = value['Fn::Sub'];
  const [template, map] = typeof sub === 'string' ? [sub, {}] : Array.isArray(sub) && typeof sub[0] === 'string' ? [sub[0], isObject(sub[1]) ? sub[1] : {}] : [undefined, {}];
  if (template !== undefined) {
    let unknown = false;
    const text = template.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      if (name in map) {
        const v = arnText((map as Record<string, unknown>)[name], ix, vars);
        if (v === undefined) unknown = true;
        return v ?? '';
      }
      if (PSEUDO.has(name)) return '\u0000';
      const id = name.split('.')[0];
      if (ix.get(id)) return `\u0001${id}\u0001`;
      unknown = true;
      return '';
    });
    return unknown ? undefined : text;
  }
  return undefined;
}

/**
 * Where a target ARN value points: a topic of the template (by Ref/GetAtt, or an ARN whose topic
 * name is a topic's literal `TopicName`), a literal SNS ARN outside the template, or a value known
 * only at deploy time. Undefined when it is certainly not a topic (another resource type, another service).
 */
export function resolveTopic(value: unknown, ix: DocumentIndex): AlertTarget | undefined {
  const direct = ix.get(cfnRef(value));
  if (direct && (isObject(value) && Object.keys(value).length === 1)) return direct.type === T.TOPIC ? { kind: 'topic', id: direct.id } : undefined;
  const text = arnText(value, ix);
  if (text === undefined) return { kind: 'unresolved', id: show(value) };
  const whole = /^\u0001([^\u0001]+)\u0001$/.exec(text);
  if (whole) {
    const r = ix.get(whole[1]);
    return r?.type === T.TOPIC ? { kind: 'topic', id: r.id } : undefined;
  }
  const arn = splitArn(text);
  if (arn?.service !== 'sns' || arn.resource === '') return undefined;
  const name = arn.resource;
  const ref = /^\u0001([^\u0001]+)\u0001$/.exec(name);
  if (ref) {
    const r = ix.get(ref[1]);
    if (r?.type === T.TOPIC) return { kind: 'topic', id: r.id };
    return { kind: 'unresolved', id: show(value) };
  }
  if (name.includes('\u0000') || name.includes('\u0001')) return { kind: 'unresolved', id: show(value) };
  const named = ix.ofType(T.TOPIC).find((t) => t.properties.TopicName === name);
  if (named) return { kind: 'topic', id: named.id };
  return text.includes('\u0000') || text.includes('\u0001') ? { kind: 'unresolved', id: show(value) } : { kind: 'external', id: text };
}

/** The topics a Lambda function of the template publishes to: topics named in its environment or allowed `sns:Publish` by its role's policies. */
function lambdaTopics(fn: ResourceRef, ix: DocumentIndex): AlertTarget[] {
  const out = new Map<string, AlertTarget>();
  const add = (value: unknown) => {
    for (const id of cfnRefsIn(value)) {
      const r = ix.get(id);
      if (r?.type === T.TOPIC) out.set(r.id, { kind: 'topic', id: r.id, via: `Lambda ${fn.id}` });
    }
  };
  add(at(fn.properties, 'Environment.Variables'));
  const role = cfnRef(fn.properties.Role);
  if (role) {
    const publishing = (document: unknown) => {
      for (const s of statements(document)) if (s.Effect !== 'Deny' && actionMatches(s, 'sns:Publish')) add(s.Resource);
    };
    const r = ix.get(role);
    for (const p of asArray(r?.properties.Policies)) publishing(at(p, 'PolicyDocument'));
    for (const p of ix.ofType('AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy')) {
      if ([...cfnRefsIn(p.properties.Roles)].includes(role) || asArray(r?.properties.ManagedPolicyArns).some((a) => cfnRef(a) === p.id)) publishing(p.properties.PolicyDocument);
    }
  }
  return [...out.values()];
}

/** Event rules and metric filters (through alarms) with where they send alerts (EventBridge → Lambda → SNS included). */
export function alertSources(ix: DocumentIndex): AlertSource[] {
  const sources: AlertSource[] = [];
  const source = (resource: ResourceRef, pattern: unknown, targets: AlertTarget[]): AlertSource => ({
    resource, pattern, targets, topics: targets.filter((t) => t.kind !== 'unresolved').map((t) => t.id),
  });
  for (const rule of ix.ofType(T.EVENT_RULE)) {
    if (rule.properties.State === 'DISABLED') continue;
    const targets: AlertTarget[] = [];
    for (const t of asArray(rule.properties.Targets)) {
      const arn = at(t, 'Arn');
      const fn = ix.get(cfnRef(arn));
      if (fn?.type === 'AWS::Lambda::Function') {
        targets.push(...lambdaTopics(fn, ix));
        continue;
      }
      const topic = resolveTopic(arn, ix);
      if (topic) targets.push(topic);
    }
    sources.push(source(rule, rule.properties.EventPattern, targets));
  }
  const filters = ix.ofType(T.METRIC_FILTER);
  if (filters.length > 0) {
    const alarmsByMetric = new Map<string, AlertTarget[]>();
    for (const alarm of ix.ofType(T.ALARM)) {
      if (alarm.properties.ActionsEnabled === false || alarm.properties.ActionsEnabled === 'false') continue;
      const targets = asArray(alarm.properties.AlarmActions).map((a) => resolveTopic(a, ix)).filter((t): t is AlertTarget => t !== undefined);
      const key = `${String(alarm.properties.Namespace)}/${String(alarm.properties.MetricName)}`;
      alarmsByMetric.set(key, [...(alarmsByMetric.get(key) ?? []), ...targets]);
    }
    for (const filter of filters) {
      const targets = asArray(filter.properties.MetricTransformations).flatMap((m) => alarmsByMetric.get(`${String(at(m, 'MetricNamespace'))}/${String(at(m, 'MetricName'))}`) ?? []);
      sources.push(source(filter, String(filter.properties.FilterPattern ?? ''), targets));
    }
  }
  return sources;
}

export const awsAlertTopicEncrypted: Rule = {
  id: 'aws-alert-topic-encrypted',
  control: 'ABSC-LOG-02',
  provider: CloudProvider.AWS,
  title: 'Alert topic encrypted',
  checks: 'Every SNS topic that receives security alerts (directly, through an ARN built with intrinsics, or through a Lambda function) has a `KmsMasterKeyId`.',
  fix: 'Create the alert topic with a customer-managed `masterKey`.',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const targets = new Map<string, AlertTarget>();
    for (const s of alertSources(ix)) for (const t of s.targets) targets.set(t.id, t);
    if (targets.size === 0) return [notApplicable('no alert topic')];
    return [...targets.values()].map((t): RuleResult => {
      if (t.kind !== 'topic') return fail(undefined, 'KmsMasterKeyId', 'the alert topic is not created in this template, so its encryption cannot be checked', { unresolved: true, valueText: t.id });
      const topic = ix.get(t.id)!;
      return topic.properties.KmsMasterKeyId === undefined
        ? fail(topic.id, 'KmsMasterKeyId', 'the alert topic is not encrypted')
        : pass(topic.id, 'KmsMasterKeyId', 'the alert topic is encrypted with KMS');
    });
  },
};

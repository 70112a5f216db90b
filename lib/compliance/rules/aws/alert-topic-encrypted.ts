import { CloudProvider } from '../../../core';
import { DocumentIndex, asArray, at, cfnRef, fail, indexOf, notApplicable, pass } from '../../private/model';
import { ResourceRef, Rule, RuleResult } from '../../types';
import { T } from '../private/aws';

/** An event rule or metric filter with the topics it notifies. */
export interface AlertSource {
  readonly resource: ResourceRef;
  readonly pattern: string;
  /** Logical IDs of the SNS topics (or the literal ARNs) notified. */
  readonly topics: string[];
}

/** Event rules and metric filters (through alarms) with the SNS topics they notify. */
export function alertSources(ix: DocumentIndex): AlertSource[] {
  const topicOf = (value: unknown): string | undefined => {
    const target = ix.get(cfnRef(value));
    if (target) return target.type === T.TOPIC ? target.id : undefined;
    return typeof value === 'string' && value.startsWith('arn:') && value.includes(':sns:') ? value : undefined;
  };
  const sources: AlertSource[] = [];
  for (const rule of ix.ofType(T.EVENT_RULE)) {
    if (rule.properties.State === 'DISABLED') continue;
    const topics = asArray(rule.properties.Targets).map((t) => topicOf(at(t, 'Arn'))).filter((t): t is string => t !== undefined);
    sources.push({ resource: rule, pattern: JSON.stringify(rule.properties.EventPattern ?? ''), topics });
  }
  const filters = ix.ofType(T.METRIC_FILTER);
  if (filters.length > 0) {
    const alarmsByMetric = new Map<string, string[]>();
    for (const alarm of ix.ofType(T.ALARM)) {
      const topics = asArray(alarm.properties.AlarmActions).map(topicOf).filter((t): t is string => t !== undefined);
      const key = `${String(alarm.properties.Namespace)}/${String(alarm.properties.MetricName)}`;
      alarmsByMetric.set(key, [...(alarmsByMetric.get(key) ?? []), ...topics]);
    }
    for (const filter of filters) {
      const topics = asArray(filter.properties.MetricTransformations).flatMap((m) => alarmsByMetric.get(`${String(at(m, 'MetricNamespace'))}/${String(at(m, 'MetricName'))}`) ?? []);
      sources.push({ resource: filter, pattern: String(filter.properties.FilterPattern ?? ''), topics });
    }
  }
  return sources;
}

export const awsAlertTopicEncrypted: Rule = {
  id: 'aws-alert-topic-encrypted',
  control: 'ABSC-LOG-02',
  provider: CloudProvider.AWS,
  title: 'Alert topic encrypted',
  checks: 'Every SNS topic that receives security alerts has a `KmsMasterKeyId`.',
  fix: 'Create the alert topic with a customer-managed `masterKey`.',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const topicIds = new Set(alertSources(ix).flatMap((s) => s.topics));
    if (topicIds.size === 0) return [notApplicable('no alert topic')];
    return [...topicIds].map((id): RuleResult => {
      const topic = ix.get(id);
      if (!topic) return fail(id, 'KmsMasterKeyId', 'the alert topic is not created in this template, so its encryption cannot be checked', { unresolved: true });
      return topic.properties.KmsMasterKeyId === undefined
        ? fail(topic.id, 'KmsMasterKeyId', 'the alert topic is not encrypted')
        : pass(topic.id, 'KmsMasterKeyId', 'the alert topic is encrypted with KMS');
    });
  },
};

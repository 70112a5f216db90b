import { CloudProvider } from '../../../core';
import { eventPatternMatches, filterPatternMatches } from '../../private/event-patterns';
import { absent, fail, indexOf, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T } from '../private/aws';
import { AlertSource, alertSources } from './alert-topic-encrypted';

/** A CloudTrail record, and the EventBridge event carrying it. */
function cloudTrail(record: Record<string, unknown>, detailType = 'AWS API Call via CloudTrail'): { record: Record<string, unknown>; event: Record<string, unknown> } {
  const source = String(record.eventSource).replace(/\.amazonaws\.com$/, '');
  return { record: { eventVersion: '1.08', awsRegion: 'eu-south-1', ...record }, event: { 'source': `aws.${source}`, 'detail-type': detailType, 'detail': { awsRegion: 'eu-south-1', ...record } } };
}

const api = (service: string, eventName: string) => cloudTrail({ eventSource: `${service}.amazonaws.com`, eventName, eventType: 'AwsApiCall', userIdentity: { type: 'IAMUser' } });

/**
 * The events that must raise an alert, each as sample CloudTrail records (one match is enough):
 * filters and patterns are evaluated against them, so exclusions (`$.eventName != Describe*`)
 * and content filters are read as CloudWatch Logs and EventBridge read them.
 */
export const ALERTED_EVENTS: readonly { name: string; samples: ReturnType<typeof cloudTrail>[] }[] = [
  {
    name: 'root account login',
    samples: [cloudTrail({ eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', eventType: 'AwsConsoleSignIn', userIdentity: { type: 'Root', arn: 'arn:aws:iam::111111111111:root' }, responseElements: { ConsoleLogin: 'Success' } }, 'AWS Console Sign In via CloudTrail')],
  },
  {
    name: 'failed console login',
    samples: [cloudTrail({ eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', eventType: 'AwsConsoleSignIn', userIdentity: { type: 'IAMUser' }, errorMessage: 'Failed authentication', responseElements: { ConsoleLogin: 'Failure' } }, 'AWS Console Sign In via CloudTrail')],
  },
  {
    name: 'IAM policy change',
    samples: ['PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy', 'DeleteUserPolicy', 'DeleteRolePolicy', 'DeleteGroupPolicy', 'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy'].map((n) => api('iam', n)),
  },
  { name: 'CloudTrail configuration change', samples: ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'CreateTrail'].map((n) => api('cloudtrail', n)) },
  { name: 'KMS key deletion or disabling', samples: ['ScheduleKeyDeletion', 'DisableKey'].map((n) => api('kms', n)) },
];

/** Whether a source (event rule or metric filter) sees one of the samples. */
export function sourceMatches(source: AlertSource, samples: readonly ReturnType<typeof cloudTrail>[]): boolean {
  if (source.resource.type === T.EVENT_RULE) return samples.some((s) => eventPatternMatches(source.pattern, s.event));
  return samples.some((s) => filterPatternMatches(String(source.pattern), s.record));
}

export const awsSecurityAlerts: Rule = {
  id: 'aws-security-alerts',
  control: 'ABSC-LOG-02',
  provider: CloudProvider.AWS,
  title: 'Alerts on root logins, failed logins, IAM, trail and key changes',
  checks: 'EventBridge rules (directly or through a Lambda function) or metric filters with alarms that notify an SNS topic cover: root account login, failed console login, IAM policy changes, CloudTrail changes, KMS key deletion. Patterns are evaluated against sample CloudTrail events; a target known only at deploy time is unresolved.',
  fix: 'Add event rules for each event to the alert topic (kit: LandingZoneLogging alert rules).',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const sources = alertSources(ix).filter((s) => s.targets.length > 0);
    const results: RuleResult[] = [];
    for (const event of ALERTED_EVENTS) {
      const matching = sources.filter((s) => sourceMatches(s, event.samples));
      const property = (s: AlertSource) => (s.resource.type === T.EVENT_RULE ? 'EventPattern' : 'FilterPattern');
      const known = matching.find((s) => s.topics.length > 0);
      if (known) {
        const t = known.targets.find((x) => x.kind !== 'unresolved')!;
        results.push(pass(known.resource.id, property(known), `${event.name} alerts ${t.id}${t.via ? ` (via ${t.via})` : ''}`));
        continue;
      }
      const unresolved = matching[0];
      results.push(unresolved
        ? fail(unresolved.resource.id, 'Targets', `${event.name} is sent to a target known only at deploy time, which may not be an SNS topic`, { unresolved: true, valueText: unresolved.targets[0].id })
        : absent(ctx.document, `no event rule or alarm notifies a topic on ${event.name}`));
    }
    return results;
  },
};

import { CloudProvider } from '../../../core';
import { fail, indexOf, pass } from '../../private/model';
import { Rule, RuleResult } from '../../types';
import { T } from '../private/aws';
import { alertSources } from './alert-topic-encrypted';

/** The events that must raise an alert, recognised in event patterns or metric filter patterns. */
export const ALERTED_EVENTS: readonly { name: string; matches: (text: string) => boolean }[] = [
  { name: 'root account login', matches: (t) => /Root/.test(t) && /(userIdentity|Sign ?In|ConsoleLogin)/i.test(t) },
  { name: 'failed console login', matches: (t) => /ConsoleLogin/.test(t) && /(Failure|Failed authentication)/i.test(t) },
  { name: 'IAM policy change', matches: (t) => /(aws\.iam|iam\.amazonaws\.com)/.test(t) && (/Polic/.test(t) || !/eventName/.test(t)) || /(PutUserPolicy|AttachRolePolicy|CreatePolicy|DeletePolicy)/.test(t) },
  { name: 'CloudTrail configuration change', matches: (t) => /(StopLogging|DeleteTrail|UpdateTrail)/.test(t) || (/(aws\.cloudtrail|cloudtrail\.amazonaws\.com)/.test(t) && !/eventName/.test(t)) },
  { name: 'KMS key deletion or disabling', matches: (t) => /(ScheduleKeyDeletion|DisableKey)/.test(t) || (/(aws\.kms|kms\.amazonaws\.com)/.test(t) && !/eventName/.test(t)) },
];

export const awsSecurityAlerts: Rule = {
  id: 'aws-security-alerts',
  control: 'ABSC-LOG-02',
  provider: CloudProvider.AWS,
  title: 'Alerts on root logins, failed logins, IAM, trail and key changes',
  checks: 'EventBridge rules (or metric filters with alarms) that notify an SNS topic cover: root account login, failed console login, IAM policy changes, CloudTrail changes, KMS key deletion.',
  fix: 'Add event rules for each event to the alert topic (kit: LandingZoneLogging alert rules).',
  severity: 'error',
  evaluate: (ctx) => {
    const ix = indexOf(ctx.document);
    const sources = alertSources(ix);
    const results: RuleResult[] = [];
    for (const event of ALERTED_EVENTS) {
      const source = sources.find((s) => s.topics.length > 0 && event.matches(s.pattern));
      results.push(source
        ? pass(source.resource.id, source.resource.type === T.EVENT_RULE ? 'EventPattern' : 'FilterPattern', `${event.name} alerts ${source.topics.join(', ')}`)
        : fail(undefined, undefined, `no event rule or alarm notifies a topic on ${event.name}`));
    }
    return results;
  },
};

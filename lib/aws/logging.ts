import { Annotations, CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { cloudTrailKeyStatements, logDeliveryKeyStatement } from './log-key-statements';
import {
  CompliancePolicy,
  LockMode,
  PaCloudKitError,
  TenantIdentity,
  awsLogsPrefix,
  logDeliverySourceArn,
  trailArchivePrefix,
  trailArnOf,
  trailNameOf,
} from '../core';
import { accessLogsBucketProps, archiveStorageClass, expiringLifecycleRules, objectSizesAsStrings } from './archive-lifecycle';
import { logRetentionAtLeast } from './private/class-defaults';
import { applyTenantTags, assertPolicyOfTenant, parseLogPrefix } from './private/tenant-checks';

/** Properties of {@link LandingZoneLogging}. */
export interface LandingZoneLoggingProps {
  /** The PA the logs belong to; alerts go to its `incidentContact`. */
  readonly tenant: TenantIdentity;
  /** The tenant's compliance policy; retention, lock mode and integrity validation come from it. */
  readonly policy: CompliancePolicy;
  /**
   * The key for the archive, the trail, the trail's log group and the alert topic. An existing
   * key's policy cannot be changed here: it must let CloudTrail, CloudWatch Logs
   * (`logs.<region>.amazonaws.com`), log delivery (`delivery.logs.amazonaws.com`), EventBridge and
   * CloudWatch alarms use it, as the kit's own key does.
   * @default - a new customer-managed key with rotation, alias `alias/pa/<slug>/logs`
   *   (for critico and strategico the LandingZone decides whether a PA-held key is required)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * A central archive bucket, typically in the aggregator's log account (soggetto aggregatore):
   * no archive or access-log bucket is created and the trail writes under `archivePrefix`. The
   * central bucket's policy cannot be set from here: the aggregator's central stack grants
   * CloudTrail (`cloudtrail.amazonaws.com`) `s3:GetBucketAcl` on the bucket and `s3:PutObject`
   * on `<archivePrefix>AWSLogs/<account>/*`, and log delivery the same for the flow logs.
   * @default - a dedicated archive bucket (construct ID `ArchiveBucket`)
   */
  readonly existingArchiveBucket?: s3.IBucket;
  /**
   * The key of the central archive (`existingArchiveBucket`), held by the archive's owner: the
   * trail encrypts its files with it, so the owner (the aggregator) can read and validate them,
   * and the tenant cannot destroy them by deleting its own key. Its policy is the owner's: it
   * admits `cloudtrail.amazonaws.com` for this tenant's trail (`aws:SourceArn` = the trail's ARN,
   * see {@link trailArnOf}) and `delivery.logs.amazonaws.com` for the tenant's account. A key in
   * another account is given by its key ARN or alias ARN, e.g.
   * `AggregatorCentralAwsStack.archiveKeyArn(...)`. Only with `existingArchiveBucket`.
   * @default - `existingArchiveBucket.encryptionKey`; one of them is required with `existingArchiveBucket`
   */
  readonly existingArchiveKey?: kms.IKey;
  /**
   * Key prefix of the trail's files in the archive.
   * @default - '<ipa-code>/' with `existingArchiveBucket`; none in the kit's own bucket
   */
  readonly archivePrefix?: string;
}

/** One security alert: a CloudWatch Logs filter on the trail's log group and the alarm it drives. */
interface SecurityAlert {
  readonly id: string;
  readonly description: string;
  readonly pattern: string;
}

// The trail's name and ARN are core's (tenant naming is defined once there); exported here too.
export { trailArnOf, trailNameOf };

const anyEvent = (names: readonly string[]) => names.map((n) => `($.eventName = ${n})`).join(' || ');

/**
 * The alerts of ABSC-LOG-02 (and the trail and key tampering that would blind them). They are
 * metric filters on the multi-region trail's log group rather than EventBridge rules: IAM and
 * console sign-in events are global and reach EventBridge only in us-east-1, while the trail,
 * with global service events, delivers all of them to the log group in the tenant's region.
 */
const SECURITY_ALERTS: readonly SecurityAlert[] = [
  {
    id: 'RootAccountUse',
    description: 'The root user of the account was used',
    pattern: '{ ($.userIdentity.type = "Root") && ($.userIdentity.invokedBy NOT EXISTS) && ($.eventType != "AwsServiceEvent") }',
  },
  {
    id: 'IamPolicyChange',
    description: 'An IAM policy was created, changed, attached or detached',
    pattern: `{ ($.eventSource = "iam.amazonaws.com") && (${anyEvent([
      'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'SetDefaultPolicyVersion',
      'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
      'PutRolePolicy', 'PutUserPolicy', 'PutGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'DeleteGroupPolicy',
    ])}) }`,
  },
  {
    id: 'ConsoleLoginFailure',
    description: 'A console sign-in failed',
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  },
  {
    id: 'TrailChange',
    description: 'A CloudTrail trail was stopped, deleted or changed',
    pattern: `{ ($.eventSource = "cloudtrail.amazonaws.com") && (${anyEvent(['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'])}) }`,
  },
  {
    id: 'KmsKeyDeletion',
    description: 'A KMS key was disabled or scheduled for deletion',
    pattern: `{ ($.eventSource = "kms.amazonaws.com") && (${anyEvent(['DisableKey', 'ScheduleKeyDeletion'])}) }`,
  },
];

/**
 * The tenant's audit logging: a dedicated, immutable log archive (ABSC-LOG-03), a multi-region
 * CloudTrail trail with log file validation writing to it and to an encrypted CloudWatch log
 * group (GAR-LOG-01, LOG-RET-04, LOG-INT-05), and security alerts to an encrypted topic that
 * mails the tenant's incident contact (ABSC-LOG-02). Buckets, key, log group and trail are
 * retained when the stack is deleted.
 */
export class LandingZoneLogging extends Construct {
  /** The log archive: the kit's bucket (construct ID `ArchiveBucket`) or `existingArchiveBucket`. */
  public readonly archiveBucket: s3.IBucket;
  /** The bucket receiving the archive's server access logs (construct ID `AccessLogsBucket`); undefined with `existingArchiveBucket`. */
  public readonly accessLogsBucket?: s3.IBucket;
  /** The logs key (construct ID `Key` when created). */
  public readonly key: kms.IKey;
  /** The multi-region trail (construct ID `Trail`). */
  public readonly trail: cloudtrail.Trail;
  /** The trail's searchable copy (construct ID `TrailLogGroup`). */
  public readonly trailLogGroup: logs.ILogGroup;
  /** Security alerts, encrypted, mailed to the incident contact (construct ID `AlertTopic`). */
  public readonly alertTopic: sns.ITopic;
  /** One alarm per security alert, publishing to {@link alertTopic}. */
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: LandingZoneLoggingProps) {
    super(scope, id);
    // Server access logs are granted through the target's bucket policy, not the legacy
    // LogDeliveryWrite ACL (ACLs are disabled on the kit's buckets), whatever the app's flags.
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const { tenant, policy } = props;
    assertPolicyOfTenant(tenant, policy, 'logging.policy');
    const settings = policy.settings;
    const archivePrefix = props.archivePrefix !== undefined
      ? parseLogPrefix(props.archivePrefix, 'logging.archivePrefix')
      : props.existingArchiveBucket ? trailArchivePrefix(tenant.ipaCode) : undefined;

    const central = props.existingArchiveBucket !== undefined;
    const archiveKey = central ? props.existingArchiveKey ?? props.existingArchiveBucket!.encryptionKey : undefined;
    if (central && archiveKey === undefined) {
      throw new PaCloudKitError({
        field: 'logging.existingArchiveKey',
        value: undefined,
        rule: "is required with existingArchiveBucket (or give the bucket with its encryptionKey): the trail encrypts the central archive's files with the archive owner's key, so the owner can read and validate them and the tenant cannot destroy them; never with the tenant's logs key",
      });
    }
    if (!central && props.existingArchiveKey !== undefined) {
      throw new PaCloudKitError({
        field: 'logging.existingArchiveKey',
        value: props.existingArchiveKey.keyArn,
        rule: 'is only for a central archive: give existingArchiveBucket too, or leave it out (the kit\'s own archive uses the logs key)',
      });
    }

    this.key = props.encryptionKey ?? new kms.Key(this, 'Key', {
      alias: `alias/pa/${tenant.slug}/logs`,
      description: `Audit logs of ${tenant.ipaCode}: archive, trail, log group, alert topic`,
      enableKeyRotation: settings.keyRotation,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stack = Stack.of(this);
    const trailName = trailNameOf(tenant.slug);
    const trailArn = trailArnOf(stack.partition, stack.region, stack.account, tenant.slug);
    // With a central archive the trail and the flow logs use the archive owner's key, not this one.
    this.grantLogServices(this.key, central ? undefined : trailArn);

    const searchableDays = settings.auditLogSearchableRetention.toDays();
    const archiveDays = settings.auditLogArchiveRetention.toDays();

    if (props.existingArchiveBucket) {
      this.archiveBucket = props.existingArchiveBucket;
    } else {
      const accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', accessLogsBucketProps(archiveDays));
      this.accessLogsBucket = accessLogsBucket;

      const lockRetention = Duration.days(searchableDays);
      const storageClass = archiveStorageClass(searchableDays, archiveDays);
      const archiveRules = expiringLifecycleRules(archiveDays, storageClass && { storageClass, afterDays: searchableDays });
      this.archiveBucket = new s3.Bucket(this, 'ArchiveBucket', {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: this.key,
        bucketKeyEnabled: true,
        versioned: true,
        objectLockEnabled: true,
        objectLockDefaultRetention: settings.logObjectLockMode === LockMode.COMPLIANCE
          ? s3.ObjectLockRetention.compliance(lockRetention)
          : s3.ObjectLockRetention.governance(lockRetention),
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        enforceSSL: true,
        minimumTLSVersion: 1.2,
        serverAccessLogsBucket: accessLogsBucket,
        serverAccessLogsPrefix: 'archive/',
        lifecycleRules: archiveRules,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      objectSizesAsStrings(this.archiveBucket as s3.Bucket, archiveRules);
    }

    const trailLogGroup = new logs.LogGroup(this, 'TrailLogGroup', {
      retention: logRetentionAtLeast(settings.auditLogSearchableRetention),
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.trailLogGroup = trailLogGroup;

    // The kit's own archive gets the trail's grants from grantTrailDelivery, scoped to the trail
    // (aws:SourceArn): the Trail construct sees only a reference to it, whose policy it cannot
    // change, so it adds no unscoped statements of its own.
    const ownArchive = central ? undefined : this.archiveBucket as s3.Bucket;
    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName,
      bucket: ownArchive
        ? s3.Bucket.fromBucketAttributes(this, 'ArchiveBucketRef', { bucketArn: ownArchive.bucketArn, bucketName: ownArchive.bucketName })
        : this.archiveBucket,
      // CloudTrail adds the "/" between the prefix and AWSLogs itself.
      s3KeyPrefix: archivePrefix?.replace(/\/+$/, ''),
      encryptionKey: archiveKey ?? this.key,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
      enableFileValidation: settings.logIntegrityValidation,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: trailLogGroup,
    });
    if (ownArchive) {
      grantTrailDelivery(ownArchive, trailArn, `${awsLogsPrefix(archivePrefix ?? '', stack.account)}*`);
      this.trail.node.addDependency(ownArchive.policy!);
    }
    (this.trail.node.defaultChild as CfnResource).applyRemovalPolicy(RemovalPolicy.RETAIN);

    const alertTopic = new sns.Topic(this, 'AlertTopic', {
      displayName: `Security alerts ${tenant.ipaCode}`,
      masterKey: this.key,
      enforceSSL: true,
    });
    alertTopic.addSubscription(new subscriptions.EmailSubscription(tenant.incidentContact));
    // The topic policy replaces SNS's default one: the alarms of this account publish, nobody else's.
    alertTopic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [alertTopic.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*` },
      },
    }));
    this.alertTopic = alertTopic;

    const namespace = `PaCloudKit/${tenant.ipaCode}`;
    this.alarms = SECURITY_ALERTS.map((alert) => {
      const filter = trailLogGroup.addMetricFilter(`${alert.id}Filter`, {
        filterPattern: logs.FilterPattern.literal(alert.pattern),
        metricNamespace: namespace,
        metricName: alert.id,
        metricValue: '1',
      });
      const alarm = new cloudwatch.Alarm(this, `${alert.id}Alarm`, {
        alarmDescription: `[ABSC-LOG-02] ${alert.description} (${tenant.ipaCode})`,
        metric: filter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new cloudwatchActions.SnsAction(alertTopic));
      return alarm;
    });

    applyTenantTags(this, tenant);
  }

  /**
   * Lets the services that write logs or publish alerts use the key (ACN-KMS-01: one key per
   * purpose), each scoped to this account (confused deputy): CloudTrail to the tenant's trail
   * (`trailArn`, when the trail uses this key), CloudWatch Logs to the account's log groups, log
   * delivery to the account's flow logs (when the archive is the kit's own), CloudWatch alarms and
   * EventBridge rules to the account's.
   */
  private grantLogServices(key: kms.IKey, trailArn: string | undefined): void {
    const stack = Stack.of(this);
    const { account, region, partition } = stack;
    const statements: iam.PolicyStatement[] = [];
    if (trailArn !== undefined) statements.push(...cloudTrailKeyStatements(trailArn, { encrypt: 'CloudTrailEncryptLogs', describe: 'CloudTrailDescribeKey' }));
    statements.push(new iam.PolicyStatement({
      sid: 'CloudWatchLogsEncryptLogGroups',
      principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` } },
    }));
    if (trailArn !== undefined) statements.push(logDeliveryKeyStatement('LogDeliveryEncryptFlowLogs', account, logDeliverySourceArn(partition, region, account)));
    statements.push(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsUseKey',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      }),
      new iam.PolicyStatement({
        sid: 'EventBridgeUseKey',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:events:${region}:${account}:rule/*` },
        },
      }),
    );
    const added = statements.map((s) => key.addToResourcePolicy(s, true).statementAdded);
    if (!added.every(Boolean)) {
      Annotations.of(this).addInfo(
        `the logs key is imported: its key policy must allow ${statements.map((s) => s.sid).join(', ')} as the kit's own key does`,
      );
    }
  }
}

/**
 * Lets CloudTrail write the tenant's trail into the kit's own archive: the ACL check and the
 * objects under `objectKeys`, only for the trail `trailArn` (`aws:SourceArn`).
 */
function grantTrailDelivery(bucket: s3.Bucket, trailArn: string, objectKeys: string): void {
  const cloudtrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'TrailAclCheck',
    principals: [cloudtrail],
    actions: ['s3:GetBucketAcl'],
    resources: [bucket.bucketArn],
    conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'TrailWrite',
    principals: [cloudtrail],
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects(objectKeys)],
    conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
  }));
}

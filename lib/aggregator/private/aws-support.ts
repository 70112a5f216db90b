/** Checks and helpers shared by the aggregator's AWS central constructs. */
import { Stack, Token, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  CloudProvider,
  PaCloudKitError,
  QualificationLevel,
  Region,
  RegionCatalogue,
  KeyCustody,
  SINGLE_REGION_KEY_RULE,
  awsPartition,
  isAwsMultiRegionKeyArn,
  parseKmsKeyArn,
  qualificationRank,
} from '../../core';
import type { ResolvedAwsTenant } from '../../config';
import type { AggregatorAwsTenant } from '../central-aws-logging';

/** Checks the ARN of one of the aggregator's own keys: a KMS key ARN of the stack's partition, account and region. */
export function checkOwnKeyArn(arn: unknown, field: string, account: string, region: string, tenants: readonly unknown[] | undefined, tenantsProp: string): string | undefined {
  if (arn === undefined) return undefined;
  const key = parseKmsKeyArn(arn);
  if (!key) {
    throw new PaCloudKitError({ field, value: arn, rule: 'must be a KMS key ARN, e.g. "arn:aws:kms:eu-south-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"' });
  }
  const partition = awsPartition(region);
  if (key.partition !== partition || key.region !== region || key.account !== account) {
    throw new PaCloudKitError({
      field,
      value: arn,
      rule: `must be a key of the aggregator's account ${account} in the stack's region ${region} (arn:${partition}:kms:${region}:${account}:key/...): KMS keys are regional`,
    });
  }
  if (tenants === undefined) {
    throw new PaCloudKitError({ field, value: arn, rule: `needs ${tenantsProp}: without them the stack has nothing to encrypt with it` });
  }
  const held = (tenants as readonly AggregatorAwsTenant[]).find((t) => t?.policy?.settings?.keyCustody === KeyCustody.PA_HELD);
  if (held && isAwsMultiRegionKeyArn(arn as string)) {
    throw new PaCloudKitError({ field, value: arn, rule: `${SINGLE_REGION_KEY_RULE} (the key protects the data of ${held.identity.ipaCode})`, control: 'ACN-KMS-02' });
  }
  return arn as string;
}

/** How an annotation names an existing key: its ARN when literal. */
export function describeKey(key: kms.IKey): string {
  return Token.isUnresolved(key.keyArn) ? `(${key.node.path})` : key.keyArn;
}

/** Runs `build`, reporting the construct's `tenants...` fields under the stack's prop name. */
export function renamingTenants<T>(prop: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (!(e instanceof PaCloudKitError) || !/^tenants\b/.test(e.field)) throw e;
    throw new PaCloudKitError({ field: e.field.replace(/^tenants/, prop), value: e.value, rule: e.rule.replace(/\btenants\[/g, `${prop}[`), control: e.control });
  }
}

/** The stack's account and region, which must be literal (the names and ARNs are computed at synthesis). */
export function concreteEnv(scope: Construct): { account: string; region: Region; partition: string } {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
    throw new PaCloudKitError({
      field: 'env',
      value: { account: stack.account, region: stack.region },
      rule: 'the stack of the central services needs a concrete account and region (env: { account, region }): bucket names and ARNs are computed at synthesis',
    });
  }
  const region = RegionCatalogue.standard().get(CloudProvider.AWS, stack.region, 'env.region');
  return { account: stack.account, region, partition: awsPartition(region.name) };
}

/** Pins the logical ID of a stateful resource to a readable, stable name (construct IDs are API). */
export function pinLogicalId(construct: Construct, logicalId: string): void {
  const cfn = construct.node.defaultChild as { overrideLogicalId?: (id: string) => void } | undefined;
  cfn?.overrideLogicalId?.(logicalId);
}

export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** The highest ACN qualification declared by the tenants. */
export function highestQualification(tenants: readonly ResolvedAwsTenant[]): QualificationLevel {
  return tenants.map((t) => t.identity.qualification).reduce((a, b) => (qualificationRank(b) > qualificationRank(a) ? b : a));
}

/** Checks and helpers shared by the aggregator's AWS central constructs. */
import { Stack, Token, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  CloudProvider,
  CompliancePolicy,
  DataClassification,
  KeyCustody,
  PaCloudKitError,
  QualificationLevel,
  Region,
  RegionCatalogue,
  TenantIdentity,
  awsPartition,
  classificationRank,
  qualificationRank,
} from '../../core';
import { checkKmsKeyArn } from '../../aws';
import type { ResolvedAwsTenant } from '../../config';
import type { AggregatorAwsTenant } from './checks';

/**
 * Checks the ARN of one of the aggregator's own keys by the AWS landing zone's key rules
 * (`checkKmsKeyArn` of lib/aws): in the stack's account and region, a single-Region key when a
 * tenant it protects needs keys the PA holds, in a region allowed for the strictest tenant.
 */
export function checkOwnKeyArn(arn: unknown, field: string, account: string, region: string, tenants: readonly unknown[] | undefined, tenantsProp: string): string | undefined {
  if (arn === undefined) return undefined;
  if (tenants === undefined) {
    throw new PaCloudKitError({ field, value: arn, rule: `needs ${tenantsProp}: without them the stack has nothing to encrypt with it` });
  }
  // The tenants are checked by the constructs that use them; only well-formed ones count here.
  const valid = (tenants as readonly AggregatorAwsTenant[]).filter((t) => t?.policy instanceof CompliancePolicy && t.identity instanceof TenantIdentity);
  const held = valid.find((t) => t.policy.settings.keyCustody === KeyCustody.PA_HELD);
  const strictest = held ?? [...valid].sort((a, b) => classificationRank(b.identity.classification) - classificationRank(a.identity.classification))[0];
  return checkKmsKeyArn(arn, field, {
    policy: strictest?.policy ?? CompliancePolicy.forClassification(DataClassification.ORDINARIO),
    purpose: 'the aggregator\'s key',
    region: { name: region, what: 'the stack\'s region' },
    account: { id: account, what: 'the aggregator\'s account' },
    whose: held ? `(the key protects the data of ${held.identity.ipaCode})` : undefined,
  });
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

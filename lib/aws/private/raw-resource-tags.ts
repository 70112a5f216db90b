import { CfnResource, IAspect, Stack, TagManager } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * CloudFormation types that take `Tags` as a list of `{ Key, Value }` and that aws-cdk-lib
 * creates as raw `CfnResource`s (no tag manager, so `Tags.of()` cannot reach them): the role and
 * function of every `CustomResourceProvider` (e.g. `Custom::VpcRestrictDefaultSG`,
 * `Custom::S3AutoDeleteObjects`), plus the common types a hand-written raw resource might have.
 */
export const RAW_TAGGABLE_TYPES: ReadonlySet<string> = new Set([
  'AWS::IAM::Role',
  'AWS::Lambda::Function',
  'AWS::Logs::LogGroup',
  'AWS::KMS::Key',
  'AWS::S3::Bucket',
  'AWS::SNS::Topic',
  'AWS::SQS::Queue',
  'AWS::EC2::SecurityGroup',
]);

interface CfnTag {
  Key: unknown;
  Value: unknown;
}

/**
 * Gives every raw `CfnResource` of a {@link RAW_TAGGABLE_TYPES} type (one without a tag manager)
 * the mandatory tags, through a `Tags` property override. Tags the resource already has (in its
 * properties or an earlier override) are kept; the mandatory keys take the tenant's values, as
 * `Tags.of()` does on tag-managed resources.
 */
export class RawResourceTags implements IAspect {
  constructor(private readonly tags: Readonly<Record<string, string>>) {}

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || !RAW_TAGGABLE_TYPES.has(node.cfnResourceType)) return;
    if (TagManager.isTaggable(node) || TagManager.isTaggableV2(node)) return;
    const merged = new Map<unknown, CfnTag>();
    for (const tag of currentTags(node)) merged.set(tag.Key, tag);
    for (const [Key, Value] of Object.entries(this.tags)) merged.set(Key, { Key, Value });
    node.addPropertyOverride('Tags', [...merged.values()]);
  }
}

/** The resource's `Tags` as it would be synthesized now (properties and overrides). */
function currentTags(resource: CfnResource): CfnTag[] {
  const rendered = Stack.of(resource).resolve(resource._toCloudFormation()) as { Resources?: Record<string, { Properties?: { Tags?: unknown } }> };
  const tags = Object.values(rendered.Resources ?? {})[0]?.Properties?.Tags;
  return Array.isArray(tags) ? tags.filter((t): t is CfnTag => typeof t === 'object' && t !== null && 'Key' in t) : [];
}

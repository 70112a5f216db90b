/**
 * Every bucket with an expiration ends at the class retention: noncurrent versions expire within
 * 30 days, expired delete markers are removed, small objects are left out of archive transitions
 * explicitly, and the object lock still protects the archives. Checked on every bucket of the AWS
 * example and of the sample aggregator's AWS stacks, tenants and central archive alike.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildExampleApp } from '../../examples/aws/main';
import { synthesizeLandingZones } from '../../lib/aggregator/synth';
import { loadConfig } from '../../lib/config';
import type { CfnTemplate } from './support/policy-evaluator';

type Rule = Record<string, any>;

/** Problems of one bucket's lifecycle; none when it has no expiration. */
function lifecycleProblems(bucket: Record<string, any>): string[] {
  const rules = ((bucket.LifecycleConfiguration?.Rules ?? []) as Rule[]).filter((r) => r.Status === 'Enabled');
  const forAll = (r: Rule) => r.Filter === undefined && r.Prefix === undefined && r.ObjectSizeGreaterThan === undefined && r.ObjectSizeLessThan === undefined && r.TagFilters === undefined;
  const expiring = rules.filter((r) => r.ExpirationInDays !== undefined);
  if (expiring.length === 0) return [];
  const problems: string[] = [];
  if (!expiring.some(forAll)) problems.push('the expiration does not apply to every object');
  const noncurrent = rules.filter((r) => forAll(r) && r.NoncurrentVersionExpiration?.NoncurrentDays !== undefined);
  if (noncurrent.length === 0) problems.push('noncurrent versions never expire');
  for (const r of noncurrent) if (r.NoncurrentVersionExpiration.NoncurrentDays > 30) problems.push(`noncurrent versions kept ${r.NoncurrentVersionExpiration.NoncurrentDays} days`);
  if (!rules.some((r) => forAll(r) && r.ExpiredObjectDeleteMarker === true)) problems.push('expired delete markers are never removed');
  for (const r of rules.filter((x) => x.Transitions !== undefined)) {
    if (r.ObjectSizeGreaterThan === undefined) problems.push(`transition rule ${r.Id} leaves the small-object default implicit`);
  }
  return problems;
}

function bucketsOf(name: string, template: CfnTemplate): Array<[string, Record<string, any>]> {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::S3::Bucket').map(([id, r]) => [`${name}/${id}`, r.Properties ?? {}]);
}

describe('lifecycles end at the class retention', () => {
  let buckets: Array<[string, Record<string, any>]>;
  beforeAll(() => {
    const app = buildExampleApp();
    buckets = ['PaComuneDiEsempio', 'PaAslDiEsempio'].flatMap((id) => bucketsOf(id, Template.fromStack(app.node.findChild(id) as never).toJSON() as CfnTemplate));
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-lc-'));
    try {
      synthesizeLandingZones(loadConfig(path.join(__dirname, '..', '..', 'examples', 'aggregator', 'landing-zones.yaml')), { outDir });
      for (const file of fs.readdirSync(path.join(outDir, 'aws')).filter((f) => f.endsWith('.template.json'))) {
        buckets.push(...bucketsOf(file, JSON.parse(fs.readFileSync(path.join(outDir, 'aws', file), 'utf8')) as CfnTemplate));
      }
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });

  test('every bucket with an expiration expires noncurrent versions within 30 days and removes expired delete markers', () => {
    const expiring = buckets.filter(([, b]) => (b.LifecycleConfiguration?.Rules ?? []).some((r: Rule) => r.ExpirationInDays !== undefined));
    // Example: 2 tenants x (archive + access logs); sample: the central archive and its access logs.
    expect(expiring.length).toBeGreaterThanOrEqual(6);
    expect(buckets.map(([id, b]) => [id, lifecycleProblems(b)])).toEqual(buckets.map(([id]) => [id, []]));
  });

  test('the archives still lock objects until their retain-until date', () => {
    const archives = buckets.filter(([, b]) => b.ObjectLockEnabled === true);
    expect(archives.length).toBeGreaterThanOrEqual(3);
    for (const [, b] of archives) expect(b.ObjectLockConfiguration.Rule.DefaultRetention.Days).toBeGreaterThanOrEqual(180);
  });

  test('the check finds the old shape: noncurrent versions kept the archive retention, no delete-marker rule', () => {
    expect(lifecycleProblems({ LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: 720, NoncurrentVersionExpiration: { NoncurrentDays: 720 }, Transitions: [{ StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 360 }] }] } }))
      .toEqual(['noncurrent versions kept 720 days', 'expired delete markers are never removed', 'transition rule undefined leaves the small-object default implicit']);
  });
});

/**
 * One landing zone metadata type: what both providers' landing zones and both central stacks write
 * (the golden copies of the sample aggregator, which test/aggregator/golden.test.ts keeps equal to
 * a fresh synthesis) is what the compliance loader reads, at the keys and version core defines.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLOUDFORMATION_METADATA_KEY, LANDING_ZONE_METADATA_VERSION, TERRAFORM_METADATA_KEY } from '../../lib/core';
import { parseDocument } from '../../lib/compliance';
import { PA_CLOUD_KIT_METADATA_KEY as AWS_KEY, readLandingZoneMetadata as readAws } from '../../lib/aws/metadata';
import { PA_CLOUD_KIT_METADATA_KEY as OS_KEY, readLandingZoneMetadata as readOs } from '../../lib/openstack/metadata';

const GOLDEN = path.join(__dirname, '..', 'fixtures', 'golden', 'aggregator');
const DOCS = [
  ['aws/PaLz-c-a001.template.json', 'landing-zone', 'c_a001'],
  ['aws/PaCentral-eu-south-1.template.json', 'central', 'r_esempio'],
  ['openstack/stacks/palz-c-a002/cdk.tf.json', 'landing-zone', 'c_a002'],
  ['openstack/stacks/pa-central/cdk.tf.json', 'central', 'r_esempio'],
] as const;

test('the providers name the keys of core', () => {
  expect(AWS_KEY).toBe(CLOUDFORMATION_METADATA_KEY);
  expect(OS_KEY).toBe(TERRAFORM_METADATA_KEY);
});

test.each(DOCS)('%s: written and read as one type', (file, role, ipaCode) => {
  const text = fs.readFileSync(path.join(GOLDEN, file), 'utf8');
  const raw = JSON.parse(text);
  const written = file.endsWith('.tf.json') ? readOs(raw) : readAws(raw);
  expect(written?.version).toBe(LANDING_ZONE_METADATA_VERSION);
  const read = parseDocument(file, text).metadata!;
  expect(read.version).toBe(LANDING_ZONE_METADATA_VERSION);
  expect(read.tenant.ipaCode).toBe(ipaCode);
  expect(read.role ?? 'landing-zone').toBe(role);
  expect(read).toEqual(written);
});

/**
 * The synthesized documents of the sample aggregator (examples/aggregator/landing-zones.yaml) and
 * of the examples (examples/aws, examples/openstack), byte for byte against the golden copies in
 * test/fixtures/golden/, written by `npx tsx scripts/golden.ts`.
 *
 * A difference here is a change to what users deploy (a logical ID, a Terraform address, a
 * property). A change to the golden copies must be intended: regenerate them with the script and
 * name the change in the commit message that carries them.
 */
import { readGoldenDocuments, synthesizeGoldenDocuments } from '../../scripts/golden';

const golden = readGoldenDocuments();
let current: Map<string, string>;

beforeAll(() => {
  current = synthesizeGoldenDocuments();
});

test('the golden copies are there: 8 documents of the aggregator sample, 2 per example', () => {
  expect([...golden.keys()]).toEqual([
    'aggregator/aws/PaCentral-eu-south-1.template.json',
    'aggregator/aws/PaLz-asl-esempio.template.json',
    'aggregator/aws/PaLz-c-a001.template.json',
    'aggregator/aws/PaLz-r-esempio-sanita.template.json',
    'aggregator/openstack/stacks/pa-central/cdk.tf.json',
    'aggregator/openstack/stacks/palz-ao-esempio/cdk.tf.json',
    'aggregator/openstack/stacks/palz-c-a002/cdk.tf.json',
    'aggregator/openstack/stacks/palz-r-esempio-ps/cdk.tf.json',
    'examples-aws/PaAslDiEsempio.template.json',
    'examples-aws/PaComuneDiEsempio.template.json',
    'examples-openstack/stacks/asl-esempio/cdk.tf.json',
    'examples-openstack/stacks/comune-esempio/cdk.tf.json',
  ]);
});

test('synthesis writes the same documents as the golden copies, no more, no fewer', () => {
  expect([...current.keys()]).toEqual([...golden.keys()]);
});

test.each([...golden.keys()])('%s is byte-identical to its golden copy', (name) => {
  // toBe on the whole text: jest prints a line diff of the JSON when they differ.
  expect(current.get(name)).toBe(golden.get(name));
});

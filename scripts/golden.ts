/**
 * Golden copies of the synthesized documents: the sample aggregator
 * (examples/aggregator/landing-zones.yaml through `synthesizeLandingZones`), the AWS example
 * (examples/aws) and the OpenStack example (examples/openstack).
 *
 * `npx tsx scripts/golden.ts` rewrites test/fixtures/golden/ from the current code;
 * test/aggregator/golden.test.ts synthesizes the same documents and compares them byte for byte. Rewrite the
 * golden copies only for an intended change to the synthesized output, and name that change in the
 * commit that carries them.
 *
 * Nothing is normalised: every document is deterministic (asset hashes derive from the asset
 * content, and neither aws-cdk-lib nor cdktf writes a timestamp or an absolute path into a template).
 * Each document is re-serialised as JSON with two-space indentation, so a diff reads line by line.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../lib/config';
import { synthesizeLandingZones } from '../lib/aggregator/synth';
import { buildExampleApp } from '../examples/aws/main';
import { buildApp as buildOpenStackExampleApp } from '../examples/openstack/main';

const ROOT = path.resolve(__dirname, '..');

/** Where the golden copies live. */
export const GOLDEN_DIR = path.join(ROOT, 'test', 'fixtures', 'golden');

/** The aggregator sample synthesized. */
export const AGGREGATOR_SAMPLE = path.join(ROOT, 'examples', 'aggregator', 'landing-zones.yaml');

const pretty = (text: string): string => JSON.stringify(JSON.parse(text), null, 2) + '\n';

/** Every file under `dir` whose name matches `pattern`, as paths relative to `dir`, sorted. */
function filesUnder(dir: string, pattern: RegExp): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (pattern.test(entry.name)) found.push(child);
    }
  };
  walk('');
  return found.sort();
}

/**
 * Synthesizes the sample aggregator and both examples in a temporary folder and returns every
 * document, keyed by its path under the golden folder (`aggregator/aws/PaLz-c-a001.template.json`,
 * `examples-openstack/stacks/asl-esempio/cdk.tf.json`, ...), with its text.
 */
export function synthesizeGoldenDocuments(): Map<string, string> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-golden-'));
  const previousValidation = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false';
  try {
    const docs = new Map<string, string>();

    const aggregatorDir = path.join(tmp, 'aggregator');
    synthesizeLandingZones(loadConfig(AGGREGATOR_SAMPLE), { outDir: aggregatorDir });
    for (const rel of filesUnder(aggregatorDir, /(\.template\.json|^cdk\.tf\.json)$/)) {
      docs.set(`aggregator/${rel}`, pretty(fs.readFileSync(path.join(aggregatorDir, rel), 'utf8')));
    }

    const awsDir = path.join(tmp, 'examples-aws');
    buildExampleApp({ outdir: awsDir }).synth();
    for (const rel of filesUnder(awsDir, /\.template\.json$/)) {
      docs.set(`examples-aws/${rel}`, pretty(fs.readFileSync(path.join(awsDir, rel), 'utf8')));
    }

    const osDir = path.join(tmp, 'examples-openstack');
    buildOpenStackExampleApp(osDir).synth();
    for (const rel of filesUnder(osDir, /^cdk\.tf\.json$/)) {
      docs.set(`examples-openstack/${rel}`, pretty(fs.readFileSync(path.join(osDir, rel), 'utf8')));
    }
    return docs;
  } finally {
    if (previousValidation === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = previousValidation;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The golden copies on disk, keyed like {@link synthesizeGoldenDocuments}. */
export function readGoldenDocuments(): Map<string, string> {
  const docs = new Map<string, string>();
  if (!fs.existsSync(GOLDEN_DIR)) return docs;
  for (const rel of filesUnder(GOLDEN_DIR, /\.json$/)) docs.set(rel, fs.readFileSync(path.join(GOLDEN_DIR, rel), 'utf8'));
  return docs;
}

if (require.main === module) {
  const docs = synthesizeGoldenDocuments();
  fs.rmSync(GOLDEN_DIR, { recursive: true, force: true });
  for (const [rel, text] of docs) {
    const file = path.join(GOLDEN_DIR, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  process.stdout.write(`wrote ${docs.size} documents under ${path.relative(ROOT, GOLDEN_DIR)}/\n`);
}

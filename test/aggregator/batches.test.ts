/**
 * Batched synthesis: one app per batch of tenants, the central stacks in an app of their own, the
 * assemblies put together from per-tenant parts. The output must equal one app's byte for byte,
 * in this process (TypeScript sources) and in worker processes (the compiled package).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, parseConfig } from '../../lib/config';
import { check } from '../../lib/compliance';
import { synthesizeLandingZones, synthesizedDocuments } from '../../lib/aggregator/synth';
import { STATE_DIR, checkInBatches, synthesizeLandingZonesInBatches, workerEntry } from '../../lib/aggregator/batches';
import { PaCloudKitError } from '../../lib/core';

const SAMPLE = path.resolve(__dirname, '..', '..', 'examples', 'aggregator', 'landing-zones.yaml');
const DIST_BATCHES = path.resolve(__dirname, '..', '..', 'dist', 'aggregator', 'batches.js');

import { expectSameFiles } from '../helpers/same-files';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-batches-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The sample without the aggregator's AWS account: no AWS central stack. */
function withoutAwsCentral(): string {
  return fs.readFileSync(SAMPLE, 'utf8').replace(/^ {2}account: "\d+"\n/m, '');
}

describe('batched synthesis equals one app, byte for byte', () => {
  const config = loadConfig(SAMPLE);
  let single: string;
  beforeAll(() => {
    single = path.join(tmp, 'single');
    synthesizeLandingZones(config, { outDir: single });
  });

  test.each([1, 2, 4])('in this process, %i tenants per batch', async (batchSize) => {
    const out = path.join(tmp, `batched-${batchSize}`);
    const labels: string[] = [];
    const result = await synthesizeLandingZonesInBatches(config, { outDir: out, batchSize, workers: 0, onProgress: (p) => labels.push(p.label) });
    expectSameFiles(out, single);
    expect(result.tenants.map((t) => t.ipaCode)).toEqual(config.tenants.map((t) => t.identity.ipaCode));
    expect(result.centralStacks.map((c) => c.stackName)).toEqual(['PaCentral-eu-south-1', 'pa-central']);
    expect(result.tenants.every((t) => t.outputFile.startsWith(out) && fs.existsSync(t.outputFile))).toBe(true);
    expect(labels.at(-1)).toBe('write');
    expect(labels).toContain('central');
    // One step per tenant, one for the central stacks, one to put the output together.
    expect(labels).toEqual([...config.tenants.map((t) => t.identity.ipaCode), 'central', 'write']);
    // The central stacks were built once, apart from the tenants, and still see every tenant.
    const central = JSON.parse(fs.readFileSync(path.join(out, 'aws', 'PaCentral-eu-south-1.template.json'), 'utf8')) as { Resources: Record<string, unknown> };
    expect(central).toEqual(JSON.parse(fs.readFileSync(path.join(single, 'aws', 'PaCentral-eu-south-1.template.json'), 'utf8')));
    // Each tenant still depends on its region's central stack (deploy order).
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'aws', 'manifest.json'), 'utf8')) as { artifacts: Record<string, { dependencies?: string[] }> };
    expect(manifest.artifacts['PaLz-c-a001'].dependencies).toContain('PaCentral-eu-south-1');
  });

  test('without an AWS central stack (no aggregator account) too', async () => {
    const text = withoutAwsCentral();
    const cfg = parseConfig(text, 'lz.yaml');
    const a = path.join(tmp, 'noacct-single');
    const b = path.join(tmp, 'noacct-batched');
    synthesizeLandingZones(cfg, { outDir: a });
    await synthesizeLandingZonesInBatches(cfg, { outDir: b, batchSize: 2, workers: 0 });
    expectSameFiles(b, a);
  });

  test('the checks one document at a time give the same result as one check of every document', async () => {
    const out = path.join(tmp, 'checked');
    const result = await synthesizeLandingZonesInBatches(config, { outDir: out, batchSize: 2, workers: 0 });
    const whole = check(synthesizedDocuments(result));
    expect(checkInBatches(result)).toEqual({ documents: whole.documents, errors: whole.errors, summary: whole.summary });
    // Each tenant's result is kept for the next run.
    expect(fs.readdirSync(path.join(out, STATE_DIR, 'reports')).sort()).toContain('PaLz-c-a001.json');
  });

  test('bad options and a taken folder are refused', async () => {
    await expect(synthesizeLandingZonesInBatches(config, { outDir: path.join(tmp, 'x'), batchSize: 0 })).rejects.toThrow('batchSize: must be a whole number of tenants, 1 or more, got 0');
    await expect(synthesizeLandingZonesInBatches(config, { outDir: path.join(tmp, 'y'), workers: -1 })).rejects.toThrow('workers: must be a whole number, 0 (no worker processes) or more, got -1');
    await expect(synthesizeLandingZonesInBatches(config, { outDir: path.join(tmp, 'z'), workers: 2 })).rejects.toThrow(/^workers: needs the compiled worker synth-worker.js/);
    await expect(synthesizeLandingZonesInBatches(config, { outDir: single })).rejects.toThrow(PaCloudKitError);
    expect(() => synthesizeLandingZones(config, { outDir: path.join(tmp, 'w'), batchSize: 2 })).toThrow(/^batchSize: is for synthesizeLandingZonesInBatches/);
    expect(workerEntry()).toBeUndefined(); // the TypeScript sources have no compiled worker
  });
});

// The compiled package (npm test builds it first): batches in worker processes.
const describeDist = fs.existsSync(DIST_BATCHES) ? describe : describe.skip;
describeDist('in worker processes (the compiled package)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dist = require(DIST_BATCHES) as typeof import('../../lib/aggregator/batches');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const distConfig = require(path.resolve(__dirname, '..', '..', 'dist', 'config')) as typeof import('../../lib/config');

  test('two workers, two tenants per batch: the same bytes as one app', async () => {
    expect(dist.workerEntry()).toBe(path.resolve(__dirname, '..', '..', 'dist', 'aggregator', 'synth-worker.js'));
    const text = fs.readFileSync(SAMPLE, 'utf8');
    const single = path.join(tmp, 'dist-single');
    synthesizeLandingZones(loadConfig(SAMPLE), { outDir: single });
    const out = path.join(tmp, 'dist-workers');
    const result = await dist.synthesizeLandingZonesInBatches(distConfig.parseConfig(text, SAMPLE), { outDir: out, batchSize: 2, workers: 2, source: { text, file: SAMPLE } });
    expectSameFiles(out, single);
    expect(result.tenants).toHaveLength(6);
  }, 120_000);

  test('a construct error in a worker comes back as the kit error', async () => {
    // An OpenStack tenant whose owner makes the tag pa:owner=... longer than OpenStack's 60
    // characters: the construct's rule (the loader judges the tag value, not its OpenStack length).
    const text = fs.readFileSync(SAMPLE, 'utf8').replace('owner: Sistemi informativi ospedalieri', `owner: Sistemi informativi ospedalieri ${'e sanitari '.repeat(3)}`.trimEnd());
    const cfg = distConfig.parseConfig(text, SAMPLE);
    const attempt = dist.synthesizeLandingZonesInBatches(cfg, { outDir: path.join(tmp, 'dist-error'), batchSize: 2, workers: 2, source: { text, file: SAMPLE } });
    await expect(attempt).rejects.toThrow(/tenant\.owner: must be at most 51 characters on OpenStack/);
  }, 120_000);
});

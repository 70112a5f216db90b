/**
 * `init --ci gitlab|github`: the pipelines validate against the CI systems' published JSON schemas
 * (GitLab's ci.json, as vendored by the gitlab-ci-local package; SchemaStore's github-workflow.json,
 * as compiled into @action-validator/core), and `delta` renders the per-tenant compliance delta.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { runCli } from './run-cli';

const SAMPLE = path.resolve(__dirname, '..', '..', 'examples', 'aggregator', 'landing-zones.yaml');

/**
 * GitLab's published CI schema (app/assets/javascripts/editor/schema/ci.json), as gitlab-ci-local
 * bundles it (an object literal in its compiled file): read from node_modules, never copied here.
 */
function gitlabSchema(): object {
  const src = fs.readFileSync(require.resolve('gitlab-ci-local/dist/index.js'), 'utf8');
  const at = src.indexOf('$id:"https://gitlab.com/.gitlab-ci.yml"');
  if (at < 0) throw new Error('gitlab-ci-local no longer bundles GitLab\'s ci.json schema where expected');
  const start = src.lastIndexOf('{', at);
  let depth = 0;
  let quote: string | undefined;
  let i = start;
  for (; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) break;
  }
  return vm.runInNewContext(`(${src.slice(start, i + 1)})`, {}) as object;
}

const validateGitLab = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(gitlabSchema());
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateWorkflow } = require('@action-validator/core') as { validateWorkflow(src: string): { errors: unknown[] } };

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-ci-'));
  fs.copyFileSync(SAMPLE, path.join(tmp, 'landing-zones.yaml'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const init = (args: string[]) => runCli(['init', ...args], { cwd: tmp });

describe('init --ci gitlab', () => {
  let doc: Record<string, Record<string, unknown>>;
  let text: string;
  beforeAll(async () => {
    const r = await init(['--ci', 'gitlab', '--shards', '3']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('wrote .gitlab-ci.yml (gitlab, 3 shards, 6 tenant deploy jobs): commit it; re-run after adding tenants\n');
    text = fs.readFileSync(path.join(tmp, '.gitlab-ci.yml'), 'utf8');
    doc = parse(text) as typeof doc;
  });

  test('validates against GitLab\'s published CI schema', () => {
    expect(validateGitLab(doc)).toBe(true);
    expect(validateGitLab.errors ?? null).toBeNull();
  });

  test('the schema is not vacuous: a mistyped keyword and a bad parallel are refused', () => {
    expect(validateGitLab({ ...doc, merge: { ...doc.merge, artifact: { paths: ['out/'] } } })).toBe(false);
    expect(validateGitLab({ ...doc, synth: { ...doc.synth, parallel: 'three' } })).toBe(false);
    expect(validateGitLab({ ...doc, synth: { ...doc.synth, parallel: 500 } })).toBe(false);
  });

  test('sharded synth as a parallel job, merge with SARIF and the report as artifacts, delta on merge requests', () => {
    expect(doc.synth.parallel).toBe(3);
    expect(doc.synth.script).toEqual(['npx pa-cloud-kit synth "$PA_CLOUD_KIT_CONFIG" --shard "$CI_NODE_INDEX/$CI_NODE_TOTAL" --out "shards/$CI_NODE_INDEX" || [ $? -eq 1 ]']);
    expect(doc.variables).toEqual({ PA_CLOUD_KIT_CONFIG: 'landing-zones.yaml' });
    expect((doc.merge.script as string[])[0]).toBe('npx pa-cloud-kit merge "$PA_CLOUD_KIT_CONFIG" shards/* --out out; echo $? > exit-code');
    expect((doc.merge.artifacts as { paths: string[] }).paths).toEqual(['out/', 'pa-cloud-kit.sarif']);
    expect(doc['compliance-delta'].rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect((doc['compliance-delta'].script as string[]).join('\n')).toContain('npx pa-cloud-kit delta base/out out --out delta.md');
    expect((doc['compliance-delta'].script as string[]).join('\n')).toContain('/merge_requests/$CI_MERGE_REQUEST_IID/notes');
  });

  test('a deploy job per tenant after the central stacks; manual for critico and strategico', () => {
    const deploys = Object.keys(doc).filter((k) => k.startsWith('deploy-') && k !== 'deploy-central');
    expect(deploys).toEqual(['deploy-palz-c-a001', 'deploy-palz-asl-esempio', 'deploy-palz-r-esempio-sanita', 'deploy-palz-c-a002', 'deploy-palz-ao-esempio', 'deploy-palz-r-esempio-ps']);
    expect(doc['deploy-palz-c-a001'].rules).toEqual([{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }]);
    expect(doc['deploy-palz-asl-esempio'].rules).toEqual([{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', when: 'manual' }]);
    expect(doc['deploy-palz-r-esempio-ps'].rules).toEqual([{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', when: 'manual' }]);
    expect(doc['deploy-palz-c-a001'].script).toEqual(['npx cdk deploy --app out/aws PaLz-c-a001 --exclusively --require-approval never']);
    expect(doc['deploy-palz-c-a002'].script).toEqual(['cd out/openstack/stacks/palz-c-a002', 'tofu init -input=false', 'tofu apply -input=false -auto-approve']);
    expect(doc['deploy-palz-c-a001'].needs).toEqual(['merge', 'deploy-central']);
    expect(doc['deploy-central'].script).toEqual([
      'npx cdk deploy --app out/aws "PaCentral-*" --exclusively --require-approval never',
      '(cd out/openstack/stacks/pa-central && tofu init -input=false && tofu apply -input=false -auto-approve)',
    ]);
  });
});

describe('init --ci github', () => {
  let doc: { on: unknown; jobs: Record<string, Record<string, unknown>> };
  let text: string;
  beforeAll(async () => {
    const r = await init(['--ci', 'github', '--shards', '4']);
    expect(r.stderr).toBe('');
    text = fs.readFileSync(path.join(tmp, '.github', 'workflows', 'pa-cloud-kit.yml'), 'utf8');
    doc = parse(text) as typeof doc;
  });

  test('validates against SchemaStore\'s github-workflow schema', () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  test('the validator is not vacuous: a mistyped job keyword is refused', () => {
    const broken = text.replace('    runs-on: ubuntu-latest\n', '    runs-on: ubuntu-latest\n    run-on: ubuntu-latest\n');
    expect(broken).not.toBe(text);
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  test('a matrix of shards, merge with SARIF upload and the report as artifacts, delta as a PR comment', () => {
    expect((doc.jobs.synth.strategy as { matrix: { shard: number[] } }).matrix.shard).toEqual([1, 2, 3, 4]);
    const mergeSteps = doc.jobs.merge.steps as Array<{ uses?: string; with?: Record<string, unknown> }>;
    expect(mergeSteps.find((s) => s.uses === 'github/codeql-action/upload-sarif@v3')?.with).toEqual({ sarif_file: 'pa-cloud-kit.sarif', category: 'pa-cloud-kit' });
    expect(mergeSteps.filter((s) => s.uses === 'actions/upload-artifact@v4').map((s) => s.with!.name)).toEqual(['pa-cloud-kit-out', 'compliance-report']);
    expect(doc.jobs['compliance-delta'].if).toBe("github.event_name == 'pull_request'");
    expect(JSON.stringify(doc.jobs['compliance-delta'].steps)).toContain('gh pr comment');
  });

  test('critico and strategico deploy through an environment that needs approval', () => {
    expect(doc.jobs['deploy-palz-asl-esempio'].environment).toBe('asl_esempio-approval');
    expect(doc.jobs['deploy-palz-c-a001'].environment).toBe('c_a001');
    expect(doc.jobs['deploy-palz-c-a001'].needs).toEqual(['merge', 'deploy-central']);
  });
});

describe('init --ci: bad input', () => {
  test.each([
    [['--ci', 'jenkins'], /^pa-cloud-kit: option '--ci <system>' argument 'jenkins' is invalid\. Allowed choices are gitlab, github\.$/m],
    [['--ci', 'gitlab', '--shards', '0'], /^pa-cloud-kit: --shards: must be a whole number from 1 to 100, got "0"$/m],
    [['--ci', 'gitlab', '--shards', '101'], /^pa-cloud-kit: --shards: must be a whole number from 1 to 100, got "101"$/m],
    [['--ci', 'gitlab', '--config', 'missing.yaml', 'x.yml'], /^pa-cloud-kit: --config missing\.yaml: no such file; write it first \(pa-cloud-kit init\) or give its path$/m],
  ])('%p', async (args, message) => {
    const r = await init(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('an invalid landing zones file: its errors, and no pipeline', async () => {
    fs.writeFileSync(path.join(tmp, 'bad.yaml'), 'tenants: 3\n');
    const r = await init(['--ci', 'github', '--config', 'bad.yaml', 'bad.yml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bad\.yaml:1:\d+: tenants: /m);
    expect(r.stderr).toMatch(/--config bad\.yaml: 1 error, no pipeline written/);
    expect(fs.existsSync(path.join(tmp, 'bad.yml'))).toBe(false);
  });

  test('an existing pipeline is kept without --force', async () => {
    await init(['--ci', 'gitlab', 'kept.yml']);
    const r = await init(['--ci', 'gitlab', 'kept.yml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('pa-cloud-kit: kept.yml already exists: pass --force to overwrite it\n');
    expect((await init(['--ci', 'gitlab', 'kept.yml', '--force'])).code).toBe(0);
  });

  test('a pipeline path under a file: the cause in words, exit 2', async () => {
    fs.writeFileSync(path.join(tmp, 'plain-file'), 'x');
    const r = await init(['--ci', 'github', 'plain-file/ci.yml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pa-cloud-kit: plain-file\/ci\.yml: cannot write the file: a part of the path is a file, not a folder \((EEXIST|ENOTDIR)\)\n$/);
  });
});

describe('delta', () => {
  test('names new, changed and unchanged landing zones', async () => {
    expect((await runCli(['synth', 'landing-zones.yaml', '--out', 'before'], { cwd: tmp })).code).toBe(0);
    const text = fs.readFileSync(SAMPLE, 'utf8').trimEnd() + '\n  - ipaCode: c_a003\n    name: Comune Nuovo\n    classification: ordinario\n    owner: CED\n    incidentContact: ced@nuovo.example.it\n    account: "555555555555"\n';
    fs.writeFileSync(path.join(tmp, 'after.yaml'), text);
    expect((await runCli(['synth', 'after.yaml', '--out', 'after'], { cwd: tmp })).code).toBe(0);
    const r = await runCli(['delta', 'before', 'after'], { cwd: tmp });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## pa-cloud-kit: compliance delta$/m);
    expect(r.stdout).toMatch(/^\| c\\_a003 \| — \| \d+ \/ 0 \/ 0 \| new \|$/m);
    expect(r.stdout).not.toMatch(/^\| c\\_a001 /m); // unchanged
    const none = await runCli(['delta', 'after', 'after', '--out', 'd.md'], { cwd: tmp });
    expect(none.stdout).toBe('wrote d.md\n');
    expect(fs.readFileSync(path.join(tmp, 'd.md'), 'utf8')).toContain('No landing zone changed its compliance.');
    // No earlier output (the first run of a branch): every landing zone is new.
    fs.mkdirSync(path.join(tmp, 'empty'));
    expect((await runCli(['delta', 'empty', 'after'], { cwd: tmp })).stdout).toMatch(/^\| c\\_a001 \| — \|/m);
    expect((await runCli(['delta', 'nowhere', 'after'], { cwd: tmp })).stderr).toBe('pa-cloud-kit: nowhere: no such folder\n');
  }, 120_000);
});

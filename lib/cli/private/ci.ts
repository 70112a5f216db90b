/**
 * The CI pipelines `pa-cloud-kit init --ci gitlab|github` writes for an aggregator: the sharded
 * synth as a parallel matrix, the merge, the SARIF and HTML report as artifacts, the per-tenant
 * compliance delta as a comment on the merge request, and a deploy job per tenant (`cdk deploy`
 * for AWS, `tofu apply` for OpenStack) after the central stacks, on the default branch only,
 * with a manual approval for critico and strategico tenants.
 */
import { stringify } from 'yaml';
import { CloudProvider, DataClassification } from '../../core';
import type { LandingZonesConfig, ResolvedTenant } from '../../config';

/** The CI systems `init --ci` writes for. */
export const CI_SYSTEMS = ['gitlab', 'github'] as const;
export type CiSystem = (typeof CI_SYSTEMS)[number];

/** Where each pipeline goes by default. */
export const CI_FILES: Readonly<Record<CiSystem, string>> = {
  gitlab: '.gitlab-ci.yml',
  github: '.github/workflows/pa-cloud-kit.yml',
};

/** Options of {@link renderPipeline}. */
export interface PipelineOptions {
  /** The landing zones file, relative to the repository root. */
  readonly configFile: string;
  /** Parallel synth jobs (shards), 1 to 100. */
  readonly shards: number;
  /** The Node.js image or version the jobs run. @default 20 */
  readonly node?: string;
}

/** Whether a tenant's deploy waits for a person's approval: critico and strategico. */
export function needsApproval(t: ResolvedTenant): boolean {
  return t.identity.classification === DataClassification.CRITICO || t.identity.classification === DataClassification.STRATEGICO;
}

/** A job name from a stack name: lower-case letters, digits and dashes. */
function jobId(stack: string): string {
  return stack.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

function stackOf(t: ResolvedTenant): string {
  return t.provider === CloudProvider.AWS ? `PaLz-${t.identity.slug}` : `palz-${t.identity.slug}`;
}

const HEADER = (system: CiSystem, o: PipelineOptions) => [
  `# Written by pa-cloud-kit init --ci ${system} from ${o.configFile}: run it again after adding tenants.`,
  `# synth: ${o.shards} shards in parallel (synth --shard K/N); merge: one output and report (central stacks built there);`,
  '# the SARIF and HTML report are artifacts; on a merge request the per-tenant compliance delta is commented;',
  '# on the default branch each tenant deploys after the central stacks, critico and strategico only after a manual approval.',
  '',
].join('\n');

/** Renders the pipeline of `system` for the tenants of `config`. */
export function renderPipeline(system: CiSystem, config: LandingZonesConfig, options: PipelineOptions): string {
  return system === 'gitlab' ? renderGitLab(config, options) : renderGitHub(config, options);
}

/** A command that succeeds on exit 0 (passed) and 1 (findings: the report says which), fails on 2. */
const allowFindings = (command: string) => `${command} || [ $? -eq 1 ]`;

function deployScript(t: ResolvedTenant): string[] {
  const stack = stackOf(t);
  return t.provider === CloudProvider.AWS
    ? [`npx cdk deploy --app out/aws ${stack} --exclusively --require-approval never`]
    : [`cd out/openstack/stacks/${stack}`, 'tofu init -input=false', 'tofu apply -input=false -auto-approve'];
}

function centralDeployScript(config: LandingZonesConfig): string[] {
  const aws = config.tenants.some((t) => t.provider === CloudProvider.AWS) && config.aggregator?.account !== undefined;
  const os = config.tenants.some((t) => t.provider === CloudProvider.OPENSTACK) && config.aggregator !== undefined;
  return [
    ...(aws ? ['npx cdk deploy --app out/aws "PaCentral-*" --exclusively --require-approval never'] : []),
    ...(os ? ['(cd out/openstack/stacks/pa-central && tofu init -input=false && tofu apply -input=false -auto-approve)'] : []),
    ...(!aws && !os ? ['echo "no central stacks"'] : []),
  ];
}

function renderGitLab(config: LandingZonesConfig, o: PipelineOptions): string {
  const onDefault = [{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }];
  const doc: Record<string, unknown> = {
    stages: ['synth', 'merge', 'review', 'deploy-central', 'deploy'],
    variables: { PA_CLOUD_KIT_CONFIG: o.configFile },
    default: { image: `node:${o.node ?? '20'}`, before_script: ['npm ci'] },
    synth: {
      stage: 'synth',
      parallel: o.shards,
      script: [allowFindings('npx pa-cloud-kit synth "$PA_CLOUD_KIT_CONFIG" --shard "$CI_NODE_INDEX/$CI_NODE_TOTAL" --out "shards/$CI_NODE_INDEX"')],
      artifacts: { paths: ['shards/'], expire_in: '1 day' },
    },
    merge: {
      stage: 'merge',
      needs: ['synth'],
      script: [
        'npx pa-cloud-kit merge "$PA_CLOUD_KIT_CONFIG" shards/* --out out; echo $? > exit-code',
        '[ "$(cat exit-code)" -le 1 ]',
        allowFindings('npx pa-cloud-kit check out/aws out/openstack --format sarif --out pa-cloud-kit.sarif'),
        '[ "$(cat exit-code)" -eq 0 ]',
      ],
      artifacts: {
        when: 'always',
        name: 'pa-cloud-kit-out',
        paths: ['out/', 'pa-cloud-kit.sarif'],
        expose_as: 'compliance report',
        expire_in: '90 days',
      },
    },
    'compliance-delta': {
      stage: 'review',
      needs: ['merge'],
      rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }],
      script: [
        'apt-get update -qq && apt-get install -y -qq unzip curl > /dev/null',
        // The target branch's last merged output, from its artifacts.
        'curl -sSf --header "JOB-TOKEN: $CI_JOB_TOKEN" -o base.zip "$CI_API_V4_URL/projects/$CI_PROJECT_ID/jobs/artifacts/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME/download?job=merge" && unzip -q base.zip -d base || mkdir -p base/out',
        'npx pa-cloud-kit delta base/out out --out delta.md',
        // PA_CLOUD_KIT_GITLAB_TOKEN: a project access token with the api scope (a masked CI/CD variable).
        'curl -sSf --header "PRIVATE-TOKEN: $PA_CLOUD_KIT_GITLAB_TOKEN" --data-urlencode "body@delta.md" "$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"',
      ],
      artifacts: { paths: ['delta.md'] },
    },
    'deploy-central': {
      stage: 'deploy-central',
      needs: ['merge'],
      rules: onDefault,
      resource_group: 'pa-central',
      script: centralDeployScript(config),
    },
  };
  for (const t of config.tenants) {
    doc[`deploy-${jobId(stackOf(t))}`] = {
      stage: 'deploy',
      needs: ['merge', 'deploy-central'],
      // critico and strategico: a person approves (a protected environment can require more).
      rules: needsApproval(t) ? [{ ...onDefault[0], when: 'manual' }] : onDefault,
      environment: { name: `${t.identity.ipaCode}`, deployment_tier: 'production' },
      resource_group: t.identity.ipaCode,
      ...(t.provider === CloudProvider.OPENSTACK ? { image: 'ghcr.io/opentofu/opentofu:1.8' } : {}),
      script: deployScript(t),
    };
  }
  return HEADER('gitlab', o) + stringify(doc, { lineWidth: 0 });
}

function renderGitHub(config: LandingZonesConfig, o: PipelineOptions): string {
  const node = { uses: 'actions/setup-node@v4', with: { 'node-version': o.node ?? '20', cache: 'npm' } };
  const checkout = { uses: 'actions/checkout@v4' };
  const onDefault = "github.event_name == 'push' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)";
  const jobs: Record<string, unknown> = {
    synth: {
      'runs-on': 'ubuntu-latest',
      strategy: { 'fail-fast': false, matrix: { shard: Array.from({ length: o.shards }, (_, i) => i + 1) } },
      steps: [
        checkout, node, { run: 'npm ci' },
        { run: allowFindings(`npx pa-cloud-kit synth "$PA_CLOUD_KIT_CONFIG" --shard "\${{ matrix.shard }}/${o.shards}" --out "shards/\${{ matrix.shard }}"`) },
        { uses: 'actions/upload-artifact@v4', with: { name: 'shard-${{ matrix.shard }}', path: 'shards/${{ matrix.shard }}', 'include-hidden-files': true, 'retention-days': 1 } },
      ],
    },
    merge: {
      'runs-on': 'ubuntu-latest',
      needs: 'synth',
      permissions: { contents: 'read', 'security-events': 'write', actions: 'read' },
      steps: [
        checkout, node, { run: 'npm ci' },
        { uses: 'actions/download-artifact@v4', with: { pattern: 'shard-*', path: 'shards' } },
        { id: 'merge', run: 'npx pa-cloud-kit merge "$PA_CLOUD_KIT_CONFIG" shards/* --out out; echo "code=$?" >> "$GITHUB_OUTPUT"' },
        { run: `[ "\${{ steps.merge.outputs.code }}" -le 1 ] && (${allowFindings('npx pa-cloud-kit check out/aws out/openstack --format sarif --out pa-cloud-kit.sarif')})` },
        { uses: 'github/codeql-action/upload-sarif@v3', if: 'always()', with: { sarif_file: 'pa-cloud-kit.sarif', category: 'pa-cloud-kit' } },
        { uses: 'actions/upload-artifact@v4', if: 'always()', with: { name: 'pa-cloud-kit-out', path: 'out', 'include-hidden-files': true, 'retention-days': 90 } },
        { uses: 'actions/upload-artifact@v4', if: 'always()', with: { name: 'compliance-report', path: 'out/report.html' } },
        { run: '[ "${{ steps.merge.outputs.code }}" -eq 0 ]' },
      ],
    },
    'compliance-delta': {
      'runs-on': 'ubuntu-latest',
      needs: 'merge',
      if: "github.event_name == 'pull_request'",
      permissions: { contents: 'read', actions: 'read', 'pull-requests': 'write' },
      env: { GH_TOKEN: '${{ github.token }}' },
      steps: [
        checkout, node, { run: 'npm ci' },
        { uses: 'actions/download-artifact@v4', with: { name: 'pa-cloud-kit-out', path: 'out' } },
        {
          name: 'the base branch\'s last output',
          run: [
            'run_id=$(gh run list --branch "$GITHUB_BASE_REF" --workflow "${{ github.workflow }}" --status success --limit 1 --json databaseId --jq ".[0].databaseId")',
            'mkdir -p base/out',
            'if [ -n "$run_id" ]; then gh run download "$run_id" --name pa-cloud-kit-out --dir base/out || true; fi',
          ].join('\n'),
        },
        { run: 'npx pa-cloud-kit delta base/out out --out delta.md' },
        { run: 'gh pr comment "${{ github.event.pull_request.number }}" --body-file delta.md' },
      ],
    },
    'deploy-central': {
      'runs-on': 'ubuntu-latest',
      needs: 'merge',
      if: onDefault,
      environment: 'pa-central',
      concurrency: 'pa-central',
      steps: [
        checkout, node, { run: 'npm ci' },
        { uses: 'actions/download-artifact@v4', with: { name: 'pa-cloud-kit-out', path: 'out' } },
        ...(config.tenants.some((t) => t.provider === CloudProvider.OPENSTACK) ? [{ uses: 'opentofu/setup-opentofu@v1' }] : []),
        { run: centralDeployScript(config).join('\n') },
      ],
    },
  };
  for (const t of config.tenants) {
    jobs[`deploy-${jobId(stackOf(t))}`] = {
      'runs-on': 'ubuntu-latest',
      needs: ['merge', 'deploy-central'],
      if: onDefault,
      // critico and strategico: the environment requires a reviewer's approval (set its protection rules once).
      environment: needsApproval(t) ? `${t.identity.ipaCode}-approval` : t.identity.ipaCode,
      concurrency: t.identity.ipaCode,
      steps: [
        checkout, node, { run: 'npm ci' },
        { uses: 'actions/download-artifact@v4', with: { name: 'pa-cloud-kit-out', path: 'out' } },
        ...(t.provider === CloudProvider.OPENSTACK ? [{ uses: 'opentofu/setup-opentofu@v1' }] : []),
        { run: deployScript(t).join('\n') },
      ],
    };
  }
  const doc = {
    name: 'pa-cloud-kit',
    on: { push: { branches: ['main'] }, pull_request: {} },
    env: { PA_CLOUD_KIT_CONFIG: o.configFile },
    jobs,
  };
  return HEADER('github', o) + stringify(doc, { lineWidth: 0 });
}

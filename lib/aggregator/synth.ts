/**
 * Synthesis of a whole landing zones file: one AWS CloudFormation stack per AWS tenant, one
 * Terraform stack per OpenStack tenant, and the aggregator's central stacks, written under one
 * output folder. What `pa-cloud-kit synth` runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CloudProvider,
  DataClassification,
  PaCloudKitError,
  QualificationLevel,
  escapeTerraformTemplate,
  offsiteVaultName,
  qualificationRank,
} from '../core';
import type { LandingZonesConfig, ResolvedAwsTenant, ResolvedOpenStackTenant, ResolvedTenant } from '../config';
import type { Stack } from 'aws-cdk-lib';
// Each provider (aws-cdk-lib, cdktf) is loaded when the file has a tenant on it (see
// buildAwsApp, buildOpenStackApp), so an AWS-only file never loads cdktf, nor an OpenStack-only
// file aws-cdk-lib.
import type { AggregatorCentralAwsStack } from './central-aws';
import type { AggregatorCentralOpenStackStack } from './central-openstack';

/** One step of {@link synthesizeLandingZones}, for progress displays. */
export interface SynthesisProgress {
  /** 1-based number of the step. */
  readonly step: number;
  /** Number of steps: one per tenant, one per provider's central services, one per provider's write. */
  readonly total: number;
  /** What the step builds: a tenant's codice IPA, `central aws`, `central openstack`, `write aws`, `write openstack`. */
  readonly label: string;
}

/** Options of {@link synthesizeLandingZones}. */
export interface SynthesizeOptions {
  /** The output folder: AWS templates go to `<outDir>/aws`, Terraform stacks to `<outDir>/openstack`. */
  readonly outDir: string;
  /**
   * Called before each step.
   * @default - no progress reports
   */
  readonly onProgress?: (progress: SynthesisProgress) => void;
  /**
   * Run aws-cdk-lib's bundled CloudFormation validator during synthesis (costs seconds and
   * hundreds of MB per app). When false, `CDK_VALIDATION` is set to `false` during synthesis and
   * restored afterwards.
   * @default false
   */
  readonly cfnValidation?: boolean;
  /**
   * Tenants per app. With more tenants than this, synthesis builds one app per batch of tenants
   * (in file order), writes it and releases it, builds the central stacks in an app of their own,
   * and merges the cloud assemblies: the output is the same, byte for byte, as one app's.
   * @default - one app for every tenant ({@link synthesizeLandingZones}); 25 ({@link synthesizeLandingZonesInBatches})
   */
  readonly batchSize?: number;
  /**
   * Worker processes that build the batches ({@link synthesizeLandingZonesInBatches} only). Workers
   * run the compiled `synth-worker.js` beside this module, so they are used only from the
   * compiled package (the CLI), with `source` given and more than one batch.
   * @default - up to 2, one per core, when the compiled worker exists; 0 (this process) otherwise
   */
  readonly workers?: number;
  /**
   * The landing zones file's text and name, which each worker parses again.
   * @default - no workers: batches are built in this process
   */
  readonly source?: { readonly text: string; readonly file: string };
  /**
   * Only these tenants (codice IPA) are synthesized (the central stacks still see every tenant of
   * the file; whether they are built is {@link central}).
   * @default - every tenant
   */
  readonly only?: ReadonlySet<string>;
  /**
   * Whether the central stacks are built.
   * @default true
   */
  readonly central?: boolean;
}

/** What was synthesized for one tenant. */
export interface SynthesizedTenant {
  readonly ipaCode: string;
  readonly name: string;
  readonly provider: CloudProvider;
  readonly classification: DataClassification;
  /** The tenant's region name. */
  readonly region: string;
  /** The tenant's network range, e.g. `10.0.0.0/16`. */
  readonly cidr: string;
  /** AWS: the CloudFormation stack name `PaLz-<slug>`. OpenStack: the Terraform stack `palz-<slug>`. */
  readonly stackName: string;
  /** Absolute path of the template (`<out>/aws/PaLz-<slug>.template.json`) or Terraform JSON (`<out>/openstack/stacks/palz-<slug>/cdk.tf.json`). */
  readonly outputFile: string;
  /** Resources in the document (CloudFormation `Resources` entries, or Terraform resources of every type). */
  readonly resourceCount: number;
  /** The warnings of the tenant (weakened kit defaults, shared keys), each starting with its control. */
  readonly warnings: readonly string[];
}

/** What was synthesized for the aggregator's central services. */
export interface SynthesizedCentralStack {
  readonly provider: CloudProvider;
  /** The aggregator's codice IPA. */
  readonly ipaCode: string;
  readonly region: string;
  /** AWS: `PaCentral-<region>`. OpenStack: `pa-central`. */
  readonly stackName: string;
  /** Absolute path of the document. */
  readonly outputFile: string;
  readonly resourceCount: number;
}

/** The result of {@link synthesizeLandingZones}. */
export interface SynthesisResult {
  /** The absolute output folder. */
  readonly outDir: string;
  /** Every tenant, in file order. */
  readonly tenants: readonly SynthesizedTenant[];
  /** The central stacks: AWS ones in order of first use of their region, then OpenStack's. */
  readonly centralStacks: readonly SynthesizedCentralStack[];
}

/**
 * Synthesizes every tenant of a landing zones file, and the aggregator's central services, into
 * `outDir`. Deterministic: the same file gives the same documents. `<outDir>/aws` and
 * `<outDir>/openstack` must not exist or be empty: nothing is ever deleted or written over (use a
 * new folder per run; `pa-cloud-kit synth` stages and swaps its output safely).
 *
 * AWS: one aws-cdk-lib app (`<outDir>/aws`) with a stack `PaLz-<slug>` per tenant in its account
 * and region, holding a `LandingZone` over three availability zones `<region>a/b/c` (set in the
 * app's context, so synthesis needs no credentials), with the PA's keys, the off-site copy target
 * and, when the aggregator has an account, the central archive bucket of the tenant (imported by
 * name) and the central stacks of {@link AggregatorCentralAwsStack.fromConfig}.
 *
 * OpenStack: one cdktf app (`<outDir>/openstack`) with a stack `palz-<slug>` per tenant and,
 * when there is an aggregator, the central log collection `pa-central` in the default region.
 *
 * Construct IDs derive from the codice IPA only and archive buckets from the tenant's position
 * among its region's AWS tenants, so appending a tenant to the file changes no existing tenant's
 * logical IDs or network.
 */
export function synthesizeLandingZones(config: LandingZonesConfig, options: SynthesizeOptions): SynthesisResult {
  const outDir = path.resolve(options.outDir);
  // Never delete what is there: it may not be the kit's (`pa-cloud-kit synth` replaces its own
  // earlier output safely, through a staging folder and a manifest).
  for (const dir of [path.join(outDir, 'aws'), path.join(outDir, 'openstack')]) {
    const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
    if (stat && !(stat.isDirectory() && fs.readdirSync(dir).length === 0)) {
      throw new PaCloudKitError({
        field: 'outDir',
        value: options.outDir,
        rule: `must not hold ${path.basename(dir)}${stat.isDirectory() ? '/' : ''} already (synthesis writes nothing over existing files): give a new or empty folder`,
      });
    }
  }
  if (options.batchSize !== undefined && (!Number.isInteger(options.batchSize) || options.batchSize < 1)) {
    throw new PaCloudKitError({ field: 'batchSize', value: options.batchSize, rule: 'must be a whole number of tenants, 1 or more' });
  }
  if (options.batchSize !== undefined && options.batchSize < config.tenants.length) {
    throw new PaCloudKitError({ field: 'batchSize', value: options.batchSize, rule: 'is for synthesizeLandingZonesInBatches (asynchronous, with worker processes); synthesizeLandingZones builds one app' });
  }
  return synthesizeApps(config, options, config.tenants, 'all');
}

/**
 * Builds and synthesizes the apps of `build` (tenants of `config`, in file order) into
 * `options.outDir`. `central`: `all` builds the central stacks in the same apps (one app for
 * the whole file); `placeholders` builds tenants only, with empty stand-ins for the AWS central
 * stacks so each tenant records its deploy-order dependencies (a batch); `central` builds the
 * central stacks only (they see every tenant of the file).
 *
 * @internal shared by {@link synthesizeLandingZones} and the batches
 */
export function synthesizeApps(
  config: LandingZonesConfig,
  options: Pick<SynthesizeOptions, 'outDir' | 'onProgress' | 'cfnValidation'>,
  build: readonly ResolvedTenant[],
  centralMode: 'all' | 'placeholders' | 'central',
): SynthesisResult {
  const outDir = path.resolve(options.outDir);
  const allAws = config.tenants.filter((t): t is ResolvedAwsTenant => t.provider === CloudProvider.AWS);
  const allOs = config.tenants.filter((t): t is ResolvedOpenStackTenant => t.provider === CloudProvider.OPENSTACK);
  const tenants = centralMode === 'central' ? [] : build;
  const awsTenants = tenants.filter((t): t is ResolvedAwsTenant => t.provider === CloudProvider.AWS);
  const osTenants = tenants.filter((t): t is ResolvedOpenStackTenant => t.provider === CloudProvider.OPENSTACK);
  const awsCentral = centralMode !== 'placeholders' && allAws.length > 0 && config.aggregator?.account !== undefined;
  const osCentral = centralMode !== 'placeholders' && allOs.length > 0 && config.aggregator !== undefined;
  const awsPlaceholders = centralMode === 'placeholders' && awsTenants.length > 0 && config.aggregator?.account !== undefined;

  const labels = [
    ...tenants.map((t) => t.identity.ipaCode),
    ...(awsCentral ? ['central aws'] : []),
    ...(osCentral ? ['central openstack'] : []),
    ...(awsTenants.length > 0 || awsCentral ? ['write aws'] : []),
    ...(osTenants.length > 0 || osCentral ? ['write openstack'] : []),
  ];
  let step = 0;
  const progress = (label: string) => {
    step += 1;
    options.onProgress?.({ step, total: labels.length, label });
  };

  const awsDir = path.join(outDir, 'aws');
  const osDir = path.join(outDir, 'openstack');
  fs.mkdirSync(outDir, { recursive: true });

  // Each tenant's position among its region's AWS tenants of the whole file (its central archive bucket).
  const indexInRegion = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const t of allAws) {
    const n = counts.get(t.region.name) ?? 0;
    counts.set(t.region.name, n + 1);
    indexInRegion.set(t.identity.ipaCode, n);
  }

  const previousValidation = process.env.CDK_VALIDATION;
  if (!options.cfnValidation) process.env.CDK_VALIDATION = 'false';
  try {
    const aws = awsTenants.length > 0 || awsCentral ? buildAwsApp(config, allAws, awsDir, awsCentral || awsPlaceholders, indexInRegion) : undefined;
    const os = osTenants.length > 0 || osCentral ? buildOpenStackApp(config, allOs, osDir) : undefined;

    // Construction and progress in file order, synthesis per app afterwards.
    for (const t of tenants) {
      progress(t.identity.ipaCode);
      if (t.provider === CloudProvider.AWS) aws!.addTenant(t);
      else os!.addTenant(t);
    }
    if (awsCentral) {
      progress('central aws');
      aws!.addCentral();
    }
    if (awsPlaceholders) aws!.addCentralPlaceholders();
    if (osCentral) {
      progress('central openstack');
      os!.addCentral();
    }
    if (aws) {
      progress('write aws');
      aws.app.synth();
      stripMetadataTraces(awsDir);
    }
    if (os) {
      progress('write openstack');
      os.app.synth();
    }

    const synthesized = tenants.map((t): SynthesizedTenant => {
      const stackName = t.provider === CloudProvider.AWS ? awsStackName(t) : openStackStackId(t);
      const outputFile = t.provider === CloudProvider.AWS ? awsTemplateFile(awsDir, stackName) : terraformFile(osDir, stackName);
      return {
        ipaCode: t.identity.ipaCode,
        name: t.identity.name,
        provider: t.provider,
        classification: t.identity.classification,
        region: t.region.name,
        cidr: t.cidr.toString(),
        stackName,
        outputFile,
        resourceCount: countResources(outputFile),
        warnings: [...t.warnings],
      };
    });
    const centralStacks: SynthesizedCentralStack[] = [
      ...(aws?.central ?? []).map((c): SynthesizedCentralStack => {
        const outputFile = awsTemplateFile(awsDir, c.stackName);
        return { provider: CloudProvider.AWS, ipaCode: config.aggregator!.ipaCode, region: c.centralRegion.name, stackName: c.stackName, outputFile, resourceCount: countResources(outputFile) };
      }),
      ...(os?.central ? [os.central].map((c): SynthesizedCentralStack => {
        const outputFile = terraformFile(osDir, c.node.id);
        return { provider: CloudProvider.OPENSTACK, ipaCode: config.aggregator!.ipaCode, region: c.region.name, stackName: c.node.id, outputFile, resourceCount: countResources(outputFile) };
      }) : []),
    ];
    return { outDir, tenants: synthesized, centralStacks };
  } finally {
    if (previousValidation === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = previousValidation;
  }
}

/**
 * Removes the call stacks aws-cdk-lib records with each acknowledgement (`Validations.acknowledge`
 * records one whatever `stackTraces` says) from the stacks' `*.metadata.json`: they name the
 * kit's installation folder and the caller, so the same file would otherwise give different
 * bytes on another machine, from the compiled package or the sources, in one app or in batches.
 * The metadata itself (the acknowledged rule and its reason) is kept. Written back as aws-cdk-lib
 * writes it (JSON, 2 spaces).
 */
function stripMetadataTraces(awsDir: string): void {
  for (const name of fs.readdirSync(awsDir)) {
    if (!name.endsWith('.metadata.json')) continue;
    const file = path.join(awsDir, name);
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes('"trace"')) continue;
    const metadata = JSON.parse(text) as Record<string, Array<Record<string, unknown>>>;
    for (const entries of Object.values(metadata)) for (const entry of entries) delete entry.trace;
    fs.writeFileSync(file, JSON.stringify(metadata, undefined, 2));
  }
}

/** Every document a synthesis wrote (tenants, then central stacks), for the compliance engine. */
export function synthesizedDocuments(result: SynthesisResult): string[] {
  return [...result.tenants.map((t) => t.outputFile), ...result.centralStacks.map((c) => c.outputFile)];
}

/** `PaLz-<slug>`: the stack ID and CloudFormation name of an AWS tenant. */
export function awsStackName(tenant: ResolvedTenant): string {
  return `PaLz-${tenant.identity.slug}`;
}

/** `palz-<slug>`: the Terraform stack of an OpenStack tenant. */
export function openStackStackId(tenant: ResolvedTenant): string {
  return `palz-${tenant.identity.slug}`;
}

/** The Terraform stack of the aggregator's OpenStack central services. */
export const OPENSTACK_CENTRAL_STACK_ID = 'pa-central';

function awsTemplateFile(dir: string, stackName: string): string {
  return path.join(dir, `${stackName}.template.json`);
}

function terraformFile(dir: string, stackId: string): string {
  return path.join(dir, 'stacks', stackId, 'cdk.tf.json');
}

function countResources(file: string): number {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { Resources?: Record<string, unknown>; resource?: Record<string, Record<string, unknown>> };
  if (doc.Resources) return Object.keys(doc.Resources).length;
  return Object.values(doc.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

/**
 * The AWS app of a synthesis. `contextTenants` are every AWS tenant of the file (the app's context
 * lists their zones, whichever tenants the app builds); `indexInRegion` gives each tenant's
 * position among its region's AWS tenants of the whole file (batches build a slice of them).
 */
function buildAwsApp(config: LandingZonesConfig, tenants: readonly ResolvedAwsTenant[], outdir: string, withCentral: boolean, indexInRegion?: ReadonlyMap<string, number>) {
  const aggregatorAccount = withCentral ? config.aggregator!.account! : undefined;
  const context: Record<string, string[] | boolean> = {};
  const addAzs = (account: string, region: string) => {
    context[`availability-zones:account=${account}:region=${region}`] = ['a', 'b', 'c'].map((z) => `${region}${z}`);
  };
  for (const t of tenants) {
    addAzs(t.account, t.region.name);
    if (aggregatorAccount) {
      addAzs(aggregatorAccount, t.region.name);
      if (t.backupCopy) addAzs(aggregatorAccount, t.backupCopy.region.name);
    }
  }
  const { App: AwsApp, Stack, aws_kms: kms, aws_s3: s3 } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const { LandingZone } = require('../aws') as typeof import('../aws');
  const { AggregatorCentralAwsStack } = require('./central-aws') as typeof import('./central-aws');
  // No construct creation stack traces (aws-cdk-lib 2.276 records one per resource unless
  // `aws:cdk:disable-creation-stack-traces`; `stackTraces: false` only covers annotations).
  context['aws:cdk:disable-creation-stack-traces'] = true;
  const app = new AwsApp({ outdir, context, analyticsReporting: false, stackTraces: false });
  const regionIndex = new Map<string, number>();
  const indexInRegion_ = (t: ResolvedAwsTenant, counted: number) => indexInRegion?.get(t.identity.ipaCode) ?? counted;
  const tenantStacks: Array<{ stack: Stack; tenant: ResolvedAwsTenant }> = [];
  let central: AggregatorCentralAwsStack[] = [];
  return {
    app,
    get central() {
      return central;
    },
    addTenant(t: ResolvedAwsTenant) {
      const region = t.region.name;
      const counted = regionIndex.get(region) ?? 0;
      regionIndex.set(region, counted + 1);
      const indexInRegion = indexInRegion_(t, counted);
      const name = awsStackName(t);
      const stack = new Stack(app, name, {
        stackName: name,
        env: { account: t.account, region },
        description: `pa-cloud-kit: landing zone of ${t.identity.name} (${t.identity.ipaCode}, ${t.identity.classification})`,
      });
      const keys = t.keys ? {
        data: kms.Key.fromKeyArn(stack, 'PaDataKey', t.keys.kmsKeyArn),
        logs: kms.Key.fromKeyArn(stack, 'PaLogsKey', t.keys.logsKmsKeyArn ?? t.keys.kmsKeyArn),
        backup: kms.Key.fromKeyArn(stack, 'PaBackupKey', t.keys.backupKmsKeyArn ?? t.keys.kmsKeyArn),
      } : undefined;
      // The central archive with the aggregator's key: the trail encrypts with it, never with the tenant's.
      const centralAggregator = aggregatorAccount
        ? { ipaCode: config.aggregator!.ipaCode, account: aggregatorAccount, archiveKmsKeyArn: config.aggregator!.keys?.archiveKmsKeyArn }
        : undefined;
      const centralArchiveBucket = centralAggregator
        ? s3.Bucket.fromBucketAttributes(stack, 'CentralArchive', {
          bucketName: AggregatorCentralAwsStack.archiveBucketName(centralAggregator, region, indexInRegion),
          encryptionKey: kms.Key.fromKeyArn(stack, 'CentralArchiveKey', AggregatorCentralAwsStack.archiveKeyArn(centralAggregator, region, indexInRegion)),
        })
        : undefined;
      tenantStacks.push({ stack, tenant: t });
      new LandingZone(stack, 'LandingZone', {
        // The tenant's settings as the file gives them, named as the props.
        ...t.settings,
        tenant: t.identity,
        cidr: t.cidr.toString(),
        overrides: t.overrides,
        acknowledgements: t.acknowledgements,
        keys,
        backupCopyTarget: t.backupCopy ? { vaultArn: t.backupCopy.vaultArn } : undefined,
        centralArchiveBucket,
      });
    },
    addCentral() {
      central = AggregatorCentralAwsStack.fromConfig(app, config);
      addDependencies(central.map((c) => ({ stack: c as Stack, region: c.centralRegion.name })));
    },
    /**
     * A batch of tenants without the central stacks: empty stacks with the central stacks' IDs and
     * environments stand in for them, so each tenant records the same deploy-order dependencies;
     * their files are left out when the batches are merged.
     */
    addCentralPlaceholders() {
      const placeholders = centralAwsRegions(config).map((region) => ({
        stack: new Stack(app, centralAwsStackName(region), { env: { account: aggregatorAccount!, region } }),
        region,
      }));
      addDependencies(placeholders);
    },
  };
  function addDependencies(centralStacks: ReadonlyArray<{ stack: Stack; region: string }>) {
      // Deploy order: a tenant's trail and flow logs need its central archive (and its copies the
      // off-site vault) to exist, so the central stack of the tenant's region, and of its copy
      // region when the copies go to the aggregator, come first (`cdk deploy --all` follows it).
      for (const { stack, tenant } of tenantStacks) {
        for (const { stack: c, region } of centralStacks) {
          const copies = tenant.backupCopy !== undefined && tenant.backupCopy.account === aggregatorAccount && tenant.backupCopy.region.name === region;
          if (region === tenant.region.name || copies) stack.addStackDependency(c, 'the central archive and vault are deployed first');
        }
      }
  }
}

/** `PaCentral-<region>`: the AWS central stack of a region (AggregatorCentralAwsStack.fromConfig's IDs). */
export function centralAwsStackName(region: string): string {
  return `PaCentral-${region}`;
}

/**
 * The regions of the AWS central stacks, in the order AggregatorCentralAwsStack.fromConfig builds
 * them: each AWS tenant's region, then the region its off-site copies go to when they go to the
 * aggregator's vault.
 */
export function centralAwsRegions(config: LandingZonesConfig): string[] {
  const aggregator = config.aggregator;
  if (aggregator?.account === undefined) return [];
  const vaultName = offsiteVaultName(aggregator.slug);
  const regions: string[] = [];
  for (const t of config.tenants) {
    if (t.provider !== CloudProvider.AWS) continue;
    const copies = t.backupCopy !== undefined && t.backupCopy.account === aggregator.account && t.backupCopy.vaultName === vaultName;
    for (const r of [t.region.name, ...(copies ? [t.backupCopy!.region.name] : [])]) {
      if (!regions.includes(r)) regions.push(r);
    }
  }
  return regions;
}

function buildOpenStackApp(config: LandingZonesConfig, tenants: readonly ResolvedOpenStackTenant[], outdir: string) {
  // The loader requires the openstack section, with credentialsExpireAt, when a tenant uses OpenStack.
  const openstack = config.openstack!;
  const { LandingZone: OpenStackLandingZone, createTerraformApp } = require('../openstack') as typeof import('../openstack');
  const { AggregatorCentralOpenStackStack } = require('./central-openstack') as typeof import('./central-openstack');
  const app = createTerraformApp({ outdir });
  let central: AggregatorCentralOpenStackStack | undefined;
  // Free text of the file (a region's location, reasons) is escaped for Terraform: `${` and `%{`
  // would otherwise be evaluated as expressions. Names are refused with `${`/`%{` at load.
  const regionProps = (r: { name: string; country: string; location?: string }) =>
    ({ name: r.name, country: r.country, ...(r.location !== undefined ? { location: escapeTerraformTemplate(r.location) } : {}) });
  return {
    app,
    get central() {
      return central;
    },
    addTenant(t: ResolvedOpenStackTenant) {
      new OpenStackLandingZone(app, openStackStackId(t), {
        // The provider's settings as the file gives them, named as the props.
        ...t.settings,
        tenant: t.identity,
        region: regionProps(t.region),
        backupRegion: t.backupCopy ? regionProps(t.backupCopy.region) : undefined,
        cidr: t.cidr.toString(),
        overrides: t.overrides.map((o) => ({ ...o, reason: escapeTerraformTemplate(o.reason) })),
        acknowledgements: t.acknowledgements.map((a) => ({ ...a, reason: escapeTerraformTemplate(a.reason) })),
        encryptedVolumeType: t.keys?.encryptedVolumeType,
        containerSync: t.containerSync,
        localStatePath: stateFile(openStackStackId(t)),
      });
    },
    addCentral() {
      const aggregator = config.aggregator!;
      central = new AggregatorCentralOpenStackStack(app, OPENSTACK_CENTRAL_STACK_ID, {
        aggregator: {
          ipaCode: aggregator.ipaCode,
          name: aggregator.name,
          qualification: highestQualification(tenants),
          owner: aggregator.owner,
          incidentContact: aggregator.incidentContact,
        },
        cloud: openstack.cloud,
        region: regionProps(openstack.region),
        offsiteRegion: openstack.backupRegion ? regionProps(openstack.backupRegion) : undefined,
        containerSync: openstack.backupRegion && openstack.containerSyncRealm !== undefined
          ? { realm: openstack.containerSyncRealm, cluster: openstack.containerSyncClusters[openstack.backupRegion.name] }
          : undefined,
        objectStoreServiceType: openstack.serviceTypes?.objectStore,
        tenants,
        credentialsExpireAt: openstack.credentialsExpireAt!,
        localStatePath: stateFile(OPENSTACK_CENTRAL_STACK_ID),
      });
    },
  };
}

/**
 * Where a Terraform stack of the output keeps its local state, relative to its directory
 * `<out>/openstack/stacks/<stack>`: `<out>/../terraform-state/<stack>.tfstate`, beside the output
 * folder rather than in it, since the output is what users publish and the state holds secrets.
 */
export function stateFile(stackId: string): string {
  return `../../../../${STATE_FOLDER}/${stackId}.tfstate`;
}

/** The folder, beside the output folder, that holds the stacks' local Terraform state. */
export const STATE_FOLDER = 'terraform-state';

/** The highest qualification declared by the tenants: the central services serve them all. */
function highestQualification(tenants: readonly ResolvedTenant[]): QualificationLevel {
  return tenants.map((t) => t.identity.qualification).reduce((a, b) => (qualificationRank(b) > qualificationRank(a) ? b : a));
}

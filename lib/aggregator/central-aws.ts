/**
 * The central services an aggregator (soggetto aggregatore) runs on AWS for the PAs it serves:
 * the central log archive their trails and flow logs write to, and the vault that receives their
 * off-site backup copies.
 */
import { Annotations, CfnOutput, Stack, StackProps, Tags, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  AggregatorIdentity,
  CLOUDFORMATION_METADATA_KEY,
  CloudProvider,
  LandingZoneMetadata,
  PaCloudKitError,
  QualificationLevel,
  Region,
  RegionCatalogue,
  TenantIdentity,
  archiveBucketName,
  archiveKeyAlias,
  backupVaultArn,
  centralFlowLogPrefix,
  centralStackMetadata,
  centralTrailPrefix,
  kmsAliasArn,
  offsiteVaultName,
  slugOf,
  splitArn,
  parseIpaCode,
} from '../core';
import type { LandingZonesConfig, ResolvedAwsTenant } from '../config';
import { AggregatorAwsTenant, AggregatorCentralLogging, MAX_ARCHIVE_BUCKETS, TENANTS_PER_ARCHIVE_BUCKET } from './central-aws-logging';
import { AggregatorBackupVault } from './central-aws-vault';
import { checkAccount, strictestClassification } from './private/checks';
import { checkOwnKeyArn, highestQualification, renamingTenants, unique } from './private/aws-support';

// The constructs live in their own files; this module is still where the aggregator's AWS API is.
export * from './central-aws-logging';
export * from './central-aws-vault';

/** The aggregator's identity on AWS: who runs the central services, and where. */
export interface AggregatorAwsIdentity extends AggregatorIdentity {
  /** The aggregator's account holding the central services (12 digits). */
  readonly account: string;
  /** The ACN qualification of the services used; must reach every tenant's minimum. */
  readonly qualification: QualificationLevel | string;
  /** The office that owns the central services (tag `pa:owner`). */
  readonly owner: string;
  /** The e-mail address for incidents on the central services (tag `pa:incident-contact`). */
  readonly incidentContact: string;
}

/** Properties of {@link AggregatorCentralAwsStack}. */
export interface AggregatorCentralAwsStackProps extends Omit<StackProps, 'env'> {
  /** The aggregator: codice IPA, name, account, qualification, owner, incident contact. */
  readonly aggregator: AggregatorAwsIdentity;
  /** The region of the central services; the stack's env is the aggregator's account and this region. */
  readonly region: string;
  /**
   * The tenants whose trails and flow logs write to the central archive, in a stable order
   * (append only: see {@link AggregatorCentralLoggingProps.tenants}).
   * @default - no central archive
   */
  readonly archiveTenants?: readonly AggregatorAwsTenant[];
  /**
   * The tenants whose backup plans copy into the central vault of this region.
   * @default - no central vault
   */
  readonly backupTenants?: readonly AggregatorAwsTenant[];
  /**
   * ARN of the aggregator's own key for the central log archive (the `existingKey` of
   * {@link AggregatorCentralLogging}), in the aggregator's account and `region`: a key in an
   * external key store or with imported material, which ACN-KMS-02 asks for when a tenant is
   * critico or strategico (the stack is judged at its strictest tenant class and cannot
   * acknowledge the control). Its policy stays the aggregator's: the stack lists the grants it
   * needs in an info annotation. Needs `archiveTenants`.
   * @default - the stack creates one key per archive bucket (`ArchiveKey<n>`), with AWS-generated material
   */
  readonly existingArchiveKeyArn?: string;
  /**
   * ARN of the aggregator's own key for the off-site vault (the `existingKey` of
   * {@link AggregatorBackupVault}), in the aggregator's account and `region`, for the same reason.
   * Needs `backupTenants`.
   * @default - the stack creates the vault's key (`OffsiteVaultKey`), with AWS-generated material
   */
  readonly existingVaultKeyArn?: string;
}

/** What {@link AggregatorCentralAwsStack.fromConfig} may set beyond the file. */
export interface AggregatorCentralFromConfigProps {
  /**
   * The ACN qualification of the services the central stacks use.
   * @default - the highest qualification declared by the file's AWS tenants, so it reaches every tenant's minimum
   */
  readonly qualification?: QualificationLevel | string;
  /**
   * The office that owns the central services.
   * @default - `aggregator.owner` of the file
   */
  readonly owner?: string;
  /**
   * Where alerts about the central services go.
   * @default - `aggregator.incidentContact` of the file
   */
  readonly incidentContact?: string;
  /**
   * Prefix of the stacks' construct IDs (one stack per region, `<prefix>-<region>`).
   * @default 'PaCentral'
   */
  readonly idPrefix?: string;
}

/**
 * The central services of an aggregator in one region, as one stack in the aggregator's account:
 * {@link AggregatorCentralLogging} (construct ID `Logging`) for the archive tenants and
 * {@link AggregatorBackupVault} (construct ID `OffsiteBackup`) for the backup tenants. The
 * stack's mandatory tags name the aggregator, with the strictest class among its tenants.
 *
 * AWS resources are regional: when tenants live in, or copy to, several regions, build one stack
 * per region ({@link fromConfig} does it from a landing zones file).
 */
export class AggregatorCentralAwsStack extends Stack {
  /**
   * The name of the central archive bucket of the tenant at position `tenantIndex` of
   * `archiveTenants`, without building the stack: what a tenant's stack imports.
   */
  public static archiveBucketName(aggregator: { readonly ipaCode: string; readonly account: string }, region: string, tenantIndex: number): string {
    const code = parseIpaCode(aggregator.ipaCode, 'aggregator.ipaCode');
    if (!Number.isInteger(tenantIndex) || tenantIndex < 0 || tenantIndex >= TENANTS_PER_ARCHIVE_BUCKET * MAX_ARCHIVE_BUCKETS) {
      throw new PaCloudKitError({ field: 'tenantIndex', value: tenantIndex, rule: `must be a whole number from 0 to ${TENANTS_PER_ARCHIVE_BUCKET * MAX_ARCHIVE_BUCKETS - 1}` });
    }
    const known = RegionCatalogue.standard().get(CloudProvider.AWS, region, 'region');
    return archiveBucketName(slugOf(code), checkAccount(aggregator.account, 'aggregator.account'), known.name,
      Math.floor(tenantIndex / TENANTS_PER_ARCHIVE_BUCKET));
  }

  /**
   * The ARN a tenant's stack gives its trail for the key of its central archive, without building
   * the central stack (KMS accepts a key ARN or an alias ARN from another account): the
   * aggregator's own `archiveKmsKeyArn` when it is in `region` (what {@link fromConfig} uses
   * there), else the alias ARN of the key the central stack creates for the tenant's bucket,
   * `arn:<partition>:kms:<region>:<account>:alias/pa/<slug>/central-logs-<n>`.
   */
  public static archiveKeyArn(
    aggregator: { readonly ipaCode: string; readonly account: string; readonly archiveKmsKeyArn?: string },
    region: string,
    tenantIndex: number,
  ): string {
    // Validates the code, account, region and index as the bucket name does.
    AggregatorCentralAwsStack.archiveBucketName(aggregator, region, tenantIndex);
    const own = aggregator.archiveKmsKeyArn;
    if (own !== undefined && splitArn(own)?.region === region) return own;
    const code = parseIpaCode(aggregator.ipaCode, 'aggregator.ipaCode');
    const alias = archiveKeyAlias(slugOf(code), Math.floor(tenantIndex / TENANTS_PER_ARCHIVE_BUCKET));
    return kmsAliasArn(region, aggregator.account, alias);
  }

  /** The ARN of the aggregator's off-site vault in a region (what lib/config computes for `backupCopy`). */
  public static offsiteVaultArn(aggregator: { readonly ipaCode: string; readonly account: string }, region: string): string {
    const code = parseIpaCode(aggregator.ipaCode, 'aggregator.ipaCode');
    const known = RegionCatalogue.standard().get(CloudProvider.AWS, region, 'region');
    const account = checkAccount(aggregator.account, 'aggregator.account');
    return backupVaultArn(known.name, account, offsiteVaultName(slugOf(code)));
  }

  /**
   * One central stack per region used by the file's AWS tenants: the archive of the tenants whose
   * region it is (in file order), and the vault of the tenants whose `backupCopy` targets the
   * aggregator's `pa-<slug>-offsite` vault there. Regions come in order of first use.
   */
  public static fromConfig(scope: Construct, config: LandingZonesConfig, props: AggregatorCentralFromConfigProps = {}): AggregatorCentralAwsStack[] {
    const aggregator = config.aggregator;
    if (!aggregator) {
      throw new PaCloudKitError({ field: 'aggregator', value: undefined, rule: 'the landing zones file must have an aggregator section for central services' });
    }
    if (aggregator.account === undefined) {
      throw new PaCloudKitError({ field: 'aggregator.account', value: undefined, rule: 'must be set: the central services live in the aggregator\'s account' });
    }
    const aws = config.tenants.filter((t): t is ResolvedAwsTenant => t.provider === CloudProvider.AWS);
    if (aws.length === 0) {
      throw new PaCloudKitError({ field: 'tenants', value: config.tenants.length, rule: 'must include at least one AWS tenant for the AWS central services' });
    }
    const vaultName = offsiteVaultName(aggregator.slug);
    const copiesHere = (t: ResolvedAwsTenant, region: string) =>
      t.backupCopy !== undefined && t.backupCopy.account === aggregator.account && t.backupCopy.vaultName === vaultName && t.backupCopy.region.name === region;
    const regions: string[] = [];
    for (const t of aws) {
      for (const r of [t.region.name, ...(t.backupCopy && copiesHere(t, t.backupCopy.region.name) ? [t.backupCopy.region.name] : [])]) {
        if (!regions.includes(r)) regions.push(r);
      }
    }
    // KMS keys are regional: the aggregator's keys serve the stack of their region (lib/config
    // checks that the central services of critico and strategico tenants are there).
    const keyIn = (arn: string | undefined, region: string) => (arn !== undefined && splitArn(arn)?.region === region ? arn : undefined);
    return regions.map((region) => {
      const archive = aws.filter((t) => t.region.name === region);
      const copies = aws.filter((t) => copiesHere(t, region));
      return new AggregatorCentralAwsStack(scope, `${props.idPrefix ?? 'PaCentral'}-${region}`, {
        aggregator: {
          ipaCode: aggregator.ipaCode,
          name: aggregator.name,
          account: aggregator.account!,
          qualification: props.qualification ?? highestQualification(aws),
          owner: props.owner ?? aggregator.owner,
          incidentContact: props.incidentContact ?? aggregator.incidentContact,
        },
        region,
        archiveTenants: archive.length > 0 ? archive : undefined,
        backupTenants: copies.length > 0 ? copies : undefined,
        existingArchiveKeyArn: archive.length > 0 ? keyIn(aggregator.keys?.archiveKmsKeyArn, region) : undefined,
        existingVaultKeyArn: copies.length > 0 ? keyIn(aggregator.keys?.vaultKmsKeyArn, region) : undefined,
      });
    });
  }

  /** The aggregator as a tagged identity, classified as its strictest tenant. */
  public readonly identity: TenantIdentity;
  /** The region of the central services, with its country. */
  public readonly centralRegion: Region;
  /** The central archive, when there are archive tenants. */
  public readonly logging?: AggregatorCentralLogging;
  /** The off-site vault, when there are backup tenants. */
  public readonly offsiteBackup?: AggregatorBackupVault;
  /**
   * What the stack writes at the template's `Metadata.PaCloudKit`: role `central`, the aggregator
   * as tenant, the strictest class among its tenants, its qualification, region and account, so
   * the compliance engine checks the stack for the controls of central services only.
   */
  public readonly metadata: LandingZoneMetadata;

  constructor(scope: Construct, id: string, props: AggregatorCentralAwsStackProps) {
    const account = checkAccount(props.aggregator?.account, 'aggregator.account');
    const centralRegion = RegionCatalogue.standard().get(CloudProvider.AWS, props.region, 'region');
    super(scope, id, { ...props, env: { account, region: centralRegion.name } });
    this.centralRegion = centralRegion;

    const archiveTenants = props.archiveTenants;
    const backupTenants = props.backupTenants;
    if (archiveTenants === undefined && backupTenants === undefined) {
      throw new PaCloudKitError({ field: 'archiveTenants', value: undefined, rule: 'at least one of archiveTenants and backupTenants must list a tenant' });
    }
    // The constructs validate their tenants before anything reads them.
    const aggregator = { ipaCode: parseIpaCode(props.aggregator.ipaCode, 'aggregator.ipaCode'), name: props.aggregator.name };
    const archiveKeyArn = checkOwnKeyArn(props.existingArchiveKeyArn, 'existingArchiveKeyArn', account, centralRegion.name, archiveTenants, 'archiveTenants');
    const vaultKeyArn = checkOwnKeyArn(props.existingVaultKeyArn, 'existingVaultKeyArn', account, centralRegion.name, backupTenants, 'backupTenants');
    if (archiveTenants !== undefined) {
      const existingKey = archiveKeyArn ? kms.Key.fromKeyArn(this, 'ArchiveKeyImport', archiveKeyArn) : undefined;
      this.logging = renamingTenants('archiveTenants', () => new AggregatorCentralLogging(this, 'Logging', { aggregator, tenants: archiveTenants, existingKey }));
      this.logging.bucketNames.forEach((name, n) => {
        const first = n * TENANTS_PER_ARCHIVE_BUCKET;
        new CfnOutput(this, `ArchiveBucket${n}Name`, { value: name, description: `Central log archive ${n} (archive tenants ${first}-${first + TENANTS_PER_ARCHIVE_BUCKET - 1})` });
      });
    }
    if (backupTenants !== undefined) {
      const existingKey = vaultKeyArn ? kms.Key.fromKeyArn(this, 'VaultKeyImport', vaultKeyArn) : undefined;
      this.offsiteBackup = renamingTenants('backupTenants', () => new AggregatorBackupVault(this, 'OffsiteBackup', { aggregator, tenants: backupTenants, existingKey }));
      new CfnOutput(this, 'OffsiteVaultArn', { value: this.offsiteBackup.vaultArn, description: 'Vault receiving the tenants\' off-site backup copies' });
    }
    const all = [...(archiveTenants ?? []), ...(backupTenants ?? [])];
    this.identity = TenantIdentity.of({
      ipaCode: aggregator.ipaCode,
      name: props.aggregator.name,
      classification: strictestClassification(all),
      qualification: props.aggregator.qualification,
      owner: props.aggregator.owner,
      incidentContact: props.aggregator.incidentContact,
    }, 'aggregator');
    // Every tenant's minimum qualification binds the central services that hold its data.
    for (const t of all) t.policy.assertQualification(this.identity.qualification, 'aggregator.qualification');
    for (const [key, value] of Object.entries(this.identity.tags())) Tags.of(this).add(key, value);
    this.metadata = centralStackMetadata(this.identity, centralRegion.name, { account });
    this.templateOptions.metadata = { ...(this.templateOptions.metadata ?? {}), [CLOUDFORMATION_METADATA_KEY]: this.metadata };
    Annotations.of(this).addInfo(
      `central services of ${this.identity.ipaCode} for ${unique(all.map((t) => t.identity.ipaCode)).length} tenants, tagged ${this.identity.classification} (the strictest class among them)`,
    );
  }

  /** The name of the central archive bucket a tenant writes to; throws when it is not an archive tenant. */
  public archiveBucketNameFor(ipaCode: string): string {
    if (!this.logging) {
      throw new PaCloudKitError({ field: 'ipaCode', value: ipaCode, rule: 'the stack has no central archive (no archiveTenants)' });
    }
    return this.logging.archiveBucketNameFor(ipaCode);
  }

  /** The off-site vault's ARN; throws when the stack has no vault. */
  public get offsiteVaultArn(): string {
    if (!this.offsiteBackup) {
      throw new PaCloudKitError({ field: 'backupTenants', value: undefined, rule: 'the stack has no off-site vault (no backupTenants)' });
    }
    return this.offsiteBackup.vaultArn;
  }
}

// The prefixes the tenants write under are core's, the same functions LandingZoneLogging and
// LandingZoneNetwork take their defaults from; exported here too.
export { centralFlowLogPrefix, centralTrailPrefix };

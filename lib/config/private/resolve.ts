import {
  Cidr,
  CloudProvider,
  CompliancePolicy,
  DataClassification,
  EgressFiltering,
  IPA_CODE_PATTERN,
  KeyCustody,
  MAX_TENANT_PREFIX,
  MIN_TENANT_PREFIX,
  POLICY_SETTINGS,
  PaCloudKitError,
  QualificationLevel,
  RangeRequest,
  RegionCatalogue,
  TenantIdentity,
  allocateTenantRanges,
  checkRegion,
  parseEmail,
  parseIpaCode,
  parseTagValue,
  withArticle,
  SINGLE_REGION_KEY_RULE,
  isAwsMultiRegionKeyArn,
  awsPartition,
  backupVaultArn,
  offsiteVaultName,
  parseKmsKeyArn,
  slugOf,
} from '../../core';
import type {
  AggregatorConfig,
  AggregatorKeys,
  AwsBackupCopyTarget,
  AwsTenantKeys,
  ConfigAcknowledgement,
  ConfigOverride,
  LandingZonesConfig,
  OpenStackBackupCopyTarget,
  OpenStackConfig,
  ResolvedTenant,
} from '../types';
import { checkAddressSpace, checkAwsAccount, checkDateTime, checkIpv4Address, checkNoTerraformExpression, checkProxyUrl } from './formats';
import { PathSegment, parseField } from './source';

/** The file's data once it has passed the JSON Schema. */
export interface RawConfig {
  readonly aggregator?: {
    readonly ipaCode: string;
    readonly name: string;
    readonly account?: string;
    readonly owner?: string;
    readonly incidentContact?: string;
    readonly keys?: { readonly archiveKmsKeyArn: string; readonly vaultKmsKeyArn: string };
  };
  readonly defaults?: {
    readonly provider?: 'aws' | 'openstack';
    readonly region?: string;
    readonly qualification?: string;
    readonly networkPool?: string | readonly string[];
    readonly tenantRangePrefix?: number;
    readonly tenantRangePrefixByClass?: Readonly<Partial<Record<DataClassification, number>>>;
    readonly allowPublicRanges?: boolean;
  };
  readonly openstack?: {
    readonly cloud: string;
    readonly externalNetwork: string;
    readonly regions: ReadonlyArray<{ readonly name: string; readonly country: string; readonly location?: string; readonly containerSyncCluster?: string }>;
    readonly region: string;
    readonly backupRegion?: string;
    readonly containerSyncRealm?: string;
    readonly fwaas?: boolean;
    readonly ntpServers?: readonly string[];
    readonly serviceTypes?: { readonly blockStorage?: string; readonly objectStore?: string };
    readonly credentialsExpireAt?: string;
    readonly managementProxy?: string;
    readonly schedulerImage?: string;
    readonly schedulerFlavor?: string;
  };
  readonly tenants: readonly RawTenant[];
}

/** One tenant once it has passed the JSON Schema. */
export interface RawTenant {
  readonly ipaCode: string;
  readonly name: string;
  readonly classification: string;
  readonly qualification?: string;
  readonly owner: string;
  readonly incidentContact: string;
  readonly provider?: 'aws' | 'openstack';
  readonly account?: string;
  readonly region?: string;
  readonly cidr?: string;
  readonly keys?: {
    readonly kmsKeyArn?: string;
    readonly logsKmsKeyArn?: string;
    readonly backupKmsKeyArn?: string;
    readonly volumeType?: string;
  };
  readonly backupCopy?: { readonly account?: string; readonly region?: string; readonly vaultName?: string };
  readonly managementProxy?: string;
  readonly overrides?: ReadonlyArray<{ readonly setting: string; readonly value: string | boolean | readonly string[]; readonly reason: string }>;
  readonly acknowledgements?: ReadonlyArray<{ readonly control: string; readonly reason: string }>;
}

/** A mistake found by the semantic checks. */
export interface SemanticProblem {
  readonly field: string;
  readonly message: string;
  readonly control?: string;
  /** Where to point when it is not the field itself (a value inherited from a default). */
  readonly pointTo?: readonly PathSegment[];
}

/** A resolved tenant before its range is allocated. */
type WithoutRange<T> = T extends unknown ? Omit<T, 'cidr' | 'cidrSource'> : never;

/** The default AWS region when `defaults.region` is not set. */
export const DEFAULT_AWS_REGION = 'eu-south-1';

/** The AWS keys of `keys`, by purpose, in the order they are checked and named in messages. */
const KEY_FIELDS = [
  { key: 'kmsKeyArn', purpose: 'data' },
  { key: 'logsKmsKeyArn', purpose: 'logs' },
  { key: 'backupKmsKeyArn', purpose: 'backups' },
] as const;
/** The keys of `aggregator.keys`, with the central service each one encrypts. */
const CENTRAL_KEY_FIELDS = [
  { key: 'archiveKmsKeyArn', service: 'central log archive' },
  { key: 'vaultKmsKeyArn', service: 'off-site backup vault' },
] as const;
/** Settings checked together by the policy's consistency rules: the override to point at for each. */
const RELATED_SETTINGS: Record<string, readonly string[]> = {
  backupFrequency: ['backupFrequency', 'continuousBackup', 'rpo'],
  auditLogArchiveRetention: ['auditLogArchiveRetention', 'auditLogSearchableRetention'],
};

/**
 * Runs every semantic check of the core on data that passed the schema, collecting all problems.
 * Tenants listed in `skip` had structural errors (at `brokenFields`): only the file-wide checks
 * (duplicate codes, network ranges) consider them.
 */
export function resolveConfig(
  raw: RawConfig,
  file: string,
  skip: ReadonlySet<number>,
  brokenFields: ReadonlySet<string>,
): { config?: LandingZonesConfig; problems: SemanticProblem[] } {
  const problems: SemanticProblem[] = [];
  const attempt = <T>(fn: () => T, adjust?: (e: PaCloudKitError) => SemanticProblem): T | undefined => {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof PaCloudKitError)) throw e;
      problems.push(adjust ? adjust(e) : fromError(e));
      return undefined;
    }
  };

  // aggregator
  let aggregator: AggregatorConfig | undefined;
  let aggregatorBroken = false;
  if (raw.aggregator) {
    const ipaCode = attempt(() => parseIpaCode(raw.aggregator!.ipaCode, 'aggregator.ipaCode'));
    const name = attempt(() => parseTagValue(raw.aggregator!.name, 'aggregator.name'));
    const owner = raw.aggregator.owner === undefined ? name : attempt(() => parseTagValue(raw.aggregator!.owner, 'aggregator.owner'));
    const incidentContact = attempt(() => parseEmail(raw.aggregator!.incidentContact, 'aggregator.incidentContact'));
    if (raw.aggregator.account !== undefined && attempt(() => { checkAwsAccount(raw.aggregator!.account, 'aggregator.account'); return true; }) === undefined) aggregatorBroken = true;
    if (ipaCode && name && owner && incidentContact) {
      aggregator = { ipaCode, name, slug: slugOf(ipaCode), account: raw.aggregator.account, owner, incidentContact };
    } else {
      aggregatorBroken = true;
    }
  }

  // defaults
  let catalogue = RegionCatalogue.standard();
  const defaultProvider = (raw.defaults?.provider ?? CloudProvider.AWS) as CloudProvider;
  const defaultAwsRegion = attempt(() => catalogue.get(CloudProvider.AWS, raw.defaults?.region ?? DEFAULT_AWS_REGION, 'defaults.region'), (e) =>
    fromError(e, { rule: `${e.rule}; OpenStack tenants take their region from openstack.region` }),
  );
  let networkPools: Cidr[] | undefined;
  let poolBroken = false;
  if (raw.defaults?.networkPool !== undefined) {
    const given = raw.defaults.networkPool;
    const list = typeof given === 'string' ? [given] : [...given];
    const fieldOf = (i: number) => (typeof given === 'string' ? 'defaults.networkPool' : `defaults.networkPool[${i}]`);
    const smallest = smallestTenantRange(raw);
    const parsed = list.map((text, i) => attempt(() => {
      const pool = Cidr.parse(text, fieldOf(i));
      checkAddressSpace(pool.toString(), fieldOf(i), raw.defaults?.allowPublicRanges === true);
      if (pool.prefixLength > smallest.prefix) {
        throw new PaCloudKitError({
          field: fieldOf(i),
          value: text,
          rule: smallest.why === undefined
            ? `must be a /${smallest.prefix} or larger, since each tenant without a cidr takes a /${smallest.prefix} from it`
            : `must be a /${smallest.prefix} or larger: it must hold at least the smallest tenant range the file asks for (${smallest.why}: /${smallest.prefix})`,
        });
      }
      const j = list.slice(0, i).findIndex((other) => {
        try { return Cidr.parse(other).overlaps(pool); } catch { return false; }
      });
      if (j >= 0) {
        throw new PaCloudKitError({ field: fieldOf(i), value: text, rule: `must not overlap ${list[j]} (${fieldOf(j)}): each pool is a separate range` });
      }
      return pool;
    }));
    if (parsed.every((p): p is Cidr => p !== undefined)) networkPools = parsed;
    poolBroken = networkPools === undefined;
  }
  const networkPool = networkPools?.[0];

  // openstack
  let openstack: OpenStackConfig | undefined;
  if (raw.openstack) {
    const os = raw.openstack;
    if (os.credentialsExpireAt !== undefined) attempt(() => checkDateTime(os.credentialsExpireAt, 'openstack.credentialsExpireAt'));
    if (os.managementProxy !== undefined) attempt(() => checkProxyUrl(os.managementProxy, 'openstack.managementProxy'));
    (os.ntpServers ?? []).forEach((a, i) => attempt(() => {
      checkIpv4Address(a, `openstack.ntpServers[${i}]`);
      const first = os.ntpServers!.indexOf(a);
      if (first !== i) throw new PaCloudKitError({ field: `openstack.ntpServers[${i}]`, value: a, rule: `must not repeat openstack.ntpServers[${first}]` });
    }));
    let namesOk = true;
    for (const key of ['cloud', 'externalNetwork', 'schedulerImage', 'schedulerFlavor'] as const) {
      if (attempt(() => { checkNoTerraformExpression(os[key], `openstack.${key}`); return true; }) === undefined) namesOk = false;
    }
    let regionsOk = true;
    os.regions.forEach((r, i) => {
      const first = os.regions.findIndex((other) => other.name === r.name);
      if (first !== i) {
        regionsOk = false;
        problems.push(fromError(new PaCloudKitError({ field: `openstack.regions[${i}].name`, value: r.name, rule: `must be unique: already declared as openstack.regions[${first}]` })));
      }
    });
    const withOpenStack = attempt(() => catalogue.withOpenStackRegions(os.regions, 'openstack.regions'));
    if (withOpenStack && regionsOk && namesOk) {
      catalogue = withOpenStack;
      const region = attempt(() => catalogue.get(CloudProvider.OPENSTACK, os.region, 'openstack.region'));
      const backupRegion = os.backupRegion === undefined ? undefined : attempt(() => catalogue.get(CloudProvider.OPENSTACK, os.backupRegion!, 'openstack.backupRegion'));
      if (backupRegion && region && backupRegion.name === region.name) {
        problems.push(fromError(new PaCloudKitError({
          field: 'openstack.backupRegion',
          value: os.backupRegion,
          rule: 'must be another region than openstack.region, so the copies are off-site',
          control: 'ACN-BCK-04',
        })));
      } else if (region && (os.backupRegion === undefined || backupRegion)) {
        openstack = {
          cloud: os.cloud,
          externalNetwork: os.externalNetwork,
          regions: catalogue.list(CloudProvider.OPENSTACK),
          region,
          backupRegion,
          credentialsExpireAt: os.credentialsExpireAt,
          managementProxy: os.managementProxy,
          schedulerImage: os.schedulerImage,
          schedulerFlavor: os.schedulerFlavor,
          containerSyncRealm: os.containerSyncRealm,
          containerSyncClusters: Object.fromEntries(os.regions.filter((r) => r.containerSyncCluster !== undefined).map((r) => [r.name, r.containerSyncCluster!])),
          fwaas: os.fwaas,
          ntpServers: os.ntpServers,
          serviceTypes: os.serviceTypes,
        };
      }
    }
  }
  let reportedMissingOpenStack = false;
  const reportedSync = new Set<string>();

  // tenants
  const firstByCode = new Map<string, number>();
  const duplicates = new Set<number>();
  raw.tenants.forEach((t, i) => {
    const code = typeof t?.ipaCode === 'string' ? t.ipaCode.trim().toLowerCase() : undefined;
    if (!code || !IPA_CODE_PATTERN.test(code)) return;
    const first = firstByCode.get(code);
    if (first === undefined) {
      firstByCode.set(code, i);
    } else {
      duplicates.add(i);
      problems.push(fromError(new PaCloudKitError({ field: `tenants[${i}].ipaCode`, value: t.ipaCode, rule: `must be unique in the file: tenants[${first}] has the same codice IPA` })));
    }
  });

  const partials = new Map<number, WithoutRange<ResolvedTenant>>();
  raw.tenants.forEach((t, i) => {
    if (skip.has(i) || duplicates.has(i)) return;
    const before = problems.length;
    const at = `tenants[${i}]`;
    const here: PathSegment[] = ['tenants', i];
    const inherited = (from: string) => (e: PaCloudKitError) => fromError(e, { rule: `${e.rule} (inherited from ${from}: set it on the tenant, or change ${from})`, pointTo: here });

    const ipaCode = attempt(() => parseIpaCode(t.ipaCode, `${at}.ipaCode`));
    attempt(() => parseTagValue(t.name, `${at}.name`));
    attempt(() => parseTagValue(t.owner, `${at}.owner`));
    attempt(() => parseEmail(t.incidentContact, `${at}.incidentContact`));
    const qualification = t.qualification ?? raw.defaults?.qualification;
    if (qualification === undefined) {
      problems.push({
        field: `${at}.qualification`,
        message: `${at}.qualification: is required: set the ACN qualification (QC1-QC4) of the services used on the tenant or in defaults.qualification`,
        control: 'ACN-QUAL-01',
        pointTo: here,
      });
    }
    const classification = t.classification as DataClassification;
    const identity = problems.length > before || aggregatorBroken
      ? undefined
      : attempt(() => TenantIdentity.of({ ...t, ipaCode: ipaCode!, classification, qualification: qualification!, aggregator }, at));

    const policy = attempt(
      () => CompliancePolicy.forClassification(classification, { overrides: t.overrides, acknowledgements: t.acknowledgements, field: at }),
      (e) => policyProblem(e, t, at),
    );
    if (policy && qualification !== undefined) {
      attempt(() => policy.assertQualification(qualification as QualificationLevel, `${at}.qualification`), t.qualification ? undefined : inherited('defaults.qualification'));
    }

    const provider = (t.provider ?? defaultProvider) as CloudProvider;
    const misplaced = (key: string, rule: string) => problems.push(fromError(new PaCloudKitError({ field: `${at}.${key}`, value: valueOf(t, key), rule })));
    const needsKeys = policy !== undefined && policy.settings.keyCustody !== KeyCustody.CUSTOMER_MANAGED;
    const wantsCopy = t.backupCopy !== undefined || (policy?.settings.offsiteBackupCopy ?? false);

    if (provider === CloudProvider.AWS) {
      if (t.keys?.volumeType !== undefined) misplaced('keys.volumeType', 'is for OpenStack tenants: an AWS tenant gives its key as keys.kmsKeyArn');
      if (t.managementProxy !== undefined) misplaced('managementProxy', 'is for OpenStack tenants: an AWS tenant\'s management subnet reaches the AWS APIs through VPC endpoints');
      if (t.account !== undefined) attempt(() => checkAwsAccount(t.account, `${at}.account`));
      if (t.backupCopy?.account !== undefined) attempt(() => checkAwsAccount(t.backupCopy!.account, `${at}.backupCopy.account`));
      if (t.account === undefined) {
        problems.push({ field: `${at}.account`, message: `${at}.account: is required for an AWS tenant: the tenant's AWS account ID, 12 digits in quotes, e.g. "123456789012"`, pointTo: here });
      }
      const region = t.region !== undefined
        ? attempt(() => catalogue.get(CloudProvider.AWS, t.region!, `${at}.region`))
        : defaultAwsRegion;
      if (policy && region) {
        attempt(() => checkRegion(policy, region, `${at}.region`, 'data'), t.region !== undefined ? undefined : inherited('defaults.region'));
      }
      const given = KEY_FIELDS.filter((f) => t.keys?.[f.key] !== undefined);
      for (const { key } of given) {
        const field = `${at}.keys.${key}`;
        const arn = t.keys![key]!;
        // The schema has checked the ARN's form before this runs.
        const keyArn = parseKmsKeyArn(arn)!;
        const keyArnRegion = keyArn.region;
        const keyRegion = catalogue.find(CloudProvider.AWS, keyArnRegion);
        if (policy?.settings.keyCustody === KeyCustody.PA_HELD && isAwsMultiRegionKeyArn(arn)) {
          problems.push(fromError(new PaCloudKitError({ field, value: arn, rule: SINGLE_REGION_KEY_RULE, control: 'ACN-KMS-02' })));
        } else if (!keyRegion) {
          problems.push(fromError(new PaCloudKitError({ field, value: arn, rule: `must be a key in a known AWS region, and ${keyArnRegion} is not one` })));
        } else if (policy) {
          const allowed = attempt(() => { checkRegion(policy, keyRegion, field, 'the encryption key'); return true; });
          if (allowed && region && keyRegion.name !== region.name) {
            problems.push(fromError(new PaCloudKitError({ field, value: arn, rule: `must be a key in the tenant's region ${region.name} (KMS keys are regional), not in ${keyRegion.name}`, control: 'ACN-KMS-02' })));
          } else if (allowed && keyArn.partition !== awsPartition(keyRegion.name)) {
            problems.push(fromError(new PaCloudKitError({ field, value: arn, rule: `must use the partition of ${keyRegion.name}: arn:${awsPartition(keyRegion.name)}:kms:...` })));
          }
        }
      }
      let keys: AwsTenantKeys | undefined;
      const dataKey = t.keys?.kmsKeyArn;
      if (dataKey !== undefined) {
        keys = { kmsKeyArn: dataKey, logsKmsKeyArn: t.keys?.logsKmsKeyArn ?? dataKey, backupKmsKeyArn: t.keys?.backupKmsKeyArn ?? dataKey };
      } else if (given.length > 0) {
        const others = given.map((f) => `keys.${f.key}`).join(' and ');
        problems.push({
          field: `${at}.keys.kmsKeyArn`,
          message: `${at}.keys.kmsKeyArn: is required with ${others}: it is the key for data, and for every purpose not given its own key`,
          pointTo: [...here, 'keys'],
        });
      }
      if (policy && t.keys?.volumeType === undefined && given.length === 0) {
        attempt(() => policy.requireOrAcknowledged('ACN-KMS-02', !needsKeys, {
          field: `${at}.keys`,
          value: undefined,
          rule: `${withArticle(policy.classification)} tenant needs keys the PA holds (BYOK/HYOK): set keys.kmsKeyArn to the ARN of the PA's KMS key`,
        }));
      }

      let backupCopy: AwsBackupCopyTarget | undefined;
      const bc = t.backupCopy;
      if (policy && region && wantsCopy && t.account !== undefined) {
        const copyRegion = bc?.region !== undefined ? attempt(() => catalogue.get(CloudProvider.AWS, bc.region!, `${at}.backupCopy.region`)) : region;
        const account = bc?.account ?? aggregator?.account ?? (bc?.region !== undefined ? t.account : undefined);
        let why: string;
        if (account === undefined) {
          why = 'set backupCopy.account, or aggregator.account, to an account other than the tenant\'s';
        } else if (account === t.account && copyRegion?.name === region.name) {
          why = `the default target aggregator.account ${account} is the tenant's own account: set backupCopy.account or backupCopy.region`;
          if (bc !== undefined) {
            problems.push(fromError(new PaCloudKitError({
              field: `${at}.backupCopy`,
              value: { account, region: region.name },
              rule: `must send the copies to another account or another region than the tenant's own (account ${t.account}, region ${region.name}), out of the workload's reach`,
              control: 'ACN-BCK-04',
            })));
            why = '';
          }
        } else {
          why = '';
          if (copyRegion) {
            // A copy in the tenant's own region was checked with the tenant's region.
            const allowed = copyRegion.name === region.name || attempt(() => { checkRegion(policy, copyRegion, `${at}.backupCopy.region`, 'the backup copy target'); return true; });
            if (allowed) {
              const vaultName = bc?.vaultName ?? offsiteVaultName(aggregator?.slug ?? slugOf(ipaCode!));
              backupCopy = {
                account,
                region: copyRegion,
                vaultName,
                vaultArn: backupVaultArn(copyRegion.name, account, vaultName),
              };
            }
          }
        }
        if (why) {
          attempt(() => policy.requireOrAcknowledged('ACN-BCK-04', !policy.settings.offsiteBackupCopy, {
            field: `${at}.backupCopy`,
            value: undefined,
            rule: `${withArticle(policy.classification)} tenant needs an off-site backup copy in another account or another allowed region: ${why}`,
          }));
        }
      }
      if (problems.length === before && identity && policy && region && t.account !== undefined) {
        partials.set(i, {
          provider: CloudProvider.AWS, index: i, identity, policy, ...asWritten(t), region, account: t.account, keys, backupCopy,
          warnings: [...policy.warnings(), ...sharedKeyWarnings(keys)],
        });
      }
      return;
    }

    // OpenStack
    if (t.account !== undefined) misplaced('account', 'is for AWS tenants: an OpenStack tenant has none');
    const awsKeys = KEY_FIELDS.filter((f) => t.keys?.[f.key] !== undefined);
    for (const { key } of awsKeys) misplaced(`keys.${key}`, 'is for AWS tenants: an OpenStack tenant gives its encrypted volume type as keys.volumeType');
    if (t.backupCopy?.account !== undefined) misplaced('backupCopy.account', 'is for AWS tenants: an OpenStack tenant sends its copies to backupCopy.region');
    if (t.backupCopy?.vaultName !== undefined) misplaced('backupCopy.vaultName', 'is for AWS tenants: an OpenStack tenant sends its copies to backupCopy.region');
    if (t.managementProxy !== undefined) attempt(() => checkProxyUrl(t.managementProxy, `${at}.managementProxy`));
    if (!raw.openstack) {
      if (!reportedMissingOpenStack) {
        reportedMissingOpenStack = true;
        const field = t.provider !== undefined ? `${at}.provider` : 'defaults.provider';
        problems.push(fromError(new PaCloudKitError({
          field,
          value: 'openstack',
          rule: 'needs the openstack section (cloud, externalNetwork, regions with their country, region) at the top level of the file',
        })));
      }
      return;
    }
    if (!openstack) return; // its own mistakes are reported already
    const region = t.region !== undefined ? attempt(() => catalogue.get(CloudProvider.OPENSTACK, t.region!, `${at}.region`)) : openstack.region;
    if (policy && region) {
      attempt(() => checkRegion(policy, region, `${at}.region`, 'data'), t.region !== undefined ? undefined : inherited('openstack.region'));
    }
    if (t.keys?.volumeType !== undefined) attempt(() => checkNoTerraformExpression(t.keys!.volumeType, `${at}.keys.volumeType`));
    const keys = t.keys?.volumeType !== undefined ? { volumeType: t.keys.volumeType } : undefined;
    if (policy && awsKeys.length === 0) {
      attempt(() => policy.requireOrAcknowledged('ACN-KMS-02', keys !== undefined || !needsKeys, {
        field: `${at}.keys`,
        value: undefined,
        rule: `${withArticle(policy.classification)} tenant needs keys the PA holds (BYOK/HYOK): set keys.volumeType to the provider's encrypted volume type backed by the PA's keys`,
      }));
    }
    let backupCopy: OpenStackBackupCopyTarget | undefined;
    if (policy && region && wantsCopy) {
      const explicit = t.backupCopy?.region !== undefined;
      const copyRegion = explicit ? attempt(() => catalogue.get(CloudProvider.OPENSTACK, t.backupCopy!.region!, `${at}.backupCopy.region`)) : openstack.backupRegion;
      let why = '';
      if (explicit && copyRegion === undefined) {
        // reported by the catalogue
      } else if (copyRegion === undefined) {
        why = 'set backupCopy.region, or openstack.backupRegion, to a declared region other than the tenant\'s';
      } else if (copyRegion.name === region.name) {
        if (explicit) {
          problems.push(fromError(new PaCloudKitError({
            field: `${at}.backupCopy.region`,
            value: copyRegion.name,
            rule: `must be another region than the tenant's own (${region.name}), so the copies are off-site`,
            control: 'ACN-BCK-04',
          })));
        } else {
          why = `the default openstack.backupRegion ${copyRegion.name} is the tenant's own region: set backupCopy.region`;
        }
      } else {
        const allowed = attempt(
          () => { checkRegion(policy, copyRegion, `${at}.backupCopy.region`, 'the backup copy target'); return true; },
          explicit ? undefined : inherited('openstack.backupRegion'),
        );
        if (allowed) backupCopy = { region: copyRegion };
      }
      if (why) {
        attempt(() => policy.requireOrAcknowledged('ACN-BCK-04', !policy.settings.offsiteBackupCopy, {
          field: `${at}.backupCopy`,
          value: undefined,
          rule: `${withArticle(policy.classification)} tenant needs an off-site backup copy in another allowed region: ${why}`,
        }));
      }
    }
    if (policy && openstack.fwaas === false && policy.settings.egressFiltering !== EgressFiltering.NAT && !policy.isAcknowledged('ABSC-NET-03')) {
      problems.push(fromError(new PaCloudKitError({
        field: `${at}.acknowledgements`,
        value: undefined,
        rule: `must acknowledge ABSC-NET-03 with a reason: openstack.fwaas is false, so ${withArticle(policy.classification)} tenant, whose egress filtering is ${policy.settings.egressFiltering}, gets no firewall`,
        control: 'ABSC-NET-03',
      }), { pointTo: here }));
    }
    const containerSync = backupCopy ? syncTarget(raw.openstack!, backupCopy.region.name, `${at} (${ipaCode}) syncs its log archive and backups to ${backupCopy.region.name}`, problems, reportedSync) : undefined;
    if (problems.length === before && identity && policy && region) {
      partials.set(i, {
        provider: CloudProvider.OPENSTACK, index: i, identity, policy, ...asWritten(t), region, keys, backupCopy,
        managementProxy: t.managementProxy ?? openstack.managementProxy, warnings: policy.warnings(),
        ...(containerSync ? { containerSync } : {}),
      });
    }
  });

  // The aggregator's central containers sync to openstack.backupRegion (see AggregatorCentralOpenStackStack).
  if (aggregator && openstack?.backupRegion && raw.tenants.some((t) => (t?.provider ?? defaultProvider) === CloudProvider.OPENSTACK)) {
    syncTarget(raw.openstack!, openstack.backupRegion.name, `the aggregator's central log containers sync to ${openstack.backupRegion.name}`, problems, reportedSync);
  }

  if (aggregator && raw.aggregator) {
    const keys = aggregatorKeys(raw, aggregator, defaultProvider, catalogue, partials, problems, attempt);
    if (keys) aggregator = { ...aggregator, keys };
  }

  if (raw.openstack && raw.openstack.credentialsExpireAt === undefined && raw.tenants.some((t) => (t?.provider ?? defaultProvider) === CloudProvider.OPENSTACK)) {
    problems.push({
      field: 'openstack.credentialsExpireAt',
      message: 'openstack.credentialsExpireAt: is required when a tenant uses OpenStack: the application credentials of the log shippers and of the backup scheduler expire then (rotate them by moving it forward); an ISO 8601 date-time with a time zone, e.g. "2027-06-30T00:00:00Z"',
      pointTo: ['openstack', 'credentialsExpireAt'],
    });
  }

  const ranges = allocate(raw, networkPools, poolBroken, duplicates, brokenFields, partials, problems);

  if (problems.length > 0 || skip.size > 0) return { problems };
  const tenants = raw.tenants.map((_, i) => {
    const range = ranges.get(i)!;
    return { ...partials.get(i)!, cidr: range.cidr, cidrSource: range.source } as ResolvedTenant;
  });
  return { config: { file, aggregator, openstack, networkPool, networkPools: networkPools ?? [], regions: catalogue, tenants }, problems };
}

/**
 * The realm-form container sync to a region: `openstack.containerSyncRealm` and the region's
 * `containerSyncCluster`, or a problem on each missing one (once per field), saying who needs it.
 */
function syncTarget(
  os: NonNullable<RawConfig['openstack']>,
  regionName: string,
  who: string,
  problems: SemanticProblem[],
  reported: Set<string>,
): { realm: string; cluster: string } | undefined {
  const index = os.regions.findIndex((r) => r.name === regionName);
  const cluster = index >= 0 ? os.regions[index].containerSyncCluster : undefined;
  if (os.containerSyncRealm === undefined && !reported.has('realm')) {
    reported.add('realm');
    problems.push({
      field: 'openstack.containerSyncRealm',
      message: `openstack.containerSyncRealm: is required when a container syncs off-site (${who}): the Swift container sync realm of the provider's container-sync-realms.conf, e.g. "pa-realm"; containers sync to //<realm>/<cluster>/AUTH_<project id>/<container>`,
      pointTo: ['openstack'],
    });
  }
  if (cluster === undefined && index >= 0 && !reported.has(regionName)) {
    reported.add(regionName);
    problems.push({
      field: `openstack.regions[${index}].containerSyncCluster`,
      message: `openstack.regions[${index}].containerSyncCluster: is required for ${regionName}, which receives off-site copies (${who}): the name of its Swift cluster in the realm, e.g. "${regionName}"`,
      pointTo: ['openstack', 'regions', index],
    });
  }
  return os.containerSyncRealm !== undefined && cluster !== undefined ? { realm: os.containerSyncRealm, cluster } : undefined;
}

/**
 * `aggregator.keys` (ACN-KMS-02 for the AWS central services): required with aggregator.account
 * when an AWS tenant is critico or strategico, since the central stack is judged at its strictest
 * tenant class and cannot acknowledge the control; each ARN checked like a tenant's (known region
 * allowed for the strictest class, partition), in the aggregator's account and in the region of
 * the central services of every critico and strategico AWS tenant.
 */
function aggregatorKeys(
  raw: RawConfig,
  aggregator: AggregatorConfig,
  defaultProvider: CloudProvider,
  catalogue: RegionCatalogue,
  partials: ReadonlyMap<number, WithoutRange<ResolvedTenant>>,
  problems: SemanticProblem[],
  attempt: <T>(fn: () => T, adjust?: (e: PaCloudKitError) => SemanticProblem) => T | undefined,
): AggregatorKeys | undefined {
  const held = raw.tenants
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => (t?.provider ?? defaultProvider) === CloudProvider.AWS
      && (t.classification === DataClassification.CRITICO || t.classification === DataClassification.STRATEGICO));
  const given = raw.aggregator!.keys;
  if (given === undefined) {
    if (held.length === 0 || aggregator.account === undefined) return undefined;
    const { t, i } = held.find(({ t }) => t.classification === DataClassification.STRATEGICO) ?? held[0];
    problems.push(fromError(new PaCloudKitError({
      field: 'aggregator.keys',
      value: undefined,
      rule: `is required when an AWS tenant is critico or strategico (tenants[${i}] ${t.ipaCode} is ${t.classification}): the central log archive and the off-site vault in aggregator.account hold its logs and backup copies, and ACN-KMS-02 can be acknowledged per tenant but not for the central services; set archiveKmsKeyArn and vaultKmsKeyArn to keys of aggregator.account in an external key store or with imported material`,
      control: 'ACN-KMS-02',
    }), { pointTo: ['aggregator'] }));
    return undefined;
  }
  if (aggregator.account === undefined) {
    problems.push(fromError(new PaCloudKitError({ field: 'aggregator.keys', value: given, rule: 'needs aggregator.account: the keys are those of the central services in the aggregator\'s account' })));
    return undefined;
  }
  const strictest = held.some(({ t }) => t.classification === DataClassification.STRATEGICO) ? DataClassification.STRATEGICO
    : held.length > 0 ? DataClassification.CRITICO : DataClassification.ORDINARIO;
  const policy = CompliancePolicy.forClassification(strictest);
  let ok = true;
  const regions = new Map<string, string>();
  for (const { key, service } of CENTRAL_KEY_FIELDS) {
    const field = `aggregator.keys.${key}`;
    const arn = given[key];
    // The schema has checked the ARN's form before this runs.
    const keyArn = parseKmsKeyArn(arn)!;
    const keyArnRegion = keyArn.region;
    const keyRegion = catalogue.find(CloudProvider.AWS, keyArnRegion);
    const fail = (rule: string, control?: string) => {
      ok = false;
      problems.push(fromError(new PaCloudKitError({ field, value: arn, rule, control })));
    };
    if (policy.settings.keyCustody === KeyCustody.PA_HELD && isAwsMultiRegionKeyArn(arn)) {
      fail(`${SINGLE_REGION_KEY_RULE} (the central services hold the logs and backup copies of a strategico tenant)`, 'ACN-KMS-02');
    } else if (!keyRegion) {
      fail(`must be a key in a known AWS region, and ${keyArnRegion} is not one`);
    } else if (!attempt(
      () => { checkRegion(policy, keyRegion, field, `the key of the ${service}`); return true; },
      // The central services have no acknowledgements of their own: no hint to acknowledge.
      (e) => fromError(e, { value: arn, rule: e.rule.replace(/ \(or acknowledge [^)]*\)/, '') }),
    )) {
      ok = false;
    } else if (keyArn.partition !== awsPartition(keyRegion.name)) {
      fail(`must use the partition of ${keyRegion.name}: arn:${awsPartition(keyRegion.name)}:kms:...`);
    } else if (keyArn.account !== aggregator.account) {
      fail(`must be a key of aggregator.account ${aggregator.account}, where the ${service} is`, 'ACN-KMS-02');
    } else {
      regions.set(key, keyRegion.name);
    }
  }
  if (!ok) return undefined;
  // KMS keys are regional: the central services of every critico and strategico tenant must be in the keys' regions.
  const vaultName = `pa-${aggregator.slug}-offsite`;
  const reported = new Set<string>();
  for (const { t, i } of held) {
    const resolved = partials.get(i);
    if (!resolved || resolved.provider !== CloudProvider.AWS) continue;
    const copy = resolved.backupCopy;
    const wanted: Array<[typeof CENTRAL_KEY_FIELDS[number], string, string]> = [[CENTRAL_KEY_FIELDS[0], resolved.region.name, 'its central log archive']];
    if (copy && copy.account === aggregator.account && copy.vaultName === vaultName) wanted.push([CENTRAL_KEY_FIELDS[1], copy.region.name, 'the vault of its off-site copies']);
    for (const [{ key }, region, what] of wanted) {
      if (regions.get(key) === region || reported.has(key)) continue;
      reported.add(key);
      ok = false;
      problems.push(fromError(new PaCloudKitError({
        field: `aggregator.keys.${key}`,
        value: given[key],
        rule: `must be a key in ${region}, where ${what} is (tenants[${i}] ${t.ipaCode}, ${t.classification}): KMS keys are regional`,
        control: 'ACN-KMS-02',
      })));
    }
  }
  return ok ? { archiveKmsKeyArn: given.archiveKmsKeyArn, vaultKmsKeyArn: given.vaultKmsKeyArn } : undefined;
}

/** The size of a tenant range from the pool when the file sets none: a /16. */
export const DEFAULT_TENANT_RANGE_PREFIX = MIN_TENANT_PREFIX;

/**
 * The smallest range an AWS tenant with the egress firewall on can have: the firewall's subnets
 * take a quarter of the public tier's last slot each and must be at least a /28 (see the AWS
 * LandingZoneNetwork), so the range must be a /22 or larger.
 */
export const FIREWALL_MAX_TENANT_PREFIX = 22;

/** The prefix length of the pool ranges of a class: `tenantRangePrefixByClass`, `tenantRangePrefix`, or /16, with the field that set it. */
function tenantRangePrefix(raw: RawConfig, classification: string): { prefix: number; field: string } {
  const byClass = raw.defaults?.tenantRangePrefixByClass?.[classification as DataClassification];
  if (byClass !== undefined) return { prefix: byClass, field: `defaults.tenantRangePrefixByClass.${classification}` };
  if (raw.defaults?.tenantRangePrefix !== undefined) return { prefix: raw.defaults.tenantRangePrefix, field: 'defaults.tenantRangePrefix' };
  return { prefix: DEFAULT_TENANT_RANGE_PREFIX, field: 'defaults.tenantRangePrefix' };
}

/** The smallest range size the file asks for (largest prefix length), and which field says so. */
function smallestTenantRange(raw: RawConfig): { prefix: number; why?: string } {
  const sizes: Array<{ prefix: number; why?: string }> = [
    { prefix: raw.defaults?.tenantRangePrefix ?? DEFAULT_TENANT_RANGE_PREFIX, why: raw.defaults?.tenantRangePrefix === undefined ? undefined : 'defaults.tenantRangePrefix' },
    ...Object.entries(raw.defaults?.tenantRangePrefixByClass ?? {}).map(([k, v]) => ({ prefix: v as number, why: `defaults.tenantRangePrefixByClass.${k}` })),
  ].filter((x) => Number.isInteger(x.prefix));
  return sizes.reduce((a, b) => (b.prefix > a.prefix ? b : a));
}

/**
 * Gives each tenant its range, in file order: its own cidr, or the first free block of its
 * class's size in the first pool that has one (core `allocateTenantRanges`). A tenant whose range
 * cannot be allocated is reported and left out, and allocation is run again without it, so every
 * collision is reported at once.
 */
function allocate(
  raw: RawConfig,
  pools: readonly Cidr[] | undefined,
  poolBroken: boolean,
  duplicates: ReadonlySet<number>,
  brokenFields: ReadonlySet<string>,
  partials: ReadonlyMap<number, WithoutRange<ResolvedTenant>>,
  problems: SemanticProblem[],
): Map<number, { cidr: Cidr; source: 'declared' | 'pool' }> {
  const requests: Array<RangeRequest & { index: number }> = [];
  const poolField = typeof raw.defaults?.networkPool === 'string' ? 'defaults.networkPool' : 'defaults.networkPool (the list)';
  raw.tenants.forEach((t, i) => {
    const code = typeof t?.ipaCode === 'string' ? t.ipaCode.trim().toLowerCase() : '';
    if (!IPA_CODE_PATTERN.test(code) || duplicates.has(i)) return;
    const field = `tenants[${i}].cidr`;
    if (t.cidr === undefined) {
      if (pools) {
        const size = tenantRangePrefix(raw, String(t.classification));
        const partial = partials.get(i);
        // An AWS tenant with the egress firewall on needs a /22 or larger (the construct's rule, said here with the field that sets the size).
        if (partial && partial.provider === CloudProvider.AWS && size.prefix > FIREWALL_MAX_TENANT_PREFIX
          && partial.policy.settings.egressFiltering === EgressFiltering.FIREWALL_REQUIRED && !partial.policy.acknowledgements.has('ABSC-NET-03')) {
          problems.push({
            field: size.field,
            message: new PaCloudKitError({
              field: size.field,
              value: size.prefix,
              rule: `must be ${FIREWALL_MAX_TENANT_PREFIX} or less (a /${FIREWALL_MAX_TENANT_PREFIX} or larger range) for tenants[${i}] (${code}, ${partial.identity.classification} on AWS): `
                + 'its egress firewall subnets need it; set a size for the class in defaults.tenantRangePrefixByClass, or give the tenant its own cidr',
              control: 'ABSC-NET-03',
            }).message,
            control: 'ABSC-NET-03',
          });
          return;
        }
        requests.push({ id: code, index: i, prefixLength: size.prefix });
      } else if (!poolBroken) {
        problems.push({ field, message: `${field}: is required when there is no defaults.networkPool to take a range from, e.g. "10.20.0.0/16"`, pointTo: ['tenants', i] });
      }
      return;
    }
    if (brokenFields.has(field)) return; // a structural mistake, reported already
    try {
      const cidr = Cidr.parse(t.cidr, field);
      checkAddressSpace(cidr.toString(), field, raw.defaults?.allowPublicRanges === true);
      if (cidr.prefixLength < MIN_TENANT_PREFIX || cidr.prefixLength > MAX_TENANT_PREFIX) {
        throw new PaCloudKitError({ field, value: t.cidr, rule: `must have a prefix length from /${MIN_TENANT_PREFIX} to /${MAX_TENANT_PREFIX}` });
      }
      requests.push({ id: code, cidr, index: i });
    } catch (e) {
      if (!(e instanceof PaCloudKitError)) throw e;
      problems.push(fromError(e));
    }
  });

  const poolsForCore = pools && pools.length > 0 ? pools : [Cidr.parse('0.0.0.0/0')];
  let remaining = requests;
  for (;;) {
    try {
      const ranges = allocateTenantRanges(poolsForCore, remaining, 'tenants', poolField);
      const result = new Map<number, { cidr: Cidr; source: 'declared' | 'pool' }>();
      for (const r of remaining) result.set(r.index, { cidr: ranges.get(r.id)!, source: r.cidr === undefined ? 'pool' : 'declared' });
      return result;
    } catch (e) {
      if (!(e instanceof PaCloudKitError)) throw e;
      const match = /^tenants\[(\d+)\]/.exec(e.field);
      if (!match) throw e;
      const failed = remaining[Number(match[1])];
      if (e.field.endsWith('.prefixLength')) {
        // No pool can hold the class's size: the size is the field to fix.
        const size = tenantRangePrefix(raw, String(raw.tenants[failed.index].classification));
        problems.push(fromError(e, { field: size.field, rule: `${e.rule} (tenants[${failed.index}] ${failed.id} takes a /${size.prefix}): choose a size of at most the pool, or a larger pool` }));
      } else {
        const field = e.field.replace(/^tenants\[\d+\]/, `tenants[${failed.index}]`);
        problems.push(fromError(e, { field: field.endsWith('.cidr') ? field : `${field}.cidr` }));
      }
      remaining = remaining.filter((r) => r !== failed);
    }
  }
}

/** A problem from a core error, optionally with another field, rule or position. */
function fromError(e: PaCloudKitError, change: { field?: string; rule?: string; value?: unknown; pointTo?: readonly PathSegment[] } = {}): SemanticProblem {
  const field = change.field ?? e.field;
  const changed = change.field !== undefined || change.rule !== undefined || 'value' in change;
  const value = 'value' in change ? change.value : e.value;
  const message = changed ? new PaCloudKitError({ field, value, rule: change.rule ?? e.rule, control: e.control }).message : e.message;
  return { field, message, control: e.control, pointTo: change.pointTo };
}

/**
 * The policy reports consistency problems on the setting (`tenants[1].backupFrequency`), which is
 * not a key of the file: point at the override that caused it.
 */
function policyProblem(e: PaCloudKitError, t: RawTenant, at: string): SemanticProblem {
  const path = parseField(e.field);
  const last = path[path.length - 1];
  if (path.length === 3 && typeof last === 'string' && (POLICY_SETTINGS as string[]).includes(last)) {
    const related = RELATED_SETTINGS[last] ?? [last];
    const index = (t.overrides ?? []).findIndex((o) => related.includes(o.setting));
    if (index >= 0) return fromError(e, { field: `${at}.overrides[${index}].value`, value: t.overrides![index].value });
    return fromError(e, { field: `${at}.overrides`, rule: `${last} ${e.rule}` });
  }
  return fromError(e);
}

/** The tenant's overrides and acknowledgements as written, for the constructs to rebuild the policy. */
function asWritten(t: RawTenant): { overrides: ConfigOverride[]; acknowledgements: ConfigAcknowledgement[] } {
  return {
    overrides: (t.overrides ?? []).map((o) => ({
      setting: o.setting as ConfigOverride['setting'],
      value: Array.isArray(o.value) ? [...(o.value as readonly string[])] : (o.value as string | boolean),
      reason: o.reason,
    })),
    acknowledgements: (t.acknowledgements ?? []).map((a) => ({ control: a.control, reason: a.reason })),
  };
}

/**
 * ACN-KMS-01 asks one key per purpose: a warning when one PA key serves several (logs and backups
 * sharing a key also fails the compliance rule aws-kms-key-per-purpose).
 */
function sharedKeyWarnings(keys: AwsTenantKeys | undefined): string[] {
  if (!keys) return [];
  const { kmsKeyArn: data, logsKmsKeyArn: logs, backupKmsKeyArn: backups } = keys;
  const fix = (what: string) => `[ACN-KMS-01] one PA key serves ${what} for one key per purpose`;
  if (logs === data && backups === data) return [fix('logs, backups and data; give logsKmsKeyArn and backupKmsKeyArn')];
  if (logs === backups) return [fix('logs and backups; give logsKmsKeyArn and backupKmsKeyArn distinct keys')];
  if (logs === data) return [fix('logs and data; give logsKmsKeyArn a key of its own')];
  if (backups === data) return [fix('backups and data; give backupKmsKeyArn a key of its own')];
  return [];
}

function valueOf(t: RawTenant, key: string): unknown {
  return key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], t);
}

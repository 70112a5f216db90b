/**
 * The tenant plan: what the kit decides about one tenant before any provider builds anything, from
 * its identity, class, overrides and acknowledgements, region, keys and off-site target. Built by
 * one function, {@link TenantPlan.check}, which the config loader, the AWS `LandingZone`, the
 * OpenStack landing zone and the aggregator's central stacks all use: a provider-neutral rule
 * (qualification, location, key custody, off-site copy) is written here once, and each caller only
 * says which of its fields the rule points at.
 */
import { Acknowledgement } from './controls';
import { PaCloudKitError, collectErrors } from './errors';
import { Region, checkRegion } from './locations';
import { landingZoneRecord, LandingZoneRecord } from './metadata';
import { CompliancePolicy, KeyCustody, PolicyOverride, overrideOfRecord, withArticle } from './policy';
import { DataClassification, parseClassification } from './classification';
import { TenantIdentity, TenantIdentityProps } from './tenant';

/** Where a tenant's off-site backup copies go, as far as the plan judges them (ACN-BCK-04). */
export interface OffsiteTarget {
  /**
   * The region of the copies, with its country.
   * @default - unknown (e.g. an ARN that is a deploy-time token): only the presence of a target is judged
   */
  readonly region?: Region;
  /**
   * AWS: the account of the copies.
   * @default - the tenant's own account
   */
  readonly account?: string;
}

/** The keys a tenant's provider can take from the PA (ACN-KMS-02), and those it was given. */
export interface PlannedKeys {
  /** What each key is for, as the provider names it in messages (e.g. `keys.logs`, `encryptedVolumeType`). */
  readonly purposes: readonly string[];
  /** The purposes for which the PA gives a key it holds. */
  readonly held: readonly string[];
}

/** The fields a plan's errors point at, as the caller spells them, and how to fix what is missing. */
export interface TenantPlanFields {
  /** Prefix of the identity's fields (`<tenant>.ipaCode`...). @default 'tenant' */
  readonly tenant: string;
  /** Prefix of the policy's fields (`<policy>.overrides[0].value`...). @default 'tenant' */
  readonly policy: string;
  /** @default '<tenant>.qualification' */
  readonly qualification: string;
  /** @default 'region' */
  readonly region: string;
  /** What the region holds, in location messages. @default 'the landing zone' */
  readonly regionPurpose: string;
  /** Where missing keys are reported. @default 'keys' */
  readonly keys: string;
  /** How to give the keys, after "needs keys the PA holds (BYOK/HYOK): ". @default 'give the keys of every purpose' */
  readonly keysHint: string;
  /**
   * The warning when ACN-KMS-02 is acknowledged and keys are missing, before "<a class> tenant";
   * `{missing}` stands for the purposes without a key. @default 'no key the PA holds for {missing} of'
   */
  readonly keysWarning: string;
  /** Where a missing or misplaced off-site target is reported. @default 'backupCopy' */
  readonly offsite: string;
  /** Where the off-site region is reported. @default '<offsite>.region' */
  readonly offsiteRegion: string;
  /** How to give an off-site target, after "needs an off-site backup copy ...: ". @default 'give one' */
  readonly offsiteHint: string;
}

/** Input of {@link TenantPlan.check}. */
export interface TenantPlanProps {
  /** The PA: codice IPA, name, classification, declared qualification, owner, incident contact, aggregator. */
  readonly tenant: TenantIdentityProps | TenantIdentity;
  /**
   * Changes to the kit defaults of the class.
   * @default - the kit defaults of the class
   */
  readonly overrides?: readonly PolicyOverride[];
  /**
   * Controls the PA knowingly does not meet, each with a reason.
   * @default - none
   */
  readonly acknowledgements?: readonly Acknowledgement[];
  /**
   * The region of the landing zone's data, with its country (ACN-LOC-01); undefined when the caller
   * could not resolve it and has reported why: the other rules still run, but no plan is made.
   */
  readonly region: Region | undefined;
  /**
   * AWS: the landing zone's account.
   * @default - none (OpenStack, or an AWS stack without a concrete account)
   */
  readonly account?: string;
  /**
   * The keys the provider can take from the PA, and those given (ACN-KMS-02).
   * @default - the provider takes no key from the PA
   */
  readonly keys?: PlannedKeys;
  /**
   * The off-site backup copy target (ACN-BCK-04).
   * @default - none
   */
  readonly offsite?: OffsiteTarget;
  /**
   * The target of the copies when the class asks for an off-site copy and `offsite` is not given:
   * the aggregator's vault, the provider's backup region.
   * @default - none
   */
  readonly defaultOffsite?: OffsiteTarget;
  /**
   * The fields errors point at, and the hints they give.
   * @default - the names of the construct props (`tenant`, `region`, `keys`, `backupCopy`)
   */
  readonly fields?: Partial<TenantPlanFields>;
}

/** What {@link TenantPlan.check} found: the plan when nothing is wrong, and every error otherwise. */
export interface TenantPlanResult {
  readonly plan?: TenantPlan;
  /** The policy, whenever the class, overrides and acknowledgements are right (for the caller's own checks). */
  readonly policy?: CompliancePolicy;
  /** The identity, whenever all its fields are right. */
  readonly identity?: TenantIdentity;
  /** Every mistake, in the order the rules run: identity, policy, qualification, region, keys, off-site copy. */
  readonly errors: readonly PaCloudKitError[];
}

/** The plan of one tenant: identity, policy, region, keys and off-site target, checked, with its warnings. */
export class TenantPlan {
  /**
   * Runs every rule and collects every mistake (the config loader reports them all at once). A rule
   * that needs a value another rule refused is skipped.
   */
  public static check(props: TenantPlanProps): TenantPlanResult {
    const fields = fieldsOf(props.fields);
    const { errors, attempt } = collectErrors();

    let identity: TenantIdentity | undefined;
    if (props.tenant instanceof TenantIdentity) {
      identity = props.tenant;
    } else {
      const checked = TenantIdentity.check(props.tenant, fields.tenant);
      identity = checked.identity;
      errors.push(...checked.errors);
    }
    // The policy needs only the class: judged even when another identity field is wrong (a wrong
    // class is among the identity's errors already).
    const classification = identity?.classification ?? classOf(props.tenant);
    if (classification === undefined) return { errors };
    const policy = attempt(() => CompliancePolicy.forClassification(classification, {
      overrides: props.overrides,
      acknowledgements: props.acknowledgements,
      field: fields.policy,
    }));
    if (policy === undefined) return { errors };
    const partial = { policy, identity };
    if (identity) attempt(() => policy.assertQualification(identity.qualification, fields.qualification));
    const region = props.region;
    if (region) attempt(() => checkRegion(policy, region, fields.region, fields.regionPurpose));

    const warnings = [...policy.warnings()];
    const keys = props.keys ?? { purposes: [], held: [] };
    const missing = keys.purposes.filter((p) => !keys.held.includes(p));
    if (policy.settings.keyCustody !== KeyCustody.CUSTOMER_MANAGED && missing.length > 0) {
      const partly = keys.held.length > 0;
      const acknowledged = attempt(() => {
        policy.requireOrAcknowledged('ACN-KMS-02', false, {
          field: fields.keys,
          value: partly ? `missing ${missing.join(', ')}` : undefined,
          rule: `${withArticle(policy.classification)} tenant needs keys the PA holds (BYOK/HYOK): ${fields.keysHint}`,
        });
        return true;
      });
      if (acknowledged) {
        const what = fields.keysWarning.replace('{missing}', missing.join(', '));
        warnings.push(`[ACN-KMS-02] ${what} ${withArticle(policy.classification)} tenant (acknowledged: ${policy.acknowledgements.get('ACN-KMS-02')?.reason})`);
      }
    }

    const offsite = props.offsite ?? (policy.settings.offsiteBackupCopy ? props.defaultOffsite : undefined);
    if (offsite === undefined) {
      attempt(() => policy.requireOrAcknowledged('ACN-BCK-04', !policy.settings.offsiteBackupCopy, {
        field: fields.offsite,
        value: undefined,
        rule: `${withArticle(policy.classification)} tenant needs an off-site backup copy in another ${props.account === undefined ? '' : 'account or another '}allowed region: ${fields.offsiteHint}`,
      }));
    } else if (offsite.region !== undefined && region !== undefined) {
      const sameAccount = (offsite.account ?? props.account) === props.account;
      if (offsite.region.name === region.name && sameAccount) {
        errors.push(new PaCloudKitError({
          field: props.account === undefined ? fields.offsiteRegion : fields.offsite,
          value: props.account === undefined ? offsite.region.name : { account: props.account, region: offsite.region.name },
          rule: props.account === undefined
            ? `must be another region than the tenant's own (${region.name}), so the copies are off-site`
            : `must send the copies to another account or another region than the tenant's own (account ${props.account}, region ${region.name}), out of the workload's reach`,
          control: 'ACN-BCK-04',
        }));
      } else if (offsite.region.name !== region.name) {
        // A copy in the tenant's own region (to another account) was judged with the tenant's region.
        attempt(() => checkRegion(policy, offsite.region!, fields.offsiteRegion, 'the backup copy target'));
      }
    }

    if (errors.length > 0 || identity === undefined || region === undefined) return { ...partial, errors };
    return { ...partial, plan: new TenantPlan(identity, policy, region, props.account, offsite, keys, warnings), errors };
  }

  /** The plan, or the first mistake thrown (constructs fail fast). */
  public static of(props: TenantPlanProps): TenantPlan {
    const { plan, errors } = TenantPlan.check(props);
    if (plan) return plan;
    throw errors[0] ?? new PaCloudKitError({
      field: fieldsOf(props.fields).region,
      value: props.region,
      rule: 'is required: the region of the landing zone\'s data, with its country (ACN-LOC-01)',
      control: 'ACN-LOC-01',
    });
  }

  /** The validated identity: codice IPA, name, class, qualification, owner, incident contact, aggregator. */
  public readonly identity: TenantIdentity;
  /** The compliance policy of the class after the overrides and acknowledgements. */
  public readonly policy: CompliancePolicy;
  /** The region of the landing zone's data, allowed for the class. */
  public readonly region: Region;
  /** AWS: the landing zone's account, when known. */
  public readonly account?: string;
  /** The keys the PA holds, by purpose, and those it does not (with ACN-KMS-02 acknowledged, or not needed). */
  public readonly keys: PlannedKeys & { readonly missing: readonly string[] };
  /** The off-site target, when there is one: `offsite`, or `defaultOffsite` where the class asks for a copy. */
  public readonly offsite?: OffsiteTarget;
  /**
   * Warnings, each starting with its control in brackets: weakened kit defaults (the policy's),
   * then acknowledged key custody.
   */
  public readonly warnings: readonly string[];

  private constructor(
    identity: TenantIdentity,
    policy: CompliancePolicy,
    region: Region,
    account: string | undefined,
    offsite: OffsiteTarget | undefined,
    keys: PlannedKeys,
    warnings: readonly string[],
  ) {
    this.identity = identity;
    this.policy = policy;
    this.region = region;
    this.account = account;
    this.keys = { purposes: [...keys.purposes], held: [...keys.held], missing: keys.purposes.filter((p) => !keys.held.includes(p)) };
    this.offsite = offsite;
    this.warnings = warnings;
  }

  /** The provider-neutral part of the landing zone's metadata (who, which class, what is overridden and acknowledged). */
  public record(): LandingZoneRecord {
    return landingZoneRecord(this.identity, this.policy);
  }
}

/**
 * The policy a landing zone's record stands for, as the compliance engine reads a synthesized
 * document: the class with the recorded overrides that still hold, in order, and the given
 * acknowledgements. An override that no longer holds (a floor raised since, a hand-edited
 * document) is left out and returned with its error, for the reader to report.
 */
export function policyOfRecord(
  classification: DataClassification,
  overrides: readonly { readonly setting: string; readonly value: unknown; readonly reason?: string }[],
  acknowledgements: readonly Acknowledgement[] = [],
): { policy: CompliancePolicy; ignored: PaCloudKitError[] } {
  const ignored: PaCloudKitError[] = [];
  // Together first: overrides that only hold together (no continuous backup with a longer RPO)
  // were written together. An override the error names is left out, and the rest tried again.
  let candidates = overrides.map(overrideOfRecord);
  for (;;) {
    try {
      CompliancePolicy.forClassification(classification, { overrides: candidates });
      break;
    } catch (e) {
      if (!(e instanceof PaCloudKitError)) throw e;
      const named = /^policy\.overrides\[(\d+)\]/.exec(e.field);
      if (named) {
        ignored.push(e);
        candidates = candidates.filter((_, i) => i !== Number(named[1]));
        continue;
      }
      // A rule between settings: keep, in order, each override that holds with those kept so far.
      const accepted: PolicyOverride[] = [];
      for (const override of candidates) {
        try {
          CompliancePolicy.forClassification(classification, { overrides: [...accepted, override] });
          accepted.push(override);
        } catch (inner) {
          if (!(inner instanceof PaCloudKitError)) throw inner;
          ignored.push(inner);
        }
      }
      candidates = accepted;
      break;
    }
  }
  const accepted = candidates;
  return { policy: CompliancePolicy.forClassification(classification, { overrides: accepted, acknowledgements }), ignored };
}

function classOf(tenant: TenantIdentityProps): DataClassification | undefined {
  try {
    return parseClassification(tenant.classification);
  } catch {
    return undefined;
  }
}

function fieldsOf(given: Partial<TenantPlanFields> = {}): TenantPlanFields {
  const tenant = given.tenant ?? 'tenant';
  const offsite = given.offsite ?? 'backupCopy';
  return {
    tenant,
    policy: given.policy ?? tenant,
    qualification: given.qualification ?? `${tenant}.qualification`,
    region: given.region ?? 'region',
    regionPurpose: given.regionPurpose ?? 'the landing zone',
    keys: given.keys ?? 'keys',
    keysHint: given.keysHint ?? 'give the keys of every purpose',
    keysWarning: given.keysWarning ?? 'no key the PA holds for {missing} of',
    offsite,
    offsiteRegion: given.offsiteRegion ?? `${offsite}.region`,
    offsiteHint: given.offsiteHint ?? 'give one',
  };
}

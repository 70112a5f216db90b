import {
  DataClassification,
  QualificationLevel,
  parseQualification,
  qualificationRank,
} from './classification';
import { Acknowledgement, ControlCatalogue, validateAcknowledgements } from './controls';
import { Duration } from './duration';
import { PaCloudKitError, describeValue } from './errors';

/** How often a recurring job runs. */
export enum Frequency {
  HOURLY = 'hourly',
  DAILY = 'daily',
  WEEKLY = 'weekly',
  MONTHLY = 'monthly',
  QUARTERLY = 'quarterly',
}

const FREQUENCY_PERIOD: Record<Frequency, Duration> = {
  [Frequency.HOURLY]: Duration.hours(1),
  [Frequency.DAILY]: Duration.days(1),
  [Frequency.WEEKLY]: Duration.days(7),
  [Frequency.MONTHLY]: Duration.months(1),
  [Frequency.QUARTERLY]: Duration.months(3),
};

/** The time between two runs of a job at this frequency. */
export function frequencyPeriod(frequency: Frequency): Duration {
  return FREQUENCY_PERIOD[frequency];
}

/** Object lock and vault lock modes. GOVERNANCE can be lifted by a privileged user; COMPLIANCE cannot. */
export enum LockMode {
  GOVERNANCE = 'GOVERNANCE',
  COMPLIANCE = 'COMPLIANCE',
}

/** Who holds the encryption keys. */
export enum KeyCustody {
  /** A customer-managed key created by the kit, with rotation. */
  CUSTOMER_MANAGED = 'customer-managed',
  /** Key material under the PA's control (BYOK: imported material or an external key store). */
  PA_CONTROLLED = 'pa-controlled',
  /** An existing key the PA holds (HYOK / external key store). */
  PA_HELD = 'pa-held',
}

/** Where data may be located. */
export enum LocationScope {
  /** Regions in a member state of the European Union. */
  EU = 'EU',
  /** Regions in Italy. */
  IT = 'IT',
}

/** How outbound traffic is filtered. */
export enum EgressFiltering {
  /** NAT with restricted security groups. */
  NAT = 'nat',
  /** A managed firewall is recommended: on by default where it is cheap, an option elsewhere. */
  FIREWALL_RECOMMENDED = 'firewall-recommended',
  /** A managed firewall in the egress path is required. */
  FIREWALL_REQUIRED = 'firewall-required',
}

/** Every requirement of the baseline, as typed values. */
export interface PolicySettings {
  readonly minimumQualification: QualificationLevel;
  readonly dataLocation: LocationScope;
  readonly keyCustody: KeyCustody;
  readonly keyRotation: boolean;
  readonly auditLogSearchableRetention: Duration;
  readonly auditLogArchiveRetention: Duration;
  readonly logIntegrityValidation: boolean;
  readonly logObjectLockMode: LockMode;
  readonly backupFrequency: Frequency;
  readonly continuousBackup: boolean;
  readonly backupDailyRetention: Duration;
  readonly backupMonthlyRetention: Duration;
  readonly backupVaultLockMode: LockMode;
  readonly offsiteBackupCopy: boolean;
  readonly restoreTestFrequency: Frequency;
  readonly rpo: Duration;
  readonly rto: Duration;
  readonly flowLogs: boolean;
  readonly adminPortsClosedToInternet: boolean;
  readonly managementNetworkIsolated: boolean;
  readonly egressFiltering: EgressFiltering;
  readonly encryptionInTransit: boolean;
  readonly timeSources: readonly string[];
}

/** The name of one setting of the policy. */
export type PolicySetting = keyof PolicySettings;

/** Whether a requirement's value is a legal floor (no override can weaken it) or a kit default. */
export enum RequirementBasis {
  LEGAL_FLOOR = 'legal-floor',
  KIT_DEFAULT = 'kit-default',
}

type PerClass<T> = Readonly<Record<DataClassification, T>>;

interface SettingDefinition<T> {
  readonly title: string;
  readonly control: string;
  readonly source: string;
  readonly kitDefault: PerClass<T>;
  /** The floor per class; undefined where there is none. */
  readonly floor?: Partial<PerClass<T>>;
  readonly floorSource?: string;
  /** Negative when `a` is weaker than `b`, zero when as strong, positive when stronger. */
  compare(a: T, b: T): number;
  parse(raw: unknown, field: string): T;
  format(value: T): string;
}

const same = <T>(value: T): PerClass<T> => ({
  [DataClassification.ORDINARIO]: value,
  [DataClassification.CRITICO]: value,
  [DataClassification.STRATEGICO]: value,
});
const perClass = <T>(ordinario: T, critico: T, strategico: T): PerClass<T> => ({
  [DataClassification.ORDINARIO]: ordinario,
  [DataClassification.CRITICO]: critico,
  [DataClassification.STRATEGICO]: strategico,
});

function enumParser<T extends string>(values: readonly T[]): (raw: unknown, field: string) => T {
  return (raw, field) => {
    const found = values.find((v) => typeof raw === 'string' && v.toLowerCase() === raw.trim().toLowerCase());
    if (found === undefined) throw new PaCloudKitError({ field, value: raw, rule: `must be one of ${values.join(', ')}` });
    return found;
  };
}
function parseBoolean(raw: unknown, field: string): boolean {
  if (typeof raw === 'boolean') return raw;
  throw new PaCloudKitError({ field, value: raw, rule: 'must be true or false' });
}
const ordered = <T>(order: readonly T[]) => (a: T, b: T) => order.indexOf(a) - order.indexOf(b);
const booleanStrength = (a: boolean, b: boolean) => Number(a) - Number(b);
/** Longer retention is stronger. */
const longerIsStronger = (a: Duration, b: Duration) => a.compareTo(b);
/** A shorter objective (RPO, RTO) is stronger. */
const shorterIsStronger = (a: Duration, b: Duration) => b.compareTo(a);
/** A job that runs more often is stronger. */
const moreOftenIsStronger = (a: Frequency, b: Frequency) => frequencyPeriod(b).compareTo(frequencyPeriod(a));
const formatDuration = (d: Duration) => d.toString();
const formatPlain = (v: unknown) => String(v);

const GARANTE = 'Garante privacy, provvedimento 27/11/2008 §4.5';
const FREQUENCIES = [Frequency.HOURLY, Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY, Frequency.QUARTERLY];

const DEFINITIONS: { readonly [K in PolicySetting]: SettingDefinition<PolicySettings[K]> } = {
  minimumQualification: {
    title: 'Minimum ACN qualification of the services used',
    control: 'ACN-QUAL-01',
    source: 'ACN reg. 21007/2024 art. 17',
    kitDefault: perClass(QualificationLevel.QC1, QualificationLevel.QC2, QualificationLevel.QC3),
    floor: perClass(QualificationLevel.QC1, QualificationLevel.QC2, QualificationLevel.QC3),
    floorSource: 'ACN reg. 21007/2024 art. 17',
    compare: (a, b) => qualificationRank(a) - qualificationRank(b),
    parse: (raw, field) => parseQualification(raw, field),
    format: formatPlain,
  },
  dataLocation: {
    title: 'Data location',
    control: 'ACN-LOC-01',
    source: 'ACN req. 1_O, 2_O, 17_S; Strategia Cloud Italia §4',
    kitDefault: perClass(LocationScope.EU, LocationScope.IT, LocationScope.IT),
    // critico may use another EU region only through an acknowledgement of ACN-LOC-01.
    floor: perClass(LocationScope.EU, LocationScope.IT, LocationScope.IT),
    floorSource: 'ACN req. 1_O, 17_S (another EU region for critico only with an acknowledgement of ACN-LOC-01)',
    compare: ordered([LocationScope.EU, LocationScope.IT]),
    parse: enumParser([LocationScope.EU, LocationScope.IT]),
    format: formatPlain,
  },
  keyCustody: {
    title: 'Encryption keys',
    control: 'ACN-KMS-02',
    source: 'ACN req. 6_O, 9_C, 11_C, 18-20_SS',
    kitDefault: perClass(KeyCustody.CUSTOMER_MANAGED, KeyCustody.PA_CONTROLLED, KeyCustody.PA_HELD),
    // A critico tenant may use a kit-created key only through an acknowledgement of ACN-KMS-02.
    floor: perClass(KeyCustody.CUSTOMER_MANAGED, KeyCustody.PA_CONTROLLED, KeyCustody.PA_HELD),
    floorSource: 'ACN req. 6_O, 9_C, 11_C, 18-20_SS (a kit-created key for critico only with an acknowledgement of ACN-KMS-02)',
    compare: ordered([KeyCustody.CUSTOMER_MANAGED, KeyCustody.PA_CONTROLLED, KeyCustody.PA_HELD]),
    parse: enumParser([KeyCustody.CUSTOMER_MANAGED, KeyCustody.PA_CONTROLLED, KeyCustody.PA_HELD]),
    format: formatPlain,
  },
  keyRotation: {
    title: 'Yearly rotation of customer-managed keys',
    control: 'ACN-KMS-01',
    source: 'ACN req. 6_O',
    kitDefault: same(true),
    floor: same(true),
    floorSource: 'ACN req. 6_O',
    compare: booleanStrength,
    parse: parseBoolean,
    format: formatPlain,
  },
  auditLogSearchableRetention: {
    title: 'Audit-log retention, searchable',
    control: 'GAR-LOG-01',
    source: GARANTE,
    kitDefault: perClass(Duration.months(12), Duration.months(24), Duration.months(24)),
    floor: same(Duration.months(6)),
    floorSource: `${GARANTE} (admin access logs kept at least 6 months, unalterable)`,
    compare: longerIsStronger,
    parse: (raw, field) => Duration.parse(raw, field),
    format: formatDuration,
  },
  auditLogArchiveRetention: {
    title: 'Audit-log retention, archived',
    control: 'LOG-RET-04',
    source: 'kit default (CIS Controls v8 8.10 asks at least 90 days)',
    kitDefault: perClass(Duration.months(24), Duration.months(36), Duration.months(36)),
    floor: same(Duration.months(6)),
    floorSource: GARANTE,
    compare: longerIsStronger,
    parse: (raw, field) => Duration.parse(raw, field),
    format: formatDuration,
  },
  logIntegrityValidation: {
    title: 'Log file integrity validation',
    control: 'LOG-INT-05',
    source: 'Garante 27/11/2008 (complete, unalterable, verifiable)',
    kitDefault: same(true),
    floor: same(true),
    floorSource: 'Garante 27/11/2008 (complete, unalterable, verifiable)',
    compare: booleanStrength,
    parse: parseBoolean,
    format: formatPlain,
  },
  logObjectLockMode: {
    title: 'Log archive object lock mode',
    control: 'LOG-INT-05',
    source: 'Garante 27/11/2008 (unalterable); kit default',
    kitDefault: perClass(LockMode.GOVERNANCE, LockMode.COMPLIANCE, LockMode.COMPLIANCE),
    compare: ordered([LockMode.GOVERNANCE, LockMode.COMPLIANCE]),
    parse: enumParser([LockMode.GOVERNANCE, LockMode.COMPLIANCE]),
    format: formatPlain,
  },
  backupFrequency: {
    title: 'Backup frequency',
    control: 'ABSC-BCK-01',
    source: 'AgID ABSC 10.1.1',
    kitDefault: perClass(Frequency.DAILY, Frequency.DAILY, Frequency.HOURLY),
    floor: same(Frequency.WEEKLY),
    floorSource: 'AgID ABSC 10.1.1 (minimum level: weekly)',
    compare: moreOftenIsStronger,
    parse: enumParser(FREQUENCIES),
    format: formatPlain,
  },
  continuousBackup: {
    title: 'Continuous (point-in-time) backup where the service offers it',
    control: 'ABSC-BCK-01',
    source: 'kit default',
    kitDefault: perClass(false, true, true),
    compare: booleanStrength,
    parse: parseBoolean,
    format: formatPlain,
  },
  backupDailyRetention: {
    title: 'Retention of daily backups',
    control: 'ABSC-BCK-01',
    source: 'kit default',
    kitDefault: same(Duration.days(35)),
    floor: same(Duration.days(7)),
    floorSource: 'AgID ABSC 10.1.1 (a weekly backup must survive until the next one)',
    compare: longerIsStronger,
    parse: (raw, field) => Duration.parse(raw, field),
    format: formatDuration,
  },
  backupMonthlyRetention: {
    title: 'Retention of monthly backups',
    control: 'ABSC-BCK-01',
    source: 'kit default',
    kitDefault: perClass(Duration.months(12), Duration.months(24), Duration.months(36)),
    compare: longerIsStronger,
    parse: (raw, field) => Duration.parse(raw, field),
    format: formatDuration,
  },
  backupVaultLockMode: {
    title: 'Backup immutability (vault lock mode)',
    control: 'ABSC-BCK-03',
    source: 'AgID ABSC 10.4.1 (ransomware)',
    kitDefault: perClass(LockMode.GOVERNANCE, LockMode.COMPLIANCE, LockMode.COMPLIANCE),
    floor: same(LockMode.GOVERNANCE),
    floorSource: 'AgID ABSC 10.4.1 (a copy not permanently reachable from the workload)',
    compare: ordered([LockMode.GOVERNANCE, LockMode.COMPLIANCE]),
    parse: enumParser([LockMode.GOVERNANCE, LockMode.COMPLIANCE]),
    format: formatPlain,
  },
  offsiteBackupCopy: {
    title: 'Off-site backup copy (other account or project, or other allowed region)',
    control: 'ACN-BCK-04',
    source: 'AgID ABSC 10.4.1; ACN req. 1_O',
    kitDefault: perClass(false, true, true),
    // critico and strategico may go without only through an acknowledgement of ACN-BCK-04.
    floor: perClass(false, true, true),
    floorSource: 'AgID ABSC 10.4.1 (without it only with an acknowledgement of ACN-BCK-04)',
    compare: booleanStrength,
    parse: parseBoolean,
    format: formatPlain,
  },
  restoreTestFrequency: {
    title: 'Restore testing',
    control: 'ABSC-BCK-02',
    source: 'AgID ABSC 10.2.1; GDPR art. 32(1)(d)',
    kitDefault: perClass(Frequency.QUARTERLY, Frequency.MONTHLY, Frequency.MONTHLY),
    compare: moreOftenIsStronger,
    parse: enumParser(FREQUENCIES),
    format: formatPlain,
  },
  rpo: {
    title: 'Declared recovery point objective',
    control: 'ABSC-BCK-01',
    source: 'kit default (AgID treats RPO/RTO as provider-declared SLIs)',
    kitDefault: perClass(Duration.hours(24), Duration.hours(4), Duration.hours(1)),
    compare: shorterIsStronger,
    parse: (raw, field) => Duration.parse(raw, field),
    format: formatDuration,
  },
  rto: {
    title: 'Declared recovery time objective',
    control: 'ABSC-BCK-02',
    source: 'kit default (AgID treats RPO/RTO as provider-declared SLIs)',
    kitDefault: perClass(Duration.hours(72), Duration.hours(24), Duration.hours(8)),
    compare: shorterIsStronger,
    parse: (raw, field) => Duration.parse(raw, field),
    format: formatDuration,
  },
  flowLogs: {
    title: 'Flow logs of all traffic to the log archive',
    control: 'ABSC-NET-06',
    source: 'AgID ABSC 13.6.2',
    kitDefault: same(true),
    floor: same(true),
    floorSource: 'AgID ABSC 13.6.2',
    compare: booleanStrength,
    parse: parseBoolean,
    format: formatPlain,
  },
  adminPortsClosedToInternet: {
    title: 'Admin ports (22, 3389, 5985-5986, ...) closed to the internet',
    control: 'ABSC-NET-02',
    source: 'AgID ABSC 3.4.1, 5.9.1',
    kitDefault: same(true),
    floor: same(true),
    floorSource: 'AgID ABSC 3.4.1, 5.9.1',
    compare: booleanStrength,
    parse: parseBoolean,
    format: formatPlain,
  },
  managementNetworkIsolated: {
    title: 'Isolated management network, admin access via VPN or session manager',
    control: 'ABSC-NET-01',
    source: 'AgID ABSC 5.9.1',
    kitDefault: same(true),
    floor: same(true),
    floorSource: 'AgID ABSC 5.9.1',
    compare: booleanStrength,
    parse: parseBoolean,
    format: formatPlain,
  },
  egressFiltering: {
    title: 'Egress filtering',
    control: 'ABSC-NET-03',
    source: 'AgID ABSC 8.5.1, 13.3.1',
    kitDefault: perClass(EgressFiltering.NAT, EgressFiltering.FIREWALL_RECOMMENDED, EgressFiltering.FIREWALL_REQUIRED),
    // strategico may go without a firewall only through an acknowledgement of ABSC-NET-03.
    floor: perClass(EgressFiltering.NAT, EgressFiltering.NAT, EgressFiltering.FIREWALL_REQUIRED),
    floorSource: 'AgID ABSC 8.5.1, 13.3.1 (without a firewall only with an acknowledgement of ABSC-NET-03)',
    compare: ordered([EgressFiltering.NAT, EgressFiltering.FIREWALL_RECOMMENDED, EgressFiltering.FIREWALL_REQUIRED]),
    parse: enumParser([EgressFiltering.NAT, EgressFiltering.FIREWALL_RECOMMENDED, EgressFiltering.FIREWALL_REQUIRED]),
    format: formatPlain,
  },
  encryptionInTransit: {
    title: 'TLS-only policies on storage',
    control: 'ENC-TRANSIT-01',
    source: 'AgID ABSC 3.4.1',
    kitDefault: same(true),
    floor: same(true),
    floorSource: 'AgID ABSC 3.4.1',
    compare: booleanStrength,
    parse: parseBoolean,
    format: formatPlain,
  },
  timeSources: {
    title: 'Time sources for self-managed hosts',
    control: 'GAR-LOG-01',
    source: 'Garante 27/11/2008 (timestamps); INRiM NTP service (UTC(IT))',
    kitDefault: same(['ntp1.inrim.it', 'ntp2.inrim.it']),
    // Replacing the INRiM servers is a change of kit default that needs a reason.
    compare: (a, b) => (b.every((host) => a.includes(host)) ? 0 : -1),
    parse: (raw, field) => {
      if (Array.isArray(raw) && raw.length > 0 && raw.every((h) => typeof h === 'string' && /^[a-z0-9.-]+$/i.test(h))) {
        return raw as string[];
      }
      throw new PaCloudKitError({ field, value: raw, rule: 'must be a non-empty list of host names' });
    },
    format: (v) => v.join(', '),
  },
};

/** The names of all settings, in the baseline's order. */
export const POLICY_SETTINGS = Object.keys(DEFINITIONS) as PolicySetting[];

/** One requirement of the policy, with where it comes from. */
export interface Requirement {
  readonly setting: PolicySetting;
  readonly title: string;
  readonly control: string;
  readonly source: string;
  /** The value in force (the kit default, or the override). */
  readonly value: PolicySettings[PolicySetting];
  readonly kitDefault: PolicySettings[PolicySetting];
  readonly floor?: PolicySettings[PolicySetting];
  readonly floorSource?: string;
  /** LEGAL_FLOOR when the kit default is the floor itself, so it cannot be weakened. */
  readonly basis: RequirementBasis;
  /** The value as text, e.g. `"24 months"`. */
  readonly display: string;
}

/** A change of a kit default asked for by the user. */
export interface PolicyOverride {
  readonly setting: string;
  readonly value: unknown;
  /** Why; required when the override weakens the kit default. */
  readonly reason?: string;
}

/** An override as recorded for reports. */
export interface RecordedOverride {
  readonly setting: PolicySetting;
  readonly control: string;
  readonly kitDefault: string;
  readonly value: string;
  readonly weakens: boolean;
  readonly reason?: string;
}

/** Options of {@link CompliancePolicy.forClassification}. */
export interface CompliancePolicyOptions {
  /**
   * Kit defaults to change. An override below a floor throws; one that weakens a kit default
   * must carry a reason and is recorded with a warning that names the control.
   * @default - the kit defaults for the class
   */
  readonly overrides?: readonly PolicyOverride[];
  /**
   * Controls the PA knowingly does not meet, each with a reason.
   * @default - none
   */
  readonly acknowledgements?: readonly Acknowledgement[];
  /**
   * Path of the options in the user's input, used in error messages.
   * @default 'policy'
   */
  readonly field?: string;
}

/**
 * The compliance policy of one tenant: every requirement of the baseline for its class, after
 * the user's overrides and with its acknowledgements. Both providers' landing zones and the
 * compliance engine read their values from here.
 */
export class CompliancePolicy {
  /** The policy for a class, with optional overrides and acknowledgements. */
  public static forClassification(classification: DataClassification, options: CompliancePolicyOptions = {}): CompliancePolicy {
    return new CompliancePolicy(classification, options);
  }

  public readonly classification: DataClassification;
  /** The values in force. */
  public readonly settings: PolicySettings;
  /** The overrides applied, for reports. */
  public readonly overrides: readonly RecordedOverride[];
  /** Acknowledged controls, by control ID. */
  public readonly acknowledgements: ReadonlyMap<string, Acknowledgement>;

  private constructor(classification: DataClassification, options: CompliancePolicyOptions) {
    const field = options.field ?? 'policy';
    this.classification = classification;
    this.acknowledgements = validateAcknowledgements(options.acknowledgements ?? [], classification, `${field}.acknowledgements`);

    const values = {} as Record<PolicySetting, unknown>;
    for (const setting of POLICY_SETTINGS) values[setting] = DEFINITIONS[setting].kitDefault[classification];

    const recorded: RecordedOverride[] = [];
    const seen = new Set<string>();
    (options.overrides ?? []).forEach((override, i) => {
      const at = `${field}.overrides[${i}]`;
      if (!(POLICY_SETTINGS as string[]).includes(override.setting)) {
        throw new PaCloudKitError({ field: `${at}.setting`, value: override.setting, rule: `must be one of ${POLICY_SETTINGS.join(', ')}` });
      }
      if (seen.has(override.setting)) {
        throw new PaCloudKitError({ field: `${at}.setting`, value: override.setting, rule: 'each setting may be overridden once' });
      }
      seen.add(override.setting);
      const setting = override.setting as PolicySetting;
      recorded.push(applyOverride(setting, DEFINITIONS[setting] as SettingDefinition<unknown>, override, classification, values, at));
    });
    this.settings = values as unknown as PolicySettings;
    this.overrides = recorded;
    this.checkConsistency(field);
  }

  /** One requirement with its control, source, floor and basis. */
  public requirement(setting: PolicySetting): Requirement {
    const def = DEFINITIONS[setting] as SettingDefinition<unknown>;
    const kitDefault = def.kitDefault[this.classification];
    const floor = def.floor?.[this.classification];
    const value = this.settings[setting];
    return {
      setting,
      title: def.title,
      control: def.control,
      source: def.source,
      value: value as PolicySettings[PolicySetting],
      kitDefault: kitDefault as PolicySettings[PolicySetting],
      floor: floor as PolicySettings[PolicySetting] | undefined,
      floorSource: floor === undefined ? undefined : def.floorSource,
      basis: floor !== undefined && def.compare(kitDefault, floor) === 0 ? RequirementBasis.LEGAL_FLOOR : RequirementBasis.KIT_DEFAULT,
      display: def.format(value),
    };
  }

  /** All requirements, in the baseline's order. */
  public requirements(): Requirement[] {
    return POLICY_SETTINGS.map((s) => this.requirement(s));
  }

  /** Whether the PA acknowledged not meeting this control. */
  public isAcknowledged(control: string): boolean {
    return this.acknowledgements.has(control);
  }

  /**
   * Passes when `met` is true or the control is acknowledged; otherwise throws the kit's error
   * naming the field, the value and the control.
   */
  public requireOrAcknowledged(control: string, met: boolean, problem: { field: string; value: unknown; rule: string }): void {
    ControlCatalogue.get(control);
    if (met || this.isAcknowledged(control)) return;
    const acknowledgeable = ControlCatalogue.get(control).acknowledgeableFor.includes(this.classification);
    const escape = acknowledgeable ? ` (or acknowledge ${control} with a reason)` : '';
    throw new PaCloudKitError({ ...problem, rule: `${problem.rule}${escape}`, control });
  }

  /**
   * Throws unless the declared ACN qualification of the services used reaches the class minimum.
   * The kit refuses, for instance, to place strategico data on a service below QC3.
   */
  public assertQualification(declared: QualificationLevel, field = 'qualification'): void {
    const minimum = this.settings.minimumQualification;
    if (qualificationRank(declared) < qualificationRank(minimum)) {
      throw new PaCloudKitError({
        field,
        value: declared,
        rule: `${withArticle(this.classification)} tenant needs services qualified ${minimum} or higher (ACN reg. 21007/2024 art. 17)`,
        control: 'ACN-QUAL-01',
      });
    }
  }

  /** Warnings for overrides that weaken a kit default, each naming the control. */
  public warnings(): string[] {
    return this.overrides
      .filter((o) => o.weakens)
      .map((o) => `[${o.control}] ${o.setting} weakened from the kit default ${o.kitDefault} to ${o.value}: ${o.reason}`);
  }

  private checkConsistency(field: string): void {
    const s = this.settings;
    const period = s.continuousBackup ? Duration.hours(0) : frequencyPeriod(s.backupFrequency);
    if (period.isLongerThan(s.rpo)) {
      throw new PaCloudKitError({
        field: `${field}.backupFrequency`,
        value: s.backupFrequency,
        rule: `backups every ${frequencyPeriod(s.backupFrequency)}${s.continuousBackup ? '' : ' without continuous backup'} cannot meet the declared RPO of ${s.rpo}; back up more often or declare a longer rpo`,
        control: 'ABSC-BCK-01',
      });
    }
    if (s.auditLogArchiveRetention.isShorterThan(s.auditLogSearchableRetention)) {
      throw new PaCloudKitError({
        field: `${field}.auditLogArchiveRetention`,
        value: s.auditLogArchiveRetention.toString(),
        rule: `must be at least the searchable retention of ${s.auditLogSearchableRetention}`,
        control: 'LOG-RET-04',
      });
    }
  }
}

function applyOverride(
  setting: PolicySetting,
  def: SettingDefinition<unknown>,
  override: PolicyOverride,
  classification: DataClassification,
  values: Record<PolicySetting, unknown>,
  at: string,
): RecordedOverride {
  const value = def.parse(override.value, `${at}.value`);
  const floor = def.floor?.[classification];
  if (floor !== undefined && def.compare(value, floor) < 0) {
    throw new PaCloudKitError({
      field: `${at}.value`,
      value: override.value,
      rule: `${setting} must be at least ${def.format(floor)} for ${withArticle(classification)} tenant (${def.floorSource})`,
      control: def.control,
    });
  }
  const kitDefault = def.kitDefault[classification];
  const weakens = def.compare(value, kitDefault) < 0;
  const reason = typeof override.reason === 'string' ? override.reason.trim() : undefined;
  if (weakens && (!reason || reason.length < 10)) {
    throw new PaCloudKitError({
      field: `${at}.reason`,
      value: override.reason,
      rule: `${setting} ${def.format(value)} weakens the kit default ${def.format(kitDefault)}: give a reason of at least 10 characters`,
      control: def.control,
    });
  }
  values[setting] = value;
  return { setting, control: def.control, kitDefault: def.format(kitDefault), value: def.format(value), weakens, reason: reason || undefined };
}

/** Renders a value of a setting as text (for reports and messages). */
export function formatSettingValue(setting: PolicySetting, value: unknown): string {
  return (DEFINITIONS[setting] as SettingDefinition<unknown>).format(value) ?? describeValue(value);
}

/** `"an ordinario"`, `"a critico"`. */
/**
 * The override a recorded one stands for: the inverse of the record's display text (`true` and
 * `false` for switches, host lists joined by ", "), so what a landing zone writes into its metadata
 * is read back as it was given.
 */
export function overrideOfRecord(recorded: { readonly setting: string; readonly value: unknown; readonly reason?: string }): PolicyOverride {
  const definition = (DEFINITIONS as Record<string, SettingDefinition<unknown> | undefined>)[recorded.setting];
  const sample = definition?.kitDefault[DataClassification.ORDINARIO];
  let value = recorded.value;
  if (typeof sample === 'boolean' && (value === 'true' || value === 'false')) value = value === 'true';
  if (Array.isArray(sample) && typeof value === 'string') value = value.split(',').map((h) => h.trim());
  return { setting: recorded.setting, value, reason: recorded.reason };
}

/**
 * Whether a landing zone's egress filter (a managed firewall, FWaaS) is on: as requested, else
 * where the class requires it, or recommends it and the provider's filter is cheap, unless
 * ABSC-NET-03 is acknowledged. Both providers and the config loader decide it here.
 */
export function egressFilterOn(policy: CompliancePolicy, requested: boolean | undefined, cheap: boolean): boolean {
  if (requested !== undefined) return requested;
  const filtering = policy.settings.egressFiltering;
  const expected = filtering === EgressFiltering.FIREWALL_REQUIRED || (filtering === EgressFiltering.FIREWALL_RECOMMENDED && cheap);
  return expected && !policy.isAcknowledged('ABSC-NET-03');
}

export function withArticle(classification: DataClassification): string {
  return `${classification === DataClassification.ORDINARIO ? 'an' : 'a'} ${classification}`;
}

import { DataClassification, QualificationLevel, parseClassification, parseQualification } from './classification';
import { PaCloudKitError, collectErrors } from './errors';
import { slugOf } from './naming';

/**
 * The format of a codice IPA, the identifier of an administration in the Indice PA: letters,
 * digits and underscores, starting with a letter, 2 to 30 characters (e.g. `c_h501`, `asl_rm1`).
 * Codes are case-insensitive; the kit writes them in lower case.
 */
export const IPA_CODE_PATTERN = /^[a-z][a-z0-9_]{1,29}$/;

/** Validates and normalizes a codice IPA, or throws naming the field. */
export function parseIpaCode(value: unknown, field = 'ipaCode'): string {
  const code = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!IPA_CODE_PATTERN.test(code)) {
    throw new PaCloudKitError({
      field,
      value,
      rule: 'must be a codice IPA from the Indice PA: 2-30 letters, digits or underscores starting with a letter, e.g. "c_h501"',
    });
  }
  return code;
}

/** Characters allowed in tag values on every provider the kit supports (no `/` or `,`, which OpenStack tags reject). */
const TAG_VALUE_PATTERN = /^[\p{L}\p{N} _.:=+@-]+$/u;
const MAX_TAG_VALUE = 128;

/** Validates a tag value, or throws naming the field. */
export function parseTagValue(value: unknown, field: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0 || text.length > MAX_TAG_VALUE || !TAG_VALUE_PATTERN.test(text)) {
    throw new PaCloudKitError({
      field,
      value,
      rule: `must be 1-${MAX_TAG_VALUE} characters of letters, digits, spaces and _ . : = + @ -`,
    });
  }
  return text;
}

const EMAIL_PATTERN = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

/** Validates an e-mail address, or throws naming the field. */
export function parseEmail(value: unknown, field: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!EMAIL_PATTERN.test(text) || text.length > MAX_TAG_VALUE) {
    throw new PaCloudKitError({ field, value, rule: 'must be an e-mail address, e.g. "cert@comune.example.it"' });
  }
  return text;
}

/** An aggregator (soggetto aggregatore, competence centre, in-house company) running landing zones for PAs. */
export interface AggregatorIdentity {
  readonly ipaCode: string;
  readonly name: string;
}

/** Input of {@link TenantIdentity.of}. */
export interface TenantIdentityProps {
  /** The PA's codice IPA in the Indice PA, e.g. `c_h501`. */
  readonly ipaCode: string;
  /** The PA's name, e.g. `Comune di Esempio`. */
  readonly name: string;
  readonly classification: DataClassification | string;
  /** The ACN qualification level of the cloud services the landing zone uses. */
  readonly qualification: QualificationLevel | string;
  /** The office or person that owns the landing zone. */
  readonly owner: string;
  /** The e-mail address that receives security alerts and incident reports (L. 90/2024, NIS2). */
  readonly incidentContact: string;
  /**
   * The aggregator running the landing zone for the PA.
   * @default - the PA runs it itself
   */
  readonly aggregator?: AggregatorIdentity;
}

/** The mandatory tag keys (TAG-01). */
export const TAG_KEYS = {
  IPA_CODE: 'pa:ipa-code',
  CLASSIFICATION: 'pa:classification',
  QUALIFICATION: 'acn:qualification',
  OWNER: 'pa:owner',
  INCIDENT_CONTACT: 'pa:incident-contact',
  AGGREGATOR: 'pa:aggregator',
} as const;

/** The fields of a {@link TenantIdentity} as they are validated, each undefined where it is wrong. */
interface ValidatedFields {
  readonly ipaCode?: string;
  readonly name?: string;
  readonly classification?: DataClassification;
  readonly qualification?: QualificationLevel;
  readonly owner?: string;
  readonly incidentContact?: string;
  readonly aggregator?: AggregatorIdentity;
}

/** The aggregator's identity, each field judged (and each mistake kept) on its own. */
function aggregatorOf(given: AggregatorIdentity, field: string, attempt: <T>(check: () => T) => T | undefined): AggregatorIdentity | undefined {
  const ipaCode = attempt(() => parseIpaCode(given?.ipaCode, `${field}.ipaCode`));
  const name = attempt(() => parseTagValue(given?.name, `${field}.name`));
  return ipaCode !== undefined && name !== undefined ? { ipaCode, name } : undefined;
}

/** The validated identity of a tenant: the PA, its class, and who runs its landing zone. */
export class TenantIdentity {
  /** Validates every field, or throws the kit's error naming the first wrong one. */
  public static of(props: TenantIdentityProps, field = 'tenant'): TenantIdentity {
    const { identity, errors } = TenantIdentity.check(props, field);
    if (!identity) throw errors[0];
    return identity;
  }

  /**
   * Validates every field and collects every mistake (the config loader reports them all at once),
   * where {@link of} throws the first.
   */
  public static check(props: TenantIdentityProps, field = 'tenant'): { identity?: TenantIdentity; errors: PaCloudKitError[] } {
    const { errors, attempt } = collectErrors();
    const fields: ValidatedFields = {
      ipaCode: attempt(() => parseIpaCode(props.ipaCode, `${field}.ipaCode`)),
      name: attempt(() => parseTagValue(props.name, `${field}.name`)),
      classification: attempt(() => parseClassification(props.classification, `${field}.classification`)),
      qualification: attempt(() => parseQualification(props.qualification, `${field}.qualification`)),
      owner: attempt(() => parseTagValue(props.owner, `${field}.owner`)),
      incidentContact: attempt(() => parseEmail(props.incidentContact, `${field}.incidentContact`)),
      aggregator: props.aggregator === undefined ? undefined : aggregatorOf(props.aggregator, `${field}.aggregator`, attempt),
    };
    if (errors.length > 0) return { errors };
    return { identity: new TenantIdentity(fields as Required<ValidatedFields>), errors };
  }

  public readonly ipaCode: string;
  public readonly name: string;
  public readonly classification: DataClassification;
  public readonly qualification: QualificationLevel;
  public readonly owner: string;
  public readonly incidentContact: string;
  public readonly aggregator?: AggregatorIdentity;

  private constructor(fields: Required<ValidatedFields>) {
    this.ipaCode = fields.ipaCode;
    this.name = fields.name;
    this.classification = fields.classification;
    this.qualification = fields.qualification;
    this.owner = fields.owner;
    this.incidentContact = fields.incidentContact;
    if (fields.aggregator) this.aggregator = fields.aggregator;
  }

  /** A short identifier usable in resource names: the IPA code with `_` turned into `-`. */
  public get slug(): string {
    return slugOf(this.ipaCode);
  }

  /** The mandatory tags, in a stable order. */
  public tags(): Record<string, string> {
    const tags: Record<string, string> = {
      [TAG_KEYS.IPA_CODE]: this.ipaCode,
      [TAG_KEYS.CLASSIFICATION]: this.classification,
      [TAG_KEYS.QUALIFICATION]: this.qualification,
      [TAG_KEYS.OWNER]: this.owner,
      [TAG_KEYS.INCIDENT_CONTACT]: this.incidentContact,
    };
    if (this.aggregator) tags[TAG_KEYS.AGGREGATOR] = this.aggregator.ipaCode;
    return tags;
  }

  /** The mandatory tags as `key=value` strings, the form OpenStack tags take. */
  public tagStrings(): string[] {
    return Object.entries(this.tags()).map(([k, v]) => `${k}=${v}`);
  }
}

/** The mandatory tag keys for a tenant: the aggregator tag only when an aggregator runs it. */
export function mandatoryTagKeys(withAggregator: boolean): string[] {
  const keys: string[] = [TAG_KEYS.IPA_CODE, TAG_KEYS.CLASSIFICATION, TAG_KEYS.QUALIFICATION, TAG_KEYS.OWNER, TAG_KEYS.INCIDENT_CONTACT];
  return withAggregator ? [...keys, TAG_KEYS.AGGREGATOR] : keys;
}

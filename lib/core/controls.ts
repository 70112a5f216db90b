import { DATA_CLASSIFICATIONS, DataClassification } from './classification';
import { PaCloudKitError } from './errors';

/** Who meets a control on a given provider. */
export enum Responsibility {
  /** The kit builds it and checks the synthesized output. */
  KIT = 'kit',
  /** The kit checks what it can (guest level); the provider meets the rest. */
  SHARED = 'shared',
  /** Only the provider or the contract can meet it; the report lists it, the kit does not check it. */
  PROVIDER = 'provider',
}

/** The providers the kit builds landing zones on. */
export enum CloudProvider {
  AWS = 'aws',
  OPENSTACK = 'openstack',
}

/** How a control is met on one provider. */
export interface ControlImplementation {
  readonly responsibility: Responsibility;
  /** What is checked on the synthesized output, or what the provider must do. */
  readonly check: string;
}

/** One control of the catalogue. */
export interface Control {
  readonly id: string;
  readonly title: string;
  /** Where the obligation comes from. */
  readonly source: string;
  /** The classes the control applies to. */
  readonly appliesTo: readonly DataClassification[];
  /** Classes for which a PA may knowingly not meet the control, with a recorded reason. */
  readonly acknowledgeableFor: readonly DataClassification[];
  readonly aws: ControlImplementation;
  readonly openstack: ControlImplementation;
}

const ALL = DATA_CLASSIFICATIONS;
const CRITICO_AND_UP = [DataClassification.CRITICO, DataClassification.STRATEGICO] as const;
const kit = (check: string): ControlImplementation => ({ responsibility: Responsibility.KIT, check });
const shared = (check: string): ControlImplementation => ({ responsibility: Responsibility.SHARED, check });
const provider = (check: string): ControlImplementation => ({ responsibility: Responsibility.PROVIDER, check });

const CONTROLS: readonly Control[] = [
  {
    id: 'ACN-QUAL-01',
    title: 'Services used are qualified at the level the class needs',
    source: 'ACN reg. 21007/2024 art. 17',
    appliesTo: ALL,
    acknowledgeableFor: [],
    aws: kit('declared provider qualification is at least the class minimum'),
    openstack: kit('declared provider qualification is at least the class minimum'),
  },
  {
    id: 'ACN-LOC-01',
    title: 'Data, metadata, backups and DR copies stay in allowed locations',
    source: 'ACN req. 1_O, 2_O, 17_S; Strategia Cloud Italia §4',
    appliesTo: ALL,
    acknowledgeableFor: [DataClassification.CRITICO],
    aws: kit('every region, including backup copy targets and replication, is in the allow-list'),
    openstack: kit('provider region and every region attribute are in the allow-list'),
  },
  {
    id: 'ACN-KMS-01',
    title: 'Customer-managed keys with rotation, one key per purpose',
    source: 'ACN req. 6_O',
    appliesTo: ALL,
    acknowledgeableFor: [],
    aws: kit('KMS keys with rotation for logs, backups and data'),
    openstack: kit('Barbican-backed encryption where offered; a volume type with encryption declared'),
  },
  {
    id: 'ACN-KMS-02',
    title: "Keys under the PA's control (BYOK/HYOK)",
    source: 'ACN req. 9_C, 11_C, 18-20_SS',
    appliesTo: CRITICO_AND_UP,
    acknowledgeableFor: [DataClassification.CRITICO],
    aws: kit('existing or external-origin key, or an acknowledged reason'),
    openstack: kit('provider HSM-backed key declared, or an acknowledged reason'),
  },
  {
    id: 'GAR-LOG-01',
    title: 'Admin and API activity logged, unalterable, kept at least 6 months',
    source: 'Garante privacy, provvedimento 27/11/2008 §4.5',
    appliesTo: ALL,
    acknowledgeableFor: [],
    aws: kit('multi-region trail with log file validation and KMS; retention at least the floor'),
    openstack: shared('provider audit log is a provider responsibility; guest hosts ship logs off-host'),
  },
  {
    id: 'ABSC-LOG-02',
    title: 'Alert on admin account changes and failed or root logins',
    source: 'AgID ABSC 5.1, 8.x (circolare 2/2017)',
    appliesTo: ALL,
    acknowledgeableFor: [],
    aws: kit('event rules to an encrypted notification topic'),
    openstack: provider('provider responsibility; guest-level rules'),
  },
  {
    id: 'ABSC-LOG-03',
    title: 'Central, stable log archive',
    source: 'AgID ABSC 6.x (circolare 2/2017)',
    appliesTo: ALL,
    acknowledgeableFor: [],
    aws: kit('dedicated archive bucket: KMS, versioning, object lock, TLS-only, no public access, access logging, retained on delete'),
    openstack: kit('dedicated container: versioning, write-only credentials for shippers, separate from workloads, synced off-site for critico and strategico'),
  },
  {
    id: 'LOG-RET-04',
    title: 'Log retention per class, never below the floor',
    source: 'Garante 27/11/2008 §4.5; kit default (CIS Controls v8 8.10)',
    appliesTo: ALL,
    acknowledgeableFor: [],
    aws: kit('log group retention and bucket lifecycle / object lock periods'),
    openstack: kit('object expiry set by log shippers at least the floor'),
  },
  {
    id: 'LOG-INT-05',
    title: 'Log integrity',
    source: 'Garante 27/11/2008 (complete, unalterable, verifiable)',
    appliesTo: ALL,
    acknowledgeableFor: [],
    aws: kit('trail log file validation and object lock mode per class'),
    openstack: kit('versioning and no delete rights for shippers; WORM where the provider offers it'),
  },
  {
    id: 'ABSC-BCK-01',
    title: 'Backups at the class frequency, never less than weekly',
    source: 'AgID ABSC 10.1.1',
    appliesTo: ALL,
    acknowledgeableFor: [],
    aws: kit('backup plan rules'),
    openstack: kit('scheduled volume backups by the kit-provisioned scheduler'),
  },
  {
    id: 'ABSC-BCK-02',
    title: 'Restore tests at the class cadence',
    source: 'AgID ABSC 10.2.1; GDPR art. 32(1)(d)',
    appliesTo: ALL,
    acknowledgeableFor: [],
    aws: kit('restore testing plan'),
    openstack: kit('scheduled restore job with evidence written to the log archive'),
  },
  {
    id: 'ABSC-BCK-03',
    title: 'Immutable, encrypted backups, one copy unreachable from the workload',
    source: 'AgID ABSC 10.4.1',
    appliesTo: ALL,
    acknowledgeableFor: [],
    aws: kit('vault lock per class, KMS, vault access policy denying deletes'),
    openstack: kit('separate backup container or project, versioning, off-site sync'),
  },
  {
    id: 'ACN-BCK-04',
    title: 'Off-site copy in an allowed location',
    source: 'AgID ABSC 10.4.1; ACN req. 1_O',
    appliesTo: CRITICO_AND_UP,
    acknowledgeableFor: CRITICO_AND_UP,
    aws: kit('copy action to a vault in another account or allowed region'),
    openstack: kit('container sync or second region in the allow-list'),
  },
  {
    id: 'ABSC-NET-01',
    title: 'Isolated management network',
    source: 'AgID ABSC 5.9.1',
    appliesTo: ALL,
    acknowledgeableFor: [],
    aws: kit('management subnets without internet route; session manager endpoints'),
    openstack: kit('management network without router gateway'),
  },
  {
    id: 'ABSC-NET-02',
    title: 'Default deny; no admin ports from the internet',
    source: 'AgID ABSC 3.4.1, 5.9.1',
    appliesTo: ALL,
    acknowledgeableFor: [],
    aws: kit('restricted default security group; no 0.0.0.0/0 or ::/0 ingress on admin ports; NACLs on the data tier'),
    openstack: kit('default security-group rules removed; no 0.0.0.0/0 or ::/0 on admin ports'),
  },
  {
    id: 'ABSC-NET-03',
    title: 'Egress filtering',
    source: 'AgID ABSC 8.5.1, 13.3.1',
    appliesTo: CRITICO_AND_UP,
    acknowledgeableFor: CRITICO_AND_UP,
    aws: kit('managed firewall in the egress path'),
    openstack: kit('FWaaS v2 policy on the router ports'),
  },
  {
    id: 'ABSC-NET-06',
    title: 'Network flow records',
    source: 'AgID ABSC 13.6.2',
    appliesTo: ALL,
    acknowledgeableFor: [],
    aws: kit('VPC flow logs of all traffic to the archive'),
    openstack: provider('provider flow logs are a provider responsibility (no Terraform resource)'),
  },
  {
    id: 'ENC-TRANSIT-01',
    title: 'Encrypted channels only',
    source: 'AgID ABSC 3.4.1',
    appliesTo: ALL,
    acknowledgeableFor: [],
    aws: kit('bucket policies deny non-TLS requests; TLS listeners'),
    openstack: kit('TLS listeners; VPN for admin access'),
  },
  {
    id: 'TAG-01',
    title: 'Mandatory tags with valid values',
    source: 'kit convention; the IPA code identifies the PA in the Indice PA',
    appliesTo: ALL,
    acknowledgeableFor: [],
    aws: kit('every taggable resource'),
    openstack: kit('every taggable resource (key=value string tags)'),
  },
];

const BY_ID = new Map(CONTROLS.map((c) => [c.id, c]));

/** The control catalogue: every control ID the kit uses, from the regulatory baseline. */
export const ControlCatalogue = {
  /** All controls, in the baseline's order. */
  all(): readonly Control[] {
    return CONTROLS;
  },
  /** The control with this ID, or throws naming the field and the known IDs. */
  get(id: string, field = 'control'): Control {
    const control = BY_ID.get(id);
    if (!control) {
      throw new PaCloudKitError({ field, value: id, rule: `must be a control ID of the catalogue (${CONTROLS.map((c) => c.id).join(', ')})` });
    }
    return control;
  },
  has(id: string): boolean {
    return BY_ID.has(id);
  },
  /** The controls that apply to a class. */
  forClassification(classification: DataClassification): readonly Control[] {
    return CONTROLS.filter((c) => c.appliesTo.includes(classification));
  },
  /** The controls the kit checks (fully or at guest level) on a provider. */
  checkedOn(cloud: CloudProvider): readonly Control[] {
    return CONTROLS.filter((c) => c[cloud].responsibility !== Responsibility.PROVIDER);
  },
};

/** A control a PA knowingly does not meet, with the reason it gives. */
export interface Acknowledgement {
  readonly control: string;
  readonly reason: string;
}

/**
 * Validates acknowledgements for a class: the control must exist, be acknowledgeable for the
 * class and carry a reason. Returns them keyed by control ID.
 */
export function validateAcknowledgements(
  acknowledgements: readonly Acknowledgement[],
  classification: DataClassification,
  field = 'acknowledgements',
): ReadonlyMap<string, Acknowledgement> {
  const result = new Map<string, Acknowledgement>();
  acknowledgements.forEach((ack, i) => {
    const control = ControlCatalogue.get(ack.control, `${field}[${i}].control`);
    if (!control.acknowledgeableFor.includes(classification)) {
      const allowed = control.acknowledgeableFor.length === 0 ? 'no class' : control.acknowledgeableFor.join(', ');
      throw new PaCloudKitError({
        field: `${field}[${i}].control`,
        value: ack.control,
        rule: `${control.id} cannot be acknowledged for ${classification === DataClassification.ORDINARIO ? 'an' : 'a'} ${classification} tenant (acknowledgeable for: ${allowed})`,
        control: control.id,
      });
    }
    if (typeof ack.reason !== 'string' || ack.reason.trim().length < 10) {
      throw new PaCloudKitError({
        field: `${field}[${i}].reason`,
        value: ack.reason,
        rule: `an acknowledgement of ${control.id} needs a reason of at least 10 characters`,
        control: control.id,
      });
    }
    if (result.has(control.id)) {
      throw new PaCloudKitError({ field: `${field}[${i}].control`, value: ack.control, rule: 'each control may be acknowledged once' });
    }
    result.set(control.id, ack);
  });
  return result;
}

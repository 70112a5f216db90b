/**
 * The central log collection an aggregator (soggetto aggregatore) runs on OpenStack for the PAs it
 * serves: one container per tenant in the aggregator's project, each with its own write-only
 * application credential, and each container's off-site copy in a second region.
 */
import { Construct } from 'constructs';
import {
  AggregatorIdentity,
  QualificationLevel,
  Region,
  TenantIdentity,
  checkRegion,
  parseIpaCode,
} from '../core';
import {
  CentralLogCollectionStack,
  CentralLogCollectionStackProps,
  declareOpenStackRegion,
  openStackTagStrings,
} from '../openstack';
import { CentralTenantInput, checkCentralTenants, strictestClassification } from './private/checks';

/** The aggregator's identity on OpenStack: who runs the central log collection. */
export interface AggregatorOpenStackIdentity extends AggregatorIdentity {
  /** The ACN qualification of the cloud services used; must reach every tenant's minimum. */
  readonly qualification: QualificationLevel | string;
  /** The office that owns the central services. */
  readonly owner: string;
  /** The e-mail address for incidents on the central services. */
  readonly incidentContact: string;
}

/** One tenant whose logs the aggregator collects (structurally, a resolved tenant of lib/config fits). */
export interface AggregatorOpenStackTenant extends CentralTenantInput {}

/**
 * Properties of {@link AggregatorCentralOpenStackStack}: those of lib/openstack's
 * {@link CentralLogCollectionStackProps} (cloud, regions, container sync, service type, state,
 * credentials expiry), with the aggregator as the collector and the tenants with their policies.
 * `offsiteRegion` is required when a tenant's class needs an off-site copy (critico, strategico)
 * unless that tenant acknowledges ACN-BCK-04, and both regions must be allowed for every tenant's
 * class (ACN-LOC-01).
 */
export interface AggregatorCentralOpenStackStackProps extends Omit<CentralLogCollectionStackProps, 'collector' | 'tenants'> {
  /** The aggregator: codice IPA, name, qualification, owner, incident contact. */
  readonly aggregator: AggregatorOpenStackIdentity;
  /** The tenants whose logs are collected, each with its policy; one container and one credential each. */
  readonly tenants: readonly AggregatorOpenStackTenant[];
}

/** What the stack creates for one tenant (the type of lib/openstack's {@link CentralLogCollectionStack}). */
export type { CentralLogTarget } from '../openstack';

/**
 * The central log collection of an aggregator on OpenStack: lib/openstack's
 * {@link CentralLogCollectionStack} (one Terraform stack in the aggregator's project; per tenant a
 * container `pa-central-logs-<tenant slug>` at `log_container_<ipa code>`, a write-only
 * application credential at `log_writer_<ipa code>`, and, with `offsiteRegion`, the container's
 * off-site copy at `log_container_offsite_<ipa code>` synced with Swift container sync; the
 * outputs `log_container_`, `log_writer_id_` and `log_writer_secret_<ipa code>`), whose collector
 * is the aggregator and whose tenants are the aggregator's, checked against their policies first:
 * - each tenant is served by this aggregator, once, with the policy of its own class;
 * - the central region and the off-site region are allowed for every tenant's class (ACN-LOC-01);
 * - a tenant whose class needs an off-site copy (critico, strategico) has one, unless it
 *   acknowledges ACN-BCK-04;
 * - the aggregator is classified as its strictest tenant, and its qualification reaches every
 *   tenant's minimum (ACN-QUAL-01).
 *
 * The aggregator hands each tenant its credential's ID and secret over a secure channel (e.g. its
 * secret manager); the secret is also in the Terraform state, which must be kept encrypted and
 * access-controlled.
 */
export class AggregatorCentralOpenStackStack extends CentralLogCollectionStack {
  constructor(scope: Construct, id: string, props: AggregatorCentralOpenStackStackProps) {
    super(scope, id, collectionOf(props));
  }
}

/**
 * The aggregator's checks on the tenants and on itself, and the props of the collection they
 * give: the aggregator as collector (classified as its strictest tenant), the tenants'
 * identities, the rest as given. The collection then checks cloud, expiry, off-site region,
 * container sync, service type and state path itself, under the same field names.
 */
function collectionOf(props: AggregatorCentralOpenStackStackProps): CentralLogCollectionStackProps {
  const aggregatorCode = parseIpaCode(props.aggregator?.ipaCode, 'aggregator.ipaCode');
  const region = declareOpenStackRegion(props.region, 'region');
  checkCentralTenants(props.tenants, 'tenants', aggregatorCode, region, 'the central log container');
  let offsiteRegion: Region | undefined;
  if (props.offsiteRegion !== undefined) {
    // The collection refuses an off-site region equal to `region` (ACN-BCK-04).
    offsiteRegion = declareOpenStackRegion(props.offsiteRegion, 'offsiteRegion');
    const offsite = offsiteRegion;
    props.tenants.forEach((t, i) => checkRegion(t.policy, offsite, `tenants[${i}].policy`, `the off-site copy of the central log container of ${t.identity.ipaCode}`));
  }
  props.tenants.forEach((t) => {
    if (!t.policy.settings.offsiteBackupCopy) return;
    // As in the tenants' own log archive: the off-site obligation and its escape are ACN-BCK-04's.
    t.policy.requireOrAcknowledged('ACN-BCK-04', offsiteRegion !== undefined, {
      field: 'offsiteRegion',
      value: props.offsiteRegion,
      rule: `the central log container of ${t.policy.classification === 'ordinario' ? 'an' : 'a'} ${t.policy.classification} tenant (${t.identity.ipaCode}) must be synced to an off-site region (ABSC-LOG-03)`,
    });
  });
  const identity = TenantIdentity.of({
    ipaCode: aggregatorCode,
    name: props.aggregator.name,
    classification: strictestClassification(props.tenants),
    qualification: props.aggregator.qualification,
    owner: props.aggregator.owner,
    incidentContact: props.aggregator.incidentContact,
  }, 'aggregator');
  for (const t of props.tenants) t.policy.assertQualification(identity.qualification, 'aggregator.qualification');
  // The same 60-character limit as the tenants' tags, checked on the aggregator's identity.
  openStackTagStrings(identity, 'aggregator');
  return {
    collector: identity,
    cloud: props.cloud,
    region: props.region,
    offsiteRegion: props.offsiteRegion,
    containerSync: props.containerSync,
    objectStoreServiceType: props.objectStoreServiceType,
    localStatePath: props.localStatePath,
    tenants: props.tenants.map((t) => t.identity),
    credentialsExpireAt: props.credentialsExpireAt,
  };
}

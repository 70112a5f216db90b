import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AggregatorCentralOpenStackStack,
  AggregatorCentralOpenStackStackProps,
  AggregatorOpenStackTenant,
} from '../../lib/aggregator/central-openstack';
import { CompliancePolicy, DataClassification, TenantIdentity } from '../../lib/core';
import { App, Testing } from '../../lib/openstack/private/cdktf';
import { validateTerraformJson } from '../../lib/openstack/validate';

type Json = Record<string, any>;

const AGGREGATOR = {
  ipaCode: 'r_esempio',
  name: 'Societa in-house Regione Esempio',
  qualification: 'QC3',
  owner: 'Centro servizi',
  incidentContact: 'soc@inhouse.esempio.it',
};

function tenant(ipaCode: string, classification: DataClassification, aggregator = { ipaCode: AGGREGATOR.ipaCode, name: AGGREGATOR.name }): AggregatorOpenStackTenant {
  return {
    identity: TenantIdentity.of({
      ipaCode, name: `Ente ${ipaCode}`, classification, qualification: 'QC3', owner: 'CED', incidentContact: `cert@${ipaCode.replace(/_/g, '')}.it`, aggregator,
    }),
    policy: CompliancePolicy.forClassification(classification),
  };
}

const TENANTS = [tenant('c_a002', DataClassification.ORDINARIO), tenant('ao_esempio', DataClassification.CRITICO)];
const BASE: AggregatorCentralOpenStackStackProps = {
  aggregator: AGGREGATOR,
  cloud: 'regione-esempio',
  region: { name: 'it-mil1', country: 'IT' },
  offsiteRegion: { name: 'it-rom1', country: 'IT', location: 'Roma' },
  containerSync: { realm: 'regione-esempio', cluster: 'rom1' },
  tenants: TENANTS,
  credentialsExpireAt: '2027-06-30T00:00:00Z',
};
/** The realm-form sync target of it-rom1: realm, cluster, and the aggregator's project (same in both regions). */
const ROM1_SWIFT = '//regione-esempio/rom1/AUTH_${data.openstack_identity_auth_scope_v3.scope.project_id}';

function synth(props: AggregatorCentralOpenStackStackProps, id = 'central'): { stack: AggregatorCentralOpenStackStack; doc: Json } {
  // A real app synthesis, as `cdktf synth` does (it adds the default backend).
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'central-os-'));
  const app = new App({ outdir, skipValidation: false });
  const stack = new AggregatorCentralOpenStackStack(app, id, props);
  app.synth();
  try {
    return { stack, doc: JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** A resource's body without cdktf's `"//"` comment. */
const body = ({ '//': _comment, ...rest }: Json): Json => rest;

describe('central log collection for two tenants', () => {
  let stack: AggregatorCentralOpenStackStack;
  let doc: Json;
  beforeAll(() => ({ stack, doc } = synth(BASE)));

  test('provider block and required_providers as the tenants\' stacks', () => {
    expect(doc.provider.openstack).toEqual([{ cloud: 'regione-esempio', region: 'it-mil1' }]);
    expect(doc.terraform.required_providers).toEqual({ openstack: { source: 'terraform-provider-openstack/openstack', version: '3.4.0' } });
    expect(doc.terraform.backend).toEqual({ local: { path: '../../../terraform.central.tfstate' } });
  });

  test('the kit metadata at "//"["pa-cloud-kit"]: role central, the aggregator, its strictest tenant class, region with country', () => {
    expect(doc['//']['pa-cloud-kit']).toEqual({
      version: 1,
      role: 'central',
      tenant: { ipaCode: 'r_esempio', name: AGGREGATOR.name },
      classification: 'critico',
      qualification: AGGREGATOR.qualification,
      region: 'it-mil1',
      regions: [{ name: 'it-mil1', country: 'IT' }, { name: 'it-rom1', country: 'IT' }],
      overrides: [],
      acknowledgements: [],
    });
    expect(stack.metadata).toEqual(doc['//']['pa-cloud-kit']);
  });

  test('per tenant one container, its off-site copy and one credential, at pinned addresses', () => {
    expect(Object.keys(doc.resource).sort()).toEqual(['openstack_identity_application_credential_v3', 'openstack_objectstorage_container_v1']);
    expect(Object.keys(doc.resource.openstack_objectstorage_container_v1).sort()).toEqual([
      'log_container_ao_esempio', 'log_container_c_a002', 'log_container_offsite_ao_esempio', 'log_container_offsite_c_a002',
    ]);
    expect(Object.keys(doc.resource.openstack_identity_application_credential_v3).sort()).toEqual(['log_writer_ao_esempio', 'log_writer_c_a002']);
    expect(Object.keys(doc.variable).sort()).toEqual(['central_log_sync_key_ao_esempio', 'central_log_sync_key_c_a002']);
    expect(Object.keys(doc.data)).toEqual(['openstack_identity_auth_scope_v3']);
    expect(body(doc.data.openstack_identity_auth_scope_v3.scope)).toEqual({ name: 'current' });
  });

  test('the container is private, never destroyed, synced off-site (so not versioned: its copy is), and its metadata names the aggregator and the tenant', () => {
    expect(body(doc.resource.openstack_objectstorage_container_v1.log_container_ao_esempio)).toEqual({
      name: 'pa-central-logs-ao-esempio',
      region: 'it-mil1',
      versioning: false,
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
      metadata: {
        'pa-ipa-code': 'r_esempio',
        'pa-classification': 'critico',
        'acn-qualification': 'QC3',
        'pa-owner': 'Centro servizi',
        'pa-incident-contact': 'soc@inhouse.esempio.it',
        'pa-log-source': 'ao_esempio',
      },
      container_sync_to: `${ROM1_SWIFT}/pa-central-logs-ao-esempio-offsite`,
      container_sync_key: '${var.central_log_sync_key_ao_esempio}',
      depends_on: ['openstack_objectstorage_container_v1.log_container_offsite_ao_esempio'],
    });
  });

  test('each tenant\'s container syncs to its own off-site copy in the off-site region, with its own key', () => {
    const containers = doc.resource.openstack_objectstorage_container_v1;
    for (const code of ['c_a002', 'ao_esempio']) {
      const name = `pa-central-logs-${code.replace(/_/g, '-')}`;
      expect(containers[`log_container_${code}`].container_sync_to).toBe(`${ROM1_SWIFT}/${name}-offsite`);
      expect(containers[`log_container_${code}`].container_sync_key).toBe(`\${var.central_log_sync_key_${code}}`);
      expect(body(containers[`log_container_offsite_${code}`])).toEqual({
        name: `${name}-offsite`,
        region: 'it-rom1',
        versioning: true,
        force_destroy: false,
        lifecycle: { prevent_destroy: true },
        container_sync_key: `\${var.central_log_sync_key_${code}}`,
        metadata: containers[`log_container_${code}`].metadata,
      });
      expect(doc.variable[`central_log_sync_key_${code}`]).toEqual({
        type: 'string',
        sensitive: true,
        nullable: false,
        description: `Swift container sync key shared by ${name} and its off-site copy (set it with TF_VAR_central_log_sync_key_${code})`,
      });
    }
    expect(stack.targetFor('c_a002').syncKeyVariable).toBe('central_log_sync_key_c_a002');
    expect(stack.targetFor('c_a002').offsiteContainer).toBeDefined();
    expect(stack.offsiteRegion).toEqual(expect.objectContaining({ name: 'it-rom1', country: 'IT' }));
  });

  test('no sync key value anywhere in the JSON: only variable references', () => {
    const keys: unknown[] = [];
    const walk = (v: unknown, key?: string): void => {
      if (key === 'container_sync_key') keys.push(v);
      if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(doc);
    expect(keys).toHaveLength(4);
    for (const k of keys) expect(k).toMatch(/^\$\{var\.central_log_sync_key_[a-z0-9_]+\}$/);
    for (const v of Object.values<Json>(doc.variable)) expect(v).not.toHaveProperty('default');
  });

  test('each credential may only PUT objects into its own tenant\'s container, and expires', () => {
    const creds = doc.resource.openstack_identity_application_credential_v3;
    expect(body(creds.log_writer_c_a002)).toEqual({
      name: 'pa-central-logs-writer-c-a002',
      description: 'pa-cloud-kit central log writer of c_a002 for r_esempio: PUT objects into pa-central-logs-c-a002 only',
      region: 'it-mil1',
      unrestricted: false,
      expires_at: '2027-06-30T00:00:00Z',
      access_rules: [
        { service: 'object-store', method: 'PUT', path: '/v1/*/pa-central-logs-c-a002/*' },
        { service: 'object-store', method: 'PUT', path: '/v1/*/pa-central-logs-c-a002/*/**' },
      ],
    });
    expect(creds.log_writer_ao_esempio.access_rules.map((r: Json) => r.path)).toEqual([
      '/v1/*/pa-central-logs-ao-esempio/*', '/v1/*/pa-central-logs-ao-esempio/*/**',
    ]);
    // No rule reaches the container itself (which would allow changing its metadata or versioning).
    for (const c of Object.values<Json>(creds)) for (const r of c.access_rules) expect(r.path).toMatch(/^\/v1\/\*\/pa-central-logs-[a-z0-9-]+\/\*/);
  });

  test('outputs per tenant: container name, credential ID, and the secret only as a sensitive output', () => {
    expect(doc.output).toEqual({
      log_container_c_a002: { value: '${openstack_objectstorage_container_v1.log_container_c_a002.name}', description: 'Central log container of c_a002' },
      log_writer_id_c_a002: { value: '${openstack_identity_application_credential_v3.log_writer_c_a002.id}', description: "ID of c_a002's write-only credential for pa-central-logs-c-a002" },
      log_writer_secret_c_a002: {
        value: '${openstack_identity_application_credential_v3.log_writer_c_a002.secret}',
        description: "Secret of c_a002's write-only credential (hand it over a secure channel)",
        sensitive: true,
      },
      log_container_ao_esempio: expect.anything(),
      log_writer_id_ao_esempio: expect.anything(),
      log_writer_secret_ao_esempio: expect.objectContaining({ sensitive: true }),
    });
  });

  test('the aggregator is classified as its strictest tenant; targets are exposed per tenant', () => {
    expect(stack.identity.classification).toBe(DataClassification.CRITICO);
    expect(stack.targetFor('ao_esempio').containerName).toBe('pa-central-logs-ao-esempio');
    expect(() => stack.targetFor('c_nessuno')).toThrow(/^ipaCode: must be a tenant of the central log collection \(c_a002, ao_esempio\), got "c_nessuno"$/);
  });

  test('the JSON passes the project\'s Terraform validator', () => {
    expect(validateTerraformJson(doc)).toEqual([]);
  });
});

describe('options', () => {
  test('the writers\' access rules name the cloud\'s Swift service type', () => {
    const { doc } = synth({ ...BASE, objectStoreServiceType: 'object-store-v1' });
    const rules = Object.values(doc.resource.openstack_identity_application_credential_v3 as Json).flatMap((c) => c.access_rules as Json[]);
    expect(rules).toHaveLength(4);
    for (const r of rules) expect(r.service).toBe('object-store-v1');
  });

  test('the local state path, outside the output folder', () => {
    const { doc } = synth({ ...BASE, localStatePath: '../../../../terraform-state/pa-central.tfstate' });
    expect(doc.terraform.backend).toEqual({ local: { path: '../../../../terraform-state/pa-central.tfstate' } });
  });
});

describe('without an off-site region', () => {
  const ORDINARIO_ONLY = { ...BASE, offsiteRegion: undefined, tenants: [TENANTS[0]] };

  test('ordinario tenants only: the containers are not synced, and there is no variable or data source', () => {
    const { stack, doc } = synth(ORDINARIO_ONLY);
    expect(Object.keys(doc.resource.openstack_objectstorage_container_v1)).toEqual(['log_container_c_a002']);
    expect(doc.resource.openstack_objectstorage_container_v1.log_container_c_a002).not.toHaveProperty('container_sync_to');
    expect(doc.variable).toBeUndefined();
    expect(doc.data).toBeUndefined();
    expect(doc['//']['pa-cloud-kit'].regions).toEqual([{ name: 'it-mil1', country: 'IT' }]);
    expect(stack.offsiteRegion).toBeUndefined();
    expect(stack.targetFor('c_a002').offsiteContainer).toBeUndefined();
  });

  test('a critico tenant that acknowledges ACN-BCK-04 needs none', () => {
    const acknowledged = {
      ...TENANTS[1],
      policy: CompliancePolicy.forClassification(DataClassification.CRITICO, {
        acknowledgements: [{ control: 'ACN-BCK-04', reason: 'the central logs go to tape at the regional data centre' }],
      }),
    };
    const stack = new AggregatorCentralOpenStackStack(Testing.app(), 'central', { ...ORDINARIO_ONLY, tenants: [TENANTS[0], acknowledged] });
    expect(stack.targetFor('ao_esempio').offsiteContainer).toBeUndefined();
  });
});

describe('bad input', () => {
  test.each<[string, Partial<AggregatorCentralOpenStackStackProps>, RegExp]>([
    ['aggregator codice IPA', { aggregator: { ...AGGREGATOR, ipaCode: 'X' } }, /^aggregator\.ipaCode: must be a codice IPA/],
    ['aggregator owner', { aggregator: { ...AGGREGATOR, owner: 'a/b' } }, /^aggregator\.owner: must be 1-128 characters/],
    ['aggregator tag too long for OpenStack', { aggregator: { ...AGGREGATOR, owner: 'o'.repeat(60) } },
      /^aggregator\.owner: must be at most 51 characters on OpenStack.*\[TAG-01\]$/],
    ['cloud', { cloud: 'no spaces' }, /^cloud: must be the name of an entry of clouds\.yaml, e\.g\. "pa-cloud", got "no spaces"$/],
    ['region missing', { region: undefined }, /^region: must be the region with its country/],
    ['region country', { region: { name: 'it-mil1', country: 'Italy' } }, /^region\.country: must be an ISO 3166-1 alpha-2 country code/],
    ['region not allowed for a critico tenant', { region: { name: 'de-fra1', country: 'DE' } },
      /^tenants\[1\]\.policy: the central log container of ao_esempio of a critico tenant must stay in a region in Italy; de-fra1 is in DE.*\[ACN-LOC-01\]$/],
    ['credential expiry', { credentialsExpireAt: '2027-06-30' }, /^credentialsExpireAt: must be an ISO 8601 date-time with a time zone/],
    ['no tenants', { tenants: [] }, /^tenants: must list at least one tenant, got \[\]$/],
    ['tenant of another aggregator', { tenants: [tenant('c_b001', DataClassification.ORDINARIO, { ipaCode: 'r_altro', name: 'Altro' })] },
      /^tenants\[0\]\.identity\.aggregator: must be the aggregator "r_esempio".*, got "r_altro"$/],
    ['duplicate tenant', { tenants: [TENANTS[0], TENANTS[0]] }, /^tenants\[1\]\.identity\.ipaCode: must be unique: tenants\[0\] has the same codice IPA, got "c_a002"$/],
    ['policy of another class', { tenants: [{ ...TENANTS[0], policy: CompliancePolicy.forClassification(DataClassification.CRITICO) }] },
      /^tenants\[0\]\.policy: must be the compliance policy of c_a002's classification "ordinario"/],
    ['no offsiteRegion with a critico tenant', { offsiteRegion: undefined },
      /^offsiteRegion: the central log container of a critico tenant \(ao_esempio\) must be synced to an off-site region \(ABSC-LOG-03\) \(or acknowledge ACN-BCK-04 with a reason\), got nothing \[ACN-BCK-04\]$/],
    ['no offsiteRegion with a strategico tenant', { offsiteRegion: undefined, tenants: [TENANTS[0], tenant('r_esempio_ps', DataClassification.STRATEGICO)] },
      /^offsiteRegion: the central log container of a strategico tenant \(r_esempio_ps\) must be synced to an off-site region \(ABSC-LOG-03\) \(or acknowledge ACN-BCK-04 with a reason\), got nothing \[ACN-BCK-04\]$/],
    ['offsiteRegion not an object', { offsiteRegion: 'it-rom1' as never }, /^offsiteRegion: must be the region with its country/],
    ['offsiteRegion name', { offsiteRegion: { name: 'it rom1', country: 'IT' } }, /^offsiteRegion\.name: must be a region name/],
    ['offsiteRegion country', { offsiteRegion: { name: 'it-rom1', country: 'it' } }, /^offsiteRegion\.country: must be an ISO 3166-1 alpha-2 country code/],
    ['offsiteRegion same as region', { offsiteRegion: { name: 'it-mil1', country: 'IT' } },
      /^offsiteRegion\.name: must differ from region\.name "it-mil1": an off-site copy lives in another region, got "it-mil1" \[ACN-BCK-04\]$/],
    ['offsiteRegion not allowed for a critico tenant', { offsiteRegion: { name: 'de-fra1', country: 'DE' } },
      /^tenants\[1\]\.policy: the off-site copy of the central log container of ao_esempio of a critico tenant must stay in a region in Italy; de-fra1 is in DE.*\[ACN-LOC-01\]$/],
    ['offsiteRegion outside the EU for an ordinario tenant', { offsiteRegion: { name: 'us-east', country: 'US' }, tenants: [TENANTS[0]] },
      /^tenants\[0\]\.policy: the off-site copy of the central log container of c_a002 of an ordinario tenant must stay in .*us-east is in US.*\[ACN-LOC-01\]$/],
    ['offsiteRegion without container sync', { containerSync: undefined },
      /^containerSync: is required with an off-site region: the Swift container sync realm and the cluster of it-rom1 in it, as the provider's container-sync-realms\.conf names them, e\.g\. \{ realm: "pa-realm", cluster: "it-rom1" \}, got nothing$/],
    ['container sync realm with a slash', { containerSync: { realm: 'a/b', cluster: 'rom1' } },
      /^containerSync\.realm: must be a name of the provider's container-sync-realms\.conf: .*, got "a\/b"$/],
    ['object store service type', { objectStoreServiceType: 'Swift' },
      /^objectStoreServiceType: must be a service type of the cloud's catalog .*, got "Swift"$/],
    ['state path', { localStatePath: 'state' },
      /^localStatePath: must be a path ending in \.tfstate, without spaces, quotes, backslashes or \$, .*, got "state"$/],
    ['qualification below a tenant\'s minimum', { aggregator: { ...AGGREGATOR, qualification: 'QC1' } },
      /^aggregator\.qualification: a critico tenant needs services qualified QC2 or higher.*\[ACN-QUAL-01\]$/],
  ])('%s', (_name, props, message) => {
    expect(() => new AggregatorCentralOpenStackStack(Testing.app(), 'central', { ...BASE, ...props } as AggregatorCentralOpenStackStackProps)).toThrow(message);
  });
});

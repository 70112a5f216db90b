/**
 * The central log collection as lib/openstack exports it (CentralLogCollectionStack,
 * createTerraformApp, declareOpenStackRegion), used directly, without the aggregator's checks on
 * the tenants' policies (test/aggregator/central-openstack.test.ts covers those and every
 * property of the resources).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { DataClassification, TenantIdentity } from '../../lib/core';
import {
  CentralLogCollectionStack,
  CentralLogCollectionStackProps,
  createTerraformApp,
  declareOpenStackRegion,
  validateTerraformJson,
} from '../../lib/openstack';
import { Annotations, App, Testing } from '../../lib/openstack/private/cdktf';

type Json = Record<string, any>;

const identity = (ipaCode: string, classification: DataClassification, owner = 'CED') => TenantIdentity.of({
  ipaCode, name: `Ente ${ipaCode}`, classification, qualification: 'QC2', owner, incidentContact: `cert@${ipaCode.replace(/_/g, '')}.it`,
});

const COLLECTOR = identity('r_esempio', DataClassification.CRITICO, 'Centro servizi');
const BASE: CentralLogCollectionStackProps = {
  collector: COLLECTOR,
  cloud: 'regione-esempio',
  region: { name: 'it-mil1', country: 'IT' },
  tenants: [identity('c_a002', DataClassification.ORDINARIO), identity('ao_esempio', DataClassification.CRITICO)],
  credentialsExpireAt: '2027-06-30T00:00:00Z',
};
const OFFSITE: Partial<CentralLogCollectionStackProps> = {
  offsiteRegion: { name: 'it-rom1', country: 'IT' },
  containerSync: { realm: 'pa-realm', cluster: 'rom1' },
};

/** Synthesizes the stack in an app of createTerraformApp, as a program of the user would. */
function synth(props: CentralLogCollectionStackProps, id = 'logs'): { stack: CentralLogCollectionStack; doc: Json; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'central-logs-'));
  try {
    const app = createTerraformApp({ outdir });
    const stack = new CentralLogCollectionStack(app, id, props);
    app.synth();
    return { stack, doc: JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')), outdir };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('without an off-site region', () => {
  let stack: CentralLogCollectionStack;
  let doc: Json;
  beforeAll(() => ({ stack, doc } = synth(BASE)));

  test('one container and one write-only credential per tenant, at the pinned addresses, with the outputs', () => {
    expect(Object.keys(doc.resource.openstack_objectstorage_container_v1)).toEqual(['log_container_ao_esempio', 'log_container_c_a002']);
    expect(Object.keys(doc.resource.openstack_identity_application_credential_v3)).toEqual(['log_writer_ao_esempio', 'log_writer_c_a002']);
    expect(Object.keys(doc.output).sort()).toEqual([
      'log_container_ao_esempio', 'log_container_c_a002', 'log_writer_id_ao_esempio', 'log_writer_id_c_a002',
      'log_writer_secret_ao_esempio', 'log_writer_secret_c_a002',
    ]);
    expect(doc.output.log_writer_secret_c_a002.sensitive).toBe(true);
    expect(doc.variable).toBeUndefined();
    expect(doc.data).toBeUndefined();
    expect(doc.provider.openstack).toEqual([{ cloud: 'regione-esempio', region: 'it-mil1' }]);
  });

  test('the container is versioned (no sync), never destroyed, and its metadata names the collector and the tenant', () => {
    const { '//': _comment, ...container } = doc.resource.openstack_objectstorage_container_v1.log_container_c_a002;
    expect(container).toEqual({
      name: 'pa-central-logs-c-a002',
      region: 'it-mil1',
      versioning: true,
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
      metadata: {
        'pa-ipa-code': 'r_esempio',
        'pa-classification': 'critico',
        'acn-qualification': 'QC2',
        'pa-owner': 'Centro servizi',
        'pa-incident-contact': 'cert@resempio.it',
        'pa-log-source': 'c_a002',
      },
    });
    const credential = doc.resource.openstack_identity_application_credential_v3.log_writer_c_a002;
    expect(credential.description).toBe('pa-cloud-kit central log writer of c_a002 for r_esempio: PUT objects into pa-central-logs-c-a002 only');
    expect(credential.access_rules).toEqual([
      { service: 'object-store', method: 'PUT', path: '/v1/*/pa-central-logs-c-a002/*' },
      { service: 'object-store', method: 'PUT', path: '/v1/*/pa-central-logs-c-a002/*/**' },
    ]);
  });

  test('the metadata: role central, the collector as tenant with its own class and qualification', () => {
    expect(doc['//']['pa-cloud-kit']).toEqual({
      version: 1,
      role: 'central',
      tenant: { ipaCode: 'r_esempio', name: 'Ente r_esempio' },
      classification: 'critico',
      qualification: 'QC2',
      region: 'it-mil1',
      regions: [{ name: 'it-mil1', country: 'IT' }],
      overrides: [],
      acknowledgements: [],
    });
    expect(stack.metadata).toEqual(doc['//']['pa-cloud-kit']);
    expect(stack.identity).toBe(COLLECTOR);
    expect(stack.region).toEqual({ provider: 'openstack', name: 'it-mil1', country: 'IT', location: undefined });
    expect(stack.targetFor('AO_ESEMPIO').containerName).toBe('pa-central-logs-ao-esempio');
    expect(stack.targetFor('ao_esempio').offsiteContainer).toBeUndefined();
  });

  test('construct paths and addresses in the JSON, state beside the output folder', () => {
    const comment = doc.resource.openstack_objectstorage_container_v1.log_container_c_a002['//'];
    expect(comment).toEqual({ metadata: { path: 'logs/LogContainer-c_a002', uniqueId: 'log_container_c_a002' } });
    expect(doc.terraform.backend).toEqual({ local: { path: '../../../terraform.logs.tfstate' } });
  });

  test('the JSON passes the project\'s Terraform validator', () => {
    expect(validateTerraformJson(doc)).toEqual([]);
  });
});

test('with an off-site region: each container syncs to its versioned copy there, with its own sensitive key variable', () => {
  const { stack, doc } = synth({ ...BASE, ...OFFSITE, objectStoreServiceType: 'object-store-v1', localStatePath: '../../../../state/logs.tfstate' });
  const containers = doc.resource.openstack_objectstorage_container_v1;
  expect(Object.keys(containers)).toEqual(['log_container_ao_esempio', 'log_container_c_a002', 'log_container_offsite_ao_esempio', 'log_container_offsite_c_a002']);
  expect(containers.log_container_c_a002).toMatchObject({
    versioning: false,
    container_sync_to: '//pa-realm/rom1/AUTH_${data.openstack_identity_auth_scope_v3.scope.project_id}/pa-central-logs-c-a002-offsite',
    container_sync_key: '${var.central_log_sync_key_c_a002}',
    depends_on: ['openstack_objectstorage_container_v1.log_container_offsite_c_a002'],
  });
  expect(containers.log_container_offsite_c_a002).toMatchObject({ name: 'pa-central-logs-c-a002-offsite', region: 'it-rom1', versioning: true, lifecycle: { prevent_destroy: true } });
  expect(containers.log_container_offsite_c_a002['//'].metadata.path).toBe('logs/Offsite-c_a002/OffsiteContainer');
  expect(doc.variable.central_log_sync_key_c_a002).toMatchObject({ type: 'string', sensitive: true, nullable: false });
  expect(doc.data.openstack_identity_auth_scope_v3.scope.name).toBe('current');
  expect(doc['//']['pa-cloud-kit'].regions).toEqual([{ name: 'it-mil1', country: 'IT' }, { name: 'it-rom1', country: 'IT' }]);
  expect(doc.terraform.backend).toEqual({ local: { path: '../../../../state/logs.tfstate' } });
  for (const c of Object.values<Json>(doc.resource.openstack_identity_application_credential_v3)) {
    for (const r of c.access_rules) expect(r.service).toBe('object-store-v1');
  }
  expect(stack.targetFor('c_a002').syncKeyVariable).toBe('central_log_sync_key_c_a002');
  expect(validateTerraformJson(doc)).toEqual([]);
});

test('createTerraformApp: the app writes under outdir, and its annotations carry no call stack (cdktf\'s default App records one)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'central-logs-app-'));
  try {
    const traceOf = (app: Construct) => {
      const stack = new CentralLogCollectionStack(app, 'logs', BASE);
      Annotations.of(stack).addWarning('a warning');
      return stack.node.metadata.find((m) => m.data === 'a warning')?.trace;
    };
    const app = createTerraformApp({ outdir });
    expect(app.outdir).toBe(outdir);
    expect(traceOf(app)).toBeUndefined();
    expect(traceOf(new App({ outdir }))).toEqual(expect.arrayContaining([expect.any(String)]));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});

describe('declareOpenStackRegion', () => {
  test('the region with its country as core\'s Region', () => {
    expect(declareOpenStackRegion({ name: 'it-mil1', country: 'IT', location: 'Milano' }, 'region')).toEqual({ provider: 'openstack', name: 'it-mil1', country: 'IT', location: 'Milano' });
  });

  test.each<[string, unknown, RegExp]>([
    ['missing', undefined, /^backup: must be the region with its country, e\.g\. \{ name: "it-mil1", country: "IT" \}, got nothing$/],
    ['bad name', { name: 'it mil1', country: 'IT' }, /^backup\.name: must be a region name of letters, digits, dots, dashes and underscores, got "it mil1"$/],
    ['bad country', { name: 'it-mil1', country: 'Italia' }, /^backup\.country: must be an ISO 3166-1 alpha-2 country code in capitals, e\.g\. "IT", got "Italia"$/],
  ])('%s', (_name, region, message) => {
    expect(() => declareOpenStackRegion(region as never, 'backup')).toThrow(message);
  });
});

describe('bad input', () => {
  test.each<[string, Partial<CentralLogCollectionStackProps>, RegExp]>([
    ['collector not an identity', { collector: { ipaCode: 'r_esempio' } as never }, /^collector: must be a TenantIdentity \(TenantIdentity\.of\(\{\.\.\.\}\)\)/],
    ['collector tag too long for OpenStack', { collector: identity('r_esempio', DataClassification.CRITICO, 'o'.repeat(60)) },
      /^collector\.owner: must be at most 51 characters on OpenStack.*\[TAG-01\]$/],
    ['cloud', { cloud: 'no spaces' }, /^cloud: must be the name of an entry of clouds\.yaml, e\.g\. "pa-cloud", got "no spaces"$/],
    ['region missing', { region: undefined }, /^region: must be the region with its country/],
    ['region country', { region: { name: 'it-mil1', country: 'it' } }, /^region\.country: must be an ISO 3166-1 alpha-2 country code/],
    ['credential expiry', { credentialsExpireAt: '2027-06-30' }, /^credentialsExpireAt: must be an ISO 8601 date-time with a time zone/],
    ['no tenants', { tenants: [] }, /^tenants: must list at least one tenant, got \[\]$/],
    ['tenant not an identity', { tenants: [{ ipaCode: 'c_a002', slug: 'c-a002' } as never] }, /^tenants\[0\]: must be a TenantIdentity \(TenantIdentity\.of\(\{\.\.\.\}\)\)/],
    ['duplicate tenant', { tenants: [BASE.tenants[0], BASE.tenants[1], BASE.tenants[0]] },
      /^tenants\[2\]\.ipaCode: must be unique: tenants\[0\] has the same codice IPA, got "c_a002"$/],
    ['offsiteRegion same as region', { ...OFFSITE, offsiteRegion: { name: 'it-mil1', country: 'IT' } },
      /^offsiteRegion\.name: must differ from region\.name "it-mil1": an off-site copy lives in another region, got "it-mil1" \[ACN-BCK-04\]$/],
    ['offsiteRegion without container sync', { offsiteRegion: OFFSITE.offsiteRegion }, /^containerSync: is required with an off-site region: .*cluster of it-rom1/],
    ['object store service type', { objectStoreServiceType: 'Swift' }, /^objectStoreServiceType: must be a service type of the cloud's catalog .*, got "Swift"$/],
    ['state path', { localStatePath: 'state' }, /^localStatePath: must be a path ending in \.tfstate, .*, got "state"$/],
  ])('%s', (_name, props, message) => {
    expect(() => new CentralLogCollectionStack(Testing.app(), 'logs', { ...BASE, ...props } as CentralLogCollectionStackProps)).toThrow(message);
  });
});

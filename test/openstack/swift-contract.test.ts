/**
 * The Swift containers of the synthesized OpenStack example, created on the REAL Swift of the
 * harness (Debian's swift-proxy with container_sync and object versioning, keystonemiddleware)
 * with the headers terraform-provider-openstack sends for them: `X-Container-Sync-To`,
 * `X-Container-Sync-Key`, `X-Versions-Enabled`.
 *
 * The contract: sync targets are realm form `//<realm>/<cluster>/AUTH_<project>/<container>`
 * (realm and cluster from the landing zones file, matched here by container-sync-realms.conf),
 * and only destination containers are versioned: Swift refuses versioning on a sync source.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildApp } from '../../examples/openstack/main';
import { OpenStack, startOpenStack } from './harness';

type Json = Record<string, any>;
const REALM_FORM = /^\/\/([^/]+)\/([^/]+)\/AUTH_([^/]+)\/([^/]+)$/;

const containers: Array<{ stack: string; name: string; config: Json }> = [];
let openstack: OpenStack;
let token: string;
let swift: string;

beforeAll(async () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-swift-contract-'));
  buildApp(outdir).synth();
  for (const stack of fs.readdirSync(path.join(outdir, 'stacks'))) {
    const doc = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as Json;
    for (const [name, config] of Object.entries(doc.resource?.openstack_objectstorage_container_v1 ?? {})) {
      containers.push({ stack, name, config: config as Json });
    }
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  const first = containers.map((c) => REALM_FORM.exec(c.config.container_sync_to ?? '')).find((m) => m !== null);
  openstack = await startOpenStack(['tenant'], first ? { syncRealm: first[1], syncCluster: first[2] } : {});
  const issued = await openstack.openstack(openstack.operatorEnv('tenant'), ['token', 'issue', '-f', 'json']);
  token = JSON.parse(issued.stdout).id;
  swift = `${openstack.swiftUrl}/v1/AUTH_${openstack.tenants.tenant.projectId}`;
}, 600_000);

afterAll(async () => {
  if (openstack) await openstack.stop();
});

/** PUT or POST a container with headers; the status code. */
async function container(method: 'PUT' | 'POST', name: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const res = await fetch(`${swift}/${name}`, { method, headers: { 'X-Auth-Token': token, ...headers } });
  return { status: res.status, body: await res.text() };
}

/** The headers terraform-provider-openstack sends for a container's configuration. */
function headersOf(config: Json, projectId: string): Record<string, string> {
  const h: Record<string, string> = {};
  if (config.versioning === true) h['X-Versions-Enabled'] = 'true';
  if (config.container_sync_to) {
    // The project is a Terraform reference in the JSON: this harness's project stands in for it.
    h['X-Container-Sync-To'] = String(config.container_sync_to).replace(/AUTH_\$\{[^}]+\}/, `AUTH_${projectId}`);
    h['X-Container-Sync-Key'] = 'contract-test-key';
  }
  return h;
}

const sources = () => containers.filter((c) => c.config.container_sync_to !== undefined);

describe('container settings of the synthesized example (needs the Terraform half of issue 9)', () => {
  test('there are sync sources: the backup and log containers of critico/strategico tenants', () => {
    expect(sources().length).toBeGreaterThanOrEqual(2);
  });

  test('every sync target is realm form //<realm>/<cluster>/AUTH_<project>/<container>', () => {
    for (const c of sources()) {
      expect({ container: c.name, syncTo: c.config.container_sync_to }).toEqual({ container: c.name, syncTo: expect.stringMatching(REALM_FORM) });
    }
  });

  test('no sync source is versioned; every sync destination is', () => {
    for (const c of sources()) expect({ container: c.name, versioning: c.config.versioning ?? false }).toEqual({ container: c.name, versioning: false });
    const targets = new Set(sources().map((c) => REALM_FORM.exec(c.config.container_sync_to)?.[4] ?? String(c.config.container_sync_to).split('/').pop()));
    const destinations = containers.filter((c) => targets.has(c.config.name));
    expect(destinations.length).toBe(targets.size);
    for (const d of destinations) expect({ container: d.config.name, versioning: d.config.versioning }).toEqual({ container: d.config.name, versioning: true });
  });

  test('the real Swift accepts every container as synthesized: destinations first, then their sources', async () => {
    const projectId = openstack.tenants.tenant.projectId;
    const ordered = [...containers.filter((c) => !c.config.container_sync_to), ...sources()];
    for (const c of ordered) {
      const r = await container('PUT', `${c.stack}-${c.config.name}`, headersOf(c.config, projectId));
      expect({ container: c.name, status: r.status, body: r.body }).toEqual({ container: c.name, status: 201, body: expect.any(String) });
    }
  });
});

describe('what the real Swift accepts and refuses', () => {
  const realmTarget = (name: string) => `//${openstack.sync.realm}/${openstack.sync.cluster}/AUTH_${openstack.tenants.tenant.projectId}/${name}`;

  test('realm-form sync to a configured realm and cluster is accepted', async () => {
    expect((await container('PUT', 'realm-dest', { 'X-Versions-Enabled': 'true' })).status).toBe(201);
    const r = await container('PUT', 'realm-source', { 'X-Container-Sync-To': realmTarget('realm-dest'), 'X-Container-Sync-Key': 'k' });
    expect(r.status).toBe(201);
  });

  test('realm form naming an unknown realm is refused', async () => {
    const r = await container('PUT', 'bad-realm-source', { 'X-Container-Sync-To': `//NOPE/x/AUTH_${openstack.tenants.tenant.projectId}/c`, 'X-Container-Sync-Key': 'k' });
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/No realm key for 'NOPE'/i);
  });

  test('a full URL is refused when its host is not in allowed_sync_hosts', async () => {
    const r = await container('PUT', 'url-source', { 'X-Container-Sync-To': `${swift}/realm-dest`, 'X-Container-Sync-Key': 'k' });
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/Invalid host/i);
  });

  test('versioning is refused on a sync source and accepted on the destination', async () => {
    const source = await container('POST', 'realm-source', { 'X-Versions-Enabled': 'true' });
    expect(source.status).toBe(400);
    expect(source.body).toMatch(/configured as source of container syncing/);
    expect((await container('POST', 'realm-dest', { 'X-Versions-Enabled': 'true' })).status).toBe(204);
  });

  test('a container created with both in one PUT is accepted, but any later versioning update is refused', async () => {
    // Swift checks the existing container's sync setting: the provider's create (one PUT) passes,
    // its update (POST with X-Versions-Enabled) and a re-enable after a suspend fail.
    const both = await container('PUT', 'versioned-source', { 'X-Versions-Enabled': 'true', 'X-Container-Sync-To': realmTarget('realm-dest'), 'X-Container-Sync-Key': 'k' });
    expect(both.status).toBe(201);
    const update = await container('POST', 'versioned-source', { 'X-Versions-Enabled': 'true' });
    expect(update.status).toBe(400);
    expect(update.body).toMatch(/configured as source of container syncing/);
  });
});

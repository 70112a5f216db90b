/**
 * Runs the rendered backup scheduler with the real `openstack` client against the harness: a
 * tenant's containers and workload volume, the scheduler's application credential with the kit's
 * access rules (created by the tenant's operator through Keystone), and runs at an injected time.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompliancePolicy, DataClassification, TenantIdentity } from '../../../lib/core';
import { schedulerAccessRules } from '../../../lib/openstack/backup';
import { BACKUP_VOLUME_PROPERTY, renderBackupScript } from '../../../lib/openstack/cloud-init/backup-script';
import { OpenStack } from './index';

export const BACKUP_CONTAINER = 'c-h501-volume-backups';
export const ARCHIVE_CONTAINER = 'c-h501-log-archive';
export const ENCRYPTED_TYPE = 'encrypted-luks';

export interface SchedulerTenant {
  readonly name: string;
  readonly projectId: string;
  readonly dir: string;
  readonly script: string;
  readonly appCredentialEnv: Record<string, string>;
  readonly volumeId: string;
  readonly serverId: string;
}

export interface SchedulerRun {
  readonly code: number;
  readonly stderr: string;
  readonly seconds: number;
}

export const tenantOf = (classification: DataClassification) => TenantIdentity.of({
  ipaCode: 'c_h501', name: 'Comune di Esempio', classification, qualification: 'QC3',
  owner: 'Servizi ICT', incidentContact: 'cert@comune.example.it',
});

export function scriptFor(classification: DataClassification, os: OpenStack): string {
  return renderBackupScript(CompliancePolicy.forClassification(classification), {
    tenant: tenantOf(classification),
    region: os.region,
    offsiteRegion: classification === DataClassification.ORDINARIO ? undefined : os.offsiteRegion,
    backupContainerName: BACKUP_CONTAINER,
    archiveContainerName: ARCHIVE_CONTAINER,
    restoreVolumeType: ENCRYPTED_TYPE,
  });
}

/** A small ext4 image holding a known file: the workload volume's content. */
export function ext4Image(file: string, text: string): void {
  const src = `${file}.d`;
  fs.mkdirSync(src, { recursive: true });
  fs.writeFileSync(path.join(src, 'protocollo.txt'), text);
  fs.writeFileSync(file, Buffer.alloc(2 << 20));
  execFileSync('/usr/sbin/mkfs.ext4', ['-q', '-F', '-d', src, file]);
}

async function must(os: OpenStack, env: Record<string, string>, args: string[]): Promise<string> {
  const r = await os.openstack(env, args);
  if (r.code !== 0) throw new Error(`openstack ${args.join(' ')}: ${r.code} ${r.stderr}`);
  return r.stdout;
}

/**
 * The tenant's side as Terraform would leave it (containers, a volume marked for backup) and the
 * scheduler's application credential with the kit's access rules.
 */
export async function setUpTenant(os: OpenStack, name: string, classification: DataClassification,
  opts: { blockStorageServiceType?: string } = {}): Promise<SchedulerTenant> {
  const operator = os.operatorEnv(name);
  const dir = path.join(os.work, `tenant-${name}`);
  fs.mkdirSync(path.join(dir, 'devices'), { recursive: true });
  await must(os, operator, ['container', 'create', BACKUP_CONTAINER, ARCHIVE_CONTAINER]);
  const projectId = os.tenants[name].projectId;
  const image = path.join(dir, 'volume.img');
  ext4Image(image, `registro di protocollo di ${name}\n`);
  const { id: volumeId } = await os.control('POST', '/volumes', {
    project: projectId, name: 'data', size: 20, status: 'in-use', volumeType: ENCRYPTED_TYPE,
    metadata: { [BACKUP_VOLUME_PROPERTY]: 'true' }, contentFile: image,
  });
  // Volumes the scheduler must leave alone.
  await os.control('POST', '/volumes', { project: projectId, name: 'other', size: 5, metadata: { [BACKUP_VOLUME_PROPERTY]: 'false' } });
  await os.control('PUT', '/device-dir', { path: path.join(os.work, 'devices') });
  const rules = schedulerAccessRules({
    blockStorageServiceType: opts.blockStorageServiceType ?? 'block-storage',
    backupContainer: BACKUP_CONTAINER,
    archiveContainer: ARCHIVE_CONTAINER,
  }).map(({ service, method, path: p }) => ({ service, method, path: p }));
  const created = JSON.parse(await must(os, operator, [
    'application', 'credential', 'create', '--access-rules', JSON.stringify(rules), '-f', 'json', `${name}-backup-scheduler`,
  ]));
  return {
    name,
    projectId,
    dir,
    script: scriptFor(classification, os),
    volumeId,
    serverId: '5d6f9f3e-0000-4000-8000-00000000c0de',
    appCredentialEnv: {
      OS_AUTH_URL: os.authUrl,
      OS_AUTH_TYPE: 'v3applicationcredential',
      OS_APPLICATION_CREDENTIAL_ID: created.id,
      OS_APPLICATION_CREDENTIAL_SECRET: created.secret,
      OS_REGION_NAME: os.region,
      OS_INTERFACE: 'public',
      OS_IDENTITY_API_VERSION: '3',
    },
  };
}

/** Runs the scheduler once, as the systemd service would, at `now` (epoch seconds). */
export async function runScheduler(os: OpenStack, t: SchedulerTenant, now: number, script = t.script): Promise<SchedulerRun> {
  await os.control('PUT', `/clock/${t.projectId}`, { now });
  const file = path.join(t.dir, 'pa-volume-backup');
  fs.writeFileSync(file, script, { mode: 0o750 });
  const started = Date.now();
  return new Promise((resolve) => {
    execFile('/bin/bash', [file], {
      cwd: t.dir,
      maxBuffer: 64 << 20,
      env: {
        PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
        HOME: t.dir,
        ...t.appCredentialEnv,
        PA_BACKUP_NOW: String(now),
        PA_BACKUP_STATE_DIR: path.join(t.dir, 'state'),
        PA_BACKUP_POLL_SECONDS: '0',
        PA_BACKUP_WAIT_ATTEMPTS: '10',
        PA_BACKUP_DEVICE_DIR: path.join(os.work, 'devices'),
        PA_BACKUP_SERVER_ID: t.serverId,
      },
    }, (error, _stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/**
 * Objects of a container (name and content), read with the tenant's operator: a token from the
 * real client, then Swift's HTTP API (one client call instead of one per object).
 */
export async function objects(os: OpenStack, tenant: string, container: string, prefix: string): Promise<Record<string, string>> {
  const token = JSON.parse(await must(os, os.operatorEnv(tenant), ['token', 'issue', '-f', 'json'])).id as string;
  const base = `${os.swiftUrl}/v1/AUTH_${os.tenants[tenant].projectId}/${container}`;
  const headers = { 'X-Auth-Token': token };
  const listing = await fetch(`${base}?format=json&prefix=${encodeURIComponent(prefix)}`, { headers });
  if (!listing.ok) throw new Error(`listing ${container}: ${listing.status}`);
  const out: Record<string, string> = {};
  for (const { name } of (await listing.json()) as Array<{ name: string }>) {
    const res = await fetch(`${base}/${name.split('/').map(encodeURIComponent).join('/')}`, { headers });
    out[name] = await res.text();
  }
  return out;
}

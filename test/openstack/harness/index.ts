/**
 * Real OpenStack software on loopback for the runtime tests: Keystone and a Swift all-in-one from
 * Debian's packages, and the Cinder v3 emulator (harness.py, cinder_emulator.py beside this file),
 * plus the real `openstack` client (Debian's python3-openstackclient) to run rendered scripts with.
 * `.ci/run` installs the packages; a suite calls {@link startOpenStack} in beforeAll and
 * `stop()` in afterAll.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';

/** What harness.py prints once every service answers. */
export interface HarnessInfo {
  readonly authUrl: string;
  readonly region: string;
  readonly offsiteRegion: string;
  readonly swiftUrl: string;
  readonly cinderUrl: string;
  readonly admin: { username: string; password: string; project: string };
  readonly tenants: Record<string, { projectId: string; userId: string; username: string; password: string }>;
  readonly sync: { realm: string; cluster: string; realmKey: string };
  readonly logs: string;
  readonly timings: Record<string, number>;
}

export interface OpenStack extends HarnessInfo {
  readonly work: string;
  /** Seconds from spawn to ready. */
  readonly startSeconds: number;
  /** `OS_*` of a tenant's operator (password, project scope). */
  operatorEnv(tenant: string): Record<string, string>;
  /** Runs the real `openstack` client; resolves with code, stdout, stderr (never rejects). */
  openstack(env: Record<string, string>, args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** A call to the emulator's test control (/_harness/...). */
  control(method: string, p: string, body?: unknown): Promise<any>;
  stop(): Promise<void>;
}

const HARNESS = path.join(__dirname, 'harness.py');

/** The packages the harness needs, or a message naming the missing ones (the suites fail with it). */
export function missingPackages(): string | undefined {
  const need = ['/usr/bin/openstack', '/usr/bin/keystone-manage', '/usr/bin/swift-proxy-server', '/usr/bin/swift-object-server'];
  const missing = need.filter((f) => !fs.existsSync(f));
  return missing.length === 0 ? undefined
    : `missing ${missing.join(', ')}: install python3-openstackclient keystone swift-proxy swift-account swift-container swift-object (.ci/run does)`;
}

export async function startOpenStack(projects: string[], opts: { blockStorageType?: string; syncRealm?: string; syncCluster?: string } = {}): Promise<OpenStack> {
  const missing = missingPackages();
  if (missing) throw new Error(missing);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-openstack-'));
  const started = Date.now();
  const child: ChildProcess = spawn('/usr/bin/python3', [HARNESS, work], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: work,
      HARNESS_PROJECTS: projects.join(','),
      PYTHONDONTWRITEBYTECODE: '1', // nothing written beside the sources
      ...(opts.blockStorageType ? { HARNESS_BLOCK_STORAGE_TYPE: opts.blockStorageType } : {}),
      ...(opts.syncRealm ? { HARNESS_SYNC_REALM: opts.syncRealm } : {}),
      ...(opts.syncCluster ? { HARNESS_SYNC_CLUSTER: opts.syncCluster } : {}),
    },
  });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += d; });
  const info = await new Promise<HarnessInfo>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)));
    });
    child.on('exit', (code) => reject(new Error(`OpenStack harness exited with ${code}: ${stderr}${out}\n(logs in ${work}/logs)`)));
  });
  const startSeconds = (Date.now() - started) / 1000;
  const cinder = new URL(info.cinderUrl);

  const result: OpenStack = {
    ...info,
    work,
    startSeconds,
    operatorEnv: (tenant) => ({
      OS_AUTH_URL: info.authUrl,
      OS_AUTH_TYPE: 'password',
      OS_USERNAME: info.tenants[tenant].username,
      OS_PASSWORD: info.tenants[tenant].password,
      OS_PROJECT_NAME: tenant,
      OS_USER_DOMAIN_ID: 'default',
      OS_PROJECT_DOMAIN_ID: 'default',
      OS_REGION_NAME: info.region,
      OS_INTERFACE: 'public',
      OS_IDENTITY_API_VERSION: '3',
    }),
    openstack: (env, args) => new Promise((resolve) => {
      execFile('/usr/bin/openstack', args, { env: { PATH: '/usr/bin:/bin', HOME: work, ...env }, maxBuffer: 64 << 20 }, (error, stdout, err) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr: err });
      });
    }),
    control: (method, p, body) => new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = http.request({ host: '127.0.0.1', port: cinder.port, path: `/_harness${p}`, method, headers: data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {} }, (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => ((res.statusCode ?? 500) >= 300 ? reject(new Error(`${method} ${p}: ${res.statusCode} ${text}`)) : resolve(text ? JSON.parse(text) : undefined)));
      });
      req.on('error', reject);
      req.end(data);
    }),
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) { resolve(); return; }
      child.on('exit', () => {
        if (!process.env.PA_HARNESS_KEEP) fs.rmSync(work, { recursive: true, force: true });
        resolve();
      });
      child.stdin!.end();
    }),
  };
  return result;
}

/**
 * The rendered backup script, RUN with bash against the fake `openstack` client of
 * test/fixtures/openstack: the calls it makes, what it prunes, the off-site records, the restore
 * test and its cadence, per class. "Now" is injected (PA_BACKUP_NOW) so runs are deterministic.
 * The runs are independent processes, started together in beforeAll.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CompliancePolicy, DataClassification, Duration, TenantIdentity } from '../../lib/core';
import { BACKUP_VOLUME_PROPERTY, renderBackupScript } from '../../lib/openstack/cloud-init/backup-script';

const FAKE = path.resolve(__dirname, '..', 'fixtures', 'openstack', 'fake-openstack');
const NOW = Date.UTC(2026, 2, 15, 2, 0, 0) / 1000; // 2026-03-15T02:00:00Z
const DAY = 86400;
const iso = (epoch: number) => new Date(epoch * 1000).toISOString().replace('Z', '').replace(/\.\d+$/, '.000000');
const daysAgo = (days: number) => iso(NOW - days * DAY);

const tenantOf = (classification: DataClassification) => TenantIdentity.of({
  ipaCode: 'c_h501', name: 'Comune di Esempio', classification, qualification: 'QC3',
  owner: 'Servizi ICT', incidentContact: 'cert@comune.example.it',
});
const scriptFor = (classification: DataClassification, offsite = classification !== DataClassification.ORDINARIO) =>
  renderBackupScript(CompliancePolicy.forClassification(classification), {
    tenant: tenantOf(classification),
    region: 'it-mil1',
    offsiteRegion: offsite ? 'it-rom1' : undefined,
    backupContainerName: 'c-h501-volume-backups',
    archiveContainerName: 'c-h501-log-archive',
  });

interface Backup {
  id: string; volume_id: string; status: string; size: number; is_incremental: boolean;
  created_at: string; parent_id: string | null; name?: string;
}
const backup = (id: string, volume: string, created: string, incremental: boolean, parent: string | null = null): Backup => ({
  id, name: id, volume_id: volume, status: 'available', size: volume === 'vol-new' ? 10 : 20, is_incremental: incremental, created_at: created, parent_id: parent,
});

/** One tagged volume with a recent full backup: enough for the cadence and failure runs. */
function smallState(extra: Record<string, unknown> = {}) {
  return {
    volumes: [{ id: 'vol-data', name: 'data', status: 'in-use', size: 20, properties: { [BACKUP_VOLUME_PROPERTY]: 'true' } }],
    backups: [backup('b-recent-full', 'vol-data', daysAgo(3), false)],
    ...extra,
  };
}

/** Volumes and backups every class run starts from. */
function baseState(extra: Record<string, unknown> = {}) {
  return {
    volumes: [
      { id: 'vol-data', name: 'data', status: 'in-use', size: 20, properties: { [BACKUP_VOLUME_PROPERTY]: 'true' } },
      { id: 'vol-new', name: 'new', status: 'available', size: 10, properties: { [BACKUP_VOLUME_PROPERTY]: 'true', app: 'protocollo' } },
      { id: 'vol-other', name: 'other', status: 'in-use', size: 50, properties: { [BACKUP_VOLUME_PROPERTY]: 'false' } },
      { id: 'vol-plain', name: 'plain', status: 'available', size: 5, properties: {} },
    ],
    backups: [
      backup('b-other', 'vol-other', daysAgo(100), false),
      // A monthly backup of a year ago: 12.4 months old (beyond ordinario's 12, within 24 and 36).
      backup('b-monthly-2025-03', 'vol-data', '2025-03-03T02:00:00.000000', false),
      // January 2026: the first full is the month's keeper; the second full and its child expire.
      backup('b-jan-keeper', 'vol-data', '2026-01-05T02:00:00.000000', false),
      backup('b-expired-full', 'vol-data', '2026-01-29T02:00:00.000000', false),
      backup('b-expired-incr', 'vol-data', '2026-02-03T02:00:00.000000', true, 'b-expired-full'),
      // Expired by age, but a recent incremental depends on it: Cinder refuses, the script skips it.
      backup('b-parent-full', 'vol-data', '2026-01-20T02:00:00.000000', false),
      backup('b-child-incr', 'vol-data', daysAgo(20), true, 'b-parent-full'),
      backup('b-recent-full', 'vol-data', daysAgo(3), false),
      backup('b-recent-incr', 'vol-data', daysAgo(1), true, 'b-recent-full'),
    ],
    ...extra,
  };
}

interface Run {
  code: number;
  stderr: string;
  calls: string[][];
  objects: Record<string, string>;
  state: { volumes: Array<{ id: string }>; backups: Backup[] };
  stateDir: string;
}

let pythonDir: string;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pa-backup-script-'));

async function run(name: string, script: string, state: object, opts: { lastRestoreTest?: number } = {}): Promise<Run> {
  const dir = path.join(work, name);
  const bin = path.join(dir, 'bin');
  const stateDir = path.join(dir, 'var');
  fs.mkdirSync(bin, { recursive: true });
  fs.mkdirSync(stateDir, { recursive: true });
  fs.symlinkSync(FAKE, path.join(bin, 'openstack'));
  // A version manager's shim can cost half a second per python3 call; use the interpreter itself.
  fs.symlinkSync(path.join(pythonDir, 'python3'), path.join(bin, 'python3'));
  fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify(state));
  fs.writeFileSync(path.join(dir, 'backup.sh'), script);
  if (opts.lastRestoreTest !== undefined) fs.writeFileSync(path.join(stateDir, 'last-restore-test'), `${opts.lastRestoreTest}\n`);
  const env = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: dir,
    FAKE_OPENSTACK_LOG: path.join(dir, 'calls.log'),
    FAKE_OPENSTACK_STATE: path.join(dir, 'state.json'),
    FAKE_OPENSTACK_OBJECTS: path.join(dir, 'objects'),
    FAKE_OPENSTACK_NOW: String(NOW),
    PA_BACKUP_NOW: String(NOW),
    PA_BACKUP_STATE_DIR: stateDir,
    PA_BACKUP_POLL_SECONDS: '0',
    PA_BACKUP_WAIT_ATTEMPTS: '5',
  };
  const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile('bash', [path.join(dir, 'backup.sh')], { env, cwd: dir }, (error, _stdout, err) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr: err });
    });
  });
  const log = fs.existsSync(env.FAKE_OPENSTACK_LOG) ? fs.readFileSync(env.FAKE_OPENSTACK_LOG, 'utf8') : '';
  const objects: Record<string, string> = {};
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else objects[path.relative(env.FAKE_OPENSTACK_OBJECTS, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(env.FAKE_OPENSTACK_OBJECTS);
  return {
    code,
    stderr,
    calls: log.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[]),
    objects,
    state: JSON.parse(fs.readFileSync(env.FAKE_OPENSTACK_STATE, 'utf8')),
    stateDir,
  };
}

const creates = (r: Run) => r.calls.filter((c) => c.slice(0, 3).join(' ') === 'volume backup create');
const deletes = (r: Run) => r.calls.filter((c) => c.slice(0, 3).join(' ') === 'volume backup delete').map((c) => c[3]);
const volumeOf = (c: string[]) => c[c.length - 1];
const objectsUnder = (r: Run, prefix: string) => Object.keys(r.objects).filter((k) => k.startsWith(`c-h501-log-archive/${prefix}`));

const C = DataClassification;
const runs: Record<string, Run> = {};

beforeAll(async () => {
  pythonDir = await new Promise<string>((resolve, reject) => {
    execFile('python3', ['-c', 'import os, sys; print(os.path.dirname(os.path.realpath(sys.executable)))'], (e, out) => (e ? reject(e) : resolve(out.trim())));
  });
  const jobs: Array<[string, Promise<Run>]> = [
    ['ordinario', run('ordinario', scriptFor(C.ORDINARIO), baseState())],
    ['critico', run('critico', scriptFor(C.CRITICO), baseState())],
    ['strategico', run('strategico', scriptFor(C.STRATEGICO), baseState({ recordExport: 'forbidden' }))],
    ['ordinario-40d', run('ordinario-40d', scriptFor(C.ORDINARIO), smallState(), { lastRestoreTest: NOW - 40 * DAY })],
    // Due for a restore test, whose restored size comes back wrong: the cadence and the failure in one run.
    ['critico-40d', run('critico-40d', scriptFor(C.CRITICO), smallState({ restoreSizeMismatch: true }), { lastRestoreTest: NOW - 40 * DAY })],
    ['strategico-20d', run('strategico-20d', scriptFor(C.STRATEGICO), smallState(), { lastRestoreTest: NOW - 20 * DAY })],
  ];
  const done = await Promise.all(jobs.map(([, p]) => p));
  jobs.forEach(([name], i) => { runs[name] = done[i]; });
}, 120000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe.each([C.ORDINARIO, C.CRITICO, C.STRATEGICO])('a %s run', (cls) => {
  test('succeeds', () => {
    expect(runs[cls].stderr).not.toMatch(/FAILED/);
    expect(runs[cls].code).toBe(0);
  });

  test('backs up only the volumes whose pa-backup property is true', () => {
    expect(creates(runs[cls]).map(volumeOf).sort()).toEqual(['vol-data', 'vol-new']);
  });

  test('takes an incremental backup when a full one is younger than a week, a full one otherwise', () => {
    const byVolume = Object.fromEntries(creates(runs[cls]).map((c) => [volumeOf(c), c]));
    expect(byVolume['vol-data']).toContain('--incremental');
    expect(byVolume['vol-new']).not.toContain('--incremental');
    for (const c of creates(runs[cls])) {
      expect(c).toEqual(expect.arrayContaining(['--container', 'c-h501-volume-backups', '--force']));
      expect(c[c.indexOf('--name') + 1]).toMatch(/^pa-20260315T020000Z-(full|incremental)$/);
    }
  });

  test('prunes what is past the daily retention, incrementals before their full backup', () => {
    const deleted = deletes(runs[cls]);
    expect(deleted.indexOf('b-expired-incr')).toBeGreaterThanOrEqual(0);
    expect(deleted.indexOf('b-expired-incr')).toBeLessThan(deleted.indexOf('b-expired-full'));
    const left = runs[cls].state.backups.map((b) => b.id);
    expect(left).toEqual(expect.arrayContaining(['b-recent-full', 'b-recent-incr', 'b-child-incr', 'b-jan-keeper']));
    expect(left).not.toEqual(expect.arrayContaining(['b-expired-full']));
  });

  test('keeps a backup that others depend on, and never touches volumes it does not manage', () => {
    expect(deletes(runs[cls])).not.toContain('b-parent-full');
    expect(runs[cls].stderr).toMatch(/backup b-parent-full kept: other backups depend on it/);
    expect(deletes(runs[cls])).not.toContain('b-other');
    expect(runs[cls].calls.some((c) => c.includes('vol-other') || c.includes('vol-plain'))).toBe(false);
  });

  test('runs the first restore test: scratch volume, restore, wait, size check, delete, evidence', () => {
    const r = runs[cls];
    const words = r.calls.map((c) => c.slice(0, 3).join(' '));
    const create = words.indexOf('volume create --size');
    const restore = words.indexOf('volume backup restore');
    const del = words.findIndex((w) => w.startsWith('volume delete'));
    expect(create).toBeGreaterThan(-1);
    expect(restore).toBeGreaterThan(create);
    expect(del).toBeGreaterThan(restore);
    const scratch = r.calls[del][2];
    // The script waited for the scratch volume after the restore, and checked its size.
    const afterRestore = r.calls.slice(restore + 1, del);
    expect(afterRestore).toContainEqual(['volume', 'show', '-f', 'value', '-c', 'status', scratch]);
    expect(afterRestore).toContainEqual(['volume', 'show', '-f', 'value', '-c', 'size', scratch]);
    expect(r.state.volumes.map((v) => v.id)).not.toContain(scratch);

    const evidence = objectsUnder(r, 'restore-tests/');
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatch(/^c-h501-log-archive\/restore-tests\/20260315T020000Z-bak-\d+\.json$/);
    const record = JSON.parse(r.objects[evidence[0]]);
    const restored = r.calls[restore][3];
    expect(record).toMatchObject({
      kind: 'restore-test', control: 'ABSC-BCK-02', tenant: 'c_h501', classification: cls, region: 'it-mil1',
      backupId: restored, scratchVolumeId: scratch, result: 'passed', startedAt: '2026-03-15T02:00:00Z',
    });
    expect(record.restoredSizeGb).toBe(record.expectedSizeGb);
    expect(fs.readFileSync(path.join(r.stateDir, 'last-restore-test'), 'utf8').trim()).toBe(String(NOW));
  });
});

describe('class differences', () => {
  test('monthly backups are kept for the class retention: 12 months for ordinario, 24 and 36 beyond', () => {
    expect(deletes(runs.ordinario)).toContain('b-monthly-2025-03');
    expect(deletes(runs.critico)).not.toContain('b-monthly-2025-03');
    expect(deletes(runs.strategico)).not.toContain('b-monthly-2025-03');
  });

  test('ordinario makes no off-site copy: no record export, no backup records in the archive', () => {
    expect(runs.ordinario.calls.some((c) => c.slice(0, 4).join(' ') === 'volume backup record export')).toBe(false);
    expect(objectsUnder(runs.ordinario, 'backups/')).toEqual([]);
  });

  test('critico archives the exported record of every new backup for the off-site region', () => {
    const r = runs.critico;
    const created = r.state.backups.filter((b) => b.created_at.startsWith('2026-03-15T02:00:00'));
    expect(created).toHaveLength(2);
    for (const b of created) {
      expect(r.calls).toContainEqual(['volume', 'backup', 'record', 'export', '-f', 'json', b.id]);
      const record = JSON.parse(r.objects[`c-h501-log-archive/backups/records/${b.volume_id}/${b.id}.json`]);
      expect(record).toEqual({
        kind: 'backup-record', backupId: b.id, volumeId: b.volume_id, offsiteRegion: 'it-rom1', container: 'c-h501-volume-backups',
        record: { backup_service: 'cinder.backup.drivers.swift.SwiftBackupDriver', backup_url: `record-of-${b.id}` },
      });
    }
  });

  test('where record export is admin-only (strategico run), the backup details are archived instead', () => {
    const r = runs.strategico;
    const records = objectsUnder(r, 'backups/records/');
    expect(records).toHaveLength(2);
    for (const key of records) {
      const record = JSON.parse(r.objects[key]);
      expect(record.kind).toBe('backup-details');
      expect(record.offsiteRegion).toBe('it-rom1');
      expect(record.details.id).toBe(record.backupId);
    }
    expect(r.stderr).toMatch(/record export refused/);
  });
});

describe('restore-test cadence', () => {
  test('ordinario tests quarterly: 40 days after the last test, none runs', () => {
    const r = runs['ordinario-40d'];
    expect(r.code).toBe(0);
    expect(r.calls.some((c) => c.slice(0, 3).join(' ') === 'volume backup restore')).toBe(false);
    expect(objectsUnder(r, 'restore-tests/')).toEqual([]);
  });

  test('critico tests monthly: 40 days after the last test, one runs', () => {
    const r = runs['critico-40d'];
    expect(r.calls.filter((c) => c.slice(0, 3).join(' ') === 'volume backup restore')).toHaveLength(1);
    expect(objectsUnder(r, 'restore-tests/')).toHaveLength(1);
    // The backups themselves were taken before the (failing, see below) restore test.
    expect(creates(r).map(volumeOf)).toEqual(['vol-data']);
  });

  test('strategico tests monthly: 20 days after the last test, none runs', () => {
    const r = runs['strategico-20d'];
    expect(r.calls.some((c) => c.slice(0, 3).join(' ') === 'volume backup restore')).toBe(false);
    expect(fs.readFileSync(path.join(r.stateDir, 'last-restore-test'), 'utf8').trim()).toBe(String(NOW - 20 * DAY));
  });

  test('a restore whose size is wrong fails the run, records a failed evidence and is retried next run', () => {
    const r = runs['critico-40d'];
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/restore test: FAILED/);
    const [key] = objectsUnder(r, 'restore-tests/');
    const evidence = JSON.parse(r.objects[key]);
    expect(evidence).toMatchObject({ result: 'failed', expectedSizeGb: expect.any(Number) });
    expect(evidence.restoredSizeGb).not.toBe(evidence.expectedSizeGb);
    // The time of the last passed test is left as it was, so the next run tests again.
    expect(fs.readFileSync(path.join(r.stateDir, 'last-restore-test'), 'utf8').trim()).toBe(String(NOW - 40 * DAY));
    // The scratch volume is deleted even when the test fails.
    expect(r.calls.some((c) => c[0] === 'volume' && c[1] === 'delete')).toBe(true);
  });
});

describe('renderBackupScript', () => {
  const header = (script: string, name: string) => new RegExp(`^readonly ${name}=(.*)$`, 'm').exec(script)?.[1];

  test('substitutes every class value from the policy', () => {
    const ordinario = scriptFor(C.ORDINARIO);
    const strategico = scriptFor(C.STRATEGICO);
    expect(header(ordinario, 'BACKUP_FREQUENCY')).toBe("'daily'");
    expect(header(strategico, 'BACKUP_FREQUENCY')).toBe("'hourly'");
    expect(header(ordinario, 'DAILY_RETENTION_SECONDS')).toBe(String(35 * DAY));
    expect(header(ordinario, 'MONTHLY_RETENTION_SECONDS')).toBe(String(12 * 30 * DAY));
    expect(header(strategico, 'MONTHLY_RETENTION_SECONDS')).toBe(String(36 * 30 * DAY));
    expect(header(ordinario, 'RESTORE_TEST_EVERY_SECONDS')).toBe(String(90 * DAY));
    expect(header(strategico, 'RESTORE_TEST_EVERY_SECONDS')).toBe(String(30 * DAY));
    expect(header(ordinario, 'OFFSITE_COPY')).toBe('false');
    expect(header(strategico, 'OFFSITE_COPY')).toBe('true');
    expect(header(strategico, 'OFFSITE_REGION')).toBe("'it-rom1'");
  });

  test('follows overrides of the policy, and holds no class value outside its header', () => {
    const policy = CompliancePolicy.forClassification(C.ORDINARIO, {
      overrides: [{ setting: 'backupDailyRetention', value: '60 days' }, { setting: 'restoreTestFrequency', value: 'monthly' }],
    });
    const script = renderBackupScript(policy, {
      tenant: tenantOf(C.ORDINARIO), region: 'it-mil1', backupContainerName: 'b', archiveContainerName: 'a',
    });
    expect(header(script, 'DAILY_RETENTION_SECONDS')).toBe(String(60 * DAY));
    expect(header(script, 'RESTORE_TEST_EVERY_SECONDS')).toBe(String(30 * DAY));
    const body = script.slice(script.indexOf('readonly STATE_DIR'));
    for (const literal of ['3024000', '2592000', '7776000', "'daily'", "'monthly'", "'quarterly'", 'it-rom1', 'critico']) {
      expect(body).not.toContain(literal);
    }
  });

  test('is bash with strict mode', () => {
    expect(scriptFor(C.CRITICO)).toMatch(/^#!\/usr\/bin\/env bash\n[^]*\nset -euo pipefail\n/);
  });

  test('a critico script without an off-site region throws unless ACN-BCK-04 is acknowledged', () => {
    expect(() => scriptFor(C.CRITICO, false)).toThrow(
      /^offsiteRegion: critico backups need an off-site copy in another allowed region \(or acknowledge ACN-BCK-04 with a reason\), got nothing \[ACN-BCK-04\]$/,
    );
    const acknowledged = CompliancePolicy.forClassification(C.CRITICO, {
      acknowledgements: [{ control: 'ACN-BCK-04', reason: 'single-region provider, DR contract pending' }],
    });
    const script = renderBackupScript(acknowledged, { tenant: tenantOf(C.CRITICO), region: 'it-mil1', backupContainerName: 'b', archiveContainerName: 'a' });
    expect(header(script, 'OFFSITE_COPY')).toBe('false');
  });

  test('an off-site region equal to the region throws', () => {
    expect(() => renderBackupScript(CompliancePolicy.forClassification(C.CRITICO), {
      tenant: tenantOf(C.CRITICO), region: 'it-mil1', offsiteRegion: 'it-mil1', backupContainerName: 'b', archiveContainerName: 'a',
    })).toThrow(/^offsiteRegion: must differ from the region "it-mil1", got "it-mil1" \[ACN-BCK-04\]$/);
  });

  test('a name that cannot be substituted safely throws', () => {
    expect(() => renderBackupScript(CompliancePolicy.forClassification(C.ORDINARIO), {
      tenant: tenantOf(C.ORDINARIO), region: 'it-mil1', backupContainerName: "b'; rm -rf /", archiveContainerName: 'a',
    })).toThrow(/^backupContainerName: must be 1-255 letters, digits, dots, underscores or hyphens/);
  });
});

test('renderBackupScript: a full-backup period under an hour throws', () => {
  expect(() => renderBackupScript(CompliancePolicy.forClassification(C.ORDINARIO), {
    tenant: tenantOf(C.ORDINARIO), region: 'it-mil1', backupContainerName: 'b', archiveContainerName: 'a', fullBackupEvery: Duration.hours(0),
  })).toThrow(/^fullBackupEvery: must be at least 1 hour, got "0 hours"$/);
});

/**
 * The rendered backup scheduler of each class, RUN with the real `openstack` client (Debian's
 * python3-openstackclient) against real Keystone and Swift and the Cinder emulator
 * (test/openstack/harness), with an application credential carrying the kit's access rules, so
 * keystonemiddleware refuses any call the rules do not allow.
 *
 * 40 simulated days per class. The `openstack` client costs about 2.5 s of CPU per call, so the
 * scheduler does not run every simulated day: it runs on days chosen so that each behaviour is
 * exercised (first full backup, incremental, weekly full, restore-test cadence, pruning past the
 * 35-day retention with the month's first full backup kept).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataClassification } from '../../lib/core';
import { OpenStack, startOpenStack } from './harness';
import { ARCHIVE_CONTAINER, SchedulerRun, SchedulerTenant, objects, runScheduler, setUpTenant } from './harness/scheduler';

const C = DataClassification;
const DAY = 86400;
const START = Date.UTC(2026, 0, 20, 2, 0, 0) / 1000; // 2026-01-20T02:00:00Z, day 0
const RUN_DAYS = [0, 3, 7, 33, 40];
const at = (day: number) => START + day * DAY;
const stampOf = (epoch: number) => new Date(epoch * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

let os: OpenStack;
const tenants: Record<string, SchedulerTenant> = {};
const runs: Record<string, Record<number, SchedulerRun>> = {};
const faultRuns: SchedulerRun[] = [];
let state: { volumes: any[]; backups: any[]; requests: string[][] };
const archive: Record<string, Record<string, string>> = {};

const backupsOf = (t: SchedulerTenant) => state.backups.filter((b) => b.volume_id === t.volumeId);
const named = (t: SchedulerTenant, day: number) => backupsOf(t).find((b) => b.name.startsWith(`pa-${stampOf(at(day))}-`));

beforeAll(async () => {
  os = await startOpenStack(['ordinario', 'critico', 'strategico', 'faults']);
  console.log(`OpenStack harness started in ${os.startSeconds.toFixed(1)} s (${JSON.stringify(os.timings)})`);
  const classes: Array<[string, DataClassification]> = [['ordinario', C.ORDINARIO], ['critico', C.CRITICO], ['strategico', C.STRATEGICO]];
  await Promise.all([...classes, ['faults', C.CRITICO] as [string, DataClassification]].map(async ([name, cls]) => {
    tenants[name] = await setUpTenant(os, name, cls);
  }));
  const simulate = async (name: string) => {
    runs[name] = {};
    for (const day of RUN_DAYS) runs[name][day] = await runScheduler(os, tenants[name], at(day));
  };
  const faults = async () => {
    const t = tenants.faults;
    // Day 0: the backup works, the restore writes zeros (a corrupt restore).
    await os.control('PUT', `/faults/${t.projectId}`, { restore: 'corrupt' });
    faultRuns.push(await runScheduler(os, t, at(0)));
    // Day 1: the backup service fails (a restore test passed on day 1 already: none is due).
    await os.control('PUT', `/faults/${t.projectId}`, { backup: 'error' });
    fs.writeFileSync(path.join(t.dir, 'state', 'last-restore-test'), `${at(1)}\n`);
    faultRuns.push(await runScheduler(os, t, at(1)));
  };
  await Promise.all([...classes.map(([name]) => simulate(name)), faults()]);
  state = await os.control('GET', '/state');
  await Promise.all(['ordinario', 'critico', 'strategico', 'faults'].map(async (name) => {
    archive[name] = await objects(os, name, ARCHIVE_CONTAINER, '');
  }));
  const seconds = Object.values(runs).flatMap((r) => Object.values(r).map((x) => x.seconds));
  console.log(`scheduler runs: ${seconds.length}, ${Math.min(...seconds).toFixed(1)}-${Math.max(...seconds).toFixed(1)} s each`);
}, 1800_000);

afterAll(async () => {
  if (os) await os.stop();
});

describe.each(['ordinario', 'critico', 'strategico'])('%s over 40 simulated days', (name) => {
  test('every run exits 0 without an alert', () => {
    for (const day of RUN_DAYS) {
      expect({ day, code: runs[name][day].code, alert: /ALERT/.test(runs[name][day].stderr) }).toEqual({ day, code: 0, alert: false });
    }
  });

  test('a full backup weekly, incremental backups otherwise, all in the backup container', () => {
    const t = tenants[name];
    const modes = RUN_DAYS.map((day) => [day, named(t, day)?.is_incremental]);
    // Day 0 first full; day 3 incremental; day 7: the full is 7 days old; day 33 and day 40:
    // the last full is 7 days old or more.
    expect(modes).toEqual([[0, false], [3, true], [7, false], [33, false], [40, false]]);
    for (const b of backupsOf(t)) expect(b.container).toBe('c-h501-volume-backups');
    // The volume marked pa-backup=false is never backed up.
    expect(state.backups.filter((b) => b.project === t.projectId && b.volume_id !== t.volumeId)).toEqual([]);
  });

  test('prunes past the 35-day retention, keeping the month\'s first full backup', () => {
    const t = tenants[name];
    const live = (day: number) => named(t, day)?.status;
    expect(live(3)).toBe('deleted'); // 37 days old at day 40
    expect(live(0)).toBe('available'); // January's first full: kept for the monthly retention
    for (const day of [7, 33, 40]) expect({ day, status: live(day) }).toEqual({ day, status: 'available' });
  });
});

describe('restore tests at the class cadence, verified against the backup\'s checksums', () => {
  const evidence = (name: string) => Object.entries(archive[name])
    .filter(([k]) => k.startsWith('restore-tests/'))
    .map(([k, v]) => ({ key: k, ...JSON.parse(v) }));

  test.each([
    ['ordinario', [0]], // quarterly: none at day 33
    ['critico', [0, 33]], // monthly
    ['strategico', [0, 33]],
  ] as Array<[string, number[]]>)('%s tests on days %j', (name, days) => {
    const t = tenants[name];
    const records = evidence(name);
    expect(records.map((r) => r.startedAt)).toEqual(days.map((d) => new Date(at(d) * 1000).toISOString().replace(/\.\d+Z$/, 'Z')));
    for (const r of records) {
      const restored = state.backups.find((b) => b.id === r.backupId);
      expect(restored.volume_id).toBe(t.volumeId);
      expect(r).toMatchObject({
        kind: 'restore-test', control: 'ABSC-BCK-02', tenant: 'c_h501', result: 'passed', reason: null,
        volumeId: t.volumeId, scratchVolumeType: 'encrypted-luks', scratchEncrypted: true,
        verification: { blocks: 64, blockSize: 32768, mismatchedBlocks: 0, filesystem: 'ext4', fsck: 'clean' },
      });
      expect(r.verification.sha256List).toMatch(new RegExp(`^volume_${t.volumeId}/\\d{14}/az_nova_backup_${r.backupId}_sha256file$`));
      // The restored backup is the newest one at the time of the test: the run's own backup.
      expect(restored.created_at.slice(0, 10)).toBe(r.startedAt.slice(0, 10));
      // The scratch volume was of the encrypted type, and is gone.
      const scratch = state.volumes.find((v) => v.id === r.scratchVolumeId);
      expect(scratch).toMatchObject({ volume_type: 'encrypted-luks', status: 'deleted', name: expect.stringMatching(/^pa-restore-test-/) });
    }
  });

  test('the scheduler never deleted a volume it did not create', () => {
    const deleted = state.volumes.filter((v) => v.status === 'deleted');
    expect(deleted.length).toBeGreaterThan(0);
    for (const v of deleted) expect(v.metadata['pa-restore-test']).toBe('true');
  });
});

describe('off-site records (critico, strategico)', () => {
  test.each(['critico', 'strategico'])('%s archives one record per backup naming the synced -offsite container', (name) => {
    const t = tenants[name];
    const records = Object.entries(archive[name]).filter(([k]) => k.startsWith('backups/records/'));
    expect(records).toHaveLength(RUN_DAYS.length);
    const incremental = named(t, 3);
    const record = JSON.parse(archive[name][`backups/records/${t.volumeId}/${incremental.id}.json`]);
    expect(record).toMatchObject({
      kind: 'backup-record', backupId: incremental.id, mode: 'incremental', volumeId: t.volumeId,
      container: 'c-h501-volume-backups', offsiteContainer: 'c-h501-volume-backups-offsite', offsiteRegion: 'it-rom1',
      objectPrefix: `volume_${t.volumeId}/`,
    });
    // The chain a restore needs: this incremental and the full backup of day 0.
    expect(record.dependsOn).toEqual([named(t, 0).id]);
  });

  test('ordinario archives no records', () => {
    expect(Object.keys(archive.ordinario).filter((k) => k.startsWith('backups/'))).toEqual([]);
  });
});

describe('failures are loud', () => {
  test('a corrupt restore (every byte flipped) fails the run with an alert and failed evidence naming the differing blocks', () => {
    const [run] = faultRuns;
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ALERT pa-backup: restore test of backup \S+ FAILED: 64 of 64 blocks differ from the backup's sha256 list/);
    const records = Object.entries(archive.faults).filter(([k]) => k.startsWith(`restore-tests/${stampOf(at(0))}`));
    expect(records).toHaveLength(1);
    expect(JSON.parse(records[0][1])).toMatchObject({ result: 'failed', verification: { mismatchedBlocks: 64 } });
  });

  test('a failed backup fails the run with an alert', () => {
    const run = faultRuns[1];
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ALERT pa-backup: volume \S+: incremental backup \S+ FAILED/);
    expect(run.stderr).toMatch(/ALERT pa-backup: 1 step\(s\) failed/);
    expect(state.backups.filter((b) => b.volume_id === tenants.faults.volumeId).map((b) => b.status).sort()).toEqual(['available', 'error']);
  });
});

describe('access rules, enforced by keystonemiddleware', () => {
  test('every Cinder and Nova request of the runs is one the rules name', () => {
    const seen = new Set(state.requests.map(([m, p]) => `${m} ${p.replace(/[0-9a-f]{32}/, '{project}').replace(/[0-9a-f-]{36}/g, '{id}')}`));
    expect([...seen].sort()).toEqual([
      'DELETE /v2.1/servers/{id}/os-volume_attachments/{id}',
      'DELETE /v3/{project}/backups/{id}',
      'DELETE /v3/{project}/volumes/{id}',
      'GET /v2.1/servers/detail', // the client's server lookup; matched by GET /v2.1/servers/*
      'GET /v2.1/servers/{id}',
      'GET /v3/{project}/backups/detail',
      'GET /v3/{project}/backups/{id}',
      'GET /v3/{project}/volumes/detail',
      'GET /v3/{project}/volumes/{id}',
      'POST /v2.1/servers/{id}/os-volume_attachments',
      'POST /v3/{project}/backups',
      'POST /v3/{project}/backups/{id}/restore',
      'POST /v3/{project}/volumes',
    ]);
  });

  test('a call outside the rules is refused: snapshots, another container', async () => {
    const env = tenants.critico.appCredentialEnv;
    const snapshots = await os.openstack(env, ['volume', 'snapshot', 'list', '-f', 'json']);
    expect(snapshots.code).not.toBe(0);
    expect(snapshots.stderr).toMatch(/HTTP 401|Unauthorized|authenticat/i);
    const listing = await os.openstack(env, ['object', 'list', '-f', 'json', ARCHIVE_CONTAINER]);
    expect(listing.code).not.toBe(0);
    expect(listing.stderr).toMatch(/401|Unauthorized/i);
  });
});

test('the scratch volumes were attached to the scheduler and detached again', () => {
  expect(fs.readdirSync(path.join(os.work, 'devices'))).toEqual([]);
});

/**
 * Bench: one hourly run of the strategico backup scheduler for 10 volumes, each with 42 days of
 * hourly backups (1,008 per volume, 10,080 in all: the 35-day retention and the chain that leaves
 * it in this run), with the real `openstack` client against real
 * Keystone and Swift and the Cinder emulator (test/openstack/harness). A run must finish well
 * within the hour, or the next hourly run is skipped and the RPO is not met.
 *
 * The run: one volume listing, then per volume one backup listing, the backup, its status, its
 * off-site record, and the pruning of 167 incremental backups (two delete calls). No restore test
 * (it is monthly; the test suite covers it).
 *
 *   npx tsx bench/openstack-scheduler.ts      # writes bench/results/openstack-scheduler.json
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataClassification } from '../lib/core';
import { BACKUP_VOLUME_PROPERTY } from '../lib/openstack/cloud-init/backup-script';
import { startOpenStack } from '../test/openstack/harness';
import { runScheduler, setUpTenant } from '../test/openstack/harness/scheduler';

const VOLUMES = 10;
// 35 days of retention plus the week of the oldest chain, all of which leaves the retention now:
// the weekly worst case, when a whole chain (a full backup, kept as the month's first, and its
// 167 incremental backups) is pruned in the same run as the 10 new backups.
const HOURS = 42 * 24;
const NOW = Date.UTC(2026, 2, 15, 2, 0, 0) / 1000;

const stamp = (epoch: number) => new Date(epoch * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
const cinderTime = (epoch: number) => new Date(epoch * 1000).toISOString().replace('Z', '').replace(/\.(\d+)$/, '.$1000');

async function main() {
  const os = await startOpenStack(['strategico']);
  try {
    const t = await setUpTenant(os, 'strategico', DataClassification.STRATEGICO);
    const volumes = [t.volumeId];
    for (let v = 1; v < VOLUMES; v++) {
      const { id } = await os.control('POST', '/volumes', {
        project: t.projectId, name: `data-${v}`, size: 50, status: 'in-use', volumeType: 'encrypted-luks',
        metadata: { [BACKUP_VOLUME_PROPERTY]: 'true' },
      });
      volumes.push(id);
    }
    // 35 days of hourly backups per volume: a full one every 7 days, incremental in between.
    for (const volume of volumes) {
      const backups = [];
      let parent: string | null = null;
      for (let h = HOURS; h >= 1; h--) {
        const epoch = NOW - h * 3600;
        const full = (HOURS - h) % (7 * 24) === 0;
        const id = `${volume.slice(0, 8)}-${String(h).padStart(4, '0')}-0000-4000-8000-000000000000`;
        backups.push({
          id, project: t.projectId, name: `pa-${stamp(epoch)}-${full ? 'full' : 'incremental'}`, volume_id: volume,
          size: 50, status: 'available', is_incremental: !full, parent_id: full ? null : parent, created_at: cinderTime(epoch),
        });
        parent = id;
      }
      await os.control('POST', '/backups', { backups });
    }
    // The monthly restore test ran an hour ago.
    fs.mkdirSync(path.join(t.dir, 'state'), { recursive: true });
    fs.writeFileSync(path.join(t.dir, 'state', 'last-restore-test'), `${NOW - 3600}\n`);
    const run = await runScheduler(os, t, NOW);
    const state = await os.control('GET', '/state');
    const created = state.backups.filter((b: any) => b.created_at.startsWith(cinderTime(NOW).slice(0, 19)));
    const deleted = state.backups.filter((b: any) => b.status === 'deleted').length;
    const calls = state.requests.length;
    const result = {
      volumes: VOLUMES, backupsPerVolume: HOURS, exitCode: run.code, runSeconds: run.seconds,
      backupsCreated: created.length, backupsPruned: deleted, cinderAndNovaRequests: calls,
      harnessStartSeconds: os.startSeconds, loadAverage: require('node:os').loadavg(),
    };
    console.log(JSON.stringify(result, null, 2));
    if (run.code !== 0) console.error(run.stderr);
    const out = path.join(__dirname, 'results', 'openstack-scheduler.json');
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    if (run.code !== 0 || created.length !== VOLUMES) process.exitCode = 1;
  } finally {
    await os.stop();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });

/**
 * The volume backup script run by the kit's backup scheduler (ABSC-BCK-01/02/03, ACN-BCK-04).
 *
 * No Terraform resource creates Cinder backups, so the kit provisions a small scheduler instance
 * whose systemd timer runs this script. The script is rendered from the tenant's compliance
 * policy: every class-driven value (frequencies, retentions, off-site copy) is substituted from
 * `policy.settings`; the template text holds none.
 *
 * What one run does (every client call with `-f json`):
 * 1. lists the volumes once and keeps those whose property `pa-backup` is `true`;
 * 2. per volume, lists its backups once (the client's list has no creation time nor incremental
 *    flag: the scheduler names its backups `pa-<UTC time>-<full|incremental>` and reads both
 *    back from the name), and takes a full backup when the newest full one is `fullBackupEvery`
 *    old or more, an incremental one otherwise;
 * 3. for critico and strategico (`offsiteBackupCopy`), writes the backup's record (the backups it
 *    depends on, the source container and its synced `-offsite` copy) into the log archive, which
 *    is synced off-site too; Cinder's record export is admin-only, so the README documents the
 *    provider request an off-site restore needs;
 * 4. prunes backups older than the daily retention, keeping the first full backup of each month
 *    up to the monthly retention, and a full backup while a later backup of its chain stays;
 * 5. when the last passed restore test is older than the class cadence, restores the newest
 *    backup into a scratch volume of the encrypted volume type, attaches it to the scheduler,
 *    compares every block with the sha256 list Cinder's Swift driver stored with the backup, runs
 *    a read-only file system check, deletes it (only after checking it is the volume it created)
 *    and writes JSON evidence to the log archive (ABSC-BCK-02).
 *
 * Each volume is handled by a child invocation of the script, so one failing volume does not stop
 * the others and `set -e` keeps its meaning; a failure writes an `ALERT pa-backup:` line and the
 * run exits non-zero.
 *
 * Environment read at run time: the OpenStack client's `OS_*` variables (an application
 * credential), and for tests or operators `PA_BACKUP_NOW` (epoch seconds: "now"),
 * `PA_BACKUP_STATE_DIR`, `PA_BACKUP_POLL_SECONDS`, `PA_BACKUP_WAIT_ATTEMPTS`,
 * `PA_BACKUP_DEVICE_DIR` (default /dev/disk/by-id), `PA_BACKUP_SERVER_ID` (default: cloud-init's
 * instance ID).
 */
import { CompliancePolicy, Duration, PaCloudKitError, TenantIdentity, frequencyPeriod } from '../../core';
import { checkSafeName, durationSeconds, shellQuote } from './shell';

/** The volume property that marks a volume for backup: `pa-backup=true`. */
export const BACKUP_VOLUME_PROPERTY = 'pa-backup';

/** Options of {@link renderBackupScript}. */
export interface BackupScriptOptions {
  /** The tenant, recorded in the restore-test evidence. */
  readonly tenant: TenantIdentity;
  /** The region the volumes and backups live in. */
  readonly region: string;
  /**
   * The allowed region the backup container is synced to (ACN-BCK-04).
   * @default - no off-site copy; required when the policy asks for one
   */
  readonly offsiteRegion?: string;
  /** The Swift container Cinder writes the backups to (`--container`). */
  readonly backupContainerName: string;
  /** The log archive container: restore-test evidence and backup records go there. */
  readonly archiveContainerName: string;
  /**
   * How often a full backup is taken; backups in between are incremental.
   * @default Duration.days(7)
   */
  readonly fullBackupEvery?: Duration;
  /**
   * Volume type of the restore test's scratch volume: the provider's encrypted volume type, so
   * restored data is encrypted at rest like the original. The test fails when the scratch volume
   * of this type is not encrypted.
   * @default - the volume type of the backed-up volume
   */
  readonly restoreVolumeType?: string;
}

/** Name of the off-site copy of a container (`<name>-offsite`, in the off-site region). */
export function offsiteContainerName(container: string): string {
  return `${container}-offsite`;
}

/**
 * Renders the backup script for a policy. Pure: the same policy and options give the same text.
 * Throws the kit's error when the policy asks for an off-site copy and none is configured or
 * acknowledged (ACN-BCK-04), or when a name cannot be substituted safely.
 */
export function renderBackupScript(policy: CompliancePolicy, options: BackupScriptOptions): string {
  const s = policy.settings;
  const region = checkSafeName(options.region, 'region');
  const backupContainer = checkSafeName(options.backupContainerName, 'backupContainerName');
  const archiveContainer = checkSafeName(options.archiveContainerName, 'archiveContainerName');
  const offsiteRegion = options.offsiteRegion === undefined ? undefined : checkSafeName(options.offsiteRegion, 'offsiteRegion');
  if (s.offsiteBackupCopy) {
    policy.requireOrAcknowledged('ACN-BCK-04', offsiteRegion !== undefined, {
      field: 'offsiteRegion',
      value: offsiteRegion,
      rule: `${policy.classification} backups need an off-site copy in another allowed region`,
    });
  }
  if (offsiteRegion !== undefined && offsiteRegion === region) {
    throw new PaCloudKitError({ field: 'offsiteRegion', value: offsiteRegion, rule: `must differ from the region ${JSON.stringify(region)}`, control: 'ACN-BCK-04' });
  }
  const fullEvery = options.fullBackupEvery ?? Duration.days(7);
  if (fullEvery.toHours() < 1) {
    throw new PaCloudKitError({ field: 'fullBackupEvery', value: fullEvery.toString(), rule: 'must be at least 1 hour' });
  }
  const offsite = offsiteRegion !== undefined;
  const restoreType = options.restoreVolumeType === undefined ? undefined : checkSafeName(options.restoreVolumeType, 'restoreVolumeType');

  const values: Array<[string, string | number | boolean]> = [
    ['TENANT_IPA_CODE', options.tenant.ipaCode],
    ['CLASSIFICATION', policy.classification],
    ['REGION', region],
    ['BACKUP_FREQUENCY', s.backupFrequency],
    ['BACKUP_PROPERTY', BACKUP_VOLUME_PROPERTY],
    ['BACKUP_CONTAINER', backupContainer],
    ['ARCHIVE_CONTAINER', archiveContainer],
    ['FULL_BACKUP_EVERY_SECONDS', durationSeconds(fullEvery)],
    ['DAILY_RETENTION_SECONDS', durationSeconds(s.backupDailyRetention)],
    ['MONTHLY_RETENTION_SECONDS', durationSeconds(s.backupMonthlyRetention)],
    ['OFFSITE_COPY', offsite],
    ['OFFSITE_REGION', offsiteRegion ?? ''],
    ['OFFSITE_CONTAINER', offsite ? offsiteContainerName(backupContainer) : ''],
    ['RESTORE_VOLUME_TYPE', restoreType ?? ''],
    ['RESTORE_TEST_FREQUENCY', s.restoreTestFrequency],
    ['RESTORE_TEST_EVERY_SECONDS', durationSeconds(frequencyPeriod(s.restoreTestFrequency))],
  ];
  const header = values
    .map(([name, value]) => `readonly ${name}=${typeof value === 'string' ? shellQuote(value) : String(value)}`)
    .join('\n');
  return `${SCRIPT_HEAD}\n${header}\n${SCRIPT_BODY}`;
}

const SCRIPT_HEAD = `#!/usr/bin/env bash
# pa-cloud-kit volume backup scheduler (ABSC-BCK-01, ABSC-BCK-02, ABSC-BCK-03, ACN-BCK-04).
# Rendered from the tenant's compliance policy by pa-cloud-kit; do not edit on the host.
set -euo pipefail
shopt -s inherit_errexit`;

// The template: no class value appears below; they all come from the readonly header above.
const SCRIPT_BODY = String.raw`
readonly STATE_DIR="${'$'}{PA_BACKUP_STATE_DIR:-/var/lib/pa-backup}"
readonly POLL_SECONDS="${'$'}{PA_BACKUP_POLL_SECONDS:-20}"
readonly WAIT_ATTEMPTS="${'$'}{PA_BACKUP_WAIT_ATTEMPTS:-540}"
readonly DEVICE_DIR="${'$'}{PA_BACKUP_DEVICE_DIR:-/dev/disk/by-id}"
NOW="${'$'}{PA_BACKUP_NOW:-$(date -u +%s)}"
readonly NOW

log() { printf '%s pa-backup: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
# An alert line: the log shipper ships the journal, where monitoring matches "ALERT pa-backup".
alert() { printf '%s ALERT pa-backup: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }

iso_of() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
stamp_of() { date -u -d "@$1" +%Y%m%dT%H%M%SZ; }

# Reads one field of a JSON object on stdin (the client's "-f json" output of a show or create).
json_field() { python3 -c 'import json, sys; v = json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1"; }

# This instance's ID (the restore test attaches the scratch volume here): cloud-init's record of
# the config drive's meta_data.json.
server_id() {
  if [[ -n ${'$'}{PA_BACKUP_SERVER_ID:-} ]]; then printf '%s\n' "$PA_BACKUP_SERVER_ID"; else cat /var/lib/cloud/data/instance-id; fi
}

# Prints the volumes marked for backup, one "id size type" per line (one listing per run).
tagged_volumes() {
  openstack volume list --long -f json | python3 -c '
import json, sys
key = sys.argv[1]
for v in json.load(sys.stdin):
    props = v.get("Properties") or {}
    if str(props.get(key, "")).lower() == "true" and "pa-restore-test" not in props \
            and v.get("Status") in ("available", "in-use"):
        print(v["ID"], v["Size"], v.get("Type") or "-")
' "$BACKUP_PROPERTY"
}

# One listing of a volume's backups (openstack volume backup list --long -f json) into a file.
# The client's list has no creation time nor incremental flag, so the scheduler names its backups
# "pa-<UTC time>-<full|incremental>"; backups with other names are never pruned nor restored.
list_backups() {
  openstack volume backup list --long --volume "$1" -f json >"$2"
}

# Prints the scheduler's backups from a listing file, newest first: "epoch id status mode size".
scheduler_backups() {
  python3 - "$1" <<'PY'
import calendar, json, re, sys, time
rows = []
for b in json.load(open(sys.argv[1])):
    m = re.fullmatch(r"pa-(\d{8}T\d{6}Z)-(full|incremental)", b.get("Name") or "")
    if not m:
        continue
    epoch = calendar.timegm(time.strptime(m.group(1), "%Y%m%dT%H%M%SZ"))
    rows.append((epoch, b["ID"], b["Status"], m.group(2), b["Size"]))
for r in sorted(rows, reverse=True):
    print(*r)
PY
}

# Waits until a volume or backup reaches the wanted status; fails on an error status or timeout.
# Leaves the last "show" (JSON) in SHOWN.
SHOWN='{}'
wait_for() {
  local kind=$1 id=$2 wanted=$3 status attempt=0
  while :; do
    if [[ $kind == backup ]]; then
      SHOWN=$(openstack volume backup show -f json "$id")
    else
      SHOWN=$(openstack volume show -f json "$id")
    fi
    status=$(json_field status <<<"$SHOWN")
    [[ $status == "$wanted" ]] && return 0
    if [[ $status == error* ]]; then log "$kind $id is in status $status"; return 1; fi
    attempt=$((attempt + 1))
    if ((attempt >= WAIT_ATTEMPTS)); then log "$kind $id still $status after $attempt checks"; return 1; fi
    sleep "$POLL_SECONDS"
  done
}

# Writes a file to the log archive container (synced off-site when the class asks for it).
archive_put() {
  openstack object create --name "$1" "$ARCHIVE_CONTAINER" "$2" >/dev/null
}

backup_volume() {
  local volume=$1 listing=$2 size_of_volume=$3 newest_full=0 created id status mode size name backup
  while read -r created id status mode size; do
    [[ -n ${'$'}{created:-} ]] || continue
    if [[ $status == available && $mode == full ]] && ((created > newest_full)); then newest_full=$created; fi
  done < <(scheduler_backups "$listing")
  if ((newest_full == 0 || NOW - newest_full >= FULL_BACKUP_EVERY_SECONDS)); then mode=full; else mode=incremental; fi
  name="pa-$(stamp_of "$NOW")-$mode"
  local args=(volume backup create --name "$name" --description "pa-cloud-kit scheduler ($CLASSIFICATION)"
    --container "$BACKUP_CONTAINER" --force)
  [[ $mode == incremental ]] && args+=(--incremental)
  backup=$(openstack "${'$'}{args[@]}" -f json "$volume" | json_field id)
  log "volume $volume: $mode backup $backup started"
  if ! wait_for backup "$backup" available; then
    alert "volume $volume: $mode backup $backup FAILED"
    return 1
  fi
  log "volume $volume: $mode backup $backup available"
  # The run's listing gains the new backup: pruning and the restore test use it without listing again.
  python3 - "$listing" "$backup" "$name" "$size_of_volume" <<'PY'
import json, sys
path, backup, name, size = sys.argv[1:]
rows = json.load(open(path))
rows.append({"ID": backup, "Name": name, "Status": "available", "Size": int(size)})
json.dump(rows, open(path, "w"))
PY
  if [[ $OFFSITE_COPY == true ]]; then archive_record "$volume" "$backup" "$name" "$mode" "$listing"; fi
}

# The backup data reaches OFFSITE_REGION through the sync of BACKUP_CONTAINER to
# OFFSITE_CONTAINER; the record says which objects there make up this backup and its chain, what
# a restore in the off-site region needs (see the README: restoring an off-site copy).
archive_record() {
  local volume=$1 backup=$2 name=$3 mode=$4 listing=$5 file
  file=$(mktemp)
  python3 - "$listing" "$backup" "$volume" "$name" "$mode" "$NOW" >"$file" <<PY
import json, re, sys
listing, backup, volume, name, mode, now = sys.argv[1:]
chain = []
if mode == "incremental":
    # Cinder's parent of an incremental backup is the newest available backup of the volume.
    rows = sorted((b for b in json.load(open(listing)) if b["Status"] == "available"
                   and re.fullmatch(r"pa-\d{8}T\d{6}Z-(full|incremental)", b.get("Name") or "")),
                  key=lambda b: b["Name"], reverse=True)
    for b in rows:
        if b["ID"] == backup:
            continue
        chain.append(b["ID"])
        if b["Name"].endswith("-full"):
            break
print(json.dumps({
    "kind": "backup-record", "backupId": backup, "name": name, "mode": mode, "volumeId": volume,
    "createdAt": "$(iso_of "$NOW")", "region": "$REGION", "container": "$BACKUP_CONTAINER",
    "objectPrefix": "volume_%s/" % volume, "offsiteRegion": "$OFFSITE_REGION",
    "offsiteContainer": "$OFFSITE_CONTAINER", "dependsOn": chain}, sort_keys=True))
PY
  archive_put "backups/records/$volume/$backup.json" "$file"
  rm -f "$file"
  log "backup $backup: record archived for the off-site copy $OFFSITE_CONTAINER in $OFFSITE_REGION"
}

prune_volume() {
  # The run's listing, with this run's backup (never due for pruning, it keeps its chain).
  local volume=$1 listing=$2
  local plan
  # Keeps the oldest available full backup of each month up to the monthly retention; deletes
  # what is older than the daily retention, incremental backups before the full backup they
  # depend on, and a full backup only when every later backup of its chain goes too.
  plan=$(scheduler_backups "$listing" | python3 -c '
import sys, time
now, daily, monthly = (int(a) for a in sys.argv[1:4])
rows = [l.split() for l in sys.stdin if l.strip()]
rows = [(int(c), i, s, m) for c, i, s, m, _ in rows]
oldest = sorted(rows)
keeper = {}
for c, i, s, m in oldest:
    if s == "available" and m == "full":
        keeper.setdefault(time.strftime("%Y-%m", time.gmtime(c)), i)
keep = set()
for c, i, s, m in oldest:
    age = now - c
    if age <= daily or (i in keeper.values() and age <= monthly) or s not in ("available", "error"):
        keep.add(i)
# A chain is a full backup and the incremental backups after it; a backup stays while a later
# backup of its chain stays.
chains, current = [], None
for c, i, s, m in oldest:
    if m == "full" or current is None:
        current = []
        chains.append(current)
    current.append(i)
for chain in chains:
    for pos, i in enumerate(chain):
        if any(x in keep for x in chain[pos + 1:]):
            keep.add(i)
    modes = {i: m for c, i, s, m in oldest}
    for i in reversed(chain):
        if i not in keep:
            print(modes[i], i)
' "$NOW" "$DAILY_RETENTION_SECONDS" "$MONTHLY_RETENTION_SECONDS")
  # A whole chain leaves the retention at once (weekly: up to 167 hourly incremental backups per
  # volume), so the deletions go in two client calls, not one per backup: the incremental ones,
  # then the full ones (Cinder refuses a full backup while its incremental ones are not gone yet:
  # it is deleted by a later run).
  local incremental full
  incremental=$(awk '$1 == "incremental" { print $2 }' <<<"$plan")
  full=$(awk '$1 == "full" { print $2 }' <<<"$plan")
  if [[ -n $incremental ]]; then
    # shellcheck disable=SC2086
    if openstack volume backup delete $incremental; then
      log "volume $volume: $(wc -w <<<"$incremental") incremental backup(s) past the retention deleted"
    else
      alert "volume $volume: deleting incremental backups past the retention FAILED"
      return 1
    fi
  fi
  if [[ -n $full ]]; then
    # shellcheck disable=SC2086
    if openstack volume backup delete $full; then
      log "volume $volume: full backup(s) $(tr '\n' ' ' <<<"$full")past the retention deleted"
    else
      log "volume $volume: full backup(s) $(tr '\n' ' ' <<<"$full")not deleted yet (their incremental backups are still being deleted); the next run retries"
    fi
  fi
}

restore_test_due() {
  local last=0
  [[ -f $STATE_DIR/last-restore-test ]] && last=$(<"$STATE_DIR/last-restore-test")
  ((NOW - last >= RESTORE_TEST_EVERY_SECONDS))
}

# Deletes a scratch volume, but only one this run created: the ID it was given, the name it gave,
# and the property it set. Access rules cannot tell a scratch volume from a production one; this
# check is what keeps the scheduler's DELETE on /volumes/* away from the tenant's volumes.
delete_scratch() {
  local scratch=$1 expected_name=$2 shown
  shown=$(json_field id <<<"$SHOWN")
  # The last "show" is of the scratch volume when the test got that far; otherwise show it now.
  if [[ $shown == "$scratch" ]]; then shown=$SHOWN; else shown=$(openstack volume show -f json "$scratch"); fi
  if ! python3 -c '
import json, sys
v = json.loads(sys.argv[1])
props = v.get("properties") or {}
sys.exit(0 if v.get("id") == sys.argv[2] and v.get("name") == sys.argv[3] and props.get("pa-restore-test") == "true" else 1)
' "$shown" "$scratch" "$expected_name"; then
    alert "restore test: volume $scratch is not the scratch volume $expected_name; NOT deleted"
    return 1
  fi
  openstack volume delete "$scratch"
}

# Restores the newest scheduler backup into a scratch volume of the encrypted volume type,
# attaches it to this instance, checks every 32 KiB block against the sha256 list Cinder's Swift
# backup driver stored with the backup (<prefix>_sha256file in the backup container) and, when the
# volume holds a file system, checks it read-only (fsck -n); detaches and deletes the scratch
# volume, and writes the evidence to the log archive (ABSC-BCK-02).
restore_test() {
  local best_created=0 best_id='' best_size=0 best_volume='' best_type='' volume vsize vtype created id status mode size
  while read -r volume vsize vtype; do
    [[ -n ${'$'}{volume:-} ]] || continue
    [[ -f $STATE_DIR/run/$volume.json ]] || continue
    while read -r created id status mode size; do
      [[ -n ${'$'}{created:-} ]] || continue
      if [[ $status == available ]] && ((created > best_created)); then
        best_created=$created best_id=$id best_size=$size best_volume=$volume best_type=$vtype
      fi
    done < <(scheduler_backups "$STATE_DIR/run/$volume.json")
  done <"$STATE_DIR/run/volumes"
  if [[ -z $best_id ]]; then alert "restore test: no available backup to restore"; return 1; fi

  local type=$RESTORE_VOLUME_TYPE
  [[ -n $type ]] || type=$best_type
  local scratch scratch_name result=failed reason='' started finished evidence check encrypted=''
  started=$(iso_of "$NOW")
  scratch_name="pa-restore-test-$(stamp_of "$NOW")"
  local create=(volume create --size "$best_size" --property pa-restore-test=true --property "pa-restore-of=$best_id"
    --description "pa-cloud-kit restore test of backup $best_id" -f json)
  [[ $type == - ]] || create+=(--type "$type")
  scratch=$(openstack "${'$'}{create[@]}" "$scratch_name" | json_field id)
  log "restore test: backup $best_id of volume $best_volume into scratch volume $scratch (type $type)"
  check=$(mktemp)
  echo '{}' >"$check"
  if ! wait_for volume "$scratch" available; then
    reason='scratch volume not available'
  else
    encrypted=$(json_field encrypted <<<"$SHOWN")
    # The client refuses an existing volume without --force, and after Cinder accepted the restore
    # (202) it fails printing the answer; the volume's status tells what happened.
    local out
    if ! out=$(openstack volume backup restore --force "$best_id" "$scratch" 2>&1); then
      if [[ $out == *"(HTTP "[45]* ]]; then reason="restore refused: $out"; fi
    fi
    if [[ -z $reason ]] && ! wait_for volume "$scratch" available; then reason='restore failed'; fi
    if [[ -z $reason ]]; then
      verify_restored "$best_volume" "$best_id" "$scratch" "$check" || reason=$(json_field reason <"$check")
    fi
    if [[ -z $reason && -n $RESTORE_VOLUME_TYPE && ${'$'}{encrypted,,} != true ]]; then
      reason="scratch volume type $type is not encrypted"
    fi
    [[ -n $reason ]] || result=passed
  fi
  delete_scratch "$scratch" "$scratch_name" || result=failed
  finished=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  evidence=$(mktemp)
  python3 - "$check" "$reason" >"$evidence" <<PY
import json, sys
check = json.load(open(sys.argv[1]))
print(json.dumps({
    "kind": "restore-test", "control": "ABSC-BCK-02", "tenant": "$TENANT_IPA_CODE",
    "classification": "$CLASSIFICATION", "cadence": "$RESTORE_TEST_FREQUENCY", "region": "$REGION",
    "backupId": "$best_id", "volumeId": "$best_volume", "backupCreatedAt": "$(iso_of "$best_created")",
    "scratchVolumeId": "$scratch", "scratchVolumeType": "$type", "scratchEncrypted": "${'$'}{encrypted,,}" == "true",
    "verification": check, "result": "$result", "reason": sys.argv[2] or None,
    "startedAt": "$started", "finishedAt": "$finished"}, sort_keys=True))
PY
  archive_put "restore-tests/$(stamp_of "$NOW")-$best_id.json" "$evidence"
  rm -f "$evidence" "$check"
  if [[ $result != passed ]]; then
    alert "restore test of backup $best_id FAILED: $reason; evidence in $ARCHIVE_CONTAINER"
    return 1
  fi
  log "restore test passed; evidence written to $ARCHIVE_CONTAINER"
  printf '%s\n' "$NOW" >"$STATE_DIR/last-restore-test"
}

# Attaches the scratch volume here, compares its blocks with the backup's sha256 list, runs a
# read-only file system check, detaches. Writes the findings as JSON to $4; fails on a mismatch.
verify_restored() {
  local volume=$1 backup=$2 scratch=$3 out=$4 me shafile device sums status=0
  me=$(server_id)
  shafile=$(openstack object list --prefix "volume_$volume/" -f json "$BACKUP_CONTAINER" | python3 -c '
import json, sys
names = [o["Name"] for o in json.load(sys.stdin) if o["Name"].endswith("_backup_%s_sha256file" % sys.argv[1])]
print(names[0] if len(names) == 1 else "")
' "$backup")
  if [[ -z $shafile ]]; then
    echo '{"reason": "no sha256 list of the backup in the backup container"}' >"$out"
    return 1
  fi
  sums=$(mktemp)
  openstack object save --file "$sums" "$BACKUP_CONTAINER" "$shafile"
  openstack server add volume "$me" "$scratch" >/dev/null
  device="$DEVICE_DIR/virtio-${'$'}{scratch:0:20}"
  local attempt=0
  until [[ -e $device ]]; do
    attempt=$((attempt + 1))
    if ((attempt >= WAIT_ATTEMPTS)); then break; fi
    sleep "$POLL_SECONDS"
  done
  python3 - "$device" "$sums" "$shafile" >"$out" <<'PY' || status=1
import hashlib, json, os, shutil, subprocess, sys
device, sums, name = sys.argv[1:]
meta = json.load(open(sums))
size, expected = meta["chunk_size"], meta["sha256s"]
result = {"sha256List": name, "blocks": len(expected), "blockSize": size}
if not os.path.exists(device):
    result["reason"] = "scratch volume not attached at %s" % device
else:
    bad = []
    with open(device, "rb") as f:
        for n, want in enumerate(expected):
            if hashlib.sha256(f.read(size)).hexdigest() != want:
                bad.append(n)
    result["mismatchedBlocks"] = len(bad)
    fstype = subprocess.run(["blkid", "-p", "-o", "value", "-s", "TYPE", device], capture_output=True, text=True).stdout.strip()
    result["filesystem"] = fstype or None
    if fstype and shutil.which("fsck.%s" % fstype):
        r = subprocess.run(["fsck.%s" % fstype, "-n", "-f", device], capture_output=True, text=True)
        result["fsck"] = "clean" if r.returncode == 0 else "errors (exit %d)" % r.returncode
    if bad:
        result["reason"] = "%d of %d blocks differ from the backup's sha256 list" % (len(bad), len(expected))
    elif result.get("fsck", "clean") != "clean":
        result["reason"] = "file system check found errors"
print(json.dumps(result, sort_keys=True))
sys.exit(1 if "reason" in result else 0)
PY
  rm -f "$sums"
  openstack server remove volume "$me" "$scratch" || status=1
  wait_for volume "$scratch" available || status=1
  return "$status"
}

main() {
  local failures=0 volume size type
  mkdir -p "$STATE_DIR/run"
  rm -f "$STATE_DIR/run/"*
  export PA_BACKUP_NOW=$NOW
  tagged_volumes >"$STATE_DIR/run/volumes"
  log "run for $CLASSIFICATION (backups $BACKUP_FREQUENCY, restore tests $RESTORE_TEST_FREQUENCY) at $(iso_of "$NOW")"
  while read -r volume size type; do
    [[ -n ${'$'}{volume:-} ]] || continue
    if ! "$BASH" "$0" volume "$volume"; then failures=$((failures + 1)); alert "volume $volume: FAILED"; fi
  done <"$STATE_DIR/run/volumes"
  if restore_test_due; then
    if ! "$BASH" "$0" restore-test; then failures=$((failures + 1)); alert "restore test: FAILED"; fi
  fi
  if ((failures > 0)); then alert "$failures step(s) failed"; exit 1; fi
  log "run done"
}

case "${'$'}{1:-run}" in
  run) main ;;
  volume)
    list_backups "$2" "$STATE_DIR/run/$2.json"
    backup_volume "$2" "$STATE_DIR/run/$2.json" "$(awk -v v="$2" '$1 == v { print $2 }' "$STATE_DIR/run/volumes")"
    prune_volume "$2" "$STATE_DIR/run/$2.json"
    ;;
  restore-test) restore_test ;;
  *) log "usage: $0 [run|volume <id>|restore-test]"; exit 2 ;;
esac
`;

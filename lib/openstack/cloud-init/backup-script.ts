/**
 * The volume backup script run by the kit's backup scheduler (ABSC-BCK-01/02/03, ACN-BCK-04).
 *
 * No Terraform resource creates Cinder backups, so the kit provisions a small scheduler instance
 * whose systemd timer runs this script. The script is rendered from the tenant's compliance
 * policy: every class-driven value (frequencies, retentions, off-site copy) is substituted from
 * `policy.settings`; the template text holds none.
 *
 * What one run does:
 * 1. lists the volumes whose property `pa-backup` is `true` (`openstack volume list --long`);
 * 2. backs up each one into the kit's backup container: a full backup when the volume has no
 *    full backup younger than `fullBackupEvery`, otherwise an incremental one (`--incremental`);
 * 3. for critico and strategico (`offsiteBackupCopy`), writes the backup's record
 *    (`volume backup record export`, or the `volume backup show` details where the provider keeps
 *    record export admin-only) into the log archive, which is synced off-site; the backup data
 *    itself reaches the off-site region through the sync of the backup container;
 * 4. prunes backups older than the daily retention, keeping the first full backup of each month
 *    up to the monthly retention, and never deleting a backup others depend on;
 * 5. when the last passed restore test is older than the class cadence, restores the newest
 *    backup to a scratch volume, checks that it becomes `available` with the backup's size,
 *    deletes it and writes a JSON evidence record to the log archive (ABSC-BCK-02).
 *
 * Each volume is handled by a child invocation of the script, so one failing volume does not stop
 * the others and `set -e` keeps its meaning; the run exits non-zero when anything failed.
 *
 * Environment read at run time: the OpenStack client's `OS_*` variables (an application
 * credential), and for tests or operators `PA_BACKUP_NOW` (epoch seconds: "now"),
 * `PA_BACKUP_STATE_DIR`, `PA_BACKUP_POLL_SECONDS`, `PA_BACKUP_WAIT_ATTEMPTS`.
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
NOW="${'$'}{PA_BACKUP_NOW:-$(date -u +%s)}"
readonly NOW

log() { printf '%s pa-backup: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }

iso_of() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
stamp_of() { date -u -d "@$1" +%Y%m%dT%H%M%SZ; }
month_of() { date -u -d "@$1" +%Y-%m; }
# Cinder returns naive UTC timestamps ("2026-01-10T02:00:00.000000").
epoch_of() { TZ=UTC date -d "${'$'}{1%Z}" +%s; }

# Prints the volumes marked for backup, one "id size" per line.
tagged_volumes() {
  openstack volume list --long -f json | python3 -c '
import json, sys
key = sys.argv[1]
for v in json.load(sys.stdin):
    props = v.get("Properties") or v.get("Metadata") or {}
    if isinstance(props, str):
        props = dict(p.split("=", 1) for p in props.replace("\x27", "").split(", ") if "=" in p)
    if str(props.get(key, "")).lower() == "true" and v.get("Status") in ("available", "in-use"):
        print(v["ID"], v["Size"])
' "$BACKUP_PROPERTY"
}

# Prints the backups of a volume, one "created_epoch id status incremental size" per line, newest first.
volume_backups() {
  local volume=$1 ids id fields created incremental size status lines=''
  ids=$(openstack volume backup list --volume "$volume" -f value -c ID)
  while read -r id; do
    [[ -n $id ]] || continue
    # Columns in the client's (alphabetical) order.
    fields=$(openstack volume backup show -f value -c created_at -c is_incremental -c size -c status "$id")
    read -r created incremental size status <<<"$fields"
    lines+="$(epoch_of "$created") $id $status ${'$'}{incremental,,} $size"$'\n'
  done <<<"$ids"
  printf '%s' "$lines" | sort -rn
}

# Waits until a volume or backup reaches the wanted status; fails on an error status or timeout.
wait_for() {
  local kind=$1 id=$2 wanted=$3 status attempt=0
  while :; do
    if [[ $kind == backup ]]; then
      status=$(openstack volume backup show -f value -c status "$id")
    else
      status=$(openstack volume show -f value -c status "$id")
    fi
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
  local volume=$1 backups=$2 newest_full=0 created id status incremental size mode name backup
  while read -r created id status incremental size; do
    [[ -n ${'$'}{created:-} ]] || continue
    if [[ $status == available && $incremental == false ]] && ((created > newest_full)); then newest_full=$created; fi
  done <<<"$backups"
  if ((newest_full == 0 || NOW - newest_full >= FULL_BACKUP_EVERY_SECONDS)); then mode=full; else mode=incremental; fi
  name="pa-$(stamp_of "$NOW")-$mode"
  local args=(volume backup create --name "$name" --container "$BACKUP_CONTAINER" --force)
  [[ $mode == incremental ]] && args+=(--incremental)
  backup=$(openstack "${'$'}{args[@]}" -f value -c id "$volume")
  log "volume $volume: $mode backup $backup started"
  wait_for backup "$backup" available
  log "volume $volume: backup $backup available"
  if [[ $OFFSITE_COPY == true ]]; then copy_record_offsite "$volume" "$backup"; fi
}

# The backup data reaches OFFSITE_REGION through the sync of BACKUP_CONTAINER; the record needed to
# import it there goes to the archive, which is synced off-site too.
copy_record_offsite() {
  local volume=$1 backup=$2 file
  file=$(mktemp)
  if openstack volume backup record export -f json "$backup" >"$file.record" 2>/dev/null; then
    python3 - "$file.record" "$backup" "$volume" "$OFFSITE_REGION" "$BACKUP_CONTAINER" >"$file" <<'PY'
import json, sys
record = json.load(open(sys.argv[1]))
print(json.dumps({"kind": "backup-record", "backupId": sys.argv[2], "volumeId": sys.argv[3],
                  "offsiteRegion": sys.argv[4], "container": sys.argv[5], "record": record}, sort_keys=True))
PY
  else
    log "backup $backup: record export refused (admin-only on this cloud); archiving its details instead"
    openstack volume backup show -f json "$backup" >"$file.record"
    python3 - "$file.record" "$backup" "$volume" "$OFFSITE_REGION" "$BACKUP_CONTAINER" >"$file" <<'PY'
import json, sys
details = json.load(open(sys.argv[1]))
print(json.dumps({"kind": "backup-details", "backupId": sys.argv[2], "volumeId": sys.argv[3],
                  "offsiteRegion": sys.argv[4], "container": sys.argv[5], "details": details}, sort_keys=True))
PY
  fi
  archive_put "backups/records/$volume/$backup.json" "$file"
  rm -f "$file" "$file.record"
  log "backup $backup: record archived for the off-site region $OFFSITE_REGION"
}

prune_volume() {
  # The list taken before this run's backup: the new backup is never due for pruning.
  local volume=$1 backups=$2 created id status incremental size age dependent
  declare -A monthly_keeper=()
  # The oldest available full backup of each month is the monthly one (the list is newest first).
  while read -r created id status incremental size; do
    [[ -n ${'$'}{created:-} ]] || continue
    if [[ $status == available && $incremental == false ]]; then monthly_keeper[$(month_of "$created")]=$id; fi
  done <<<"$backups"
  local keepers=" ${'$'}{monthly_keeper[*]:-} "
  # Newest first, so incremental backups go before the full backup they depend on.
  while read -r created id status incremental size; do
    [[ -n ${'$'}{created:-} ]] || continue
    age=$((NOW - created))
    ((age <= DAILY_RETENTION_SECONDS)) && continue
    if [[ $keepers == *" $id "* ]] && ((age <= MONTHLY_RETENTION_SECONDS)); then continue; fi
    [[ $status == available || $status == error ]] || continue
    dependent=$(openstack volume backup show -f value -c has_dependent_backups "$id")
    if [[ ${'$'}{dependent,,} == true ]]; then log "backup $id kept: other backups depend on it"; continue; fi
    openstack volume backup delete "$id"
    log "volume $volume: backup $id from $(iso_of "$created") deleted (older than the retention)"
  done <<<"$backups"
}

restore_test_due() {
  local last=0
  [[ -f $STATE_DIR/last-restore-test ]] && last=$(<"$STATE_DIR/last-restore-test")
  ((NOW - last >= RESTORE_TEST_EVERY_SECONDS))
}

restore_test() {
  local best_created=0 best_id='' best_size=0 best_volume='' volumes backups volume vsize created id status incremental size
  volumes=$(tagged_volumes)
  while read -r volume vsize; do
    [[ -n ${'$'}{volume:-} ]] || continue
    backups=$(volume_backups "$volume")
    while read -r created id status incremental size; do
      [[ -n ${'$'}{created:-} ]] || continue
      if [[ $status == available ]] && ((created > best_created)); then
        best_created=$created best_id=$id best_size=$size best_volume=$volume
      fi
    done <<<"$backups"
  done <<<"$volumes"
  if [[ -z $best_id ]]; then log "restore test skipped: no available backup"; return 1; fi

  local scratch result=passed actual_size='' started finished evidence
  started=$(iso_of "$NOW")
  scratch=$(openstack volume create --size "$best_size" --property pa-restore-test=true \
    -f value -c id "pa-restore-test-$(stamp_of "$NOW")")
  log "restore test: backup $best_id of volume $best_volume into scratch volume $scratch"
  if wait_for volume "$scratch" available \
    && openstack volume backup restore "$best_id" "$scratch" >/dev/null \
    && wait_for volume "$scratch" available; then
    actual_size=$(openstack volume show -f value -c size "$scratch")
    [[ $actual_size == "$best_size" ]] || result=failed
  else
    result=failed
  fi
  openstack volume delete "$scratch"
  finished=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  evidence=$(mktemp)
  python3 - >"$evidence" <<PY
import json
print(json.dumps({
    "kind": "restore-test", "control": "ABSC-BCK-02", "tenant": "$TENANT_IPA_CODE",
    "classification": "$CLASSIFICATION", "cadence": "$RESTORE_TEST_FREQUENCY", "region": "$REGION",
    "backupId": "$best_id", "volumeId": "$best_volume", "backupCreatedAt": "$(iso_of "$best_created")",
    "scratchVolumeId": "$scratch", "expectedSizeGb": $best_size,
    "restoredSizeGb": ${'$'}{actual_size:-None}, "result": "$result",
    "startedAt": "$started", "finishedAt": "$finished"}, sort_keys=True))
PY
  archive_put "restore-tests/$(stamp_of "$NOW")-$best_id.json" "$evidence"
  rm -f "$evidence"
  log "restore test $result; evidence written to $ARCHIVE_CONTAINER"
  [[ $result == passed ]] || return 1
  printf '%s\n' "$NOW" >"$STATE_DIR/last-restore-test"
}

main() {
  local failures=0 volumes volume size
  mkdir -p "$STATE_DIR"
  export PA_BACKUP_NOW=$NOW
  volumes=$(tagged_volumes)
  log "run for $CLASSIFICATION (backups $BACKUP_FREQUENCY, restore tests $RESTORE_TEST_FREQUENCY) at $(iso_of "$NOW")"
  while read -r volume size; do
    [[ -n ${'$'}{volume:-} ]] || continue
    if ! "$BASH" "$0" volume "$volume"; then failures=$((failures + 1)); log "volume $volume: FAILED"; fi
  done <<<"$volumes"
  if restore_test_due; then
    if ! "$BASH" "$0" restore-test; then failures=$((failures + 1)); log "restore test: FAILED"; fi
  fi
  if ((failures > 0)); then log "$failures step(s) failed"; exit 1; fi
}

case "${'$'}{1:-run}" in
  run) main ;;
  volume)
    backups=$(volume_backups "$2")
    backup_volume "$2" "$backups"
    prune_volume "$2" "$backups"
    ;;
  restore-test) restore_test ;;
  *) log "usage: $0 [run|volume <id>|restore-test]"; exit 2 ;;
esac
`;

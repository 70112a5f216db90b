/**
 * The cloud-init fragment for workload hosts: ship journald and audit logs to the log archive
 * container with the write-only shipper credential (ABSC-LOG-03, GAR-LOG-01), each object set to
 * expire after the class archive retention (LOG-RET-04), and keep time with chrony on the
 * provider's time source and INRiM (Garante 2008 timestamps).
 */
import { CompliancePolicy, Duration, PaCloudKitError } from '../../core';
import { checkHostName } from './inputs';
import { CloudConfigFile, TerraformReferences, chronyConfig, placeholder, renderCloudConfig } from './cloud-config';
import { checkSafeName, durationSeconds, shellQuote } from './shell';

/** Where the shipper's files land on the host. */
export const LOG_SHIPPER_PATHS = {
  script: '/usr/local/sbin/pa-log-shipper',
  env: '/etc/pa-cloud-kit/log-shipper.env',
  service: '/etc/systemd/system/pa-log-shipper.service',
  timer: '/etc/systemd/system/pa-log-shipper.timer',
} as const;

/** How often hosts ship their logs (kit default, not a class value). */
export const LOG_SHIPPING_CALENDAR = '*:0/15';

/**
 * Seconds after which shipped objects expire (`X-Delete-After`): the class archive retention,
 * never below the legal floor of the setting.
 */
export function logObjectLifetimeSeconds(policy: CompliancePolicy): number {
  const requirement = policy.requirement('auditLogArchiveRetention');
  const retention = policy.settings.auditLogArchiveRetention;
  const floor = requirement.floor as Duration | undefined;
  const effective = floor !== undefined && retention.isShorterThan(floor) ? floor : retention;
  return durationSeconds(effective);
}

/** The shipper script: export journald since its cursor and audit events since their checkpoint, compress, upload. */
export function renderLogShipperScript(policy: CompliancePolicy, archiveContainerName: string): string {
  const container = checkSafeName(archiveContainerName, 'archiveContainerName');
  const header = [
    `readonly ARCHIVE_CONTAINER=${shellQuote(container)}`,
    `readonly DELETE_AFTER_SECONDS=${logObjectLifetimeSeconds(policy)}`,
  ].join('\n');
  return `${SHIPPER_HEAD}\n${header}\n${SHIPPER_BODY}`;
}

/** Options of {@link renderHostCloudInit} and {@link hostLogShipping}. */
export interface HostCloudInitOptions {
  readonly policy: CompliancePolicy;
  readonly archiveContainerName: string;
  readonly region: string;
  /** Terraform text of the Keystone v3 URL. */
  readonly authUrl: string;
  /** Terraform text of the shipper credential's ID. */
  readonly credentialId: string;
  /** Terraform text of the shipper credential's secret. */
  readonly credentialSecret: string;
  /**
   * The provider's NTP server, listed before the INRiM servers.
   * @default - none: only the policy's time sources
   */
  readonly timeSource?: string;
  /**
   * HTTP proxy through which the shipper reaches Keystone and Swift (hosts without a route to
   * them, e.g. on the management network), as `http(s)://host[:port]`.
   * @default - direct connections
   */
  readonly httpProxy?: string;
}

/**
 * The parts of a `#cloud-config` document that make a host ship its logs to the archive and keep
 * time with chrony, for merging into another document (e.g. the backup scheduler's). Its
 * placeholders (`@@SHIPPER_...@@`) are distinct from those of the document it joins; render the
 * result with `renderCloudConfig(doc, { ...ownReferences, ...references })`.
 */
export interface HostLogShipping {
  /** Packages to install (`auditd`, whose `ausearch` reads the audit log). */
  readonly packages: readonly string[];
  /** chrony servers in order: the provider's, then the policy's (INRiM). */
  readonly ntpServers: readonly string[];
  /** The shipper's credential file, script and systemd units. */
  readonly writeFiles: readonly CloudConfigFile[];
  /** Commands that enable the shipper's timer. */
  readonly runcmd: readonly (readonly string[])[];
  /** The placeholders of `writeFiles` and the Terraform text each becomes. */
  readonly references: TerraformReferences;
}

/** Checks an `http(s)://host[:port]` proxy URL. */
export function checkHttpProxy(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?$/.test(value)) {
    throw new PaCloudKitError({ field, value, rule: 'must be an http(s) URL of a host and optional port, e.g. "http://proxy.internal:3128"' });
  }
  return value;
}

/** Log shipping and chrony for a host, as parts to merge into a `#cloud-config` document. */
export function hostLogShipping(options: HostCloudInitOptions): HostLogShipping {
  const region = checkSafeName(options.region, 'region');
  if (options.timeSource !== undefined) checkHostName(options.timeSource, 'timeSource');
  const proxy = options.httpProxy === undefined ? undefined : checkHttpProxy(options.httpProxy, 'httpProxy');
  const env = [
    `OS_AUTH_URL=${placeholder('SHIPPER_AUTH_URL')}`,
    `OS_REGION_NAME=${region}`,
    `OS_APPLICATION_CREDENTIAL_ID=${placeholder('SHIPPER_CREDENTIAL_ID')}`,
    `OS_APPLICATION_CREDENTIAL_SECRET=${placeholder('SHIPPER_CREDENTIAL_SECRET')}`,
    // Python's urllib, which uploads the logs, honours these.
    ...(proxy === undefined ? [] : [`https_proxy=${proxy}`, `http_proxy=${proxy}`]),
    '',
  ].join('\n');
  return {
    packages: ['auditd'],
    ntpServers: [...(options.timeSource === undefined ? [] : [options.timeSource]), ...options.policy.settings.timeSources],
    writeFiles: [
      { path: LOG_SHIPPER_PATHS.env, permissions: '0600', owner: 'root:root', content: env },
      { path: LOG_SHIPPER_PATHS.script, permissions: '0750', owner: 'root:root', content: renderLogShipperScript(options.policy, options.archiveContainerName) },
      { path: LOG_SHIPPER_PATHS.service, permissions: '0644', content: SHIPPER_SERVICE },
      { path: LOG_SHIPPER_PATHS.timer, permissions: '0644', content: SHIPPER_TIMER },
    ],
    runcmd: [
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', '--now', 'pa-log-shipper.timer'],
    ],
    references: {
      SHIPPER_AUTH_URL: options.authUrl,
      SHIPPER_CREDENTIAL_ID: options.credentialId,
      SHIPPER_CREDENTIAL_SECRET: options.credentialSecret,
    },
  };
}

/** The `#cloud-config` fragment for a workload host, ready for a Terraform `user_data` string. */
export function renderHostCloudInit(options: HostCloudInitOptions): string {
  const parts = hostLogShipping(options);
  const doc = {
    packages: [...parts.packages],
    ntp: chronyConfig(parts.ntpServers),
    write_files: [...parts.writeFiles],
    runcmd: [...parts.runcmd],
  };
  return renderCloudConfig(doc, parts.references);
}

const SHIPPER_SERVICE = `[Unit]
Description=pa-cloud-kit: ship journald and audit logs to the log archive
After=network-online.target
Wants=network-online.target

[Service]
Type=oneshot
EnvironmentFile=${LOG_SHIPPER_PATHS.env}
ExecStart=${LOG_SHIPPER_PATHS.script}
`;

const SHIPPER_TIMER = `[Unit]
Description=pa-cloud-kit: ship logs every 15 minutes

[Timer]
OnCalendar=${LOG_SHIPPING_CALENDAR}
RandomizedDelaySec=120
Persistent=true

[Install]
WantedBy=timers.target
`;

const SHIPPER_HEAD = `#!/usr/bin/env bash
# pa-cloud-kit log shipper (ABSC-LOG-03, LOG-RET-04, GAR-LOG-01).
# Rendered from the tenant's compliance policy by pa-cloud-kit; do not edit on the host.
set -euo pipefail
shopt -s inherit_errexit nullglob`;

const SHIPPER_BODY = String.raw`
readonly SPOOL_DIR="${'$'}{PA_LOG_SPOOL_DIR:-/var/spool/pa-log-shipper}"
readonly STATE_DIR="${'$'}{PA_LOG_STATE_DIR:-/var/lib/pa-log-shipper}"
umask 077
mkdir -p "$SPOOL_DIR" "$STATE_DIR"
stamp=$(date -u +%Y%m%dT%H%M%SZ)

# journald entries since the last run (the cursor file is read and updated by journalctl).
journalctl --cursor-file="$STATE_DIR/journal.cursor" --output=export --no-pager --quiet >"$SPOOL_DIR/$stamp-journal.export"

# Audit events since the last checkpoint; ausearch exits 1 when there is nothing new and 10-12
# when the checkpoint no longer matches the rotated logs (then start over).
rc=0
ausearch --input-logs --checkpoint "$STATE_DIR/audit.checkpoint" --raw >"$SPOOL_DIR/$stamp-audit.log" 2>/dev/null || rc=$?
case $rc in
  0 | 1) ;;
  10 | 11 | 12) rm -f "$STATE_DIR/audit.checkpoint" ;;
  *) echo "pa-log-shipper: ausearch failed with $rc" >&2 ;;
esac

for file in "$SPOOL_DIR"/*.export "$SPOOL_DIR"/*.log; do
  if [[ -s $file ]]; then gzip -9 "$file"; else rm -f "$file"; fi
done

# Upload every spooled file with the write-only credential; a file leaves the spool only once
# the archive has stored it, so nothing is lost while the archive is unreachable.
python3 - "$SPOOL_DIR" "$ARCHIVE_CONTAINER" "$DELETE_AFTER_SECONDS" "$(hostname)" <<'PY'
import json, os, sys, urllib.request

spool, container, delete_after, host = sys.argv[1:5]
body = json.dumps({"auth": {"identity": {"methods": ["application_credential"], "application_credential": {
    "id": os.environ["OS_APPLICATION_CREDENTIAL_ID"], "secret": os.environ["OS_APPLICATION_CREDENTIAL_SECRET"]}}}}).encode()
request = urllib.request.Request(os.environ["OS_AUTH_URL"].rstrip("/") + "/auth/tokens", data=body,
                                 headers={"Content-Type": "application/json"}, method="POST")
with urllib.request.urlopen(request, timeout=60) as response:
    token = response.headers["X-Subject-Token"]
    catalog = json.load(response)["token"]["catalog"]
region = os.environ["OS_REGION_NAME"]
swift = next(e["url"] for s in catalog if s["type"] == "object-store" for e in s["endpoints"]
             if e["interface"] == "public" and e["region"] == region)
for name in sorted(os.listdir(spool)):
    if not name.endswith(".gz"):
        continue
    path = os.path.join(spool, name)
    with open(path, "rb") as data:
        put = urllib.request.Request(f"{swift}/{container}/hosts/{host}/{name}", data=data.read(), method="PUT", headers={
            "X-Auth-Token": token, "X-Delete-After": delete_after, "Content-Type": "application/gzip"})
    with urllib.request.urlopen(put, timeout=300) as response:
        if response.status == 201:
            os.remove(path)
PY
`;

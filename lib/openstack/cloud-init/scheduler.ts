/**
 * The cloud-init document of the backup scheduler instance: the OpenStack client from Debian
 * packages, the rendered backup script, its credential, and a systemd timer at the class backup
 * frequency (ABSC-BCK-01); with `logShipping`, the host log shipper of the log archive too
 * (GAR-LOG-01).
 */
import { CompliancePolicy } from '../../core';
import { BackupScriptOptions, renderBackupScript } from './backup-script';
import { checkHostName } from './inputs';
import { chronyConfig, placeholder, renderCloudConfig } from './cloud-config';
import { HostLogShipping, checkHttpProxy } from './log-shipper';
import { onCalendar } from './shell';

/** Where the scheduler's files land on the instance. */
export const SCHEDULER_PATHS = {
  script: '/usr/local/sbin/pa-volume-backup',
  env: '/etc/pa-cloud-kit/backup.env',
  service: '/etc/systemd/system/pa-volume-backup.service',
  timer: '/etc/systemd/system/pa-volume-backup.timer',
} as const;

/** Options of {@link renderSchedulerCloudInit}. */
export interface SchedulerCloudInitOptions extends BackupScriptOptions {
  /** Terraform text of the Keystone v3 URL. */
  readonly authUrl: string;
  /** Terraform text of the scheduler credential's ID. */
  readonly credentialId: string;
  /** Terraform text of the scheduler credential's secret. */
  readonly credentialSecret: string;
  /**
   * HTTP proxy for the package mirror and the OpenStack APIs, for a management network without
   * a route to them.
   * @default - direct connections
   */
  readonly httpProxy?: string;
  /**
   * The provider's NTP server, listed before the INRiM servers.
   * @default - none: only the policy's time sources
   */
  readonly timeSource?: string;
  /**
   * Log shipping of the scheduler's own journald and audit logs to the archive (GAR-LOG-01),
   * merged into its document: packages, files, timers, and chrony servers (after the
   * scheduler's own `timeSource`, without repeats).
   * @default - the scheduler ships no logs of its own
   */
  readonly logShipping?: HostLogShipping;
}

/** The rendered script and the `#cloud-config` document (ready for a Terraform `user_data`) that installs it. */
export function renderSchedulerCloudInit(policy: CompliancePolicy, options: SchedulerCloudInitOptions): { script: string; userData: string; onCalendar: string } {
  const script = renderBackupScript(policy, options);
  if (options.httpProxy !== undefined) checkHttpProxy(options.httpProxy, 'httpProxy');
  if (options.timeSource !== undefined) checkHostName(options.timeSource, 'timeSource');
  const calendar = onCalendar(policy.settings.backupFrequency);
  const env = [
    'OS_AUTH_TYPE=v3applicationcredential',
    `OS_AUTH_URL=${placeholder('AUTH_URL')}`,
    `OS_REGION_NAME=${options.region}`,
    'OS_INTERFACE=public',
    `OS_APPLICATION_CREDENTIAL_ID=${placeholder('CREDENTIAL_ID')}`,
    `OS_APPLICATION_CREDENTIAL_SECRET=${placeholder('CREDENTIAL_SECRET')}`,
    ...(options.httpProxy === undefined ? [] : [`https_proxy=${options.httpProxy}`, `http_proxy=${options.httpProxy}`]),
    '',
  ].join('\n');
  const shipping = options.logShipping;
  const ntpServers = [...new Set([
    ...(options.timeSource === undefined ? [] : [options.timeSource]),
    ...(shipping?.ntpServers ?? []),
    ...policy.settings.timeSources,
  ])];
  const runcmd: string[][] = [
    ['systemctl', 'daemon-reload'],
    ['systemctl', 'enable', '--now', 'pa-volume-backup.timer'],
  ];
  for (const command of shipping?.runcmd ?? []) {
    if (!runcmd.some((c) => c.join(' ') === command.join(' '))) runcmd.push([...command]);
  }
  const doc: Record<string, unknown> = {
    package_update: true,
    packages: ['python3-openstackclient', ...(shipping?.packages ?? [])],
    ...(options.httpProxy === undefined ? {} : { apt: { http_proxy: options.httpProxy, https_proxy: options.httpProxy } }),
    ntp: chronyConfig(ntpServers),
    write_files: [
      { path: SCHEDULER_PATHS.env, permissions: '0600', owner: 'root:root', content: env },
      { path: SCHEDULER_PATHS.script, permissions: '0750', owner: 'root:root', content: script },
      { path: SCHEDULER_PATHS.service, permissions: '0644', content: schedulerService() },
      { path: SCHEDULER_PATHS.timer, permissions: '0644', content: schedulerTimer(calendar, policy.settings.backupFrequency) },
      ...(shipping?.writeFiles ?? []),
    ],
    runcmd,
  };
  const userData = renderCloudConfig(doc, {
    ...shipping?.references,
    AUTH_URL: options.authUrl,
    CREDENTIAL_ID: options.credentialId,
    CREDENTIAL_SECRET: options.credentialSecret,
  });
  return { script, userData, onCalendar: calendar };
}

function schedulerService(): string {
  return `[Unit]
Description=pa-cloud-kit: volume backups, pruning, off-site records and restore tests
After=network-online.target
Wants=network-online.target

[Service]
Type=oneshot
EnvironmentFile=${SCHEDULER_PATHS.env}
ExecStart=${SCHEDULER_PATHS.script}
`;
}

function schedulerTimer(calendar: string, frequency: string): string {
  return `[Unit]
Description=pa-cloud-kit: run volume backups ${frequency}

[Timer]
OnCalendar=${calendar}
Persistent=true

[Install]
WantedBy=timers.target
`;
}

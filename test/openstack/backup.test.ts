import { parse } from 'yaml';
import { Acknowledgement, CompliancePolicy, DataClassification, Duration, TenantIdentity } from '../../lib/core';
import { unescapeTerraformTemplate } from '../../lib/openstack/cloud-init/cloud-config';
import { LandingZoneBackup, LandingZoneBackupProps } from '../../lib/openstack/backup';
import { HostLogShipping } from '../../lib/openstack/logging';
import { TerraformStack, Testing } from '../../lib/openstack/private/cdktf';

const C = DataClassification;
const tenantOf = (classification: DataClassification) => TenantIdentity.of({
  ipaCode: 'c_h501', name: 'Comune di Esempio', classification, qualification: 'QC3',
  owner: 'Servizi ICT', incidentContact: 'cert@comune.example.it',
});

type Json = Record<string, any>;
interface Synth { doc: Json; backup: LandingZoneBackup }

function synth(classification: DataClassification, extra: Partial<LandingZoneBackupProps> & { acknowledgements?: Acknowledgement[] } = {}): Synth {
  const { acknowledgements, ...props } = extra;
  const stack = new TerraformStack(Testing.app(), 'test');
  const backup = new LandingZoneBackup(stack, 'Backup', {
    tenant: tenantOf(classification),
    policy: CompliancePolicy.forClassification(classification, { acknowledgements }),
    region: 'it-mil1',
    offsiteRegion: classification === C.ORDINARIO ? undefined : 'it-rom1',
    containerSync: { realm: 'pa-realm', cluster: 'rom1' },
    managementNetworkId: 'net-mgmt-0001',
    managementSecurityGroupName: 'c-h501-management',
    archiveContainerName: 'c-h501-log-archive',
    credentialsExpireAt: '2027-06-30T00:00:00Z',
    ...props,
  });
  return { doc: JSON.parse(Testing.synth(stack)) as Json, backup };
}

const SCHEDULER = 'Backup_Scheduler_6950A77A';
const CREDENTIAL = 'Backup_SchedulerCredential_DE761EE5';
const instance = (doc: Json): Json => doc.resource.openstack_compute_instance_v2[SCHEDULER];
const containers = (doc: Json): Json => doc.resource.openstack_objectstorage_container_v1;
const userData = (doc: Json): Json => parse(instance(doc).user_data) as Json;
const file = (doc: Json, path: string): string => userData(doc).write_files.find((f: Json) => f.path === path).content;

const synths: Record<string, Synth> = {};
beforeAll(() => {
  for (const cls of [C.ORDINARIO, C.CRITICO, C.STRATEGICO]) synths[cls] = synth(cls);
});

describe.each([
  [C.ORDINARIO, '*-*-* 02:00:00 UTC'],
  [C.CRITICO, '*-*-* 02:00:00 UTC'],
  [C.STRATEGICO, '*-*-* *:00:00 UTC'],
])('%s backup scheduler', (cls, calendar) => {
  test('runs on the management network, with its security group and no floating IP', () => {
    const { doc } = synths[cls];
    expect(instance(doc)).toMatchObject({
      name: 'c-h501-backup-scheduler', region: 'it-mil1', image_name: 'Debian 12', flavor_name: 'm1.small',
      network: [{ uuid: 'net-mgmt-0001' }], security_groups: ['c-h501-management'],
      tags: tenantOf(cls).tagStrings(),
    });
    expect(JSON.stringify(doc)).not.toMatch(/floatingip|floating_ip/);
    expect(Object.keys(doc.resource).sort()).toEqual([
      'openstack_compute_instance_v2', 'openstack_identity_application_credential_v3', 'openstack_objectstorage_container_v1',
    ]);
  });

  test(`its timer runs the backups at the class frequency (${calendar})`, () => {
    const { doc, backup } = synths[cls];
    expect(file(doc, '/etc/systemd/system/pa-volume-backup.timer')).toMatch(new RegExp(`^OnCalendar=${calendar.replace(/\*/g, '\\*')}$`, 'm'));
    expect(backup.schedule).toBe(calendar);
    expect(userData(doc).runcmd).toContainEqual(['systemctl', 'enable', '--now', 'pa-volume-backup.timer']);
  });

  test('its cloud-init installs the OpenStack client from Debian and the rendered script', () => {
    const { doc, backup } = synths[cls];
    const ud = userData(doc);
    expect(instance(doc).user_data.startsWith('#cloud-config\n')).toBe(true);
    expect(ud.packages).toEqual(['python3-openstackclient']);
    const script = unescapeTerraformTemplate(file(doc, '/usr/local/sbin/pa-volume-backup'));
    expect(script).toBe(backup.script);
    expect(script).toMatch(new RegExp(`^readonly CLASSIFICATION='${cls}'$`, 'm'));
    expect(ud.ntp.servers).toEqual(['ntp1.inrim.it', 'ntp2.inrim.it']);
  });

  test('the backups go to a container that Terraform never destroys, versioned unless it syncs off-site (the copy is)', () => {
    expect(containers(synths[cls].doc).Backup_BackupContainer_AA5E7E24).toMatchObject({
      name: 'c-h501-volume-backups', region: 'it-mil1', versioning: cls === C.ORDINARIO, force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(synths[cls].backup.backupContainerName).toBe('c-h501-volume-backups');
  });

  test('the user data reaches the scheduler on the config drive, not through the metadata service', () => {
    expect(synths[cls].doc.resource.openstack_compute_instance_v2[SCHEDULER].config_drive).toBe(true);
  });

  test('the credential expires, is restricted, and its secret only reaches the scheduler through Terraform', () => {
    const { doc } = synths[cls];
    expect(doc.resource.openstack_identity_application_credential_v3[CREDENTIAL]).toMatchObject({
      name: 'c-h501-backup-scheduler', unrestricted: false, expires_at: '2027-06-30T00:00:00Z',
    });
    const env = file(doc, '/etc/pa-cloud-kit/backup.env');
    expect(env).toContain(`OS_APPLICATION_CREDENTIAL_SECRET=\${openstack_identity_application_credential_v3.${CREDENTIAL}.secret}`);
    expect(env).toContain(`OS_APPLICATION_CREDENTIAL_ID=\${openstack_identity_application_credential_v3.${CREDENTIAL}.id}`);
    expect(env).toMatch(/^OS_AUTH_TYPE=v3applicationcredential$/m);
    expect(env).toMatch(/^OS_REGION_NAME=it-mil1$/m);
    expect(userData(doc).write_files.find((f: Json) => f.path === '/etc/pa-cloud-kit/backup.env').permissions).toBe('0600');
  });
});

describe('access rules of the scheduler credential', () => {
  const rules = (doc: Json) => doc.resource.openstack_identity_application_credential_v3[CREDENTIAL].access_rules as Json[];
  const base = [
    ['block-storage', 'GET', '/v3/*/volumes/detail'],
    ['block-storage', 'GET', '/v3/*/volumes/*'],
    ['block-storage', 'POST', '/v3/*/volumes'],
    ['block-storage', 'DELETE', '/v3/*/volumes/*'],
    ['block-storage', 'GET', '/v3/*/backups/detail'],
    ['block-storage', 'GET', '/v3/*/backups/*'],
    ['block-storage', 'POST', '/v3/*/backups'],
    ['block-storage', 'DELETE', '/v3/*/backups/*'],
    ['block-storage', 'POST', '/v3/*/backups/*/restore'],
    ['compute', 'GET', '/v2.1/servers/*'],
    ['compute', 'POST', '/v2.1/servers/*/os-volume_attachments'],
    ['compute', 'DELETE', '/v2.1/servers/*/os-volume_attachments/*'],
  ];
  const swift = [
    ['object-store', 'HEAD', '/v1/*/c-h501-volume-backups'],
    ['object-store', 'PUT', '/v1/*/c-h501-volume-backups'],
    ['object-store', 'GET', '/v1/*/c-h501-volume-backups'],
    ['object-store', 'GET', '/v1/*/c-h501-volume-backups/**'],
    ['object-store', 'HEAD', '/v1/*/c-h501-volume-backups/**'],
    ['object-store', 'PUT', '/v1/*/c-h501-volume-backups/**'],
    ['object-store', 'DELETE', '/v1/*/c-h501-volume-backups/**'],
    ['object-store', 'PUT', '/v1/*/c-h501-log-archive/**'],
  ];
  const asRules = (list: string[][]) => list.map(([service, method, path]) => ({ service, method, path }));

  test.each([C.ORDINARIO, C.CRITICO, C.STRATEGICO])('%s: backups, restore tests with the scratch volume attached to the scheduler, evidence PUT into the archive, nothing else', (cls) => {
    expect(rules(synths[cls].doc)).toEqual(asRules([...base, ...swift]));
  });

  test('no admin-only call: export_record is not asked for (Cinder refuses it to project members)', () => {
    expect(rules(synths[C.STRATEGICO].doc).some((r) => r.path.includes('export_record'))).toBe(false);
  });

  test('the archive can only be written: no GET or DELETE on it', () => {
    const onArchive = rules(synths[C.STRATEGICO].doc).filter((r) => r.path.includes('log-archive'));
    expect(onArchive.map((r) => r.method)).toEqual(['PUT']);
  });

  test('the Cinder service type can be set for clouds that register volumev3', () => {
    const { doc } = synth(C.ORDINARIO, { blockStorageServiceType: 'volumev3' });
    expect(rules(doc).filter((r) => r.path.startsWith('/v3/')).every((r) => r.service === 'volumev3')).toBe(true);
  });

  test('the Swift service type can be set too', () => {
    const { doc } = synth(C.ORDINARIO, { objectStoreServiceType: 'object-store-eu' });
    const swift = rules(doc).filter((r) => r.path.startsWith('/v1/'));
    expect(swift.length).toBeGreaterThan(0);
    expect([...new Set(swift.map((r) => r.service))]).toEqual(['object-store-eu']);
  });
});

describe('off-site copy', () => {
  test.each([C.CRITICO, C.STRATEGICO])('%s syncs the backup container to the off-site region', (cls) => {
    const { doc, backup } = synths[cls];
    const all = containers(doc);
    expect(all.Backup_OffsiteBackupContainer_A88EF0ED).toEqual({
      name: 'c-h501-volume-backups-offsite', region: 'it-rom1', versioning: true, force_destroy: false,
      container_sync_key: '${var.volume_backup_sync_key}',
      metadata: expect.objectContaining({ 'pa-classification': cls }),
      lifecycle: { prevent_destroy: true },
    });
    // Realm form (works without allowed_sync_hosts); Swift refuses versioning on a sync source.
    expect(all.Backup_BackupContainer_AA5E7E24.container_sync_to).toBe(
      '//pa-realm/rom1/AUTH_${data.openstack_identity_auth_scope_v3.Backup_Scope_87EA17F3.project_id}/c-h501-volume-backups-offsite',
    );
    expect(all.Backup_BackupContainer_AA5E7E24.versioning).toBe(false);
    expect(all.Backup_BackupContainer_AA5E7E24.container_sync_key).toBe('${var.volume_backup_sync_key}');
    expect(doc.variable.volume_backup_sync_key).toMatchObject({ type: 'string', sensitive: true });
    expect(JSON.stringify(doc)).not.toMatch(/container_sync_key":"(?!\$\{var\.volume_backup_sync_key\})/);
    expect(backup.script).toMatch(/^readonly OFFSITE_COPY=true$/m);
    expect(backup.script).toMatch(/^readonly OFFSITE_REGION='it-rom1'$/m);
  });

  test('ordinario has no off-site container, no sync and no sync variable', () => {
    const { doc, backup } = synths[C.ORDINARIO];
    expect(Object.keys(containers(doc))).toEqual(['Backup_BackupContainer_AA5E7E24']);
    expect(containers(doc).Backup_BackupContainer_AA5E7E24).not.toHaveProperty('container_sync_to');
    expect(doc.variable).toBeUndefined();
    expect(backup.script).toMatch(/^readonly OFFSITE_COPY=false$/m);
  });
});

describe('addresses of stateful resources (changing them destroys data)', () => {
  test('are pinned', () => {
    const { doc } = synths[C.CRITICO];
    expect(Object.keys(containers(doc)).sort()).toEqual(['Backup_BackupContainer_AA5E7E24', 'Backup_OffsiteBackupContainer_A88EF0ED']);
    expect(Object.keys(doc.resource.openstack_compute_instance_v2)).toEqual([SCHEDULER]);
    expect(Object.keys(doc.resource.openstack_identity_application_credential_v3)).toEqual([CREDENTIAL]);
  });
});

describe('options', () => {
  test('image, flavor, proxy, time source and full-backup period are passed through', () => {
    const { doc, backup } = synth(C.ORDINARIO, {
      imageName: 'Debian 12 bookworm', flavorName: 'c1.small', httpProxy: 'http://proxy.internal:3128',
      timeSource: 'ntp.cloud.example.it', fullBackupEvery: Duration.days(14),
    });
    expect(instance(doc)).toMatchObject({ image_name: 'Debian 12 bookworm', flavor_name: 'c1.small' });
    const ud = userData(doc);
    expect(ud.apt).toEqual({ http_proxy: 'http://proxy.internal:3128', https_proxy: 'http://proxy.internal:3128' });
    expect(file(doc, '/etc/pa-cloud-kit/backup.env')).toMatch(/^https_proxy=http:\/\/proxy\.internal:3128$/m);
    expect(ud.ntp.servers).toEqual(['ntp.cloud.example.it', 'ntp1.inrim.it', 'ntp2.inrim.it']);
    expect(backup.script).toMatch(new RegExp(`^readonly FULL_BACKUP_EVERY_SECONDS=${14 * 86400}$`, 'm'));
  });

  test('the restore volume type reaches the script; the off-site record names the synced container', () => {
    const { backup } = synth(C.CRITICO, { restoreVolumeType: 'encrypted-luks' });
    expect(backup.script).toMatch(/^readonly RESTORE_VOLUME_TYPE='encrypted-luks'$/m);
    expect(backup.script).toMatch(new RegExp(`^readonly OFFSITE_CONTAINER='${backup.offsiteBackupContainerName}'$`, 'm'));
    expect(backup.offsiteBackupContainerName).toBe('c-h501-volume-backups-offsite');
  });
});

describe('log shipping of the scheduler itself (GAR-LOG-01)', () => {
  const shipping: HostLogShipping = {
    packages: ['auditd'],
    ntpServers: ['ntp.cloud.example.it', 'ntp1.inrim.it', 'ntp2.inrim.it'],
    writeFiles: [
      { path: '/etc/pa-cloud-kit/log-shipper.env', permissions: '0600', owner: 'root:root', content: 'OS_APPLICATION_CREDENTIAL_SECRET=@@SHIPPER_CREDENTIAL_SECRET@@\n' },
      { path: '/etc/systemd/system/pa-log-shipper.timer', permissions: '0644', content: '[Timer]\nOnCalendar=*:0/15\n' },
    ],
    runcmd: [['systemctl', 'daemon-reload'], ['systemctl', 'enable', '--now', 'pa-log-shipper.timer']],
    references: { SHIPPER_CREDENTIAL_SECRET: '${openstack_identity_application_credential_v3.shipper.secret}' },
  };

  test('the shipper\'s packages, files and timer join the scheduler\'s document; shared commands and servers once', () => {
    const { doc } = synth(C.ORDINARIO, { logShipping: shipping });
    const ud = userData(doc);
    expect(ud.packages).toEqual(['python3-openstackclient', 'auditd']);
    expect(ud.write_files.map((f: Json) => f.path)).toEqual([
      '/etc/pa-cloud-kit/backup.env', '/usr/local/sbin/pa-volume-backup', '/etc/systemd/system/pa-volume-backup.service',
      '/etc/systemd/system/pa-volume-backup.timer', '/etc/pa-cloud-kit/log-shipper.env', '/etc/systemd/system/pa-log-shipper.timer',
    ]);
    expect(ud.runcmd).toEqual([
      ['systemctl', 'daemon-reload'], ['systemctl', 'enable', '--now', 'pa-volume-backup.timer'], ['systemctl', 'enable', '--now', 'pa-log-shipper.timer'],
    ]);
    expect(ud.ntp.servers).toEqual(['ntp.cloud.example.it', 'ntp1.inrim.it', 'ntp2.inrim.it']);
    // The shipper's placeholders become its own credential; the scheduler's stay its own.
    expect(file(doc, '/etc/pa-cloud-kit/log-shipper.env')).toBe('OS_APPLICATION_CREDENTIAL_SECRET=${openstack_identity_application_credential_v3.shipper.secret}\n');
    expect(file(doc, '/etc/pa-cloud-kit/backup.env')).toContain(`OS_APPLICATION_CREDENTIAL_SECRET=\${openstack_identity_application_credential_v3.${CREDENTIAL}.secret}`);
    expect(instance(doc).user_data).not.toContain('@@');
  });

  test('without it the scheduler ships nothing, and a warning names GAR-LOG-01', () => {
    const { doc, backup } = synths[C.ORDINARIO];
    expect(userData(doc).write_files.map((f: Json) => f.path)).not.toContain('/etc/pa-cloud-kit/log-shipper.env');
    expect(backup.node.metadata.map((m) => String(m.data))).toContainEqual(expect.stringMatching(/^\[GAR-LOG-01\] the backup scheduler ships no logs of its own/));
    expect(synth(C.ORDINARIO, { logShipping: shipping }).backup.node.metadata.filter((m) => /warn/i.test(m.type))).toEqual([]);
  });
});

describe('bad input', () => {
  test.each([C.CRITICO, C.STRATEGICO])('%s without an off-site region throws naming ACN-BCK-04', (cls) => {
    expect(() => synth(cls, { offsiteRegion: undefined })).toThrow(
      new RegExp(`^offsiteRegion: ${cls} backups need an off-site copy in another allowed region \\(or acknowledge ACN-BCK-04 with a reason\\), got nothing \\[ACN-BCK-04\\]$`),
    );
  });

  test('critico with ACN-BCK-04 acknowledged needs no off-site region', () => {
    const { doc } = synth(C.CRITICO, {
      offsiteRegion: undefined, acknowledgements: [{ control: 'ACN-BCK-04', reason: 'single-region provider, DR contract pending' }],
    });
    expect(Object.keys(containers(doc))).toEqual(['Backup_BackupContainer_AA5E7E24']);
  });

  test('an off-site region without the container sync realm and cluster throws', () => {
    expect(() => synth(C.CRITICO, { containerSync: undefined })).toThrow(
      /^containerSync: is required with an off-site region: the Swift container sync realm and the cluster of it-rom1 in it, as the provider's container-sync-realms\.conf names them, e\.g\. \{ realm: "pa-realm", cluster: "it-rom1" \}, got nothing$/,
    );
  });

  test('the scheduler on a port (security group by ID) is created after what it is given', () => {
    const { doc } = synth(C.ORDINARIO, { managementPortId: 'port-0001', dependsOn: [] });
    expect(instance(doc).network).toEqual([{ port: 'port-0001' }]);
    expect(instance(doc).security_groups).toBeUndefined();
  });

  test('an off-site region equal to the region throws', () => {
    expect(() => synth(C.CRITICO, { offsiteRegion: 'it-mil1' })).toThrow(/^offsiteRegion: must differ from the region "it-mil1", got "it-mil1" \[ACN-BCK-04\]$/);
  });

  test('a bad credentialsExpireAt throws', () => {
    expect(() => synth(C.ORDINARIO, { credentialsExpireAt: '30/06/2027' })).toThrow(
      /^credentialsExpireAt: must be an ISO 8601 date-time with a time zone, e\.g\. "2027-06-30T00:00:00Z", got "30\/06\/2027"$/,
    );
  });

  test.each([
    ['region', { region: 'it mil1' }, /^region: must be 1-255 letters/],
    ['offsiteRegion', { offsiteRegion: 'rom/1' }, /^offsiteRegion: must be 1-255 letters/],
    ['archiveContainerName', { archiveContainerName: 'logs/archive' }, /^archiveContainerName: must be 1-255 letters/],
    ['managementNetworkId', { managementNetworkId: ' ' }, /^managementNetworkId: must be a non-empty string, got " "$/],
    ['managementSecurityGroupName', { managementSecurityGroupName: '' }, /^managementSecurityGroupName: must be a non-empty string, got ""$/],
    ['imageName', { imageName: ' ' }, /^imageName: must be a non-empty image name, got " "$/],
    ['flavorName', { flavorName: '' }, /^flavorName: must be a non-empty flavor name, got ""$/],
    ['containerSync.realm', { containerSync: { realm: 'pa/realm', cluster: 'rom1' }, offsiteRegion: 'it-rom1' }, /^containerSync\.realm: must be a name of the provider's container-sync-realms\.conf: .*, got "pa\/realm"$/],
    ['containerSync.cluster', { containerSync: { realm: 'pa-realm', cluster: '' }, offsiteRegion: 'it-rom1' }, /^containerSync\.cluster: must be a name of the provider's container-sync-realms\.conf/],
    ['objectStoreServiceType', { objectStoreServiceType: 'Object Store' }, /^objectStoreServiceType: must be a service type of the cloud's catalog \(`openstack catalog list`\): lower-case letters, digits and hyphens, e\.g\. "block-storage", "volumev3" or "object-store", got "Object Store"$/],
    ['blockStorageServiceType', { blockStorageServiceType: 'Block Storage' }, /^blockStorageServiceType: must be a catalog service type such as "block-storage" or "volumev3", got "Block Storage"$/],
    ['httpProxy', { httpProxy: 'proxy:3128' }, /^httpProxy: must be an http\(s\) URL of a host and optional port, e\.g\. "http:\/\/proxy\.internal:3128", got "proxy:3128"$/],
    ['timeSource', { timeSource: 'ntp 1' }, /^timeSource: must be a host name or IP address/],
    ['fullBackupEvery', { fullBackupEvery: Duration.hours(0) }, /^fullBackupEvery: must be at least 1 hour, got "0 hours"$/],
  ] as Array<[string, Partial<LandingZoneBackupProps>, RegExp]>)('%s', (_name, props, message) => {
    expect(() => synth(C.ORDINARIO, props)).toThrow(message);
  });
});

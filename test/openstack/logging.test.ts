import { parse } from 'yaml';
import { Acknowledgement, CompliancePolicy, DataClassification, TenantIdentity } from '../../lib/core';
import { unescapeTerraformTemplate } from '../../lib/openstack/cloud-init/cloud-config';
import { LandingZoneLogging, LandingZoneLoggingProps } from '../../lib/openstack/logging';
import { TerraformOutput, TerraformStack, Testing } from '../../lib/openstack/private/cdktf';

const C = DataClassification;
const tenantOf = (classification: DataClassification) => TenantIdentity.of({
  ipaCode: 'c_h501', name: 'Comune di Esempio', classification, qualification: 'QC3',
  owner: 'Servizi ICT', incidentContact: 'cert@comune.example.it',
});

type Json = Record<string, any>;
interface Synth { doc: Json; logging: LandingZoneLogging; cloudInit: string }

function synth(classification: DataClassification, extra: Partial<LandingZoneLoggingProps> & { acknowledgements?: Acknowledgement[] } = {}): Synth {
  const { acknowledgements, ...props } = extra;
  const stack = new TerraformStack(Testing.app(), 'test');
  const logging = new LandingZoneLogging(stack, 'Logging', {
    tenant: tenantOf(classification),
    policy: CompliancePolicy.forClassification(classification, { acknowledgements }),
    region: 'it-mil1',
    offsiteRegion: classification === C.ORDINARIO ? undefined : 'it-rom1',
    containerSync: { realm: 'pa-realm', cluster: 'rom1' },
    credentialsExpireAt: '2027-06-30T00:00:00Z',
    ...props,
  });
  new TerraformOutput(stack, 'HostCloudInit', { value: logging.hostCloudInit() });
  const doc = JSON.parse(Testing.synth(stack)) as Json;
  return { doc, logging, cloudInit: doc.output.HostCloudInit.value };
}

const containers = (doc: Json): Json => doc.resource.openstack_objectstorage_container_v1;
const credentials = (doc: Json): Json => doc.resource.openstack_identity_application_credential_v3;

const synths: Record<string, Synth> = {};
beforeAll(() => {
  for (const cls of [C.ORDINARIO, C.CRITICO, C.STRATEGICO]) synths[cls] = synth(cls);
});

describe.each([C.ORDINARIO, C.CRITICO, C.STRATEGICO])('%s log archive', (cls) => {
  test('the container has no read ACL, is never destroyed, and is versioned unless it is a sync source (its off-site copy is)', () => {
    const archive = containers(synths[cls].doc).Logging_ArchiveContainer_123E627B;
    expect(archive).toMatchObject({
      name: 'c-h501-log-archive', region: 'it-mil1', versioning: cls === C.ORDINARIO, force_destroy: false,
      lifecycle: { prevent_destroy: true },
      metadata: { 'pa-ipa-code': 'c_h501', 'pa-classification': cls },
    });
    expect(archive).not.toHaveProperty('container_read');
    expect(archive).not.toHaveProperty('container_write');
    expect(synths[cls].logging.containerName).toBe('c-h501-log-archive');
  });

  test('the shipper credential may only PUT objects into the archive, and expires', () => {
    expect(credentials(synths[cls].doc)).toEqual({
      Logging_ShipperCredential_835EA8B3: {
        name: 'c-h501-log-shipper',
        description: 'pa-cloud-kit log shipper of c_h501: PUT objects into c-h501-log-archive only',
        unrestricted: false,
        expires_at: '2027-06-30T00:00:00Z',
        access_rules: [{ service: 'object-store', method: 'PUT', path: '/v1/*/c-h501-log-archive/**' }],
      },
    });
  });

  test('no sync key value is in the synthesized JSON', () => {
    expect(JSON.stringify(synths[cls].doc)).not.toMatch(/container_sync_key":"(?!\$\{var\.log_archive_sync_key\})/);
  });
});

describe('off-site sync', () => {
  test.each([C.CRITICO, C.STRATEGICO])('%s syncs the archive to a versioned container in the off-site region', (cls) => {
    const { doc, logging } = synths[cls];
    const all = containers(doc);
    expect(all.Logging_OffsiteContainer_CF164582).toEqual({
      name: 'c-h501-log-archive-offsite', region: 'it-rom1', versioning: true, force_destroy: false,
      container_sync_key: '${var.log_archive_sync_key}',
      metadata: expect.objectContaining({ 'pa-ipa-code': 'c_h501' }),
      lifecycle: { prevent_destroy: true },
    });
    const archive = all.Logging_ArchiveContainer_123E627B;
    expect(archive.container_sync_key).toBe('${var.log_archive_sync_key}');
    // Realm form: Swift accepts it without allowed_sync_hosts; the project is the same in both regions.
    expect(archive.container_sync_to).toBe(
      '//pa-realm/rom1/AUTH_${data.openstack_identity_auth_scope_v3.Logging_Scope_3DF143AD.project_id}/c-h501-log-archive-offsite',
    );
    // Swift refuses object versioning on a container-sync source: only the copy is versioned.
    expect(archive.versioning).toBe(false);
    expect(archive.depends_on).toEqual(['openstack_objectstorage_container_v1.Logging_OffsiteContainer_CF164582']);
    expect(doc.variable).toEqual({
      log_archive_sync_key: expect.objectContaining({ type: 'string', sensitive: true, nullable: false }),
    });
    expect(logging.offsiteContainerName).toBe('c-h501-log-archive-offsite');
  });

  test('ordinario without an off-site region has no sync, no second container, no variable', () => {
    const { doc } = synths[C.ORDINARIO];
    expect(Object.keys(containers(doc))).toEqual(['Logging_ArchiveContainer_123E627B']);
    expect(containers(doc).Logging_ArchiveContainer_123E627B).not.toHaveProperty('container_sync_to');
    expect(doc.variable).toBeUndefined();
  });

  test('ordinario with an off-site region syncs too', () => {
    const { doc } = synth(C.ORDINARIO, { offsiteRegion: 'it-rom1' });
    expect(containers(doc).Logging_ArchiveContainer_123E627B.container_sync_to).toMatch(/^\/\/pa-realm\/rom1\/AUTH_\$\{[^}]+\.project_id\}\/c-h501-log-archive-offsite$/);
    expect(containers(doc).Logging_ArchiveContainer_123E627B.versioning).toBe(false);
  });

  test('critico without an off-site region but with ACN-BCK-04 acknowledged has no sync', () => {
    const { doc } = synth(C.CRITICO, {
      offsiteRegion: undefined,
      acknowledgements: [{ control: 'ACN-BCK-04', reason: 'single-region provider, DR contract pending' }],
    });
    expect(containers(doc).Logging_ArchiveContainer_123E627B).not.toHaveProperty('container_sync_to');
  });
});

describe('addresses of stateful resources (changing them destroys data)', () => {
  test('are pinned', () => {
    const { doc } = synths[C.CRITICO];
    expect(Object.keys(containers(doc)).sort()).toEqual(['Logging_ArchiveContainer_123E627B', 'Logging_OffsiteContainer_CF164582']);
    expect(Object.keys(credentials(doc))).toEqual(['Logging_ShipperCredential_835EA8B3']);
  });
});

describe('hostCloudInit', () => {
  const hostDoc = (cls: DataClassification) => {
    const text = synths[cls].cloudInit;
    expect(text.startsWith('#cloud-config\n')).toBe(true);
    return parse(text) as Json;
  };
  const file = (doc: Json, path: string): string => doc.write_files.find((f: Json) => f.path === path).content;

  test('is valid YAML that installs the shipper, its credential file and a timer', () => {
    const doc = hostDoc(C.CRITICO);
    expect(doc.write_files.map((f: Json) => [f.path, f.permissions])).toEqual([
      ['/etc/pa-cloud-kit/log-shipper.env', '0600'],
      ['/usr/local/sbin/pa-log-shipper', '0750'],
      ['/etc/systemd/system/pa-log-shipper.service', '0644'],
      ['/etc/systemd/system/pa-log-shipper.timer', '0644'],
    ]);
    expect(doc.packages).toEqual(['auditd']);
    expect(file(doc, '/etc/systemd/system/pa-log-shipper.timer')).toMatch(/^OnCalendar=\*:0\/15$/m);
    expect(doc.runcmd).toEqual([['systemctl', 'daemon-reload'], ['systemctl', 'enable', '--now', 'pa-log-shipper.timer']]);
  });

  test('fills the credential and Keystone URL in at apply time from Terraform references', () => {
    const env = file(hostDoc(C.CRITICO), '/etc/pa-cloud-kit/log-shipper.env');
    expect(env).toContain('OS_APPLICATION_CREDENTIAL_ID=${openstack_identity_application_credential_v3.Logging_ShipperCredential_835EA8B3.id}');
    expect(env).toContain('OS_APPLICATION_CREDENTIAL_SECRET=${openstack_identity_application_credential_v3.Logging_ShipperCredential_835EA8B3.secret}');
    expect(env).toMatch(/^OS_AUTH_URL=\$\{replace\(trimsuffix\(flatten\(\[for s in data\.openstack_identity_auth_scope_v3\.Logging_Scope_3DF143AD\.service_catalog .* if s\.type == "identity"\]\)\[0\], "\/"\), "\/\(\/v3\)\?\$\/", "\/v3"\)\}$/m);
    expect(env).toMatch(/^OS_REGION_NAME=it-mil1$/m);
  });

  test('escapes the shell script for Terraform, and the script is valid bash once unescaped', () => {
    const script = file(hostDoc(C.CRITICO), '/usr/local/sbin/pa-log-shipper');
    expect(script).toContain('"$${PA_LOG_SPOOL_DIR:-/var/spool/pa-log-shipper}"');
    expect(script).not.toMatch(/(^|[^$])\$\{/);
    const plain = unescapeTerraformTemplate(script);
    const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
    const check = spawnSync('bash', ['-n'], { input: plain });
    expect(check.status).toBe(0);
    expect(plain).toMatch(/^set -euo pipefail$/m);
  });

  test.each([
    [C.ORDINARIO, 24 * 30 * 86400],
    [C.CRITICO, 36 * 30 * 86400],
    [C.STRATEGICO, 36 * 30 * 86400],
  ])('%s objects expire after the class archive retention (%i s)', (cls, seconds) => {
    const script = file(hostDoc(cls), '/usr/local/sbin/pa-log-shipper');
    expect(script).toMatch(new RegExp(`^readonly DELETE_AFTER_SECONDS=${seconds}$`, 'm'));
    expect(script).toMatch(/^readonly ARCHIVE_CONTAINER='c-h501-log-archive'$/m);
    expect(script).toContain('"X-Delete-After": delete_after');
  });

  test('an overridden archive retention (above the 6-month floor the policy enforces) is used', () => {
    const stack = new TerraformStack(Testing.app(), 'override');
    const logging = new LandingZoneLogging(stack, 'Logging', {
      tenant: tenantOf(C.ORDINARIO),
      policy: CompliancePolicy.forClassification(C.ORDINARIO, {
        overrides: [{ setting: 'auditLogArchiveRetention', value: '12 months', reason: 'storage budget of the comune' }],
      }),
      region: 'it-mil1',
      credentialsExpireAt: '2027-06-30T00:00:00Z',
    });
    expect(logging.hostCloudInit()).toMatch(new RegExp(`^ +readonly DELETE_AFTER_SECONDS=${12 * 30 * 86400}$`, 'm'));
  });

  test('chrony uses INRiM by default, the provider time source first when given', () => {
    expect(hostDoc(C.ORDINARIO).ntp).toEqual({ enabled: true, ntp_client: 'chrony', servers: ['ntp1.inrim.it', 'ntp2.inrim.it'] });
    const withProvider = parse(synth(C.ORDINARIO, { timeSource: 'ntp.cloud.example.it' }).cloudInit) as Json;
    expect(withProvider.ntp.servers).toEqual(['ntp.cloud.example.it', 'ntp1.inrim.it', 'ntp2.inrim.it']);
  });
});

describe('hostLogShipping', () => {
  test('gives the parts of hostCloudInit, with distinct placeholders and their Terraform references', () => {
    const { logging, cloudInit } = synths[C.CRITICO];
    const parts = logging.hostLogShipping();
    const whole = parse(cloudInit) as Json;
    expect(parts.packages).toEqual(whole.packages);
    expect(parts.ntpServers).toEqual(whole.ntp.servers);
    expect(parts.runcmd).toEqual(whole.runcmd);
    expect(parts.writeFiles.map((f) => f.path)).toEqual(whole.write_files.map((f: Json) => f.path));
    const env = parts.writeFiles.find((f) => f.path === '/etc/pa-cloud-kit/log-shipper.env')!.content;
    expect(env).toMatch(/^OS_APPLICATION_CREDENTIAL_ID=@@SHIPPER_CREDENTIAL_ID@@$/m);
    expect(env).toMatch(/^OS_APPLICATION_CREDENTIAL_SECRET=@@SHIPPER_CREDENTIAL_SECRET@@$/m);
    expect(env).toMatch(/^OS_AUTH_URL=@@SHIPPER_AUTH_URL@@$/m);
    expect(env).not.toMatch(/proxy/);
    expect(Object.keys(parts.references).sort()).toEqual(['SHIPPER_AUTH_URL', 'SHIPPER_CREDENTIAL_ID', 'SHIPPER_CREDENTIAL_SECRET']);
  });

  test('with a proxy, the shipper\'s environment sends its uploads through it', () => {
    const env = synths[C.ORDINARIO].logging.hostLogShipping({ httpProxy: 'http://10.10.192.10:3128' })
      .writeFiles.find((f) => f.path === '/etc/pa-cloud-kit/log-shipper.env')!.content;
    expect(env).toMatch(/^https_proxy=http:\/\/10\.10\.192\.10:3128$/m);
    expect(env).toMatch(/^http_proxy=http:\/\/10\.10\.192\.10:3128$/m);
  });

  test('a proxy that is not an http(s) URL throws', () => {
    expect(() => synths[C.ORDINARIO].logging.hostLogShipping({ httpProxy: 'socks5://proxy:1080' })).toThrow(
      /^httpProxy: must be an http\(s\) URL of a host and optional port, e\.g\. "http:\/\/proxy\.internal:3128", got "socks5:\/\/proxy:1080"$/,
    );
  });
});

describe('bad input', () => {
  test.each([C.CRITICO, C.STRATEGICO])('%s without an off-site region throws naming ACN-BCK-04', (cls) => {
    expect(() => synth(cls, { offsiteRegion: undefined })).toThrow(
      new RegExp(`^offsiteRegion: the log archive of a ${cls} tenant must be synced to an off-site region \\(ABSC-LOG-03\\) \\(or acknowledge ACN-BCK-04 with a reason\\), got nothing \\[ACN-BCK-04\\]$`),
    );
  });

  test('an off-site region without the container sync realm and cluster throws', () => {
    expect(() => synth(C.CRITICO, { containerSync: undefined })).toThrow(
      /^containerSync: is required with an off-site region: the Swift container sync realm and the cluster of it-rom1 in it, as the provider's container-sync-realms\.conf names them, e\.g\. \{ realm: "pa-realm", cluster: "it-rom1" \}, got nothing$/,
    );
  });

  test.each([
    ['containerSync.realm', { containerSync: { realm: '', cluster: 'rom1' } }, /^containerSync\.realm: must be a name of the provider's container-sync-realms\.conf: .*, got ""$/],
    ['containerSync.cluster', { containerSync: { realm: 'pa-realm', cluster: 'rom 1' } }, /^containerSync\.cluster: must be a name of the provider's container-sync-realms\.conf: .*, got "rom 1"$/],
    ['objectStoreServiceType', { objectStoreServiceType: 'swift store' }, /^objectStoreServiceType: must be a service type of the cloud's catalog .*, got "swift store"$/],
  ])('bad %s throws', (_label, props, message) => {
    expect(() => synth(C.CRITICO, props as never)).toThrow(message);
  });

  test('the shipper\'s access rule names the cloud\'s Swift service type', () => {
    const { doc } = synth(C.ORDINARIO, { objectStoreServiceType: 'object-store-v1' });
    expect(credentials(doc).Logging_ShipperCredential_835EA8B3.access_rules).toEqual([{ service: 'object-store-v1', method: 'PUT', path: '/v1/*/c-h501-log-archive/**' }]);
  });

  test('an off-site region equal to the region throws', () => {
    expect(() => synth(C.CRITICO, { offsiteRegion: 'it-mil1' })).toThrow(/^offsiteRegion: must differ from the region "it-mil1", got "it-mil1" \[ACN-BCK-04\]$/);
  });

  test.each(['2027-06-30', '2027-02-30T00:00:00Z', '2027-06-30T00:00:00', 'next year', '2027-06-30T24:00:00Z'])(
    'credentialsExpireAt %p throws', (value) => {
      expect(() => synth(C.ORDINARIO, { credentialsExpireAt: value })).toThrow(
        /^credentialsExpireAt: must be an ISO 8601 date-time with a time zone, e\.g\. "2027-06-30T00:00:00Z"(, and a date and time that exist)?, got /,
      );
    },
  );

  test('an unsafe region name throws', () => {
    expect(() => synth(C.ORDINARIO, { region: 'it mil1' })).toThrow(/^region: must be 1-255 letters, digits, dots, underscores or hyphens/);
  });

  test('an unsafe off-site region name throws', () => {
    expect(() => synth(C.ORDINARIO, { offsiteRegion: 'rom$1' })).toThrow(/^offsiteRegion: must be 1-255 letters/);
  });

  test('a time source that is not a host name throws', () => {
    expect(() => synth(C.ORDINARIO, { timeSource: 'ntp; reboot' })).toThrow(/^timeSource: must be a host name or IP address, e\.g\. "ntp\.provider\.example", got "ntp; reboot"$/);
  });
});

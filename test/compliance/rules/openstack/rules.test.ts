import { DataClassification } from '../../../../lib/core';
import { RULES } from '../../../../lib/compliance/rules';
import { Rule } from '../../../../lib/compliance/types';
import { expectCompliant, expectFailure, openstackDocument, run, tfDoc } from '../helpers';

interface Case {
  readonly compliant?: (d: any) => void;
  readonly nonCompliant: (d: any) => void;
  readonly message: RegExp;
  readonly resource?: string;
  readonly classification?: DataClassification;
}

const R = (d: any) => d.resource;
const meta = (d: any) => d['//']['pa-cloud-kit'];
const setUserData = (d: any, from: string, to: string) => {
  const i = R(d).openstack_compute_instance_v2.Backup_Scheduler;
  i.user_data = i.user_data.replace(from, to);
};

const CASES: Record<string, Case> = {
  'os-qualification-declared': {
    nonCompliant: (d) => { meta(d).qualification = 'QC1'; },
    message: /declared qualification QC1 is below the critico minimum QC2/,
  },
  'os-region-allowed': {
    nonCompliant: (d) => { R(d).openstack_blockstorage_volume_v3.Data.region = 'de-fra1'; },
    message: /critico tenant must keep data in Italy: de-fra1 is in DE/,
    resource: 'openstack_blockstorage_volume_v3.Data',
  },
  'os-volume-encryption': {
    nonCompliant: (d) => { R(d).openstack_blockstorage_volume_v3.Data.volume_type = 'standard'; },
    message: /volume type standard is not the declared encrypted type encrypted-luks/,
    resource: 'openstack_blockstorage_volume_v3.Data',
  },
  'os-keys-pa-controlled': {
    nonCompliant: (d) => { delete meta(d).encryption.paControlledKeys; },
    message: /critico needs keys under the PA's control and the document does not declare them/,
  },
  'os-guest-log-shipping': {
    nonCompliant: (d) => { setUserData(d, 'fluent-bit/fluent-bit.conf', 'app/app.conf'); },
    message: /the user data configures no log shipper/,
    resource: 'openstack_compute_instance_v2.Backup_Scheduler',
  },
  'os-guest-time-sources': {
    nonCompliant: (d) => { setUserData(d, 'ntp2.inrim.it', 'pool.ntp.org'); },
    message: /not configured to use ntp2\.inrim\.it/,
    resource: 'openstack_compute_instance_v2.Backup_Scheduler',
  },
  'os-archive-container-versioning': {
    nonCompliant: (d) => { R(d).openstack_objectstorage_container_v1.Logging_ArchiveContainer.versioning = false; },
    message: /versioning is off/,
    resource: 'openstack_objectstorage_container_v1.Logging_ArchiveContainer',
  },
  'os-archive-container-private': {
    nonCompliant: (d) => { R(d).openstack_objectstorage_container_v1.Logging_ArchiveContainer.container_read = '.r:*,.rlistings'; },
    message: /anyone can read the archive/,
    resource: 'openstack_objectstorage_container_v1.Logging_ArchiveContainer',
  },
  'os-app-credential-restricted': {
    nonCompliant: (d) => { R(d).openstack_identity_application_credential_v3.Logging_ShipperCredential.unrestricted = true; },
    message: /the credential is unrestricted/,
    resource: 'openstack_identity_application_credential_v3.Logging_ShipperCredential',
  },
  'os-archive-container-sync': {
    nonCompliant: (d) => { delete R(d).openstack_objectstorage_container_v1.Logging_ArchiveContainer.container_sync_to; },
    message: /the archive is not synced off-site, which critico needs/,
    resource: 'openstack_objectstorage_container_v1.Logging_ArchiveContainer',
  },
  'os-log-expiry': {
    compliant: (d) => { setUserData(d, 'Name http', 'Name http\n      Header X-Delete-After: 94608000'); },
    nonCompliant: (d) => { setUserData(d, 'Name http', 'Name http\n      Header X-Delete-After: 2592000'); },
    message: /logs expire after 30 days, below the floor of 6 months/,
    resource: 'openstack_compute_instance_v2.Backup_Scheduler',
  },
  'os-shipper-no-delete': {
    nonCompliant: (d) => { R(d).openstack_identity_application_credential_v3.Logging_ShipperCredential.access_rules.push({ service: 'object-store', method: 'DELETE', path: '/v1/**' }); },
    message: /allows DELETE: shippers must only write/,
    resource: 'openstack_identity_application_credential_v3.Logging_ShipperCredential',
  },
  'os-backup-scheduler': {
    nonCompliant: (d) => { setUserData(d, 'OnCalendar=*-*-* 01:00:00', 'OnCalendar=Sun *-*-* 01:00:00'); },
    message: /backups run every 7 days \(Sun \*-\*-\* 01:00:00\); critico needs daily backups/,
    resource: 'openstack_compute_instance_v2.Backup_Scheduler',
  },
  'os-restore-test-scheduler': {
    nonCompliant: (d) => { setUserData(d, 'OnCalendar=*-*-01 06:00:00', 'OnCalendar=quarterly'); },
    message: /restore tests run every 90 days \(quarterly\); critico needs monthly tests/,
    resource: 'openstack_compute_instance_v2.Backup_Scheduler',
  },
  'os-backup-container': {
    nonCompliant: (d) => { R(d).openstack_objectstorage_container_v1.Backup_BackupContainer.versioning = false; },
    message: /the backup container is not versioned/,
    resource: 'openstack_objectstorage_container_v1.Backup_BackupContainer',
  },
  'os-backup-offsite-copy': {
    nonCompliant: (d) => {
      delete R(d).openstack_objectstorage_container_v1.Logging_ArchiveContainer.container_sync_to;
      setUserData(d, 'OFFSITE_OS_REGION_NAME=it-mil1', '');
    },
    message: /no container sync and no second region/,
  },
  'os-management-network-isolated': {
    nonCompliant: (d) => { R(d).openstack_networking_router_interface_v2.RouterManagement = { router_id: '${openstack_networking_router_v2.Router.id}', subnet_id: '${openstack_networking_subnet_v2.Subnet_Management.id}' }; },
    message: /the management network reaches the internet through router\(s\) openstack_networking_router_v2\.Router/,
    resource: 'openstack_networking_network_v2.Network_Management',
  },
  'os-default-secgroup-rules-removed': {
    nonCompliant: (d) => { delete R(d).openstack_networking_secgroup_v2.Sg_Management.delete_default_rules; },
    message: /the group keeps the default rules/,
    resource: 'openstack_networking_secgroup_v2.Sg_Management',
  },
  'os-admin-ports-closed': {
    nonCompliant: (d) => { R(d).openstack_networking_secgroup_rule_v2.Sg_Management_Ssh.remote_ip_prefix = '::/0'; },
    message: /ingress from ::\/0 on admin port\(s\) 22 \(SSH\)/,
    resource: 'openstack_networking_secgroup_rule_v2.Sg_Management_Ssh',
  },
  'os-fwaas-router-ports': {
    nonCompliant: (d) => { R(d).openstack_fw_group_v2.Firewall.ports = []; },
    message: /bound to no port, so it filters nothing/,
    resource: 'openstack_fw_group_v2.Firewall',
  },
  'os-provider-tls': {
    nonCompliant: (d) => { d.provider.openstack[0].insecure = true; },
    message: /TLS certificate verification is off/,
    resource: 'provider.openstack',
  },
  'os-lb-tls-listeners': {
    compliant: (d) => { R(d).openstack_lb_listener_v2 = { Web: { protocol: 'TERMINATED_HTTPS', protocol_port: 443, loadbalancer_id: 'x', tags: R(d).openstack_networking_network_v2.Network_Private.tags } }; },
    nonCompliant: (d) => { R(d).openstack_lb_listener_v2 = { Web: { protocol: 'HTTP', protocol_port: 80, loadbalancer_id: 'x' } }; },
    message: /listener uses HTTP without TLS/,
    resource: 'openstack_lb_listener_v2.Web',
  },
  'os-vpn-encryption': {
    compliant: (d) => { R(d).openstack_vpnaas_ike_policy_v2 = { Ike: { auth_algorithm: 'sha256', encryption_algorithm: 'aes-256' } }; },
    nonCompliant: (d) => { R(d).openstack_vpnaas_ike_policy_v2 = { Ike: { encryption_algorithm: 'aes-256' } }; },
    message: /weak authentication sha1 \(provider default\)/,
    resource: 'openstack_vpnaas_ike_policy_v2.Ike',
  },
  'os-mandatory-tags': {
    nonCompliant: (d) => { R(d).openstack_networking_router_v2.Router.tags = R(d).openstack_networking_router_v2.Router.tags.map((t: string) => (t.startsWith('pa:incident-contact=') ? 'pa:incident-contact=not-an-email' : t)); },
    message: /pa:incident-contact: must be an e-mail address/,
    resource: 'openstack_networking_router_v2.Router',
  },
};

const OS_RULES = RULES.filter((r) => r.provider === 'openstack');

test('every OpenStack rule has a compliant and a non-compliant case here', () => {
  expect(Object.keys(CASES).sort()).toEqual(OS_RULES.map((r) => r.id).sort());
});

describe.each(OS_RULES.map((r): [string, Rule] => [r.id, r]))('%s', (_id, rule) => {
  const c = CASES[rule.id];
  test('passes on a compliant document', () => {
    const d = openstackDocument();
    c.compliant?.(d);
    expectCompliant(run(rule, tfDoc(d), c.classification));
  });
  test('fails on a non-compliant document', () => {
    const d = openstackDocument();
    c.nonCompliant(d);
    expectFailure(run(rule, tfDoc(d), c.classification), c.message, c.resource);
  });
});

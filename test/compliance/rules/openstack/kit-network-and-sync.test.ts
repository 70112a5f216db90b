/**
 * The OpenStack rules on what the kit synthesizes now: sync sources are not versioned (Swift
 * refuses it; their off-site copies are), and the data and management subnets sit on an
 * internal router without an external gateway.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataClassification } from '../../../../lib/core';
import { RULES } from '../../../../lib/compliance/rules';
import { Rule } from '../../../../lib/compliance/types';
import { LandingZone } from '../../../../lib/openstack/landing-zone';
import { Testing } from '../../../../lib/openstack/private/cdktf';
import { expectCompliant, expectFailure, openstackDocument, run, tfDoc } from '../helpers';

type Json = Record<string, any>;
const rule = (id: string): Rule => RULES.find((r) => r.id === id)!;

/** The critico landing zone of the kit, as cdk.tf.json. */
function kitDocument(): Json {
  const app = Testing.app();
  const stack = new LandingZone(app, 'asl', {
    tenant: {
      ipaCode: 'asl_esempio', name: 'ASL di Esempio', classification: 'critico', qualification: 'QC2',
      owner: 'UOC Sistemi Informativi', incidentContact: 'cert@asl.esempio.it',
    },
    cloud: 'pa-cloud',
    region: { name: 'it-mil1', country: 'IT' },
    backupRegion: { name: 'it-rom1', country: 'IT' },
    containerSync: { realm: 'pa-realm', cluster: 'rom1' },
    cidr: '10.20.0.0/16',
    externalNetworkName: 'public',
    encryptedVolumeType: 'encrypted-luks',
    credentialsExpireAt: '2027-06-30T00:00:00Z',
    ntpServers: ['10.20.192.5'],
  });
  const outdir = Testing.fullSynth(stack);
  try {
    return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'asl', 'cdk.tf.json'), 'utf8')) as Json;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const containerNamed = (doc: Json, prefix: string): Json =>
  Object.entries(doc.resource.openstack_objectstorage_container_v1 as Json).find(([n]) => n.startsWith(prefix))![1];

describe('versioning of container-sync sources', () => {
  let kit: Json;
  beforeAll(() => {
    kit = kitDocument();
  });

  test('the kit\'s archive and backup container are unversioned sync sources whose off-site copies are versioned: both controls pass', () => {
    expect(containerNamed(kit, 'Logging_ArchiveContainer')).toMatchObject({ versioning: false, container_sync_to: expect.stringMatching(/^\/\/pa-realm\/rom1\/AUTH_/) });
    const archive = run(rule('os-archive-container-versioning'), tfDoc(kit));
    expectCompliant(archive);
    expect(archive[0].message).toMatch(/^a container-sync source \(Swift refuses versioning on one\): its copy openstack_objectstorage_container_v1\.Logging_OffsiteContainer_\w+ is versioned$/);
    expectCompliant(run(rule('os-backup-container'), tfDoc(kit)));
  });

  test('a sync source whose copy is not versioned fails', () => {
    containerNamed(kit, 'Logging_OffsiteContainer').versioning = false;
    containerNamed(kit, 'Backup_OffsiteBackupContainer').versioning = false;
    try {
      expectFailure(run(rule('os-archive-container-versioning'), tfDoc(kit)), /^versioning is off here and on its sync copy openstack_objectstorage_container_v1\.Logging_OffsiteContainer_\w+: overwritten or deleted logs cannot be recovered$/);
      expectFailure(run(rule('os-backup-container'), tfDoc(kit)), /^the backup container is not versioned: versioning is off here and on its sync copy/);
    } finally {
      containerNamed(kit, 'Logging_OffsiteContainer').versioning = true;
      containerNamed(kit, 'Backup_OffsiteBackupContainer').versioning = true;
    }
  });

  test('an unversioned sync source whose copy is not in the document fails; an unversioned container that syncs nowhere fails', () => {
    const d = openstackDocument();
    const c = d.resource.openstack_objectstorage_container_v1;
    c.Logging_ArchiveContainer.versioning = false;
    expectFailure(run(rule('os-archive-container-versioning'), tfDoc(d)), /^versioning is off and the container it syncs to is not in the document/);
    c.Backup_BackupContainer.versioning = false;
    expectFailure(run(rule('os-backup-container'), tfDoc(d)), /^the backup container is not versioned: versioning is off$/);
  });
});

describe('ABSC-NET-01 on the kit\'s routed network', () => {
  test('passes: management and data are on the internal router, which has no external gateway', () => {
    const kit = kitDocument();
    const internal = Object.entries(kit.resource.openstack_networking_router_v2 as Json).find(([n]) => n.startsWith('Network_InternalRouter'))!;
    expect(internal[1].external_network_id).toBeUndefined();
    expectCompliant(run(rule('os-management-network-isolated'), tfDoc(kit), DataClassification.CRITICO));
  });

  test('fails when the management subnet is attached, through a port, to the router with the external gateway', () => {
    const kit = kitDocument();
    const routers = kit.resource.openstack_networking_router_v2 as Json;
    const main = Object.keys(routers).find((n) => n.startsWith('Network_Router_'))!;
    const mgmtNet = Object.keys(kit.resource.openstack_networking_network_v2).find((n) => n.startsWith('Network_ManagementNetwork'))!;
    const mgmtSubnet = Object.keys(kit.resource.openstack_networking_subnet_v2).find((n) => n.startsWith('Network_ManagementSubnet'))!;
    kit.resource.openstack_networking_port_v2.Leak = {
      network_id: `\${openstack_networking_network_v2.${mgmtNet}.id}`,
      fixed_ip: [{ subnet_id: `\${openstack_networking_subnet_v2.${mgmtSubnet}.id}` }],
    };
    kit.resource.openstack_networking_router_interface_v2.Leak = {
      router_id: `\${openstack_networking_router_v2.${main}.id}`,
      port_id: '${openstack_networking_port_v2.Leak.id}',
    };
    expectFailure(
      run(rule('os-management-network-isolated'), tfDoc(kit), DataClassification.CRITICO),
      new RegExp(`the management network reaches the internet through router\\(s\\) openstack_networking_router_v2\\.${main}`),
      `openstack_networking_network_v2.${mgmtNet}`,
    );
  });

  test('fails when the internal router is given an external gateway', () => {
    const kit = kitDocument();
    const routers = kit.resource.openstack_networking_router_v2 as Json;
    const internal = Object.keys(routers).find((n) => n.startsWith('Network_InternalRouter'))!;
    routers[internal].external_network_id = routers[Object.keys(routers).find((n) => n.startsWith('Network_Router_'))!].external_network_id;
    expectFailure(run(rule('os-management-network-isolated'), tfDoc(kit), DataClassification.CRITICO), /reaches the internet through router\(s\) openstack_networking_router_v2\.Network_InternalRouter/);
  });
});

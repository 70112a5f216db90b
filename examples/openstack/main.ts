/**
 * Example: two PA tenants on an Italian OpenStack region, each in its own Terraform stack.
 *
 * - Comune di Esempio, ordinario: defaults of the class (no egress firewall, no VPN).
 * - Azienda Sanitaria Locale di Esempio, critico: FWaaS v2 egress filter (class default), off-site
 *   copies in a second Italian region, an encrypted volume type with keys under the PA's control,
 *   and a VPN site connection for administrators on a router the provider created with SNAT off,
 *   whose pre-shared key is set at apply time (`TF_VAR_vpn_psk`).
 *
 * Both set `managementProxy`: the backup scheduler lives on the management network, which has no
 * route to the internet, and reaches the cloud's APIs, the package mirror and the log archive
 * through the PA's forward proxy, a host (not created by the kit) with a port on the management
 * network.
 *
 * `npm run synth:openstack` writes `cdktf.out/stacks/<stack>/cdk.tf.json`; see README.md here.
 */
import { LandingZone, LandingZoneProps } from '../../lib/openstack';
import { App } from '../../lib/openstack/private/cdktf';

/** The Italian OpenStack regions of the example provider. */
export const REGION = { name: 'it-mil1', country: 'IT', location: 'Milano' };
export const BACKUP_REGION = { name: 'it-rom1', country: 'IT', location: 'Roma' };

/** What both tenants share: the provider's clouds.yaml entry, regions and external network. */
const provider = {
  cloud: 'pa-cloud',
  region: REGION,
  backupRegion: BACKUP_REGION,
  externalNetworkName: 'public',
  // Off-site copies sync as //pa-realm/rom1/AUTH_<project id>/<container>: the realm of the
  // provider's container-sync-realms.conf and the backup region's cluster in it.
  containerSync: { realm: 'pa-realm', cluster: 'rom1' },
  // The provider's NTP server, reachable from the isolated data and management networks.
  ntpServers: ['10.250.0.123'],
  // Rotate the kit's application credentials by moving this date forward.
  credentialsExpireAt: '2027-06-30T00:00:00Z',
} satisfies Partial<LandingZoneProps>;

/** The example tenants, by stack name. */
export const TENANTS: Readonly<Record<string, LandingZoneProps>> = {
  'comune-esempio': {
    ...provider,
    tenant: {
      ipaCode: 'c_esempio',
      name: 'Comune di Esempio',
      classification: 'ordinario',
      qualification: 'QC1',
      owner: 'Servizio Sistemi Informativi',
      incidentContact: 'cert@comune.esempio.it',
    },
    cidr: '10.10.0.0/16',
    // The PA's forward proxy, on the management subnet (10.10.192.0/18).
    managementProxy: 'http://10.10.192.10:3128',
  },
  'asl-esempio': {
    ...provider,
    tenant: {
      ipaCode: 'asl_esempio',
      name: 'ASL di Esempio',
      classification: 'critico',
      qualification: 'QC2',
      owner: 'UOC Sistemi Informativi',
      incidentContact: 'cert@asl.esempio.it',
    },
    cidr: '10.20.0.0/16',
    // The PA's forward proxy, on the management subnet (10.20.192.0/18).
    managementProxy: 'http://10.20.192.10:3128',
    encryptedVolumeType: 'encrypted-luks',
    // The VPN runs on a router the provider created in the project with SNAT off (Neutron lets
    // only administrators set enable_snat): the kit attaches the management subnet to it.
    vpn: { peerAddress: '203.0.113.10', peerCidrs: ['192.168.100.0/24'], providerRouterId: '7c1e2f30-5a4b-4c8d-9e0f-1a2b3c4d5e6f' },
  },
};

/** Builds the example app: one LandingZone per tenant. */
export function buildApp(outdir = 'cdktf.out'): App {
  const app = new App({ outdir });
  for (const [name, props] of Object.entries(TENANTS)) new LandingZone(app, name, props);
  return app;
}

if (require.main === module) {
  buildApp().synth();
  console.log(`Synthesized ${Object.keys(TENANTS).map((n) => `cdktf.out/stacks/${n}`).join(', ')}`);
}

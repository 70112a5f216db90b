// The OpenStack rules, one file each: the one list of them. `RULES` (../index.ts) takes every
// export of this file, so a rule is registered by its line here and nowhere else; export only
// rules from this file.
export { osAdminPortsClosed } from './admin-ports-closed';
export { osAppCredentialRestricted } from './app-credential-restricted';
export { osArchiveContainerPrivate } from './archive-container-private';
export { osArchiveContainerSync } from './archive-container-sync';
export { osArchiveContainerVersioning } from './archive-container-versioning';
export { osBackupContainer } from './backup-container';
export { osBackupOffsiteCopy } from './backup-offsite-copy';
export { osBackupScheduler } from './backup-scheduler';
export { osDefaultSecgroupRulesRemoved } from './default-secgroup-rules-removed';
export { osFwaasRouterPorts } from './fwaas-router-ports';
export { osGuestLogShipping } from './guest-log-shipping';
export { osGuestTimeSources } from './guest-time-sources';
export { osKeysPaControlled } from './keys-pa-controlled';
export { osLbTlsListeners } from './lb-tls-listeners';
export { osLogExpiry } from './log-expiry';
export { osManagementNetworkIsolated } from './management-network-isolated';
export { osMandatoryTags } from './mandatory-tags';
export { osProviderTls } from './provider-tls';
export { osQualificationDeclared } from './qualification-declared';
export { osRegionAllowed } from './region-allowed';
export { osRestoreTestScheduler } from './restore-test-scheduler';
export { osShipperNoDelete } from './shipper-no-delete';
export { osVolumeEncryption } from './volume-encryption';
export { osVpnEncryption } from './vpn-encryption';

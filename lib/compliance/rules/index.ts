import { ControlCatalogue } from '../../core';
import { Rule } from '../types';
import { awsAdminPortsClosed } from './aws/admin-ports-closed';
import { awsAlertTopicEncrypted } from './aws/alert-topic-encrypted';
import { awsArchiveBucketAccessLogging } from './aws/archive-bucket-access-logging';
import { awsArchiveBucketEncryption } from './aws/archive-bucket-encryption';
import { awsArchiveBucketPublicAccess } from './aws/archive-bucket-public-access';
import { awsBucketPublicAccessBlocked } from './aws/bucket-public-access-blocked';
import { awsArchiveBucketRetained } from './aws/archive-bucket-retained';
import { awsArchiveBucketVersioning } from './aws/archive-bucket-versioning';
import { awsArchiveObjectLock } from './aws/archive-object-lock';
import { awsArchiveRetention } from './aws/archive-retention';
import { awsBackupContinuous } from './aws/backup-continuous';
import { awsBackupCopyRegion } from './aws/backup-copy-region';
import { awsBackupOffsiteCopy } from './aws/backup-offsite-copy';
import { awsBackupPlanFrequency } from './aws/backup-plan-frequency';
import { awsBackupPlanRetention } from './aws/backup-plan-retention';
import { awsBackupVaultDenyDelete } from './aws/backup-vault-deny-delete';
import { awsBackupVaultEncrypted } from './aws/backup-vault-encrypted';
import { awsBackupVaultLock } from './aws/backup-vault-lock';
import { awsBucketTlsOnly } from './aws/bucket-tls-only';
import { awsDataTierNacl } from './aws/data-tier-nacl';
import { awsDefaultSecurityGroupRestricted } from './aws/default-security-group-restricted';
import { awsEgressFirewall } from './aws/egress-firewall';
import { awsKmsKeyPerPurpose } from './aws/kms-key-per-purpose';
import { awsKmsKeyRotation } from './aws/kms-key-rotation';
import { awsKmsPaControlled } from './aws/kms-pa-controlled';
import { awsLoadBalancerTls } from './aws/load-balancer-tls';
import { awsLogGroupRetention } from './aws/log-group-retention';
import { awsManagementSubnetIsolated } from './aws/management-subnet-isolated';
import { awsMandatoryTags } from './aws/mandatory-tags';
import { awsQualificationDeclared } from './aws/qualification-declared';
import { awsRegionAllowed } from './aws/region-allowed';
import { awsRestoreTestingPlan } from './aws/restore-testing-plan';
import { awsSecurityAlerts } from './aws/security-alerts';
import { awsSsmEndpoints } from './aws/ssm-endpoints';
import { awsTrailEncrypted } from './aws/trail-encrypted';
import { awsTrailLogRetention } from './aws/trail-log-retention';
import { awsTrailLogValidation } from './aws/trail-log-validation';
import { awsTrailMultiRegion } from './aws/trail-multi-region';
import { awsVpcFlowLogs } from './aws/vpc-flow-logs';
import { osAdminPortsClosed } from './openstack/admin-ports-closed';
import { osAppCredentialRestricted } from './openstack/app-credential-restricted';
import { osArchiveContainerPrivate } from './openstack/archive-container-private';
import { osArchiveContainerSync } from './openstack/archive-container-sync';
import { osArchiveContainerVersioning } from './openstack/archive-container-versioning';
import { osBackupContainer } from './openstack/backup-container';
import { osBackupOffsiteCopy } from './openstack/backup-offsite-copy';
import { osBackupScheduler } from './openstack/backup-scheduler';
import { osDefaultSecgroupRulesRemoved } from './openstack/default-secgroup-rules-removed';
import { osFwaasRouterPorts } from './openstack/fwaas-router-ports';
import { osGuestLogShipping } from './openstack/guest-log-shipping';
import { osGuestTimeSources } from './openstack/guest-time-sources';
import { osKeysPaControlled } from './openstack/keys-pa-controlled';
import { osLbTlsListeners } from './openstack/lb-tls-listeners';
import { osLogExpiry } from './openstack/log-expiry';
import { osManagementNetworkIsolated } from './openstack/management-network-isolated';
import { osMandatoryTags } from './openstack/mandatory-tags';
import { osProviderTls } from './openstack/provider-tls';
import { osQualificationDeclared } from './openstack/qualification-declared';
import { osRegionAllowed } from './openstack/region-allowed';
import { osRestoreTestScheduler } from './openstack/restore-test-scheduler';
import { osShipperNoDelete } from './openstack/shipper-no-delete';
import { osVolumeEncryption } from './openstack/volume-encryption';
import { osVpnEncryption } from './openstack/vpn-encryption';

const ALL: Rule[] = [
  awsAdminPortsClosed,
  awsAlertTopicEncrypted,
  awsArchiveBucketAccessLogging,
  awsArchiveBucketEncryption,
  awsArchiveBucketPublicAccess,
  awsBucketPublicAccessBlocked,
  awsArchiveBucketRetained,
  awsArchiveBucketVersioning,
  awsArchiveObjectLock,
  awsArchiveRetention,
  awsBackupContinuous,
  awsBackupCopyRegion,
  awsBackupOffsiteCopy,
  awsBackupPlanFrequency,
  awsBackupPlanRetention,
  awsBackupVaultDenyDelete,
  awsBackupVaultEncrypted,
  awsBackupVaultLock,
  awsBucketTlsOnly,
  awsDataTierNacl,
  awsDefaultSecurityGroupRestricted,
  awsEgressFirewall,
  awsKmsKeyPerPurpose,
  awsKmsKeyRotation,
  awsKmsPaControlled,
  awsLoadBalancerTls,
  awsLogGroupRetention,
  awsManagementSubnetIsolated,
  awsMandatoryTags,
  awsQualificationDeclared,
  awsRegionAllowed,
  awsRestoreTestingPlan,
  awsSecurityAlerts,
  awsSsmEndpoints,
  awsTrailEncrypted,
  awsTrailLogRetention,
  awsTrailLogValidation,
  awsTrailMultiRegion,
  awsVpcFlowLogs,
  osAdminPortsClosed,
  osAppCredentialRestricted,
  osArchiveContainerPrivate,
  osArchiveContainerSync,
  osArchiveContainerVersioning,
  osBackupContainer,
  osBackupOffsiteCopy,
  osBackupScheduler,
  osDefaultSecgroupRulesRemoved,
  osFwaasRouterPorts,
  osGuestLogShipping,
  osGuestTimeSources,
  osKeysPaControlled,
  osLbTlsListeners,
  osLogExpiry,
  osManagementNetworkIsolated,
  osMandatoryTags,
  osProviderTls,
  osQualificationDeclared,
  osRegionAllowed,
  osRestoreTestScheduler,
  osShipperNoDelete,
  osVolumeEncryption,
  osVpnEncryption,
];

const CONTROL_ORDER = new Map(ControlCatalogue.all().map((c, i) => [c.id, i]));

/** Every rule of the engine, each in its own file: AWS first, then OpenStack, in the catalogue's control order. */
export const RULES: readonly Rule[] = [...ALL].sort((a, b) =>
  a.provider.localeCompare(b.provider) || (CONTROL_ORDER.get(a.control) ?? 99) - (CONTROL_ORDER.get(b.control) ?? 99) || a.id.localeCompare(b.id));

export {
  awsAdminPortsClosed,
  awsAlertTopicEncrypted,
  awsArchiveBucketAccessLogging,
  awsArchiveBucketEncryption,
  awsArchiveBucketPublicAccess,
  awsBucketPublicAccessBlocked,
  awsArchiveBucketRetained,
  awsArchiveBucketVersioning,
  awsArchiveObjectLock,
  awsArchiveRetention,
  awsBackupContinuous,
  awsBackupCopyRegion,
  awsBackupOffsiteCopy,
  awsBackupPlanFrequency,
  awsBackupPlanRetention,
  awsBackupVaultDenyDelete,
  awsBackupVaultEncrypted,
  awsBackupVaultLock,
  awsBucketTlsOnly,
  awsDataTierNacl,
  awsDefaultSecurityGroupRestricted,
  awsEgressFirewall,
  awsKmsKeyPerPurpose,
  awsKmsKeyRotation,
  awsKmsPaControlled,
  awsLoadBalancerTls,
  awsLogGroupRetention,
  awsManagementSubnetIsolated,
  awsMandatoryTags,
  awsQualificationDeclared,
  awsRegionAllowed,
  awsRestoreTestingPlan,
  awsSecurityAlerts,
  awsSsmEndpoints,
  awsTrailEncrypted,
  awsTrailLogRetention,
  awsTrailLogValidation,
  awsTrailMultiRegion,
  awsVpcFlowLogs,
  osAdminPortsClosed,
  osAppCredentialRestricted,
  osArchiveContainerPrivate,
  osArchiveContainerSync,
  osArchiveContainerVersioning,
  osBackupContainer,
  osBackupOffsiteCopy,
  osBackupScheduler,
  osDefaultSecgroupRulesRemoved,
  osFwaasRouterPorts,
  osGuestLogShipping,
  osGuestTimeSources,
  osKeysPaControlled,
  osLbTlsListeners,
  osLogExpiry,
  osManagementNetworkIsolated,
  osMandatoryTags,
  osProviderTls,
  osQualificationDeclared,
  osRegionAllowed,
  osRestoreTestScheduler,
  osShipperNoDelete,
  osVolumeEncryption,
  osVpnEncryption,
};

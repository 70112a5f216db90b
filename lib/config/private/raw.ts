import type { DataClassification } from '../../core';

/** The file's data once it has passed the JSON Schema. */
export interface RawConfig {
  readonly aggregator?: {
    readonly ipaCode: string;
    readonly name: string;
    readonly account?: string;
    readonly owner?: string;
    readonly incidentContact?: string;
    readonly keys?: { readonly archiveKmsKeyArn: string; readonly vaultKmsKeyArn: string };
  };
  readonly defaults?: {
    readonly provider?: 'aws' | 'openstack';
    readonly region?: string;
    readonly qualification?: string;
    readonly networkPool?: string | readonly string[];
    readonly tenantRangePrefix?: number;
    readonly tenantRangePrefixByClass?: Readonly<Partial<Record<DataClassification, number>>>;
    readonly allowPublicRanges?: boolean;
  };
  readonly openstack?: {
    readonly cloud: string;
    readonly externalNetworkName: string;
    readonly regions: ReadonlyArray<{ readonly name: string; readonly country: string; readonly location?: string; readonly containerSyncCluster?: string }>;
    readonly region: string;
    readonly backupRegion?: string;
    readonly containerSyncRealm?: string;
    readonly fwaas?: boolean;
    readonly ntpServers?: readonly string[];
    readonly serviceTypes?: { readonly blockStorage?: string; readonly objectStore?: string };
    readonly credentialsExpireAt?: string;
    readonly managementProxy?: string;
    readonly schedulerImageName?: string;
    readonly schedulerFlavorName?: string;
  };
  readonly tenants: readonly RawTenant[];
}

/** One tenant once it has passed the JSON Schema. */
export interface RawTenant {
  readonly ipaCode: string;
  readonly name: string;
  readonly classification: string;
  readonly qualification?: string;
  readonly owner: string;
  readonly incidentContact: string;
  readonly provider?: 'aws' | 'openstack';
  readonly account?: string;
  readonly region?: string;
  readonly cidr?: string;
  readonly keys?: {
    readonly kmsKeyArn?: string;
    readonly logsKmsKeyArn?: string;
    readonly backupKmsKeyArn?: string;
    readonly encryptedVolumeType?: string;
  };
  readonly backupCopy?: { readonly account?: string; readonly region?: string; readonly vaultName?: string };
  readonly managementProxy?: string;
  readonly overrides?: ReadonlyArray<{ readonly setting: string; readonly value: string | boolean | readonly string[]; readonly reason: string }>;
  readonly acknowledgements?: ReadonlyArray<{ readonly control: string; readonly reason: string }>;
}


/**
 * Catalog service types of the clouds the kit targets. An application credential's access rule
 * names a service by its type in the cloud's catalog (`openstack catalog list`), and Keystone
 * matches it literally: Cinder is `block-storage` on some clouds and `volumev3` on others.
 */
import { PaCloudKitError } from '../core';

/** The service types the kit's access rules use. */
export interface ServiceTypes {
  /**
   * Cinder v3 (volumes and backups), e.g. `block-storage` or `volumev3`.
   * @default 'block-storage'
   */
  readonly blockStorage?: string;
  /**
   * Swift, e.g. `object-store`.
   * @default 'object-store'
   */
  readonly objectStore?: string;
}

/** The defaults: the service types of the OpenStack service-types authority. */
export const DEFAULT_SERVICE_TYPES: Required<ServiceTypes> = { blockStorage: 'block-storage', objectStore: 'object-store' };

const SERVICE_TYPE = /^[a-z][a-z0-9-]{0,63}$/;

/** What a service type looks like, for messages. */
export const SERVICE_TYPE_RULE = 'must be a service type of the cloud\'s catalog (`openstack catalog list`): lower-case letters, digits and hyphens, e.g. "block-storage", "volumev3" or "object-store"';

/** Validates one service type. @throws PaCloudKitError naming the field */
export function checkServiceType(value: unknown, field: string): string {
  if (typeof value !== 'string' || !SERVICE_TYPE.test(value)) {
    throw new PaCloudKitError({ field, value, rule: SERVICE_TYPE_RULE });
  }
  return value;
}

/** The service types with defaults filled in. @throws PaCloudKitError naming `<field>.<key>` */
export function resolveServiceTypes(value: ServiceTypes | undefined, field = 'serviceTypes'): Required<ServiceTypes> {
  if (value === undefined) return DEFAULT_SERVICE_TYPES;
  const keys = value !== null && typeof value === 'object' ? Object.keys(value) : [];
  if (keys.length === 0 || keys.some((k) => k !== 'blockStorage' && k !== 'objectStore')) {
    throw new PaCloudKitError({ field, value, rule: 'must be an object with blockStorage and/or objectStore, and no other key, e.g. { blockStorage: "volumev3" }' });
  }
  return {
    blockStorage: value.blockStorage === undefined ? DEFAULT_SERVICE_TYPES.blockStorage : checkServiceType(value.blockStorage, `${field}.blockStorage`),
    objectStore: value.objectStore === undefined ? DEFAULT_SERVICE_TYPES.objectStore : checkServiceType(value.objectStore, `${field}.objectStore`),
  };
}

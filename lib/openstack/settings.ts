/**
 * The settings of an OpenStack landing zone that come from the provider rather than from the
 * tenant's plan (the cloud, its external network, the scheduler's image, the management proxy...),
 * named as the props of `LandingZone` and as the keys of a landing zones file, with the one
 * validator of each. The construct and the config loader both run {@link checkOpenStackSettings},
 * so a setting is judged by the same rule, with the same message, wherever it is given.
 *
 * This module loads neither cdktf nor the provider bindings: the config loader imports it.
 */
import { Address4 } from 'ip-address';
import { PaCloudKitError, checkNoTerraformExpression } from '../core';
import { ServiceTypes, resolveServiceTypes } from './service-types';

/** The provider's settings of an OpenStack landing zone, as `LandingZone` takes them. */
export interface OpenStackLandingZoneSettings {
  /** The clouds.yaml entry Terraform authenticates with (`provider "openstack" { cloud = ... }`). */
  readonly cloud: string;
  /** Name of the provider's external network (the router's gateway), e.g. `public`. */
  readonly externalNetworkName: string;
  /**
   * Expiry of the application credentials the kit creates (log shipper, backup scheduler), as
   * an ISO 8601 date-time with a time zone, e.g. `2027-06-30T00:00:00Z`. A setting rather than
   * "a year from now" so that synthesis stays deterministic; rotate by moving it forward.
   */
  readonly credentialsExpireAt: string;
  /**
   * HTTP proxy (`http(s)://<IPv4 address>[:<port>]`) through which the backup scheduler on the
   * management network reaches the cloud's APIs (Keystone, Cinder, Swift), the package mirror,
   * and ships its logs; the management security group may open TCP to it and to nothing else
   * outside the tenant range and the VPN peers. The management network has no route to the
   * internet (ABSC-NET-01), so without a proxy the scheduler works only where the provider
   * exposes its API endpoints and mirror inside the tenant range. The kit does not create the
   * proxy: it is the PA's forward proxy (or the provider's) with an address the management subnet
   * reaches.
   * @default - no proxy: the APIs must be reachable from the management network directly
   */
  readonly managementProxy?: string;
  /**
   * Image of the backup scheduler instance.
   * @default 'Debian 12'
   */
  readonly schedulerImageName?: string;
  /**
   * Flavor of the backup scheduler instance.
   * @default 'm1.small'
   */
  readonly schedulerFlavorName?: string;
  /**
   * FWaaS v2 egress filter on the router ports; false emits no `openstack_fw_*` resource (for
   * critico and strategico it then needs an acknowledgement of ABSC-NET-03).
   * @default - on for critico and strategico unless ABSC-NET-03 is acknowledged
   */
  readonly fwaas?: boolean;
  /**
   * IPv4 addresses of the provider's NTP servers. The data and management tiers have no route to
   * the internet, so INRiM is out of their reach: their groups may reach these addresses on UDP
   * 123, and hosts' chrony (the backup scheduler's, `logging.hostCloudInit()`) uses the first.
   * @default - none: the management tier has no time source it can reach (a warning says so)
   */
  readonly ntpServers?: readonly string[];
  /**
   * The catalog service types of Cinder and Swift on this cloud, as the application credentials'
   * access rules must name them (`openstack catalog list`).
   * @default { blockStorage: 'block-storage', objectStore: 'object-store' }
   */
  readonly serviceTypes?: ServiceTypes;
  /**
   * IPv4 addresses of the DNS resolvers handed out on every subnet of the landing zone.
   * @default - the provider's resolvers
   */
  readonly dnsNameservers?: readonly string[];
}

/** Every setting, in the order they are checked (and written in the file's `openstack` section). */
export const OPENSTACK_SETTING_KEYS: readonly (keyof OpenStackLandingZoneSettings)[] = [
  'cloud',
  'externalNetworkName',
  'credentialsExpireAt',
  'managementProxy',
  'schedulerImageName',
  'schedulerFlavorName',
  'fwaas',
  'ntpServers',
  'serviceTypes',
  'dnsNameservers',
];

/** The settings a tenant of a landing zones file may give for itself, over the `openstack` section's. */
export const OPENSTACK_TENANT_SETTING_KEYS: readonly (keyof OpenStackLandingZoneSettings)[] = ['managementProxy'];

/** The settings given (any subset), e.g. a file's `openstack` section or a tenant's own. */
export function pickOpenStackSettings(from: object, keys = OPENSTACK_SETTING_KEYS): Partial<OpenStackLandingZoneSettings> {
  const given = from as Readonly<Record<string, unknown>>;
  return Object.fromEntries(keys.filter((k) => given[k] !== undefined).map((k) => [k, given[k]])) as Partial<OpenStackLandingZoneSettings>;
}

/**
 * Checks each setting given. `report` receives each mistake (the config loader collects them all);
 * without it the first mistake is thrown (the construct fails fast). `fieldOf` names a setting's
 * field: the prop (`ntpServers`) for the construct, the file's key (`openstack.ntpServers`) for
 * the loader.
 */
export function checkOpenStackSettings(
  settings: Partial<Record<keyof OpenStackLandingZoneSettings, unknown>>,
  fieldOf: (key: keyof OpenStackLandingZoneSettings) => string = (key) => key,
  report: (e: PaCloudKitError) => void = (e) => { throw e; },
): void {
  for (const key of OPENSTACK_SETTING_KEYS) {
    const value = settings[key];
    if (value === undefined) continue;
    try {
      SETTING_CHECKS[key](value, fieldOf(key));
    } catch (e) {
      if (!(e instanceof PaCloudKitError)) throw e;
      report(e);
    }
  }
}

/** The most NTP servers or DNS resolvers a landing zone takes (each NTP server opens a security-group rule per tier). */
const MAX_SERVERS = 8;

/** An entry of clouds.yaml: what the openstack client and the Terraform provider accept as a cloud name. */
const CLOUD_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** An ISO 8601 date-time with an explicit time zone, as Keystone takes for an application credential's `expires_at`. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** What an expiry must look like, for messages. */
export const DATE_TIME_RULE = 'must be an ISO 8601 date-time with a time zone, e.g. "2027-06-30T00:00:00Z"';

/** An `http(s)://<IPv4 address>[:<port>][/]` URL. */
const PROXY_URL = /^(https?):\/\/(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?\/?$/;

/** What a proxy must look like, for messages. */
export const PROXY_RULE = 'must be an http(s) URL of an IPv4 address and optional port, e.g. "http://10.20.64.10:3128" (security-group rules need an address)';

/** Validates the cloud name. @throws PaCloudKitError naming the field */
export function checkCloudName(value: unknown, field = 'cloud'): string {
  const text = typeof value === 'string' ? value : '';
  if (!CLOUD_NAME.test(text)) {
    throw new PaCloudKitError({ field, value, rule: 'must be the name of an entry of clouds.yaml, e.g. "pa-cloud"' });
  }
  return text;
}

/**
 * Validates the application credentials' expiry: the form, and a real calendar date and time (no
 * 30 February, no 24:00, an offset of less than 24 hours). Not compared with today: synthesis is
 * deterministic. @throws PaCloudKitError naming the field
 */
export function checkCredentialsExpireAt(value: unknown, field = 'credentialsExpireAt'): string {
  const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (match) {
    const [y, mo, d, h, mi, s] = match.slice(1, 7).map(Number);
    const date = new Date(Date.UTC(y, mo - 1, d));
    const [oh, om] = match[8] === 'Z' ? [0, 0] : match[8].slice(1).split(':').map(Number);
    if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60 && oh < 24 && om < 60) {
      return value as string;
    }
    throw new PaCloudKitError({ field, value, rule: `${DATE_TIME_RULE}, and a date and time that exist` });
  }
  throw new PaCloudKitError({ field, value, rule: DATE_TIME_RULE });
}

/**
 * Validates the management proxy: the form, a valid IPv4 address (octets up to 255, no leading
 * zeros) and a port from 1 to 65535 (80 or 443 from the scheme when omitted).
 * @throws PaCloudKitError naming the field
 */
export function checkManagementProxy(value: unknown, field = 'managementProxy'): { url: string; address: string; port: number } {
  const match = typeof value === 'string' ? PROXY_URL.exec(value) : null;
  const port = match ? Number(match[3] ?? (match[1] === 'https' ? 443 : 80)) : 0;
  if (!match || !Address4.isValid(match[2]) || port < 1 || port > 65535) {
    throw new PaCloudKitError({ field, value, rule: PROXY_RULE });
  }
  return { url: value as string, address: match[2], port };
}

/**
 * Validates an IPv4 address (octets up to 255, no leading zeros).
 * @throws PaCloudKitError naming the field, with `example` in the message
 */
export function checkIpv4Address(value: unknown, field: string, example = '10.250.0.123'): string {
  const text = typeof value === 'string' ? value : '';
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(text) || !Address4.isValid(text)) {
    throw new PaCloudKitError({ field, value, rule: `must be an IPv4 address, e.g. "${example}" (security-group rules need an address)` });
  }
  return text;
}

/** Validates the NTP servers: a list of IPv4 addresses, none repeated. @throws PaCloudKitError naming the field */
export function checkNtpServers(value: unknown, field = 'ntpServers'): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_SERVERS) {
    throw new PaCloudKitError({ field, value, rule: `must be a list of 1 to ${MAX_SERVERS} IPv4 addresses of the provider's NTP servers, e.g. ["10.250.0.123"]` });
  }
  const addresses = value.map((a, i) => checkIpv4Address(a, `${field}[${i}]`));
  addresses.forEach((a, i) => {
    const first = addresses.indexOf(a);
    if (first !== i) throw new PaCloudKitError({ field: `${field}[${i}]`, value: a, rule: `must not repeat ${field}[${first}]` });
  });
  return addresses;
}

/**
 * A volume type name the kit can use: the backup scheduler's restore tests create volumes of the
 * type from a shell script, which takes only these (cloud-init/shell.ts's safe names).
 */
const VOLUME_TYPE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/**
 * Validates the name of the provider's encrypted volume type (the tenant's `encryptedVolumeType`,
 * `keys.encryptedVolumeType` in a landing zones file). @throws PaCloudKitError naming the field
 */
export function checkVolumeTypeName(value: unknown, field = 'encryptedVolumeType'): string {
  checkNoTerraformExpression(value, field);
  const text = typeof value === 'string' ? value.trim() : '';
  if (!VOLUME_TYPE_NAME.test(text)) {
    throw new PaCloudKitError({ field, value, rule: 'must be the name of a volume type of the provider: 1-255 letters, digits, dots, underscores or hyphens, starting with a letter or digit, e.g. "encrypted-luks"' });
  }
  return text;
}

/** Validates the DNS resolvers: a list of IPv4 addresses. @throws PaCloudKitError naming the field */
export function checkDnsNameservers(value: unknown, field = 'dnsNameservers'): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_SERVERS) {
    throw new PaCloudKitError({ field, value, rule: `must be a list of 1 to ${MAX_SERVERS} IPv4 addresses of DNS resolvers, e.g. ["192.0.2.53"]` });
  }
  // The example of the file's schema (one definition of an IPv4 address for every list).
  return value.map((a, i) => checkIpv4Address(a, `${field}[${i}]`));
}

/** A name of the provider's: 1-255 characters, no space at either end. */
const PROVIDER_NAME = /^(?=[\s\S]{1,255}$)\S([\s\S]*\S)?$/;

/**
 * A name that reaches the Terraform JSON as it is (the file's schema has the same pattern and
 * words): 1-255 characters without a space at either end, and without `${` or `%{`.
 */
function checkName(what: string, example: string): (value: unknown, field: string) => void {
  return (value, field) => {
    checkNoTerraformExpression(value, field);
    if (typeof value !== 'string' || !PROVIDER_NAME.test(value)) {
      throw new PaCloudKitError({ field, value, rule: `must be the name of ${what} (1-255 characters, no leading or trailing spaces), e.g. "${example}"` });
    }
  };
}

const SETTING_CHECKS: Readonly<Record<keyof OpenStackLandingZoneSettings, (value: unknown, field: string) => unknown>> = {
  // Its pattern holds no `$`, `%` or brace: no Terraform expression can pass it.
  cloud: checkCloudName,
  externalNetworkName: checkName('the provider\'s external network', 'public'),
  credentialsExpireAt: checkCredentialsExpireAt,
  managementProxy: checkManagementProxy,
  schedulerImageName: checkName('an image of the provider', 'Debian 12'),
  schedulerFlavorName: checkName('a flavor of the provider', 'm1.small'),
  fwaas: (value, field) => {
    if (typeof value !== 'boolean') throw new PaCloudKitError({ field, value, rule: 'must be true or false' });
  },
  ntpServers: checkNtpServers,
  serviceTypes: (value, field) => resolveServiceTypes(value as ServiceTypes, field),
  dnsNameservers: checkDnsNameservers,
};

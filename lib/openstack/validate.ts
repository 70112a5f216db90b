/**
 * Checks synthesized Terraform JSON (what cdktf writes to cdk.tf.json) against the project's
 * OpenStack provider schema, plus the rules of terraform-provider-openstack 3.4.0 and Neutron
 * that a schema file cannot express (allowed values, mutually exclusive arguments, port ranges).
 *
 * The check runs without Terraform and without the network, so a test or `synth` can fail fast
 * with a message that names the address, the attribute, the value and what is allowed.
 */
import * as fs from 'node:fs';
import { describeValue } from '../core/errors';
import {
  loadProjectSchema,
  OPENSTACK_PROVIDER_VERSION,
  openstackSchemaOf,
  type BlockSchema,
  type BlockTypeSchema,
  type ProviderSchema,
  type TerraformType,
} from './schema/schema';

export type { ProviderSchema } from './schema/schema';

/** One problem found in a Terraform JSON document. */
export interface TerraformValidationIssue {
  /** `openstack_networking_network_v2.foo`, `data.openstack_images_image_v2.ubuntu` or `provider.openstack`. */
  readonly address: string;
  /** Path of the attribute inside the block, e.g. `network[1].uuid`; absent for block-level problems. */
  readonly attribute?: string;
  /** The whole problem in one sentence: address, attribute, value received and what is allowed. */
  readonly message: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Keys Terraform accepts in every resource besides its schema. `//` holds cdktf metadata. */
const RESOURCE_META_ARGUMENTS: ReadonlySet<string> = new Set([
  '//', 'count', 'depends_on', 'for_each', 'provider', 'lifecycle', 'connection', 'provisioner',
]);
/** Keys Terraform accepts in every data source besides its schema. */
const DATA_META_ARGUMENTS: ReadonlySet<string> = new Set(['//', 'count', 'depends_on', 'for_each', 'provider', 'lifecycle']);
/** Keys Terraform accepts in a provider block besides its schema. */
const PROVIDER_META_ARGUMENTS: ReadonlySet<string> = new Set(['//', 'alias', 'version']);
/** Top-level keys of a Terraform JSON document. */
const TOP_LEVEL_KEYS: ReadonlySet<string> = new Set([
  '//', 'terraform', 'provider', 'resource', 'data', 'output', 'variable', 'locals', 'module', 'moved', 'import', 'removed', 'check',
]);
/** Resource types Terraform itself provides. */
const BUILT_IN_RESOURCE_TYPES: ReadonlySet<string> = new Set(['terraform_data']);

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string holding a Terraform expression (`${...}`): its value is known only at plan time. */
function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function renderType(type: TerraformType): string {
  if (typeof type === 'string') return type;
  const [kind, inner] = type;
  if (kind === 'object') return 'object';
  if (kind === 'tuple') return 'tuple';
  return `${kind}(${renderType(inner as TerraformType)})`;
}

function joinPath(parent: string, child: string): string {
  return parent === '' ? child : `${parent}.${child}`;
}

class Collector {
  public readonly issues: TerraformValidationIssue[] = [];

  /** Records `<address>: <attribute> <rule>, got <value>`. */
  public add(address: string, attribute: string | undefined, rule: string, value?: unknown, withValue = true): void {
    const subject = attribute ? `${address}: ${attribute}` : address;
    const got = withValue ? `, got ${describeValue(value)}` : '';
    this.issues.push({ address, ...(attribute ? { attribute } : {}), message: `${subject} ${rule}${got}` });
  }
}

// ---------------------------------------------------------------------------------------------
// Schema checks
// ---------------------------------------------------------------------------------------------

function checkType(out: Collector, address: string, attribute: string, value: Json, type: TerraformType): void {
  if (value === null || isExpression(value)) return;
  const wrong = (): void => out.add(address, attribute, `must be ${renderType(type)}`, value);
  if (typeof type === 'string') {
    switch (type) {
      case 'dynamic':
        return;
      case 'string':
        // Terraform converts numbers and booleans to strings.
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') wrong();
        return;
      case 'number':
        if (typeof value === 'number') return;
        if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return;
        wrong();
        return;
      case 'bool':
        if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') wrong();
        return;
    }
  }
  const [kind, inner] = type;
  switch (kind) {
    case 'list':
    case 'set':
      if (!Array.isArray(value)) return wrong();
      value.forEach((item, i) => checkType(out, address, `${attribute}[${i}]`, item, inner as TerraformType));
      return;
    case 'map':
      if (!isObject(value)) return wrong();
      for (const [k, v] of Object.entries(value)) checkType(out, address, `${attribute}.${k}`, v, inner as TerraformType);
      return;
    case 'object': {
      if (!isObject(value)) return wrong();
      const fields = inner as { readonly [name: string]: TerraformType };
      for (const [k, v] of Object.entries(value)) {
        const fieldType = fields[k];
        if (fieldType === undefined) {
          out.add(address, `${attribute}.${k}`, `is not an attribute of this object; allowed: ${Object.keys(fields).join(', ')}`, v, false);
        } else {
          checkType(out, address, `${attribute}.${k}`, v, fieldType);
        }
      }
      return;
    }
    case 'tuple': {
      const items = inner as readonly TerraformType[];
      if (!Array.isArray(value) || value.length !== items.length) return wrong();
      value.forEach((item, i) => checkType(out, address, `${attribute}[${i}]`, item, items[i] as TerraformType));
      return;
    }
  }
}

/** The block instances a nested-block value renders, or undefined when the shape is wrong. */
function blockInstances(value: Json, blockType: BlockTypeSchema): { key: string; body: JsonObject }[] | undefined {
  if (blockType.nesting_mode === 'map') {
    if (!isObject(value)) return undefined;
    const out: { key: string; body: JsonObject }[] = [];
    for (const [label, body] of Object.entries(value)) {
      if (!isObject(body)) return undefined;
      out.push({ key: `[${JSON.stringify(label)}]`, body });
    }
    return out;
  }
  // cdktf renders a single block as an object and repeated blocks as an array of objects;
  // Terraform JSON accepts either for every nesting mode.
  if (isObject(value)) return [{ key: '', body: value }];
  if (!Array.isArray(value)) return undefined;
  const out: { key: string; body: JsonObject }[] = [];
  for (const [i, body] of value.entries()) {
    if (!isObject(body)) return undefined;
    out.push({ key: `[${i}]`, body });
  }
  return out;
}

function describeBounds(blockType: BlockTypeSchema): string {
  const min = blockType.min_items ?? 0;
  const max = blockType.max_items;
  if (max === undefined) return `at least ${min}`;
  return min === max ? `exactly ${min}` : `between ${min} and ${max}`;
}

function checkBlock(
  out: Collector,
  address: string,
  path: string,
  schema: BlockSchema,
  body: JsonObject,
  meta: ReadonlySet<string>,
): void {
  const attributes = schema.attributes ?? {};
  const blockTypes = schema.block_types ?? {};
  const dynamicBlocks = new Set<string>();
  const allowedNames = (): string => [...Object.keys(attributes), ...Object.keys(blockTypes)].sort().join(', ');

  for (const [key, value] of Object.entries(body)) {
    // An object built in code may hold undefined: JSON would drop the key, so it is absent.
    if (meta.has(key) || value === undefined) continue;
    const where = joinPath(path, key);
    if (key === 'dynamic' && isObject(value)) {
      for (const [name, spec] of Object.entries(value)) {
        const blockType = blockTypes[name];
        if (!blockType) {
          out.add(address, joinPath(path, `dynamic.${name}`), `is not a block of this type; blocks allowed: ${Object.keys(blockTypes).sort().join(', ') || 'none'}`, undefined, false);
          continue;
        }
        dynamicBlocks.add(name);
        const content = isObject(spec) ? spec.content : undefined;
        if (isObject(content)) checkBlock(out, address, joinPath(path, `dynamic.${name}.content`), blockType.block, content, new Set());
      }
      continue;
    }
    const attribute = attributes[key];
    if (attribute) {
      if (attribute.computed && !attribute.optional && !attribute.required && isSet(value)) {
        out.add(address, where, 'is computed by the provider and cannot be set', value);
        continue;
      }
      checkType(out, address, where, value, attribute.type);
      continue;
    }
    const blockType = blockTypes[key];
    if (blockType) {
      if (value === null || isExpression(value)) continue;
      const instances = blockInstances(value, blockType);
      if (!instances) {
        out.add(address, where, `must be a block (an object${blockType.nesting_mode === 'map' ? ' of labelled objects' : ' or a list of objects'})`, value);
        continue;
      }
      for (const { key: suffix, body: inner } of instances) {
        checkBlock(out, address, `${where}${suffix}`, blockType.block, inner, new Set());
      }
      continue;
    }
    out.add(address, where, `is not an argument of this type; allowed: ${allowedNames()}`, value, false);
  }

  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.required && !isSet(body[name])) {
      out.add(address, joinPath(path, name), `is required (${renderType(attribute.type)})`, undefined, false);
    }
  }
  for (const [name, blockType] of Object.entries(blockTypes)) {
    if (dynamicBlocks.has(name)) continue;
    const value = body[name];
    if (isExpression(value)) continue;
    const instances = isSet(value) ? blockInstances(value as Json, blockType) : [];
    if (!instances) continue;
    const count = instances.length;
    const min = blockType.min_items ?? 0;
    const max = blockType.max_items;
    if (count < min || (max !== undefined && count > max)) {
      out.add(address, joinPath(path, name), `must have ${describeBounds(blockType)} block(s), got ${count}`, undefined, false);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Provider rules a schema cannot express (terraform-provider-openstack 3.4.0, Neutron)
// ---------------------------------------------------------------------------------------------

/** A resource body and where it sits. */
interface Target {
  readonly address: string;
  readonly path: string;
  readonly body: JsonObject;
}

/** The bodies of a nested block path (`['network']` → every `network` block), with their paths. */
function descend(target: Target, blocks: readonly string[]): Target[] {
  let current: Target[] = [target];
  for (const name of blocks) {
    const next: Target[] = [];
    for (const t of current) {
      const value = t.body[name];
      const bodies = isObject(value) ? [value] : Array.isArray(value) ? value : [];
      bodies.forEach((body, i) => {
        if (isObject(body)) {
          next.push({ address: t.address, path: joinPath(t.path, `${name}${isObject(value) ? '' : `[${i}]`}`), body });
        }
      });
    }
    current = next;
  }
  return current;
}

/** An attribute must take one of a closed set of values. */
interface OneOfRule {
  readonly kind: 'oneOf';
  readonly type: string;
  readonly blocks?: readonly string[];
  readonly attribute: string;
  readonly allowed: readonly (string | number)[];
}
/** At most one of these attributes or blocks may be set (the provider's ConflictsWith). */
interface AtMostOneRule {
  readonly kind: 'atMostOne';
  readonly type: string;
  readonly blocks?: readonly string[];
  readonly names: readonly string[];
}
/** At least one of these attributes must be set. */
interface AtLeastOneRule {
  readonly kind: 'atLeastOne';
  readonly type: string;
  readonly blocks?: readonly string[];
  readonly names: readonly string[];
}
/** When `attribute` is set, every name of `requires` must be set too (the provider's RequiredWith). */
interface RequiredWithRule {
  readonly kind: 'requiredWith';
  readonly type: string;
  readonly attribute: string;
  readonly requires: readonly string[];
}
type ProviderRule = OneOfRule | AtMostOneRule | AtLeastOneRule | RequiredWithRule;

const SUBNET_IPV6_MODES = ['slaac', 'dhcpv6-stateful', 'dhcpv6-stateless'];

/** The table of provider rules for the resources the kit uses. */
export const OPENSTACK_PROVIDER_RULES: readonly ProviderRule[] = [
  // openstack_networking_secgroup_rule_v2
  { kind: 'oneOf', type: 'openstack_networking_secgroup_rule_v2', attribute: 'direction', allowed: ['ingress', 'egress'] },
  { kind: 'oneOf', type: 'openstack_networking_secgroup_rule_v2', attribute: 'ethertype', allowed: ['IPv4', 'IPv6'] },
  { kind: 'atMostOne', type: 'openstack_networking_secgroup_rule_v2', names: ['remote_ip_prefix', 'remote_group_id', 'remote_address_group_id'] },
  { kind: 'requiredWith', type: 'openstack_networking_secgroup_rule_v2', attribute: 'port_range_min', requires: ['protocol', 'port_range_max'] },
  { kind: 'requiredWith', type: 'openstack_networking_secgroup_rule_v2', attribute: 'port_range_max', requires: ['protocol', 'port_range_min'] },
  // Firewall as a service v2
  { kind: 'oneOf', type: 'openstack_fw_rule_v2', attribute: 'action', allowed: ['allow', 'deny', 'reject'] },
  { kind: 'oneOf', type: 'openstack_fw_rule_v2', attribute: 'protocol', allowed: ['tcp', 'udp', 'icmp', 'any'] },
  { kind: 'requiredWith', type: 'openstack_fw_rule_v2', attribute: 'source_port', requires: ['protocol'] },
  { kind: 'requiredWith', type: 'openstack_fw_rule_v2', attribute: 'destination_port', requires: ['protocol'] },
  { kind: 'atMostOne', type: 'openstack_fw_rule_v2', names: ['tenant_id', 'project_id'] },
  { kind: 'atMostOne', type: 'openstack_fw_policy_v2', names: ['tenant_id', 'project_id'] },
  { kind: 'atMostOne', type: 'openstack_fw_group_v2', names: ['tenant_id', 'project_id'] },
  // openstack_networking_subnet_v2
  { kind: 'atMostOne', type: 'openstack_networking_subnet_v2', names: ['cidr', 'prefix_length'] },
  { kind: 'atMostOne', type: 'openstack_networking_subnet_v2', names: ['gateway_ip', 'no_gateway'] },
  { kind: 'oneOf', type: 'openstack_networking_subnet_v2', attribute: 'ipv6_address_mode', allowed: SUBNET_IPV6_MODES },
  { kind: 'oneOf', type: 'openstack_networking_subnet_v2', attribute: 'ipv6_ra_mode', allowed: SUBNET_IPV6_MODES },
  // openstack_networking_router_v2
  { kind: 'atMostOne', type: 'openstack_networking_router_v2', names: ['external_fixed_ip', 'external_subnet_ids'] },
  { kind: 'requiredWith', type: 'openstack_networking_router_v2', attribute: 'enable_snat', requires: ['external_network_id'] },
  { kind: 'requiredWith', type: 'openstack_networking_router_v2', attribute: 'external_fixed_ip', requires: ['external_network_id'] },
  { kind: 'requiredWith', type: 'openstack_networking_router_v2', attribute: 'external_subnet_ids', requires: ['external_network_id'] },
  { kind: 'requiredWith', type: 'openstack_networking_router_v2', attribute: 'external_qos_policy_id', requires: ['external_network_id'] },
  // openstack_networking_port_v2
  { kind: 'atMostOne', type: 'openstack_networking_port_v2', names: ['fixed_ip', 'no_fixed_ip'] },
  {
    kind: 'oneOf', type: 'openstack_networking_port_v2', blocks: ['binding'], attribute: 'vnic_type',
    allowed: ['direct', 'direct-physical', 'macvtap', 'normal', 'baremetal', 'virtio-forwarder', 'remote-managed'],
  },
  // openstack_compute_instance_v2
  { kind: 'atLeastOne', type: 'openstack_compute_instance_v2', blocks: ['network'], names: ['uuid', 'name', 'port'] },
  { kind: 'atMostOne', type: 'openstack_compute_instance_v2', names: ['availability_zone', 'availability_zone_hints'] },
  { kind: 'atMostOne', type: 'openstack_compute_instance_v2', names: ['network_mode', 'network'] },
  { kind: 'atMostOne', type: 'openstack_compute_instance_v2', names: ['hypervisor_hostname', 'personality'] },
  { kind: 'oneOf', type: 'openstack_compute_instance_v2', attribute: 'network_mode', allowed: ['auto', 'none'] },
  { kind: 'oneOf', type: 'openstack_compute_instance_v2', attribute: 'power_state', allowed: ['active', 'shutoff', 'shelved_offloaded', 'paused'] },
  // openstack_blockstorage_volume_v3
  { kind: 'atMostOne', type: 'openstack_blockstorage_volume_v3', names: ['snapshot_id', 'source_vol_id', 'image_id', 'backup_id'] },
  { kind: 'oneOf', type: 'openstack_blockstorage_volume_v3', attribute: 'volume_retype_policy', allowed: ['never', 'on-demand'] },
  // openstack_objectstorage_container_v1
  { kind: 'atMostOne', type: 'openstack_objectstorage_container_v1', names: ['versioning', 'versioning_legacy'] },
  { kind: 'oneOf', type: 'openstack_objectstorage_container_v1', blocks: ['versioning_legacy'], attribute: 'type', allowed: ['versions', 'history'] },
  // openstack_keymanager_secret_v1
  {
    kind: 'oneOf', type: 'openstack_keymanager_secret_v1', attribute: 'secret_type',
    allowed: ['symmetric', 'public', 'private', 'passphrase', 'certificate', 'opaque'],
  },
  { kind: 'oneOf', type: 'openstack_keymanager_secret_v1', attribute: 'payload_content_encoding', allowed: ['base64', 'binary'] },
  // openstack_identity_application_credential_v3
  {
    kind: 'oneOf', type: 'openstack_identity_application_credential_v3', blocks: ['access_rules'], attribute: 'method',
    allowed: ['POST', 'GET', 'HEAD', 'PATCH', 'PUT', 'DELETE'],
  },
];

/** Protocol names openstack_networking_secgroup_rule_v2 accepts (besides a number 0-255). */
export const SECGROUP_RULE_PROTOCOLS: readonly string[] = [
  'ah', 'any', 'dccp', 'egp', 'esp', 'gre', 'icmp', 'igmp', 'ipip', 'ipv6-encap', 'ipv6-frag', 'ipv6-icmp',
  'ipv6-nonxt', 'ipv6-opts', 'ipv6-route', 'ospf', 'pgm', 'rsvp', 'sctp', 'tcp', 'udp', 'udplite', 'vrrp',
];
/** Protocols whose rules carry a real port range (Neutron: 1-65535, min <= max). */
const PORT_PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp', 'dccp', 'sctp', 'udplite', '6', '17', '33', '132', '136']);
/** Protocols whose "port range" is an ICMP type (min) and code (max), each 0-255. */
const ICMP_PROTOCOLS: ReadonlySet<string> = new Set(['icmp', 'ipv6-icmp', '1', '58']);

function nameIsSet(body: JsonObject, name: string): boolean {
  const value = body[name];
  if (!isSet(value)) return false;
  return !(Array.isArray(value) && value.length === 0);
}

function describeAllowed(allowed: readonly (string | number)[]): string {
  return allowed.map((v) => (typeof v === 'string' ? `"${v}"` : String(v))).join(', ');
}

function applyRule(out: Collector, rule: ProviderRule, resource: Target): void {
  const targets = rule.kind === 'requiredWith' ? [resource] : descend(resource, rule.blocks ?? []);
  for (const t of targets) {
    switch (rule.kind) {
      case 'oneOf': {
        const value = t.body[rule.attribute];
        if (!isSet(value) || isExpression(value)) break;
        if (!rule.allowed.includes(value as string | number)) {
          out.add(t.address, joinPath(t.path, rule.attribute), `must be one of ${describeAllowed(rule.allowed)}`, value);
        }
        break;
      }
      case 'atMostOne': {
        const set = rule.names.filter((n) => nameIsSet(t.body, n));
        if (set.length > 1) {
          out.add(t.address, joinPath(t.path, set[0] as string),
            `conflicts with ${set.slice(1).join(', ')}: set at most one of ${rule.names.join(', ')}`,
            Object.fromEntries(set.map((n) => [n, t.body[n]])));
        }
        break;
      }
      case 'atLeastOne': {
        if (!rule.names.some((n) => nameIsSet(t.body, n))) {
          out.add(t.address, t.path === '' ? undefined : t.path, `must set at least one of ${rule.names.join(', ')}`, t.body);
        }
        break;
      }
      case 'requiredWith': {
        if (!nameIsSet(t.body, rule.attribute)) break;
        const missing = rule.requires.filter((n) => !nameIsSet(t.body, n));
        if (missing.length > 0) {
          out.add(t.address, rule.attribute, `requires ${missing.join(' and ')} to be set as well`, t.body[rule.attribute]);
        }
        break;
      }
    }
  }
}

function asInteger(value: Json | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

function checkSecgroupRule(out: Collector, t: Target): void {
  const protocolValue = t.body.protocol;
  let protocol: string | undefined;
  if (isSet(protocolValue) && !isExpression(protocolValue)) {
    protocol = String(protocolValue);
    const n = asInteger(protocolValue as Json);
    const known = SECGROUP_RULE_PROTOCOLS.includes(protocol) || (n !== undefined && n >= 0 && n <= 255);
    if (!known) {
      out.add(t.address, 'protocol', `must be one of ${describeAllowed(SECGROUP_RULE_PROTOCOLS)} or a protocol number 0-255`, protocolValue);
      protocol = undefined;
    } else if (n !== undefined) {
      protocol = String(n);
    }
  }

  const ports: { name: 'port_range_min' | 'port_range_max'; value: number | undefined }[] = [];
  for (const name of ['port_range_min', 'port_range_max'] as const) {
    const raw = t.body[name];
    if (!isSet(raw) || isExpression(raw)) {
      ports.push({ name, value: undefined });
      continue;
    }
    const n = asInteger(raw as Json);
    if (n === undefined || n < 0 || n > 65535) {
      out.add(t.address, name, 'must be an integer from 0 to 65535', raw);
      ports.push({ name, value: undefined });
      continue;
    }
    ports.push({ name, value: n });
  }
  const [min, max] = [ports[0]?.value, ports[1]?.value];
  if (protocol === undefined) return;

  if (PORT_PROTOCOLS.has(protocol)) {
    for (const p of ports) {
      if (p.value === 0) out.add(t.address, p.name, `must be from 1 to 65535 for protocol "${protocol}"`, p.value);
    }
    if (min !== undefined && max !== undefined && min > max) {
      out.add(t.address, 'port_range_min', `must be less than or equal to port_range_max (${max}) for protocol "${protocol}"`, min);
    }
  } else if (ICMP_PROTOCOLS.has(protocol)) {
    const labels = { port_range_min: 'the ICMP type', port_range_max: 'the ICMP code' } as const;
    for (const p of ports) {
      if (p.value !== undefined && p.value > 255) {
        out.add(t.address, p.name, `holds ${labels[p.name]} for protocol "${protocol}" and must be from 0 to 255`, p.value);
      }
    }
  }
}

const FW_PORT = /^(\d+)(?::(\d+))?$/;

function checkFwRule(out: Collector, t: Target): void {
  const protocol = t.body.protocol;
  for (const name of ['source_port', 'destination_port']) {
    const value = t.body[name];
    if (!isSet(value) || isExpression(value)) continue;
    const match = FW_PORT.exec(String(value));
    const from = match ? Number(match[1]) : NaN;
    const to = match && match[2] !== undefined ? Number(match[2]) : from;
    if (!match || from < 1 || to > 65535 || from > to) {
      out.add(t.address, name, 'must be a port "N" or a range "N:M" with 1 <= N <= M <= 65535', value);
      continue;
    }
    if (isSet(protocol) && !isExpression(protocol) && protocol !== 'tcp' && protocol !== 'udp') {
      out.add(t.address, name, `is allowed only with protocol "tcp" or "udp" (protocol is ${describeValue(protocol)})`, value);
    }
  }
}

/** `ip_version` wherever a resource or nested block has it: 4 or 6. */
function checkIpVersion(out: Collector, t: Target, block: BlockSchema): void {
  const value = t.body.ip_version;
  if (block.attributes?.ip_version && isSet(value) && !isExpression(value)) {
    const n = asInteger(value as Json);
    if (n !== 4 && n !== 6) out.add(t.address, joinPath(t.path, 'ip_version'), 'must be 4 or 6', value);
  }
  for (const [name, blockType] of Object.entries(block.block_types ?? {})) {
    for (const inner of descend(t, [name])) checkIpVersion(out, inner, blockType.block);
  }
}

const CUSTOM_CHECKS: { readonly [type: string]: (out: Collector, t: Target) => void } = {
  openstack_networking_secgroup_rule_v2: checkSecgroupRule,
  openstack_fw_rule_v2: checkFwRule,
};

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

/**
 * Validates a synthesized Terraform JSON document (an object, or its JSON text) against the
 * OpenStack provider schema and the provider rules. Returns every problem found; empty when
 * the document is valid. Values holding Terraform expressions (`${...}`) are known only at
 * plan time and are not checked beyond their position.
 *
 * @param doc the document, e.g. `JSON.parse(Testing.synth(stack))`
 * @param schema the provider schema; defaults to the project schema (openstack 3.4.0)
 */
export function validateTerraformJson(doc: unknown, schema: ProviderSchema = loadProjectSchema()): TerraformValidationIssue[] {
  const out = new Collector();
  const root: unknown = typeof doc === 'string' ? JSON.parse(doc) : doc;
  if (!isObject(root)) {
    out.add('(document)', undefined, 'must be a JSON object', root);
    return out.issues;
  }
  const provider = openstackSchemaOf(schema);
  const schemaName = `the openstack ${OPENSTACK_PROVIDER_VERSION} project schema`;

  for (const key of Object.keys(root)) {
    if (!TOP_LEVEL_KEYS.has(key)) {
      out.add('(document)', key, `is not a top-level key of Terraform JSON; allowed: ${[...TOP_LEVEL_KEYS].join(', ')}`, undefined, false);
    }
  }

  if (isObject(root.provider)) {
    for (const [name, configs] of Object.entries(root.provider)) {
      if (name !== 'openstack') {
        out.add(`provider.${name}`, undefined, `is not a provider of ${schemaName}; allowed: openstack`, undefined, false);
        continue;
      }
      const list = Array.isArray(configs) ? configs : [configs];
      for (const config of list) {
        if (!isObject(config)) {
          out.add('provider.openstack', undefined, 'must be an object', config);
          continue;
        }
        const address = typeof config.alias === 'string' ? `provider.openstack.${config.alias}` : 'provider.openstack';
        checkBlock(out, address, '', provider.provider.block, config, PROVIDER_META_ARGUMENTS);
      }
    }
  }

  const sections = [
    { key: 'resource', prefix: '', kind: 'resource', schemas: provider.resource_schemas, meta: RESOURCE_META_ARGUMENTS },
    { key: 'data', prefix: 'data.', kind: 'data source', schemas: provider.data_source_schemas, meta: DATA_META_ARGUMENTS },
  ] as const;
  for (const section of sections) {
    const byType = root[section.key];
    if (byType === undefined) continue;
    if (!isObject(byType)) {
      out.add(section.key, undefined, 'must be an object of types', byType);
      continue;
    }
    for (const [type, byName] of Object.entries(byType)) {
      const typeSchema = section.schemas[type];
      if (!typeSchema) {
        if (section.key === 'resource' && BUILT_IN_RESOURCE_TYPES.has(type)) continue;
        const allowed = Object.keys(section.schemas).sort().join(', ');
        out.add(`${section.prefix}${type}`, undefined, `is not a ${section.kind} type of ${schemaName}; allowed: ${allowed}`, undefined, false);
        continue;
      }
      if (!isObject(byName)) {
        out.add(`${section.prefix}${type}`, undefined, 'must be an object of named blocks', byName);
        continue;
      }
      for (const [name, body] of Object.entries(byName)) {
        const address = `${section.prefix}${type}.${name}`;
        if (!isObject(body)) {
          out.add(address, undefined, 'must be an object', body);
          continue;
        }
        checkBlock(out, address, '', typeSchema.block, body, section.meta);
        if (section.key !== 'resource') continue;
        const target: Target = { address, path: '', body };
        for (const rule of OPENSTACK_PROVIDER_RULES) if (rule.type === type) applyRule(out, rule, target);
        CUSTOM_CHECKS[type]?.(out, target);
        checkIpVersion(out, target, typeSchema.block);
      }
    }
  }
  return out.issues;
}

/** Reads a Terraform JSON file (e.g. `cdktf.out/stacks/<stack>/cdk.tf.json`) and validates it. */
export function validateTerraformFile(file: string, schema?: ProviderSchema): TerraformValidationIssue[] {
  return validateTerraformJson(JSON.parse(fs.readFileSync(file, 'utf8')), schema);
}

/** One line per issue, numbered, ready for an error message or a log. */
export function formatTerraformIssues(issues: readonly TerraformValidationIssue[]): string {
  if (issues.length === 0) return 'Terraform JSON is valid: no issues.';
  const lines = issues.map((issue, i) => `${i + 1}. ${issue.message}`);
  return [`${issues.length} Terraform JSON issue(s):`, ...lines].join('\n');
}

import { parse as parseYaml } from 'yaml';
import { DocumentIndex, asArray, isObject, isUnresolved, tfRef } from '../../private/model';
import { schedulePeriodHours } from '../../private/schedule';
import { ResourceRef, SourceDocument } from '../../types';

export const OS = {
  INSTANCE: 'openstack_compute_instance_v2',
  VOLUME: 'openstack_blockstorage_volume_v3',
  CONTAINER: 'openstack_objectstorage_container_v1',
  APP_CREDENTIAL: 'openstack_identity_application_credential_v3',
  NETWORK: 'openstack_networking_network_v2',
  SUBNET: 'openstack_networking_subnet_v2',
  PORT: 'openstack_networking_port_v2',
  ROUTER: 'openstack_networking_router_v2',
  ROUTER_INTERFACE: 'openstack_networking_router_interface_v2',
  SECGROUP: 'openstack_networking_secgroup_v2',
  SECGROUP_RULE: 'openstack_networking_secgroup_rule_v2',
  /** Nova security group with inline `rule` blocks (provider before 3.0). */
  COMPUTE_SECGROUP: 'openstack_compute_secgroup_v2',
  FW_GROUP: 'openstack_fw_group_v2',
  LB_LISTENER: 'openstack_lb_listener_v2',
  IKE_POLICY: 'openstack_vpnaas_ike_policy_v2',
  IPSEC_POLICY: 'openstack_vpnaas_ipsec_policy_v2',
  SECRET: 'openstack_keymanager_secret_v1',
} as const;

/** OpenStack resource types with a `tags` attribute (terraform-provider-openstack 3.4.0 schema). */
export const OPENSTACK_TAGGABLE_TYPES: ReadonlySet<string> = new Set([
  'openstack_compute_instance_v2', 'openstack_identity_project_v3', 'openstack_images_image_v2', 'openstack_lb_listener_v2',
  'openstack_lb_loadbalancer_v2', 'openstack_lb_member_v2', 'openstack_lb_pool_v2', 'openstack_networking_floatingip_v2',
  'openstack_networking_network_v2', 'openstack_networking_port_v2', 'openstack_networking_qos_policy_v2',
  'openstack_networking_router_v2', 'openstack_networking_secgroup_v2', 'openstack_networking_subnet_v2',
  'openstack_networking_subnetpool_v2', 'openstack_networking_trunk_v2', 'openstack_orchestration_stack_v1',
]);

/** The `openstack` provider configurations of a Terraform document. */
export function providerConfigs(doc: SourceDocument): Record<string, unknown>[] {
  const raw = isObject(doc.raw) ? doc.raw.provider : undefined;
  const blocks = Array.isArray(raw) ? raw : [raw];
  return blocks.filter(isObject).flatMap((b) => asArray(b.openstack)).filter(isObject);
}

/** A name or address matches a word, e.g. archive, backup, management. */
export function named(resource: ResourceRef, pattern: RegExp): boolean {
  const name = resource.properties.name;
  return pattern.test(resource.id) || (typeof name === 'string' && pattern.test(name));
}

export const ARCHIVE = /archive|audit[-_]?log|log[-_]?archive|\blogs?\b/i;
export const BACKUP = /backup/i;
export const MANAGEMENT = /manage|mgmt|admin/i;
export const SHIPPER = /ship|log/i;

/** The log archive containers (by name or address). */
export function archiveContainers(ix: DocumentIndex): ResourceRef[] {
  const containers = ix.ofType(OS.CONTAINER);
  return containers.filter((c) => named(c, ARCHIVE) && !named(c, BACKUP) && !isSyncTarget(c, containers));
}

/** Whether a container is the off-site copy another container syncs to (by name, or named as off-site). */
export function isSyncTarget(container: ResourceRef, all: ResourceRef[]): boolean {
  if (named(container, /offsite|off-site|replica/i)) return true;
  const name = container.properties.name;
  return typeof name === 'string' && all.some((c) => c !== container && typeof c.properties.container_sync_to === 'string' && c.properties.container_sync_to.endsWith(`/${name}`));
}

/**
 * The container a container-sync source syncs to, when it is in the same document: the one whose
 * literal name ends `container_sync_to` (full-URL or realm form `//realm/cluster/AUTH_x/<name>`).
 */
export function syncTargetOf(container: ResourceRef, all: ResourceRef[]): ResourceRef | undefined {
  const to = container.properties.container_sync_to;
  if (typeof to !== 'string') return undefined;
  return all.find((c) => c !== container && typeof c.properties.name === 'string' && to.endsWith(`/${c.properties.name}`));
}

/**
 * Whether a container's versions are kept: it is versioned, or it is a container-sync source
 * (Swift refuses object versioning on one) whose destination in the document is versioned.
 */
export function versionsKept(container: ResourceRef, all: ResourceRef[]): { kept: boolean; message: string } {
  if (versioned(container)) return { kept: true, message: 'versioning is on' };
  if (container.properties.container_sync_to === undefined) return { kept: false, message: 'versioning is off' };
  const target = syncTargetOf(container, all);
  if (!target) return { kept: false, message: 'versioning is off and the container it syncs to is not in the document' };
  return versioned(target)
    ? { kept: true, message: `a container-sync source (Swift refuses versioning on one): its copy ${target.id} is versioned` }
    : { kept: false, message: `versioning is off here and on its sync copy ${target.id}` };
}

/** Whether a container has versioning on (`versioning = true` or a `versioning_legacy` block). */
export function versioned(container: ResourceRef): boolean {
  const v = container.properties.versioning;
  return v === true || v === 'true' || asArray(container.properties.versioning_legacy).some(isObject);
}

/** Decoded user data per instance: several rules read it, it is decoded once per check. */
const USER_DATA = new WeakMap<ResourceRef, { text?: string; unresolved: boolean }>();

/** The user data of an instance as text, decoding literal base64; undefined when it is an expression. */
export function userData(instance: ResourceRef): { text?: string; unresolved: boolean } {
  let data = USER_DATA.get(instance);
  if (!data) {
    data = decodeUserData(instance);
    USER_DATA.set(instance, data);
  }
  return data;
}

function decodeUserData(instance: ResourceRef): { text?: string; unresolved: boolean } {
  const raw = instance.properties.user_data;
  if (raw === undefined) return { unresolved: false };
  if (typeof raw !== 'string') return { unresolved: true };
  // A whole expression (templatefile, base64encode, a variable) hides the text; interpolations
  // inside a literal script (credential IDs, endpoints) leave the rest readable.
  if (/^\$\{[\s\S]*\}$/.test(raw.trim()) && isUnresolved(raw)) return { unresolved: true };
  const compact = raw.replace(/\s+/g, '');
  if (compact.length > 16 && /^[A-Za-z0-9+/]+=*$/.test(compact)) {
    const decoded = Buffer.from(compact, 'base64').toString('utf8');
    if (/^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(decoded)) return { text: decoded, unresolved: false };
  }
  return { text: raw, unresolved: false };
}

/** A recurring job found in user data. */
export interface Timer {
  /** The file (unit or cron file) it was found in, with the command for cron lines. */
  readonly name: string;
  readonly schedule: string;
  /** Period in hours, undefined when the schedule cannot be read. */
  readonly periodHours?: number;
  /** What the job does, from its name and its file: backup, restore, or other. */
  readonly purpose: 'backup' | 'restore' | 'other';
}

interface Part { name: string; content: string }

/**
 * The last user data texts split into parts: the rules that read timers and scripts of the same
 * instance parse its cloud-config once. Bounded, so checking many documents keeps memory flat.
 */
const PARTS = new Map<string, readonly Part[]>();
const PARTS_CACHE_SIZE = 32;

/** Files of a cloud-config `write_files`, else the whole text as one part. */
function parts(text: string): readonly Part[] {
  let found = PARTS.get(text);
  if (!found) {
    found = parseParts(text);
    if (PARTS.size >= PARTS_CACHE_SIZE) PARTS.delete(PARTS.keys().next().value!);
    PARTS.set(text, found);
  }
  return found;
}

function parseParts(text: string): Part[] {
  if (/^#cloud-config/.test(text.trimStart())) {
    try {
      const config = parseYaml(text) as unknown;
      const files = isObject(config) ? asArray(config.write_files).filter(isObject) : [];
      const found = files.map((f) => ({ name: String(f.path ?? ''), content: typeof f.content === 'string' ? f.content : '' }));
      const rest = isObject(config) ? JSON.stringify({ ...config, write_files: undefined }) : '';
      return [...found, { name: '', content: rest }];
    } catch {
      // fall through: treat as text
    }
  }
  return [{ name: '', content: text }];
}

function purposeOf(text: string): Timer['purpose'] {
  if (/restore/i.test(text)) return 'restore';
  if (/backup/i.test(text)) return 'backup';
  return 'other';
}

/** The systemd timers and cron lines of a user data text. */
export function timers(text: string): Timer[] {
  const result: Timer[] = [];
  const all = parts(text);
  for (const part of all) {
    const lines = part.content.split('\n');
    lines.forEach((line, i) => {
      const calendar = /^\s*OnCalendar\s*=\s*(.+?)\s*$/.exec(line);
      if (calendar) {
        // Name of the job: the file path, else the nearest unit name or Description above.
        const context = part.name || lines.slice(Math.max(0, i - 15), i).join('\n');
        result.push({ name: part.name || 'OnCalendar', schedule: calendar[1], periodHours: schedulePeriodHours(calendar[1]), purpose: purposeOf(context) });
        return;
      }
      const cron = /^\s*([\d*,/-]+\s+[\d*,/-]+\s+[\d*,/?LW-]+\s+[\d*,/A-Za-z-]+\s+[\d*,/A-Za-z?#L-]+)\s+(.+)$/.exec(line);
      if (cron && (/cron/i.test(part.name) || (!part.name && /\b(backup|restore)/i.test(cron[2])))) {
        result.push({ name: `${part.name} ${cron[2]}`.trim(), schedule: cron[1], periodHours: schedulePeriodHours(cron[1]), purpose: purposeOf(`${part.name} ${cron[2]}`) });
      }
    });
  }
  // A timer file whose name says nothing takes the purpose of the service it triggers.
  return result.map((t) => {
    if (t.purpose !== 'other') return t;
    const service = all.find((p) => p.name && p.name.replace(/\.service$/, '') === t.name.replace(/\.timer$/, ''));
    return service ? { ...t, purpose: purposeOf(service.content) } : t;
  });
}

/**
 * Cadences a kit-rendered script declares (`RESTORE_TEST_EVERY_SECONDS=2592000`): the job runs
 * from another timer and acts when this much time has passed since its last run.
 */
export function renderedCadenceHours(text: string, name: 'RESTORE_TEST' | 'BACKUP'): number | undefined {
  const m = new RegExp(`\\b${name}_EVERY_SECONDS=['"]?(\\d+)`).exec(text);
  return m ? Number(m[1]) / 3600 : undefined;
}

/** The router a router interface attaches a subnet to, by subnet address. */
export function routersBySubnet(ix: DocumentIndex): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const portSubnets = new Map<string, string[]>();
  for (const port of ix.ofType(OS.PORT)) {
    const subnets = asArray(port.properties.fixed_ip).map((f) => (isObject(f) ? tfRef(f.subnet_id) : undefined)).filter((s): s is string => s !== undefined);
    portSubnets.set(port.id, subnets);
  }
  for (const iface of ix.ofType(OS.ROUTER_INTERFACE)) {
    const router = tfRef(iface.properties.router_id);
    if (!router) continue;
    const subnet = tfRef(iface.properties.subnet_id);
    const subnets = subnet ? [subnet] : portSubnets.get(tfRef(iface.properties.port_id) ?? '') ?? [];
    for (const s of subnets) result.set(s, [...(result.get(s) ?? []), router]);
  }
  return result;
}

/** Whether a router has an external gateway. */
export function hasGateway(router: ResourceRef | undefined): boolean {
  if (!router) return false;
  const p = router.properties;
  return p.external_network_id !== undefined || p.external_gateway !== undefined || asArray(p.external_fixed_ip).length > 0;
}

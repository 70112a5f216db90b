/**
 * The OpenStack provider schema the kit is built against: its types, the list of resources and
 * data sources the kit uses, the curation that derives the project schema from the upstream
 * reference (`terraform providers schema -json` output), and the drift check between the two.
 *
 * Internal to the OpenStack half of the kit; not exported from a public barrel.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Fully qualified name of the provider in `provider_schemas`. */
export const OPENSTACK_PROVIDER_FQPN = 'registry.terraform.io/terraform-provider-openstack/openstack';

/** The provider release the project schema and the generated bindings track. */
export const OPENSTACK_PROVIDER_VERSION = '3.4.0';

/** Resource types the kit uses; the curated schema holds these and no others. */
export const KIT_RESOURCE_TYPES: readonly string[] = [
  'openstack_blockstorage_volume_v3',
  'openstack_compute_instance_v2',
  'openstack_fw_group_v2',
  'openstack_fw_policy_v2',
  'openstack_fw_rule_v2',
  'openstack_identity_application_credential_v3',
  'openstack_keymanager_secret_v1',
  'openstack_networking_network_v2',
  'openstack_networking_port_v2',
  'openstack_networking_router_interface_v2',
  'openstack_networking_router_route_v2',
  'openstack_networking_router_v2',
  'openstack_networking_secgroup_rule_v2',
  'openstack_networking_secgroup_v2',
  'openstack_networking_subnet_route_v2',
  'openstack_networking_subnet_v2',
  'openstack_objectstorage_container_v1',
  'openstack_vpnaas_endpoint_group_v2',
  'openstack_vpnaas_ike_policy_v2',
  'openstack_vpnaas_ipsec_policy_v2',
  'openstack_vpnaas_service_v2',
  'openstack_vpnaas_site_connection_v2',
];

/** Data source types the kit uses. */
export const KIT_DATA_SOURCE_TYPES: readonly string[] = [
  'openstack_compute_flavor_v2',
  'openstack_identity_auth_scope_v3',
  'openstack_images_image_v2',
  'openstack_networking_network_v2',
];

/** Path of the committed project schema. */
export const PROJECT_SCHEMA_PATH = path.join(__dirname, 'provider-schema.json');

/** Path of the upstream reference schema, relative to the project root: `../shared/...`. */
export const UPSTREAM_SCHEMA_PATH = path.resolve(
  __dirname, '..', '..', '..', '..', 'shared', 'openstack', `provider-schema-${OPENSTACK_PROVIDER_VERSION}.json`,
);

/** A Terraform type constraint as `terraform providers schema -json` renders it. */
export type TerraformType =
  | 'string'
  | 'number'
  | 'bool'
  | 'dynamic'
  | readonly ['list' | 'set' | 'map', TerraformType]
  | readonly ['object', { readonly [attribute: string]: TerraformType }]
  | readonly ['tuple', readonly TerraformType[]];

/** One attribute of a block. Exactly one of `required` / `optional` / computed-only holds. */
export interface AttributeSchema {
  readonly type: TerraformType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
}

/** How a nested block repeats. */
export type NestingMode = 'single' | 'group' | 'list' | 'set' | 'map';

/** A nested block type inside a block. */
export interface BlockTypeSchema {
  readonly nesting_mode: NestingMode;
  readonly block: BlockSchema;
  readonly min_items?: number;
  readonly max_items?: number;
}

/** A configuration block: attributes and nested block types. */
export interface BlockSchema {
  readonly attributes?: { readonly [name: string]: AttributeSchema };
  readonly block_types?: { readonly [name: string]: BlockTypeSchema };
}

/** The schema of a provider, resource or data source. */
export interface SchemaRepresentation {
  readonly version: number;
  readonly block: BlockSchema;
}

/** The schemas of one provider. */
export interface SingleProviderSchema {
  readonly provider: SchemaRepresentation;
  readonly resource_schemas: { readonly [type: string]: SchemaRepresentation };
  readonly data_source_schemas: { readonly [type: string]: SchemaRepresentation };
}

/** The document `terraform providers schema -json` writes. */
export interface ProviderSchema {
  readonly format_version: string;
  readonly provider_schemas: { readonly [fqpn: string]: SingleProviderSchema };
}

/** Reads and parses a provider schema file. */
export function readProviderSchema(file: string): ProviderSchema {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ProviderSchema;
}

let projectSchema: ProviderSchema | undefined;

/** The committed project schema, parsed once. */
export function loadProjectSchema(): ProviderSchema {
  projectSchema ??= readProviderSchema(PROJECT_SCHEMA_PATH);
  return projectSchema;
}

/** The OpenStack entry of a provider schema document; throws when it is absent. */
export function openstackSchemaOf(doc: ProviderSchema): SingleProviderSchema {
  const single = doc.provider_schemas?.[OPENSTACK_PROVIDER_FQPN];
  if (!single) {
    throw new Error(`provider_schemas must hold "${OPENSTACK_PROVIDER_FQPN}", got keys ${JSON.stringify(Object.keys(doc.provider_schemas ?? {}))}`);
  }
  return single;
}

// ---------------------------------------------------------------------------------------------
// Curation
// ---------------------------------------------------------------------------------------------

/** Keys of the upstream schema that carry prose or status, dropped from the project schema. */
const PROSE_KEYS = ['description', 'description_kind', 'deprecated'];

function sortedEntries<T>(record: { readonly [key: string]: T } | undefined): [string, T][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function curateAttribute(attribute: AttributeSchema): AttributeSchema {
  const nested = (attribute as { nested_type?: unknown }).nested_type;
  if (nested !== undefined) {
    // Provider-framework nested attributes: not used by the 3.4.0 resources the kit keeps.
    throw new Error('nested_type attributes are not supported by the curated schema');
  }
  return {
    type: attribute.type,
    ...(attribute.required ? { required: true } : {}),
    ...(attribute.optional ? { optional: true } : {}),
    ...(attribute.computed ? { computed: true } : {}),
    ...(attribute.sensitive ? { sensitive: true } : {}),
  };
}

function curateBlock(block: BlockSchema): BlockSchema {
  const attributes = sortedEntries(block.attributes).map(([name, a]) => [name, curateAttribute(a)] as const);
  const blockTypes = sortedEntries(block.block_types).map(([name, bt]) => [name, {
    nesting_mode: bt.nesting_mode,
    ...(bt.min_items !== undefined && bt.min_items !== 0 ? { min_items: bt.min_items } : {}),
    ...(bt.max_items !== undefined && bt.max_items !== 0 ? { max_items: bt.max_items } : {}),
    block: curateBlock(bt.block),
  }] as const);
  return {
    ...(attributes.length > 0 ? { attributes: Object.fromEntries(attributes) } : {}),
    ...(blockTypes.length > 0 ? { block_types: Object.fromEntries(blockTypes) } : {}),
  };
}

function curateSchema(schema: SchemaRepresentation): SchemaRepresentation {
  return { version: schema.version, block: curateBlock(schema.block) };
}

function pick(
  kind: string,
  from: { readonly [type: string]: SchemaRepresentation },
  types: readonly string[],
): { [type: string]: SchemaRepresentation } {
  const out: { [type: string]: SchemaRepresentation } = {};
  for (const type of [...types].sort()) {
    const schema = from[type];
    if (!schema) throw new Error(`${kind} ${type} is not in the upstream schema`);
    out[type] = curateSchema(schema);
  }
  return out;
}

/**
 * Derives the project schema from the upstream reference: keeps the provider block and the
 * resources and data sources the kit uses, keeps types, flags and block nesting, drops every
 * description, description kind and deprecation marker, and sorts every map by key.
 */
export function curateProviderSchema(
  upstream: ProviderSchema,
  resourceTypes: readonly string[] = KIT_RESOURCE_TYPES,
  dataSourceTypes: readonly string[] = KIT_DATA_SOURCE_TYPES,
): ProviderSchema {
  const single = openstackSchemaOf(upstream);
  return {
    format_version: upstream.format_version,
    provider_schemas: {
      [OPENSTACK_PROVIDER_FQPN]: {
        provider: curateSchema(single.provider),
        resource_schemas: pick('resource', single.resource_schemas, resourceTypes),
        data_source_schemas: pick('data source', single.data_source_schemas, dataSourceTypes),
      },
    },
  };
}

/** The exact text the project schema file holds for a schema document. */
export function renderProviderSchema(schema: ProviderSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/**
 * Paths (`resource_schemas.T.block.attributes.x.description`, ...) where a schema document still
 * carries prose keys. Only metadata positions are inspected: an attribute that is itself named
 * `description` is not prose.
 */
export function findProseKeys(doc: ProviderSchema): string[] {
  const found: string[] = [];
  const check = (obj: object, at: string): void => {
    for (const key of PROSE_KEYS) if (key in obj) found.push(`${at}.${key}`);
  };
  const walk = (block: BlockSchema, at: string): void => {
    check(block, at);
    for (const [name, a] of Object.entries(block.attributes ?? {})) check(a, `${at}.attributes.${name}`);
    for (const [name, bt] of Object.entries(block.block_types ?? {})) {
      check(bt, `${at}.block_types.${name}`);
      walk(bt.block, `${at}.block_types.${name}.block`);
    }
  };
  for (const [fqpn, single] of Object.entries(doc.provider_schemas)) {
    const walkSchema = (s: SchemaRepresentation, at: string): void => {
      check(s, at);
      walk(s.block, `${at}.block`);
    };
    walkSchema(single.provider, `${fqpn}.provider`);
    for (const [t, s] of Object.entries(single.resource_schemas ?? {})) walkSchema(s, `${fqpn}.resource_schemas.${t}`);
    for (const [t, s] of Object.entries(single.data_source_schemas ?? {})) walkSchema(s, `${fqpn}.data_source_schemas.${t}`);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Drift check
// ---------------------------------------------------------------------------------------------

/** One difference between the project schema and the upstream reference. */
export interface SchemaDrift {
  /** Where, e.g. `resource openstack_networking_port_v2 > binding > vnic_type`. */
  readonly path: string;
  /** What differs, naming both values. */
  readonly message: string;
}

const FLAGS = ['required', 'optional', 'computed', 'sensitive'] as const;

function compareBlock(project: BlockSchema, upstream: BlockSchema, at: string, out: SchemaDrift[]): void {
  for (const [name, attr] of Object.entries(project.attributes ?? {})) {
    const where = `${at} > ${name}`;
    const ref = upstream.attributes?.[name];
    if (!ref) {
      out.push({ path: where, message: 'attribute does not exist upstream' });
      continue;
    }
    const [mine, theirs] = [JSON.stringify(attr.type), JSON.stringify(ref.type)];
    if (mine !== theirs) out.push({ path: where, message: `type is ${mine} but upstream has ${theirs}` });
    for (const flag of FLAGS) {
      if (Boolean(attr[flag]) !== Boolean(ref[flag])) {
        out.push({ path: where, message: `${flag} is ${Boolean(attr[flag])} but upstream has ${Boolean(ref[flag])}` });
      }
    }
  }
  for (const [name, bt] of Object.entries(project.block_types ?? {})) {
    const where = `${at} > ${name}`;
    const ref = upstream.block_types?.[name];
    if (!ref) {
      out.push({ path: where, message: 'block does not exist upstream' });
      continue;
    }
    if (bt.nesting_mode !== ref.nesting_mode) {
      out.push({ path: where, message: `nesting_mode is "${bt.nesting_mode}" but upstream has "${ref.nesting_mode}"` });
    }
    for (const bound of ['min_items', 'max_items'] as const) {
      if ((bt[bound] ?? 0) !== (ref[bound] ?? 0)) {
        out.push({ path: where, message: `${bound} is ${bt[bound] ?? 0} but upstream has ${ref[bound] ?? 0}` });
      }
    }
    compareBlock(bt.block, ref.block, where, out);
  }
}

/**
 * Every resource, data source, attribute and nested block of `project` must exist in
 * `upstream` with the same type, flags and nesting. Returns the differences; empty when none.
 * (Upstream may hold more than the project: that is the point of curation.)
 */
export function findSchemaDrift(project: ProviderSchema, upstream: ProviderSchema): SchemaDrift[] {
  const out: SchemaDrift[] = [];
  const mine = openstackSchemaOf(project);
  const theirs = openstackSchemaOf(upstream);
  compareBlock(mine.provider.block, theirs.provider.block, 'provider', out);
  const kinds = [
    ['resource', mine.resource_schemas, theirs.resource_schemas],
    ['data source', mine.data_source_schemas, theirs.data_source_schemas],
  ] as const;
  for (const [kind, own, ref] of kinds) {
    for (const [type, schema] of Object.entries(own)) {
      const refSchema = ref[type];
      if (!refSchema) {
        out.push({ path: `${kind} ${type}`, message: `${kind} type does not exist upstream` });
        continue;
      }
      if (schema.version !== refSchema.version) {
        out.push({ path: `${kind} ${type}`, message: `schema version is ${schema.version} but upstream has ${refSchema.version}` });
      }
      compareBlock(schema.block, refSchema.block, `${kind} ${type}`, out);
    }
  }
  return out;
}

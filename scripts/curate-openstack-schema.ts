/**
 * Writes lib/openstack/schema/provider-schema.json: the provider block and the resources and
 * data sources the kit uses, taken from the upstream reference schema
 * (../shared/openstack/provider-schema-3.4.0.json) with every description dropped.
 *
 * Usage: npx tsx scripts/curate-openstack-schema.ts [upstream-schema.json]
 */
import * as fs from 'node:fs';
import {
  curateProviderSchema,
  PROJECT_SCHEMA_PATH,
  readProviderSchema,
  renderProviderSchema,
  UPSTREAM_SCHEMA_PATH,
} from '../lib/openstack/schema/schema';

const upstreamPath = process.argv[2] ?? UPSTREAM_SCHEMA_PATH;
const text = renderProviderSchema(curateProviderSchema(readProviderSchema(upstreamPath)));
fs.writeFileSync(PROJECT_SCHEMA_PATH, text);
console.log(`wrote ${PROJECT_SCHEMA_PATH} (${text.length} bytes) from ${upstreamPath}`);

import * as path from 'path';

/** Where the JSON Schema of the landing zones file is, inside the installed package. */
export const SCHEMA_PATH = path.join(__dirname, '..', '..', 'schema', 'landing-zones.schema.json');

/**
 * The schema reference the starter writes in its first line, for editors that validate YAML
 * (yaml-language-server, used by the VS Code YAML extension): relative to a file at the root of
 * a project that installed the kit.
 */
export const DEFAULT_SCHEMA_REFERENCE = './node_modules/pa-cloud-kit/schema/landing-zones.schema.json';

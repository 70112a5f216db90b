/**
 * Renders cloud-init `#cloud-config` documents for Terraform `user_data`.
 *
 * The document is written with the `yaml` package (multi-line files become block scalars), then
 * escaped for a Terraform string, so the `${VAR}` of embedded shell scripts reach the host
 * unchanged; only the placeholders given in `references` become Terraform references (tokens or
 * expressions), e.g. an application credential's secret, filled in at apply time.
 */
import { stringify } from 'yaml';
import { escapeTerraformTemplate } from '../../core/terraform-text';

/** A file written by cloud-init's `write_files` module. */
export interface CloudConfigFile {
  readonly path: string;
  readonly permissions: string;
  readonly content: string;
  readonly owner?: string;
}

/** A placeholder in the document and the Terraform text (token or `${...}` expression) it becomes. */
export type TerraformReferences = Readonly<Record<string, string>>;

/** A placeholder for a Terraform value: `@@NAME@@`, safe in YAML and shell text. */
export function placeholder(name: string): string {
  return `@@${name}@@`;
}

/**
 * `#cloud-config` + YAML of `doc`, escaped for a Terraform string, with each placeholder replaced
 * by its Terraform reference.
 */
export function renderCloudConfig(doc: Record<string, unknown>, references: TerraformReferences = {}): string {
  let text = escapeTerraformTemplate(`#cloud-config\n${stringify(doc, { lineWidth: 0 })}`);
  for (const [name, reference] of Object.entries(references)) {
    text = text.split(placeholder(name)).join(reference);
  }
  return text;
}

/** Reverses {@link escapeTerraformTemplate}: the text as the host receives it, for tests and previews. */
export function unescapeTerraformTemplate(text: string): string {
  return text.replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
}

/** cloud-init's `ntp` module set to chrony with these servers, in order. */
export function chronyConfig(servers: readonly string[]): Record<string, unknown> {
  return { enabled: true, ntp_client: 'chrony', servers: [...servers] };
}

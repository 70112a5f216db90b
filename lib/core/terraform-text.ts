/**
 * Text that reaches Terraform JSON. Terraform evaluates `${...}` and `%{...}` in every string of a
 * `.tf.json` document (outside "//" comments), so a value taken from a user must be either a name
 * that cannot hold them, or escaped (`$${`, `%%{`) to be read as written.
 */
import { PaCloudKitError } from './errors';

/** What a name passed to Terraform must not contain, for messages. */
export const NO_TERRAFORM_EXPRESSION_RULE = 'must not contain "${" or "%{": in the Terraform JSON they would start an expression that Terraform evaluates (e.g. reads a file)';

/**
 * A literal text for Terraform JSON: `${` becomes `$${` and `%{` becomes `%%{`, the escapes of
 * Terraform's template syntax, so the text is read as written and never evaluated.
 */
export function escapeTerraformTemplate(text: string): string {
  // Replacement functions: in a replacement string `$$` would mean one `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/**
 * A name of an object that reaches the Terraform JSON as it is (an OpenStack cloud, network,
 * image, flavor or volume type): refused when it holds `${` or `%{`, which no real name needs.
 *
 * @throws PaCloudKitError naming the field
 */
export function checkNoTerraformExpression(value: unknown, field: string): void {
  if (typeof value === 'string' && /[$%]\{/.test(value)) throw new PaCloudKitError({ field, value, rule: NO_TERRAFORM_EXPRESSION_RULE });
}

/**
 * The one error class for user mistakes. It names the field that is wrong, the value received
 * and the rule that value breaks, so every layer (constructs, config loader, CLI) can report it
 * precisely without parsing messages.
 */
export class PaCloudKitError extends Error {
  /** Path of the offending field, e.g. `tenant.ipaCode` or `tenants[2].cidr`. */
  public readonly field: string;
  /** The value received. */
  public readonly value: unknown;
  /** The rule the value breaks, phrased as what is allowed. */
  public readonly rule: string;
  /** The control of the catalogue the rule enforces, when there is one. */
  public readonly control?: string;

  constructor(props: { field: string; value: unknown; rule: string; control?: string }) {
    const control = props.control ? ` [${props.control}]` : '';
    super(`${props.field}: ${props.rule}, got ${describeValue(props.value)}${control}`);
    this.name = 'PaCloudKitError';
    this.field = props.field;
    this.value = props.value;
    this.rule = props.rule;
    this.control = props.control;
  }
}

/** The longest text echoed whole in a message; longer ones show their first characters and their length. */
export const MAX_ECHOED_LENGTH = 200;

/**
 * Renders a received value for an error message: strings quoted, objects as compact JSON. Long
 * texts are cut to their first {@link MAX_ECHOED_LENGTH} characters and their length, so a huge
 * value never floods the output (nor memory).
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return quoteCut(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { toString(): string }).toString === 'function'
    && (value as { toString(): string }).toString !== Object.prototype.toString) {
    return cutText(String(value));
  }
  try {
    // Long strings inside are cut before serializing; the whole is cut again if still long.
    const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && v.length > MAX_ECHOED_LENGTH ? `${v.slice(0, MAX_ECHOED_LENGTH)}... (${v.length} characters)` : v));
    return cutText(json ?? String(value), MAX_ECHOED_LENGTH * 2);
  } catch {
    return cutText(String(value));
  }
}

function quoteCut(text: string): string {
  return text.length > MAX_ECHOED_LENGTH ? `${JSON.stringify(text.slice(0, MAX_ECHOED_LENGTH))}... (${text.length} characters)` : JSON.stringify(text);
}

function cutText(text: string, max = MAX_ECHOED_LENGTH): string {
  return text.length > max ? `${text.slice(0, max)}... (${text.length} characters)` : text;
}

/**
 * Collects the kit's errors of several checks, so every mistake is reported at once: `attempt`
 * runs a check and returns its result, or undefined after keeping its error. Any other error is
 * thrown on.
 */
export function collectErrors(): { readonly errors: PaCloudKitError[]; attempt<T>(check: () => T): T | undefined } {
  const errors: PaCloudKitError[] = [];
  return {
    errors,
    attempt<T>(check: () => T): T | undefined {
      try {
        return check();
      } catch (e) {
        if (!(e instanceof PaCloudKitError)) throw e;
        errors.push(e);
        return undefined;
      }
    },
  };
}

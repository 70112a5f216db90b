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

/** Renders a received value for an error message: strings quoted, objects as compact JSON. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { toString(): string }).toString === 'function'
    && (value as { toString(): string }).toString !== Object.prototype.toString) {
    return String(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

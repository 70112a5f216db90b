/** One mistake in a landing zones file, with where it is. */
export interface ConfigError {
  /** The file, as given to the loader. */
  readonly file: string;
  /** 1-based line of the offending key or value (of the nearest enclosing entry when the key is missing). */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** The field path, e.g. `tenants[2].cidr`; empty for the file as a whole. */
  readonly field: string;
  /** What is wrong and what is allowed, starting with the field path, e.g. `tenants[2].cidr: must not overlap ...`. */
  readonly message: string;
  /** The control of the catalogue the rule enforces, when there is one. */
  readonly control?: string;
}

/** `file:line:column: message`, the form editors and CI annotate. */
export function formatConfigError(error: ConfigError): string {
  return `${error.file}:${error.line}:${error.column}: ${error.message}`;
}

/**
 * Thrown by the loader when the file has mistakes: it holds all of them, in file order, so the
 * CLI can print every one (exit code 2) and write nothing.
 */
export class ConfigValidationError extends Error {
  /** Every mistake found, sorted by line and column. */
  public readonly errors: readonly ConfigError[];
  /** The file, as given to the loader. */
  public readonly file: string;

  constructor(file: string, errors: readonly ConfigError[]) {
    const count = errors.length === 1 ? '1 mistake' : `${errors.length} mistakes`;
    super(`${file}: ${count}\n${errors.map(formatConfigError).join('\n')}`);
    this.name = 'ConfigValidationError';
    this.file = file;
    this.errors = errors;
  }
}

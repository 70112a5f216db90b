/**
 * A mistake in how the CLI was called (bad option value, nothing to check, unwritable output):
 * printed as `pa-cloud-kit: <message>` with exit code 2, never with a stack trace.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Where the CLI writes, so tests can run it in-process and capture everything. */
export interface CliOutput {
  write(text: string): unknown;
}

/** The CLI's view of its process. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** stdout is a terminal: the text format is coloured (unless `NO_COLOR` is set). */
  readonly isTTY: boolean;
  /**
   * Directory relative paths are resolved against and reported relative to.
   * @default - the process's working directory
   */
  readonly cwd?: string;
  /**
   * Environment variables (`PA_CLOUD_KIT_DEBUG`, `NO_COLOR`).
   * @default - the process's environment
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Exit codes of every command. */
export enum ExitCode {
  /** Nothing fails (acknowledged failures do not count). */
  OK = 0,
  /** At least one control fails. */
  FAILED = 1,
  /** The input is unusable (missing, unreadable, malformed, unknown kind, bad option), or an internal error. */
  UNUSABLE = 2,
}

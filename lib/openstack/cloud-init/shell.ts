/**
 * Small, pure helpers shared by the renderers of this folder: shell quoting, systemd calendar
 * expressions for the policy's frequencies, and the escaping a rendered text needs before it
 * goes into a Terraform string such as `user_data`.
 */
import { Duration, Frequency, PaCloudKitError } from '../../core';

/** Quotes a value for a POSIX shell: single quotes, with embedded single quotes closed and reopened. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A systemd `OnCalendar=` expression for a job at this frequency. Daily and weekly jobs run at
 * 02:00 UTC (the timer unit sets the time zone), outside office hours of Italian PAs.
 */
export function onCalendar(frequency: Frequency): string {
  switch (frequency) {
    case Frequency.HOURLY: return '*-*-* *:00:00 UTC';
    case Frequency.DAILY: return '*-*-* 02:00:00 UTC';
    case Frequency.WEEKLY: return 'Sun *-*-* 02:00:00 UTC';
    case Frequency.MONTHLY: return '*-*-01 02:00:00 UTC';
    case Frequency.QUARTERLY: return '*-01,04,07,10-01 02:00:00 UTC';
  }
}

/** Whole seconds of a core duration (a month counts 30 days, as in the core). */
export function durationSeconds(duration: Duration): number {
  return duration.toHours() * 3600;
}

/** Names the kit substitutes into scripts: containers, regions, property keys. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/** Validates a name substituted into a rendered script, or throws naming the field. */
export function checkSafeName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !SAFE_NAME.test(value)) {
    throw new PaCloudKitError({
      field,
      value,
      rule: 'must be 1-255 letters, digits, dots, underscores or hyphens, starting with a letter or digit',
    });
  }
  return value;
}

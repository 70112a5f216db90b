import { PaCloudKitError } from './errors';

/** Units a {@link Duration} can be written in. */
export type DurationUnit = 'hours' | 'days' | 'months' | 'years';

const HOURS_PER_UNIT: Record<DurationUnit, number> = {
  hours: 1,
  days: 24,
  // A month counts as 30 days and a year as 365 days. Providers round up to the nearest value
  // they support (e.g. CloudWatch Logs keeps 12 months as 365 days), never down.
  months: 30 * 24,
  years: 365 * 24,
};

/**
 * A provider-neutral length of time. The core cannot use aws-cdk-lib's `Duration`, so it has its
 * own; the provider layers convert with {@link Duration.toDays} / {@link Duration.toHours}.
 */
export class Duration {
  public static hours(amount: number): Duration { return new Duration(amount, 'hours'); }
  public static days(amount: number): Duration { return new Duration(amount, 'days'); }
  public static months(amount: number): Duration { return new Duration(amount, 'months'); }
  public static years(amount: number): Duration { return new Duration(amount, 'years'); }

  /**
   * Parses `"30 days"`, `"6 months"`, `"1 year"`, `"4 hours"` (also `"30d"`, `"6mo"`, `"1y"`,
   * `"4h"`), or throws naming the field.
   */
  public static parse(value: unknown, field = 'duration'): Duration {
    if (value instanceof Duration) return value;
    const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
    const match = /^(\d+)\s*(h|hours?|d|days?|mo|months?|y|years?)$/.exec(text);
    if (!match) {
      throw new PaCloudKitError({
        field,
        value,
        rule: 'must be a whole number followed by a unit (hours, days, months or years), e.g. "18 months"',
      });
    }
    const amount = Number(match[1]);
    const unit = match[2];
    if (unit.startsWith('h')) return Duration.hours(amount);
    if (unit.startsWith('d')) return Duration.days(amount);
    if (unit.startsWith('mo')) return Duration.months(amount);
    return Duration.years(amount);
  }

  private constructor(public readonly amount: number, public readonly unit: DurationUnit) {
    if (!Number.isInteger(amount) || amount < 0) {
      throw new PaCloudKitError({ field: 'duration', value: amount, rule: 'must be a whole number of at least 0' });
    }
  }

  public toHours(): number { return this.amount * HOURS_PER_UNIT[this.unit]; }

  /** Whole days, rounded up. */
  public toDays(): number { return Math.ceil(this.toHours() / 24); }

  public compareTo(other: Duration): number { return this.toHours() - other.toHours(); }

  public isShorterThan(other: Duration): boolean { return this.compareTo(other) < 0; }

  public isLongerThan(other: Duration): boolean { return this.compareTo(other) > 0; }

  /** `"12 months"`, `"1 day"`. */
  public toString(): string {
    const unit = this.amount === 1 ? this.unit.slice(0, -1) : this.unit;
    return `${this.amount} ${unit}`;
  }

  public toJSON(): string { return this.toString(); }
}

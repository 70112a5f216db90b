import { Frequency } from '../../core';

/**
 * Cron fields of an AWS Backup schedule (the shape of `events.CronOptions`): a field left out is
 * `*`, except that exactly one of `day` and `weekDay` is set and the other becomes `?`.
 */
export interface CronFields {
  readonly minute: string;
  readonly hour: string;
  readonly day?: string;
  readonly month?: string;
  readonly weekDay?: string;
}

/** The schedule of a job that runs at `frequency`, starting at `hour`. */
export function cronFor(frequency: Frequency, hour: number): CronFields {
  const h = String(hour);
  switch (frequency) {
    case Frequency.HOURLY:
      return { minute: '0', hour: '*', day: '*' };
    case Frequency.DAILY:
      return { minute: '0', hour: h, day: '*' };
    case Frequency.WEEKLY:
      return { minute: '0', hour: h, weekDay: 'SUN' };
    case Frequency.MONTHLY:
      return { minute: '0', hour: h, day: '1' };
    case Frequency.QUARTERLY:
      return { minute: '0', hour: h, day: '1', month: '1,4,7,10' };
  }
}

/** `cron(0 3 * * ? *)`: the expression form AWS Backup takes. */
export function cronExpression(fields: CronFields): string {
  const day = fields.weekDay === undefined ? (fields.day ?? '*') : '?';
  const weekDay = fields.weekDay ?? '?';
  return `cron(${fields.minute} ${fields.hour} ${day} ${fields.month ?? '*'} ${weekDay} *)`;
}


/**
 * Reads the period of a recurring schedule, in hours: the longest gap between two runs, with a
 * month counted as 30 days (as the core's Duration does). Understands AWS `cron(...)` / `rate(...)`
 * expressions, five-field Unix cron lines and systemd `OnCalendar=` values. Returns undefined when
 * the expression cannot be read.
 */
export function schedulePeriodHours(expression: string): number | undefined {
  const text = expression.trim();
  const aws = /^cron\((.*)\)$/i.exec(text);
  if (aws) {
    const f = aws[1].trim().split(/\s+/);
    return f.length === 6 ? cronPeriod(f[0], f[1], f[2], f[3], f[4]) : undefined;
  }
  const rate = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/i.exec(text);
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2].toLowerCase();
    return unit.startsWith('minute') ? n / 60 : unit.startsWith('hour') ? n : n * 24;
  }
  const unix = text.split(/\s+/);
  if (unix.length === 5 && unix.every((p) => /^[\d*,/?A-Za-z-]+$/.test(p))) return cronPeriod(unix[0], unix[1], unix[2], unix[3], unix[4]);
  return onCalendarPeriod(text);
}

const NOMINAL: Readonly<Record<string, number>> = {
  minutely: 1 / 60,
  hourly: 1,
  daily: 24,
  weekly: 7 * 24,
  monthly: 30 * 24,
  quarterly: 90 * 24,
  'semi-annually': 180 * 24,
  semiannually: 180 * 24,
  yearly: 365 * 24,
  annually: 365 * 24,
};

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function cronPeriod(minute: string, hour: string, dom: string, month: string, dow: string): number | undefined {
  const months = gap(month, 1, 12, MONTH_NAMES, 1);
  if (months === null) return undefined;
  if (months !== undefined) return months * 30 * 24;
  const days = gap(dom, 1, 30, [], 1);
  if (days === null) return undefined;
  if (days !== undefined) return days * 24;
  const weekDays = gap(dow.replace(/#\d|L/g, ''), 0, 6, DAY_NAMES, 0);
  if (weekDays === null) return undefined;
  if (weekDays !== undefined) return weekDays * 24;
  const hours = gap(hour, 0, 23, [], 0);
  if (hours === null) return undefined;
  if (hours !== undefined) return hours;
  const minutes = gap(minute, 0, 59, [], 0);
  if (minutes === null) return undefined;
  return minutes === undefined ? 1 / 60 : minutes / 60;
}

/**
 * The longest cyclic gap between the values a field allows, in the field's unit; undefined when
 * the field is unrestricted (`*`, `?`), null when it cannot be read.
 */
function gap(field: string, min: number, max: number, names: readonly string[], nameBase: number): number | undefined | null {
  if (field === '*' || field === '?' || field === '') return undefined;
  const values = new Set<number>();
  const read = (v: string): number | undefined => {
    const i = names.indexOf(v.toUpperCase());
    if (i >= 0) return i + nameBase;
    return /^\d+$/.test(v) ? Number(v) : undefined;
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step <= 0) return null;
    let from: number | undefined;
    let to: number | undefined;
    if (range === '*') {
      from = min;
      to = max;
    } else if (range.includes('-') || range.includes('..')) {
      const [a, b] = range.split(/-|\.\./);
      from = read(a);
      to = read(b);
    } else {
      from = read(range);
      to = stepText === undefined ? from : max;
    }
    if (from === undefined || to === undefined) return null;
    for (let v = from; v <= to; v += step) values.add(Math.min(v, max));
  }
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const cycle = max - min + 1;
  let longest = sorted[0] + cycle - sorted[sorted.length - 1];
  for (let i = 1; i < sorted.length; i++) longest = Math.max(longest, sorted[i] - sorted[i - 1]);
  return longest;
}

/** systemd calendar events: `daily`, `*-*-* 01:00:00`, `Sun *-*-* 01:00`, `*-*-01 03:00:00`. */
function onCalendarPeriod(text: string): number | undefined {
  const named = NOMINAL[text.toLowerCase()];
  if (named !== undefined) return named;
  const parts = text.split(/\s+/);
  let dow = '*';
  if (parts.length > 0 && /^[A-Za-z]/.test(parts[0])) {
    dow = parts.shift()!.split(',').map((d) => d.slice(0, 3).toUpperCase()).join(',').replace(/\.\./g, '-');
  }
  let date = '*-*-*';
  let time = '00:00:00';
  for (const p of parts) {
    if (/^[A-Za-z_]+(\/[A-Za-z_]+)*$/.test(p)) continue; // a time zone: UTC, Europe/Rome
    if (p.includes(':')) time = p;
    else if (p.includes('-')) date = p;
    else return undefined;
  }
  const d = date.split('-');
  const t = time.split(':');
  if (d.length !== 3 || t.length < 2) return undefined;
  return cronPeriod(t[1], t[0], d[2].replace(/\.\./g, '-'), d[1].replace(/\.\./g, '-'), dow);
}

import { Duration, PaCloudKitError } from '../../lib/core';

describe('Duration', () => {
  test('converts units: a month is 30 days, a year 365 days', () => {
    expect(Duration.hours(36).toDays()).toBe(2);
    expect(Duration.days(2).toHours()).toBe(48);
    expect(Duration.months(6).toDays()).toBe(180);
    expect(Duration.years(1).toDays()).toBe(365);
  });

  test('compares across units', () => {
    expect(Duration.days(30).isShorterThan(Duration.months(6))).toBe(true);
    expect(Duration.months(24).isLongerThan(Duration.years(1))).toBe(true);
    expect(Duration.months(1).compareTo(Duration.days(30))).toBe(0);
  });

  test.each([
    ['30 days', 30],
    ['1 day', 1],
    ['6 months', 180],
    ['6mo', 180],
    ['2 years', 730],
    ['48h', 2],
    ['7d', 7],
  ])('parses %p', (text, days) => {
    expect(Duration.parse(text).toDays()).toBe(days);
  });

  test('renders singular and plural units', () => {
    expect(Duration.days(1).toString()).toBe('1 day');
    expect(Duration.months(12).toString()).toBe('12 months');
    expect(JSON.stringify({ d: Duration.hours(4) })).toBe('{"d":"4 hours"}');
  });

  test.each([['thirty days'], ['30'], ['-3 days'], ['1.5 days'], [30]])('rejects %p naming the field and the format', (value) => {
    expect(() => Duration.parse(value, 'overrides[0].value')).toThrow(PaCloudKitError);
    expect(() => Duration.parse(value, 'overrides[0].value')).toThrow(
      /^overrides\[0\]\.value: must be a whole number followed by a unit \(hours, days, months or years\)/,
    );
  });

  test('rejects negative and fractional amounts in code', () => {
    expect(() => Duration.days(-1)).toThrow('duration: must be a whole number of at least 0, got -1');
    expect(() => Duration.hours(1.5)).toThrow('duration: must be a whole number of at least 0, got 1.5');
  });
});

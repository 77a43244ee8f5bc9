/**
 * Durations in scenario files: a number in the field's default unit, or a string
 * with a unit: `30 min`, `2 h`, `1.5 hours`, `7 d`, `2 w`. Inside tiersim every
 * duration is in minutes.
 */

export type TimeUnit = 'min' | 'h' | 'd' | 'w';

const MINUTES: Record<string, number> = {
  min: 1, mins: 1, minute: 1, minutes: 1, m: 1,
  h: 60, hr: 60, hrs: 60, hour: 60, hours: 60,
  d: 1440, day: 1440, days: 1440,
  w: 10080, wk: 10080, week: 10080, weeks: 10080,
};

export const DURATION_PATTERN = '^\\s*[0-9]+(\\.[0-9]+)?\\s*(min|mins|minutes?|m|h|hrs?|hours?|d|days?|w|wk|weeks?)\\s*$';
const DURATION_RE = new RegExp(DURATION_PATTERN);

/** Parses a duration to minutes; returns NaN when the text is not a duration. */
export function parseDuration(value: number | string, defaultUnit: TimeUnit): number {
  if (typeof value === 'number') return value * MINUTES[defaultUnit];
  const m = DURATION_RE.exec(value);
  if (!m) return NaN;
  const num = Number.parseFloat(value);
  const unit = value.trim().replace(/^[0-9.]+\s*/, '');
  return num * MINUTES[unit];
}

/** `HH:MM` from `00:00` to `23:59`, or `24:00` (the end of the day). */
export const CLOCK_PATTERN = '^(([01]?[0-9]|2[0-3]):[0-5][0-9]|24:00)$';
const CLOCK_RE = new RegExp(CLOCK_PATTERN);

/** Parses `HH:MM` to minutes after midnight; NaN when malformed. `24:00` is allowed as end of day. */
export function parseClock(value: string): number {
  const text = value.trim();
  if (!CLOCK_RE.test(text)) return NaN;
  const [h, m] = text.split(':');
  return Number(h) * 60 + Number(m);
}

/** Minutes after midnight as `HH:MM`. */
export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes - h * 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Minutes in one `unit`. */
export function unitMinutes(unit: TimeUnit): number {
  return MINUTES[unit];
}

export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 10080;

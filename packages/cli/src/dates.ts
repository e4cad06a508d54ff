/**
 * `--start`, `--end`, `--timestamp`: ISO-8601 dates or date-times, read as UTC when they carry no
 * offset (as @iotile/stream does). Anything else is a usage error naming the option.
 */

import { UsageError } from './errors.js';

const DATE_HINT =
  'expected an ISO-8601 date such as 2024-01-31 or 2024-01-31T12:00:00Z (UTC unless an offset is given)';
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses `value` of option `name` (`--start`), or throws a `UsageError`. */
export function parseDateOption(name: string, value: string): Date {
  const text = value.trim();
  if (!ISO.test(text)) {
    throw new UsageError(`${name}: not a date: ${JSON.stringify(value)}`, DATE_HINT);
  }
  const withTime = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00` : text.replace(' ', 'T');
  const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(withTime) && /T.*(?:Z|[+-])/i.test(withTime);
  const date = new Date(hasOffset ? withTime : `${withTime}Z`);
  if (Number.isNaN(date.getTime()) || !fieldsInRange(text)) {
    throw new UsageError(`${name}: not a valid date: ${JSON.stringify(value)}`, DATE_HINT);
  }
  return date;
}

/** Month, day, hours, minutes and seconds in range (`new Date` would roll 2024-02-30 over to March). */
function fieldsInRange(text: string): boolean {
  const [, year, month, day, hours = '0', minutes = '0', seconds = '0'] =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/i.exec(text) ?? [];
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  return (
    Number(month) >= 1 &&
    Number(month) <= 12 &&
    Number(day) >= 1 &&
    Number(day) <= daysInMonth &&
    Number(hours) <= 23 &&
    Number(minutes) <= 59 &&
    Number(seconds) <= 59
  );
}

/** Checks `--start` < `--end` when both are given. */
export function checkWindow(start: Date | undefined, end: Date | undefined): void {
  if (start !== undefined && end !== undefined && start.getTime() >= end.getTime()) {
    throw new UsageError(
      `--start (${start.toISOString()}) must be before --end (${end.toISOString()})`,
      'points are selected with start <= timestamp < end',
    );
  }
}

/** An integer option (`--lastn`, `--port`, ...) within `min..max`, or a `UsageError` with `hint`. */
export function parseIntegerOption(
  name: string,
  value: string,
  min: number,
  max: number,
  hint: string,
): number {
  const number = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new UsageError(
      `${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
      hint,
    );
  }
  return number;
}

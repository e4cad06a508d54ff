/**
 * Python's `datetime_to_str`: the `YYYY-MM-DDTHH:MM:SSZ` form the server uses for stream data and
 * accepts everywhere a datetime is expected (second precision, UTC, literal `Z`).
 */

import { describeInput } from './internal/checks.js';
import { formatServerTime, invalidDate } from './server-time.js';

/** ISO-8601 dates and datetimes: optional time, seconds, fraction and offset (`Z`, `±HH`, `±HHMM`, `±HH:MM`). */
const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

/**
 * Formats a date as `YYYY-MM-DDTHH:MM:SSZ` in UTC (fractions of a second are dropped).
 *
 * Accepts a `Date` or an ISO-8601 string. A string without an offset is read as UTC, as the server
 * reads naive datetimes (JavaScript's `Date.parse` would read it as local time). Anything else, an
 * invalid `Date`, or an impossible date such as `2021-02-30` throws `InvalidInputError`.
 */
export function datetimeToStr(date: Date | string): string {
  const parsed = parseIsoDate(date);
  if ('reason' in parsed) {
    throw invalidDate(parsed.reason);
  }
  return formatServerTime(parsed.ms);
}

/**
 * The one date reader of the `@iotile/*` packages: a `Date`, or an ISO-8601 string read as UTC when it
 * has no offset. Resolves the exact time in ms, or why the value is not a date (for the caller's own
 * input error, which names its parameter).
 */
export function parseIsoDate(date: unknown): { ms: number } | { reason: string } {
  let value: Date;
  if (date instanceof Date) {
    value = date;
  } else if (typeof date === 'string') {
    const parsed = parseIsoUtc(date);
    if (typeof parsed === 'string') {
      return { reason: parsed };
    }
    value = parsed;
  } else {
    return { reason: `expected a Date or an ISO-8601 string, got ${describeInput(date)}` };
  }
  const ms = value.getTime();
  return Number.isNaN(ms) ? { reason: 'invalid Date' } : { ms };
}

/** The instant of an ISO-8601 string (UTC unless it says otherwise), or why it is not one. */
function parseIsoUtc(text: string): Date | string {
  const match = ISO_DATETIME.exec(text.trim());
  if (!match) {
    return `${describeInput(text)} is not an ISO-8601 date or datetime`;
  }
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map((field) => (field === undefined ? 0 : Number(field))) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const sign = match[8] === '-' ? -1 : 1;
  const offsetMinutes = sign * (Number(match[9] ?? 0) * 60 + Number(match[10] ?? 0));
  // Date.UTC rolls impossible fields over (Feb 30 → Mar 2); compare to catch that.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  const valid =
    calendar.getUTCFullYear() === year &&
    calendar.getUTCMonth() === month - 1 &&
    calendar.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    Math.abs(offsetMinutes) <= 18 * 60;
  if (!valid) {
    return `invalid date ${describeInput(text)}`;
  }
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000);
}

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
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(`${name}: not a valid date: ${JSON.stringify(value)}`, DATE_HINT);
  }
  return date;
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

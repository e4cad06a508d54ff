/**
 * The server's datetime form (`YYYY-MM-DDTHH:MM:SSZ`) of an instant: what `datetimeToStr` returns and
 * what a `Date` in a query is sent as. Apart from datetime.ts, whose ISO-8601 reader a query never
 * needs.
 */

import { InvalidInputError } from './errors.js';

/** `ms` (since the epoch) as `YYYY-MM-DDTHH:MM:SSZ`, in UTC; fractions of a second are dropped. */
export function formatServerTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The input error of `datetimeToStr()` (and of a `Date` in a query) that says why. */
export function invalidDate(reason: string): InvalidInputError {
  return new InvalidInputError(`datetimeToStr(): ${reason}`, { param: 'date' });
}

/** A `Date` in the server's form; an invalid `Date` is `datetimeToStr`'s input error. */
export function dateToServerTime(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) {
    throw invalidDate('invalid Date');
  }
  return formatServerTime(ms);
}

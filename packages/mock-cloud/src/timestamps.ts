/**
 * Date handling. Internally every instant is a number of MICROseconds since the epoch (the server stores
 * microsecond precision, and filters compare at that precision); outputs use the real server's formats.
 */

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function build(m: RegExpExecArray): number | null {
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? '0');
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  if (year < 1) {
    return null; // Python's datetime starts at year 1
  }
  // Not Date.UTC: it reads years 0..99 as 1900..1999.
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, day);
  check.setUTCHours(hour, minute, second, 0);
  const ms = check.getTime();
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) {
    return null;
  }
  let us = ms * 1000 + (frac ? Number(frac.slice(0, 6).padEnd(6, '0')) : 0);
  if (tz && tz.toUpperCase() !== 'Z') {
    const sign = tz.startsWith('-') ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
    us -= sign * offsetMin * 60_000_000;
  }
  return us;
}

/**
 * django-filter's `IsoDateTimeFilter`: a full ISO-8601 date and time, offsets and fractions allowed, naive
 * values taken as UTC. Date-only strings are rejected. Returns null when invalid.
 */
export function parseIsoDateTime(text: string): number | null {
  const m = ISO.exec(text.trim());
  return m ? build(m) : null;
}

/** Django `parse_datetime` with the date-only fallback the stream-data and `/df/` views use. */
export function parseLenientDateTime(text: string): number | null {
  const full = parseIsoDateTime(text);
  if (full !== null) {
    return full;
  }
  const d = DATE_ONLY.exec(text.trim());
  if (!d) {
    return null;
  }
  return parseIsoDateTime(`${d[1]}-${d[2]}-${d[3]}T00:00:00Z`);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function parts(us: number): { date: Date; micro: number } {
  return { date: new Date(Math.floor(us / 1000)), micro: ((us % 1_000_000) + 1_000_000) % 1_000_000 };
}

function base(date: Date): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  );
}

/** `2017-04-11T20:37:29Z`: the format of stream data timestamps (second precision, literal Z). */
export function formatSecondsZ(us: number): string {
  return `${base(parts(us).date)}Z`;
}

/** DRF's default datetime output: `2017-03-28T22:34:36.069800Z`, the fraction only when non-zero. */
export function formatDrf(us: number): string {
  const { date, micro } = parts(us);
  return micro === 0 ? `${base(date)}Z` : `${base(date)}.${pad(micro, 6)}Z`;
}

/** The pandas-style timestamp `/df/` writes in CSV rows: `2017-04-11 20:37:29+00:00` (fraction when non-zero). */
export function formatPandas(us: number): string {
  const { date, micro } = parts(us);
  return `${base(date).replace('T', ' ')}${micro === 0 ? '' : `.${pad(micro, 6)}`}+00:00`;
}

export function microsFromMillis(ms: number): number {
  return ms * 1000;
}

/**
 * `formatSecondsZ` for many timestamps in a row (a page of stream data): the date part is computed once per
 * day, the time part by arithmetic. Same output as `formatSecondsZ`.
 */
export class SecondsZFormatter {
  private day = Number.NaN;
  private prefix = '';

  format(us: number): string {
    const seconds = Math.floor(us / 1_000_000);
    const day = Math.floor(seconds / 86_400);
    if (day !== this.day) {
      this.day = day;
      this.prefix = formatSecondsZ(day * 86_400_000_000).slice(0, 11);
    }
    const inDay = seconds - day * 86_400;
    const h = Math.floor(inDay / 3600);
    const m = Math.floor((inDay % 3600) / 60);
    const s = inDay % 60;
    return `${this.prefix}${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s}Z`;
  }
}

/**
 * A stream's data as the web app's helpers serve it: `/stream/{slug}/csv/` (an attachment `<slug>.csv`,
 * `Timestamp,Value` rows from the stored points, the value through the stream's output unit) and the jQuery
 * DataTables pages `/stream/{slug}/datatable/` (points) and `/stream/{slug}/eventtable/` (events, with
 * `extra_data` as Python prints a dict). Values are written as Python writes them (`5.0`, `1e-05`).
 */
import type { Schema } from '../api-types.js';
import type { MockRequest, Reply } from '../http.js';
import type { DataPoint } from '../points.js';
import type { Env } from '../router.js';
import { select } from '../selection.js';
import { type OutputConversion, outputConversion, streamDataPoint, unitMdo } from '../serializers.js';
import type { Obj } from '../store.js';
import { formatDrf, parseIsoDateTime, parseLenientDateTime } from '../timestamps.js';
import { serverError } from './scope.js';

/** Python's `repr` of a float: shortest digits, `.0` on integers, exponents outside 1e-4 <= |v| < 1e16. */
export function pyFloat(v: number): string {
  if (!Number.isFinite(v)) {
    return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  }
  if (v === 0) {
    return Object.is(v, -0) ? '-0.0' : '0.0';
  }
  const [mantissa, expText] = v.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp >= -4 && exp < 16) {
    const fixed = String(v);
    return fixed.includes('.') ? fixed : `${fixed}.0`;
  }
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Python's `repr` of a string: single quotes unless the text has one and no double quote. */
function pyString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\') {
      out += '\\\\';
    } else if (ch === quote) {
      out += `\\${ch}`;
    } else if (ch === '\n') {
      out += '\\n';
    } else if (ch === '\r') {
      out += '\\r';
    } else if (ch === '\t') {
      out += '\\t';
    } else if (code < 0x20 || code === 0x7f) {
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    } else {
      out += ch;
    }
  }
  return out + quote;
}

/** `str()` of a JSON value as Python holds it (`{'peak': 3.5, 'ok': True}`); integral numbers as ints. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) {
    return 'None';
  }
  if (typeof v === 'boolean') {
    return v ? 'True' : 'False';
  }
  if (typeof v === 'number') {
    return Number.isInteger(v) ? String(v) : pyFloat(v);
  }
  if (typeof v === 'string') {
    return pyString(v);
  }
  if (Array.isArray(v)) {
    return `[${v.map(pyRepr).join(', ')}]`;
  }
  return `{${Object.entries(v as Obj)
    .map(([k, x]) => `${pyString(k)}: ${pyRepr(x)}`)
    .join(', ')}}`;
}

/** The slug whose data a stream shows: its `derived_stream`, else its own. */
export function dataSlugOf(stream: Obj): string {
  return typeof stream.derived_stream === 'string' ? stream.derived_stream : String(stream.slug);
}

/** `lastn` on the stream views: non-integers ignored, < 1 is 1, > 10000 is 100000 (sic, server code). */
export function lenientLastn(raw: string | null): number | null {
  if (raw === null || !/^\s*[-+]?\d+\s*$/.test(raw)) {
    return null;
  }
  const n = Number.parseInt(raw, 10);
  return n < 1 ? 1 : n > 10000 ? 100000 : n;
}

/** The stored points of a stream's data, with `start`, `end` and `lastn` as the stream views read them. */
function selectedPoints(req: MockRequest, env: Env, stream: Obj): DataPoint[] {
  const slug = dataSlugOf(stream);
  const source = env.store.pointsOf(slug);
  const lenient = (key: string) => {
    const raw = req.query.get(key);
    return raw ? parseLenientDateTime(raw) : null;
  };
  const selection = select(source ? [{ slug, source }] : [], {
    start: lenient('start'),
    end: lenient('end'),
    lastn: lenientLastn(req.query.get('lastn')),
    order: 'timestamp',
  });
  return [...selection.rows(0, selection.count)].map((row) => row.point);
}

/** `YYYY/MM/DD HH:MM:SS` in UTC (the server's time zone). */
function csvTime(us: number): string {
  return formatDrf(Math.floor(us / 1_000_000) * 1_000_000)
    .slice(0, 19)
    .replace(/-/g, '/')
    .replace('T', ' ');
}

/** `GET /stream/{slug}/csv/`: the attachment, sent with Django's default content type as the server does. */
export function streamCsv(req: MockRequest, env: Env, stream: Obj): Reply<200, never> {
  const conversion = outputConversion(stream, env.store);
  // Without an output unit (here or on the stream it derives from) the server writes the integer itself.
  const converts = unitMdo(stream.output_unit) !== null || typeof stream.derived_stream === 'string';
  const lines = ['Timestamp,Value'];
  for (const p of selectedPoints(req, env, stream)) {
    // The server converts `int_value` (not `value`) for this file.
    const value =
      p.intValue === null
        ? ''
        : converts
          ? pyFloat(conversion.apply(p.intValue) as number)
          : String(p.intValue);
    lines.push(`${csvTime(p.timestamp)},${value}`);
  }
  return {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-disposition': `attachment; filename="${String(stream.slug)}.csv"`,
    },
    body: `${lines.map((l) => `${l}\r\n`).join('')}`,
  };
}

/** An integer query parameter the way `int(request.GET[...])` reads it: anything else fails (500). */
function intArg(req: MockRequest, key: string, fallback: number): number {
  const raw = req.query.get(key);
  if (raw === null) {
    return fallback;
  }
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) {
    throw serverError(`invalid literal for int() with base 10: '${raw}'`);
  }
  return Number.parseInt(raw, 10);
}

/**
 * The page of a DataTables request (`start`, `length`, `order[0][column]`, `order[0][dir]`): the rows
 * ordered by the column, then page `start / length + 1` of `length` rows (`-1`: all). A page past the end
 * fails in Django's paginator (500), as on the server.
 */
function dataTablePage<Row>(
  req: MockRequest,
  rows: Row[],
  columns: ReadonlyArray<(row: Row) => number | string>,
): Row[] {
  const length = intArg(req, 'length', 1);
  const start = intArg(req, 'start', 1);
  const column = intArg(req, 'order[0][column]', 0);
  // Python indexes the column list: negative numbers count from the end.
  const key = columns.at(column);
  if (!key) {
    throw serverError('list index out of range');
  }
  const desc = req.query.get('order[0][dir]') === 'desc';
  const sorted = [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const c = x < y ? -1 : x > y ? 1 : 0;
    return desc ? -c : c;
  });
  if (length === -1) {
    return sorted;
  }
  if (length <= 0) {
    throw serverError(length === 0 ? 'division by zero' : 'That page number is less than 1');
  }
  const page = Math.floor(start / length) + 1;
  const pages = Math.max(1, Math.ceil(sorted.length / length));
  if (page < 1 || page > pages) {
    throw serverError(page < 1 ? 'That page number is less than 1' : 'That page contains no results');
  }
  return sorted.slice((page - 1) * length, page * length);
}

/** `sEcho` and `draw` echoed as given, then the counts and the rows. */
function dataTable(
  req: MockRequest,
  total: number,
  data: Array<Record<string, unknown>>,
): Schema<'DataTablePage'> {
  const out: Schema<'DataTablePage'> = { recordsTotal: total, recordsFiltered: total, data };
  const result: Record<string, unknown> = {};
  const echo = req.query.get('sEcho');
  if (echo !== null) {
    result.sEcho = echo;
  }
  const draw = req.query.get('draw');
  if (draw !== null) {
    result.draw = draw;
  }
  return { ...result, ...out } as Schema<'DataTablePage'>;
}

/** `GET /stream/{slug}/datatable/`: every point of the stream's data (the data mask aside), paged. */
export function streamDataTable(req: MockRequest, env: Env, stream: Obj): Schema<'DataTablePage'> {
  const source = env.store.pointsOf(dataSlugOf(stream));
  const points: DataPoint[] = [];
  for (let i = 0; i < (source?.length ?? 0); i++) {
    points.push((source as NonNullable<typeof source>).pointAt(i));
  }
  const page = dataTablePage(req, points, [
    (p) => p.timestamp,
    (p) => p.intValue ?? Number.NEGATIVE_INFINITY,
  ]);
  const conversion: OutputConversion = outputConversion(stream, env.store);
  return dataTable(
    req,
    points.length,
    page.map((p) => streamDataPoint(p, conversion)),
  );
}

/** `GET /stream/{slug}/eventtable/`: every event of the stream's data, `{timestamp, extra_data}` rows. */
export function streamEventTable(req: MockRequest, env: Env, stream: Obj): Schema<'DataTablePage'> {
  const slug = dataSlugOf(stream);
  const events = [...env.store.events.values()]
    .filter((e) => e.stream === slug)
    .map((e) => ({ e, us: parseIsoDateTime(String(e.timestamp)) ?? 0 }));
  const page = dataTablePage(req, events, [(r) => r.us, (r) => JSON.stringify(r.e.extra_data ?? null)]);
  return dataTable(
    req,
    events.length,
    page.map((r) => ({ timestamp: formatDrf(r.us), extra_data: pyRepr(r.e.extra_data ?? null) })),
  );
}

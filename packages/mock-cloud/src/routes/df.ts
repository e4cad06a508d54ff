/**
 * `/df/`: the data of the streams a `filter` selects as one table (rest-pandas): CSV by default (also for
 * `Accept: *\/*` or none), JSON in pandas' orients, or text. Not paginated. Values are floats, written the
 * way pandas writes them (`100.0`).
 */
import { detail, HttpError, json, type MockRequest, text } from '../http.js';
import type { DataPoint } from '../points.js';
import type { Env, Router } from '../router.js';
import { select } from '../selection.js';
import { type OutputConversion, outputConversion } from '../serializers.js';
import { formatPandas, parseLenientDateTime } from '../timestamps.js';
import { selectedDataStreams } from './filters.js';

type Format = 'csv' | 'json' | 'txt';

function chooseFormat(req: MockRequest): Format {
  const explicit = req.query.get('format');
  if (explicit === 'csv' || explicit === 'json' || explicit === 'txt') {
    return explicit;
  }
  if (explicit) {
    throw detail(404, 'Not found.');
  }
  const accept = (req.headers.accept ?? '*/*')
    .split(',')
    .map((s) => s.split(';')[0]?.trim().toLowerCase() ?? '');
  for (const type of accept) {
    if (type === 'text/csv' || type === '*/*' || type === 'text/*' || type === '') {
      return 'csv';
    }
    if (type === 'application/json' || type === 'application/*') {
      return 'json';
    }
    if (type === 'text/plain') {
      return 'txt';
    }
  }
  throw detail(406, 'Could not satisfy the request Accept header.');
}

/** Python's float repr for the common cases: integers get `.0`. */
function pyFloat(v: number | null): string {
  if (v === null) {
    return '';
  }
  return Number.isInteger(v) && Math.abs(v) < 1e16 ? `${v}.0` : String(v);
}

interface Row {
  ts: number;
  slug: string;
  point: DataPoint;
  value: number | null;
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function isoMillis(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString();
}

export function dfRoutes(router: Router): void {
  router.add('/df/', {
    GET: (req, env: Env) => {
      const format = chooseFormat(req);
      const lenient = (key: string) => {
        const raw = req.query.get(key);
        return raw ? parseLenientDateTime(raw) : null;
      };
      const filter = req.query.get('filter');
      const slugs = selectedDataStreams(env, filter, 'sdb');
      const applyMdo = req.query.get('apply_mdo') === '1';
      const extended = req.query.get('extended') === '1';
      const pivot = req.query.get('pivot') === '1';
      const selection = select(
        slugs.map((slug) => ({
          slug,
          source: env.store.pointsOf(slug) as NonNullable<ReturnType<typeof env.store.pointsOf>>,
        })),
        { start: lenient('start'), end: lenient('end'), order: 'timestamp' },
      );
      const rows: Row[] = [];
      const conversions = new Map<string, OutputConversion>();
      for (const { point, slug } of selection.rows(0, selection.count)) {
        let conversion = conversions.get(slug);
        if (applyMdo && !conversion) {
          conversion = outputConversion(env.store.streams.get(slug), env.store);
          conversions.set(slug, conversion);
        }
        const value = conversion ? conversion.apply(point.value) : point.value;
        rows.push({ ts: point.timestamp, slug, point, value });
      }
      const valueColumn =
        filter?.startsWith('s--') && slugs[0] !== undefined && !env.store.streams.has(slugs[0])
          ? 'int_value'
          : 'value';

      let columns: string[];
      let table: Array<Array<string | number | null>>;
      if (pivot) {
        const streams = [...new Set(rows.map((r) => r.slug))].sort();
        const byTime = new Map<number, Map<string, number | null>>();
        for (const r of rows) {
          const cells = byTime.get(r.ts) ?? new Map<string, number | null>();
          cells.set(r.slug, r.value);
          byTime.set(r.ts, cells);
        }
        columns = ['row', ...streams];
        table = [...byTime.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([ts, cells]) => [ts, ...streams.map((s) => cells.get(s) ?? null)]);
      } else {
        columns = [
          'row',
          valueColumn,
          'stream_slug',
          ...(extended ? ['device_timestamp', 'streamer_local_id'] : []),
        ];
        table = rows.map((r) => [
          r.ts,
          r.value,
          r.slug,
          ...(extended ? [r.point.deviceTimestamp, r.point.streamerLocalId] : []),
        ]);
      }

      if (format === 'json') {
        const epoch = req.query.get('date_format') === 'epoch';
        const ts = (us: number) => (epoch ? Math.floor(us / 1000) : isoMillis(us));
        const records = table.map((cells) =>
          Object.fromEntries(columns.map((c, i) => [c, i === 0 ? ts(cells[0] as number) : cells[i]])),
        );
        const orient = req.query.get('orient') ?? 'records-index';
        switch (orient) {
          case 'records-index':
            return json(200, records);
          case 'records':
            return json(
              200,
              records.map(({ row: _row, ...rest }) => rest),
            );
          case 'values':
            return json(
              200,
              table.map((cells) => cells.slice(1)),
            );
          case 'split':
            return json(200, {
              columns: columns.slice(1),
              index: table.map((c) => ts(c[0] as number)),
              data: table.map((c) => c.slice(1)),
            });
          case 'index':
            return json(200, Object.fromEntries(records.map(({ row, ...rest }) => [String(row), rest])));
          case 'columns':
            return json(
              200,
              Object.fromEntries(
                columns
                  .slice(1)
                  .map((c, i) => [
                    c,
                    Object.fromEntries(table.map((cells) => [String(ts(cells[0] as number)), cells[i + 1]])),
                  ]),
              ),
            );
          case 'table':
            return json(200, {
              schema: { fields: columns.map((name) => ({ name })), primaryKey: ['row'] },
              data: records,
            });
          default:
            throw new HttpError(400, `Error: unknown orient "${orient}"`, {});
        }
      }
      const lines = [columns.join(',')];
      for (const cells of table) {
        lines.push(
          cells
            .map((cell, i) => {
              if (i === 0) {
                return formatPandas(cell as number);
              }
              if (typeof cell === 'number') {
                return columns[i] === 'device_timestamp' || columns[i] === 'streamer_local_id'
                  ? String(cell)
                  : pyFloat(cell);
              }
              return cell === null ? '' : csvCell(String(cell));
            })
            .join(','),
        );
      }
      return text(
        200,
        format === 'csv' ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8',
        `${lines.join('\n')}\n`,
      );
    },
  });
}

/**
 * Output formats for lists of records, written as the records arrive (pages are never gathered):
 * `table` (aligned columns; widths from the first rows), `json` (one array), `ndjson` (one object per
 * line) and `csv` (RFC 4180, the table's columns).
 */

import type { TextOutput } from './output.js';

export const FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** A column of a table or CSV: a header and how to read the cell from a record. */
export interface Column<T> {
  header: string;
  value: (record: T) => unknown;
}

export interface RecordWriter<T> {
  write(record: T): Promise<void>;
  /** Writes what is buffered and the closing text; resolves the number of records. */
  end(): Promise<number>;
}

/** How many rows a table reads before it fixes its column widths. */
export const TABLE_WIDTH_ROWS = 200;

/** The text of a cell: '' for null/undefined, JSON for objects, the string otherwise. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'object') {
    return value instanceof Date ? value.toISOString() : JSON.stringify(value);
  }
  return String(value);
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF. */
export function csvCell(value: unknown): string {
  const text = cellText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function createRecordWriter<T>(
  format: Format,
  columns: readonly Column<T>[],
  out: TextOutput,
  options: { json?: (record: T) => unknown } = {},
): RecordWriter<T> {
  const toJson = options.json ?? ((record: T) => record);
  let count = 0;
  switch (format) {
    case 'json':
      return {
        async write(record) {
          await out.write(`${count === 0 ? '[\n' : ',\n'}  ${JSON.stringify(toJson(record))}`);
          count++;
        },
        async end() {
          await out.write(count === 0 ? '[]\n' : '\n]\n');
          return count;
        },
      };
    case 'ndjson':
      return {
        async write(record) {
          await out.write(`${JSON.stringify(toJson(record))}\n`);
          count++;
        },
        async end() {
          return count;
        },
      };
    case 'csv':
      return {
        async write(record) {
          if (count === 0) {
            await out.write(`${columns.map((column) => csvCell(column.header)).join(',')}\n`);
          }
          await out.write(`${columns.map((column) => csvCell(column.value(record))).join(',')}\n`);
          count++;
        },
        async end() {
          if (count === 0) {
            await out.write(`${columns.map((column) => csvCell(column.header)).join(',')}\n`);
          }
          return count;
        },
      };
    case 'table':
      return new TableWriter(columns, out);
  }
}

/**
 * Aligned columns. The first `TABLE_WIDTH_ROWS` rows are held to size the columns; later rows use
 * those widths (a longer cell just pushes its line), so a long list still streams.
 */
class TableWriter<T> implements RecordWriter<T> {
  readonly #columns: readonly Column<T>[];
  readonly #out: TextOutput;
  #held: string[][] | undefined = [];
  #widths: number[] = [];
  #count = 0;

  constructor(columns: readonly Column<T>[], out: TextOutput) {
    this.#columns = columns;
    this.#out = out;
  }

  async write(record: T): Promise<void> {
    const cells = this.#columns.map((column) => cellText(column.value(record)).replace(/[\r\n\t]+/g, ' '));
    this.#count++;
    if (this.#held) {
      this.#held.push(cells);
      if (this.#held.length >= TABLE_WIDTH_ROWS) {
        await this.#flushHeld();
      }
      return;
    }
    await this.#out.write(`${this.#line(cells)}\n`);
  }

  async end(): Promise<number> {
    if (this.#held) {
      await this.#flushHeld();
    }
    return this.#count;
  }

  async #flushHeld(): Promise<void> {
    const held = this.#held ?? [];
    this.#held = undefined;
    if (held.length === 0) {
      return; // an empty list prints nothing (the command says so on stderr)
    }
    const headers = this.#columns.map((column) => column.header);
    this.#widths = headers.map((header, i) =>
      Math.max(header.length, ...held.map((row) => (row[i] ?? '').length)),
    );
    let text = `${this.#line(headers)}\n`;
    for (const row of held) {
      text += `${this.#line(row)}\n`;
    }
    await this.#out.write(text);
  }

  #line(cells: readonly string[]): string {
    return cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(this.#widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  }
}

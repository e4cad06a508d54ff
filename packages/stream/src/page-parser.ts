/**
 * An incremental parser for one DRF page body (`{"count":…,"next":…,"previous":…,"results":[…]}`),
 * fed the bytes of the response as they arrive. It turns each chunk's complete rows into points with
 * one native `JSON.parse`, so a 20,000-point page never exists as one 3 MB string (which V8 puts in its
 * large-object space, freed only by full collections) and its points are created a few hundred at a
 * time, just before they are used.
 *
 * How a chunk is cut into complete rows, without scanning it in JavaScript:
 * - Row boundaries are found from the end of the chunk: the last `{` whose preceding non-blank bytes
 *   are `,` and `}` (DRF's renderer is compact, `},{`, but blanks are allowed). Only the bytes up to
 *   that `,` are parsed; the rest waits for the next chunk. The cut is at an ASCII byte, so the UTF-8
 *   text on both sides is complete and decoded without a streaming decoder.
 * - Such a boundary can also appear inside a string value (`"a},{b"`). Parsing from a real row start
 *   up to a position inside a string always leaves an unterminated string, and up to a `},{` nested
 *   inside a row leaves an unclosed row: either way `JSON.parse` fails. A failure switches that chunk
 *   to a small JSON-aware scanner (strings, escapes, depth) that finds the real last boundary. A wrong
 *   point is never produced: a successful parse proves the cut was a real one.
 * - The envelope (`count`, `next`, `previous`) comes before `"results":[` in DRF output and is read
 *   from that prefix. A body of any other shape (results first, pretty-printed envelope that cannot
 *   be read this way) is buffered and parsed whole at the end: slower, never wrong.
 *
 * A body that ends before the page is complete is a `PageBodyError` with reason `truncated` (the page
 * can be requested again); one that is not a page is reason `malformed`.
 */

/** The envelope of a DRF page. */
export interface PageEnvelope {
  count: number;
  next: string | null;
  previous: string | null;
}

/**
 * A page body that ended too early (`truncated`), is not a DRF page (`malformed`), or passed a size
 * limit (`too-large`: the whole page, or one row, which is all the parser ever holds).
 */
export class PageBodyError extends Error {
  readonly reason: 'truncated' | 'malformed' | 'too-large';
  /** For `too-large`: what passed its limit, the limit, and the bytes held then. */
  readonly limit: { unit: 'page' | 'row'; bytes: number; held: number } | undefined;

  constructor(
    reason: 'truncated' | 'malformed' | 'too-large',
    message: string,
    options: { cause?: unknown; limit?: { unit: 'page' | 'row'; bytes: number; held: number } } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PageBodyError';
    this.reason = reason;
    this.limit = options.limit;
  }
}

/** How much a parser may take in: the bytes of the whole page, and the bytes it holds unparsed (a row). */
export interface PageLimits {
  maxPageBytes: number;
  maxRowBytes: number;
}

const NO_LIMITS: PageLimits = {
  maxPageBytes: Number.POSITIVE_INFINITY,
  maxRowBytes: Number.POSITIVE_INFINITY,
};

/** Bytes before `"results"` after which the envelope is given up on (DRF's is a few hundred bytes). */
const MAX_PREFIX_BYTES = 64 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/** `"results"` in ASCII. */
const RESULTS_KEY = Uint8Array.from('"results"', (char) => char.charCodeAt(0));

const EMPTY_BYTES = new Uint8Array(0);

function isBlank(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function skipBlanks(bytes: Uint8Array, from: number): number {
  let i = from;
  while (isBlank(bytes[i])) {
    i++;
  }
  return i;
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

type State = 'prefix' | 'rows' | 'tail' | 'whole' | 'done';

export class PageParser<Item = unknown> {
  /** Set once the envelope has been read (before the first point, unless the body is parsed whole). */
  envelope: PageEnvelope | undefined;
  /** Points produced so far. */
  itemCount = 0;
  /** Bytes received so far. */
  byteCount = 0;

  #state: State = 'prefix';
  /** The bytes before the results (grown by doubling: chunks may be tiny). */
  #prefixBytes = new Uint8Array(1024);
  #prefixLength = 0;
  /** Where the search for `"results"` resumes (the candidates before it were ruled out). */
  #searchFrom = -1;
  /** Bytes not parsed yet: a whole body, the start of an incomplete row, or the tail. */
  #pending: Uint8Array[] = [];
  #pendingLength = 0;
  // ignoreBOM: a U+FEFF inside a value must be kept; the body's own BOM is removed by hand.
  readonly #decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  readonly #limits: PageLimits;

  /**
   * `limits`: the most bytes a page may have, and the most the parser holds unparsed while in the
   * results (one row, or blanks between rows; the whole body when it has to be parsed whole).
   */
  constructor(limits: PageLimits = NO_LIMITS) {
    this.#limits = limits;
  }

  /** Feeds the next bytes of the body; returns the points they completed (often none for tiny chunks). */
  push(chunk: Uint8Array): Item[] {
    this.byteCount += chunk.length;
    if (this.byteCount > this.#limits.maxPageBytes) {
      throw this.#tooLarge('page', this.#limits.maxPageBytes, this.byteCount);
    }
    let items: Item[];
    switch (this.#state) {
      case 'rows':
        items = this.#rows(chunk);
        break;
      case 'prefix':
        this.#appendPrefix(chunk);
        items = this.#prefix(false);
        break;
      case 'whole':
        this.#keep(chunk);
        return [];
      case 'tail':
        this.#keep(chunk);
        items = [];
        break;
      default:
        throw new PageBodyError('malformed', 'data after the end of the page');
    }
    // What is held unparsed in the results is one row (or blanks): a row this large is not a point.
    if (this.#pendingLength > this.#limits.maxRowBytes && (this.#state as State) !== 'whole') {
      throw this.#tooLarge('row', this.#limits.maxRowBytes, this.#pendingLength);
    }
    return items;
  }

  #tooLarge(unit: 'page' | 'row', bytes: number, held: number): PageBodyError {
    return new PageBodyError(
      'too-large',
      unit === 'page'
        ? `the page is larger than ${bytes} bytes`
        : `a row of the results (or the blanks after it) is larger than ${bytes} bytes`,
      { limit: { unit, bytes, held } },
    );
  }

  /** The body ended: returns the last points, or throws `PageBodyError` if the page is not complete. */
  end(): Item[] {
    let items: Item[] = [];
    if (this.#state === 'prefix') {
      items = this.#prefix(true);
    }
    if (this.#state === 'rows') {
      const last = this.#scanRows();
      if (this.#state === 'rows') {
        throw new PageBodyError('truncated', 'the body ended inside the results');
      }
      items = items.length === 0 ? last : items.concat(last);
    }
    if (this.#state === 'whole') {
      items = this.#whole();
    } else if (this.#state === 'tail') {
      this.#checkTail();
    }
    this.#state = 'done';
    return items;
  }

  #keep(chunk: Uint8Array): void {
    if (chunk.length > 0) {
      this.#pending.push(chunk);
      this.#pendingLength += chunk.length;
    }
  }

  /** The pending bytes as one array (and cleared). */
  #takePending(): Uint8Array {
    const parts = this.#pending;
    const length = this.#pendingLength;
    this.#pending = [];
    this.#pendingLength = 0;
    if (parts.length === 1) {
      return parts[0] as Uint8Array;
    }
    const joined = new Uint8Array(length);
    let offset = 0;
    for (const part of parts) {
      joined.set(part, offset);
      offset += part.length;
    }
    return joined;
  }

  /**
   * Looks for `"results":[` after an envelope (a `"results"` followed by `:` can only be a key: a quote
   * inside a string is escaped); when found, reads the envelope before it and starts on the rows.
   */
  #prefix(ended: boolean): Item[] {
    const bytes = this.#prefixBytes.subarray(0, this.#prefixLength);
    const start = hasBom(bytes) ? 3 : 0;
    let key = indexOf(bytes, RESULTS_KEY, Math.max(start, this.#searchFrom));
    for (; key >= 0; key = indexOf(bytes, RESULTS_KEY, key + 1)) {
      let i = skipBlanks(bytes, key + RESULTS_KEY.length);
      if (i < bytes.length && bytes[i] === COLON) {
        i = skipBlanks(bytes, i + 1);
      } else if (i < bytes.length) {
        continue; // the string "results" as a value
      }
      if (i >= bytes.length) {
        break; // wait for the bytes after the key
      }
      const envelope = bytes[i] === OPEN_BRACKET ? this.#readEnvelope(bytes.subarray(start, key)) : undefined;
      if (envelope !== undefined) {
        this.envelope = envelope;
        this.#state = 'rows';
        this.#prefixBytes = EMPTY_BYTES;
        return this.#rows(bytes.subarray(i + 1));
      }
    }
    if (!ended && bytes.length < MAX_PREFIX_BYTES) {
      this.#searchFrom = key >= 0 ? key : Math.max(start, bytes.length - RESULTS_KEY.length + 1);
      return [];
    }
    // Not the shape this parser streams: keep everything and parse it whole at the end.
    this.#state = 'whole';
    this.#prefixBytes = EMPTY_BYTES;
    this.#keep(bytes);
    return [];
  }

  #appendPrefix(chunk: Uint8Array): void {
    const length = this.#prefixLength + chunk.length;
    if (length > this.#prefixBytes.length) {
      const grown = new Uint8Array(Math.max(length, this.#prefixBytes.length * 2));
      grown.set(this.#prefixBytes.subarray(0, this.#prefixLength));
      this.#prefixBytes = grown;
    }
    this.#prefixBytes.set(chunk, this.#prefixLength);
    this.#prefixLength = length;
  }

  /** `{"count":1,"next":null,"previous":null,` → the envelope, or undefined for another shape. */
  #readEnvelope(prefix: Uint8Array): PageEnvelope | undefined {
    const text = this.#decoder.decode(prefix).trim();
    if (!text.startsWith('{') || !text.endsWith(',')) {
      return undefined;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(`${text.slice(0, -1)}}`);
    } catch {
      return undefined;
    }
    return readEnvelope(parsed);
  }

  /** Rows: parses the complete rows of the pending bytes + `chunk`, and keeps the incomplete last one. */
  #rows(chunk: Uint8Array): Item[] {
    const comma = lastRowBoundary(chunk);
    if (comma < 0) {
      this.#keep(chunk);
      return [];
    }
    // The text up to the boundary's comma: the pending bytes (with the first bytes of the chunk that
    // complete their last character) decoded on their own, then the rest of the chunk up to the comma.
    let head: Uint8Array | undefined;
    let split = 0;
    if (this.#pendingLength > 0) {
      while (split < comma && (chunk[split] as number) >= 0x80) {
        split++;
      }
      this.#keep(chunk.subarray(0, split));
      head = this.#takePending();
    }
    const text =
      head === undefined
        ? this.#decoder.decode(chunk.subarray(0, comma))
        : this.#decoder.decode(head) + this.#decoder.decode(chunk.subarray(split, comma));
    let items: Item[];
    try {
      items = JSON.parse(`[${text}]`) as Item[];
    } catch {
      // The boundary was inside a string or a nested value (or the body is malformed): scan.
      if (head !== undefined) {
        this.#keep(head);
      }
      this.#keep(chunk.subarray(split));
      return this.#scanRows();
    }
    // A copy of the few bytes of the incomplete row, so the chunk itself can be collected at once.
    this.#keep(chunk.slice(comma + 1));
    this.itemCount += items.length;
    return items;
  }

  /**
   * The safe path: scans the pending bytes, which start between rows, for the last separator at
   * depth 0 outside strings, or for the `]` that ends the results.
   */
  #scanRows(): Item[] {
    const bytes = this.#takePending();
    const { separator, close } = scanRows(bytes);
    const cut = close >= 0 ? close : separator;
    if (cut < 0) {
      this.#keep(bytes);
      return [];
    }
    const text = this.#decoder.decode(bytes.subarray(0, cut));
    let items: Item[];
    try {
      items = JSON.parse(`[${text}]`) as Item[];
    } catch (error) {
      throw new PageBodyError('malformed', `invalid JSON in the results: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (close >= 0) {
      this.#state = 'tail';
    }
    this.#keep(bytes.slice(cut + 1));
    this.itemCount += items.length;
    return items;
  }

  /** After the results: `}` (DRF), or more keys and `}`. */
  #checkTail(): void {
    const tail = this.#decoder.decode(this.#takePending()).trim();
    if (tail === '}') {
      return;
    }
    if (tail === '' || (tail.startsWith(',') && !tail.endsWith('}'))) {
      throw new PageBodyError('truncated', 'the body ended after the results, before the closing brace');
    }
    let rest: unknown;
    try {
      rest = tail.startsWith(',') ? JSON.parse(`{${tail.slice(1)}`) : undefined;
    } catch {
      rest = undefined;
    }
    if (rest === undefined || rest === null || typeof rest !== 'object' || Array.isArray(rest)) {
      throw new PageBodyError('malformed', 'unexpected text after the results');
    }
  }

  /** A body of another shape, parsed whole. */
  #whole(): Item[] {
    const bytes = this.#takePending();
    let body: unknown;
    try {
      body = JSON.parse(this.#decoder.decode(bytes.subarray(hasBom(bytes) ? 3 : 0)));
    } catch (error) {
      throw new PageBodyError('malformed', `invalid JSON: ${(error as Error).message}`, { cause: error });
    }
    const envelope = readEnvelope(body);
    const results = (body as { results?: unknown } | null)?.results;
    if (envelope === undefined || !Array.isArray(results)) {
      throw new PageBodyError('malformed', 'not a paginated list ({count, results})');
    }
    this.envelope = envelope;
    this.itemCount += results.length;
    return results as Item[];
  }
}

/** The envelope of a parsed body, or undefined if `count` is not a count. */
function readEnvelope(value: unknown): PageEnvelope | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return undefined;
  }
  const { count, next, previous } = value as { count?: unknown; next?: unknown; previous?: unknown };
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    return undefined;
  }
  return { count, next: link(next), previous: link(previous) };
}

function link(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The index of the `,` before the last row start of `chunk` (`}` `,` `{`, blanks allowed between),
 * or -1. Scans backwards from the end: about one row's bytes.
 */
export function lastRowBoundary(chunk: Uint8Array): number {
  for (let open = chunk.lastIndexOf(OPEN_BRACE); open > 0; open = chunk.lastIndexOf(OPEN_BRACE, open - 1)) {
    let i = open - 1;
    while (isBlank(chunk[i])) {
      i--;
    }
    if (chunk[i] !== COMMA) {
      continue;
    }
    const comma = i;
    i--;
    while (isBlank(chunk[i])) {
      i--;
    }
    if (chunk[i] === CLOSE_BRACE) {
      return comma;
    }
  }
  return -1;
}

/**
 * Scans bytes that start between two rows (depth 0, outside a string): the last `,` at depth 0 and the
 * `]` that closes the results, if any (the scan stops there).
 */
export function scanRows(bytes: Uint8Array): { separator: number; close: number } {
  let depth = 0;
  let separator = -1;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte === QUOTE) {
      // Skip the string: to the next quote that is not escaped.
      for (i++; i < bytes.length; i++) {
        const inner = bytes[i] as number;
        if (inner === BACKSLASH) {
          i++;
        } else if (inner === QUOTE) {
          break;
        }
      }
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth++;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (depth === 0) {
        if (byte === CLOSE_BRACE) {
          throw new PageBodyError('malformed', 'a "}" closes nothing in the results');
        }
        return { separator, close: i };
      }
      depth--;
    } else if (byte === COMMA && depth === 0) {
      separator = i;
    }
  }
  return { separator, close: -1 };
}

/** The first index of `pattern` in `bytes` from `from`, or -1. */
function indexOf(bytes: Uint8Array, pattern: Uint8Array, from: number): number {
  const first = pattern[0] as number;
  for (let i = bytes.indexOf(first, from); i >= 0; i = bytes.indexOf(first, i + 1)) {
    if (i + pattern.length > bytes.length) {
      return -1;
    }
    let j = 1;
    while (j < pattern.length && bytes[i + j] === pattern[j]) {
      j++;
    }
    if (j === pattern.length) {
      return i;
    }
  }
  return -1;
}

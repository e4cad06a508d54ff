/**
 * DRF `PageNumberPagination` as the IOTile server configures it: `{count, next, previous, results}` with
 * absolute links, `page` (1-based or `last`), `page_size` clamped to the endpoint's maximum, and 404
 * `{"detail": "Invalid page."}` for a page out of range.
 */
import { detail, type MockRequest } from './http.js';

export interface PageSizeClass {
  readonly defaultSize: number;
  readonly maxSize: number;
}

/** Standard: account, org, project, fleet, datablock, property, streamer, streamer report, vartype, sg, dt, ota... */
export const STANDARD: PageSizeClass = { defaultSize: 100, maxSize: 1000 };
/** Large: device, variable, data, event, note, location. */
export const LARGE: PageSizeClass = { defaultSize: 1000, maxSize: 10000 };
/** SuperLarge: the stream list and `/stream/{slug}/data/`. */
export const SUPER_LARGE: PageSizeClass = { defaultSize: 5000, maxSize: 20000 };

export interface PageWindow {
  /** Index of the first item of the page. */
  readonly start: number;
  /** One past the last item of the page. */
  readonly end: number;
  readonly count: number;
  readonly next: string | null;
  readonly previous: string | null;
}

/** DRF's `_positive_int(value, strict=True, cutoff=max)`; anything invalid falls back to the default. */
function pageSize(req: MockRequest, cls: PageSizeClass): number {
  const raw = req.query.get('page_size');
  if (raw === null || !/^\s*[+-]?\d+\s*$/.test(raw)) {
    return cls.defaultSize;
  }
  const value = Number.parseInt(raw, 10);
  if (value <= 0) {
    return cls.defaultSize;
  }
  return Math.min(value, cls.maxSize);
}

/** Python's `urllib.parse.quote_plus`: only letters, digits and `_.-~` stay as they are. */
function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * DRF's `replace_query_param` / `remove_query_param`: parse the query, set or drop one key, and re-encode
 * it with the keys sorted (that is how the real links look).
 */
export function pageLink(url: URL, page: number | null): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of url.searchParams) {
    const list = grouped.get(key) ?? [];
    list.push(value);
    grouped.set(key, list);
  }
  if (page === null) {
    grouped.delete('page');
  } else {
    grouped.set('page', [String(page)]);
  }
  const query = [...grouped.keys()]
    .sort()
    .flatMap((key) => (grouped.get(key) ?? []).map((value) => `${quotePlus(key)}=${quotePlus(value)}`))
    .join('&');
  return `${url.origin}${url.pathname}${query ? `?${query}` : ''}`;
}

/** Django's `Paginator.validate_number` plus DRF's `last`. */
function pageNumber(raw: string | null, numPages: number): number {
  if (raw === null || raw === '') {
    return 1;
  }
  if (raw === 'last') {
    return numPages;
  }
  const asFloat = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(asFloat) || !Number.isInteger(asFloat)) {
    throw detail(404, 'Invalid page.');
  }
  if (asFloat < 1 || asFloat > numPages) {
    throw detail(404, 'Invalid page.');
  }
  return asFloat;
}

/** Works out which items a request's page holds and its links; throws the 404 for a bad page. */
export function pageWindow(req: MockRequest, count: number, cls: PageSizeClass): PageWindow {
  const size = pageSize(req, cls);
  // Django: an empty first page is allowed, so there is always at least one page.
  const numPages = Math.max(1, Math.ceil(count / size));
  const page = pageNumber(req.query.get('page'), numPages);
  const start = (page - 1) * size;
  const end = Math.min(start + size, count);
  return {
    start,
    end,
    count,
    next: page < numPages ? pageLink(req.url, page + 1) : null,
    previous: page > 1 ? pageLink(req.url, page === 2 ? null : page - 1) : null,
  };
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** Paginates an in-memory list. */
export function paginate<T>(req: MockRequest, items: readonly T[], cls: PageSizeClass): Page<T> {
  const w = pageWindow(req, items.length, cls);
  return { count: w.count, next: w.next, previous: w.previous, results: items.slice(w.start, w.end) };
}

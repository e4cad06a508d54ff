/**
 * Django-style routing below `/api/v1`: exact patterns with the trailing slash, `{name}` segments that
 * cannot contain `/` or `.` (DRF's default lookup), 405 for a method the route does not have, a 301 to
 * the slashed URL when only the trailing slash is missing (Django's `APPEND_SLASH`), 404 otherwise.
 * Authentication runs here, before the handler, as in DRF.
 */
import type { SpecPath, SuccessReply, VerbsOf } from './api-types.js';
import type { Authenticator } from './auth.js';
import { notAuthenticated } from './auth.js';
import { SPEC_OPERATIONS } from './generated/request-schemas.js';
import { detail, HttpError, type MockRequest, type MockResponse } from './http.js';
import type { Store } from './store.js';

/** What every handler can reach. */
export interface Env {
  readonly store: Store;
  readonly auth: Authenticator;
  /** Seconds since the epoch (injectable clock). */
  now(): number;
}

export type Handler<Response extends MockResponse = MockResponse> = (
  req: MockRequest,
  env: Env,
) => Response | Promise<Response>;

/**
 * The handlers of a spec path: only methods the spec has for it, each answering one of the statuses and
 * bodies the spec declares (responses built without a recorded type, such as CSV or streamed text, pass).
 */
export type RouteHandlers<P extends SpecPath> = {
  // Not `[V in VerbsOf<P> as Uppercase<V>]`: TypeScript does not type handler parameters from a remapped key.
  [M in Uppercase<VerbsOf<P>>]?: Handler<SuccessReply<P, Lowercase<M> & VerbsOf<P>>>;
};

/**
 * - `required`: a valid credential is needed (401 otherwise); the usual case.
 * - `optional`: credentials are checked when sent (a bad one is a 401), the handler sees `req.user` or null.
 * - `none`: no authentication at all (the `api-jwt-*` views disable it).
 */
export type AuthMode = 'required' | 'optional' | 'none';

interface Route {
  readonly pattern: string;
  readonly regex: RegExp;
  readonly keys: string[];
  readonly handlers: Map<string, Handler>;
  readonly authMode: AuthMode;
  /** DRF's `Allow` header for the view: its methods in `http_method_names` order, HEAD with GET, OPTIONS. */
  readonly allow: string;
}

/** DRF's `http_method_names` order. */
const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Percent-decodes a path segment as Django does (`repercent_broken_unicode`): escapes that form valid
 * UTF-8 are decoded, and bytes that do not stay as `%XX` text, so `/org/%ff/` looks up the slug `%FF`
 * (and finds nothing: 404) instead of failing. A `%` not followed by two hex digits is kept as it is.
 */
export function decodePathSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    // Broken escapes: decode byte by byte below.
  }
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; ) {
    if (raw[i] === '%' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(raw.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      // Code units above 0x7f cannot reach here from an HTTP request line; encode them as UTF-8 anyway.
      const codePoint = raw.codePointAt(i) as number;
      const char = String.fromCodePoint(codePoint);
      bytes.push(...Buffer.from(char, 'utf8'));
      i += char.length;
    }
  }
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    let decoded = false;
    for (let size = 1; size <= 4 && i + size <= bytes.length; size++) {
      try {
        out += UTF8.decode(new Uint8Array(bytes.slice(i, i + size)));
        i += size;
        decoded = true;
        break;
      } catch {
        // Not a whole character yet (or never one): try a longer sequence.
      }
    }
    if (!decoded) {
      out += `%${(bytes[i] as number).toString(16).toUpperCase().padStart(2, '0')}`;
      i += 1;
    }
  }
  return out;
}

export class Router {
  private readonly routes: Route[] = [];

  /** Registers a spec path (e.g. `/device/{slug}/extra/`) with one handler per method. */
  add<P extends SpecPath>(pattern: P, handlers: RouteHandlers<P>, authMode: AuthMode = 'required'): void {
    const keys: string[] = [];
    const source = pattern
      .split(/(\{\w+\})/)
      .map((piece) => {
        const m = /^\{(\w+)\}$/.exec(piece);
        if (m?.[1]) {
          keys.push(m[1]);
          return '([^/.]+)';
        }
        return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    const map = new Map<string, Handler>(Object.entries(handlers) as Array<[string, Handler]>);
    const inSpec = SPEC_OPERATIONS[pattern] ?? [];
    const extra = [...map.keys()].filter((method) => !inSpec.includes(method));
    if (extra.length > 0) {
      // The types keep this from happening in routes written by hand; this catches handler tables.
      throw new Error(`${pattern}: ${extra.join(', ')} is not an operation of the spec`);
    }
    // The view's methods are the spec's (the real view's), whichever of them this table serves.
    const methods = METHOD_ORDER.filter((m) => inSpec.includes(m));
    const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
    this.routes.push({ pattern, regex: new RegExp(`^${source}$`), keys, handlers: map, authMode, allow });
  }

  private match(path: string): { route: Route; params: Record<string, string> } | null {
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (m) {
        const params: Record<string, string> = {};
        route.keys.forEach((key, i) => {
          params[key] = decodePathSegment(m[i + 1] ?? '');
        });
        return { route, params };
      }
    }
    return null;
  }

  /** The route patterns, for the API root and for tests. */
  patterns(): string[] {
    return this.routes.map((r) => r.pattern);
  }

  /** Every operation served, as `METHOD /path/` (for the check that the mock serves the whole spec). */
  operations(): string[] {
    return this.routes.flatMap((r) => [...r.handlers.keys()].map((method) => `${method} ${r.pattern}`));
  }

  async dispatch(req: MockRequest, env: Env): Promise<MockResponse> {
    const found = this.match(req.path);
    if (!found) {
      if (!req.path.endsWith('/') && this.match(`${req.path}/`)) {
        // Django's CommonMiddleware (APPEND_SLASH) redirects to the path, not to an absolute URL.
        const location = `${req.url.pathname}/${req.url.search}`;
        return { status: 301, headers: { location }, body: null };
      }
      throw detail(404, 'Not found.');
    }
    const { route, params } = found;
    const allow = route.allow;
    try {
      const method = req.method === 'HEAD' ? 'GET' : req.method;
      const handler = route.handlers.get(method);
      if (!handler) {
        if (method === 'OPTIONS') {
          return { status: 200, headers: { allow, 'content-length': '0' }, body: null };
        }
        throw detail(405, `Method "${req.method}" not allowed.`);
      }
      req.params = params;
      if (route.authMode !== 'none') {
        req.user = env.auth.authenticate(req);
        if (route.authMode === 'required' && req.user === null) {
          throw notAuthenticated();
        }
      }
      const response = await handler(req, env);
      return { ...response, headers: { allow, ...response.headers } };
    } catch (err) {
      // DRF's finalize_response sets `Allow` on every answer of the view, errors included.
      if (err instanceof HttpError) {
        throw new HttpError(err.status, err.body, { allow, ...err.headers });
      }
      throw err;
    }
  }
}

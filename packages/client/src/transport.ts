/**
 * The fetch that openapi-fetch calls: one function that, per attempt, adds the Authorization header
 * (same origin only), applies the deadline, passes the TLS dispatcher, and turns low-level failures
 * into the package's typed errors, those of the response body included (the deadline and the
 * caller's signal also cover the body, read after this returns); `fetchWithRetries` repeats attempts
 * when that is safe.
 *
 * The underlying fetch is looked up at request time (`options.fetch ?? globalThis.fetch`), so nock or
 * msw installed after the `Api` was created still see its requests.
 *
 * The typed errors of a failed attempt are built by `request-failure.ts` (with `errors.ts`), loaded
 * (`import()`) on the first failure and at hand at once after that: a request that succeeds loads
 * neither.
 */

import { IOTileCloudError } from './errors.js';
import { mergeSecrets, redactUrl, rememberSecrets } from './internal/redact.js';
import { loadPart } from './lazy.js';
import type { LevelLogger, RetryEvent } from './logger.js';
import { sendFollowingRedirects } from './redirect.js';
import type { AttemptState } from './request-failure.js';
import { type BodyLimit, withTypedBodyErrors } from './response-body.js';
import { fetchWithRetries, type OnRetry, type RetryOptions } from './retry.js';
import { attemptSignal } from './timeout.js';
import type { InsecureDispatcher } from './tls.js';

/** A fetch implementation (the second argument carries the undici dispatcher for `verify: false`). */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/** Settings that may be changed per call. */
export interface RequestOverrides {
  /** Deadline of each attempt in ms (0 or `Infinity`: none). */
  timeoutMs?: number;
  /** Extra attempts after the first (0: no retries). */
  retries?: number;
  /** Retry POST/PATCH too. */
  retryNonIdempotent?: boolean;
  /**
   * The most bytes of a response body read (after decoding), else `ResponseTooLargeError`. Default: the
   * `Api`'s `maxResponseBytes` for bodies the client reads itself; no limit for `parseAs: 'stream'`.
   */
  maxResponseBytes?: number;
}

/** What only the client's own calls set. */
export interface InternalOverrides {
  fetch?: FetchLike;
  /**
   * The caller's signal, as given to the call. The `Request` built from it carries a signal that only
   * follows it, through a link undici holds weakly (lost after a garbage collection once the
   * `Request` is dropped), so the transport watches the caller's own signal.
   */
  signal?: AbortSignal | null;
  /** False for the auth calls: a redirect is an `UnexpectedRedirectError`. Default true. */
  followRedirects?: boolean;
  /** Secrets this request carries besides the token (the password of a login). */
  secrets?: readonly string[];
}

export interface TransportSettings {
  timeoutMs: number;
  /** Where requests (debug) and retries (info) are told, redacted. */
  log: LevelLogger;
  /** The caller's hook, called before each retry's wait. */
  onRetry: ((event: RetryEvent) => void) | undefined;
  /** The default limit of a body's decoded bytes (`Infinity`: none). */
  maxResponseBytes: number;
  retry: RetryOptions;
  /** The fetch given to the `Api`, if any; `globalThis.fetch` is used otherwise (looked up per request). */
  fetch: FetchLike | undefined;
  /** Present when `verify: false`. */
  insecure: InsecureDispatcher | undefined;
  /** The `Authorization` value for a URL, or `undefined` when it must not carry credentials. */
  authorization(url: string): string | undefined;
  /** The secrets every request may carry (the token), removed from every error and recorded per response. */
  secrets(): readonly string[];
  /** Told the status of every response (each attempt and hop): 429 and 503 cut the request budget. */
  onStatus?: (url: string, status: number) => void;
}

export type Transport = (
  request: Request,
  overrides?: RequestOverrides & InternalOverrides,
) => Promise<Response>;

export function createTransport(settings: TransportSettings): Transport {
  return (request, overrides = {}) => {
    const timeoutMs = overrides.timeoutMs ?? settings.timeoutMs;
    const retry: RetryOptions = {
      ...settings.retry,
      ...(overrides.retries === undefined ? {} : { retries: overrides.retries }),
      ...(overrides.retryNonIdempotent === undefined
        ? {}
        : { retryNonIdempotent: overrides.retryNonIdempotent }),
    };
    const callerSignal = overrides.signal ?? request.signal;
    const attempt = async (original: Request): Promise<Response> => {
      const deadline = attemptSignal(callerSignal, timeoutMs);
      const secrets = mergeSecrets(settings.secrets(), overrides.secrets);
      const failure = (error: unknown, bytesRead?: number): Error | Promise<Error> => {
        if (error instanceof IOTileCloudError) {
          return error;
        }
        // What the attempt knew when it failed, before the code that words it is loaded.
        const state: AttemptState = {
          timedOut: deadline.timedOut(),
          timeoutMs,
          secrets,
          callerAborted: callerSignal.aborted,
          callerReason: callerSignal.reason,
        };
        return withFailureCode(original, (code) => code.requestFailure(error, original, state, bytesRead));
      };
      const fetchImpl: FetchLike = overrides.fetch ?? settings.fetch ?? globalThis.fetch;
      // One hop: the token only where `authorization` allows it (decided again for every redirect).
      const send = async (hop: Request): Promise<Response> => {
        const headers = new Headers(hop.headers);
        const authorization = settings.authorization(hop.url);
        if (authorization !== undefined && !headers.has('authorization')) {
          headers.set('authorization', authorization);
        }
        const outgoing = new Request(hop, { headers, signal: deadline.signal, redirect: 'manual' });
        const init = settings.insecure ? ((await settings.insecure.fetchInit()) as RequestInit) : undefined;
        const response = await (init === undefined ? fetchImpl(outgoing) : fetchImpl(outgoing, init));
        settings.onStatus?.(hop.url, response.status);
        if (settings.log.enabled('debug')) {
          settings.log.log(
            'debug',
            `${hop.method} ${redactUrl(hop.url, secrets)} answered ${response.status}`,
          );
        }
        return response;
      };
      let final: { response: Response; redirected: boolean };
      try {
        final = await sendFollowingRedirects(original, send, {
          follow: overrides.followRedirects !== false,
          secrets,
        });
      } catch (error) {
        throw await failure(error);
      }
      const maxBytes = overrides.maxResponseBytes ?? settings.maxResponseBytes;
      const limit: BodyLimit | undefined = Number.isFinite(maxBytes)
        ? {
            maxBytes,
            tooLarge: (bytesRead) =>
              withFailureCode(original, (code) =>
                code.bodyTooLarge(original.method, final.response, maxBytes, bytesRead),
              ),
          }
        : undefined;
      rememberSecrets(final.response, secrets);
      const typed = withTypedBodyErrors(final.response, failure, final.redirected, limit, deadline.signal);
      rememberSecrets(typed, secrets);
      return typed;
    };
    const onRetry: OnRetry = (event, describe) => {
      const full: RetryEvent = {
        method: request.method,
        url: redactUrl(request.url, mergeSecrets(settings.secrets(), overrides.secrets)),
        ...event,
      };
      settings.log.log('info', describe(full));
      settings.onRetry?.(full);
    };
    return fetchWithRetries(request, attempt, retry, onRetry, callerSignal);
  };
}

/** request-failure.ts, once the first failure has loaded it. */
let failureCode: typeof import('./request-failure.js') | undefined;

/**
 * `make(code)` with request-failure.ts: at once when it is loaded, else once it is. If it cannot be
 * loaded (a browser offline), the error is the `ConnectionError` of `request` that says so.
 */
function withFailureCode(
  request: Request,
  make: (code: typeof import('./request-failure.js')) => Error,
): Error | Promise<Error> {
  if (failureCode !== undefined) {
    return make(failureCode);
  }
  return loadPart(() => import('./request-failure.js'), request.method, request.url).then(
    (code) => {
      failureCode = code;
      return make(code);
    },
    (error: Error) => error,
  );
}

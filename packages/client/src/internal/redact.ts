/**
 * Redaction: the one place that decides what of a URL, a message or an error body may be shown.
 *
 * Two kinds of secret are removed:
 * - secrets by position: `user:password@` in a URL, the values of query (and fragment) parameters
 *   whose names say they are secret (`token`, `access_token`, `jwt`, `auth`, `sig`, `signature`,
 *   `key`, `api_key`, `password`, `secret`, `X-Amz-Credential`, ...);
 * - secrets by value: the strings the client knows are secret (the token it sends, the password
 *   during `login()`), wherever they appear, because a hostile or broken server may echo them back in
 *   an error body, a header or a `next` link.
 *
 * Every error message, error property and log line of the @iotile packages goes through here.
 */

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

/** Parameter names that are secret wherever they occur in the name (`refresh_token`, `client_secret`). */
const SECRET_NAME_PARTS = /token|secret|passw|signature|credential|apikey|api[_-]key|private/i;
/** Parameter names that are secret as a whole word, alone or after a prefix (`sig`, `x-auth`, `api.key`). */
const SECRET_NAME_WORDS = /(?:^|[_.-])(?:jwt|auth|authorization|sig|key|pwd|pass|session|sessionid)$/i;

/** True for a query or form parameter name whose value must not be shown. */
export function isSecretParameter(name: string): boolean {
  return SECRET_NAME_PARTS.test(name) || SECRET_NAME_WORDS.test(name);
}

/** The forms in which a secret may come back: as sent, URL-encoded, and JSON-escaped. */
function secretForms(secret: string): string[] {
  const forms = new Set([secret]);
  forms.add(encodeURIComponent(secret));
  forms.add(JSON.stringify(secret).slice(1, -1));
  return [...forms].filter((form) => form !== '');
}

/**
 * `text` with every occurrence of each secret (as sent, URL-encoded or JSON-escaped) replaced by
 * `[redacted]`. Empty and non-string secrets are ignored.
 */
export function redactSecrets(text: string, secrets: Iterable<string | undefined> = []): string {
  let result = text;
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret === '') {
      continue;
    }
    // Longest form first, so a partial replacement never leaves the rest of a longer form behind.
    for (const form of secretForms(secret).sort((a, b) => b.length - a.length)) {
      if (result.includes(form)) {
        result = result.split(form).join(REDACTED);
      }
    }
  }
  return result;
}

/**
 * The URL with `user:password@` removed, secret query and fragment parameter values replaced by
 * `[redacted]`, and then any known secret removed from what is left (a token in a path segment).
 * Input that is not an absolute URL only gets the last step.
 */
export function redactUrl(url: string, secrets: Iterable<string | undefined> = []): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactSecrets(String(url), secrets);
  }
  parsed.username = '';
  parsed.password = '';
  for (const key of new Set(parsed.searchParams.keys())) {
    if (isSecretParameter(key)) {
      parsed.searchParams.set(key, REDACTED);
    }
  }
  if (parsed.hash.includes('=')) {
    // OAuth-style fragments (`#access_token=...`): the same rule as the query.
    const fragment = new URLSearchParams(parsed.hash.slice(1));
    for (const key of new Set(fragment.keys())) {
      if (isSecretParameter(key)) {
        fragment.set(key, REDACTED);
      }
    }
    parsed.hash = fragment.toString();
  }
  return redactSecrets(parsed.toString(), secrets);
}

/** How deep `redactValue` descends into nested arrays and objects before it gives up on a branch. */
const MAX_REDACT_DEPTH = 64;

/**
 * A copy of a parsed body (JSON values, strings, arrays, plain objects) with every string, object key
 * included, passed through `redactSecrets`. Branches nested deeper than 64 levels are replaced by
 * `[redacted]`: nothing a secret could hide in is kept unread. Other values are returned as they are.
 */
export function redactValue<T>(value: T, secrets: readonly string[], depth = 0): T {
  if (secrets.length === 0) {
    return value;
  }
  if (typeof value === 'string') {
    return redactSecrets(value, secrets) as T;
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (depth >= MAX_REDACT_DEPTH) {
    return REDACTED as T;
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactValue(item, secrets, depth + 1)) as T;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    return value;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[redactSecrets(key, secrets)] = redactValue(item, secrets, depth + 1);
  }
  return copy as T;
}

/**
 * An error cause whose message may hold a secret (V8's `JSON.parse` errors quote the text they
 * failed on), as an error of the same name with the message redacted; other causes as they are.
 */
export function redactCause(cause: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) {
    return cause;
  }
  if (typeof cause === 'string') {
    return redactSecrets(cause, secrets);
  }
  if (!(cause instanceof Error)) {
    return cause;
  }
  const message = redactSecrets(cause.message, secrets);
  const stack = cause.stack === undefined ? undefined : redactSecrets(cause.stack, secrets);
  if (message === cause.message && stack === cause.stack) {
    return cause;
  }
  const copy = new Error(message);
  copy.name = cause.name;
  if (stack !== undefined) {
    copy.stack = stack;
  }
  return copy;
}

/**
 * The secrets each response of an `Api` was sent with (its token; the password of a login), so an
 * error built from that response later, in this package or another (`httpErrorFromResponse`), can
 * remove them even when it does not know the `Api`.
 */
const responseSecrets = new WeakMap<Response, readonly string[]>();

/** Records that `response` answered a request sent with `secrets`. */
export function rememberSecrets(response: Response, secrets: readonly string[]): void {
  const known = secrets.filter((secret) => typeof secret === 'string' && secret !== '');
  if (known.length > 0) {
    responseSecrets.set(response, [...new Set([...(responseSecrets.get(response) ?? []), ...known])]);
  }
}

/** The secrets `response` was sent with (none for a response that no `Api` produced). */
export function secretsOf(response: Response | undefined): readonly string[] {
  return response === undefined ? [] : (responseSecrets.get(response) ?? []);
}

/** `a` and `b` without duplicates or empty strings. */
export function mergeSecrets(
  a: readonly (string | undefined)[] = [],
  b: readonly (string | undefined)[] = [],
): string[] {
  return [...new Set([...a, ...b])].filter(
    (secret): secret is string => typeof secret === 'string' && secret !== '',
  );
}

/**
 * Org API keys (`Authorization: Api-Key <prefix>.<secret>`, djangorestframework-api-key's `AuthAPIKey`).
 * Not an authentication on the server: a permission some read routes accept instead of a user
 * (`/sg/`, `/dt/`, `/vartype/`) and the machine-to-machine routes require (`/production/device/`). The
 * API never shows or creates keys: they come from fixtures (`api_keys`).
 */
import { notAuthenticated } from '../auth.js';
import type { MockRequest } from '../http.js';
import type { Env } from '../router.js';
import { parseIsoDateTime } from '../timestamps.js';

export const API_KEYS = 'api-keys';

/** The keyword of the header, compared case-sensitively as the library's `KeyParser` does. */
const KEYWORD = 'Api-Key ';

/** The key the request carries, or null (the library splits the header on `"Api-Key "` and wants two pieces). */
function keyOf(req: MockRequest): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || header === '') {
    return null;
  }
  const parts = header.split(KEYWORD);
  return parts.length === 2 ? (parts[1] ?? null) : null;
}

/**
 * The org slug of the request's API key (`get_org_slug_from_apikey`), or null when it has none, or an
 * unknown, revoked or expired one.
 */
export function apiKeyOrg(req: MockRequest, env: Env): string | null {
  const key = keyOf(req);
  if (key === null) {
    return null;
  }
  const stored = env.store.table(API_KEYS).get(key);
  if (!stored || stored.revoked === true) {
    return null;
  }
  if (typeof stored.expiry_date === 'string') {
    const expiry = parseIsoDateTime(stored.expiry_date);
    if (expiry !== null && expiry / 1_000_000 <= env.now()) {
      return null;
    }
  }
  return typeof stored.org === 'string' ? stored.org : null;
}

/** Whether the request carries a valid org API key (`HasAuthAPIKey.has_permission`). */
export function hasApiKey(req: MockRequest, env: Env): boolean {
  return apiKeyOrg(req, env) !== null;
}

/** A read open to a user or an org Api-Key (`/sg/`, `/dt/`, `/vartype/`): anything else is a 401. */
export function requireUserOrApiKey(req: MockRequest, env: Env): void {
  if (req.user === null && !hasApiKey(req, env)) {
    throw notAuthenticated();
  }
}

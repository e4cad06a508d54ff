/**
 * Reads the expiry of a JWT without verifying it: the CLI only needs to know when to refresh a token
 * (the server checks the signature). Other tokens (DRF `Token` keys) have no expiry.
 */

/** The `exp` claim of a JWT as a `Date`, or `undefined` when the token is not a JWT or has none. */
export function jwtExpiry(token: string): Date | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) {
    return undefined;
  }
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    const exp = (payload as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? new Date(exp * 1000) : undefined;
  } catch {
    return undefined;
  }
}

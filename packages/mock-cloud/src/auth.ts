/**
 * Authentication as djangorestframework-jwt 1.11 does it: HS256 tokens with `user_id`, `username`, `email`,
 * `exp` (7 days) and `orig_iat` (refreshable for 180 days), sent as `Authorization: JWT <token>` with the
 * prefix compared case-insensitively. DRF `Token <key>` is accepted too. Each mock instance signs with its
 * own random secret, so a token from one mock (or the real cloud) never works on another.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { detail, type HttpError, type MockRequest } from './http.js';
import { addDeviceKey, findDeviceKey } from './resources/device-keys.js';
import type { Store, UserRecord } from './store.js';

export const JWT_EXPIRATION_SECONDS = 7 * 24 * 3600;
export const JWT_REFRESH_EXPIRATION_SECONDS = 180 * 24 * 3600;

export interface JwtPayload {
  user_id: number;
  username: string;
  email: string;
  exp: number;
  orig_iat: number;
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** The 401 every protected route answers when no credentials were sent. */
export function notAuthenticated(): HttpError {
  return detail(401, 'Authentication credentials were not provided.', {
    'www-authenticate': 'JWT realm="api"',
  });
}

function authFailed(message: string): HttpError {
  return detail(401, message, { 'www-authenticate': 'JWT realm="api"' });
}

export class JwtError extends Error {
  override name = 'JwtError';
}

export class Authenticator {
  private readonly secret = randomBytes(32);

  constructor(
    private readonly store: Store,
    /** Seconds since the epoch; injectable so tests can make tokens expire. */
    private readonly now: () => number,
  ) {}

  issue(user: UserRecord, origIat?: number): string {
    const now = Math.floor(this.now());
    const payload: JwtPayload = {
      user_id: user.id,
      username: user.username,
      email: user.email,
      exp: now + JWT_EXPIRATION_SECONDS,
      orig_iat: origIat ?? now,
    };
    const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
    const body = b64url(JSON.stringify(payload));
    return `${head}.${body}.${this.sign(`${head}.${body}`)}`;
  }

  private sign(input: string): string {
    return createHmac('sha256', this.secret).update(input).digest('base64url');
  }

  /** Decodes and checks a token; the error messages are the library's. */
  decode(token: string): JwtPayload {
    const pieces = token.split('.');
    if (pieces.length !== 3) {
      throw new JwtError('Error decoding signature.');
    }
    const [head, body, sig] = pieces as [string, string, string];
    const expected = Buffer.from(this.sign(`${head}.${body}`));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new JwtError('Error decoding signature.');
    }
    let payload: JwtPayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as JwtPayload;
    } catch {
      throw new JwtError('Error decoding signature.');
    }
    if (typeof payload.exp !== 'number' || payload.exp <= this.now()) {
      throw new JwtError('Signature has expired.');
    }
    return payload;
  }

  /** The user a decoded token names, or the library's message for why it does not. */
  userFor(payload: JwtPayload): UserRecord {
    const user = this.store.userByUsername(payload.username);
    if (!user) {
      throw new JwtError('Invalid payload.');
    }
    if (!user.isActive) {
      throw new JwtError('User account is disabled.');
    }
    return user;
  }

  /** `POST /auth/api-jwt-refresh/`: a new token with a fresh `exp` and the original `orig_iat`. */
  refresh(token: string): string {
    const payload = this.decode(token);
    const user = this.userFor(payload);
    if (typeof payload.orig_iat !== 'number') {
      throw new JwtError('orig_iat field is required.');
    }
    if (this.now() > payload.orig_iat + JWT_REFRESH_EXPIRATION_SECONDS) {
      throw new JwtError('Refresh has expired.');
    }
    return this.issue(user, payload.orig_iat);
  }

  /**
   * A device token (`a-jwt`): `{user, device, project}` signed with the device's `A-JWT-KEY` secret (made
   * on first use), as `/device/{slug}/key/?type=a-jwt` hands it out. It never expires.
   */
  issueDeviceToken(device: string, userSlug: string, projectId: string): string {
    const key =
      findDeviceKey(this.store, device, 'A-JWT-KEY') ??
      addDeviceKey(this.store, {
        slug: device,
        type: 'A-JWT-KEY',
        secret: randomBytes(32).toString('hex'),
        downloadable: false,
      });
    const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
    const body = b64url(JSON.stringify({ user: userSlug, device, project: projectId }));
    const sig = createHmac('sha256', String(key.secret)).update(`${head}.${body}`).digest('base64url');
    return `${head}.${body}.${sig}`;
  }

  /** The account an `a-jwt` device token authenticates as (the messages are the server's). */
  private deviceUser(token: string): UserRecord {
    const pieces = token.split('.');
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(Buffer.from(pieces[1] ?? '', 'base64url').toString('utf8'));
    } catch {
      throw authFailed('Error decoding signature.');
    }
    if (pieces.length !== 3 || payload === null || typeof payload !== 'object') {
      throw authFailed('Error decoding signature.');
    }
    if (typeof payload.device !== 'string') {
      throw authFailed('No device in payload.');
    }
    const key = findDeviceKey(this.store, payload.device, 'A-JWT-KEY');
    if (!key) {
      throw authFailed('No secret key found for device');
    }
    const [head, body, sig] = pieces as [string, string, string];
    const expected = Buffer.from(
      createHmac('sha256', String(key.secret)).update(`${head}.${body}`).digest('base64url'),
    );
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw authFailed('Error decoding signature.');
    }
    const device = this.store.devices.get(payload.device);
    if (!device) {
      throw authFailed('Invalid Device Slug');
    }
    if (device.active === false || !device.claimed_by) {
      throw authFailed('Device is not claimed.');
    }
    if (String(device.project ?? '').toLowerCase() !== payload.project) {
      throw authFailed('Token has incorrect Project');
    }
    const user = [...this.store.users.values()].find((u) => u.slug === payload.user);
    if (!user) {
      throw authFailed('Invalid User Slug');
    }
    if (!user.isActive) {
      throw authFailed('User account is disabled.');
    }
    return user;
  }

  /**
   * Reads the `Authorization` header. Returns null when there is none (or it uses a scheme nobody here
   * knows, which DRF also treats as "no credentials"), the user when it is valid, and throws a 401 when a
   * known scheme carries a bad credential.
   */
  authenticate(req: MockRequest): UserRecord | null {
    const header = req.headers.authorization;
    if (header === undefined || header === '') {
      return null;
    }
    const parts = header.split(' ');
    const scheme = (parts[0] ?? '').toLowerCase();
    if (scheme === 'jwt') {
      if (parts.length === 1) {
        throw authFailed('Invalid Authorization header. No credentials provided.');
      }
      if (parts.length > 2) {
        throw authFailed('Invalid Authorization header. Credentials string should not contain spaces.');
      }
      try {
        return this.userFor(this.decode(parts[1] ?? ''));
      } catch (err) {
        if (err instanceof JwtError) {
          throw authFailed(err.message);
        }
        throw err;
      }
    }
    if (scheme === 'a-jwt') {
      if (parts.length === 1) {
        throw authFailed('Invalid Authorization header. No credentials provided.');
      }
      if (parts.length > 2) {
        throw authFailed('Invalid Authorization header. Credentials string should not contain spaces.');
      }
      return this.deviceUser(parts[1] ?? '');
    }
    if (scheme === 'token') {
      if (parts.length !== 2) {
        throw authFailed('Invalid token header. No credentials provided.');
      }
      const user = this.store.userByTokenKey(parts[1] ?? '');
      if (!user) {
        throw authFailed('Invalid token.');
      }
      if (!user.isActive) {
        throw authFailed('User inactive or deleted.');
      }
      return user;
    }
    return null;
  }
}

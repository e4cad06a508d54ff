/**
 * `/auth/...`: login (email + password, answers the Account with a DRF token and a JWT), logout (204),
 * the djangorestframework-jwt views (`api-jwt-auth`, `-refresh`, `-verify`), `token` and `user-info`.
 */
import { JwtError } from '../auth.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import {
  detail,
  fieldErrors,
  HttpError,
  JSON_TYPE,
  json,
  type MockRequest,
  noContent,
  readObject,
} from '../http.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import type { Env, Router } from '../router.js';
import { account } from '../serializers.js';
import type { UserRecord } from '../store.js';

function requireStrings<Key extends string>(
  body: Record<string, unknown>,
  keys: readonly Key[],
): Record<Key, string> {
  const errors: Record<string, string[]> = {};
  const out = {} as Record<Key, string>;
  for (const key of keys) {
    const v = body[key];
    if (v === undefined || v === null) {
      errors[key] = ['This field is required.'];
    } else if (typeof v !== 'string') {
      errors[key] = ['Not a valid string.'];
    } else if (v === '') {
      errors[key] = ['This field may not be blank.'];
    } else {
      out[key] = v;
    }
  }
  if (Object.keys(errors).length > 0) {
    throw fieldErrors(errors);
  }
  return out;
}

async function login(req: MockRequest, env: Env) {
  if (req.user) {
    throw new HttpError(403, 'Already Logged-in');
  }
  const { email, password } = requireStrings(await readObject(req), ['email', 'password']);
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
    throw fieldErrors({ email: ['Enter a valid email address.'] });
  }
  const user = env.store.users.get(email);
  // The server's authentication backends (Django's and allauth's) refuse inactive accounts as they
  // refuse a wrong password, so its "This account is not Active." answer is never reached.
  if (!user || user.password !== password || !user.isActive) {
    throw new HttpError(401, 'Username/password combination invalid.');
  }
  return json(200, { ...account(user), token: user.tokenKey, jwt: env.auth.issue(user) });
}

function findByUsernameOrEmail(env: Env, name: string): UserRecord | undefined {
  return env.store.users.get(name) ?? env.store.userByUsername(name);
}

async function jwtAuth(req: MockRequest, env: Env) {
  const { username, password } = requireStrings(await readObject(req), ['username', 'password']);
  const user = findByUsernameOrEmail(env, username);
  if (!user || user.password !== password || !user.isActive) {
    throw fieldErrors({ non_field_errors: ['Unable to log in with provided credentials.'] });
  }
  return json(200, { token: env.auth.issue(user) });
}

function jwtCheck(mode: 'refresh' | 'verify') {
  return async (req: MockRequest, env: Env) => {
    const { token } = requireStrings(await readObject(req), ['token']);
    try {
      if (mode === 'refresh') {
        return json(200, { token: env.auth.refresh(token) });
      }
      env.auth.userFor(env.auth.decode(token));
      return json(200, { token });
    } catch (err) {
      if (err instanceof JwtError) {
        throw fieldErrors({ non_field_errors: [err.message] });
      }
      throw err;
    }
  };
}

/**
 * `POST /auth/password/reset/`: the server e-mails a reset link to an existing account. The mock has no
 * e-mail: it answers as the server does once the mail is handed over, and sends nothing.
 */
async function passwordReset(req: MockRequest, env: Env) {
  const values = validateBody(
    await readObject(req),
    REQUEST_SCHEMAS.PasswordResetRequest as RequestSchema,
    'create',
  );
  if (![...env.store.users.values()].some((u) => u.email === values.email)) {
    throw detail(400, 'No account associated to that email address');
  }
  return json(200, { detail: 'Password reset e-mail has been sent.' });
}

export function authRoutes(router: Router): void {
  router.add('/auth/password/reset/', { POST: passwordReset }, 'optional');
  router.add('/auth/login/', { POST: login }, 'optional');
  // The real logout answers 204 with a JSON content type and no body.
  router.add('/auth/logout/', {
    POST: () => ({ ...noContent(), headers: { 'content-type': JSON_TYPE } }),
  });
  router.add('/auth/api-jwt-auth/', { POST: jwtAuth }, 'none');
  router.add('/auth/api-jwt-refresh/', { POST: jwtCheck('refresh') }, 'none');
  router.add('/auth/api-jwt-verify/', { POST: jwtCheck('verify') }, 'none');
  router.add('/auth/token/', {
    GET: (req, env) => {
      const user = req.user as UserRecord;
      return json(200, { token: user.tokenKey, jwt: env.auth.issue(user) });
    },
  });
  router.add(
    '/auth/user-info/',
    {
      GET: (req, env) => {
        if (!req.user) {
          throw new HttpError(403, 'User not recognized.');
        }
        return json(200, { ...account(req.user), jwt: env.auth.issue(req.user) });
      },
    },
    'optional',
  );
}

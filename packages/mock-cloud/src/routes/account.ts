/**
 * `/account/` (`apps/authentication/api_views.py`, `AccountViewSet`):
 *
 * - GET: users see only themselves (`count` 1); staff see every account with `?staff=<anything>`.
 *   Another account is a 404.
 * - POST registers an account, open to anyone. Passwords must match (400 `["Passwords did not match"]`);
 *   without both passwords the answer is 400 `{}`. The account is inactive until its e-mail address is
 *   confirmed; the mock sends no e-mail, so it stays inactive, unless a staff member creates it with
 *   `verified_email` (then it is active at once). The answer holds only a few fields.
 * - PUT/PATCH/DELETE: the account's owner only (403 for staff reaching another account with `?staff=`).
 * - `set_password/`: the queryset decides (only one's own account, or any with `?staff=`); 201.
 */
import { notAuthenticated } from '../auth.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import { fieldErrors, HttpError, json, type MockRequest, noContent, notFound, readObject } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import { checkedBody, forbidden, nowIso } from '../resources/shared.js';
import type { Env, Router } from '../router.js';
import { account, drfTime } from '../serializers.js';
import { slugify } from '../slugs.js';
import type { Obj, UserRecord } from '../store.js';

/** The accounts the user's queryset holds. */
function visibleAccounts(req: MockRequest, env: Env): UserRecord[] {
  const me = req.user;
  if (!me) {
    return [];
  }
  return me.isStaff && req.query.get('staff') ? [...env.store.users.values()] : [me];
}

function accountBySlug(req: MockRequest, env: Env): UserRecord {
  const found = visibleAccounts(req, env).find((u) => u.slug === req.params.slug);
  if (!found) {
    throw notFound();
  }
  return found;
}

/** `Account.save()`: the username's slug, with a counter when another account has it. */
function freeSlug(env: Env, username: string, self: UserRecord | null): string {
  const base = slugify(username);
  const taken = (slug: string) => [...env.store.users.values()].some((u) => u !== self && u.slug === slug);
  let slug = base;
  for (let n = 0; taken(slug); n++) {
    slug = `${base}${n}`;
  }
  return slug;
}

/** The serializer's checks beyond field types: unique e-mail and username, no space in the username. */
function accountErrors(env: Env, values: Obj, self: UserRecord | null): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const others = [...env.store.users.values()].filter((u) => u !== self);
  if (typeof values.email === 'string' && others.some((u) => u.email === values.email)) {
    errors.email = ['account with this email already exists.'];
  }
  if (typeof values.username === 'string') {
    if (others.some((u) => u.username === values.username)) {
      errors.username = ['account with this username already exists.'];
    } else if (values.username.includes(' ')) {
      errors.username = ['Username cannot have spaces'];
    }
  }
  return errors;
}

async function create(req: MockRequest, env: Env) {
  const schema = REQUEST_SCHEMAS.AccountCreateRequest as RequestSchema;
  const body = await readObject(req);
  // The serializer's password fields are optional: without them the view answers 400 `{}`.
  const optionalPasswords: RequestSchema = {
    ...schema,
    required: schema.required.filter((k) => k !== 'password' && k !== 'confirm_password'),
  };
  const blank: Record<string, string[]> = {};
  for (const key of ['password', 'confirm_password']) {
    if (body[key] === '') {
      blank[key] = ['This field may not be blank.'];
    }
  }
  const values = validateBody(body, optionalPasswords, 'create', {
    ...accountErrors(env, body, null),
    ...blank,
  });
  if (!('password' in values) || !('confirm_password' in values)) {
    throw new HttpError(400, {});
  }
  if (!values.password || values.password !== values.confirm_password) {
    throw new HttpError(400, ['Passwords did not match']);
  }
  const verified = values.verified_email === true && req.user?.isStaff === true;
  const username = String(values.username);
  // `create_user` keeps only the e-mail, the username and the password.
  const user = env.store.addUser(String(values.email), String(values.password), {
    username,
    slug: freeSlug(env, username, null),
    isActive: verified,
    createdAt: nowIso(env),
  });
  const out: Record<string, unknown> = {
    id: user.id,
    slug: user.slug,
    created_at: drfTime(user.createdAt),
    username: user.username,
    email: user.email,
  };
  for (const key of ['name', 'tagline'] as const) {
    if (typeof values[key] === 'string') {
      out[key] = values[key];
    }
  }
  return json(201, out as { id: number; slug: string; created_at: string; username: string; email: string });
}

function update(mode: 'update' | 'partial') {
  return async (req: MockRequest, env: Env) => {
    const user = accountBySlug(req, env);
    if (user !== req.user) {
      throw forbidden();
    }
    const schema = REQUEST_SCHEMAS[mode === 'update' ? 'AccountUpdate' : 'AccountPatch'] as RequestSchema;
    const body = await readObject(req);
    const values = validateBody(body, schema, mode, accountErrors(env, body, user));
    if (typeof values.email === 'string' && values.email !== user.email) {
      env.store.users.delete(user.email);
      user.email = values.email;
      env.store.users.set(user.email, user);
    }
    if (typeof values.username === 'string' && values.username !== user.username) {
      const old = user.username;
      user.username = values.username;
      user.slug = freeSlug(env, values.username, user);
      // Memberships are keyed by username.
      for (const members of env.store.orgMembers.values()) {
        const m = members.get(old);
        if (m) {
          members.delete(old);
          m.user = user.username;
          members.set(user.username, m);
        }
      }
    }
    for (const key of ['name', 'tagline'] as const) {
      if (typeof values[key] === 'string') {
        user[key] = values[key];
      }
    }
    return json(200, account(user));
  };
}

export function accountRoutes(router: Router): void {
  router.add(
    '/account/',
    {
      GET: (req, env) => {
        if (!req.user) {
          throw notAuthenticated();
        }
        return json(200, paginate(req, visibleAccounts(req, env).map(account), STANDARD));
      },
      POST: create,
    },
    'optional',
  );
  router.add('/account/{slug}/', {
    GET: (req, env) => json(200, account(accountBySlug(req, env))),
    PUT: update('update'),
    PATCH: update('partial'),
    DELETE: (req, env) => {
      const user = accountBySlug(req, env);
      if (user !== req.user) {
        throw forbidden();
      }
      env.store.users.delete(user.email);
      for (const members of env.store.orgMembers.values()) {
        members.delete(user.username);
      }
      return noContent();
    },
  });
  // The view allows anyone to POST; an anonymous user's queryset is empty, so the account is a 404.
  router.add(
    '/account/{slug}/set_password/',
    {
      POST: async (req, env) => {
        const user = accountBySlug(req, env);
        const values = await checkedBody(req, 'SetPasswordRequest');
        if (values.password === '') {
          throw fieldErrors({ password: ['This field may not be blank.'] });
        }
        user.password = String(values.password);
        return json(201, { status: 'password set' });
      },
    },
    'optional',
  );
}

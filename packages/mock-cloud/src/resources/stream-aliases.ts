/**
 * `/alias/` and `/tap/` (`apps/streamalias`): stream aliases (virtual streams made of sections of other
 * streams) and their taps (from `timestamp` on, the alias reads `stream`), by `a--` slug and integer id.
 * Both are scoped to the user's orgs (others: 404; staff with `?staff=1`: all); everything, reading an item
 * included, needs `can_manage_stream_aliases` in the alias's org (403 `Access Denied due to lack of
 * sufficient permissions`), and a new or moved alias or tap needs it in its new org too.
 */
import { hasOrgPermission } from '../access.js';
import type { Schema } from '../api-types.js';
import { addResource } from '../crud.js';
import { detail, fieldErrors, json, type MockRequest, notFound, validationList } from '../http.js';
import { STANDARD } from '../pagination.js';
import type { Env, Router } from '../router.js';
import { drfTime } from '../serializers.js';
import { parseStreamSlug, tryParse } from '../slugs.js';
import { FIXED_TIME, type Obj } from '../store.js';
import { STREAM_ALIAS_TAPS, STREAM_ALIASES } from './data-tables.js';
import { listed, orgOfStream, userOf } from './scope.js';

/** `int64gid`: the id as four groups of four hex digits. */
function gid(id: number): string {
  const hex = id.toString(16).padStart(16, '0').slice(-16);
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}-${hex.slice(12)}`;
}

export function aliasSlug(id: number): string {
  return `a--${gid(id)}`;
}

const aliases = (env: Env) => env.store.table<number>(STREAM_ALIASES);
const taps = (env: Env) => env.store.table<number>(STREAM_ALIAS_TAPS);

/** The alias an `a--` slug names, if any. */
function aliasBySlug(env: Env, slug: string): Obj | undefined {
  for (const a of aliases(env).values()) {
    if (aliasSlug(Number(a.id)) === slug) {
      return a;
    }
  }
  return undefined;
}

function denied(): never {
  throw detail(403, 'Access Denied due to lack of sufficient permissions');
}

/** `check_permissions`: `can_manage_stream_aliases` in the org (when there is one). */
function checkManage(env: Env, req: MockRequest, org: unknown): void {
  if (typeof org === 'string' && !hasOrgPermission(env, userOf(req), org, 'can_manage_stream_aliases')) {
    denied();
  }
}

export function streamAlias(a: Obj): Schema<'StreamAlias'> {
  const id = Number(a.id);
  return {
    id,
    slug: aliasSlug(id),
    gid: gid(id),
    name: String(a.name ?? ''),
    org: String(a.org ?? ''),
    created_on: drfTime(String(a.created_on ?? FIXED_TIME)),
    created_by: typeof a.created_by === 'string' ? a.created_by : null,
  };
}

export function streamAliasTap(t: Obj): Schema<'StreamAliasTap'> {
  return {
    id: Number(t.id),
    alias: String(t.alias),
    timestamp: drfTime(String(t.timestamp)),
    stream: String(t.stream),
    created_on: drfTime(String(t.created_on ?? FIXED_TIME)),
    created_by: typeof t.created_by === 'string' ? t.created_by : null,
  };
}

/** The org of a tap (its alias's). */
function tapOrg(env: Env, t: Obj): unknown {
  return aliasBySlug(env, String(t.alias))?.org ?? null;
}

/** Resolves a tap's `alias` and `stream` slugs, and checks the stream is in the alias's org. */
function resolveTap(env: Env, values: Obj, current: Obj | null): Obj {
  const errors: Record<string, string[]> = {};
  const out = { ...values };
  if (typeof values.alias === 'string' && !aliasBySlug(env, values.alias)) {
    errors.alias = [`Object with slug=${values.alias} does not exist.`];
  }
  if (typeof values.stream === 'string') {
    const slug = tryParse(() => parseStreamSlug(values.stream as string))?.slug;
    if (!slug || !env.store.streams.has(slug)) {
      errors.stream = [`Object with slug=${values.stream} does not exist.`];
    } else {
      out.stream = slug;
    }
  }
  if (Object.keys(errors).length > 0) {
    throw fieldErrors(errors);
  }
  const alias = aliasBySlug(env, String(out.alias ?? current?.alias));
  const streamOrg = orgOfStream(env, String(out.stream ?? current?.stream));
  if (alias && streamOrg !== null && streamOrg !== alias.org) {
    throw validationList('Stream is not in the Org of Alias');
  }
  return out;
}

function now(env: Env): string {
  return new Date(env.now() * 1000).toISOString();
}

export function streamAliasRoutes(router: Router): void {
  addResource(
    router,
    {
      list: '/alias/',
      item: '/alias/{slug}/',
      table: aliases,
      lookup: (text, env) => {
        const a = aliasBySlug(env, text);
        return a ? Number(a.id) : null;
      },
      page: STANDARD,
      order: (a, b) => aliasSlug(Number(a.id)).localeCompare(aliasSlug(Number(b.id))),
      filters: {
        org: (a, value, env) => {
          if (!env.store.orgs.has(value)) {
            throw notFound();
          }
          return a.org === value;
        },
      },
      visible: (a, _user, env, req) => listed(env, req, a.org),
      write: 'authenticated',
      // `get_object` then `check_permissions`, with the view's message.
      canWrite: (a, user, env) =>
        hasOrgPermission(env, user, a.org as string, 'can_manage_stream_aliases') || denied(),
      schemas: { create: 'StreamAliasWrite', update: 'StreamAliasWrite', partial: 'StreamAliasPatch' },
      create: (values, req, env) => {
        if (!env.store.orgs.has(String(values.org))) {
          throw fieldErrors({ org: [`Object with slug=${String(values.org)} does not exist.`] });
        }
        checkManage(env, req, values.org);
        const id = env.store.nextId(STREAM_ALIASES);
        const obj: Obj = {
          id,
          name: values.name,
          org: values.org,
          created_on: now(env),
          created_by: userOf(req).slug,
        };
        return { key: id, obj };
      },
      update: (a, values, req, env) => {
        if (typeof values.org === 'string' && !env.store.orgs.has(values.org)) {
          throw fieldErrors({ org: [`Object with slug=${values.org} does not exist.`] });
        }
        checkManage(env, req, values.org);
        Object.assign(a, values);
      },
      destroy: (a, key, _req, env) => {
        aliases(env).delete(key as number);
        const slug = aliasSlug(Number(a.id));
        for (const [id, t] of taps(env)) {
          if (t.alias === slug) {
            taps(env).delete(id);
          }
        }
      },
      serialize: streamAlias,
    },
    {
      item: {
        GET: (req, env) => {
          const found = aliasBySlug(env, req.params.slug ?? '');
          if (!found || !listed(env, req, found.org)) {
            throw notFound();
          }
          checkManage(env, req, found.org);
          return json(200, streamAlias(found));
        },
      },
    },
  );

  addResource(
    router,
    {
      list: '/tap/',
      item: '/tap/{id}/',
      table: taps,
      lookup: 'id',
      page: STANDARD,
      order: (a, b) => Number(a.id) - Number(b.id),
      filters: {
        target: (t, value, env) => {
          if (!aliasBySlug(env, value)) {
            throw notFound();
          }
          return t.alias === value;
        },
      },
      visible: (t, _user, env, req) => listed(env, req, tapOrg(env, t)),
      write: 'authenticated',
      canWrite: (t, user, env) =>
        hasOrgPermission(env, user, tapOrg(env, t) as string | null, 'can_manage_stream_aliases') || denied(),
      schemas: {
        create: 'StreamAliasTapWrite',
        update: 'StreamAliasTapWrite',
        partial: 'StreamAliasTapPatch',
      },
      create: (values, req, env) => {
        const v = resolveTap(env, values, null);
        checkManage(env, req, aliasBySlug(env, String(v.alias))?.org);
        const id = env.store.nextId(STREAM_ALIAS_TAPS);
        const obj: Obj = {
          id,
          alias: v.alias,
          timestamp: v.timestamp,
          stream: v.stream,
          created_on: now(env),
          created_by: userOf(req).slug,
        };
        return { key: id, obj };
      },
      update: (t, values, req, env) => {
        const v = resolveTap(env, values, t);
        if (typeof v.alias === 'string') {
          checkManage(env, req, aliasBySlug(env, v.alias)?.org);
        }
        Object.assign(t, v);
      },
      serialize: streamAliasTap,
    },
    {
      item: {
        GET: (req, env) => {
          const raw = req.params.id ?? '';
          const found = /^\d+$/.test(raw) ? taps(env).get(Number(raw)) : undefined;
          if (!found || !listed(env, req, tapOrg(env, found))) {
            throw notFound();
          }
          checkManage(env, req, tapOrg(env, found));
          return json(200, streamAliasTap(found));
        },
      },
    },
  );
}

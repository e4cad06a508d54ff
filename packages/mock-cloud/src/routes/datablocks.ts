/**
 * `/datablock/` (`apps/datablock/api_views.py`): data blocks (archives of a device's data), by `b--` slug.
 *
 * - The list holds the blocks of the orgs where the user has `can_access_datablock` (staff: all with
 *   `?staff=`); filters `org`, `device` (unknown: 404) and `q` (a search, which needs `org`).
 * - An item is any block (unknown: 404) whose org grants the user `can_access_datablock` (else 403).
 * - POST archives a device (`archive.ts`): access to the device and `can_create_datablock` (403), a device
 *   that is not busy (403). PUT/PATCH change title and description. DELETE: staff only (403 `{"error"}`).
 * - `extra/`, `properties/`, `new_property/`, `mask/`, and `datatable/` (the web app's table).
 */
import { hasDeviceAccess, hasOrgPermission, inUserOrgs, orgOfDevice } from '../access.js';
import { addResource } from '../crud.js';
import { forbidden, json, type MockRequest, notFound, validationList } from '../http.js';
import { STANDARD } from '../pagination.js';
import { archiveDevice, createBlock } from '../resources/archive.js';
import { maskClear, maskGet, maskSet } from '../resources/device-data.js';
import {
  checkedBody,
  checkReadProperties,
  deviceBusy,
  isBusy,
  newProperty,
  propertiesOf,
  restricted,
  userOf,
} from '../resources/shared.js';
import type { Env, Router } from '../router.js';
import { datablock } from '../serializers.js';
import { blockSlug, tryParse } from '../slugs.js';
import type { Obj } from '../store.js';
import { streamCounts } from './devices.js';

/** The job id of a block just created, for the answer to its POST. */
const fresh = new WeakMap<Obj, string>();

const orgOfBlock = (b: Obj): string | null => (typeof b.org === 'string' ? b.org : null);

/** `get_object`: any block by slug (404), if its org grants `can_access_datablock` (403). */
export function blockOf(req: MockRequest, env: Env, text: string | undefined): Obj {
  const slug = tryParse(() => blockSlug(text ?? ''));
  const found = slug ? env.store.datablocks.get(slug) : undefined;
  if (!found) {
    throw notFound();
  }
  if (!hasOrgPermission(env, userOf(req), orgOfBlock(found), 'can_access_datablock')) {
    throw forbidden();
  }
  return found;
}

/** The words of a text, as the search index splits them. */
const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((w) => w !== '');

function searchText(env: Env, b: Obj): Set<string> {
  const view = datablock(b);
  const texts = [view.title, view.description, view.slug, view.sg ?? '', view.created_by];
  for (const p of env.store.properties.values()) {
    if (p.target === view.slug) {
      texts.push(String(p.value ?? ''));
    }
  }
  for (const n of env.store.notes.values()) {
    if (n.target === view.slug) {
      texts.push(String(n.note ?? ''));
    }
  }
  return new Set(texts.flatMap(words));
}

const completedOn = (b: Obj): string => {
  if (typeof b.completed_on !== 'string') {
    return 'Processing...';
  }
  const d = new Date(b.completed_on);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};

function datatable(req: MockRequest, env: Env) {
  const q = req.query;
  const int = (key: string, fallback: number): number => {
    const raw = q.get(key);
    const n = raw === null ? fallback : Number.parseInt(raw, 10);
    if (!Number.isInteger(n)) {
      throw validationList(`${key} must be an integer`);
    }
    return n;
  };
  const length = int('length', 10);
  const start = int('start', 1);
  let org: string | null = null;
  let rows: Obj[] = [];
  const deviceText = q.get('device');
  const orgText = q.get('org');
  if (deviceText) {
    const d = env.store.devices.get(deviceText);
    if (!d) {
      throw notFound();
    }
    org = orgOfDevice(env, d);
    rows = [...env.store.datablocks.values()].filter(
      (b) => b.device === d.slug || `d--0000-${String(b.slug).slice(8)}` === d.slug,
    );
    rows = rows.filter((b) => orgOfBlock(b) === org);
  } else if (orgText) {
    if (!env.store.orgs.has(orgText)) {
      throw notFound();
    }
    org = orgText;
    rows = [...env.store.datablocks.values()].filter((b) => b.org === org);
  }
  const user = userOf(req);
  if (org !== null && !hasOrgPermission(env, user, org, 'can_access_datablock')) {
    throw forbidden();
  }
  const search = q.get('search[value]');
  if (search && org !== null) {
    const wanted = words(search);
    rows = [...env.store.datablocks.values()]
      .filter((b) => b.org === org)
      .filter((b) => {
        const have = searchText(env, b);
        return wanted.every((w) => have.has(w));
      });
  }
  const columns = ['slug', 'device', 'block', 'title', 'completed_on'] as const;
  const column = columns[int('order[0][column]', 0)] ?? 'slug';
  const desc = q.get('order[0][dir]') === 'desc';
  const value = (b: Obj): string | number =>
    column === 'block'
      ? Number(b.block ?? 0)
      : column === 'completed_on'
        ? String(b.completed_on ?? '')
        : String(b[column] ?? b.slug);
  rows.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return desc ? -order : order;
  });
  const page =
    length === -1
      ? rows
      : rows.slice(Math.floor(start / length) * length, Math.floor(start / length) * length + length);
  const data = page.map((b) => {
    const view = datablock(b);
    const dev = `d--0000-${view.slug.slice(8)}`;
    return {
      slug: `<a href="/org/${view.org ?? ''}/datablock/${view.slug}/">${view.slug}</a>`,
      device: `<a href="/device/${dev}/">${dev}</a>`,
      block: view.block,
      title: view.title,
      completed_on: completedOn(b),
    };
  });
  const out: Record<string, unknown> = {};
  const echo = q.get('sEcho');
  if (echo !== null) {
    out.sEcho = Number.parseInt(echo, 10);
  }
  const draw = q.get('draw');
  if (draw !== null) {
    out.draw = draw;
  }
  return json(200, { ...out, recordsTotal: rows.length, recordsFiltered: rows.length, data });
}

export function datablockRoutes(router: Router): void {
  // Before `/datablock/{slug}/`.
  router.add('/datablock/datatable/', { GET: datatable });

  addResource(
    router,
    {
      list: '/datablock/',
      item: '/datablock/{slug}/',
      table: (env) => env.store.datablocks,
      lookup: (text) => tryParse(() => blockSlug(text)),
      page: STANDARD,
      order: (a, b) =>
        String(a.slug).slice(8).localeCompare(String(b.slug).slice(8)) || Number(a.block) - Number(b.block),
      filters: {
        org: (b, value, env) => {
          if (!env.store.orgs.has(value)) {
            throw notFound();
          }
          return b.org === value;
        },
        device: (b, value, env) => {
          const d = env.store.devices.get(value);
          if (!d) {
            throw notFound();
          }
          return `d--0000-${String(b.slug).slice(8)}` === d.slug;
        },
        q: (b, value, env, req) => {
          const org = req.query.get('org');
          if (!org) {
            throw validationList('Org argument (org=) is needed for search');
          }
          const have = searchText(env, b);
          return words(value).every((w) => have.has(w));
        },
      },
      visible: (b, user, env, req) =>
        (user.isStaff && Boolean(req.query.get('staff'))) ||
        inUserOrgs(env, user, orgOfBlock(b), 'can_access_datablock'),
      write: 'authenticated',
      schemas: { create: 'DataBlockCreateRequest', update: 'DataBlockUpdate', partial: 'DataBlockPatch' },
      fieldChecks: (body, env): Record<string, string[]> =>
        typeof body.device === 'string' && !env.store.devices.has(body.device)
          ? { device: [`Object with slug=${body.device} does not exist.`] }
          : {},
      create: (values, req, env) => {
        const d = env.store.devices.get(String(values.device)) as Obj;
        const user = userOf(req);
        const org = orgOfDevice(env, d);
        if (!hasDeviceAccess(env, user, d) || !hasOrgPermission(env, user, org, 'can_create_datablock')) {
          throw forbidden();
        }
        if (isBusy(d)) {
          throw deviceBusy();
        }
        const block = createBlock(env, d, {
          title: String(values.title),
          description: typeof values.description === 'string' ? values.description : '',
          org,
          createdBy: user.slug,
        });
        fresh.set(block, archiveDevice(env, block, d, values.on_complete));
        return { key: String(block.slug), obj: block };
      },
      // `pid` is the archiving job's id in the answer to POST, an empty string otherwise.
      serialize: (b) => {
        const pid = fresh.get(b) ?? '';
        fresh.delete(b);
        return datablock({ ...b, pid });
      },
    },
    {
      item: {
        GET: (req, env) => json(200, datablock({ ...blockOf(req, env, req.params.slug), pid: '' })),
        PUT: (req, env) => updateBlock(req, env, 'update'),
        PATCH: (req, env) => updateBlock(req, env, 'partial'),
        DELETE: (req, env) => {
          if (!userOf(req).isStaff) {
            throw restricted(403);
          }
          const b = blockOf(req, env, req.params.slug);
          env.store.datablocks.delete(String(b.slug));
          return { status: 204 as const, headers: {}, body: null };
        },
      },
    },
  );

  router.add('/datablock/{slug}/extra/', {
    GET: (req, env) => {
      const b = datablock(blockOf(req, env, req.params.slug));
      return json(200, {
        id: b.id,
        slug: b.slug,
        title: b.title,
        description: b.description,
        created_on: b.created_on,
        stream_counts: streamCounts(env, (parts) => parts.block === b.slug),
      });
    },
  });
  router.add('/datablock/{slug}/properties/', {
    GET: (req, env) => {
      const b = blockOf(req, env, req.params.slug);
      checkReadProperties(env, userOf(req), orgOfBlock(b));
      return json(200, propertiesOf(env, String(b.slug)));
    },
  });
  router.add('/datablock/{slug}/new_property/', {
    POST: (req, env) => {
      const b = blockOf(req, env, req.params.slug);
      return newProperty(req, env, String(b.slug), orgOfBlock(b));
    },
  });
  router.add('/datablock/{slug}/mask/', {
    GET: (req, env) => maskGet(env, blockOf(req, env, req.params.slug)),
    PATCH: (req, env) => {
      const b = blockOf(req, env, req.params.slug);
      return maskSet(req, env, b, orgOfBlock(b));
    },
    DELETE: (req, env) => {
      const b = blockOf(req, env, req.params.slug);
      return maskClear(req, env, b, orgOfBlock(b));
    },
  });
}

async function updateBlock(req: MockRequest, env: Env, mode: 'update' | 'partial') {
  const b = blockOf(req, env, req.params.slug);
  const values = await checkedBody(req, mode === 'update' ? 'DataBlockUpdate' : 'DataBlockPatch', mode);
  Object.assign(b, values);
  const view = datablock(b);
  return json(200, {
    title: view.title,
    description: view.description,
    slug: view.slug,
    block: view.block,
    org: view.org,
    sg: view.sg,
  });
}

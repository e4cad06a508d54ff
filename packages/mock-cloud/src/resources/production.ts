/**
 * `/production/device/`: the machine-to-machine view of an org's devices (`APIManufacturingDataViewSet`),
 * for another cloud holding an org API key (`Authorization: Api-Key <key>`, see `api-keys.ts`). No user is
 * authenticated by the key: without a valid key the answer is 401, and with a user credential instead 403
 * (the permission `HasAuthAPIKey & ReadOnly` fails for an authenticated user). The view is read-only:
 * POST/PUT/PATCH/DELETE are routed but always refused. `create_virtual/` makes a virtual device for the
 * key's org.
 */

import { orgOfDevice } from '../access.js';
import type { Schema } from '../api-types.js';
import { notAuthenticated } from '../auth.js';
import { forbidden, HttpError, json, type MockRequest, notFound, readObject } from '../http.js';
import { LARGE, paginate } from '../pagination.js';
import type { Env, Router } from '../router.js';
import { device as deviceView } from '../serializers.js';
import { deviceSlug, tryParse } from '../slugs.js';
import type { Obj } from '../store.js';
import { apiKeyOrg } from './api-keys.js';
import { nowDrf } from './catalog-shared.js';
import { deviceKeySecret, deviceKeysOf } from './device-keys.js';

/** The sensor graphs a virtual device may run (`AVAILABLE_SENSOR_GRAPH`). */
const VIRTUAL_SENSOR_GRAPHS = new Set([
  'edge-v1-0-0',
  'broker-worker-v1-0-0',
  'connector-smt-generic-machine-v1-0-0',
  'connector-smt-generic-insp-v1-0-0',
  'connector-smt-generic-pnp-v1-0-0',
  'forwarder-generic-v1-0-0',
]);
const VIRTUAL_TEMPLATE = 'generic-virtual-device-v1-0-0';

/**
 * The API key's org, or the refusal: 403 for a request a user credential authenticated, 401 otherwise.
 * `readOnly`: the view's `ReadOnly` part, which refuses every write even with a key.
 */
function keyOrg(req: MockRequest, env: Env, readOnly: boolean): string {
  const org = apiKeyOrg(req, env);
  if (org === null || (readOnly && req.method !== 'GET')) {
    throw req.user === null ? notAuthenticated() : forbidden();
  }
  return org;
}

export function productionDevice(d: Obj, env: Env, withKeys: boolean): Schema<'ProductionDevice'> {
  const view = deviceView(d, env.store);
  const out: Schema<'ProductionDevice'> = {
    id: view.id,
    slug: view.slug,
    gid: view.gid,
    created_on: view.created_on,
    template: view.template,
    sg: view.sg,
    claimed: view.project !== null,
  };
  if (withKeys) {
    out.keys = deviceKeysOf(env, view.slug, true).map(deviceKeySecret);
  }
  return out;
}

const refused = (req: MockRequest, env: Env): never => {
  keyOrg(req, env, true);
  throw forbidden();
};

/** A new device id: above every device's, as the database sequence would give. */
function nextDeviceId(env: Env): number {
  for (const d of env.store.devices.values()) {
    const id =
      typeof d.id === 'number'
        ? d.id
        : tryParse(() => Number.parseInt(String(d.slug).slice(3).replace(/-/g, ''), 16));
    if (typeof id === 'number' && Number.isSafeInteger(id)) {
      env.store.reserveId('device', id);
    }
  }
  return env.store.nextId('device');
}

export function productionRoutes(router: Router): void {
  router.add(
    '/production/device/',
    {
      GET: (req, env) => {
        const org = keyOrg(req, env, true);
        let rows = [...env.store.devices.values()].filter((d) => orgOfDevice(env, d) === org);
        const dt = req.query.get('dt');
        if (dt) {
          if (!env.store.dts.has(dt)) {
            throw notFound();
          }
          rows = rows.filter((d) => d.template === dt);
        }
        const sg = req.query.get('sg');
        if (sg) {
          if (!env.store.sgs.has(sg)) {
            throw notFound();
          }
          rows = rows.filter((d) => d.sg === sg);
        }
        const claimed = req.query.get('claimed');
        if (claimed !== null && /^(true|false|1|0)$/i.test(claimed)) {
          // `filter_by_claimed` ignores the value: either way only devices in a project.
          rows = rows.filter((d) => typeof d.project === 'string' && d.project !== '');
        }
        const orgSlug = req.query.get('org__slug');
        if (orgSlug) {
          rows = rows.filter((d) => orgOfDevice(env, d) === orgSlug);
        }
        const withKeys = req.query.get('keys') === '1';
        const views = rows.map((d) => productionDevice(d, env, withKeys)).sort((a, b) => a.id - b.id);
        return json(200, paginate(req, views, LARGE));
      },
      POST: refused,
    },
    'optional',
  );

  router.add(
    '/production/device/create_virtual/',
    {
      POST: async (req, env) => {
        const org = keyOrg(req, env, false);
        const body = await readObject(req);
        const qtyText = body.qty === undefined ? '1' : String(body.qty);
        if (!/^\s*[+-]?\d+\s*$/.test(qtyText)) {
          throw new HttpError(400, { error: 'If provided, qty must be an integer.' });
        }
        const qty = Number.parseInt(qtyText, 10);
        if (qty < 1 || qty > 1) {
          throw new HttpError(400, { error: 'Integer must be between 1 and 1.' });
        }
        // `many=True`: the errors are a list with one field-error map per device.
        const errors: Record<string, string[]> = {};
        const userSlug = body.user;
        const user = [...env.store.users.values()].find(
          (u) => u.slug === userSlug && u.isActive && u.isStaff,
        );
        if (userSlug === undefined) {
          errors.user = ['This field is required.'];
        } else if (!user) {
          errors.user = [`Object with slug=${String(userSlug)} does not exist.`];
        }
        const sg = body.sg;
        if (sg === undefined) {
          errors.sg = ['This field is required.'];
        } else if (!VIRTUAL_SENSOR_GRAPHS.has(String(sg)) || !env.store.sgs.has(String(sg))) {
          errors.sg = [`Object with slug=${String(sg)} does not exist.`];
        }
        if (!env.store.orgs.has(org)) {
          errors.org = [`Object with slug=${org} does not exist.`];
        }
        if (Object.keys(errors).length > 0 || !user) {
          throw new HttpError(400, [errors] as never);
        }
        const id = nextDeviceId(env);
        const slug = deviceSlug(id);
        const created: Obj = {
          id,
          slug,
          gid: slug.slice(3),
          label: '',
          active: true,
          external_id: '',
          sg: String(sg),
          template: env.store.dts.has(VIRTUAL_TEMPLATE) ? VIRTUAL_TEMPLATE : null,
          org,
          project: null,
          created_on: nowDrf(env),
          created_by: user.username,
          claimed_by: user.slug,
          claimed_on: null,
        };
        env.store.devices.set(slug, created);
        return json(201, [deviceView(created, env.store)]);
      },
    },
    'optional',
  );

  router.add(
    '/production/device/{slug}/',
    {
      GET: (req, env) => {
        const org = keyOrg(req, env, true);
        let text = req.params.slug ?? '';
        const pieces = text.split('--');
        if (pieces.length === 2 && pieces[0] === 'd') {
          text = tryParse(() => deviceSlug(text)) ?? text;
        }
        const found = env.store.devices.get(text);
        if (!found) {
          throw notFound();
        }
        if (orgOfDevice(env, found) !== org) {
          throw forbidden();
        }
        return json(200, productionDevice(found, env, req.query.get('keys') === '1'));
      },
      PUT: refused,
      PATCH: refused,
      DELETE: refused,
    },
    'optional',
  );
}

/**
 * `/ota/...`: device OTA info, scripts (non-staff users see released ones only, and an empty list),
 * deployment requests (listed only with a `fleet`, `org` or `scope` filter) and actions (listed only with a
 * `request` or `device` filter; devices report attempts with POST).
 */

import type { Schema } from '../api-types.js';
import { detail, fieldErrors, json, type MockRequest, notFound, readObject } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import type { Env, Router } from '../router.js';
import {
  device as deviceView,
  otaAction,
  otaDeviceInfo,
  otaRequest,
  otaScript,
  otaScriptFile,
} from '../serializers.js';
import { deviceSlug, tryParse } from '../slugs.js';
import type { Obj, UserRecord } from '../store.js';
import { formatDrf } from '../timestamps.js';

/** Requests that reach a device: those of the fleets it is in. */
function requestsFor(env: Env, slug: string): Obj[] {
  return [...env.store.deployments.values()].filter((r) => {
    const members = env.store.fleetMembers.get(String(r.fleet ?? ''));
    return members?.has(slug) === true && r.released_on !== null;
  });
}

function otaDevice(req: MockRequest, env: Env) {
  const raw = req.params.slug ?? '';
  if (!/^[dD]--0000-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}$/.test(raw)) {
    throw notFound();
  }
  const slug = deviceSlug(raw);
  const info = env.store.otaDevices.get(slug);
  const dev = env.store.devices.get(slug);
  if (!info && !dev) {
    throw notFound();
  }
  const base = info ?? { slug, template: dev?.template ?? null, sg: dev?.sg ?? null };
  const actions = [...env.store.otaActions.values()].filter((a) => a.device === slug);
  return json(200, otaDeviceInfo(base, requestsFor(env, slug), actions));
}

function isStaff(req: MockRequest): boolean {
  return (req.user as UserRecord).isStaff;
}

function findScript(req: MockRequest, env: Env): Obj {
  const found = env.store.otaScripts.get(req.params.slug ?? '');
  if (!found || (!isStaff(req) && found.released !== true)) {
    throw notFound();
  }
  return found;
}

function listRequests(req: MockRequest, env: Env) {
  const fleets = (req.query.get('fleet') ?? '').split(',').filter(Boolean);
  const orgs = (req.query.get('org') ?? '').split(',').filter(Boolean);
  const scopes = (req.query.get('scope') ?? '').split(',').filter(Boolean);
  if (fleets.length + orgs.length + scopes.length === 0) {
    return json(200, paginate(req, [], STANDARD));
  }
  const rows = [...env.store.deployments.values()].filter((r) => {
    if (r.released_on === null || r.completed_on) {
      return false;
    }
    const fleet = String(r.fleet ?? '');
    const org = String(r.org ?? '');
    return (
      fleets.includes(fleet) ||
      orgs.includes(org) ||
      scopes.some((s) => s === fleet || s === org || (s === 'global' && !r.fleet))
    );
  });
  return json(200, paginate(req, rows.map(otaRequest), STANDARD));
}

function listActions(req: MockRequest, env: Env) {
  const request = req.query.get('request');
  const dev = req.query.get('device');
  if (!request && !dev) {
    return json(200, paginate(req, [], STANDARD));
  }
  const devSlug = dev ? tryParse(() => deviceSlug(dev)) : null;
  const rows = [...env.store.otaActions.values()].filter(
    (a) => (!request || String(a.deployment) === request) && (!dev || a.device === devSlug),
  );
  return json(200, paginate(req, rows.map(otaAction), STANDARD));
}

async function createAction(req: MockRequest, env: Env) {
  const body = await readObject(req);
  const errors: Record<string, string[]> = {};
  const deployment = body.deployment;
  if (deployment === undefined || deployment === null) {
    errors.deployment = ['This field is required.'];
  } else if (!env.store.deployments.has(Number(deployment))) {
    errors.deployment = [`Invalid pk "${String(deployment)}" - object does not exist.`];
  }
  const devSlug = typeof body.device === 'string' ? tryParse(() => deviceSlug(body.device as string)) : null;
  if (body.device === undefined) {
    errors.device = ['This field is required.'];
  } else if (!devSlug || !env.store.devices.has(devSlug)) {
    errors.device = [`Object with slug=${String(body.device)} does not exist.`];
  }
  if (Object.keys(errors).length > 0) {
    throw fieldErrors(errors);
  }
  const id = env.store.nextId('ota-action');
  const action: Obj = {
    id,
    deployment: Number(deployment),
    device: devSlug,
    created_on: formatDrf(Math.round(env.now() * 1_000_000)),
    last_attempt_on: typeof body.last_attempt_on === 'string' ? body.last_attempt_on : null,
    attempt_successful: body.attempt_successful === true,
    device_confirmation: false,
    log: typeof body.log === 'string' ? body.log : null,
  };
  env.store.otaActions.set(id, action);
  return json(201, otaAction(action));
}

function intId(raw: string): number {
  if (!/^\d+$/.test(raw)) {
    throw detail(404, 'Not found.');
  }
  return Number(raw);
}

export function otaRoutes(router: Router): void {
  router.add('/ota/device/{slug}/', { GET: otaDevice });
  router.add('/ota/script/', {
    GET: (req, env) => {
      const rows = isStaff(req) ? [...env.store.otaScripts.values()].map(otaScript) : [];
      return json(200, paginate(req, rows, STANDARD));
    },
  });
  router.add('/ota/script/{slug}/', { GET: (req, env) => json(200, otaScript(findScript(req, env))) });
  router.add('/ota/script/{slug}/file/', {
    GET: (req, env) => {
      const script = findScript(req, env);
      const file = (script.file as Obj | undefined) ?? {};
      return json(200, otaScriptFile(file));
    },
  });
  router.add('/ota/request/', { GET: listRequests });
  router.add('/ota/request/{id}/', {
    GET: (req, env) => {
      const found = env.store.deployments.get(intId(req.params.id ?? ''));
      if (!found) {
        throw notFound();
      }
      return json(200, otaRequest(found));
    },
  });
  router.add('/ota/request/{id}/devices/', {
    GET: (req, env) => {
      const found = env.store.deployments.get(intId(req.params.id ?? ''));
      if (!found) {
        throw notFound();
      }
      const members = [...(env.store.fleetMembers.get(String(found.fleet ?? ''))?.keys() ?? [])];
      const rows = members.flatMap((slug): Schema<'OtaRequestDevice'>[] => {
        const dev = env.store.devices.get(slug);
        if (!dev) {
          return [];
        }
        const view = deviceView(dev, env.store);
        return [{ id: view.id, slug, sg: view.sg, template: view.template, versions: [] }];
      });
      return json(200, paginate(req, rows, STANDARD));
    },
  });
  router.add('/ota/action/', { GET: listActions, POST: createAction });
  router.add('/ota/action/{id}/', {
    GET: (req, env) => {
      const found = env.store.otaActions.get(intId(req.params.id ?? ''));
      if (!found) {
        throw notFound();
      }
      return json(200, otaAction(found));
    },
  });
}

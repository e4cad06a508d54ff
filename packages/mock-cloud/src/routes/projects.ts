/**
 * `/project/` (`apps/project/api_views.py`), through the CRUD engine: looked up by UUID (anything else is a
 * 400 `["Project ID must be a UUID"]`), scoped to the projects of the user's orgs (staff: all with
 * `?staff=1`; others are a 404).
 *
 * - POST (and `POST /project/new/`) needs `can_manage_org_and_projects` in the org; the project gets the
 *   next `p--` number. PUT/PATCH need it in the project's org. DELETE is staff only: others get **400**
 *   `{"error": "Restricted Access. Contact Arch"}`, as on the server.
 * - `extra/` adds device, variable and stream counts; `properties/` and `new_property/` as for devices.
 */

import { randomUUID } from 'node:crypto';
import { hasOrgPermission, inUserOrgs, staffAll } from '../access.js';
import type { Schema } from '../api-types.js';
import { addResource } from '../crud.js';
import { fieldErrors, HttpError, json, type MockRequest, notFound, validationList } from '../http.js';
import { STANDARD } from '../pagination.js';
import {
  accessDenied,
  accountSlug,
  checkedBody,
  checkReadProperties,
  newProperty,
  nowIso,
  propertiesOf,
  restricted,
  userOf,
} from '../resources/shared.js';
import type { Env, Router } from '../router.js';
import { project } from '../serializers.js';
import { deviceSlug, isUuid, parseStreamSlug, projectSlug, tryParse } from '../slugs.js';
import type { Obj } from '../store.js';

/** The project a URL names, as the user's queryset holds it: 400 for a non-UUID, 404 when not held. */
export function projectOf(req: MockRequest, env: Env, id: string | undefined): Obj {
  if (!isUuid(id ?? '')) {
    throw validationList('Project ID must be a UUID');
  }
  const found = env.store.projects.get(String(id).toLowerCase());
  if (!found || !(staffAll(req) || inUserOrgs(env, userOf(req), found.org as string | null))) {
    throw notFound();
  }
  return found;
}

/** `SlugRelatedField(queryset=Org.objects.all())`. */
function orgField(env: Env, value: unknown): string {
  const slug = String(value);
  if (!env.store.orgs.has(slug)) {
    throw fieldErrors({ org: [`Object with slug=${slug} does not exist.`] });
  }
  return slug;
}

/** A new project: the next `p--` number, a fresh UUID. */
export function createProject(env: Env, fields: Obj, createdBy: string): Obj {
  let gid = 0;
  for (const p of env.store.projects.values()) {
    const n = Number.parseInt(
      String(p.slug ?? '')
        .slice(3)
        .replace('-', ''),
      16,
    );
    if (Number.isFinite(n) && n > gid) {
      gid = n;
    }
  }
  const slug = projectSlug(gid + 1);
  const obj: Obj = {
    id: randomUUID(),
    name: '',
    slug,
    gid: slug.slice(3),
    org: null,
    about: '',
    project_template: null,
    created_on: nowIso(env),
    created_by: createdBy,
    ...fields,
  };
  env.store.projects.set(String(obj.id), obj);
  return obj;
}

function counts(env: Env, p: Obj): Schema<'ProjectExtra'>['counts'] {
  const devices = [...env.store.devices.values()].filter(
    (d) => String(d.project ?? '').toLowerCase() === String(p.id),
  );
  const streams = [...env.store.streams.values()]
    .map((s) => tryParse(() => parseStreamSlug(String(s.slug))))
    .filter((s) => s !== null && s.project === p.slug && !s.isBlock);
  return {
    active_devices: devices.filter((d) => d.active !== false).length,
    inactive_devices: devices.filter((d) => d.active === false).length,
    // The mock keeps no variable records of its own: a project's variables are those its streams use.
    variables: new Set(streams.map((s) => s?.variable)).size,
    streams: streams.length,
  };
}

function requireManage(env: Env, req: MockRequest, orgSlug: unknown): void {
  if (
    !hasOrgPermission(
      env,
      userOf(req),
      typeof orgSlug === 'string' ? orgSlug : null,
      'can_manage_org_and_projects',
    )
  ) {
    throw accessDenied();
  }
}

export function projectRoutes(router: Router): void {
  // Before `/project/{id}/`, whose pattern would take `new` as an id.
  router.add('/project/new/', {
    POST: async (req, env) => {
      const values = await checkedBody(req, 'ProjectNewRequest');
      const org = orgField(env, values.org);
      let dev: Obj | undefined;
      if (values.device !== undefined) {
        dev = env.store.devices.get(tryParse(() => deviceSlug(String(values.device))) ?? '');
        if (!dev || dev.slug !== values.device) {
          throw fieldErrors({ device: [`Object with slug=${String(values.device)} does not exist.`] });
        }
      }
      requireManage(env, req, org);
      const user = userOf(req);
      let template: unknown = null;
      if (dev) {
        const sg = typeof dev.sg === 'string' ? env.store.sgs.get(dev.sg) : undefined;
        if (!sg) {
          throw new HttpError(400, 'Device not properly setup. Contact Arch Support');
        }
        template = sg.project_template ?? null;
      }
      const created = createProject(env, { name: values.name, org, project_template: template }, user.slug);
      return json(201, { id: String(created.id) });
    },
  });

  addResource(
    router,
    {
      list: '/project/',
      item: '/project/{id}/',
      table: (env) => env.store.projects,
      lookup: (text) => {
        if (!isUuid(text)) {
          throw validationList('Project ID must be a UUID');
        }
        return text.toLowerCase();
      },
      page: STANDARD,
      filters: {
        org: (p, value, env) => {
          if (!env.store.orgs.has(value)) {
            throw notFound();
          }
          return p.org === value;
        },
        org__slug: (p, value, env) => {
          if (!env.store.orgs.has(value)) {
            throw notFound();
          }
          return p.org === value;
        },
        slug: (p, value) => p.slug === value,
        name: (p, value) => p.name === value,
        created_by: (p, value, env) => {
          const creator = [...env.store.users.values()].find((u) => String(u.id) === value.trim());
          if (!creator) {
            throw fieldErrors({
              created_by: ['Select a valid choice. That choice is not one of the available choices.'],
            });
          }
          return accountSlug(env, p.created_by ?? p.craeted_by) === creator.slug;
        },
        // `name` or `name__value` of project properties (values compared as text).
        property: (p, value, env) => {
          const [name, text, ...rest] = value.split('__');
          if (rest.length > 0) {
            return true;
          }
          return [...env.store.properties.values()].some(
            (prop) =>
              prop.target === p.slug &&
              prop.name === name &&
              (text === undefined || String(prop.value) === text),
          );
        },
      },
      // `Meta.ordering = ['org', 'name']`.
      order: (a, b) =>
        String(a.org ?? '').localeCompare(String(b.org ?? '')) ||
        String(a.name ?? '').localeCompare(String(b.name ?? '')),
      visible: (p, user, env, req) => staffAll(req) || inUserOrgs(env, user, p.org as string | null),
      write: 'authenticated',
      canWrite: (p, user, env) => {
        if (!hasOrgPermission(env, user, p.org as string | null, 'can_manage_org_and_projects')) {
          throw accessDenied();
        }
        return true;
      },
      fieldChecks: (body, env): Record<string, string[]> =>
        typeof body.org === 'string' && !env.store.orgs.has(body.org)
          ? { org: [`Object with slug=${body.org} does not exist.`] }
          : {},
      schemas: { create: 'ProjectCreateRequest', update: 'ProjectCreateRequest', partial: 'ProjectPatch' },
      create: (values, req, env) => {
        const org = orgField(env, values.org);
        requireManage(env, req, org);
        const user = userOf(req);
        // `createProject` stores it; the engine stores it again under the same key.
        const obj = createProject(
          env,
          {
            name: values.name,
            org,
            about: typeof values.about === 'string' ? values.about : '',
            project_template: typeof values.project_template === 'string' ? values.project_template : null,
          },
          user.slug,
        );
        return { key: String(obj.id), obj };
      },
      update: (obj, values, _req, env) => {
        if ('org' in values) {
          values.org = orgField(env, values.org);
        }
        Object.assign(obj, values);
      },
      serialize: (p) => project(p),
    },
    {
      item: {
        DELETE: (req, env) => {
          if (!userOf(req).isStaff) {
            throw restricted(400);
          }
          const found = projectOf(req, env, req.params.id);
          env.store.projects.delete(String(found.id));
          for (const d of env.store.devices.values()) {
            if (String(d.project ?? '').toLowerCase() === found.id) {
              d.project = null;
            }
          }
          return { status: 204 as const, headers: {}, body: null };
        },
      },
    },
  );

  router.add('/project/{id}/extra/', {
    GET: (req, env) => {
      const p = projectOf(req, env, req.params.id);
      const base = project(p);
      const { created_on, created_by, ...head } = base;
      return json(200, { ...head, counts: counts(env, p), created_on, created_by });
    },
  });

  router.add('/project/{id}/properties/', {
    GET: (req, env) => {
      const p = projectOf(req, env, req.params.id);
      checkReadProperties(env, userOf(req), typeof p.org === 'string' ? p.org : null);
      return json(200, propertiesOf(env, String(p.slug)));
    },
  });

  router.add('/project/{id}/new_property/', {
    POST: (req, env) => {
      const p = projectOf(req, env, req.params.id);
      return newProperty(req, env, String(p.slug), typeof p.org === 'string' ? p.org : null);
    },
  });
}

/**
 * `/variable/`: stream variables (`apps/stream`, `APIStreamVariableViewSet`), looked up by `v--` slug.
 * Lists show the variables of orgs where the user may read stream ids (`can_read_stream_ids`), Large pages,
 * filtered by `project` (UUID: also project-less variables; `p--` slug), `org` (unknown: 404) and `search`;
 * template (project-less) variables only with `include_templates=1` and `project`, or `?staff=1`. An item
 * is found without that scoping: a variable of a project the user cannot access is a 403. Any
 * authenticated user may create one in any project (the view checks nothing more); only staff may delete
 * one (others get 400 `{"error": "Restricted Access. Contact Arch"}`). The slug is made from the project
 * and the local id on every save, and (project, lid) is unique.
 */

import { hasOrgAccess } from '../access.js';
import type { Schema } from '../api-types.js';
import { addResource } from '../crud.js';
import { errorBody, fieldErrors, forbidden, HttpError, json, type MockRequest, notFound } from '../http.js';
import { LARGE } from '../pagination.js';
import type { Env, Router } from '../router.js';
import { drfTime, inputUnit, outputUnit, projectBySlug, uuidFrom, varType } from '../serializers.js';
import { isUuid, normaliseVariableSlug, projectSlug, tryParse, variableSlug } from '../slugs.js';
import { FIXED_TIME, type Obj } from '../store.js';
import { VARIABLES } from './data-tables.js';
import { findUnit, findVarType, listed, serverError, userOf } from './scope.js';

/** The variable's project record (by UUID), if the store has it. */
function projectOf(env: Env, v: Obj): Obj | undefined {
  return typeof v.project === 'string' ? env.store.projects.get(v.project.toLowerCase()) : undefined;
}

function orgOf(env: Env, v: Obj): string | null {
  if (typeof v.org === 'string') {
    return v.org;
  }
  const project = projectOf(env, v);
  if (typeof project?.org === 'string') {
    return project.org;
  }
  // A fixture variable without a project record: the project in its slug.
  const slugProject = typeof v.slug === 'string' ? `p--${v.slug.slice(3, 12)}` : '';
  const bySlug = projectBySlug(env.store, slugProject);
  return typeof bySlug?.org === 'string' ? bySlug.org : null;
}

/** The project UUID of a variable: its own, else the record of the project in its slug. */
function projectIdOf(env: Env, v: Obj): string | null {
  if (v.project === null) {
    return null;
  }
  if (typeof v.project === 'string') {
    return v.project.toLowerCase();
  }
  const bySlug =
    typeof v.slug === 'string' ? projectBySlug(env.store, `p--${v.slug.slice(3, 12)}`) : undefined;
  return typeof bySlug?.id === 'string' ? bySlug.id.toLowerCase() : null;
}

/** `StreamVariable.has_access`: staff, template variables (no project), or access to the project's org. */
function hasAccess(env: Env, req: MockRequest, v: Obj): boolean {
  const user = userOf(req);
  return user.isStaff || projectIdOf(env, v) === null || hasOrgAccess(env, user, orgOf(env, v));
}

export function variable(v: Obj, env: Env): Schema<'Variable'> {
  const slug = String(v.slug);
  const num = (x: unknown, fallback: number) => (typeof x === 'number' ? x : fallback);
  const str = (x: unknown, fallback = '') => (typeof x === 'string' ? x : fallback);
  return {
    id: str(v.id, uuidFrom(`variable:${slug}`)),
    name: str(v.name),
    lid: num(v.lid, Number.parseInt(slug.slice(-4), 16)),
    var_type: typeof v.var_type === 'string' ? v.var_type : null,
    input_unit: inputUnit(v.input_unit),
    output_unit: outputUnit(v.output_unit),
    derived_variable: typeof v.derived_variable === 'string' ? v.derived_variable : null,
    project: projectIdOf(env, v),
    org: orgOf(env, v),
    about: str(v.about),
    created_on: drfTime(str(v.created_on, FIXED_TIME)),
    raw_value_format: str(v.raw_value_format, '<L'),
    units: str(v.units),
    multiplication_factor: num(v.multiplication_factor, 1),
    division_factor: num(v.division_factor, 1),
    offset: num(v.offset, 0),
    decimal_places: num(v.decimal_places, 0),
    mdo_label: str(v.mdo_label),
    web_only: v.web_only === true,
    app_only: v.app_only === true,
    slug,
  };
}

/** The key a `v--` path segment names (the server pads short forms), or the text itself (then 404). */
function lookup(text: string): string {
  return tryParse(() => normaliseVariableSlug(text)) ?? text;
}

/**
 * Resolves the related fields of checked values: the project (a UUID), the variable type, the units and
 * the derived variable (slugs), with DRF's messages for what does not exist.
 */
function resolve(env: Env, values: Obj): Obj {
  const errors: Record<string, string[]> = {};
  const out: Obj = { ...values };
  if (typeof values.project === 'string') {
    const project = env.store.projects.get(values.project.toLowerCase());
    if (!project) {
      errors.project = [`Invalid pk "${values.project}" - object does not exist.`];
    } else {
      out.project = String(project.id).toLowerCase();
    }
  }
  if (typeof values.var_type === 'string' && !findVarType(env, values.var_type)) {
    errors.var_type = [`Object with slug=${values.var_type} does not exist.`];
  }
  for (const key of ['input_unit', 'output_unit'] as const) {
    const slug = values[key];
    if (typeof slug === 'string') {
      const unit = findUnit(env, key, slug);
      if (unit) {
        out[key] = unit;
      } else {
        errors[key] = [`Object with slug=${slug} does not exist.`];
      }
    }
  }
  if (typeof values.derived_variable === 'string') {
    const slug = tryParse(() => normaliseVariableSlug(values.derived_variable as string));
    if (!slug || !env.store.table(VARIABLES).has(slug)) {
      errors.derived_variable = [`Object with slug=${values.derived_variable} does not exist.`];
    } else {
      out.derived_variable = slug;
    }
  }
  if (Object.keys(errors).length > 0) {
    throw fieldErrors(errors);
  }
  return out;
}

/** The slug `save()` gives: the project's gid and the local id (project-less: project 0). */
function slugFor(env: Env, v: Obj): string {
  const project = typeof v.project === 'string' ? env.store.projects.get(v.project) : undefined;
  const pid = typeof project?.slug === 'string' ? project.slug : projectSlug(0);
  return variableSlug(pid, typeof v.lid === 'number' ? v.lid : 0);
}

/** The model's `unique_together` on (project, lid), as DRF's UniqueTogetherValidator reports it. */
function checkUnique(env: Env, candidate: Obj, self: Obj | null): void {
  for (const other of env.store.table(VARIABLES).values()) {
    if (other !== self && projectIdOf(env, other) === candidate.project && other.lid === candidate.lid) {
      throw new HttpError(400, { non_field_errors: ['The fields project, lid must make a unique set.'] });
    }
  }
}

function projectFilter(env: Env, v: Obj, value: string): boolean {
  if (isUuid(value)) {
    const id = projectIdOf(env, v);
    return id === null || id === value.toLowerCase();
  }
  const slug = tryParse(() => projectSlug(value));
  return slug !== null && projectIdOf(env, v) !== null && String(v.slug).slice(3, 12) === slug.slice(3);
}

export function variableRoutes(router: Router): void {
  const table = (env: Env) => env.store.table<string>(VARIABLES);
  const get = (req: MockRequest, env: Env): Obj => {
    const found = table(env).get(lookup(req.params.slug ?? ''));
    if (!found) {
      throw notFound();
    }
    if (!hasAccess(env, req, found)) {
      throw forbidden();
    }
    return found;
  };
  addResource(
    router,
    {
      list: '/variable/',
      item: '/variable/{slug}/',
      table,
      lookup,
      page: LARGE,
      order: (a, b) => String(a.slug).localeCompare(String(b.slug)),
      filters: {
        project: (v, value, env) => projectFilter(env, v, value),
        org: (v, value, env) => {
          if (!env.store.orgs.has(value)) {
            throw notFound();
          }
          return orgOf(env, v) === value;
        },
        search: (v, value) =>
          String(v.name ?? '')
            .toLowerCase()
            .includes(value.toLowerCase()),
      },
      visible: (v, user, env, req) => {
        if (req.params.slug !== undefined) {
          // Items are looked up without scoping (then 403 for no access): see `canWrite` and the GET below.
          return true;
        }
        if (user.isStaff && req.query.get('staff') === '1') {
          return true;
        }
        if (projectIdOf(env, v) === null) {
          // Template variables: only added with `include_templates` and a project.
          return Boolean(req.query.get('include_templates')) && Boolean(req.query.get('project'));
        }
        return listed(env, req, orgOf(env, v), 'can_read_stream_ids');
      },
      write: 'authenticated',
      canWrite: (v, user, env) =>
        user.isStaff || projectIdOf(env, v) === null || hasOrgAccess(env, user, orgOf(env, v)),
      schemas: { create: 'VariableCreateRequest', update: 'VariableCreateRequest', partial: 'VariablePatch' },
      create: (values, req, env) => {
        const v = resolve(env, values);
        if (v.project === null) {
          // `perform_create` reads `project.org`.
          throw serverError("'NoneType' object has no attribute 'org'");
        }
        checkUnique(env, v, null);
        const project = env.store.projects.get(String(v.project)) as Obj;
        const obj: Obj = {
          id: uuidFrom(`variable:${String(v.project)}:${String(v.lid)}:${env.now()}`),
          about: '',
          raw_value_format: '<L',
          units: '',
          multiplication_factor: 1,
          division_factor: 1,
          offset: 0,
          decimal_places: 0,
          mdo_label: '',
          web_only: false,
          app_only: false,
          var_type: null,
          input_unit: null,
          output_unit: null,
          derived_variable: null,
          ...v,
          org: typeof project.org === 'string' ? project.org : null,
          created_on: new Date(env.now() * 1000).toISOString(),
          created_by: userOf(req).username,
        };
        obj.slug = slugFor(env, obj);
        return { key: String(obj.slug), obj };
      },
      update: (obj, values, _req, env) => {
        const v = resolve(env, values);
        const next = { ...obj, ...v, project: 'project' in v ? v.project : projectIdOf(env, obj) };
        checkUnique(env, next, obj);
        const t = table(env);
        t.delete(String(obj.slug));
        Object.assign(obj, v, { project: next.project });
        obj.slug = slugFor(env, obj);
        t.set(String(obj.slug), obj);
      },
      serialize: (v, env) => variable(v, env),
    },
    {
      item: {
        GET: (req, env) => json(200, variable(get(req, env), env)),
        DELETE: (req, env) => {
          // `destroy` answers non-staff before looking the variable up.
          if (!userOf(req).isStaff) {
            throw errorBody(400, 'Restricted Access. Contact Arch');
          }
          const found = get(req, env);
          table(env).delete(String(found.slug));
          return { status: 204, headers: {}, body: null };
        },
      },
    },
  );
  router.add('/variable/{slug}/type/', {
    GET: (req, env) => {
      const found = get(req, env);
      const vt = typeof found.var_type === 'string' ? findVarType(env, found.var_type) : undefined;
      // Without a type the server serialises None: the read-only serializer's initial values.
      const body = vt ? varType(vt) : { name: '', stream_data_type: '00', storage_units_full: '' };
      return json(200, body as Schema<'VarType'>);
    },
  });
}

/**
 * The variables a set of streams implies: one per project and local id, named and typed as the first of
 * its streams (the demo's variables; the server creates a variable before any stream of it).
 */
export function variablesOfStreams(
  streams: readonly Obj[],
  projects: readonly Obj[],
  createdOn: string,
): Array<Obj & { slug: string }> {
  const out = new Map<string, Obj & { slug: string }>();
  for (const s of streams) {
    const slug = `v--${String(s.slug).slice(3, 12)}--${String(s.slug).slice(-4)}`;
    if (out.has(slug)) {
      continue;
    }
    const project = projects.find((p) => p.slug === `p--${slug.slice(3, 12)}`);
    out.set(slug, {
      slug,
      id: uuidFrom(`variable:${slug}`),
      name: String(s.data_label ?? s.var_name ?? ''),
      lid: Number.parseInt(slug.slice(-4), 16),
      var_type: s.var_type ?? null,
      input_unit: s.input_unit ?? null,
      output_unit: s.output_unit ?? null,
      project: typeof project?.id === 'string' ? project.id : null,
      org: typeof project?.org === 'string' ? project.org : null,
      created_on: createdOn,
    });
  }
  return [...out.values()];
}

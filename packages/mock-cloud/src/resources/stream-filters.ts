/**
 * `/filter/` (`apps/streamfilter`, `APIStreamFilterViewSet`): stream filters, by `f--` slug, with their
 * states (and each state's actions), transitions (and each transition's triggers) and triggers.
 *
 * - Lists show the active filters of projects the user can access (staff with `?staff=1`: all), filtered
 *   by `project` (a UUID). An item needs access to the filter's project (403).
 * - A filter is written with `project`, `variable` and optionally `device` (slugs); its slug follows its
 *   input stream (`f--` + the stream slug's parts) or, project-wide, `f--<project>----<variable>`. The
 *   serializer refuses a slug that a filter already has, the filter itself included, so an update only
 *   succeeds when it moves the filter or leaves `device` out (the input stream, and so the slug, then stay).
 *   It reads `project` and `variable` from the body without checking they are there (a PATCH without them
 *   fails in its code: 500).
 * - `state/`, `transition/`, `trigger/` and `action/` look the filter up by slug without an access check;
 *   their writes answer as the view does (PUT 201, DELETE 204 with the object found by the fields of the
 *   body, missing keys 400 `{"error"}`).
 */
import { hasOrgAccess } from '../access.js';
import type { Schema } from '../api-types.js';
import { addResource } from '../crud.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import {
  errorBody,
  fieldErrors,
  forbidden,
  HttpError,
  json,
  type MockRequest,
  notFound,
  readObject,
} from '../http.js';
import { STANDARD } from '../pagination.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import type { Env, Router } from '../router.js';
import { drfTime, projectBySlug, uuidFrom } from '../serializers.js';
import { deviceSlug, isUuid, normaliseVariableSlug, projectSlug, slugify, tryParse } from '../slugs.js';
import { FIXED_TIME, type Obj } from '../store.js';
import {
  FILTER_ACTIONS,
  FILTER_STATES,
  FILTER_TRANSITIONS,
  FILTER_TRIGGERS,
  STREAM_FILTERS,
  VARIABLES,
} from './data-tables.js';
import { listed, serverError, userOf } from './scope.js';

const schema = (name: keyof typeof REQUEST_SCHEMAS): RequestSchema => REQUEST_SCHEMAS[name] as RequestSchema;

const filters = (env: Env) => env.store.table<number>(STREAM_FILTERS);
const states = (env: Env) => env.store.table<number>(FILTER_STATES);
const transitions = (env: Env) => env.store.table<string>(FILTER_TRANSITIONS);
const triggers = (env: Env) => env.store.table<number>(FILTER_TRIGGERS);
const actions = (env: Env) => env.store.table<number>(FILTER_ACTIONS);

const OPERATORS: Record<string, string> = {
  bu: 'Buffer (no-op)',
  eq: 'Equal (==)',
  ne: 'Not Equal (!=)',
  le: 'Less or equal than (<=)',
  ge: 'Greater or equal than (>=)',
  lt: 'Less than (<)',
  gt: 'Greater than (>)',
};

/** `StreamFilter.save()`: the input stream's parts with an `f`, or `f--<project>--<device or nothing>--<lid>`. */
export function filterSlug(f: Obj): string {
  if (typeof f.input_stream === 'string') {
    return `f--${f.input_stream.slice(3)}`;
  }
  const project = String(f.project ?? 'p--0000-0000').slice(3);
  const device = typeof f.device === 'string' ? f.device.slice(3) : '';
  const lid = String(f.variable ?? '').slice(-4);
  return `f--${project}--${device}--${lid}`;
}

function slugOf(f: Obj): string {
  return typeof f.slug === 'string' ? f.slug : filterSlug(f);
}

function bySlug(env: Env, slug: string): Obj | undefined {
  for (const f of filters(env).values()) {
    if (slugOf(f) === slug) {
      return f;
    }
  }
  return undefined;
}

/** The org of a filter's project. */
function orgOf(env: Env, f: Obj): string | null {
  const project = projectBySlug(env.store, String(f.project));
  return typeof project?.org === 'string' ? project.org : null;
}

function action(a: Obj): Schema<'StreamFilterAction'> {
  return {
    id: Number(a.id),
    type: a.type as Schema<'StreamFilterAction'>['type'],
    on: a.on === 'exit' ? 'exit' : 'entry',
    extra_payload: a.extra_payload ?? null,
    state: typeof a.state === 'number' ? a.state : null,
  };
}

function actionsOf(env: Env, stateId: number): Schema<'StreamFilterAction'>[] {
  return [...actions(env).values()]
    .filter((a) => a.state === stateId)
    .sort((x, y) => Number(x.id) - Number(y.id))
    .map(action);
}

function state(env: Env, s: Obj): Schema<'StreamFilterState'> {
  const label = String(s.label ?? '');
  return {
    id: Number(s.id),
    label,
    slug: typeof s.slug === 'string' ? s.slug : slugify(label),
    actions: actionsOf(env, Number(s.id)),
  };
}

function trigger(t: Obj): Schema<'StreamFilterTrigger'> {
  const operator = String(t.operator) as Schema<'StreamFilterTrigger'>['operator'];
  return {
    id: Number(t.id),
    operator,
    get_operator_display: OPERATORS[operator] ?? operator,
    threshold: typeof t.threshold === 'number' ? t.threshold : null,
    user_threshold: typeof t.user_threshold === 'number' ? t.user_threshold : null,
    user_output_unit: typeof t.user_output_unit === 'number' ? t.user_output_unit : null,
    user_unit_full: typeof t.user_unit_full === 'string' ? t.user_unit_full : null,
  };
}

function triggersOf(env: Env, predicate: (t: Obj) => boolean): Schema<'StreamFilterTrigger'>[] {
  return [...triggers(env).values()]
    .filter(predicate)
    .sort((x, y) => Number(x.id) - Number(y.id))
    .map(trigger);
}

function statesOf(env: Env, slug: string): Obj[] {
  return [...states(env).values()]
    .filter((s) => s.filter === slug)
    .sort((x, y) =>
      String(x.slug ?? slugify(String(x.label))).localeCompare(String(y.slug ?? slugify(String(y.label)))),
    );
}

function transitionsOf(env: Env, slug: string): Obj[] {
  const key = (v: unknown) => (typeof v === 'number' ? v : -1);
  return [...transitions(env).values()]
    .filter((t) => t.filter === slug)
    .sort((x, y) => key(x.src) - key(y.src) || key(x.dst) - key(y.dst));
}

function transition(env: Env, t: Obj): Schema<'StreamFilterTransition'> {
  return {
    id: String(t.id),
    src: typeof t.src === 'number' ? t.src : null,
    dst: typeof t.dst === 'number' ? t.dst : null,
    triggers: triggersOf(env, (x) => x.transition === t.id),
  };
}

/** The write serializer's view of a transition (`{src, dst, triggers}`). */
function transitionWritten(env: Env, t: Obj): Schema<'StreamFilterTransitionWritten'> {
  const { src, dst, triggers: list } = transition(env, t);
  return { src, dst, triggers: list };
}

export function streamFilter(env: Env, f: Obj): Schema<'StreamFilter'> {
  const slug = slugOf(f);
  return {
    id: Number(f.id),
    slug,
    name: String(f.name ?? ''),
    input_stream: typeof f.input_stream === 'string' ? f.input_stream : null,
    project: String(f.project),
    variable: String(f.variable),
    device: typeof f.device === 'string' ? f.device : null,
    active: f.active !== false,
    states: statesOf(env, slug).map((s) => state(env, s)),
    transitions: transitionsOf(env, slug).map((t) => transition(env, t)),
    created_on: drfTime(String(f.created_on ?? FIXED_TIME)),
    created_by: typeof f.created_by === 'number' ? f.created_by : 0,
  };
}

/**
 * The serializer's checks of a filter body: the related slugs, then `validate()` (the input stream of a
 * device filter, and no filter with the resulting slug yet). Returns the fields to save.
 */
function checkFilter(env: Env, values: Obj): Obj {
  const errors: Record<string, string[]> = {};
  const out: Obj = { ...values };
  if (typeof values.project === 'string') {
    const slug = tryParse(() => projectSlug(values.project as string));
    if (!slug || !projectBySlug(env.store, slug)) {
      errors.project = [`Object with slug=${values.project} does not exist.`];
    } else {
      out.project = slug;
    }
  }
  if (typeof values.variable === 'string') {
    const slug = tryParse(() => normaliseVariableSlug(values.variable as string));
    if (!slug || !env.store.table(VARIABLES).has(slug)) {
      errors.variable = [`Object with slug=${values.variable} does not exist.`];
    } else {
      out.variable = slug;
    }
  }
  if (typeof values.device === 'string') {
    const slug = tryParse(() => deviceSlug(values.device as string));
    if (!slug || !env.store.devices.has(slug)) {
      errors.device = [`Object with slug=${values.device} does not exist.`];
    } else {
      out.device = slug;
    }
  }
  if (Object.keys(errors).length > 0) {
    throw fieldErrors(errors);
  }
  if (!('variable' in out) || !('project' in out)) {
    throw serverError(`KeyError: '${'variable' in out ? 'project' : 'variable'}'`);
  }
  const fail = (message: string) => new HttpError(400, { non_field_errors: [message] });
  const lid = String(out.variable).slice(-4);
  const pid = String(out.project).slice(3);
  if (typeof out.device === 'string') {
    const stream = `s--${pid}--${out.device.slice(3)}--${lid}`;
    if (!env.store.streams.has(stream)) {
      throw fail('Stream corresponding to this device and variable does not exist');
    }
    if (bySlug(env, `f--${stream.slice(3)}`)) {
      throw fail('Filter for this stream already exists');
    }
    out.input_stream = stream;
  } else if (bySlug(env, `f--${pid}----${lid}`)) {
    throw fail('Filter already exists');
  }
  return out;
}

/** Re-keys a filter's parts when its slug changes. */
function moveParts(env: Env, from: string, to: string): void {
  if (from === to) {
    return;
  }
  for (const table of [states(env), transitions(env), triggers(env)] as Array<Map<string | number, Obj>>) {
    for (const item of table.values()) {
      if (item.filter === from) {
        item.filter = to;
      }
    }
  }
}

/** The filter a sub-route names (no access check, as the server's actions). */
function subject(req: MockRequest, env: Env): Obj {
  const found = bySlug(env, req.params.slug ?? '');
  if (!found) {
    throw notFound();
  }
  return found;
}

/**
 * `get_object_or_404(Model, filter=..., **request.data)`: the one object whose fields match the body. A
 * key that is not a field fails in Django (500), as do several matches; none is a 404.
 */
function lookupByFields(items: Obj[], body: Obj, fields: readonly string[]): Obj {
  for (const key of Object.keys(body)) {
    if (!fields.includes(key)) {
      throw serverError(`Cannot resolve keyword '${key}' into field`);
    }
  }
  const matches = items.filter((item) =>
    Object.entries(body).every(([key, value]) => {
      const field = key === 'pk' ? 'id' : key;
      return String(item[field] ?? null) === String(value ?? null);
    }),
  );
  if (matches.length > 1) {
    throw serverError('get() returned more than one object');
  }
  const [found] = matches;
  if (!found) {
    throw notFound();
  }
  return found;
}

/** A state id of the filter (`PrimaryKeyRelatedField` to State), or the field's error. */
function stateRef(env: Env, value: unknown, field: string, errors: Record<string, string[]>): Obj | null {
  if (value === null || value === undefined) {
    return null;
  }
  const found = typeof value === 'number' ? states(env).get(value) : undefined;
  if (!found) {
    errors[field] = [`Invalid pk "${String(value)}" - object does not exist.`];
    return null;
  }
  return found;
}

/** Output unit and MDO a trigger's threshold is converted with (the input stream's, else the variable's). */
function thresholdOf(env: Env, f: Obj, userThreshold: number | null): Obj {
  const variable = env.store.table<string>(VARIABLES).get(String(f.variable));
  let unit: Obj | null = null;
  let mdo: { m: number; d: number; o: number } | null = null;
  const num = (x: unknown, fallback: number) => (typeof x === 'number' ? x : fallback);
  if (typeof f.input_stream === 'string') {
    const stream = env.store.streams.get(f.input_stream);
    const candidate = (stream?.output_unit ?? variable?.output_unit ?? null) as Obj | null;
    if (candidate && typeof candidate === 'object') {
      unit = candidate;
      mdo = { m: num(candidate.m, 1), d: num(candidate.d, 1) || 1, o: num(candidate.o, 0) };
    }
  } else {
    unit = (variable?.output_unit as Obj | null | undefined) ?? null;
    mdo = {
      m: num(variable?.multiplication_factor, 1) || 1,
      d: num(variable?.division_factor, 1) || 1,
      o: num(variable?.offset, 0),
    };
  }
  return {
    // `compute_reverse`: (value - o) * d / m.
    threshold: userThreshold !== null && mdo ? ((userThreshold - mdo.o) * mdo.d) / mdo.m : null,
    user_output_unit: typeof unit?.id === 'number' ? unit.id : null,
    user_unit_full: typeof unit?.unit_full === 'string' ? unit.unit_full : null,
  };
}

/** Creates a trigger of filter `f` (checked values: operator, user_threshold, transition?). */
function addTrigger(env: Env, req: MockRequest, f: Obj, values: Obj): Obj {
  const id = env.store.nextId(FILTER_TRIGGERS);
  const userThreshold = typeof values.user_threshold === 'number' ? values.user_threshold : null;
  const t: Obj = {
    id,
    filter: slugOf(f),
    transition: typeof values.transition === 'string' ? values.transition : null,
    operator: values.operator,
    user_threshold: userThreshold,
    ...thresholdOf(env, f, userThreshold),
    created_by: userOf(req).id,
  };
  triggers(env).set(id, t);
  return t;
}

/** The nested triggers of a transition body, saved only when every one is valid (the view ignores errors). */
function addNestedTriggers(env: Env, req: MockRequest, f: Obj, transitionId: string, list: unknown): void {
  if (!Array.isArray(list)) {
    return;
  }
  const checked: Obj[] = [];
  for (const item of list) {
    if (item === null || typeof item !== 'object') {
      return;
    }
    try {
      checked.push(validateBody(item as Obj, schema('StreamFilterTriggerWrite'), 'create'));
    } catch {
      return;
    }
  }
  for (const values of checked) {
    addTrigger(env, req, f, { ...values, transition: transitionId });
  }
}

/** A transition body: `src` and `dst` states of this filter (a missing or null one fails in the view: 500). */
function checkTransition(
  env: Env,
  f: Obj,
  values: Obj,
  creating: boolean,
  self: Obj | null,
): { src: number; dst: number } {
  const errors: Record<string, string[]> = {};
  const src = stateRef(env, values.src, 'src', errors);
  const dst = stateRef(env, values.dst, 'dst', errors);
  if (Object.keys(errors).length > 0) {
    throw fieldErrors(errors);
  }
  if (!src || !dst) {
    throw serverError("'NoneType' object has no attribute 'filter'");
  }
  const slug = slugOf(f);
  if (src.filter !== slug || dst.filter !== slug) {
    throw new HttpError(400, {
      non_field_errors: ['Src and dst must be states of the filter in serializer context'],
    });
  }
  if (
    creating &&
    [...transitions(env).values()].some(
      (t) => t !== self && t.filter === slug && t.src === src.id && t.dst === dst.id,
    )
  ) {
    throw new HttpError(400, { non_field_errors: ['Transition already exists'] });
  }
  return { src: Number(src.id), dst: Number(dst.id) };
}

function deleteState(env: Env, s: Obj): void {
  states(env).delete(Number(s.id));
  for (const [id, t] of transitions(env)) {
    if (t.src === s.id || t.dst === s.id) {
      deleteTransition(env, id);
    }
  }
  for (const [id, a] of actions(env)) {
    if (a.state === s.id) {
      actions(env).delete(id);
    }
  }
}

function deleteTransition(env: Env, id: string): void {
  transitions(env).delete(id);
  for (const [tid, t] of triggers(env)) {
    if (t.transition === id) {
      triggers(env).delete(tid);
    }
  }
}

function stateWritten(env: Env, s: Obj): Schema<'StreamFilterStateWritten'> {
  const { id, label, actions: list } = state(env, s);
  return { id, label, actions: list };
}

export function streamFilterRoutes(router: Router): void {
  const access = (env: Env, req: MockRequest, f: Obj) => hasOrgAccess(env, userOf(req), orgOf(env, f));
  addResource(
    router,
    {
      list: '/filter/',
      item: '/filter/{slug}/',
      table: filters,
      lookup: (text, env) => {
        const f = bySlug(env, text);
        return f ? Number(f.id) : null;
      },
      page: STANDARD,
      order: (a, b) => slugOf(a).localeCompare(slugOf(b)),
      filters: {
        project: (f, value, env) => {
          const project = isUuid(value) ? env.store.projects.get(value.toLowerCase()) : undefined;
          if (!project) {
            throw fieldErrors({
              project: ['Select a valid choice. That choice is not one of the available choices.'],
            });
          }
          return f.project === project.slug;
        },
      },
      visible: (f, user, env, req) =>
        req.params.slug !== undefined ||
        (user.isStaff && Boolean(req.query.get('staff'))) ||
        (f.active !== false && listed(env, req, orgOf(env, f))),
      write: 'authenticated',
      canWrite: (f, user, env) => user.isStaff || hasOrgAccess(env, user, orgOf(env, f)),
      schemas: { create: 'StreamFilterWrite', update: 'StreamFilterWrite', partial: 'StreamFilterPatch' },
      create: (values, req, env) => {
        const v = checkFilter(env, values);
        const id = env.store.nextId(STREAM_FILTERS);
        const f: Obj = {
          id,
          name: typeof v.name === 'string' ? v.name : '',
          project: v.project,
          variable: v.variable,
          device: v.device ?? null,
          input_stream: v.input_stream ?? null,
          active: true,
          created_on: new Date(env.now() * 1000).toISOString(),
          created_by: userOf(req).id,
        };
        f.slug = filterSlug(f);
        return { key: id, obj: f };
      },
      update: (f, values, _req, env) => {
        const v = checkFilter(env, values);
        const before = slugOf(f);
        Object.assign(f, v);
        f.slug = filterSlug(f);
        moveParts(env, before, String(f.slug));
      },
      destroy: (f, key, _req, env) => {
        filters(env).delete(key as number);
        const slug = slugOf(f);
        for (const s of statesOf(env, slug)) {
          deleteState(env, s);
        }
        for (const t of transitionsOf(env, slug)) {
          deleteTransition(env, String(t.id));
        }
        for (const [id, t] of triggers(env)) {
          if (t.filter === slug) {
            triggers(env).delete(id);
          }
        }
      },
      serialize: (f, env) => streamFilter(env, f),
    },
    {
      item: {
        GET: (req, env) => {
          const found = bySlug(env, req.params.slug ?? '');
          if (!found) {
            throw notFound();
          }
          if (!userOf(req).isStaff && !access(env, req, found)) {
            throw forbidden();
          }
          return json(200, streamFilter(env, found));
        },
      },
    },
  );

  router.add('/filter/{slug}/state/', {
    GET: (req, env) =>
      json(
        200,
        statesOf(env, slugOf(subject(req, env))).map((s) => state(env, s)),
      ),
    POST: async (req, env) => {
      const f = subject(req, env);
      const values = validateBody(await readObject(req), schema('StreamFilterStateWrite'), 'create');
      const label = String(values.label);
      const slug = slugOf(f);
      if (statesOf(env, slug).some((s) => (s.slug ?? slugify(String(s.label))) === slugify(label))) {
        throw new HttpError(400, { non_field_errors: ['State already exists'] });
      }
      const id = env.store.nextId(FILTER_STATES);
      const s: Obj = { id, filter: slug, label, slug: slugify(label), created_by: userOf(req).id };
      states(env).set(id, s);
      return json(201, stateWritten(env, s));
    },
    PUT: async (req, env) => {
      const f = subject(req, env);
      const body = await readObject(req);
      if (!('label' in body)) {
        throw errorBody(400, 'State label is required');
      }
      const found = statesOf(env, slugOf(f)).find((s) => s.label === body.label);
      if (!found) {
        throw notFound();
      }
      const values = validateBody(body, schema('StreamFilterStateWrite'), 'update');
      found.label = values.label;
      found.slug = slugify(String(values.label));
      return json(201, stateWritten(env, found));
    },
    DELETE: async (req, env) => {
      const f = subject(req, env);
      const found = lookupByFields(statesOf(env, slugOf(f)), await readObject(req), [
        'id',
        'pk',
        'label',
        'slug',
      ]);
      deleteState(env, found);
      return { status: 204, headers: {}, body: null };
    },
  });

  router.add('/filter/{slug}/transition/', {
    GET: (req, env) =>
      json(
        200,
        transitionsOf(env, slugOf(subject(req, env))).map((t) => transition(env, t)),
      ),
    POST: async (req, env) => {
      const f = subject(req, env);
      const values = validateBody(await readObject(req), schema('StreamFilterTransitionWrite'), 'create');
      const { src, dst } = checkTransition(env, f, values, true, null);
      const id = uuidFrom(`transition:${slugOf(f)}:${src}:${dst}:${env.now()}:${transitions(env).size}`);
      const t: Obj = { id, filter: slugOf(f), src, dst, created_by: userOf(req).id };
      transitions(env).set(id, t);
      addNestedTriggers(env, req, f, id, values.triggers);
      return json(201, transitionWritten(env, t));
    },
    PUT: async (req, env) => {
      const f = subject(req, env);
      const body = await readObject(req);
      if (!('src' in body) || !('dst' in body)) {
        throw errorBody(400, 'src and dst are required');
      }
      const found = transitionsOf(env, slugOf(f)).find(
        (t) =>
          String(t.src ?? null) === String(body.src ?? null) &&
          String(t.dst ?? null) === String(body.dst ?? null),
      );
      if (!found) {
        throw notFound();
      }
      const values = validateBody(body, schema('StreamFilterTransitionWrite'), 'update');
      checkTransition(env, f, values, false, found);
      if ('triggers' in values) {
        for (const [tid, t] of triggers(env)) {
          if (t.transition === found.id) {
            triggers(env).delete(tid);
          }
        }
        addNestedTriggers(env, req, f, String(found.id), values.triggers);
      }
      return json(201, transitionWritten(env, found));
    },
    DELETE: async (req, env) => {
      const f = subject(req, env);
      const found = lookupByFields(transitionsOf(env, slugOf(f)), await readObject(req), [
        'id',
        'pk',
        'src',
        'dst',
      ]);
      deleteTransition(env, String(found.id));
      return { status: 204, headers: {}, body: null };
    },
  });

  router.add('/filter/{slug}/trigger/', {
    GET: (req, env) => {
      const slug = slugOf(subject(req, env));
      return json(
        200,
        triggersOf(env, (t) => t.filter === slug),
      );
    },
    POST: async (req, env) => {
      const f = subject(req, env);
      const values = validateBody(await readObject(req), schema('StreamFilterTriggerWrite'), 'create');
      if (typeof values.transition === 'string') {
        const t = transitions(env).get(values.transition);
        if (!t) {
          throw fieldErrors({ transition: [`Invalid pk "${values.transition}" - object does not exist.`] });
        }
        if (t.filter !== slugOf(f)) {
          throw new HttpError(400, { non_field_errors: ['Invalid transition'] });
        }
      }
      return json(201, trigger(addTrigger(env, req, f, values)));
    },
    DELETE: async (req, env) => {
      const f = subject(req, env);
      const body = await readObject(req);
      if (!('id' in body)) {
        throw errorBody(400, 'Trigger id is required');
      }
      const slug = slugOf(f);
      const found = lookupByFields(
        [...triggers(env).values()].filter((t) => t.filter === slug),
        body,
        ['id', 'pk', 'operator', 'threshold', 'user_threshold', 'transition'],
      );
      triggers(env).delete(Number(found.id));
      return { status: 204, headers: {}, body: null };
    },
  });

  router.add('/filter/{slug}/action/', {
    POST: async (req, env) => {
      subject(req, env);
      const values = validateBody(await readObject(req), schema('StreamFilterActionWrite'), 'create');
      const errors: Record<string, string[]> = {};
      stateRef(env, values.state, 'state', errors);
      if (Object.keys(errors).length > 0) {
        throw fieldErrors(errors);
      }
      const id = env.store.nextId(FILTER_ACTIONS);
      const a: Obj = {
        id,
        type: values.type,
        on: values.on ?? 'entry',
        extra_payload: values.extra_payload ?? null,
        state: typeof values.state === 'number' ? values.state : null,
        created_by: userOf(req).id,
      };
      actions(env).set(id, a);
      return json(201, action(a));
    },
    DELETE: async (req, env) => {
      subject(req, env);
      const body = await readObject(req);
      if (!('id' in body)) {
        throw errorBody(400, 'Action id is required');
      }
      // Any action: the view does not check it belongs to this filter.
      const found =
        typeof body.id === 'number' || /^\d+$/.test(String(body.id))
          ? actions(env).get(Number(body.id))
          : undefined;
      if (!found) {
        throw notFound();
      }
      actions(env).delete(Number(found.id));
      return { status: 204, headers: {}, body: null };
    },
  });
}

/**
 * `/sg/` (sensor graphs, `apps/sensorgraph`) with their property templates (`{slug}/property/`), and the
 * write-only routes of their variable templates (`/vartemplate/`) and display-widget templates
 * (`/widget/`), which show inside their sensor graph.
 *
 * Sensor graphs: read by any user or with an org API key (only active ones are listed; an item is found
 * active or not; staff with `?staff=1` list all); written by staff. The slug is
 * `slugify('<name>--v<major>-<minor>-<patch>')`, made again on every save; (name, version) is unique; `org`
 * must be a vendor org and `project_template` an active project template. Templates a fixture gives
 * inside a sensor graph (`sgs[].variable_templates`) are shown as given; those of the
 * `variable_templates` / `display_widget_templates` sections and the API can be written.
 */
import type { Schema } from '../api-types.js';
import { notAuthenticated } from '../auth.js';
import { addResource } from '../crud.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import { forbidden, json, type MockRequest, notFound, readObject } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import type { Env, Router } from '../router.js';
import { sensorGraph, varType } from '../serializers.js';
import type { Obj, Store } from '../store.js';
import { hasApiKey, requireUserOrApiKey } from './api-keys.js';
import {
  byKeys,
  checkFields,
  freshId,
  isVendor,
  noSuchSlug,
  notUniqueTogether,
  nowDrf,
  rekey,
  staffOne,
  versionedSlug,
} from './catalog-shared.js';
import { PROPERTY_TEMPLATES, propertyTemplate } from './property-templates.js';
import { PROJECT_TEMPLATES } from './templates.js';
import { allVarTypes } from './vartypes.js';

export const VARIABLE_TEMPLATES = 'variable-templates';
export const WIDGET_TEMPLATES = 'widget-templates';

const UNIQUE = ['name', 'major_version', 'minor_version', 'patch_version'] as const;
const byLid = byKeys('lid_hex', 'id');

const num = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const nullableStr = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A variable template as the write serializer shows it (with its sensor graph). */
export function variableTemplateWritten(t: Obj): Schema<'VariableTemplateWritten'> {
  return {
    id: Number(t.id),
    label: str(t.label),
    sg: str(t.sg),
    lid_hex: str(t.lid_hex),
    derived_lid_hex: str(t.derived_lid_hex),
    var_type: str(t.var_type),
    default_input_unit: nullableStr(t.default_input_unit),
    default_output_unit: nullableStr(t.default_output_unit),
    ctype: str(t.ctype, 'unsigned int'),
    m: num(t.m, 1),
    d: num(t.d, 1),
    o: num(t.o, 0),
    app_only: t.app_only === true,
    web_only: t.web_only === true,
  };
}

/** A display-widget template as the write serializer shows it (with its sensor graph). */
export function widgetTemplateWritten(t: Obj): Schema<'DisplayWidgetTemplateWritten'> {
  const type = t.type === 'btn' || t.type === 'sbt' ? t.type : 'val';
  return {
    id: Number(t.id),
    label: str(t.label),
    sg: str(t.sg),
    lid_hex: str(t.lid_hex),
    type,
    args: t.args ?? null,
    var_type: nullableStr(t.var_type),
    derived_unit_type: str(t.derived_unit_type),
    show_in_app: t.show_in_app === true,
    show_in_web: t.show_in_web === true,
  };
}

function templatesOf(store: Store, table: string, sg: string): Obj[] {
  return [...store.table<number>(table).values()].filter((t) => t.sg === sg).sort(byLid);
}

/**
 * A sensor graph as `/sg/` shows it: the stored object, with the variable and widget templates written
 * through the API (or the fixture sections) after those the fixture gave inside it.
 */
export function sensorGraphView(g: Obj, store: Store): Schema<'SensorGraph'> {
  const out = sensorGraph(g);
  const slug = String(g.slug);
  out.variable_templates = [
    ...out.variable_templates,
    ...templatesOf(store, VARIABLE_TEMPLATES, slug).map((t) => {
      const { sg: _sg, ...rest } = variableTemplateWritten(t);
      return { ...rest, var_type: rest.var_type === '' ? null : rest.var_type };
    }),
  ];
  out.display_widget_templates = [
    ...out.display_widget_templates,
    ...templatesOf(store, WIDGET_TEMPLATES, slug).map((t) => {
      const { sg: _sg, ...rest } = widgetTemplateWritten(t);
      return rest;
    }),
  ];
  return out;
}

/** A vendor org, and an active project template (the serializer's querysets). */
function graphFieldChecks(data: Obj, env: Env): Record<string, string[]> {
  return checkFields(data, {
    org: [(v) => isVendor(env, v), noSuchSlug],
    project_template: [
      (v) => {
        const pt = env.store.table(PROJECT_TEMPLATES).get(String(v));
        return pt !== undefined && pt.active !== false;
      },
      noSuchSlug,
    ],
  });
}

/** The new slug of a sensor graph, after the unique (name, version) check. */
function checkedGraph(env: Env, values: Obj, self: Obj | null): string {
  const next = { ...self, ...values };
  for (const other of env.store.sgs.values()) {
    const name = other.name ?? other.slug;
    if (
      other !== self &&
      name === next.name &&
      UNIQUE.slice(1).every((k) => (other[k] ?? 0) === (next[k] ?? 0))
    ) {
      throw notUniqueTogether(UNIQUE);
    }
  }
  return versionedSlug(next.name, next);
}

/** The writable fields of a sensor graph given as a number of the view when left out. */
const GRAPH_DEFAULTS = {
  project_template: null,
  ui_extra: null,
  report_processing_engine_ver: 0,
  major_version: 0,
  minor_version: 0,
  patch_version: 0,
  app_tag: 0,
  app_major_version: 0,
  app_minor_version: 0,
};

/** Input- and output-unit slugs of every var type (the `SlugRelatedField` querysets). */
function unitSlugs(env: Env, kind: 'available_input_units' | 'available_output_units'): Set<string> {
  const out = new Set<string>();
  for (const v of allVarTypes(env).values()) {
    for (const u of varType(v)[kind]) {
      out.add(u.slug);
    }
  }
  return out;
}

/** The related slugs of a variable or widget template (sensor graph, var type, units). */
function templateFieldChecks(data: Obj, env: Env, units: boolean): Record<string, string[]> {
  return checkFields(data, {
    sg: [(v) => env.store.sgs.has(String(v)), noSuchSlug],
    var_type: [(v) => v === null || allVarTypes(env).has(String(v)), noSuchSlug],
    ...(units
      ? {
          default_input_unit: [
            (v: unknown) => v === null || unitSlugs(env, 'available_input_units').has(String(v)),
            noSuchSlug,
          ] as const,
          default_output_unit: [
            (v: unknown) => v === null || unitSlugs(env, 'available_output_units').has(String(v)),
            noSuchSlug,
          ] as const,
        }
      : {}),
  });
}

const SG_PROPERTY = REQUEST_SCHEMAS.SensorGraphAddPropertyTemplate as RequestSchema;

export function sensorGraphRoutes(router: Router): void {
  addResource(router, {
    list: '/sg/',
    item: '/sg/{slug}/',
    table: (env) => env.store.sgs,
    page: STANDARD,
    order: byKeys('name', 'major_version', 'minor_version', 'patch_version', 'slug'),
    // `get_queryset`: staff with `?staff=1` see all; an item is found active or not; lists are active only.
    visible: (g, user, _env, req) =>
      (user.isStaff && staffOne(req)) || req.params.slug !== undefined || g.active !== false,
    filters: {
      created_by: (g, value) => String(g.created_by) === value,
      variable_templates: (g, value, env) =>
        /^\d+$/.test(value) && env.store.table<number>(VARIABLE_TEMPLATES).get(Number(value))?.sg === g.slug,
      org__slug: (g, value) => g.org === value,
      slug: (g, value) => g.slug === value,
    },
    write: 'staff',
    readsWith: hasApiKey,
    fieldChecks: graphFieldChecks,
    schemas: { create: 'SensorGraphWrite', update: 'SensorGraphWrite', partial: 'SensorGraphPatch' },
    create: (values, req, env) => {
      const slug = checkedGraph(env, values, null);
      const id = freshId(env.store, 'sg', env.store.sgs.values());
      const obj: Obj = {
        id,
        ...GRAPH_DEFAULTS,
        ...values,
        slug,
        active: true,
        created_on: nowDrf(env),
        created_by: req.user?.id,
      };
      return { key: slug, obj };
    },
    update: (obj, values, _req, env) => {
      const slug = checkedGraph(env, values, obj);
      const old = String(obj.slug);
      Object.assign(obj, values, { slug });
      rekey(env.store.sgs, old, obj, slug);
      for (const table of [VARIABLE_TEMPLATES, WIDGET_TEMPLATES]) {
        for (const t of templatesOf(env.store, table, old)) {
          t.sg = slug;
        }
      }
    },
    destroy: (obj, key, _req, env) => {
      env.store.sgs.delete(String(key));
      // The templates go with their sensor graph (`on_delete=CASCADE`).
      for (const table of [VARIABLE_TEMPLATES, WIDGET_TEMPLATES]) {
        for (const t of templatesOf(env.store, table, String(obj.slug))) {
          env.store.table<number>(table).delete(Number(t.id));
        }
      }
    },
    serialize: (g, env) => sensorGraphView(g, env.store),
  });

  router.add(
    '/sg/{slug}/property/',
    {
      GET: (req, env) => {
        requireUserOrApiKey(req, env);
        const graph = env.store.sgs.get(req.params.slug ?? '');
        if (!graph) {
          throw notFound();
        }
        const orgParam = req.query.get('org');
        if (orgParam && !env.store.orgs.has(orgParam)) {
          throw notFound();
        }
        const org = orgParam || (typeof graph.org === 'string' ? graph.org : null);
        const ids = new Set(Array.isArray(graph.org_properties) ? graph.org_properties.map(Number) : []);
        const rows = [...env.store.table<number>(PROPERTY_TEMPLATES).values()]
          .filter((t) => ids.has(Number(t.id)) && org !== null && t.org === org)
          .sort(byKeys('org', 'name'))
          .map((t) => propertyTemplate(t, env));
        return json(200, paginate(req, rows, STANDARD));
      },
      POST: async (req, env) => {
        const user = req.user;
        if (user === null) {
          throw notAuthenticated();
        }
        if (!user.isStaff) {
          throw forbidden();
        }
        const graph = env.store.sgs.get(req.params.slug ?? '');
        if (!graph) {
          throw notFound();
        }
        const { id } = validateBody(await readObject(req), SG_PROPERTY, 'create');
        if (!env.store.table<number>(PROPERTY_TEMPLATES).has(Number(id))) {
          throw notFound();
        }
        const ids = Array.isArray(graph.org_properties) ? graph.org_properties.map(Number) : [];
        if (!ids.includes(Number(id))) {
          graph.org_properties = [...ids, Number(id)];
        }
        return json(201, { id: Number(id) });
      },
    },
    'optional',
  );

  /** The create and update of `/vartemplate/` and `/widget/` (`IsStaffOrReadOnly`, lookup by id). */
  const templateHooks = (kind: 'vartemplate' | 'widget') => {
    const table = kind === 'vartemplate' ? VARIABLE_TEMPLATES : WIDGET_TEMPLATES;
    return {
      table: (env: Env) => env.store.table<number>(table),
      lookup: 'id' as const,
      page: null,
      write: 'staff' as const,
      fieldChecks: (data: Obj, env: Env) => templateFieldChecks(data, env, kind === 'vartemplate'),
      create: (values: Obj, req: MockRequest, env: Env) => {
        const id = freshId(env.store, table, env.store.table<number>(table).values());
        const obj: Obj = { id, ...values, created_on: nowDrf(env), created_by: req.user?.id };
        return { key: id, obj };
      },
      update: (obj: Obj, values: Obj) => {
        Object.assign(obj, values);
      },
    };
  };

  addResource(router, {
    ...templateHooks('vartemplate'),
    list: '/vartemplate/',
    item: '/vartemplate/{id}/',
    schemas: {
      create: 'VariableTemplateWrite',
      update: 'VariableTemplateWrite',
      partial: 'VariableTemplatePatch',
    },
    serialize: (t) => variableTemplateWritten(t) as never,
  });
  addResource(router, {
    ...templateHooks('widget'),
    list: '/widget/',
    item: '/widget/{id}/',
    schemas: {
      create: 'DisplayWidgetTemplateWrite',
      update: 'DisplayWidgetTemplateWrite',
      partial: 'DisplayWidgetTemplatePatch',
    },
    serialize: (t) => widgetTemplateWritten(t) as never,
  });
}

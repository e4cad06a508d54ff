/**
 * `/ot/` (org templates, `apps/orgtemplate`) and `/pt/` (project templates, `apps/projecttemplate`):
 * staff-managed catalogues (`IsStaffOrReadOnly`). Every user sees the active templates; staff with
 * `?staff=<anything>` see all. The slug is `slugify('<name>--v<major>-<minor>-<patch>')`, made again on
 * every save; (name, version) is unique. The version parts are write-only (read back as `version`);
 * `extra_data` must be an object when sent. A project template belongs to a vendor org.
 */
import type { Schema } from '../api-types.js';
import { addResource } from '../crud.js';
import type { MockRequest } from '../http.js';
import { STANDARD } from '../pagination.js';
import type { Env, Router } from '../router.js';
import { drfTime } from '../serializers.js';
import { FIXED_TIME, type Obj, type UserRecord } from '../store.js';
import {
  byKeys,
  checkFields,
  isDictionary,
  isVendor,
  noSuchSlug,
  notDictionary,
  notUniqueTogether,
  nowDrf,
  rekey,
  semver,
  staffSeesAll,
  versionedSlug,
} from './catalog-shared.js';

export const ORG_TEMPLATES = 'org-templates';
export const PROJECT_TEMPLATES = 'project-templates';

const UNIQUE = ['name', 'major_version', 'minor_version', 'patch_version'] as const;
const ordering = byKeys(...UNIQUE);

export function orgTemplate(t: Obj): Schema<'OrgTemplate'> {
  return {
    id: Number(t.id),
    name: String(t.name ?? ''),
    slug: String(t.slug),
    version: semver(t),
    extra_data: (t.extra_data ?? null) as Schema<'OrgTemplate'>['extra_data'],
    created_on: drfTime(String(t.created_on ?? FIXED_TIME)),
  };
}

export function projectTemplate(t: Obj): Schema<'ProjectTemplate'> {
  return {
    id: Number(t.id),
    name: String(t.name ?? ''),
    slug: String(t.slug),
    org: typeof t.org === 'string' ? t.org : null,
    version: semver(t),
    extra_data: (t.extra_data ?? null) as Schema<'ProjectTemplate'>['extra_data'],
    created_on: drfTime(String(t.created_on ?? FIXED_TIME)),
  };
}

/** The new slug of a template, after DRF's `UniqueTogetherValidator`; `self` is the object being updated. */
function checked(env: Env, table: string, values: Obj, self: Obj | null): string {
  const next = { ...self, ...values };
  for (const other of env.store.table(table).values()) {
    if (other !== self && UNIQUE.every((k) => (other[k] ?? 0) === (next[k] ?? 0))) {
      throw notUniqueTogether(UNIQUE);
    }
  }
  return versionedSlug(next.name, next);
}

/** Points what refers to a template by slug (orgs' `ot`, projects' and sensor graphs' `project_template`) at its new slug. */
function relink(env: Env, kind: 'ot' | 'pt', from: string, to: string | null): void {
  const holders: Array<[Iterable<Obj>, string]> =
    kind === 'ot'
      ? [[env.store.orgs.values(), 'ot']]
      : [
          [env.store.projects.values(), 'project_template'],
          [env.store.sgs.values(), 'project_template'],
        ];
  for (const [objects, field] of holders) {
    for (const o of objects) {
      if (o[field] === from) {
        o[field] = to;
      }
    }
  }
}

function templateResource(router: Router, kind: 'ot' | 'pt'): void {
  const table = kind === 'ot' ? ORG_TEMPLATES : PROJECT_TEMPLATES;
  const common = {
    table: (env: Env) => env.store.table(table),
    page: STANDARD,
    order: ordering,
    visible: (t: Obj, user: UserRecord, _env: Env, req: MockRequest) =>
      t.active !== false || staffSeesAll(req, user),
    write: 'staff' as const,
    fieldChecks: (data: Obj, env: Env) =>
      checkFields(data, {
        extra_data: [isDictionary, notDictionary('extra_data')],
        ...(kind === 'pt' ? { org: [(v: unknown) => isVendor(env, v), noSuchSlug] as const } : {}),
      }),
    create: (values: Obj, req: MockRequest, env: Env) => {
      const slug = checked(env, table, values, null);
      const obj: Obj = {
        id: env.store.nextId(table),
        major_version: 0,
        minor_version: 0,
        patch_version: 0,
        extra_data: null,
        ...values,
        slug,
        active: true,
        created_on: nowDrf(env),
        created_by: req.user?.id,
      };
      return { key: slug, obj };
    },
    update: (obj: Obj, values: Obj, _req: MockRequest, env: Env) => {
      const slug = checked(env, table, values, obj);
      const old = String(obj.slug);
      Object.assign(obj, values, { slug });
      rekey(env.store.table(table), old, obj, slug);
      relink(env, kind, old, slug);
    },
    destroy: (obj: Obj, key: string | number, _req: MockRequest, env: Env) => {
      env.store.table(table).delete(String(key));
      // Orgs, projects and sensor graphs keep no deleted template (`on_delete=SET_NULL`).
      relink(env, kind, String(obj.slug), null);
    },
  };
  if (kind === 'ot') {
    addResource(router, {
      ...common,
      list: '/ot/',
      item: '/ot/{slug}/',
      filters: { created_by: (t, value) => String(t.created_by) === value },
      schemas: { create: 'OrgTemplateWrite', update: 'OrgTemplateWrite', partial: 'OrgTemplatePatch' },
      serialize: (t) => orgTemplate(t),
    });
  } else {
    addResource(router, {
      ...common,
      list: '/pt/',
      item: '/pt/{slug}/',
      filters: {
        created_by: (t, value) => String(t.created_by) === value,
        org__slug: (t, value) => t.org === value,
      },
      schemas: {
        create: 'ProjectTemplateWrite',
        update: 'ProjectTemplateWrite',
        partial: 'ProjectTemplatePatch',
      },
      serialize: (t) => projectTemplate(t),
    });
  }
}

export function templateRoutes(router: Router): void {
  templateResource(router, 'ot');
  templateResource(router, 'pt');
}

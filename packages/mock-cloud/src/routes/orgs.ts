/**
 * `/org/`: organisations (`apps/org/api_views.py`), through the CRUD engine, and their actions.
 *
 * - The list and every item are scoped to the user's orgs (an active membership); staff see all with
 *   `?staff=1`. An org outside them is a 404. Orgs without recorded members are open (see `access.ts`).
 * - POST makes the creator the org's owner (`a0`); the slug is the name's, and must be new.
 * - PUT/PATCH need `can_manage_org_and_projects`; a new name gives a new slug (the server re-slugs on
 *   every save), so the org moves to it.
 * - DELETE: staff with `?staff=1` only; others get 403 `{"error": "Restricted Access. Contact Arch"}`.
 * - Actions: `projects/`, `members/`, `membership/`, `extra/`, `invite/`, `register/`, `pending/`, and the
 *   search pages `devices/` and `archives/` (see `org-search.ts`).
 */

import { activeMembers, addMember, hasOrgPermission, inUserOrgs, orgOfDevice, staffAll } from '../access.js';
import type { Schema } from '../api-types.js';
import { addResource } from '../crud.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import { fieldErrors, HttpError, json, type MockRequest, noContent, notFound, readObject } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import {
  accessDenied,
  accountLight,
  accountSlug,
  checkedBody,
  nowIso,
  restricted,
  userOf,
} from '../resources/shared.js';
import { DEFAULT_ROLE, roleName, rolePermissions } from '../roles.js';
import type { Env, Router } from '../router.js';
import { drfTime, org, project, uuidFrom } from '../serializers.js';
import { slugify } from '../slugs.js';
import type { Obj, OrgMember, UserRecord } from '../store.js';
import { orgSearch } from './org-search.js';

/** `OrgMembershipSerializer`. */
export function orgMembership(env: Env, m: OrgMember): Schema<'OrgMembership'> {
  return {
    user: accountSlug(env, m.user),
    user_details: accountLight(env, m.user),
    created_on: drfTime(m.createdOn),
    is_active: m.isActive,
    is_org_admin: m.isOrgAdmin,
    permissions: { ...m.permissions },
    role: m.role as Schema<'OrgMembership'>['role'],
    role_name: roleName(m.role),
  };
}

/** The org an URL names, if it is in the user's querysets (404 otherwise). */
export function orgOf(req: MockRequest, env: Env, slug: string | undefined): Obj {
  const found = env.store.orgs.get(slug ?? '');
  if (!found || !(staffAll(req) || inUserOrgs(env, userOf(req), String(found.slug)))) {
    throw notFound();
  }
  return found;
}

const byName = (a: Obj, b: Obj): number => String(a.name ?? a.slug).localeCompare(String(b.name ?? b.slug));

/** DRF's UniqueValidator on `Org.name`, then the view's check of the slug the name makes. */
function checkName(env: Env, name: string, self: Obj | null): string {
  for (const other of env.store.orgs.values()) {
    if (other !== self && other.name === name) {
      throw fieldErrors({ name: ['Organization with this Company Name already exists.'] });
    }
  }
  const slug = slugify(name);
  const taken = env.store.orgs.get(slug);
  if (taken && taken !== self) {
    throw new HttpError(400, ['Organization with this Name produces duplicate slug.']);
  }
  return slug;
}

/** Moves an org to a new slug: the slug is the key of everything that names the org. */
function moveOrg(env: Env, obj: Obj, to: string): void {
  const from = String(obj.slug);
  if (from === to) {
    return;
  }
  const s = env.store;
  s.orgs.delete(from);
  obj.slug = to;
  s.orgs.set(to, obj);
  for (const map of [s.orgMembers, s.orgInvitations]) {
    const entry = map.get(from);
    if (entry) {
      map.delete(from);
      map.set(to, entry as never);
    }
  }
  for (const map of [s.projects, s.devices, s.datablocks, s.streams, s.fleets, s.generatedReports]) {
    for (const item of map.values()) {
      if (item.org === from) {
        item.org = to;
      }
    }
  }
}

function counts(env: Env, slug: string): Schema<'OrgExtra'>['counts'] {
  const s = env.store;
  const fleets = [...s.fleets.values()].filter((f) => f.org === slug);
  return {
    projects: [...s.projects.values()].filter((p) => p.org === slug).length,
    datablocks: [...s.datablocks.values()].filter((b) => b.org === slug).length,
    members: activeMembers(env, slug).length,
    devices: [...s.devices.values()].filter((d) => orgOfDevice(env, d) === slug).length,
    fleets: fleets.length,
    networks: fleets.filter((f) => f.is_network === true).length,
    reports: [...s.generatedReports.values()].filter((r) => r.org === slug).length,
  };
}

/** `OrgTemplateSerializer` of the org's template, when the org names one (`ot` is a slug in fixtures). */
function orgTemplate(o: Obj): Schema<'OrgExtra'>['ot'] {
  const ot = o.ot;
  if (ot === null || ot === undefined) {
    return null;
  }
  if (typeof ot === 'object') {
    return ot as Schema<'OrgExtra'>['ot'];
  }
  const slug = String(ot);
  return {
    id: 1,
    name: slug,
    slug,
    version: 'v0.0.0',
    extra_data: null,
    created_on: drfTime(org(o).created_on),
  };
}

function extra(env: Env, o: Obj, user: UserRecord): Schema<'OrgExtra'> {
  const base = org(o);
  const member = env.store.orgMembers.get(base.slug)?.get(user.username);
  return {
    id: base.id,
    name: base.name,
    ot: orgTemplate(o),
    slug: base.slug,
    about: base.about,
    created_on: base.created_on,
    created_by: base.created_by,
    avatar: base.avatar,
    counts: counts(env, base.slug),
    current_member: member ? orgMembership(env, member) : {},
  };
}

function requireManageUsers(env: Env, user: UserRecord, slug: string): void {
  if (!hasOrgPermission(env, user, slug, 'can_manage_users')) {
    throw accessDenied();
  }
}

export function orgRoutes(router: Router): void {
  addResource(
    router,
    {
      list: '/org/',
      item: '/org/{slug}/',
      table: (env) => env.store.orgs,
      page: STANDARD,
      order: byName,
      filters: {
        created_by: (o, value, env) => {
          const creator = [...env.store.users.values()].find((u) => String(u.id) === value.trim());
          if (!creator) {
            throw fieldErrors({
              created_by: ['Select a valid choice. That choice is not one of the available choices.'],
            });
          }
          return accountSlug(env, o.created_by) === creator.slug;
        },
        search: (o, value) =>
          value
            .split(/[\s,]+/)
            .filter((t) => t !== '')
            .every((term) =>
              String(o.name ?? '')
                .toLowerCase()
                .includes(term.toLowerCase()),
            ),
      },
      visible: (o, user, env, req) => staffAll(req) || inUserOrgs(env, user, String(o.slug)),
      write: 'authenticated',
      canWrite: (o, user, env) => {
        if (!hasOrgPermission(env, user, String(o.slug), 'can_manage_org_and_projects')) {
          throw accessDenied();
        }
        return true;
      },
      schemas: { create: 'OrgCreateRequest', update: 'OrgCreateRequest', partial: 'OrgPatch' },
      create: (values, req, env) => {
        const name = String(values.name);
        const slug = checkName(env, name, null);
        const user = userOf(req);
        const obj: Obj = {
          id: uuidFrom(`org:${slug}:${env.store.orgs.size}`),
          name,
          slug,
          ot: null,
          about: typeof values.about === 'string' ? values.about : '',
          created_on: nowIso(env),
          created_by: user.slug,
          domain_names: [],
        };
        addMember(env.store, slug, user.username, { role: 'a0', isOrgAdmin: true, createdOn: nowIso(env) });
        return { key: slug, obj };
      },
      update: (obj, values, _req, env) => {
        const slug = typeof values.name === 'string' ? checkName(env, values.name, obj) : String(obj.slug);
        Object.assign(obj, values);
        moveOrg(env, obj, slug);
      },
      serialize: (o) => org(o),
    },
    {
      item: {
        DELETE: (req, env) => {
          if (!staffAll(req)) {
            throw restricted(403);
          }
          const found = orgOf(req, env, req.params.slug);
          env.store.orgs.delete(String(found.slug));
          env.store.orgMembers.delete(String(found.slug));
          env.store.orgInvitations.delete(String(found.slug));
          return noContent();
        },
      },
    },
  );

  router.add('/org/{slug}/projects/', {
    GET: (req, env) => {
      const slug = String(orgOf(req, env, req.params.slug).slug);
      const rows = [...env.store.projects.values()].filter((p) => p.org === slug).sort(byName);
      return json(200, paginate(req, rows.map(project), STANDARD));
    },
  });

  router.add('/org/{slug}/members/', {
    GET: (req, env) => {
      const slug = String(orgOf(req, env, req.params.slug).slug);
      requireManageUsers(env, userOf(req), slug);
      const all = req.query.get('all') === '1';
      const rows = [...(env.store.orgMembers.get(slug)?.values() ?? [])]
        .filter((m) => all || m.isActive)
        .sort((a, b) => a.user.localeCompare(b.user));
      return json(
        200,
        paginate(
          req,
          rows.map((m) => orgMembership(env, m)),
          STANDARD,
        ),
      );
    },
  });

  router.add('/org/{slug}/membership/', {
    GET: (req, env) => {
      const slug = String(orgOf(req, env, req.params.slug).slug);
      const member = env.store.orgMembers.get(slug)?.get(userOf(req).username);
      if (!member) {
        // The server's `OrgMembership.objects.get` raises (a 500) for a staff user outside the org.
        throw notFound();
      }
      return json(200, orgMembership(env, member));
    },
  });

  router.add('/org/{slug}/extra/', {
    GET: (req, env) => json(200, extra(env, orgOf(req, env, req.params.slug), userOf(req))),
  });

  router.add('/org/{slug}/invite/', {
    POST: async (req, env) => {
      const slug = String(orgOf(req, env, req.params.slug).slug);
      const values = await checkedBody(req, 'OrgInvitation');
      const user = userOf(req);
      requireManageUsers(env, user, slug);
      const email = String(values.email);
      let invitations = env.store.orgInvitations.get(slug);
      if (!invitations) {
        invitations = new Map();
        env.store.orgInvitations.set(slug, invitations);
      }
      // An existing invitation is sent again; the server does not save its new sender and time.
      if (!invitations.has(email)) {
        invitations.set(email, {
          email,
          sentBy: user.username,
          sentOn: nowIso(env),
          accepted: false,
          role: DEFAULT_ROLE,
        });
      }
      return json(201, { email });
    },
  });

  router.add('/org/{slug}/register/', {
    POST: async (req, env) => {
      const slug = String(orgOf(req, env, req.params.slug).slug);
      const body = await readObject(req);
      const member = [...env.store.users.values()].find((u) => u.slug === body.user);
      const values = validateBody(
        body,
        REQUEST_SCHEMAS.OrgRegisterRequest as RequestSchema,
        'create',
        member || typeof body.user !== 'string'
          ? {}
          : { user: [`Object with slug=${body.user} does not exist.`] },
      );
      if (!member) {
        throw fieldErrors({ user: ['This field is required.'] });
      }
      requireManageUsers(env, userOf(req), slug);
      if (env.store.orgMembers.get(slug)?.has(member.username)) {
        throw new HttpError(400, { error: 'Member already exists' });
      }
      const role = typeof values.role === 'string' ? values.role : DEFAULT_ROLE;
      // The serializer saves the role, but the permissions keep the model's default (a member's).
      const created = addMember(env.store, slug, member.username, {
        role,
        isActive: values.is_active !== false,
        permissions: rolePermissions(DEFAULT_ROLE),
        createdOn: nowIso(env),
      });
      return json(201, orgMembership(env, created));
    },
  });

  router.add('/org/{slug}/pending/', {
    GET: (req, env) => {
      const slug = String(orgOf(req, env, req.params.slug).slug);
      requireManageUsers(env, userOf(req), slug);
      const rows = [...(env.store.orgInvitations.get(slug)?.values() ?? [])]
        .filter((i) => !i.accepted)
        .sort((a, b) => a.email.localeCompare(b.email))
        .map((i) => ({ email: i.email, sent_on: drfTime(i.sentOn), sent_by: accountSlug(env, i.sentBy) }));
      return json(200, paginate(req, rows, STANDARD));
    },
  });

  orgSearch(router);
}

/**
 * Who may see and change what, as the server's `has_access` / `has_permission` methods decide it: staff
 * see everything; other users see an org's objects when they are active members of the org, and act on
 * them when their role grants the permission the view asks for (the role table is in `roles.ts`).
 *
 * Compatibility rule: an org with no recorded members (fixtures written before memberships existed, and
 * objects without an org) is open to every authenticated user, as the mock always served it. Fixtures
 * that list `members` get the server's scoping.
 *
 * Two kinds of checks, as on the server:
 * - object checks (`hasOrgAccess`, `hasOrgPermission`, `hasDeviceAccess`): staff pass every one;
 * - list scoping (`inUserOrgs`): the querysets of `/org/`, `/project/`, `/device/`, `/fleet/` and
 *   `/datablock/` hold the objects of the user's own orgs, staff included; staff see everything only with
 *   `?staff=1` (`staffAll`).
 */
import type { MockRequest } from './http.js';
import { DEFAULT_ROLE, rolePermissions } from './roles.js';
import type { Env } from './router.js';
import { FIXED_TIME, type Obj, type OrgMember, type Store, type UserRecord } from './store.js';

/** The user's membership of the org, or null. */
export function membership(env: Env, user: UserRecord, orgSlug: string): OrgMember | null {
  const member = env.store.orgMembers.get(orgSlug)?.get(user.username);
  return member?.isActive ? member : null;
}

/** Whether the org records members at all (see the compatibility rule above). */
export function isScoped(env: Env, orgSlug: string | null | undefined): orgSlug is string {
  return typeof orgSlug === 'string' && (env.store.orgMembers.get(orgSlug)?.size ?? 0) > 0;
}

/** `Org.has_access(user)`: staff, or an active member. */
export function hasOrgAccess(env: Env, user: UserRecord, orgSlug: string | null | undefined): boolean {
  if (user.isStaff || !isScoped(env, orgSlug)) {
    return true;
  }
  return membership(env, user, orgSlug) !== null;
}

/** `Org.has_permission(user, permission)`: staff, or a member whose role grants `permission`. */
export function hasOrgPermission(
  env: Env,
  user: UserRecord,
  orgSlug: string | null | undefined,
  permission: string,
): boolean {
  if (user.isStaff || !isScoped(env, orgSlug)) {
    return true;
  }
  return membership(env, user, orgSlug)?.permissions[permission] === true;
}

/** `?staff=1` from a staff user: the list and item querysets hold every object. */
export function staffAll(req: MockRequest): boolean {
  return req.user?.isStaff === true && req.query.get('staff') === '1';
}

/**
 * Whether an object of `orgSlug` is in the user's querysets (`user_orgs_qs`): an active membership (with
 * `permission` granted, when given), staff or not. Open orgs (no recorded members) and objects without an
 * org are in everyone's.
 */
export function inUserOrgs(
  env: Env,
  user: UserRecord,
  orgSlug: string | null | undefined,
  permission?: string,
): boolean {
  if (!isScoped(env, orgSlug)) {
    return true;
  }
  const member = membership(env, user, orgSlug);
  return member !== null && (permission === undefined || member.permissions[permission] === true);
}

/** The org slug of a project (by id), or null. */
export function orgOfProject(env: Env, projectId: unknown): string | null {
  if (typeof projectId !== 'string') {
    return null;
  }
  const project = env.store.projects.get(projectId.toLowerCase());
  return typeof project?.org === 'string' ? project.org : null;
}

/** The org slug of a device (through its project), or null. */
export function orgOfDevice(env: Env, device: Obj): string | null {
  return typeof device.org === 'string' ? device.org : orgOfProject(env, device.project);
}

/** `Device.has_access(user)`: staff, or access to the device's org (a device without one is open). */
export function hasDeviceAccess(env: Env, user: UserRecord, device: Obj): boolean {
  return hasOrgAccess(env, user, orgOfDevice(env, device));
}

export interface NewMembership {
  role?: string;
  isActive?: boolean;
  /** Default: true for owners and admins (`a0`, `a1`). */
  isOrgAdmin?: boolean;
  /** Default: the role's permissions. */
  permissions?: Record<string, boolean>;
  createdOn?: string;
}

/** Records (or replaces) the membership of `username` in the org; returns it. */
export function addMember(
  store: Store,
  orgSlug: string,
  username: string,
  options: NewMembership = {},
): OrgMember {
  let members = store.orgMembers.get(orgSlug);
  if (!members) {
    members = new Map();
    store.orgMembers.set(orgSlug, members);
  }
  const role = options.role ?? DEFAULT_ROLE;
  const member: OrgMember = {
    user: username,
    role,
    isOrgAdmin: options.isOrgAdmin ?? (role === 'a0' || role === 'a1'),
    isActive: options.isActive ?? true,
    permissions: options.permissions ?? rolePermissions(role),
    createdOn: options.createdOn ?? FIXED_TIME,
  };
  members.set(username, member);
  return member;
}

/** The active members of an org whose accounts are active (`Org.member_count`). */
export function activeMembers(env: Env, orgSlug: string): OrgMember[] {
  return [...(env.store.orgMembers.get(orgSlug)?.values() ?? [])].filter(
    (m) => m.isActive && env.store.userByUsername(m.user)?.isActive !== false,
  );
}

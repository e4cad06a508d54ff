/**
 * Who may see and change what, as the server's `has_access` / `has_permission` methods decide it: staff
 * see everything; other users see an org's objects when they are active members of the org, and act on
 * them when their role grants the permission the view asks for.
 *
 * Compatibility rule: an org with no recorded members (fixtures written before memberships existed, and
 * objects without an org) is open to every authenticated user, as the mock always served it. Fixtures
 * that list `members` get the server's scoping.
 */
import type { Env } from './router.js';
import type { Obj, OrgMember, UserRecord } from './store.js';

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

/**
 * Org membership roles and the permissions each grants, as the server's `apps/org/roles.py` defines them
 * (facts re-stated, not copied): a membership stores the role and a permission map, and the views ask the
 * map (`Org.has_permission`). Staff users act with the `s0` permissions in every org.
 */

/** Every org permission, in the server's order. */
export const ORG_PERMISSIONS = [
  'can_delete_org',
  'can_manage_users',
  'can_manage_ota',
  'can_manage_org_and_projects',
  'can_claim_devices',
  'can_modify_device',
  'can_read_stream_ids',
  'can_modify_stream_ids',
  'can_read_device_properties',
  'can_modify_device_properties',
  'can_read_notes',
  'can_read_device_locations',
  'can_read_stream_data',
  'can_create_stream_data',
  'can_create_datablock',
  'can_access_datablock',
  'can_delete_datablock',
  'can_reset_device',
  'can_access_reports',
  'can_create_reports',
  'can_manage_stream_aliases',
  'can_create_stream_ids',
  'can_access_classic',
  'can_access_webapp',
  'can_access_companion',
] as const;

export type OrgPermission = (typeof ORG_PERMISSIONS)[number];

/** The roles and their display names (`role_name` of a membership). */
export const ORG_ROLES = {
  s0: 's0 - Arch Support',
  a0: 'a0 - Owner',
  a1: 'a1 - Admin',
  m1: 'm1 - Member',
  r1: 'r1 - Operator',
  d1: 'd1 - Developer',
} as const;

export type OrgRole = keyof typeof ORG_ROLES;

/** The role a membership gets when none is given (invitations, `register`, org domains). */
export const DEFAULT_ROLE: OrgRole = 'm1';

/** What each role denies; every other permission is granted. */
const DENIED: Readonly<Record<OrgRole, readonly OrgPermission[]>> = {
  s0: [],
  a0: ['can_manage_ota', 'can_create_stream_ids'],
  a1: ['can_delete_org', 'can_manage_ota', 'can_delete_datablock', 'can_create_stream_ids'],
  m1: [
    'can_delete_org',
    'can_manage_users',
    'can_manage_ota',
    'can_manage_org_and_projects',
    'can_claim_devices',
    'can_manage_stream_aliases',
    'can_create_datablock',
    'can_delete_datablock',
    'can_reset_device',
    'can_create_reports',
    'can_create_stream_ids',
    'can_access_classic',
  ],
  r1: ORG_PERMISSIONS.filter(
    (p) => p !== 'can_read_stream_ids' && p !== 'can_create_stream_data' && p !== 'can_access_companion',
  ),
  d1: ['can_delete_org', 'can_delete_datablock'],
};

export function isOrgRole(role: unknown): role is OrgRole {
  return typeof role === 'string' && Object.hasOwn(ORG_ROLES, role);
}

/** The permission map a membership of `role` stores (a fresh object); every permission false for others. */
export function rolePermissions(role: string): Record<OrgPermission, boolean> {
  const denied = isOrgRole(role) ? DENIED[role] : ORG_PERMISSIONS;
  return Object.fromEntries(ORG_PERMISSIONS.map((p) => [p, !denied.includes(p)])) as Record<
    OrgPermission,
    boolean
  >;
}

/** `role_name`: the display name, or `Unknown Role` for a role the server does not define. */
export function roleName(role: string): string {
  return isOrgRole(role) ? ORG_ROLES[role] : 'Unknown Role';
}

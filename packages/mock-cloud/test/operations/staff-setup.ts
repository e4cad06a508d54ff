/**
 * Setup cases shared by the "orgs" groups: the staff user makes `staff-lab` (the demo user a plain
 * member) and `staff-vault` (no access to the demo user), a project in each, and a device in a project.
 * Each file runs against its own demo cloud, so each replays the setup it needs.
 */
import { expect } from 'vitest';

import type { OperationCase } from './case.js';

/** The ids of the projects made by `staffProject`, by key. */
export type SeenProjects = Record<string, string>;

/** `POST /org/` as staff: `Staff Lab` makes `staff-lab`, `Staff Vault` makes `staff-vault`. */
export function staffOrg(name: 'Staff Lab' | 'Staff Vault'): OperationCase {
  return { op: 'POST /org/', path: '/org/', as: 'staff', body: { name }, status: 201 };
}

/** The demo user made a plain member of `staff-lab`. */
export const demoJoinsStaffLab: OperationCase = {
  op: 'POST /org/{slug}/register/',
  path: '/org/staff-lab/register/',
  as: 'staff',
  body: { user: 'demo' },
  status: 201,
};

/** `POST /project/` as staff in `org`; its id is kept in `seen[key]`. */
export function staffProject<Key extends string>(
  name: string,
  org: string,
  seen: Record<Key, string>,
  key: Key,
): OperationCase {
  return {
    op: 'POST /project/',
    path: '/project/',
    as: 'staff',
    body: { name, org },
    status: 201,
    check: (res) => {
      seen[key] = res.body.id;
    },
  };
}

/** A POD-1M made by staff (`?staff=1`) in the project `seen[key]`, expected to get `slug`. */
export function staffDevice<Key extends string>(
  seen: Record<Key, string>,
  key: Key,
  slug: string,
): OperationCase {
  return {
    op: 'POST /device/',
    path: '/device/',
    as: 'staff',
    query: { staff: 1 },
    get body() {
      return { template: 'pod-1m-v1-0-0', project: seen[key] };
    },
    status: 201,
    check: (res) => expect(res.body.slug).toBe(slug),
  };
}

/**
 * The mock's state: every object the routes serve, keyed the way the server looks them up. Objects loaded
 * from fixtures are kept as given (the serializers fill in what a fixture leaves out); objects the mock
 * creates itself are complete.
 */
import { randomBytes } from 'node:crypto';

import { ArraySource, type DataPoint, type PointSource } from './points.js';
import { slugify } from './slugs.js';
import type { StreamFolder } from './stream-folder.js';

/** A JSON object as stored. */
export type Obj = Record<string, unknown>;

export interface UserRecord {
  id: number;
  email: string;
  username: string;
  slug: string;
  password: string;
  name: string;
  tagline: string;
  isStaff: boolean;
  isActive: boolean;
  createdAt: string;
  /** The DRF `Token` key returned by `/auth/login/`. */
  tokenKey: string;
}

/** A user's membership of an org (`OrgMembership`): role and the permissions it grants. */
export interface OrgMember {
  /** The member's username. */
  user: string;
  /** The org role (`a0` owner, `a1` admin, `m1` member, `r1` operator, ...). */
  role: string;
  isOrgAdmin: boolean;
  isActive: boolean;
  /** Org permissions by name (`can_manage_stream_aliases`, ...), as the role grants them. */
  permissions: Record<string, boolean>;
  /** When the membership was made (ISO-8601). */
  createdOn: string;
}

/** An invitation to join an org (`Invitation`): pending until accepted. */
export interface OrgInvitation {
  email: string;
  /** The inviting account's username. */
  sentBy: string;
  sentOn: string | null;
  accepted: boolean;
  role: string;
}

export interface FleetMember {
  device: string;
  isAccessPoint: boolean;
  alwaysOn: boolean;
}

/** A fixed, timezone-aware time the quick-add helpers stamp on what they create (as the Python mock does). */
export const FIXED_TIME = '2018-01-01T00:00:00Z';

export class Store {
  users = new Map<string, UserRecord>();
  orgs = new Map<string, Obj>();
  projects = new Map<string, Obj>();
  devices = new Map<string, Obj>();
  datablocks = new Map<string, Obj>();
  streams = new Map<string, Obj>();
  properties = new Map<number, Obj>();
  events = new Map<number, Obj>();
  notes = new Map<number, Obj>();
  fleets = new Map<string, Obj>();
  fleetMembers = new Map<string, Map<string, FleetMember>>();
  /** Org memberships: org slug -> username -> membership (see `access.ts`). */
  orgMembers = new Map<string, Map<string, OrgMember>>();
  /** Org invitations: org slug -> e-mail -> invitation (`/org/{slug}/invite/`, `pending/`). */
  orgInvitations = new Map<string, Map<string, OrgInvitation>>();
  streamers = new Map<string, Obj>();
  sgs = new Map<string, Obj>();
  dts = new Map<string, Obj>();
  vartypes = new Map<string, Obj>();
  reports = new Map<string, Obj>();
  rawReportFiles = new Map<string, Uint8Array>();
  /** Generated user reports by UUID (the `generated_reports` table, so fixtures can hold them). */
  get generatedReports(): Map<string, Obj> {
    return this.table<string>('generated_reports');
  }
  otaDevices = new Map<string, Obj>();
  /** OTA deployment requests by id. */
  deployments = new Map<number, Obj>();
  otaActions = new Map<number, Obj>();
  otaScripts = new Map<string, Obj>();
  /** Stream data added programmatically, synthetically or by report uploads. */
  streamData = new Map<string, PointSource>();
  /** Raw event documents (`/event/{id}/data/`) added programmatically or by uploads. */
  eventData = new Map<number, unknown>();
  folder: StreamFolder | null = null;
  /**
   * The objects of the resources the CRUD engine serves (`crud.ts`), by table name (see
   * `table-sections.ts`): components, templates, aliases, filters, ...
   */
  private readonly tables = new Map<string, Map<string | number, Obj>>();

  /** The table `name`, created empty on first use. Keys are slugs (strings) or ids (numbers). */
  table<Key extends string | number = string>(name: string): Map<Key, Obj> {
    let table = this.tables.get(name);
    if (!table) {
      table = new Map();
      this.tables.set(name, table);
    }
    return table as Map<Key, Obj>;
  }

  private nextIds = new Map<string, number>();

  /** A fresh id for a kind of object (`user`, `data`, `event`, `streamer`, ...), counting up from 1. */
  nextId(kind: string, count = 1): number {
    const id = this.nextIds.get(kind) ?? 1;
    this.nextIds.set(kind, id + count);
    return id;
  }

  /** Makes sure later ids of `kind` are above `used` (fixtures bring their own ids). */
  reserveId(kind: string, used: number): void {
    if (Number.isSafeInteger(used) && used >= (this.nextIds.get(kind) ?? 1)) {
      this.nextIds.set(kind, used + 1);
    }
  }

  addUser(email: string, password: string, extra: Partial<UserRecord> = {}): UserRecord {
    const username =
      extra.username ?? (slugify(email.split('@')[0] ?? email) || `user${this.users.size + 1}`);
    const user: UserRecord = {
      id: extra.id ?? this.nextId('user'),
      email,
      username,
      slug: extra.slug ?? slugify(username),
      password,
      name: extra.name ?? '',
      tagline: extra.tagline ?? '',
      isStaff: extra.isStaff ?? false,
      isActive: extra.isActive ?? true,
      createdAt: extra.createdAt ?? FIXED_TIME,
      tokenKey: randomBytes(20).toString('hex'),
    };
    this.reserveId('user', user.id);
    this.users.set(email, user);
    return user;
  }

  userByUsername(username: string): UserRecord | undefined {
    for (const user of this.users.values()) {
      if (user.username === username) {
        return user;
      }
    }
    return undefined;
  }

  userByTokenKey(key: string): UserRecord | undefined {
    for (const user of this.users.values()) {
      if (user.tokenKey === key) {
        return user;
      }
    }
    return undefined;
  }

  /** The points of a stream: added ones first, else the stream folder's file, else none. */
  pointsOf(slug: string): PointSource | null {
    return this.streamData.get(slug) ?? this.folder?.points(slug, (n) => this.nextId('data', n)) ?? null;
  }

  /** Every stream slug that has data (added, synthetic, uploaded or in the stream folder). */
  slugsWithData(): Set<string> {
    const slugs = new Set(this.streamData.keys());
    for (const slug of this.folder?.streamSlugs() ?? []) {
      slugs.add(slug);
    }
    return slugs;
  }

  /** A stream's points as an in-memory array that can change (a computed or folder stream is copied first). */
  editablePoints(slug: string): ArraySource {
    this.appendPoints(slug, []);
    return this.streamData.get(slug) as ArraySource;
  }

  /**
   * Appends points to a stream. A stream whose data so far came from the stream folder is copied into
   * memory first, so nothing already served disappears.
   */
  appendPoints(slug: string, points: DataPoint[]): void {
    let source = this.streamData.get(slug);
    if (!(source instanceof ArraySource)) {
      const existing = source ?? this.folder?.points(slug, (n) => this.nextId('data', n)) ?? null;
      const copy = new ArraySource();
      if (existing) {
        const all: DataPoint[] = [];
        for (let i = 0; i < existing.length; i++) {
          all.push(existing.pointAt(i));
        }
        copy.add(all);
      }
      source = copy;
      this.streamData.set(slug, copy);
    }
    (source as ArraySource).add(points);
  }
}

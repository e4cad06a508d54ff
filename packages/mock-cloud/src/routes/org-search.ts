/**
 * `/org/{slug}/devices/` and `/org/{slug}/archives/`: the server searches its Elasticsearch indexes of
 * devices and data blocks. The mock has no Elasticsearch: it searches its own objects the way the index
 * is queried, so the answers are what a server with an up-to-date index gives.
 *
 * - Every member of the org can search (a non-member gets 404, as for every org action).
 * - `q`: every word must be found (case-insensitive, whole words) in one of the indexed fields: label or
 *   title, property values, description, slug, template, sensor graph, notes, creator, claimer.
 * - Any other parameter but `page` is a property filter: `<property name>=<value>` (exact, on the
 *   property's text value).
 * - Pages of 10, `{next_page, prev_page, count, results}` with page numbers.
 */
import { detail, json, type MockRequest } from '../http.js';
import type { Env, Router } from '../router.js';
import { datablock, device } from '../serializers.js';
import type { Obj } from '../store.js';
import { orgOf } from './orgs.js';

const PAGE = 10;

/** The words the standard analyzer would make of a text (lower case, split at non-word characters). */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((w) => w !== '');
}

interface Indexed {
  /** The text fields `q` searches. */
  fields: string[];
  /** Property name -> text value. */
  properties: Map<string, string>;
}

function indexed(env: Env, slug: string, fields: unknown[]): Indexed {
  const properties = new Map<string, string>();
  for (const p of env.store.properties.values()) {
    if (p.target === slug) {
      properties.set(String(p.name), String(p.value ?? ''));
    }
  }
  const notes = [...env.store.notes.values()]
    .filter((n) => n.target === slug)
    .map((n) => String(n.note ?? ''));
  return {
    fields: [
      ...fields.map((f) => (f === null || f === undefined ? '' : String(f))),
      ...properties.values(),
      ...notes,
    ],
    properties,
  };
}

function matches(doc: Indexed, req: MockRequest): boolean {
  for (const [key, value] of req.query) {
    if (key === 'page' || key === 'q') {
      continue;
    }
    if (doc.properties.get(key) !== value) {
      return false;
    }
  }
  const q = req.query.get('q');
  if (q) {
    const haystack = new Set(doc.fields.flatMap(words));
    return words(q).every((w) => haystack.has(w));
  }
  return true;
}

function pageOf<T>(req: MockRequest, rows: T[]) {
  const raw = req.query.get('page') ?? '1';
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
    // The server fails (500) on a page that is not a number; the mock refuses it as DRF pages do.
    throw detail(404, 'Invalid page.');
  }
  const page = Number.parseInt(raw, 10);
  const start = Math.max(0, (page - 1) * PAGE);
  return {
    next_page: page * PAGE >= rows.length ? null : page + 1,
    prev_page: page <= 1 ? null : page - 1,
    count: rows.length,
    results: rows.slice(start, start + PAGE),
  };
}

export function orgSearch(router: Router): void {
  router.add('/org/{slug}/devices/', {
    GET: (req, env) => {
      const slug = String(orgOf(req, env, req.params.slug).slug);
      const rows = [...env.store.devices.values()]
        .map((d) => device(d, env.store))
        .filter((d) => d.org === slug)
        .filter((d) => {
          const raw = env.store.devices.get(d.slug) as Obj;
          return matches(
            indexed(env, d.slug, [d.label, d.slug, d.template, d.sg, raw.created_by, d.claimed_by]),
            req,
          );
        })
        .sort((a, b) => Number(a.id) - Number(b.id));
      return json(200, pageOf(req, rows));
    },
  });
  router.add('/org/{slug}/archives/', {
    GET: (req, env) => {
      const slug = String(orgOf(req, env, req.params.slug).slug);
      const rows = [...env.store.datablocks.values()]
        .map(datablock)
        .filter((b) => b.org === slug)
        .filter((b) =>
          matches(indexed(env, b.slug, [b.title, b.description, b.slug, b.sg, b.created_by]), req),
        )
        .sort((a, b) => a.id - b.id);
      return json(200, pageOf(req, rows));
    },
  });
}

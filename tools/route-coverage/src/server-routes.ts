/**
 * The real server's routes, as `openapi/server-routes.json` holds them (one entry per URL pattern below
 * `/api/v1/`, with the methods its view allows; see `openapi/server-routes.md` for how it was made).
 */

import { METHODS, type Method, type Operation, operation } from './operations.js';

export interface ServerRoute {
  /** Path below `/api/v1`, e.g. `/device/{slug}/mask/`. */
  path: string;
  /** Allowed methods; `?` for a Django view that takes any (the browsable API's HTML login pages). */
  methods: string[];
  view: string;
  name: string;
}

/** A route whose methods are `?` is a plain Django view outside the REST API: not an operation. */
export function isExcluded(route: ServerRoute): boolean {
  return route.methods.includes('?');
}

export interface ServerOperations {
  operations: Set<Operation>;
  /** Paths left out, with why. */
  excluded: string[];
}

export function serverOperations(routes: readonly ServerRoute[]): ServerOperations {
  const operations = new Set<Operation>();
  const excluded: string[] = [];
  for (const route of routes) {
    if (!route.path.startsWith('/') || !route.path.endsWith('/')) {
      throw new Error(`server route ${JSON.stringify(route.path)}: a path starts and ends with "/"`);
    }
    if (isExcluded(route)) {
      excluded.push(route.path);
      continue;
    }
    for (const method of route.methods) {
      if (!METHODS.includes(method as Method)) {
        throw new Error(`server route ${route.path}: unknown method ${JSON.stringify(method)}`);
      }
      operations.add(operation(method as Method, route.path));
    }
  }
  return { operations, excluded };
}

export function parseServerRoutes(text: string): ServerRoute[] {
  const data: unknown = JSON.parse(text);
  if (!Array.isArray(data)) {
    throw new Error('server routes: expected a JSON array');
  }
  return data.map((entry: unknown, index) => {
    const route = entry as Partial<ServerRoute> | null;
    if (
      typeof route?.path !== 'string' ||
      !Array.isArray(route.methods) ||
      !route.methods.every((m) => typeof m === 'string')
    ) {
      throw new Error(`server routes[${index}]: expected {path: string, methods: string[]}`);
    }
    return { path: route.path, methods: route.methods, view: String(route.view), name: String(route.name) };
  });
}

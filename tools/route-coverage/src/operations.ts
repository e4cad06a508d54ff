/**
 * Operations as `METHOD /path/` with every path parameter written `{}`: the server names them by its
 * lookup field (`{pk}`, `{slug}`, `{org_slug}`), the spec by what they hold (`{id}`, `{slug}`), and
 * both mean the same route.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export const METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** `METHOD /path/` with `{}` for each path parameter, e.g. `GET /device/{}/mask/`. */
export type Operation = `${Method} ${string}`;

export function normalizePath(path: string): string {
  return path.replace(/\{[^}/]*\}/g, '{}');
}

export function operation(method: Method, path: string): Operation {
  return `${method} ${normalizePath(path)}`;
}

/** Sorted by path, then by method in METHODS order. */
export function sortOperations(operations: Iterable<Operation>): Operation[] {
  const key = (op: Operation) => {
    const [method, path] = op.split(' ') as [Method, string];
    return `${path} ${METHODS.indexOf(method)}`;
  };
  return [...operations].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * One request per spec operation, for `every-operation.test.ts`: each file of this folder exports
 * `cases`, run in order against one demo cloud per file (so a file's cases may build on each other: create,
 * then update, then delete).
 */
import type { CheckedResponse, Loose, SpecClient } from '../support/spec-client.js';

/** Who sends the request: the demo user (an org member), a staff user, or nobody (no credentials). */
export type Caller = 'user' | 'staff' | 'anonymous';

export interface OperationCase {
  /** The spec operation, `METHOD /path/{param}/` exactly as in the spec. */
  readonly op: string;
  /** The request path below `/api/v1` (the operation's path with its parameters filled in). */
  readonly path: string;
  readonly as?: Caller;
  readonly query?: Record<string, string | number | boolean | undefined>;
  /** A JSON body (an object or an array), FormData, or text. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** The status the mock must answer (the spec check validates the body on top). */
  readonly status: number;
  /** Further assertions on the answer (the real behaviour, beyond the shape). */
  readonly check?: (res: CheckedResponse<Loose>, clients: Record<Caller, SpecClient>) => void | Promise<void>;
}

/**
 * The spec's generated types (`@iotile/client`'s `paths` and `components`) as the mock uses them: what
 * each route must answer, and the schema of each serializer's result. Types only: nothing of the client
 * is loaded at run time. With these, a route that answers another schema than the spec declares, or a
 * serializer that leaves out a required field or gives it a wrong type, does not compile; the spec
 * validation in the tests still checks every response that goes out.
 */
import type { components, paths, Readable, Schema } from '@iotile/client';

import type { Reply } from './http.js';

export type { Schema };

/** The names of the spec's schemas (`'Device'`, `'Stream'`, ...). */
export type SchemaName = keyof components['schemas'];

/** A schema of the spec, as written in `components` (enums and unions need no readOnly handling). */
export type Component<Name extends SchemaName> = components['schemas'][Name];

/** The paths of the spec (the router only takes these). */
export type SpecPath = keyof paths;

export type HttpVerb = 'get' | 'put' | 'post' | 'patch' | 'delete';

/** The verbs the spec has for a path. */
export type VerbsOf<P extends SpecPath> = {
  [V in HttpVerb]: paths[P][V] extends { responses: unknown } ? V : never;
}[HttpVerb];

type ResponsesOf<P extends SpecPath, V extends HttpVerb> = paths[P][V] extends { responses: infer R }
  ? R
  : never;

type SuccessStatus = 200 | 201 | 202 | 204;

/** The JSON body a response declares, as the server sends it; `undefined` when it declares none (204). */
type JsonBodyOf<Response> = Response extends { content: { 'application/json': infer Body } }
  ? Readable<Body>
  : undefined;

/** The successful replies the spec declares for an operation: one per 2xx status, with its body. */
export type SuccessReply<P extends SpecPath, V extends HttpVerb> = {
  [S in keyof ResponsesOf<P, V> & SuccessStatus]: Reply<S, JsonBodyOf<ResponsesOf<P, V>[S]>>;
}[keyof ResponsesOf<P, V> & SuccessStatus];

/** Any error body DRF sends: `{detail}`, `{error}`, field errors, an array of strings or a bare string. */
export type ErrorBody = Schema<'Error'>;

/**
 * JSON text of a value of type `T`, written by hand where building the object first would cost too much
 * (the data pages). The type records what the text holds; a test compares it with `JSON.stringify` of the
 * typed serializer.
 */
declare const jsonType: unique symbol;

export type JsonText<T> = string & { readonly [jsonType]?: T };

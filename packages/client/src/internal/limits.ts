/**
 * The limits every @iotile package applies, in one place: defaults that keep memory and request
 * counts bounded against any server, and the most a caller may ask for.
 */

/** Default most bytes of a response body the client reads itself (JSON, text, bytes): 64 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** The most extra attempts a request may be given (`retries`). */
export const MAX_RETRIES = 10;

/** The most requests a paginated download may have open at once. */
export const MAX_PAGE_CONCURRENCY = 8;

/** The most requests an `Api` may keep open to one server for its paginated downloads (`maxConcurrency`). */
export const MAX_CONCURRENCY = 16;

/** Default of `maxConcurrency`: the most requests the adaptive limit opens to one server. */
export const DEFAULT_MAX_CONCURRENCY = 8;

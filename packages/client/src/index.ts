export type { Client, Middleware } from 'openapi-fetch';
export { API_PREFIX, Api, type ApiOptions, DEFAULT_DOMAIN } from './api.js';
export { DEFAULT_TOKEN_TYPE, type LoginCredentials } from './auth.js';
export { datetimeToStr } from './datetime.js';
// The base classes; every error class is in `@iotile/client/errors` (all-errors.ts).
export { InvalidInputError, IOTileCloudError } from './errors.js';
export { DEFAULT_MAX_RESPONSE_BYTES, MAX_PAGE_CONCURRENCY, MAX_RETRIES } from './internal/limits.js';
export type { Logger, LogLevel, RetryEvent } from './logger.js';
export type { Page, PaginateOptions } from './paginate.js';
export type {
  AnyRestResource,
  Query,
  QueryValue,
  RestBodyTypes,
  RestCallOptions,
  RestMethods,
  RestParseAs,
  RestResource,
  RestRoot,
  RestVerb,
  UploadFileOptions,
} from './rest.js';
export { DEFAULT_RETRY_OPTIONS, IDEMPOTENT_METHODS, RETRYABLE_STATUSES, type RetryOptions } from './retry.js';
export type { $Read, $Write, components, operations, paths, Readable, Writable } from './schema.js';
export { DEFAULT_TIMEOUT_MS } from './timeout.js';
export type { FetchLike, RequestOverrides } from './transport.js';
export type {
  CallOptions,
  HttpMethod,
  PageEnvelope,
  PageItem,
  PaginatedPath,
  PathsWithMethod,
  Schema,
  SchemaInput,
  SuccessData,
  TypedResponse,
} from './types.js';
export type { FormFieldValue, UploadFormOptions, UploadSource } from './upload.js';

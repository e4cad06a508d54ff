/**
 * `@iotile/client/internal`: the shared core of the `@iotile/*` packages: redaction, limits, input
 * checks (each naming the parameter it refuses) and bounded concurrency.
 *
 * @internal Not public API. It exists so that `@iotile/stream`, `@iotile/report` and `@iotile/cli`
 * use one copy of this logic instead of their own; it may change in any release, without a major
 * version. Application code should not import it.
 *
 * @packageDocumentation
 */

export { parseIsoDate } from '../datetime.js';
export { isJsonContentType } from '../errors.js';
export {
  type BudgetLog,
  type BudgetSettings,
  type ConcurrencySetting,
  DEFAULT_MAX_CONCURRENCY,
  INITIAL_CONCURRENCY,
  LimitMemory,
  limitMemoryFor,
  type Permit,
  type Priority,
  RequestBudget,
  RequestBudgets,
  registerBudgets,
  rememberedLimits,
  requestBudgetOf,
  requestBudgetsOf,
  type Ticket,
} from './budget.js';
export {
  describeInput,
  type InputErrorFactory,
  MAX_TIMER_MS,
  readBoolean,
  readByteLimit,
  readConcurrency,
  readDuration,
  readInteger,
  readOptions,
  readSignal,
} from './checks.js';
export { mapConcurrent } from './concurrency.js';
export {
  AdaptiveLimiter,
  type AdaptiveLimiterOptions,
  type Clock,
  type LimitChange,
  type LimiterState,
  type Sample,
  type WindowMeasure,
} from './limiter.js';
export { DEFAULT_MAX_RESPONSE_BYTES, MAX_CONCURRENCY, MAX_PAGE_CONCURRENCY, MAX_RETRIES } from './limits.js';
export {
  isSecretParameter,
  mergeSecrets,
  REDACTED,
  redactCause,
  redactSecrets,
  redactUrl,
  redactValue,
  rememberSecrets,
  secretsOf,
} from './redact.js';

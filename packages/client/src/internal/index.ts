/**
 * `@iotile/client/internal`: the shared core of the @iotile packages (redaction today; limits,
 * bounded concurrency and input checks live here too as they move in).
 *
 * @internal Not public API. It exists so that `@iotile/stream`, `@iotile/report` and `@iotile/cli`
 * use one copy of this logic instead of their own; it may change in any release, without a major
 * version. Application code should not import it.
 *
 * @packageDocumentation
 */

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

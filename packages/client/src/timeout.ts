/**
 * Per-attempt deadlines: one `AbortSignal.timeout` per HTTP attempt, combined with the caller's signal
 * through `AbortSignal.any`, so either one stops the request and we can still tell which one did.
 */

/** The default per-request timeout (the old TypeScript SDK used 30 s as well). */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface AttemptSignal {
  /** Aborts when the caller aborts or the deadline passes. */
  signal: AbortSignal;
  /** True when the deadline (not the caller) ended the attempt. */
  timedOut(): boolean;
}

/**
 * The signal for one attempt. `timeoutMs` of 0 or `Infinity` means no deadline.
 */
export function attemptSignal(
  callerSignal: AbortSignal | null | undefined,
  timeoutMs: number,
): AttemptSignal {
  const deadline = timeoutMs > 0 && Number.isFinite(timeoutMs) ? AbortSignal.timeout(timeoutMs) : undefined;
  const signal =
    callerSignal && deadline
      ? AbortSignal.any([callerSignal, deadline])
      : (callerSignal ?? deadline ?? new AbortController().signal);
  return {
    signal,
    timedOut: () => deadline?.aborted === true && callerSignal?.aborted !== true,
  };
}

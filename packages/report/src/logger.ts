import { redactSecrets } from '@iotile/client/internal';

/**
 * The logger a report writes to (Python: the `logging` module). Inject any object with these methods
 * (`console`, pino, winston, a test spy); missing methods are skipped.
 */
export interface ReportLogger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
  error?(message: string): void;
}

/**
 * The default: warnings and errors go to the console, debug and info are dropped, which is what
 * Python's `logging` does with no configuration (level WARNING). A skipped source must not vanish
 * without a trace.
 */
export const defaultLogger: ReportLogger = {
  warn(message) {
    // biome-ignore lint/suspicious/noConsole: the documented default sink, replaceable via `logger`
    console.warn(message);
  },
  error(message) {
    // biome-ignore lint/suspicious/noConsole: the documented default sink, replaceable via `logger`
    console.error(message);
  },
};

/**
 * `logger` with every line passed through the client's redaction first: whatever a message quotes
 * (an error a server wrote, a URL), the token of the report's `Api` never reaches a log.
 */
export function redactingLogger(
  logger: ReportLogger,
  secrets: () => readonly (string | undefined)[],
): ReportLogger {
  const wrapped: ReportLogger = {};
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    const write = logger[level];
    if (typeof write === 'function') {
      wrapped[level] = (message: string) => write.call(logger, redactSecrets(String(message), secrets()));
    }
  }
  return wrapped;
}

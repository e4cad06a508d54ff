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

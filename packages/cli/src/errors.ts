/**
 * Exit codes and the one-line messages a failure is printed as.
 *
 * 0 ok; 1 the server or the network failed (status and the server's own message); 2 usage errors
 * (unknown command or option, bad slug, bad date, ...), always with a hint; 130 interrupted (Ctrl-C).
 */

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** An error the CLI reports as one line (plus an optional hint) and an exit code. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(message: string, options: { exitCode?: number; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? EXIT_FAILURE;
    this.hint = options.hint;
  }
}

/** Bad input from the command line: exit 2, with a hint. */
export class UsageError extends CliError {
  constructor(message: string, hint: string) {
    super(message, { exitCode: EXIT_USAGE, hint });
    this.name = 'UsageError';
  }
}

/** Ctrl-C: exit 130. */
export class InterruptedError extends CliError {
  constructor(message = 'interrupted') {
    super(message, { exitCode: EXIT_INTERRUPTED });
    this.name = 'InterruptedError';
  }
}

/** How an error is reported: one line, an optional hint, an exit code. */
export interface ErrorReport {
  exitCode: number;
  message: string;
  hint: string | undefined;
}

/**
 * Turns any error into its report. Errors are recognised by name (the classes of @iotile/client,
 * @iotile/stream, @iotile/report and @iotile/gid), so this module needs none of them loaded.
 */
export function describeError(error: unknown, context: { command?: string } = {}): ErrorReport {
  const helpHint = `run: iotile ${context.command ? `${context.command} ` : ''}--help`;
  if (error instanceof CliError) {
    return { exitCode: error.exitCode, message: oneLine(error.message), hint: error.hint };
  }
  if (!(error instanceof Error)) {
    return { exitCode: EXIT_FAILURE, message: oneLine(String(error)), hint: undefined };
  }
  const names = classNames(error);
  const message = oneLine(error.message);
  if (names.has('RequestAbortedError')) {
    return { exitCode: EXIT_INTERRUPTED, message: 'interrupted', hint: undefined };
  }
  if (names.has('InvalidInputError') || names.has('GidError')) {
    return { exitCode: EXIT_USAGE, message, hint: helpHint };
  }
  if (names.has('HttpError')) {
    const status = (error as { status?: number }).status;
    const hint =
      status === 401 ? 'your session may have expired: log in again with `iotile login`' : undefined;
    return { exitCode: EXIT_FAILURE, message, hint };
  }
  if (names.has('HttpCouldNotVerifyServerError')) {
    return {
      exitCode: EXIT_FAILURE,
      message,
      hint: 'the server certificate was refused; --insecure skips the check (test servers only)',
    };
  }
  if (names.has('IOTileCloudError')) {
    return { exitCode: EXIT_FAILURE, message, hint: undefined };
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'EEXIST') {
    return { exitCode: EXIT_FAILURE, message, hint: undefined };
  }
  return { exitCode: EXIT_FAILURE, message: `unexpected error: ${message}`, hint: undefined };
}

/** The names of an error's class and its ancestors. */
function classNames(error: Error): Set<string> {
  const names = new Set<string>([error.name]);
  for (let proto = Object.getPrototypeOf(error); proto && proto !== Error.prototype; ) {
    names.add(proto.constructor?.name);
    proto = Object.getPrototypeOf(proto);
  }
  return names;
}

/** Messages are printed on one line: newlines and runs of spaces become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

import { InvalidInputError } from '@iotile/client';

/** An argument of a report is invalid (a malformed source slug, a bad date, ...); thrown before any request. */
export class ReportInputError extends InvalidInputError {
  /** The argument that was rejected (`sources`, `start`, `end`, `concurrency`, ...). */
  declare readonly param: string;

  constructor(param: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { param, cause: options.cause });
    this.name = 'ReportInputError';
  }
}

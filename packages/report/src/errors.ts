import { InvalidInputError } from '@iotile/client';

/** An argument of a report is invalid (a malformed source slug, a bad date, ...); thrown before any request. */
export class ReportInputError extends InvalidInputError {
  /** The argument that was rejected (`sources`, `start`, `end`, `concurrency`, ...). */
  readonly param: string;

  constructor(param: string, message: string, options: { cause?: unknown } = {}) {
    super(message);
    this.name = 'ReportInputError';
    this.param = param;
    if (options.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false, writable: true });
    }
  }
}

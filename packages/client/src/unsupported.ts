import { InvalidInputError } from './errors.js';

/** The Node-only features of the client. */
export type NodeOnlyFeature = 'verify: false' | 'upload from a file path';

/**
 * A Node-only feature was asked for in a browser (or another runtime without Node's built-ins):
 * `new Api({ verify: false })` (a browser always checks certificates and lets no page turn that off)
 * or an upload given a file path (pass a `File`/`Blob`, e.g. from an `<input type="file">`, instead).
 * Thrown before any request; an `InvalidInputError`.
 */
export class UnsupportedPlatformError extends InvalidInputError {
  /** What was asked for. */
  readonly feature: NodeOnlyFeature;

  constructor(feature: NodeOnlyFeature, message: string) {
    super(message, { param: feature === 'verify: false' ? 'verify' : 'file' });
    this.name = 'UnsupportedPlatformError';
    this.feature = feature;
  }
}

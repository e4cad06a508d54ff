/** A fixture file, object or stream-folder file the mock cannot use; the message names the file and the problem. */
export class FixtureError extends Error {
  override name = 'FixtureError';
}

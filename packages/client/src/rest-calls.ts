/**
 * What the verbs of a generic resource (`rest.ts`) do, loaded when one is first called: the request,
 * its query (dates in the server's form) and how its 2xx body is read.
 */

// Everything an `Api` loads first, reached from here too: one shared chunk in a bundle (lazy.ts).
import './index.js';
import type { ApiCore, CallInit } from './core.js';
import { loadPart } from './lazy.js';
import { serializeQuery } from './query.js';
import type { Query, RestCallOptions, RestVerbName, UploadFileOptions } from './rest.js';
import type { UploadSource } from './upload.js';

/** Runs verb `name` of the resource at `path` (`url` absolute) with the arguments it was called with. */
export async function restCall(
  core: ApiCore,
  path: string,
  url: string,
  name: RestVerbName,
  args: unknown[],
): Promise<unknown> {
  /** Sends the request and resolves the 2xx body, read as `options.parseAs` says (by content type). */
  const send = async (
    method: string,
    body: unknown,
    query: Query | undefined,
    options: RestCallOptions = {},
  ): Promise<unknown> => {
    const { parseAs, ...rest } = options;
    const init: CallInit = { ...rest, parseAs: parseAs ?? 'auto', params: { query: serializeQuery(query) } };
    if (body !== undefined) {
      init.body = body;
    }
    return (await core.callOrThrow(method, path, init)).data;
  };
  switch (name) {
    case 'get':
      return send('GET', undefined, args[0] as Query | undefined, args[1] as RestCallOptions | undefined);
    case 'delete':
      // Read as text and dropped: no 2xx body, not even malformed JSON, can make `delete` fail (Python).
      await send('DELETE', undefined, args[0] as Query | undefined, {
        ...(args[1] as Omit<RestCallOptions, 'parseAs'> | undefined),
        parseAs: 'text',
      });
      return true;
    case 'uploadFile': {
      const { data, filename, contentType, query, ...callOptions } = (
        args[1] === undefined ? {} : args[1]
      ) as UploadFileOptions;
      const { buildUploadForm } = await loadPart(() => import('./upload.js'), 'POST', url);
      const form = await buildUploadForm(args[0] as UploadSource, { data, filename, contentType });
      return send('POST', form, query, callOptions);
    }
    default:
      return send(
        name.toUpperCase(),
        args[0],
        args[1] as Query | undefined,
        args[2] as RestCallOptions | undefined,
      );
  }
}

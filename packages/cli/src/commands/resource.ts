/**
 * `iotile get|post|patch|delete <path> [key=value ...] [--data JSON]`: the generic resource call
 * (`api.rest`), for any path below /api/v1/. JSON answers are printed indented, text as it is,
 * other bodies as raw bytes.
 */

import type { AnyRestResource } from '@iotile/client';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { parseJsonData, parseKeyValues, parseResourcePath } from '../key-value.js';
import { openSession } from '../session.js';

export type ResourceVerb = 'get' | 'post' | 'patch' | 'delete';

export interface ResourceOptions {
  data?: string;
}

export async function callResource(
  context: Context,
  verb: ResourceVerb,
  path: string,
  pairs: readonly string[],
  options: ResourceOptions,
): Promise<void> {
  const segments = parseResourcePath(path);
  const { query, fields } = parseKeyValues(pairs);
  const sendsBody = verb === 'post' || verb === 'patch';
  if (!sendsBody && options.data !== undefined) {
    throw new UsageError(
      `${verb} sends no body: --data is for post and patch`,
      'pass query parameters as key=value',
    );
  }
  let body: unknown;
  if (sendsBody) {
    body = options.data === undefined ? undefined : parseJsonData(options.data);
    if (Object.keys(fields).length > 0) {
      if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
        throw new UsageError(
          'key=value fields need --data to be a JSON object',
          `e.g. iotile ${verb} ${path} label="Tank 1"`,
        );
      }
      body = { ...(body as object | undefined), ...fields };
    }
    body ??= {};
  }
  const { api } = await openSession(context);
  let target = (api.rest as unknown as AnyRestResource)(segments[0]);
  for (const segment of segments.slice(1)) {
    target = target(segment);
  }
  let result: unknown;
  switch (verb) {
    case 'get':
      result = await target.get(query);
      break;
    case 'delete':
      await target.delete(query);
      context.log.info(`Deleted ${target.url()}`);
      return;
    case 'post':
      result = await target.post(body);
      break;
    case 'patch':
      result = await target.patch(body);
      break;
  }
  printBody(context, result);
}

function printBody(context: Context, result: unknown): void {
  const { stdout } = context.io;
  if (result === undefined) {
    return;
  }
  if (typeof result === 'string') {
    stdout.write(result.endsWith('\n') ? result : `${result}\n`);
  } else if (result instanceof Uint8Array) {
    stdout.write(result);
  } else {
    stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
}

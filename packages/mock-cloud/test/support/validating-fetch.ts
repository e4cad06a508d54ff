/**
 * A fetch for `@iotile/client`'s `Api` that sends every request through the spec check, so calls made
 * with the real client are validated like those of `SpecClient`.
 */
import { checkedFetch } from './spec-client.js';

export async function validatingFetch(input: Request, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const body =
    request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  const checked = await checkedFetch(request.url, {
    method: request.method,
    headers: request.headers,
    ...(body === undefined ? {} : { body }),
    signal: request.signal,
  });
  const empty = checked.status === 204 || checked.status === 304 || checked.text === '';
  return new Response(empty ? null : checked.text, { status: checked.status, headers: checked.headers });
}

import { expect, it } from 'vitest';

import { redirectingFetch } from '../src/index.js';

it('sends the requests for one origin to the target (path, query, method, headers, body, signal kept)', async () => {
  const seen: { url: string; method: string; header: string | null; body: string; init?: RequestInit }[] = [];
  const signals: AbortSignal[] = [];
  const fetch = async (request: Request, init?: RequestInit) => {
    signals.push(request.signal);
    seen.push({
      url: request.url,
      method: request.method,
      header: request.headers.get('authorization'),
      body: await request.text(),
      ...(init === undefined ? {} : { init }),
    });
    return new Response('ok');
  };
  const redirecting = redirectingFetch('https://iotile.cloud/', 'http://127.0.0.1:1234', fetch);
  const controller = new AbortController();
  const init = { keepalive: false } as RequestInit;
  await redirecting(
    new Request('https://iotile.cloud/api/v1/auth/login/?x=1', {
      method: 'POST',
      headers: { authorization: 'jwt t' },
      body: '{"a":1}',
      signal: controller.signal,
    }),
    init,
  );
  await redirecting(new Request('https://example.com/other?y=2'));
  expect(seen).toEqual([
    {
      url: 'http://127.0.0.1:1234/api/v1/auth/login/?x=1',
      method: 'POST',
      header: 'jwt t',
      body: '{"a":1}',
      init,
    },
    { url: 'https://example.com/other?y=2', method: 'GET', header: null, body: '' },
  ]);
  expect(signals[0]?.aborted).toBe(false);
  controller.abort();
  expect(signals[0]?.aborted).toBe(true);
});

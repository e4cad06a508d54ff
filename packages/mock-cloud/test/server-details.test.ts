/**
 * Details of the real server's answers that clients can see (reference section 8, confirmed live): DRF's
 * `Allow` header on every answer of an API view (HEAD included, errors too), logout's 204 with a JSON
 * content type, gravatar avatars as `apps/utils/gravatar.py` makes them, and CORS only under `/api/`.
 */
import { createHash } from 'node:crypto';

import { beforeAll, describe, expect, it } from 'vitest';

import { type Started, startCloud } from './support/cloud.js';

let t: Started;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await startCloud();
  await t.client.login('ada@example.com', 'lovelace');
  auth = { authorization: `jwt ${t.client.token}` };
});

describe('Allow', () => {
  it('names the view methods in DRF order, HEAD with GET, on success, error and HEAD answers', async () => {
    const list = await t.client.get('/device/');
    expect(list.status).toBe(200);
    expect(list.headers.get('allow')).toBe('GET, POST, HEAD, OPTIONS');
    const item = await t.client.get('/device/d--0000-0000-0000-0000/');
    expect(item.status).toBe(404);
    expect(item.headers.get('allow')).toBe('GET, PUT, PATCH, DELETE, HEAD, OPTIONS');
    const anonymous = await t.client.get('/org/', undefined, { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('allow')).toBe('GET, POST, HEAD, OPTIONS');
    const head = await fetch(`${t.server.url}/api/v1/server/`, { method: 'HEAD', headers: auth });
    expect(head.status).toBe(200);
    expect(head.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(await head.text()).toBe('');
  });

  it('is not sent outside the API views (Django 404)', async () => {
    const res = await fetch(`${t.server.url}/api/v1/nothing/`, { headers: auth });
    expect(res.status).toBe(404);
    expect(res.headers.get('allow')).toBeNull();
  });
});

describe('answers as the real server gives them', () => {
  it('logout: 204, Content-Type application/json, no body', async () => {
    const res = await t.client.post('/auth/logout/');
    expect(res.status).toBe(204);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.text).toBe('');
  });

  it('account avatars: gravatar of the lower-cased e-mail, d=identicon, sizes 28/80/170', async () => {
    const res = await t.client.get('/account/');
    const me = res.body.results[0];
    const hash = createHash('md5').update('ada@example.com').digest('hex');
    const url = (size: number) => `https://secure.gravatar.com/avatar/${hash}?d=identicon&s=${size}`;
    expect(me.avatar).toEqual({ tiny: url(28), thumbnail: url(80), medium: url(170) });
  });

  it('CORS: headers and preflights under /api/ only (CORS_URLS_REGEX)', async () => {
    const origin = { origin: 'http://app.example' };
    const api = await fetch(`${t.server.url}/api/v1/server/`, { headers: { ...auth, ...origin } });
    expect(api.headers.get('access-control-allow-origin')).toBe('http://app.example');
    const outside = await fetch(`${t.server.url}/admin/`, { headers: origin });
    expect(outside.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${t.server.url}/admin/`, {
      method: 'OPTIONS',
      headers: { ...origin, 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
  });
});

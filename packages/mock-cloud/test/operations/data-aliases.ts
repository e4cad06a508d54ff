/** `/alias/` and `/tap/`: a stream alias of the demo org reading two demo streams in turn. */
import { expect } from 'vitest';

import { DEMO_ORG, DEMO_STREAMS } from '../../src/index.js';
import type { OperationCase } from './case.js';

const ORG = DEMO_ORG.slug;
const ALIAS = 'a--0000-0000-0000-0001';

export const cases: OperationCase[] = [
  {
    op: 'POST /alias/',
    path: '/alias/',
    body: { name: 'Plant inflow', org: ORG },
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({
        id: 1,
        slug: ALIAS,
        gid: '0000-0000-0000-0001',
        name: 'Plant inflow',
        org: ORG,
        created_by: 'demo',
      }),
  },
  {
    op: 'POST /alias/',
    path: '/alias/',
    body: { name: 'Nowhere', org: 'no-such-org' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ org: ['Object with slug=no-such-org does not exist.'] }),
  },
  {
    op: 'GET /alias/',
    path: '/alias/',
    query: { org: ORG },
    status: 200,
    check: (res) => expect(res.body.results.map((a: { slug: string }) => a.slug)).toEqual([ALIAS]),
  },
  { op: 'GET /alias/', path: '/alias/', query: { org: 'no-such-org' }, status: 404 },
  { op: 'GET /alias/{slug}/', path: `/alias/${ALIAS}/`, status: 200 },
  { op: 'GET /alias/{slug}/', path: '/alias/a--0000-0000-0000-0009/', status: 404 },
  {
    op: 'PATCH /alias/{slug}/',
    path: `/alias/${ALIAS}/`,
    body: { name: 'Plant water in' },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ slug: ALIAS, name: 'Plant water in' }),
  },
  { op: 'PATCH /alias/{slug}/', path: `/alias/${ALIAS}/`, body: { name: 'x'.repeat(101) }, status: 400 },
  {
    op: 'PUT /alias/{slug}/',
    path: `/alias/${ALIAS}/`,
    body: { name: 'Inflow', org: ORG },
    status: 200,
    check: (res) => expect(res.body.name).toBe('Inflow'),
  },
  { op: 'PUT /alias/{slug}/', path: `/alias/${ALIAS}/`, body: { name: 'Inflow' }, status: 400 },
  { op: 'PUT /alias/{slug}/', path: '/alias/a--0000-0000-0000-0009/', body: {}, status: 404 },
  {
    op: 'POST /tap/',
    path: '/tap/',
    body: { alias: ALIAS, timestamp: '2025-01-01T00:00:00Z', stream: DEMO_STREAMS.mainInflowVolume },
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({
        id: 1,
        alias: ALIAS,
        timestamp: '2025-01-01T00:00:00Z',
        stream: DEMO_STREAMS.mainInflowVolume,
        created_by: 'demo',
      }),
  },
  {
    op: 'POST /tap/',
    path: '/tap/',
    body: {
      alias: ALIAS,
      timestamp: '2025-07-01T00:00:00Z',
      stream: 's--0000-0010--0000-0000-0000-0a01--7777',
    },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        stream: ['Object with slug=s--0000-0010--0000-0000-0000-0a01--7777 does not exist.'],
      }),
  },
  {
    op: 'POST /tap/',
    path: '/tap/',
    body: { alias: ALIAS, timestamp: '2025-07-01T00:00:00Z', stream: DEMO_STREAMS.coolingTowerVolume },
    status: 201,
  },
  {
    op: 'GET /tap/',
    path: '/tap/',
    query: { target: ALIAS },
    status: 200,
    check: (res) =>
      expect(res.body.results.map((t: { stream: string }) => t.stream)).toEqual([
        DEMO_STREAMS.mainInflowVolume,
        DEMO_STREAMS.coolingTowerVolume,
      ]),
  },
  { op: 'GET /tap/', path: '/tap/', query: { target: 'a--0000-0000-0000-0009' }, status: 404 },
  { op: 'GET /tap/{id}/', path: '/tap/2/', status: 200 },
  { op: 'GET /tap/{id}/', path: '/tap/99/', status: 404 },
  {
    op: 'PATCH /tap/{id}/',
    path: '/tap/2/',
    body: { timestamp: '2025-08-01T00:00:00Z' },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ id: 2, timestamp: '2025-08-01T00:00:00Z' }),
  },
  { op: 'PATCH /tap/{id}/', path: '/tap/2/', body: { timestamp: 'August' }, status: 400 },
  {
    op: 'PUT /tap/{id}/',
    path: '/tap/2/',
    body: { alias: ALIAS, timestamp: '2025-09-01T00:00:00Z', stream: DEMO_STREAMS.irrigationVolume },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ stream: DEMO_STREAMS.irrigationVolume }),
  },
  { op: 'PUT /tap/{id}/', path: '/tap/2/', body: { alias: ALIAS }, status: 400 },
  { op: 'PUT /tap/{id}/', path: '/tap/99/', body: {}, status: 404 },
  { op: 'DELETE /tap/{id}/', path: '/tap/2/', status: 204 },
  { op: 'DELETE /tap/{id}/', path: '/tap/2/', status: 404 },
  {
    op: 'DELETE /alias/{slug}/',
    path: `/alias/${ALIAS}/`,
    status: 204,
    // Its taps go with it.
    check: async (_res, clients) => expect((await clients.user.request('/tap/')).body.count).toBe(0),
  },
  { op: 'DELETE /alias/{slug}/', path: `/alias/${ALIAS}/`, status: 404 },
];

/** `/filter/`: a stream filter on a demo stream, its states, transitions, triggers and actions. */
import { expect } from 'vitest';

import { DEMO_DEVICES } from '../../src/index.js';
import type { OperationCase } from './case.js';

const PROJECT = 'p--0000-0010';
const VARIABLE = 'v--0000-0010--5001';
const FIRST = 'f--0000-0010--0000-0000-0000-0a01--5001';
/** Where the filter moves: the cooling tower's volume stream (output unit m³: m 1, d 1000). */
const MOVED = 'f--0000-0010--0000-0000-0000-0a02--5001';
const UNKNOWN_TRANSITION = '00000000-0000-4000-8000-000000000000';

export const cases: OperationCase[] = [
  {
    op: 'POST /filter/',
    path: '/filter/',
    body: { name: 'Leak', project: PROJECT, variable: VARIABLE, device: DEMO_DEVICES.mainInflow },
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({
        id: 1,
        slug: FIRST,
        name: 'Leak',
        input_stream: 's--0000-0010--0000-0000-0000-0a01--5001',
        project: PROJECT,
        variable: VARIABLE,
        device: DEMO_DEVICES.mainInflow,
        active: true,
        states: [],
        transitions: [],
      }),
  },
  {
    op: 'POST /filter/',
    path: '/filter/',
    body: { project: PROJECT, variable: VARIABLE, device: DEMO_DEVICES.mainInflow },
    status: 400,
    check: (res) => expect(res.body).toEqual({ non_field_errors: ['Filter for this stream already exists'] }),
  },
  {
    op: 'POST /filter/',
    path: '/filter/',
    body: { project: PROJECT, variable: 'v--0000-0010--7777' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ variable: ['Object with slug=v--0000-0010--7777 does not exist.'] }),
  },
  {
    op: 'GET /filter/',
    path: '/filter/',
    query: { project: '7c9e6679-7425-40de-944b-e07fc1f90ae7' },
    status: 200,
    check: (res) => expect(res.body.results.map((f: { slug: string }) => f.slug)).toEqual([FIRST]),
  },
  { op: 'GET /filter/', path: '/filter/', as: 'anonymous', status: 401 },
  { op: 'GET /filter/{slug}/', path: `/filter/${FIRST}/`, status: 200 },
  { op: 'GET /filter/{slug}/', path: '/filter/f--0000-0010----7777/', status: 404 },
  {
    op: 'PUT /filter/{slug}/',
    path: `/filter/${FIRST}/`,
    // Without `device` the input stream, and so the slug, stay: only the name changes.
    body: { name: 'Leak detector', project: PROJECT, variable: VARIABLE },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ slug: FIRST, name: 'Leak detector' }),
  },
  {
    op: 'PUT /filter/{slug}/',
    path: `/filter/${FIRST}/`,
    // The serializer finds the filter's own slug taken.
    body: { project: PROJECT, variable: VARIABLE, device: DEMO_DEVICES.mainInflow },
    status: 400,
    check: (res) => expect(res.body).toEqual({ non_field_errors: ['Filter for this stream already exists'] }),
  },
  { op: 'PUT /filter/{slug}/', path: '/filter/f--0000-0010----7777/', body: {}, status: 404 },
  {
    op: 'PATCH /filter/{slug}/',
    path: `/filter/${FIRST}/`,
    body: { project: PROJECT, variable: VARIABLE, device: DEMO_DEVICES.coolingTower },
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({
        slug: MOVED,
        device: DEMO_DEVICES.coolingTower,
        input_stream: 's--0000-0010--0000-0000-0000-0a02--5001',
      }),
  },
  {
    op: 'PATCH /filter/{slug}/',
    path: `/filter/${MOVED}/`,
    body: { project: PROJECT, variable: VARIABLE, device: DEMO_DEVICES.pallet18 },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        non_field_errors: ['Stream corresponding to this device and variable does not exist'],
      }),
  },
  {
    op: 'POST /filter/{slug}/state/',
    path: `/filter/${MOVED}/state/`,
    body: { label: 'Normal' },
    status: 201,
    check: (res) => expect(res.body).toEqual({ id: 1, label: 'Normal', actions: [] }),
  },
  { op: 'POST /filter/{slug}/state/', path: `/filter/${MOVED}/state/`, body: { label: 'Leak' }, status: 201 },
  {
    op: 'POST /filter/{slug}/state/',
    path: `/filter/${MOVED}/state/`,
    body: { label: 'normal' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ non_field_errors: ['State already exists'] }),
  },
  { op: 'POST /filter/{slug}/state/', path: '/filter/f--nope/state/', body: { label: 'A' }, status: 404 },
  {
    op: 'GET /filter/{slug}/state/',
    path: `/filter/${MOVED}/state/`,
    status: 200,
    check: (res) =>
      expect(res.body).toEqual([
        { id: 2, label: 'Leak', slug: 'leak', actions: [] },
        { id: 1, label: 'Normal', slug: 'normal', actions: [] },
      ]),
  },
  { op: 'GET /filter/{slug}/state/', path: '/filter/f--nope/state/', status: 404 },
  {
    op: 'PUT /filter/{slug}/state/',
    path: `/filter/${MOVED}/state/`,
    body: { label: 'Leak' },
    status: 201,
    check: (res) => expect(res.body).toEqual({ id: 2, label: 'Leak', actions: [] }),
  },
  {
    op: 'PUT /filter/{slug}/state/',
    path: `/filter/${MOVED}/state/`,
    body: {},
    status: 400,
    check: (res) => expect(res.body).toEqual({ error: 'State label is required' }),
  },
  { op: 'PUT /filter/{slug}/state/', path: `/filter/${MOVED}/state/`, body: { label: 'Dry' }, status: 404 },
  {
    op: 'POST /filter/{slug}/transition/',
    path: `/filter/${MOVED}/transition/`,
    body: { src: 1, dst: 2, triggers: [{ operator: 'gt', user_threshold: 10 }] },
    status: 201,
    // 10 m³ in the stream's storage unit (litres): (10 - 0) * 1000 / 1.
    check: (res) =>
      expect(res.body).toEqual({
        src: 1,
        dst: 2,
        triggers: [
          {
            id: 1,
            operator: 'gt',
            get_operator_display: 'Greater than (>)',
            threshold: 10000,
            user_threshold: 10,
            user_output_unit: null,
            user_unit_full: 'Cubic Meters',
          },
        ],
      }),
  },
  {
    op: 'POST /filter/{slug}/transition/',
    path: `/filter/${MOVED}/transition/`,
    body: { src: 1, dst: 2 },
    status: 400,
    check: (res) => expect(res.body).toEqual({ non_field_errors: ['Transition already exists'] }),
  },
  {
    op: 'POST /filter/{slug}/transition/',
    path: `/filter/${MOVED}/transition/`,
    body: { src: 1, dst: 99 },
    status: 400,
    check: (res) => expect(res.body).toEqual({ dst: ['Invalid pk "99" - object does not exist.'] }),
  },
  {
    op: 'GET /filter/{slug}/transition/',
    path: `/filter/${MOVED}/transition/`,
    status: 200,
    check: (res) => {
      expect(res.body).toHaveLength(1);
      expect(res.body[0]).toMatchObject({ src: 1, dst: 2, triggers: [{ id: 1, operator: 'gt' }] });
    },
  },
  { op: 'GET /filter/{slug}/transition/', path: '/filter/f--nope/transition/', status: 404 },
  {
    op: 'PUT /filter/{slug}/transition/',
    path: `/filter/${MOVED}/transition/`,
    body: { src: 1, dst: 2, triggers: [{ operator: 'lt', user_threshold: 0.5 }] },
    status: 201,
    // The triggers are replaced.
    check: (res) =>
      expect(res.body.triggers).toEqual([
        expect.objectContaining({ id: 2, operator: 'lt', user_threshold: 0.5, threshold: 500 }),
      ]),
  },
  {
    op: 'PUT /filter/{slug}/transition/',
    path: `/filter/${MOVED}/transition/`,
    body: { src: 1 },
    status: 400,
    check: (res) => expect(res.body).toEqual({ error: 'src and dst are required' }),
  },
  {
    op: 'PUT /filter/{slug}/transition/',
    path: `/filter/${MOVED}/transition/`,
    body: { src: 2, dst: 1 },
    status: 404,
  },
  {
    op: 'POST /filter/{slug}/trigger/',
    path: `/filter/${MOVED}/trigger/`,
    body: { operator: 'eq', user_threshold: 2 },
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({
        id: 3,
        operator: 'eq',
        get_operator_display: 'Equal (==)',
        threshold: 2000,
      }),
  },
  {
    op: 'POST /filter/{slug}/trigger/',
    path: `/filter/${MOVED}/trigger/`,
    body: { operator: 'eq', user_threshold: 2, transition: UNKNOWN_TRANSITION },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        transition: [`Invalid pk "${UNKNOWN_TRANSITION}" - object does not exist.`],
      }),
  },
  { op: 'POST /filter/{slug}/trigger/', path: '/filter/f--nope/trigger/', body: {}, status: 404 },
  {
    op: 'GET /filter/{slug}/trigger/',
    path: `/filter/${MOVED}/trigger/`,
    status: 200,
    check: (res) => expect(res.body.map((t: { id: number }) => t.id)).toEqual([2, 3]),
  },
  { op: 'GET /filter/{slug}/trigger/', path: '/filter/f--nope/trigger/', status: 404 },
  {
    op: 'POST /filter/{slug}/action/',
    path: `/filter/${MOVED}/action/`,
    body: { type: 'eml', state: 2, extra_payload: { notification_recipients: ['org:admin'] } },
    status: 201,
    check: async (res, clients) => {
      expect(res.body).toEqual({
        id: 1,
        type: 'eml',
        on: 'entry',
        extra_payload: { notification_recipients: ['org:admin'] },
        state: 2,
      });
      const states = await clients.user.request(`/filter/${MOVED}/state/`);
      expect(states.body[0].actions).toEqual([res.body]);
    },
  },
  { op: 'POST /filter/{slug}/action/', path: `/filter/${MOVED}/action/`, body: { type: 'fax' }, status: 400 },
  { op: 'POST /filter/{slug}/action/', path: '/filter/f--nope/action/', body: { type: 'eml' }, status: 404 },
  {
    op: 'DELETE /filter/{slug}/action/',
    path: `/filter/${MOVED}/action/`,
    body: {},
    status: 400,
    check: (res) => expect(res.body).toEqual({ error: 'Action id is required' }),
  },
  { op: 'DELETE /filter/{slug}/action/', path: `/filter/${MOVED}/action/`, body: { id: 1 }, status: 204 },
  { op: 'DELETE /filter/{slug}/action/', path: `/filter/${MOVED}/action/`, body: { id: 1 }, status: 404 },
  {
    op: 'DELETE /filter/{slug}/trigger/',
    path: `/filter/${MOVED}/trigger/`,
    body: { operator: 'eq' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ error: 'Trigger id is required' }),
  },
  { op: 'DELETE /filter/{slug}/trigger/', path: `/filter/${MOVED}/trigger/`, body: { id: 3 }, status: 204 },
  { op: 'DELETE /filter/{slug}/trigger/', path: `/filter/${MOVED}/trigger/`, body: { id: 3 }, status: 404 },
  {
    op: 'DELETE /filter/{slug}/transition/',
    path: `/filter/${MOVED}/transition/`,
    body: { src: 1, dst: 2 },
    status: 204,
  },
  {
    op: 'DELETE /filter/{slug}/transition/',
    path: `/filter/${MOVED}/transition/`,
    body: { src: 1, dst: 2 },
    status: 404,
  },
  {
    op: 'DELETE /filter/{slug}/state/',
    path: `/filter/${MOVED}/state/`,
    body: { label: 'Normal' },
    status: 204,
  },
  {
    op: 'DELETE /filter/{slug}/state/',
    path: `/filter/${MOVED}/state/`,
    body: { label: 'Normal' },
    status: 404,
  },
  { op: 'DELETE /filter/{slug}/', path: `/filter/${MOVED}/`, status: 204 },
  { op: 'DELETE /filter/{slug}/', path: `/filter/${MOVED}/`, status: 404 },
];

/** `/report/generated/` (with the S3 handshake, availability, scheduling) and `/report/summary/`. */
import { expect } from 'vitest';

import { DEMO_DEVICES, DEMO_ORG } from '../../src/index.js';
import type { OperationCase } from './case.js';

const ORG = DEMO_ORG.slug;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** The id of the report the first create made (the cases of a file run in order). */
let created = '';
let scheduled = '';

export const cases: OperationCase[] = [
  {
    op: 'POST /report/generated/',
    path: '/report/generated/',
    body: { label: 'Trip 17', org: ORG, source_ref: DEMO_DEVICES.pallet17 },
    status: 201,
    check: (res) => {
      created = res.body.id;
      expect(res.body).toMatchObject({
        label: 'Trip 17',
        org: ORG,
        source_ref: DEMO_DEVICES.pallet17,
        status: 'G0',
        url: null,
        index_file: null,
        created_by: 'demo',
        user_info: { username: '@demo', slug: 'demo' },
      });
    },
  },
  {
    op: 'POST /report/generated/',
    path: '/report/generated/',
    body: { label: 'x'.repeat(51), org: 'no-such-org' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        label: ['Ensure this field has no more than 50 characters.'],
        org: ['Object with slug=no-such-org does not exist.'],
      }),
  },
  {
    op: 'POST /report/generated/',
    path: '/report/generated/',
    body: { label: 'Trip', org: 'no-such-org' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ org: ['Object with slug=no-such-org does not exist.'] }),
  },
  {
    op: 'GET /report/generated/',
    path: '/report/generated/',
    query: { org: ORG, status: 'G0' },
    status: 200,
    check: (res) => expect(res.body.results.map((r: { id: string }) => r.id)).toEqual([created]),
  },
  { op: 'GET /report/generated/', path: '/report/generated/', query: { org: 'no-such-org' }, status: 404 },
  { op: 'GET /report/generated/', path: '/report/generated/', query: { status: 'G9' }, status: 400 },
  {
    op: 'GET /report/generated/{id}/',
    get path() {
      return `/report/generated/${created}/`;
    },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ id: created, label: 'Trip 17' }),
  },
  { op: 'GET /report/generated/{id}/', path: `/report/generated/${UNKNOWN}/`, status: 404 },
  {
    op: 'PATCH /report/generated/{id}/',
    get path() {
      return `/report/generated/${created}/`;
    },
    body: { status: 'GE', label: 'Trip 17 (failed)' },
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({ status: 'GE', label: 'Trip 17 (failed)', index_file: null }),
  },
  {
    op: 'PATCH /report/generated/{id}/',
    get path() {
      return `/report/generated/${created}/`;
    },
    body: { status: 'done' },
    status: 400,
  },
  {
    op: 'PUT /report/generated/{id}/',
    get path() {
      return `/report/generated/${created}/`;
    },
    // `key` names the index file under the report's folder.
    body: { label: 'Trip 17', org: ORG, status: 'G1', key: 'index.html' },
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({
        status: 'G1',
        index_file: { id: created, title: 'Trip 17', file_type: 'html' },
      }),
  },
  { op: 'PUT /report/generated/{id}/', path: `/report/generated/${UNKNOWN}/`, body: {}, status: 404 },
  {
    op: 'PUT /report/generated/{id}/',
    get path() {
      return `/report/generated/${created}/`;
    },
    body: { label: 'No org' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ org: ['This field is required.'] }),
  },
  {
    op: 'POST /report/generated/{id}/uploadurl/',
    get path() {
      return `/report/generated/${created}/uploadurl/`;
    },
    body: { name: 'data.csv', acl: 'public-read' },
    status: 202,
    check: (res) => {
      expect(res.body).toMatchObject({
        url: 'https://iotile-mock-cloud-reports.s3.amazonaws.com/',
        uuid: created,
        fields: {
          key: `mock/shared/${ORG}/${created}/data.csv`,
          acl: 'public-read',
          'Content-Type': 'text/csv',
          'x-amz-meta-type': 'report',
        },
      });
    },
  },
  {
    op: 'POST /report/generated/{id}/uploadurl/',
    get path() {
      return `/report/generated/${created}/uploadurl/`;
    },
    body: { name: 'a', acl: 'world' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ acl: ['"world" is not a valid choice.'] }),
  },
  {
    op: 'POST /report/generated/{id}/uploadurl/',
    path: `/report/generated/${UNKNOWN}/uploadurl/`,
    body: { name: 'a' },
    status: 404,
  },
  {
    op: 'POST /report/generated/{id}/uploadsuccess/',
    get path() {
      return `/report/generated/${created}/uploadsuccess/`;
    },
    body: { name: 'index.html' },
    status: 202,
    check: async (res, clients) => {
      expect(res.body).toMatchObject({ id: created, title: 'Trip 17', file_type: 'html' });
      expect(res.body.url).toContain(`/mock/shared/${ORG}/${created}/index.html?X-Amz-`);
      expect((await clients.user.request(`/report/generated/${created}/`)).body.status).toBe('G1');
    },
  },
  {
    op: 'POST /report/generated/{id}/uploadsuccess/',
    get path() {
      return `/report/generated/${created}/uploadsuccess/`;
    },
    body: {},
    status: 400,
  },
  {
    op: 'POST /report/generated/{id}/uploadsuccess/',
    path: `/report/generated/${UNKNOWN}/uploadsuccess/`,
    body: { name: 'index.html' },
    status: 404,
  },
  {
    op: 'POST /report/generated/availability/',
    path: '/report/generated/availability/',
    body: { slug: DEMO_DEVICES.pallet17 },
    status: 202,
    // A shipping sensor graph with shock events: the two shipping reports.
    check: (res) =>
      expect(res.body).toEqual({
        slug: DEMO_DEVICES.pallet17,
        code: 'AVAILABLE',
        msg: 'Analytic Reports',
        extra: {
          reports: [
            { key: 'shipment_overview', label: 'Shipping - Analytics Overview' },
            { key: 'shipment_details', label: 'Shipping - Analytics Details' },
          ],
        },
      }),
  },
  {
    op: 'POST /report/generated/availability/',
    path: '/report/generated/availability/',
    body: { slug: DEMO_DEVICES.pallet18 },
    status: 202,
    check: (res) => expect(res.body).toMatchObject({ code: 'NOT_AVAILABLE' }),
  },
  {
    op: 'POST /report/generated/availability/',
    path: '/report/generated/availability/',
    body: { slug: DEMO_DEVICES.mainInflow },
    status: 202,
    check: (res) => expect(res.body).toMatchObject({ code: 'NOT_SUPPORTED', msg: 'Feature not supported' }),
  },
  {
    op: 'POST /report/generated/availability/',
    path: '/report/generated/availability/',
    body: { slug: 'p--0000-0010' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ detail: 'Illegal device slug: None' }),
  },
  {
    op: 'POST /report/generated/schedule/',
    path: '/report/generated/schedule/',
    body: { slug: DEMO_DEVICES.pallet17, template: 'shipment_overview', args: { units: 'metric' } },
    status: 202,
    check: async (res, clients) => {
      scheduled = res.body.report;
      expect(res.body).toMatchObject({
        template: 'shipment_overview',
        group_slug: DEMO_DEVICES.pallet17,
        user: 'demo@example.com',
        args: { units: 'metric' },
      });
      expect(res.body.token.split('.')).toHaveLength(3);
      // The report the job will fill in, in status GS.
      const report = await clients.user.request(`/report/generated/${scheduled}/`);
      expect(report.body).toMatchObject({
        status: 'GS',
        label: `shipment_overview: ${DEMO_DEVICES.pallet17}`,
        source_ref: DEMO_DEVICES.pallet17,
      });
    },
  },
  {
    op: 'POST /report/generated/schedule/',
    path: '/report/generated/schedule/',
    body: { slug: DEMO_DEVICES.pallet17, template: 'weekly' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ template: ['"weekly" is not a valid choice.'] }),
  },
  {
    op: 'POST /report/generated/schedule/',
    path: '/report/generated/schedule/',
    body: { slug: 'd--0000-0000-0000-0fff', template: 'shipment_details' },
    status: 403,
    check: (res) => expect(res.body).toEqual({ detail: 'User has no access to object' }),
  },
  {
    op: 'DELETE /report/generated/{id}/',
    get path() {
      return `/report/generated/${scheduled}/`;
    },
    status: 204,
  },
  { op: 'DELETE /report/generated/{id}/', path: `/report/generated/${UNKNOWN}/`, status: 404 },
  {
    op: 'POST /report/summary/',
    path: '/report/summary/',
    body: { slug: DEMO_DEVICES.pallet17, generator: 'end_of_trip', notification_recipients: ['org:admin'] },
    status: 202,
    check: (res) => expect(res.body).toEqual({ status: 'scheduled' }),
  },
  {
    op: 'POST /report/summary/',
    path: '/report/summary/',
    body: {
      slug: DEMO_DEVICES.pallet17,
      device_slug: DEMO_DEVICES.pallet17,
      generator: 'end_of_trip',
      notification_recipients: [],
    },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ detail: 'slug and device_slug cannot be used together. Use slug' }),
  },
  {
    op: 'POST /report/summary/',
    path: '/report/summary/',
    body: { device_slug: 'd--0000-0000-0000-0fff', generator: 'end_of_trip', notification_recipients: [] },
    status: 403,
    check: (res) => expect(res.body).toEqual({ detail: 'User has no access to device' }),
  },
];

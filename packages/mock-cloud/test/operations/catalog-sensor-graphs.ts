/** `/sg/` with its property templates, and `/vartemplate/` and `/widget/` (shown inside their sensor graph). */
import { expect } from 'vitest';

import { DEMO_API_KEY } from '../../src/index.js';
import type { OperationCase } from './case.js';

const key = { authorization: `Api-Key ${DEMO_API_KEY}` };
const GRAPH = '/sg/gateway-v2-1-0/';

const variableTemplate = {
  sg: 'gateway-v2-1-0',
  var_type: 'water-meter-volume',
  default_input_unit: null,
  default_output_unit: null,
  lid_hex: '5001',
  label: 'Flow',
};

export const cases: OperationCase[] = [
  {
    op: 'GET /sg/',
    path: '/sg/',
    status: 200,
    check: (res) =>
      expect(res.body.results.map((g: { slug: string }) => g.slug)).toEqual([
        'shipping-v1-1-0',
        'temperature-v1-0-0',
        'water-meter-v1-1-0',
      ]),
  },
  {
    op: 'GET /sg/',
    path: '/sg/',
    query: { org__slug: 'nobody' },
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  { op: 'GET /sg/', path: '/sg/', as: 'anonymous', headers: key, status: 200 },
  { op: 'GET /sg/', path: '/sg/', as: 'anonymous', status: 401 },
  {
    op: 'GET /sg/{slug}/',
    path: '/sg/water-meter-v1-1-0/',
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ name: 'Water Meter', version: 'v1.1.0', app_tag: 1027 }),
  },
  { op: 'GET /sg/{slug}/', path: '/sg/temperature-v1-0-0/', as: 'anonymous', headers: key, status: 200 },
  { op: 'GET /sg/{slug}/', path: '/sg/nothing/', status: 404 },
  { op: 'POST /sg/', path: '/sg/', body: { name: 'Gateway', org: 'demo-co' }, status: 403 },
  {
    op: 'POST /sg/',
    path: '/sg/',
    as: 'staff',
    // `arch-systems` is not an org of the mock, and a project template must exist and be active.
    body: { name: 'Gateway', org: 'arch-systems', project_template: 'none-v1-0-0', app_tag: 'x' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        org: ['Object with slug=arch-systems does not exist.'],
        project_template: ['Object with slug=none-v1-0-0 does not exist.'],
        app_tag: ['A valid integer is required.'],
      }),
  },
  {
    op: 'POST /sg/',
    path: '/sg/',
    as: 'staff',
    body: {
      name: 'Gateway',
      org: 'demo-co',
      major_version: 2,
      app_tag: 2050,
      app_major_version: 1,
      app_minor_version: 3,
      ui_extra: { web: { pageTemplateSlug: 'default' } },
    },
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({
        name: 'Gateway',
        slug: 'gateway-v2-0-0',
        org: 'demo-co',
        project_template: null,
        version: 'v2.0.0',
        app_version: 'v1.3',
        variable_templates: [],
        report_processing_engine_ver: 0,
        ui_extra: { web: { pageTemplateSlug: 'default' } },
      }),
  },
  {
    op: 'POST /sg/',
    path: '/sg/',
    as: 'staff',
    body: { name: 'Gateway', org: 'demo-co', major_version: 2 },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        non_field_errors: [
          'The fields name, major_version, minor_version, patch_version must make a unique set.',
        ],
      }),
  },
  {
    op: 'PATCH /sg/{slug}/',
    path: '/sg/gateway-v2-0-0/',
    as: 'staff',
    body: { minor_version: 1 },
    status: 200,
    check: async (res, clients) => {
      // The slug is made from the name and version on every save.
      expect(res.body.slug).toBe('gateway-v2-1-0');
      expect((await clients.user.request('/sg/gateway-v2-0-0/')).status).toBe(404);
    },
  },
  { op: 'PATCH /sg/{slug}/', path: GRAPH, body: { minor_version: 2 }, status: 403 },
  { op: 'PATCH /sg/{slug}/', path: '/sg/nothing/', as: 'staff', body: {}, status: 404 },
  { op: 'PUT /sg/{slug}/', path: GRAPH, body: { name: 'Gateway', org: 'demo-co' }, status: 403 },
  {
    op: 'PUT /sg/{slug}/',
    path: GRAPH,
    as: 'staff',
    body: { name: 'Gateway' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ org: ['This field is required.'] }),
  },
  {
    op: 'PUT /sg/{slug}/',
    path: GRAPH,
    as: 'staff',
    body: { name: 'Gateway', org: 'demo-co', report_processing_engine_ver: 2 },
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({
        slug: 'gateway-v2-1-0',
        report_processing_engine_ver: 2,
        app_tag: 2050,
      }),
  },
  // Variable templates: write-only routes; they show inside the sensor graph.
  { op: 'POST /vartemplate/', path: '/vartemplate/', body: variableTemplate, status: 403 },
  {
    op: 'POST /vartemplate/',
    path: '/vartemplate/',
    as: 'staff',
    body: { sg: 'gateway-v2-1-0', var_type: 'nothing' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        var_type: ['Object with slug=nothing does not exist.'],
        default_input_unit: ['This field is required.'],
        default_output_unit: ['This field is required.'],
      }),
  },
  {
    op: 'POST /vartemplate/',
    path: '/vartemplate/',
    as: 'staff',
    body: variableTemplate,
    status: 201,
    check: async (res, clients) => {
      expect(res.body).toEqual({
        id: 1,
        label: 'Flow',
        sg: 'gateway-v2-1-0',
        lid_hex: '5001',
        derived_lid_hex: '',
        var_type: 'water-meter-volume',
        default_input_unit: null,
        default_output_unit: null,
        ctype: 'unsigned int',
        m: 1,
        d: 1,
        o: 0,
        app_only: false,
        web_only: false,
      });
      const graph = await clients.user.request(GRAPH);
      expect(graph.body.variable_templates).toEqual([
        expect.objectContaining({ id: 1, lid_hex: '5001', var_type: 'water-meter-volume' }),
      ]);
    },
  },
  {
    op: 'PUT /vartemplate/{id}/',
    path: '/vartemplate/1/',
    as: 'staff',
    body: { ...variableTemplate, m: 10, d: 3 },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ id: 1, m: 10, d: 3 }),
  },
  { op: 'PUT /vartemplate/{id}/', path: '/vartemplate/1/', body: variableTemplate, status: 403 },
  {
    op: 'PUT /vartemplate/{id}/',
    path: '/vartemplate/99/',
    as: 'staff',
    body: variableTemplate,
    status: 404,
  },
  {
    op: 'PATCH /vartemplate/{id}/',
    path: '/vartemplate/1/',
    as: 'staff',
    body: { label: 'Volume', app_only: true },
    status: 200,
    check: async (res, clients) => {
      expect(res.body).toMatchObject({ label: 'Volume', app_only: true, m: 10 });
      const graph = await clients.user.request(GRAPH);
      expect(graph.body.variable_templates[0]).toMatchObject({ label: 'Volume', app_only: true });
    },
  },
  { op: 'PATCH /vartemplate/{id}/', path: '/vartemplate/1/', body: { label: 'X' }, status: 403 },
  {
    op: 'PATCH /vartemplate/{id}/',
    path: '/vartemplate/1/',
    as: 'staff',
    body: { sg: 'nothing' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ sg: ['Object with slug=nothing does not exist.'] }),
  },
  // Display-widget templates.
  { op: 'POST /widget/', path: '/widget/', body: { sg: 'gateway-v2-1-0' }, status: 403 },
  {
    op: 'POST /widget/',
    path: '/widget/',
    as: 'staff',
    body: { label: 'x', type: 'knob' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ sg: ['This field is required.'], type: ['"knob" is not a valid choice.'] }),
  },
  {
    op: 'POST /widget/',
    path: '/widget/',
    as: 'staff',
    body: {
      sg: 'gateway-v2-1-0',
      label: 'Pump',
      lid_hex: '5002',
      type: 'sbt',
      args: { on: 1 },
      show_in_app: true,
    },
    status: 201,
    check: async (res, clients) => {
      expect(res.body).toEqual({
        id: 1,
        label: 'Pump',
        sg: 'gateway-v2-1-0',
        lid_hex: '5002',
        type: 'sbt',
        args: { on: 1 },
        var_type: null,
        derived_unit_type: '',
        show_in_app: true,
        show_in_web: false,
      });
      const graph = await clients.user.request(GRAPH);
      expect(graph.body.display_widget_templates).toEqual([
        {
          id: 1,
          label: 'Pump',
          lid_hex: '5002',
          type: 'sbt',
          args: { on: 1 },
          var_type: null,
          derived_unit_type: '',
          show_in_app: true,
          show_in_web: false,
        },
      ]);
    },
  },
  {
    op: 'PUT /widget/{id}/',
    path: '/widget/1/',
    as: 'staff',
    body: { sg: 'gateway-v2-1-0', label: 'Valve', var_type: 'temp' },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ label: 'Valve', var_type: 'temp', type: 'sbt' }),
  },
  { op: 'PUT /widget/{id}/', path: '/widget/1/', body: { sg: 'gateway-v2-1-0' }, status: 403 },
  { op: 'PUT /widget/{id}/', path: '/widget/7/', as: 'staff', body: { sg: 'gateway-v2-1-0' }, status: 404 },
  {
    op: 'PATCH /widget/{id}/',
    path: '/widget/1/',
    as: 'staff',
    body: { show_in_web: true },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ label: 'Valve', show_in_web: true }),
  },
  { op: 'PATCH /widget/{id}/', path: '/widget/1/', body: { show_in_web: false }, status: 403 },
  // Property templates attached to the sensor graph.
  {
    op: 'GET /sg/{slug}/property/',
    path: `${GRAPH}property/`,
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  {
    op: 'POST /propertytemplate/',
    path: '/propertytemplate/',
    body: { org: 'demo-co', name: 'Install Site', default: 'Plant' },
    status: 201,
    check: (res) => expect(res.body.id).toBe(1),
  },
  { op: 'POST /sg/{slug}/property/', path: `${GRAPH}property/`, body: { id: 1 }, status: 403 },
  { op: 'POST /sg/{slug}/property/', path: `${GRAPH}property/`, as: 'staff', body: { id: 99 }, status: 404 },
  {
    op: 'POST /sg/{slug}/property/',
    path: '/sg/nothing/property/',
    as: 'staff',
    body: { id: 1 },
    status: 404,
  },
  {
    op: 'POST /sg/{slug}/property/',
    path: `${GRAPH}property/`,
    as: 'staff',
    body: { id: 'one' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ id: ['A valid integer is required.'] }),
  },
  {
    op: 'POST /sg/{slug}/property/',
    path: `${GRAPH}property/`,
    as: 'staff',
    body: { id: 1 },
    status: 201,
    check: (res) => expect(res.body).toEqual({ id: 1 }),
  },
  {
    op: 'GET /sg/{slug}/property/',
    path: `${GRAPH}property/`,
    as: 'anonymous',
    headers: key,
    status: 200,
    check: (res) =>
      expect(res.body.results).toEqual([
        {
          id: 1,
          org: 'demo-co',
          type: 'str',
          name: 'Install Site',
          default: 'Plant',
          enums: [],
          extra: null,
          created_by: 'demo',
        },
      ]),
  },
  { op: 'GET /sg/{slug}/property/', path: `${GRAPH}property/`, query: { org: 'nobody' }, status: 404 },
  { op: 'GET /sg/{slug}/property/', path: '/sg/nothing/property/', status: 404 },
  { op: 'GET /sg/{slug}/property/', path: `${GRAPH}property/`, as: 'anonymous', status: 401 },
  { op: 'DELETE /sg/{slug}/', path: GRAPH, status: 403 },
  {
    op: 'DELETE /sg/{slug}/',
    path: GRAPH,
    as: 'staff',
    status: 204,
    check: async (_res, clients) => {
      expect((await clients.user.request(GRAPH)).status).toBe(404);
      // Its templates went with it.
      const put = await clients.staff.request('/vartemplate/1/', { method: 'PATCH', body: { label: 'x' } });
      expect(put.status).toBe(404);
    },
  },
  { op: 'DELETE /sg/{slug}/', path: GRAPH, as: 'staff', status: 404 },
];

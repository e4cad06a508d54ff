/**
 * `iotile ls orgs|projects|devices|streams|events`: every item of every page, fetched lazily
 * (`api.paginate`) and written as it arrives: a table, or JSON / NDJSON / CSV for pipes.
 */

import type { Api, Schema } from '@iotile/client';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { type Column, createRecordWriter, type Format } from '../format.js';
import { textOutput } from '../output.js';
import { openSession } from '../session.js';

export const LIST_KINDS = ['orgs', 'projects', 'devices', 'streams', 'events'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export interface LsOptions {
  format: Format;
  org?: string;
  project?: string;
  device?: string;
  stream?: string;
  pageSize?: number;
}

const unitShort = (unit: { unit_short?: string } | null | undefined) => unit?.unit_short ?? '';

const ORG_COLUMNS: Column<Schema<'Org'>>[] = [
  { header: 'SLUG', value: (org) => org.slug },
  { header: 'NAME', value: (org) => org.name },
  { header: 'CREATED', value: (org) => org.created_on },
];
const PROJECT_COLUMNS: Column<Schema<'Project'>>[] = [
  { header: 'SLUG', value: (project) => project.slug },
  { header: 'NAME', value: (project) => project.name },
  { header: 'ORG', value: (project) => project.org },
  { header: 'ID', value: (project) => project.id },
];
const DEVICE_COLUMNS: Column<Schema<'Device'>>[] = [
  { header: 'SLUG', value: (device) => device.slug },
  { header: 'LABEL', value: (device) => device.label },
  { header: 'PROJECT', value: (device) => device.project },
  { header: 'SG', value: (device) => device.sg },
  { header: 'ACTIVE', value: (device) => device.active },
];
const STREAM_COLUMNS: Column<Schema<'Stream'>>[] = [
  { header: 'SLUG', value: (stream) => stream.slug },
  { header: 'LABEL', value: (stream) => stream.data_label },
  { header: 'INPUT', value: (stream) => unitShort(stream.input_unit) },
  { header: 'OUTPUT', value: (stream) => unitShort(stream.output_unit) },
  { header: 'ENABLED', value: (stream) => stream.enabled },
];
const EVENT_COLUMNS: Column<Schema<'Event'>>[] = [
  { header: 'ID', value: (event) => event.id },
  { header: 'STREAM', value: (event) => event.stream },
  { header: 'TIMESTAMP', value: (event) => event.timestamp },
  { header: 'EXTRA_DATA', value: (event) => event.extra_data },
];

export async function ls(context: Context, kind: string, options: LsOptions): Promise<void> {
  if (!(LIST_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`unknown list ${JSON.stringify(kind)}`, `expected one of: ${LIST_KINDS.join(', ')}`);
  }
  const filters = await checkFilters(kind as ListKind, options);
  const { api } = await openSession(context);
  const out = textOutput(context.io.stdout);
  const count = await writeList(api, kind as ListKind, filters, options, out);
  if (options.format === 'table' && count === 0) {
    context.log.info(`No ${kind}.`);
  }
}

interface Filters {
  org?: string;
  project?: string;
  device?: string;
  filter?: string;
}

/** Checks the slugs given as filters (a malformed one is a usage error, before any request). */
async function checkFilters(kind: ListKind, options: LsOptions): Promise<Filters> {
  const gid = await import('@iotile/gid');
  const filters: Filters = {};
  if (options.org !== undefined) {
    filters.org = options.org;
  }
  if (options.project !== undefined) {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(options.project);
    filters.project = uuid ? options.project : new gid.IOTileProjectSlug(options.project).toString();
  }
  if (options.device !== undefined) {
    filters.device = new gid.IOTileDeviceSlug(options.device).toString();
  }
  if (options.stream !== undefined) {
    filters.filter = new gid.IOTileStreamSlug(options.stream).toString();
  }
  const allowed: Record<ListKind, (keyof LsOptions)[]> = {
    orgs: [],
    projects: ['org'],
    devices: ['org', 'project'],
    streams: ['org', 'project', 'device'],
    events: ['device', 'stream'],
  };
  for (const name of ['org', 'project', 'device', 'stream'] as const) {
    if (options[name] !== undefined && !allowed[kind].includes(name)) {
      throw new UsageError(
        `ls ${kind} does not take --${name}`,
        allowed[kind].length === 0
          ? `ls ${kind} takes no filter`
          : `ls ${kind} takes ${allowed[kind].map((option) => `--${option}`).join(', ')}`,
      );
    }
  }
  if (kind === 'events') {
    if (filters.device !== undefined && filters.filter !== undefined) {
      throw new UsageError(
        'ls events takes --device or --stream, not both',
        'e.g. iotile ls events --device d--00d2',
      );
    }
    filters.filter ??= filters.device;
    if (filters.filter === undefined) {
      throw new UsageError('ls events needs --device or --stream', 'e.g. iotile ls events --device d--00d2');
    }
  }
  return filters;
}

async function writeList(
  api: Api,
  kind: ListKind,
  filters: Filters,
  options: LsOptions,
  out: ReturnType<typeof textOutput>,
): Promise<number> {
  const pageSize = options.pageSize;
  switch (kind) {
    case 'orgs':
      return drain(
        api.paginate('/org/', { params: { query: { page_size: pageSize } } }),
        ORG_COLUMNS,
        options,
        out,
      );
    case 'projects':
      return drain(
        api.paginate('/project/', { params: { query: { page_size: pageSize, org__slug: filters.org } } }),
        PROJECT_COLUMNS,
        options,
        out,
      );
    case 'devices':
      return drain(
        api.paginate('/device/', {
          params: { query: { page_size: pageSize, org__slug: filters.org, project: filters.project } },
        }),
        DEVICE_COLUMNS,
        options,
        out,
      );
    case 'streams':
      return drain(
        api.paginate('/stream/', {
          params: {
            query: {
              page_size: pageSize,
              org__slug: filters.org,
              project: filters.project,
              device: filters.device,
            },
          },
        }),
        STREAM_COLUMNS,
        options,
        out,
      );
    case 'events':
      return drain(
        api.paginate('/event/', { params: { query: { page_size: pageSize, filter: filters.filter } } }),
        EVENT_COLUMNS,
        options,
        out,
      );
  }
}

async function drain<T>(
  items: AsyncIterable<T>,
  columns: Column<T>[],
  options: LsOptions,
  out: ReturnType<typeof textOutput>,
): Promise<number> {
  const writer = createRecordWriter(options.format, columns, out);
  for await (const item of items) {
    await writer.write(item);
  }
  return writer.end();
}

import { IOTileCloudSlug } from './base.js';
import type { IOTileDeviceSlug } from './device.js';
import { describeInput, gidError } from './errors.js';
import { checkRange, formatGroups, parseHexId } from './internal/ids.js';
import { readSingleId } from './internal/single-id.js';
import type { IOTileProjectSlug } from './project.js';
import type { DeviceSlugString, ProjectSlugString, StreamSlugString, VariableSlugString } from './types.js';
import { IOTileVariableSlug } from './variable.js';

const WHERE = 'IOTileStreamSlug';

/** A stream's parts as slugs, as returned by `IOTileStreamSlug.getParts()`. */
export interface StreamSlugParts {
  project: ProjectSlugString;
  device: DeviceSlugString;
  variable: VariableSlugString;
}

/** What `fromParts` accepts for the project: `null`, `undefined` or `''` mean project 0 (none). */
export type StreamProjectInput = number | bigint | string | IOTileProjectSlug | null | undefined;
/** What `fromParts` accepts for the device: `null`, `undefined` or `''` mean device 0 (a virtual stream). */
export type StreamDeviceInput = number | bigint | string | IOTileDeviceSlug | null | undefined;
/** What `fromParts` accepts for the variable: only its local id is used. */
export type StreamVariableInput = number | bigint | string | IOTileVariableSlug;

/**
 * A stream's global id: `s--0000-0001--0000-0000-0000-00d2--5001`, the project, the device and the
 * variable's local id. Device `0000-0000-0000-0000` marks a virtual stream; the project may be
 * empty in the input (`s----0000-0000-0000-00d2--5001`) and then reads as `0000-0000`.
 *
 * Build one from a slug (`new IOTileStreamSlug('s--...')`, short terms are padded) or from its
 * parts (`IOTileStreamSlug.fromParts(project, device, variable)`). Python's two-step form,
 * `new IOTileStreamSlug()` then `.fromParts(...)`, works too; until `fromParts` is called, the
 * slug is empty and `toString()` throws.
 */
export class IOTileStreamSlug extends IOTileCloudSlug<StreamSlugString> {
  constructor(id?: string | IOTileStreamSlug | null) {
    super(id === undefined || id === null ? undefined : streamSlug(id));
  }

  /** A new stream slug from its project, device and variable (see the instance method). */
  static fromParts(
    project: StreamProjectInput,
    device: StreamDeviceInput,
    variable: StreamVariableInput,
  ): IOTileStreamSlug {
    return new IOTileStreamSlug().fromParts(project, device, variable);
  }

  /**
   * Sets this slug from its parts and returns `this`. Only the variable's local id is used: a
   * variable slug of another project gives the stream the `project` argument's project, as in Python.
   */
  fromParts(project: StreamProjectInput, device: StreamDeviceInput, variable: StreamVariableInput): this {
    const projectId =
      project === null || project === undefined || project === ''
        ? 0n
        : readSingleId(project, 'p', 8, `${WHERE}.fromParts project`);
    const deviceId =
      device === null || device === undefined || device === ''
        ? 0n
        : readSingleId(device, 'd', 16, `${WHERE}.fromParts device`);
    const local = variable instanceof IOTileVariableSlug ? variable : new IOTileVariableSlug(variable);
    this._slug = `s--${formatGroups(projectId, 2)}--${formatGroups(deviceId, 4)}--${local.formattedLocalId()}`;
    return this;
  }

  /** The project, device and variable slugs of this stream. */
  getParts(): StreamSlugParts {
    const [, project = '', device = '', local = ''] = this.toString().split('--');
    return { project: `p--${project}`, device: `d--${device}`, variable: `v--${project}--${local}` };
  }
}

function streamSlug(input: unknown): StreamSlugString {
  const value = input instanceof IOTileCloudSlug ? input.toString() : input;
  if (typeof value !== 'string') {
    throw gidError(WHERE, 'a stream slug string "s--<project>--<device>--<variable>"', input);
  }
  const parts = value.split('--');
  const [prefix, project = '', device = '', local = ''] = parts;
  if (parts.length !== 4 || prefix !== 's') {
    throw gidError(WHERE, 'a stream slug with three terms: "s--<project>--<device>--<variable>"', input);
  }
  const projectId = project === '' ? 0n : readPart(project, 'project', 8, input);
  const deviceId = device === '' ? 0n : readPart(device, 'device', 16, input);
  const localId = readPart(local, 'variable', 4, input);
  return `s--${formatGroups(projectId, 2)}--${formatGroups(deviceId, 4)}--${formatGroups(localId, 1)}`;
}

/** One term of a stream slug; errors name the term and the whole slug. */
function readPart(part: string, name: string, hexDigits: number, input: unknown): bigint {
  const where = `${WHERE} ${name} part ${describeInput(part)}`;
  return checkRange(parseHexId(part, where, input), hexDigits, 0n, where, input);
}

import { IOTileCloudSlug } from './base.js';
import { gidError } from './errors.js';
import { checkRange, formatGroups, integerToBigInt, parseHexId } from './internal/ids.js';
import { readSingleId } from './internal/single-id.js';
import type { IOTileProjectSlug } from './project.js';
import type { VariableSlugString } from './types.js';

const WHERE = 'IOTileVariableSlug';

/**
 * A variable's global id: `v--0000-0001--5001`, the project followed by the variable's 16-bit
 * local id. Project `0000-0000` is the wildcard used by variables that belong to no project.
 *
 * `id` is the local id as an integer (1 to 0xffff), as hex text (`'5001'`, which may be `'0000'`,
 * as in Python), a complete `v--` slug, or another `IOTileVariableSlug`. `project` is anything
 * `IOTileProjectSlug` accepts; left out, `null`, `0` or `''` it is the wildcard project. With a
 * complete slug, a `project` that names another project is an error.
 */
export class IOTileVariableSlug extends IOTileCloudSlug<VariableSlugString> {
  constructor(
    id: number | bigint | string | IOTileVariableSlug,
    project?: number | bigint | string | IOTileProjectSlug | null,
  ) {
    super(variableSlug(id, project));
  }

  /** The local id as four hex digits, e.g. `5001`. */
  formattedLocalId(): string {
    return this.toString().slice(14);
  }
}

function variableSlug(input: unknown, project: unknown): VariableSlugString {
  const requested =
    project === undefined || project === null || project === ''
      ? undefined
      : readSingleId(project, 'p', 8, `${WHERE} project`);
  const value = input instanceof IOTileCloudSlug ? input.toString() : input;
  let projectId = requested ?? 0n;
  let localId: bigint;
  if (typeof value === 'number' || typeof value === 'bigint') {
    localId = checkRange(integerToBigInt(value, WHERE), 4, 1n, WHERE, input);
  } else if (typeof value === 'string') {
    const parts = value.split('--');
    if (parts.length === 1) {
      localId = checkRange(parseHexId(value, WHERE, input), 4, 0n, WHERE, input);
    } else if (parts.length === 3 && parts[0] === 'v') {
      const [, projectPart = '', localPart = ''] = parts;
      const slugProject =
        projectPart === '' ? 0n : checkRange(parseHexId(projectPart, WHERE, input), 8, 0n, WHERE, input);
      localId = checkRange(parseHexId(localPart, WHERE, input), 4, 0n, WHERE, input);
      if (requested !== undefined && requested !== slugProject) {
        throw gidError(WHERE, `the project argument (${requested}) to match the project of the slug`, input);
      }
      projectId = slugProject;
    } else {
      throw gidError(WHERE, 'a local id such as "5001" or a variable slug "v--xxxx-xxxx--xxxx"', input);
    }
  } else {
    throw gidError(WHERE, 'an integer local id, a hex local id or a "v--" slug', input);
  }
  return `v--${formatGroups(projectId, 2)}--${formatGroups(localId, 1)}`;
}

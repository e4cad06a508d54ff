/**
 * The Python mock's `stream_folder`: a directory with `<stream-slug>.json` (array of points) or
 * `<stream-slug>.csv` (`"timestamp", int` rows), `event_<id>.json` (raw event data) and
 * `variable_types/<slug>.json`. Files are read when first needed and re-read when they change on disk.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { FixtureError } from './fixture-error.js';
import { ArraySource, DataFormatError, type PointSource, pointFromJson, pointsFromCsv } from './points.js';
import { parseStreamSlug, tryParse } from './slugs.js';

interface Cached<T> {
  mtimeMs: number;
  value: T;
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new FixtureError(
      `${path}: cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new FixtureError(`${path}: invalid JSON (${(err as Error).message})`);
  }
}

function mtime(path: string): number | null {
  try {
    const st = statSync(path);
    return st.isFile() ? st.mtimeMs : null;
  } catch {
    return null;
  }
}

export class StreamFolder {
  private readonly pointCache = new Map<string, Cached<PointSource>>();

  constructor(readonly path: string) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(path);
    } catch {
      throw new FixtureError(`${path}: stream folder does not exist`);
    }
    if (!st.isDirectory()) {
      throw new FixtureError(`${path}: stream folder is not a directory`);
    }
  }

  /** The stream slugs with a `.json` or `.csv` data file (names that are not stream slugs are skipped). */
  streamSlugs(): string[] {
    const out: string[] = [];
    for (const name of readdirSync(this.path)) {
      const m = /^(s--.+)\.(json|csv)$/.exec(name);
      if (m?.[1] && tryParse(() => parseStreamSlug(m[1] as string))) {
        out.push(m[1]);
      }
    }
    return out;
  }

  /** The points of a stream, or null when the folder has no file for it. */
  points(slug: string, allocateIds: (count: number) => number): PointSource | null {
    for (const ext of ['json', 'csv'] as const) {
      const file = join(this.path, `${slug}.${ext}`);
      const m = mtime(file);
      if (m === null) {
        continue;
      }
      const cached = this.pointCache.get(file);
      if (cached && cached.mtimeMs === m) {
        return cached.value;
      }
      const value =
        ext === 'json' ? this.readJsonPoints(file, allocateIds) : this.readCsvPoints(file, allocateIds);
      this.pointCache.set(file, { mtimeMs: m, value });
      return value;
    }
    return null;
  }

  private readJsonPoints(file: string, allocateIds: (count: number) => number): PointSource {
    const rows = readJson(file);
    if (!Array.isArray(rows)) {
      throw new FixtureError(`${file}: expected a JSON array of data points`);
    }
    const first = allocateIds(rows.length);
    try {
      return new ArraySource(rows.map((row, i) => pointFromJson(row, first + i, `${file}[${i}]`)));
    } catch (err) {
      throw err instanceof DataFormatError ? new FixtureError(err.message) : err;
    }
  }

  private readCsvPoints(file: string, allocateIds: (count: number) => number): PointSource {
    const text = readFileSync(file, 'utf8');
    try {
      const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').length;
      return new ArraySource(pointsFromCsv(text, allocateIds(lines), file));
    } catch (err) {
      throw err instanceof DataFormatError ? new FixtureError(err.message) : err;
    }
  }

  /** `event_<id>.json`, or undefined when there is none. */
  eventData(id: number): unknown {
    const file = join(this.path, `event_${id}.json`);
    return mtime(file) === null ? undefined : readJson(file);
  }

  /** `variable_types/<slug>.json`, or undefined when there is none. */
  varType(slug: string): Record<string, unknown> | undefined {
    if (!/^[\w-]+$/.test(slug)) {
      return undefined;
    }
    const file = join(this.path, 'variable_types', `${slug}.json`);
    if (mtime(file) === null) {
      return undefined;
    }
    const value = readJson(file);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new FixtureError(`${file}: expected a JSON object (a variable type)`);
    }
    return value as Record<string, unknown>;
  }

  /** Every variable type slug in `variable_types/`. */
  varTypeSlugs(): string[] {
    try {
      return readdirSync(join(this.path, 'variable_types'))
        .filter((n) => n.endsWith('.json'))
        .map((n) => n.slice(0, -5));
    } catch {
      return [];
    }
  }

  /** Reads every file once, so a broken one is reported at start-up rather than on first request. */
  validate(): void {
    for (const name of readdirSync(this.path)) {
      const m = /^(s--.+)\.(json|csv)$/.exec(name);
      if (m?.[1]) {
        if (!tryParse(() => parseStreamSlug(m[1] as string))) {
          throw new FixtureError(`${join(this.path, name)}: file name is not a valid stream slug`);
        }
        this.points(m[1], () => 1);
      } else if (/^event_\d+\.json$/.test(name)) {
        readJson(join(this.path, name));
      }
    }
    for (const slug of this.varTypeSlugs()) {
      this.varType(slug);
    }
    this.pointCache.clear();
  }
}

/**
 * Unit conversion: `converted_value` = the point's `value` through its stream's `output_unit` MDO
 * (`o + value * m / d`, via `@iotile/mdo`), for points whose `value` is in the stream's internal
 * (storage) units, as on `/data/`. Each stream's unit is read once from `/stream/{slug}/`.
 */

import type { Api, Schema } from '@iotile/client';
import { HttpNotFoundError } from '@iotile/client/errors';
import { MdoError, MdoHelper } from '@iotile/mdo';

/** The field `convert: true` adds to every point. */
export interface UnitConversion {
  /**
   * `value` in the stream's output unit; `null` when `value` is null or the stream has no usable
   * output unit (none set, no Stream record, or an invalid MDO).
   */
  converted_value: number | null;
}

/** The MDO of each stream's output unit, fetched once per stream (also under concurrent use). */
export class OutputUnits {
  readonly #api: Api;
  readonly #signal: AbortSignal | undefined;
  readonly #helpers = new Map<string, Promise<MdoHelper | null>>();

  constructor(api: Api, signal: AbortSignal | undefined) {
    this.#api = api;
    this.#signal = signal;
  }

  /** The MDO of `streamSlug`'s output unit, or `null` when there is none. */
  helperFor(streamSlug: string): Promise<MdoHelper | null> {
    let helper = this.#helpers.get(streamSlug);
    if (helper === undefined) {
      helper = this.#fetch(streamSlug);
      // A failure is seen by whoever awaits it; this keeps an early failure from being "unhandled".
      helper.catch(() => undefined);
      this.#helpers.set(streamSlug, helper);
    }
    return helper;
  }

  async #fetch(slug: string): Promise<MdoHelper | null> {
    let stream: Schema<'Stream'>;
    try {
      stream = await this.#api.get('/stream/{slug}/', {
        params: { path: { slug } },
        ...(this.#signal ? { signal: this.#signal } : {}),
      });
    } catch (error) {
      // `/data/` serves points of streams that have no Stream record: nothing to convert with.
      if (error instanceof HttpNotFoundError) {
        return null;
      }
      throw error;
    }
    try {
      return MdoHelper.fromUnit(stream.output_unit);
    } catch (error) {
      if (error instanceof MdoError) {
        return null;
      }
      throw error;
    }
  }
}

/** Adds `converted_value` to each point, in place (the points are freshly parsed and ours). */
export function addConvertedValues<Point extends { value: number | null }>(
  points: Point[],
  helperOf: (point: Point) => MdoHelper | null,
): (Point & UnitConversion)[] {
  for (const point of points) {
    const helper = helperOf(point);
    (point as Point & UnitConversion).converted_value =
      helper === null || typeof point.value !== 'number' ? null : helper.compute(point.value);
  }
  return points as (Point & UnitConversion)[];
}

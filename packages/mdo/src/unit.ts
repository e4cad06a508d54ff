/**
 * The MDO fields of a unit object as IOTile Cloud returns it: a stream's or a variable's
 * `input_unit` / `output_unit` (`{ slug, unit_full, unit_short, m, d, o, ... }`). Other fields are
 * allowed and ignored. A missing or null `m` or `d` is 1, a missing or null `o` is no offset.
 */
export interface MdoUnit {
  readonly m?: number | null;
  readonly d?: number | null;
  readonly o?: number | null;
}

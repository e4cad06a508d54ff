import { GidError } from './errors.js';

/**
 * What every slug class shares (Python's `IOTileCloudSlug`): the canonical slug text, `toString()`
 * and `formattedId()`. Subclasses validate their input completely before storing a slug, so a slug
 * object never holds a malformed slug.
 */
export abstract class IOTileCloudSlug<S extends string = string> {
  /** Canonical slug text; only an `IOTileStreamSlug` built without arguments has none yet. */
  protected _slug: S | undefined;

  protected constructor(slug: S | undefined) {
    this._slug = slug;
  }

  /** The slug, e.g. `d--0000-0000-0000-00d2`. */
  toString(): S {
    if (this._slug === undefined) {
      // Only `new IOTileStreamSlug()` (Python's two-step `IOTileStreamSlug()` + `from_parts`) is ever empty.
      throw new GidError(
        'IOTileStreamSlug: this slug is empty; give a slug to the constructor or call fromParts() first',
        undefined,
      );
    }
    return this._slug;
  }

  /** The slug, so that `JSON.stringify` writes slug objects as their slug strings. */
  toJSON(): S {
    return this.toString();
  }

  /** The slug without its type prefix, e.g. `0000-0000-0000-00d2` for `d--0000-0000-0000-00d2`. */
  formattedId(): string {
    return this.toString().slice(3);
  }
}

/** Finding objects named in URLs and filters; slugs are normalised first, as the server does. */
import { notFound } from '../http.js';
import type { Env } from '../router.js';
import { deviceSlug, parseStreamSlug, tryParse } from '../slugs.js';
import type { Obj } from '../store.js';

export function findDevice(env: Env, text: string): Obj {
  const slug = tryParse(() => deviceSlug(text));
  const found = slug ? env.store.devices.get(slug) : undefined;
  if (!found) {
    throw notFound();
  }
  return found;
}

/** The normalised stream slug of a URL segment, or 404 when it is not a stream slug. */
export function streamSlugOf(text: string): string {
  const parts = tryParse(() => parseStreamSlug(text));
  if (!parts) {
    throw notFound();
  }
  return parts.slug;
}

export function findStream(env: Env, text: string): Obj {
  const found = env.store.streams.get(streamSlugOf(text));
  if (!found) {
    throw notFound();
  }
  return found;
}

// The canonical form of each slug kind: lower-case hex, every group four digits.
import type { SlugKind } from '../src/index.js';

const G = '[0-9a-f]{4}';

export const CANONICAL: Record<SlugKind, RegExp> = {
  project: new RegExp(`^p--${G}-${G}$`),
  device: new RegExp(`^d--${G}-${G}-${G}-${G}$`),
  fleet: new RegExp(`^g--${G}-${G}-${G}$`),
  block: new RegExp(`^b--${G}-${G}-${G}-${G}$`),
  streamer: new RegExp(`^t--${G}-${G}-${G}-${G}--${G}$`),
  variable: new RegExp(`^v--${G}-${G}--${G}$`),
  stream: new RegExp(`^s--${G}-${G}--${G}-${G}-${G}-${G}--${G}$`),
};

// An application that imports one class must not ship the others. Bundles the sources with the
// recipe scripts/size.mjs uses for dist/ (scripts/bundle.mjs) and checks what is left.
// Sizes are bytes, not time: the limits only catch a regression such as a side effect that
// keeps every module alive.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Bundle, bundle as bundleEntry } from '../scripts/bundle.mjs';

const index = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/** A bundle of `export <exports> from '<the sources>'`. */
function bundle(exports: string, ignoreAnnotations = false): Promise<Bundle> {
  return bundleEntry(`export ${exports} from ${JSON.stringify(index)};`, { loader: 'ts', ignoreAnnotations });
}

/** A text that only the named part of the package contains. */
const marks = {
  IOTileProjectSlug: 'IOTileProjectSlug',
  IOTileFleetSlug: 'IOTileFleetSlug',
  IOTileBlockSlug: 'IOTileBlockSlug',
  IOTileStreamerSlug: 'IOTileStreamerSlug',
  IOTileVariableSlug: 'IOTileVariableSlug',
  IOTileStreamSlug: '<project>--<device>--<variable>',
  parseSlug: 'parseSlug',
  helpers: 'gid2int',
};

describe('tree shaking', () => {
  it('a bundle of IOTileDeviceSlug alone leaves out every other class and helper', async () => {
    const { code, gzipped } = await bundle('{ IOTileDeviceSlug }');
    expect(code).toContain('IOTileDeviceSlug');
    for (const [part, mark] of Object.entries(marks)) {
      expect(code, `${part} should be tree-shaken`).not.toContain(mark);
    }
    expect(gzipped).toBeLessThan(1500);
  });

  it('also without the package.json sideEffects hint: no module has top-level side effects', async () => {
    const { code } = await bundle('{ IOTileDeviceSlug }', true);
    for (const [part, mark] of Object.entries(marks)) {
      expect(code, `${part} should be tree-shaken`).not.toContain(mark);
    }
  });

  it('a bundle of IOTileProjectSlug alone leaves out the device and stream code', async () => {
    const { code } = await bundle('{ IOTileProjectSlug }');
    expect(code).toContain('IOTileProjectSlug');
    expect(code).not.toContain('IOTileDeviceSlug');
    expect(code).not.toContain(marks.IOTileStreamSlug);
  });

  it('the whole package is larger than the device alone and stays small', async () => {
    const device = await bundle('{ IOTileDeviceSlug }');
    const whole = await bundle('*');
    for (const mark of Object.values(marks)) {
      expect(whole.code).toContain(mark);
    }
    expect(whole.gzipped).toBeGreaterThan(device.gzipped * 2);
    expect(whole.gzipped).toBeLessThan(4000);
  });
});

import { describe, expect, it } from 'vitest';
import { GidError, parseSlug, type SlugInfo } from '../src/index.js';
import { CANONICAL } from './canonical.js';

describe('parseSlug', () => {
  it.each<[string, SlugInfo]>([
    ['p--0000-0005', { kind: 'project', slug: 'p--0000-0005', id: 5 }],
    ['p--1234', { kind: 'project', slug: 'p--0000-1234', id: 0x1234 }],
    ['d--00d2', { kind: 'device', slug: 'd--0000-0000-0000-00d2', id: 0xd2n }],
    [
      'd--1234-0000-0000-0001',
      { kind: 'device', slug: 'd--1234-0000-0000-0001', id: 0x1234_0000_0000_0001n },
    ],
    ['d--0xd2', { kind: 'device', slug: 'd--0000-0000-0000-00d2', id: 0xd2n }],
    ['g--1234', { kind: 'fleet', slug: 'g--0000-0000-1234', id: 0x1234 }],
    ['b--0001-0000-0000-1234', { kind: 'block', slug: 'b--0001-0000-0000-1234', id: 0x1234, block: 1 }],
    [
      't--0000-0000-0000-00d2--0001',
      { kind: 'streamer', slug: 't--0000-0000-0000-00d2--0001', device: 'd--0000-0000-0000-00d2', index: 1 },
    ],
    [
      't--00d2--1',
      { kind: 'streamer', slug: 't--0000-0000-0000-00d2--0001', device: 'd--0000-0000-0000-00d2', index: 1 },
    ],
    [
      'v--0000-0001--5001',
      { kind: 'variable', slug: 'v--0000-0001--5001', project: 'p--0000-0001', localId: 0x5001 },
    ],
    ['v----5001', { kind: 'variable', slug: 'v--0000-0000--5001', project: 'p--0000-0000', localId: 0x5001 }],
    [
      's--0000-0001--0000-0000-0000-00d2--5001',
      {
        kind: 'stream',
        slug: 's--0000-0001--0000-0000-0000-00d2--5001',
        project: 'p--0000-0001',
        device: 'd--0000-0000-0000-00d2',
        variable: 'v--0000-0001--5001',
      },
    ],
    [
      's----0000-0000-0000-0002--0003',
      {
        kind: 'stream',
        slug: 's--0000-0000--0000-0000-0000-0002--0003',
        project: 'p--0000-0000',
        device: 'd--0000-0000-0000-0002',
        variable: 'v--0000-0000--0003',
      },
    ],
  ])('%s', (input, expected) => {
    const info = parseSlug(input);
    expect(info).toEqual(expected);
    expect(info.slug).toMatch(CANONICAL[info.kind]);
  });

  it.each<unknown>([
    '',
    'p--',
    'd--',
    'x--0000-0001',
    '00d2', // a bare id has no kind
    'D--00d2', // prefixes are lower case
    'a--0000-0001', // stream aliases are not gids
    'b--0000-0000-1234',
    't--0000-0000-0000-00d2',
    't--0000-0000-0000-00d2--0001--0002',
    't--0000-0000-0000-00d2--10000',
    'v--0000-0001',
    's--0000-0001--5001',
    ' p--0000-0001',
    5,
    null,
  ])('refuses %j', (input) => {
    expect(() => parseSlug(input as string)).toThrow(GidError);
  });
});

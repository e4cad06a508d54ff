import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PageBodyError, PageParser } from '../src/page-parser.js';

const encoder = new TextEncoder();

interface Parsed {
  items: unknown[];
  envelope: PageParser['envelope'];
  /** Points returned before `end()`. */
  early: number;
}

/** Feeds `body` cut at `cuts` (byte offsets) and ends it. */
function parse(body: string | Uint8Array, cuts: number[] = []): Parsed {
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  const parser = new PageParser();
  const items: unknown[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    items.push(...parser.push(bytes.subarray(from, cut)));
    from = cut;
  }
  items.push(...parser.push(bytes.subarray(from)));
  const early = items.length;
  items.push(...parser.end());
  expect(parser.itemCount).toBe(items.length);
  expect(parser.byteCount).toBe(bytes.length);
  return { items, envelope: parser.envelope, early };
}

/** Feeds `body` in chunks of `size` bytes. */
function parseInChunks(body: string | Uint8Array, size: number): Parsed {
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  const cuts: number[] = [];
  for (let i = size; i < bytes.length; i += size) {
    cuts.push(i);
  }
  return parse(bytes, cuts);
}

function page(
  results: unknown[],
  extra: Partial<{ count: number; next: string | null; previous: string | null }> = {},
) {
  return {
    count: extra.count ?? results.length,
    next: extra.next ?? null,
    previous: extra.previous ?? null,
    results,
  };
}

/** Points that exercise every case: strings holding `},{`, quotes, escapes, multi-byte UTF-8, nesting. */
const TRICKY = [
  { timestamp: '2020-01-01T00:00:00Z', value: 1, display_value: '},{', note: 'a "},{" b' },
  { timestamp: '2020-01-01T00:01:00Z', value: -2.5e-7, display_value: '\\', note: 'é ü 中文 😀 \u{10FFFF}' },
  { timestamp: '2020-01-01T00:02:00Z', value: null, nested: { list: [{ a: 1 }, { b: [2, { c: '}, {' }] }] } },
  { timestamp: '2020-01-01T00:03:00Z', value: 4, display_value: '"results":[', empty: {}, none: [] },
  { timestamp: '2020-01-01T00:04:00Z', value: 5, display_value: '\uFEFF\u2028\u0000' },
];

describe('PageParser', () => {
  it('reads a compact DRF body: envelope first, points as they arrive', () => {
    const body = JSON.stringify(
      page(TRICKY, { count: 12, next: 'https://iotile.cloud/api/v1/stream/s--1/data/?page=2&page_size=5' }),
    );
    const parsed = parseInChunks(body, 64);
    expect(parsed.items).toEqual(TRICKY);
    expect(parsed.envelope).toEqual({
      count: 12,
      next: 'https://iotile.cloud/api/v1/stream/s--1/data/?page=2&page_size=5',
      previous: null,
    });
    expect(parsed.early).toBeGreaterThan(0);
  });

  it('gives the same points for the body cut at any one or two byte offsets', () => {
    const bytes = encoder.encode(JSON.stringify(page(TRICKY, { count: 5 })));
    for (let a = 0; a <= bytes.length; a++) {
      expect(parse(bytes, [a]).items).toEqual(TRICKY);
      for (let b = a; b <= bytes.length; b += 7) {
        expect(parse(bytes, [a, b]).items).toEqual(TRICKY);
      }
    }
  });

  it('gives the same points fed one byte at a time', () => {
    const parsed = parseInChunks(JSON.stringify(page(TRICKY)), 1);
    expect(parsed.items).toEqual(TRICKY);
    expect(parsed.envelope?.count).toBe(5);
  });

  it('splits multi-byte UTF-8 characters across chunks without damage', () => {
    const points = [{ a: '😀é中' }, { a: '中😀é' }, { a: 'é中😀' }];
    const bytes = encoder.encode(JSON.stringify(page(points)));
    for (let size = 1; size <= 16; size++) {
      expect(parseInChunks(bytes, size).items).toEqual(points);
    }
  });

  it('decodes invalid UTF-8 as the whole body would be decoded, wherever it is cut', () => {
    const head = encoder.encode('{"count":2,"next":null,"previous":null,"results":[{"a":"x');
    const tail = encoder.encode('y"},{"b":"z"}]}');
    const bytes = new Uint8Array([...head, 0xe2, 0x82, 0xff, 0xc3, ...tail]);
    const expected = (JSON.parse(new TextDecoder().decode(bytes)) as { results: unknown[] }).results;
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(parse(bytes, [cut]).items).toEqual(expected);
    }
  });

  it('keeps a U+FEFF inside a value and drops a BOM before the body', () => {
    const body = JSON.stringify(page([{ a: '\uFEFFx' }, { a: 'y' }]));
    expect(parse(`\uFEFF${body}`).items).toEqual([{ a: '\uFEFFx' }, { a: 'y' }]);
    expect(parseInChunks(`\uFEFF${body}`, 2).items).toEqual([{ a: '\uFEFFx' }, { a: 'y' }]);
  });

  it('reads pretty-printed bodies and blanks around the separators', () => {
    const body = page(TRICKY, { count: 40, next: 'https://x.test/?page=2' });
    for (const text of [
      JSON.stringify(body, null, 2),
      JSON.stringify(body, null, '\t').replaceAll('\n', '\r\n'),
      `{ "count" : 40 , "next" : "https://x.test/?page=2" , "results" :\n[ ${TRICKY.map((point) => JSON.stringify(point)).join(' ,\n ')} ] }`,
    ]) {
      for (const size of [3, 50, 100_000]) {
        const parsed = parseInChunks(text, size);
        expect(parsed.items).toEqual(TRICKY);
        expect(parsed.envelope).toEqual({ count: 40, next: 'https://x.test/?page=2', previous: null });
      }
    }
  });

  it('produces points before the end for bodies with blanks too', () => {
    const points = Array.from({ length: 50 }, (_, i) => ({ value: i }));
    const text = JSON.stringify(page(points), null, 2);
    const parser = new PageParser();
    const early = parser.push(encoder.encode(text.slice(0, text.length - 10)));
    expect(early.length).toBeGreaterThan(40);
    expect([...early, ...parser.push(encoder.encode(text.slice(-10))), ...parser.end()]).toEqual(points);
  });

  it('finds the real boundary when the last "},{" of a chunk is inside a string', () => {
    const points = [{ a: 1 }, { s: 'x},{"y":2},{' }, { a: 3 }];
    const text = JSON.stringify(page(points));
    // Cut right after each "},{" inside the string, so the fast path tries it first.
    for (let at = text.indexOf('},{', text.indexOf('"s"')); at >= 0; at = text.indexOf('},{', at + 1)) {
      const cut = encoder.encode(text.slice(0, at + 3)).length;
      expect(parse(text, [cut]).items).toEqual(points);
    }
  });

  it('reads an empty page', () => {
    expect(parse(JSON.stringify(page([])))).toEqual({
      items: [],
      envelope: { count: 0, next: null, previous: null },
      early: 0,
    });
    expect(parseInChunks(JSON.stringify(page([]), null, 2), 1).items).toEqual([]);
  });

  it('parses bodies of another shape whole: results first, a "results" value before the key, more keys after', () => {
    const results = [{ a: 1 }, { a: 2 }];
    const shapes = [
      `{"results":${JSON.stringify(results)},"count":2,"next":null,"previous":null}`,
      `{"count":2,"note":"results","next":null,"previous":null,"results":${JSON.stringify(results)}}`,
      `{"count":2,"next":null,"previous":null,"results":${JSON.stringify(results)},"extra":{"k":[1]}}`,
      `{"meta":{"results":[]},"count":2,"next":null,"results":${JSON.stringify(results)}}`,
    ];
    for (const text of shapes) {
      for (const size of [1, 5, 1000]) {
        const parsed = parseInChunks(text, size);
        expect(parsed.items).toEqual(results);
        expect(parsed.envelope).toEqual({ count: 2, next: null, previous: null });
      }
    }
  });

  it('treats an empty next link as none', () => {
    expect(parse('{"count":0,"next":"","previous":"","results":[]}').envelope).toEqual({
      count: 0,
      next: null,
      previous: null,
    });
  });

  it.each([
    ['no results', '{"count":1,"next":null,"previous":null}'],
    ['results not an array', '{"count":1,"next":null,"previous":null,"results":null}'],
    ['no count', '{"next":null,"previous":null,"results":[]}'],
    ['a negative count', '{"count":-1,"results":[]}'],
    ['an array', '[{"a":1}]'],
    ['not JSON', '<html>Bad gateway</html>'],
    ['invalid rows', '{"count":2,"next":null,"previous":null,"results":[{"a":1},{"a":}]}'],
    ['a stray brace', '{"count":2,"next":null,"previous":null,"results":[{"a":1}},{"a":2}]}'],
    ['text after the page', '{"count":0,"next":null,"previous":null,"results":[]}x'],
    ['text after the results', '{"count":0,"next":null,"previous":null,"results":[] x}'],
  ])('rejects %s as malformed', (_name, text) => {
    for (const size of [1, 4, 1000]) {
      let error: unknown;
      try {
        parseInChunks(text, size);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(PageBodyError);
      expect(error).toMatchObject({ reason: 'malformed' });
    }
  });

  it('rejects data pushed after the end', () => {
    const parser = new PageParser();
    parser.push(encoder.encode('{"count":0,"next":null,"previous":null,"results":[]}'));
    parser.end();
    expect(() => parser.push(encoder.encode(' '))).toThrow(PageBodyError);
  });

  it('a body that ends early throws (truncated once the results started), after correct points only', () => {
    const bytes = encoder.encode(JSON.stringify(page(TRICKY)));
    const resultsStart =
      encoder.encode(JSON.stringify(page(TRICKY)).split('"results":[')[0] ?? '').length + 11;
    for (let length = 0; length < bytes.length; length++) {
      const parser = new PageParser();
      const items = [
        ...parser.push(bytes.subarray(0, Math.floor(length / 2))),
        ...parser.push(bytes.subarray(Math.floor(length / 2), length)),
      ];
      let error: unknown;
      try {
        items.push(...parser.end());
      } catch (caught) {
        error = caught;
      }
      expect(error, `cut at ${length}`).toBeInstanceOf(PageBodyError);
      expect(TRICKY.slice(0, items.length)).toEqual(items);
      if (length >= resultsStart) {
        expect(error).toMatchObject({ reason: 'truncated' });
      }
    }
  });

  describe('property: any page, cut anywhere, gives what JSON.parse gives', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom('},{', '"},{"', '\\', '\\"', '"results":[', '{', '}', '[', ']', ',', '\uFEFF', '😀'),
    );
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(text, tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    const point = fc.dictionary(text, value, { maxKeys: 6 });
    const body = fc.record({
      count: fc.nat(),
      next: fc.option(fc.webUrl(), { nil: null }),
      previous: fc.option(fc.webUrl(), { nil: null }),
      results: fc.array(point, { maxLength: 20 }),
    });
    const indent = fc.constantFrom(undefined, 1, 2, '\t');

    it('random points, random chunks', () => {
      fc.assert(
        fc.property(body, indent, fc.array(fc.nat(), { maxLength: 12 }), (page, space, cuts) => {
          const bytes = encoder.encode(JSON.stringify(page, null, space));
          const expected = JSON.parse(new TextDecoder().decode(bytes)) as typeof page;
          const parsed = parse(
            bytes,
            cuts.map((cut) => cut % (bytes.length + 1)),
          );
          expect(parsed.items).toEqual(expected.results);
          expect(parsed.envelope).toEqual({
            count: expected.count,
            next: expected.next || null,
            previous: expected.previous || null,
          });
        }),
        { numRuns: 400 },
      );
    });
  });
});

import { describe, expect, it } from 'vitest';
import { datetimeToStr, InvalidInputError } from '../src/index.js';

describe('datetimeToStr (Python: datetime_to_str)', () => {
  it('formats a Date as YYYY-MM-DDTHH:MM:SSZ in UTC, dropping fractions', () => {
    expect(datetimeToStr(new Date('2017-04-11T20:37:29.608972Z'))).toBe('2017-04-11T20:37:29Z');
    expect(datetimeToStr(new Date(Date.UTC(2018, 0, 1)))).toBe('2018-01-01T00:00:00Z');
  });

  it.each([
    ['2018-01-01T01:00:00Z', '2018-01-01T01:00:00Z'],
    ['2018-01-01T01:00:00.999Z', '2018-01-01T01:00:00Z'],
    ['2018-01-01T03:00:00+02:00', '2018-01-01T01:00:00Z'],
    ['2018-01-01T03:00:00+0200', '2018-01-01T01:00:00Z'],
    ['2017-12-31T20:00:00-05', '2018-01-01T01:00:00Z'],
    ['2018-01-01T01:00:00', '2018-01-01T01:00:00Z'], // naive = UTC, as the server reads it
    ['2018-01-01 01:00', '2018-01-01T01:00:00Z'],
    ['2018-01-01', '2018-01-01T00:00:00Z'],
    ['2020-02-29T12:00:00,5Z', '2020-02-29T12:00:00Z'],
  ])('accepts the ISO string %s', (input, expected) => {
    expect(datetimeToStr(input)).toBe(expected);
  });

  it.each([
    '2021-02-30',
    '2018-13-01',
    '2018-01-01T24:00:00Z',
    '2018-01-01T10:60:00Z',
    'yesterday',
    '1514768400',
    '',
    '2018-01-01T01:00:00+25:00',
  ])('rejects %j with InvalidInputError', (input) => {
    expect(() => datetimeToStr(input)).toThrow(InvalidInputError);
    expect(() => datetimeToStr(input)).toThrow(/datetimeToStr\(\)/);
  });

  it('rejects an invalid Date and other types', () => {
    expect(() => datetimeToStr(new Date('nope'))).toThrow('datetimeToStr(): invalid Date');
    expect(() => datetimeToStr(1514768400 as never)).toThrow(
      /expected a Date or an ISO-8601 string, got 1514768400/,
    );
  });
});

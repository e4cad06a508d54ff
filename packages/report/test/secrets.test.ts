/**
 * A server that echoes the Authorization header into an error must not get the token into a report's
 * log, the default console logger included.
 */

import { Api } from '@iotile/client';
import { describe, expect, it, vi } from 'vitest';
import { AccumulationReportGenerator, type ReportLogger } from '../src/index.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.cmVwb3J0.c2ln';

/** Every list answers 400 with the Authorization header it got, in `detail` and in a field error. */
const echoingFetch = async (request: Request): Promise<Response> => {
  const authorization = request.headers.get('authorization') ?? '';
  return new Response(JSON.stringify({ detail: `bad ${authorization}`, device: [authorization] }), {
    status: 400,
    headers: { 'content-type': 'application/json' },
  });
};

describe('report logs never hold the token', () => {
  it('the default logger (console.warn) when a source is skipped', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const api = new Api({ domain: 'https://iotile.test', token: TOKEN, fetch: echoingFetch, retries: 0 });
    const report = await new AccumulationReportGenerator(api).computeSum(['d--00d2'], '2017-09-01T00:00:00Z');
    expect(report).toEqual({ error: 'No streams were found for these GIDs' });
    const printed = [...warn.mock.calls, ...error.mock.calls].flat().map(String);
    expect(printed.some((line) => line.includes('Skipping source d--0000-0000-0000-00d2'))).toBe(true);
    expect(printed.join('\n')).toContain('bad jwt [redacted]');
    expect(printed.join('\n')).not.toContain(TOKEN);
  });

  it('an injected logger, whatever a message quotes', async () => {
    const lines: string[] = [];
    const logger: ReportLogger = { warn: (m) => lines.push(m), error: (m) => lines.push(m) };
    const api = new Api({ domain: 'https://iotile.test', token: TOKEN, fetch: echoingFetch, retries: 0 });
    await new AccumulationReportGenerator(api, { logger }).computeSum(
      ['p--0001', 'd--00d2'],
      '2017-09-01T00:00:00Z',
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });
});

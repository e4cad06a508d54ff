/**
 * A report resolves project, device and stream sources through `/stream/?project=`, `/stream/?device=`
 * and `/stream/{slug}/`. The server filters a project slug by the stream's project, so the streams
 * found must not depend on whether the fixture describes the project itself.
 */
import { describe, expect, it } from 'vitest';

import { type FixtureData, MockIOTileCloud } from '../src/index.js';
import { SpecClient } from './support/spec-client.js';

const PROJECT_ID = '2b1f8e2a-6c0d-4f3e-9a47-1d2c3b4a5e61';
const STREAMS = ['s--0000-0031--0000-0000-0000-0031--5001', 's--0000-0031--0000-0000-0000-0031--5002'];

const base: FixtureData = {
  users: { 'u@example.com': 'pw' },
  devices: [{ slug: 'd--0031', project: PROJECT_ID }],
  streams: STREAMS.map((slug) => ({ slug })),
};

async function found(data: FixtureData) {
  const cloud = new MockIOTileCloud({ data });
  const server = await cloud.start({ port: 0 });
  try {
    const client = new SpecClient(server.url);
    await client.login('u@example.com', 'pw');
    const names = async (query: Record<string, string>) =>
      (await client.get('/stream/', query)).body.results.map((s: { slug: string }) => s.slug);
    return {
      project: await names({ project: 'p--0031' }),
      projectId: await names({ project: PROJECT_ID }),
      device: await names({ device: 'd--0031' }),
      stream: (await client.get(`/stream/${STREAMS[0]}/`)).status,
    };
  } finally {
    await server.close();
  }
}

describe('report sources', () => {
  it('find the same streams with or without a projects section', async () => {
    const withProjects = await found({
      ...base,
      projects: [{ id: PROJECT_ID, slug: 'p--0000-0031', name: 'P', org: 'o' }],
    });
    const without = await found(base);
    expect(withProjects).toEqual({ project: STREAMS, projectId: STREAMS, device: STREAMS, stream: 200 });
    expect(without).toEqual(withProjects);
  });
});

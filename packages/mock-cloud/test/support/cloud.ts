/** Starting a mock for a test file: fixtures in `test/fixtures/cloud`, closed after the file's tests. */
import { fileURLToPath } from 'node:url';

import { afterAll } from 'vitest';

import { MockIOTileCloud, type MockIOTileCloudOptions, type RunningServer } from '../../src/index.js';
import { SpecClient } from './spec-client.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/cloud/', import.meta.url));
export const fixture = (name: string) => `${FIXTURES}${name}`;
export const STREAM_FOLDER = fixture('streams');

export const PROJECT_ID = '5b1f8e2a-6c0d-4f3e-9a47-1d2c3b4a5e6f';
export const DEVICE = 'd--0000-0000-0000-0a1b';
export const LEVEL = 's--0000-0042--0000-0000-0000-0a1b--5001';
export const INFLOW = 's--0000-0042--0000-0000-0000-0a1b--5002';
export const OUTFLOW = 's--0000-0042--0000-0000-0000-0a1b--5003';
export const NO_RECORD = 's--0000-0042--0000-0000-0000-0a1b--5d00';

export interface Started {
  cloud: MockIOTileCloud;
  server: RunningServer;
  client: SpecClient;
}

/** A mock with the test fixtures (unless `data` says otherwise), served on 127.0.0.1:0, closed after all. */
export async function startCloud(
  options: MockIOTileCloudOptions & { https?: boolean } = {},
): Promise<Started> {
  const { https, ...rest } = options;
  const cloud = new MockIOTileCloud({
    data: [fixture('users.json'), fixture('project.json'), fixture('extras.json')],
    streamFolder: STREAM_FOLDER,
    ...rest,
  });
  const server = await cloud.start({ port: 0, https: https === true });
  afterAll(() => server.close());
  return { cloud, server, client: new SpecClient(server.url) };
}

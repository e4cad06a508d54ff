/** Shared nock lifecycle for the files that intercept HTTP: no real network, nothing left over. */
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const DOMAIN = 'https://iotile.test';
export const BASE = `${DOMAIN}/api/v1`;

export function useNock(): void {
  beforeAll(() => {
    if (!nock.isActive()) {
      nock.activate();
    }
    nock.disableNetConnect();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    if (pending.length > 0) {
      throw new Error(`Interceptors not used: ${pending.join(', ')}`);
    }
  });
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
}

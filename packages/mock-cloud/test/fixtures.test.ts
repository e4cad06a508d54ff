import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { FixtureError, MockIOTileCloud } from '../src/index.js';
import { fixture, STREAM_FOLDER } from './support/cloud.js';

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mock-fixture-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('addData', () => {
  it('loads the Python fixture format from files and objects', () => {
    const cloud = new MockIOTileCloud();
    cloud.addData(fixture('users.json'));
    cloud.addData(fixture('project.json'));
    expect(cloud.get('account', 'ada@example.com')?.username).toBe('ada');
    expect(cloud.get('device', 'd--0000-0000-0000-0a1b')?.label).toBe('North Tank');
    expect(cloud.get('device', 'd--0a1b')?.slug).toBe('d--0000-0000-0000-0a1b');
    expect(cloud.get('project', '5b1f8e2a-6c0d-4f3e-9a47-1d2c3b4a5e6f')).toBeDefined();
    expect(cloud.list('event')).toHaveLength(3);
    cloud.addData({
      devices: [{ slug: 'd--1f' }],
      data: { 's--1--1f--5001': [{ timestamp: '2020-01-01T00:00:00Z', value: 3 }] },
    });
    expect(cloud.get('device', 'd--0000-0000-0000-001f')).toBeDefined();
    expect(cloud.dataCount('s--0000-0001--0000-0000-0000-001f--5001')).toBe(1);
  });

  it('gives streamers the fixture leaves without id an integer id of their own', () => {
    const cloud = new MockIOTileCloud();
    cloud.addData({
      streamers: [{ slug: 't--0000-0000-0000-0a1b--0000', id: 4 }, { slug: 't--0000-0000-0000-0a1b--0001' }],
    });
    expect(cloud.get('streamer', 't--0000-0000-0000-0a1b--0001')?.id).toBe(5);
    cloud.quickAddStreamer('d--0a1c', 0, 0);
    expect(cloud.get('streamer', 't--0000-0000-0000-0a1c--0000')?.id).toBe(6);
  });

  it.each([
    ['not JSON', '{', /invalid JSON/],
    ['not an object', '[1]', /a fixture must be a JSON object/],
    ['an unknown section', '{"device": []}', /unknown section "device"/],
    ['a non-array section', '{"devices": {}}', /"devices" must be an array/],
    ['a device without slug', '{"devices": [{"id": 1}]}', /devices\[0\]: missing "slug"/],
    ['a bad device slug', '{"devices": [{"slug": "d--xyz"}]}', /devices\[0\]: IOTileDeviceSlug: expected/],
    ['a project without UUID', '{"projects": [{"id": "p--1"}]}', /projects\[0\]: "id" must be a UUID/],
    [
      'an event without stream',
      '{"events": [{"id": 1, "timestamp": "2020-01-01T00:00:00Z"}]}',
      /events\[0\]: missing "stream"/,
    ],
    ['a bad user entry', '{"users": {"a@b.c": 3}}', /users\["a@b.c"\]/],
    [
      'a streamer with a non-integer id',
      '{"streamers": [{"slug": "t--0000-0000-0000-0a1b--0001", "id": "7"}]}',
      /streamers\[0\]: "id" must be an integer/,
    ],
    [
      'a bad data point',
      '{"data": {"s--1--1--5001": [{"timestamp": "x", "value": 1}]}}',
      /data\["s--1--1--5001"\]\[0\]: "timestamp"/,
    ],
  ])('names the file and the problem for %s, and changes nothing', (_name, text, message) => {
    const path = tempFile('bad.json', text);
    const cloud = new MockIOTileCloud();
    let error: unknown;
    try {
      cloud.addData(path);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FixtureError);
    expect((error as Error).message.startsWith(`${path}: `)).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect(cloud.list('device').length + cloud.list('project').length + cloud.list('account').length).toBe(0);
  });

  it('names a missing file', () => {
    expect(() => new MockIOTileCloud().addData('/nonexistent/cloud.json')).toThrow(
      /\/nonexistent\/cloud.json: cannot read fixture file \(ENOENT\)/,
    );
  });

  it('reloads the constructor fixtures on reset() and clears everything else', async () => {
    const cloud = new MockIOTileCloud({ data: fixture('users.json'), streamFolder: STREAM_FOLDER });
    cloud.quickAddUser();
    const server = await cloud.start();
    try {
      await (await fetch(`${server.url}/api/v1/nothing/`)).arrayBuffer();
    } finally {
      await server.close();
    }
    expect(cloud.counters).toEqual({ requests: 1, errors: 1, faults: 0 });
    cloud.reset();
    expect(cloud.list('account').map((a) => a.email)).toEqual(['ada@example.com', 'grace@example.com']);
    expect(cloud.counters).toEqual({ requests: 0, errors: 0, faults: 0 });
    expect(cloud.streamFolder).toBe(STREAM_FOLDER);
  });
});

describe('stream folder', () => {
  it('rejects a folder that does not exist', () => {
    expect(() => new MockIOTileCloud({ streamFolder: '/nonexistent-folder' })).toThrow(FixtureError);
  });

  it('validateStreamFolder names a broken file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-folder-'));
    mkdirSync(join(dir, 'variable_types'));
    writeFileSync(
      join(dir, 's--0000-0001--0000-0000-0000-0001--5001.csv'),
      '"2020-01-01T00:00:00Z", 1\n"2020-01-01T00:01:00Z", x\n',
    );
    const cloud = new MockIOTileCloud({ streamFolder: dir });
    expect(() => cloud.validateStreamFolder()).toThrow(
      /5001\.csv, line 2: value must be an integer, got "x"/,
    );
    writeFileSync(join(dir, 's--0000-0001--0000-0000-0000-0001--5001.csv'), '"2020-01-01T00:00:00Z", 1\n');
    writeFileSync(join(dir, 'variable_types', 'x.json'), '[]');
    expect(() => cloud.validateStreamFolder()).toThrow(/x\.json: expected a JSON object/);
  });

  it('reads the fixture folder without errors', () => {
    expect(() => new MockIOTileCloud({ streamFolder: STREAM_FOLDER }).validateStreamFolder()).not.toThrow();
  });
});

/**
 * Every public helper of the mock rejects a wrong type or an out-of-range value with a `MockInputError`
 * that names the parameter, before it changes anything (table-driven). The read API and the counters are
 * tested here too, since they replaced direct access to the store.
 */
import { describe, expect, it } from 'vitest';

import { MockInputError, MockIOTileCloud } from '../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: wrong types on purpose.
type Loose = any;

function fresh(): { cloud: MockIOTileCloud; any: Loose; project: string } {
  const cloud = new MockIOTileCloud();
  const project = cloud.quickAddProject('P').id;
  cloud.quickAddDevice(project, 1);
  return { cloud, any: cloud as Loose, project };
}

const CASES: Array<[string, (c: Loose, project: string) => unknown, string]> = [
  ['constructor(null)', () => new MockIOTileCloud(null as Loose), 'options'],
  ['constructor({ clock: 5 })', () => new MockIOTileCloud({ clock: 5 } as Loose), 'options.clock'],
  ['constructor({ sleep: "x" })', () => new MockIOTileCloud({ sleep: 'x' } as Loose), 'options.sleep'],
  ['constructor({ data: [null] })', () => new MockIOTileCloud({ data: [null] } as Loose), 'options.data'],
  ['constructor({ data: 5 })', () => new MockIOTileCloud({ data: 5 } as Loose), 'options.data'],
  [
    'constructor({ streamFolder: 5 })',
    () => new MockIOTileCloud({ streamFolder: 5 } as Loose),
    'options.streamFolder',
  ],
  [
    'constructor({ faults: { failRate: 2 } })',
    () => new MockIOTileCloud({ faults: { failRate: 2 } }),
    'faults.failRate',
  ],
  ['addData(null)', (c) => c.addData(null), 'fileOrObject'],
  ['addData(5)', (c) => c.addData(5), 'fileOrObject'],
  [
    'streamFolder = 5',
    (c) => {
      c.streamFolder = 5;
    },
    'path',
  ],
  ['setFaults("x")', (c) => c.setFaults('x'), 'options'],
  ['setFaults({ failStatuses: [200] })', (c) => c.setFaults({ failStatuses: [200] }), 'faults.failStatuses'],
  ['setFaults({ paths: "x" })', (c) => c.setFaults({ paths: 'x' }), 'faults.paths'],
  ['setFaults({ match: 1 })', (c) => c.setFaults({ match: 1 }), 'faults.match'],
  ['setFaults({ seed: 1.5 })', (c) => c.setFaults({ seed: 1.5 }), 'faults.seed'],
  ['addSyntheticStream(null, ...)', (c) => c.addSyntheticStream(null, { count: 1 }), 'slug'],
  ['addSyntheticStream(slug, null)', (c) => c.addSyntheticStream('s--1--1--5001', null), 'options'],
  ['addStreamData(null, [])', (c) => c.addStreamData(null, []), 'slug'],
  ['addStreamData(slug, null)', (c) => c.addStreamData('s--1--1--5001', null), 'points'],
  ['addEventData("1", {})', (c) => c.addEventData('1', {}), 'id'],
  ['addEventData(-1, {})', (c) => c.addEventData(-1, {}), 'id'],
  ['quickAddUser(null)', (c) => c.quickAddUser(null), 'email'],
  ['quickAddUser("a@b", 5)', (c) => c.quickAddUser('a@b', 5), 'password'],
  ['quickAddOrg(null)', (c) => c.quickAddOrg(null), 'name'],
  ['quickAddOrg("x", 5)', (c) => c.quickAddOrg('x', 5), 'slug'],
  ['quickAddProject(5)', (c) => c.quickAddProject(5), 'name'],
  ['quickAddProject("x", null)', (c) => c.quickAddProject('x', null), 'orgSlug'],
  ['quickAddDevice(null)', (c) => c.quickAddDevice(null), 'projectId'],
  ['quickAddDevice(p, null)', (c, p) => c.quickAddDevice(p, null), 'device'],
  ['quickAddDevice(p, -1)', (c, p) => c.quickAddDevice(p, -1), 'device'],
  ['quickAddDevice(p, 2, "1")', (c, p) => c.quickAddDevice(p, 2, '1'), 'streamers'],
  ['quickAddDevice(p, 2, [1e9])', (c, p) => c.quickAddDevice(p, 2, [1e9]), 'streamers[0]'],
  ['quickAddStreamer(null, 0, 0)', (c) => c.quickAddStreamer(null, 0, 0), 'device'],
  ['quickAddStreamer(1, null, 0)', (c) => c.quickAddStreamer(1, null, 0), 'index'],
  ['quickAddStreamer(1, 0, NaN)', (c) => c.quickAddStreamer(1, 0, Number.NaN), 'ack'],
  ['quickAddStreamer(1, 0, 0, 1e6)', (c) => c.quickAddStreamer(1, 0, 0, 1e6), 'selector'],
  ['quickAddFleet(null)', (c) => c.quickAddFleet(null), 'devices'],
  ['quickAddFleet([null])', (c) => c.quickAddFleet([null]), 'devices[0]'],
  ['quickAddFleet([[1, "yes"]])', (c) => c.quickAddFleet([[1, 'yes']]), 'devices[0][1]'],
  ['quickAddFleet([1], "no")', (c) => c.quickAddFleet([1], 'no'), 'isNetwork'],
  ['quickAddFleet([1], false, -5)', (c) => c.quickAddFleet([1], false, -5), 'fleetSlug'],
  ['quickAddOtaDeviceInfo(null)', (c) => c.quickAddOtaDeviceInfo(null), 'device'],
  ['quickAddDeploymentToFleet(null, 1, [])', (c) => c.quickAddDeploymentToFleet(null, 1, []), 'fleetSlug'],
  [
    'quickAddDeploymentToFleet("g--1", "1", [])',
    (c) => c.quickAddDeploymentToFleet('g--1', '1', []),
    'deploymentId',
  ],
  [
    'quickAddDeploymentToFleet("g--1", 1, null)',
    (c) => c.quickAddDeploymentToFleet('g--1', 1, null),
    'criteria',
  ],
  [
    'quickAddDeploymentToFleet("g--1", 1, [5])',
    (c) => c.quickAddDeploymentToFleet('g--1', 1, [5]),
    'criteria[0]',
  ],
  ['quickAddSg(5)', (c) => c.quickAddSg(5), 'slug'],
  ['quickAddSg("x", -1)', (c) => c.quickAddSg('x', -1), 'appTag'],
  ['quickAddDt("x", "0")', (c) => c.quickAddDt('x', '0'), 'osTag'],
  ['get("devices", "x")', (c) => c.get('devices', 'x'), 'kind'],
  ['get("device", null)', (c) => c.get('device', null), 'key'],
  ['list(null)', (c) => c.list(null), 'kind'],
  ['dataCount(null)', (c) => c.dataCount(null), 'streamSlug'],
  ['handle(null)', (c) => c.handle(null), 'req'],
  [
    'handle({ url: "/" })',
    (c) => c.handle({ method: 'GET', url: '/', headers: {}, body: Buffer.alloc(0) }),
    'req',
  ],
];

describe('bad input to the public helpers', () => {
  it.each(CASES.map(([name, call, param]) => ({ name, call, param })))(
    '$name throws a MockInputError naming $param, and changes nothing',
    async ({ call, param }) => {
      const { cloud, any, project } = fresh();
      const before = JSON.stringify([cloud.list('device'), cloud.list('project'), cloud.list('account')]);
      let error: unknown;
      try {
        await call(any, project);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(MockInputError);
      expect((error as MockInputError).param).toBe(param);
      expect((error as Error).message).toContain(param);
      expect(JSON.stringify([cloud.list('device'), cloud.list('project'), cloud.list('account')])).toBe(
        before,
      );
    },
  );

  it(`covers ${CASES.length} cases`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(50);
  });
});

describe('reading the state', () => {
  it('serves records as the API does, normalising keys, and counts points', () => {
    const { cloud, project } = fresh();
    expect(cloud.get('device', 'd--1')).toMatchObject({ slug: 'd--0000-0000-0000-0001', project });
    expect(cloud.get('device', 'not a slug')).toBeUndefined();
    expect(cloud.get('project', project.toUpperCase())?.id).toBe(project);
    const slug = cloud.addStreamData('s--1--1--5001', [{ timestamp: '2020-01-01T00:00:00Z', value: 1 }]);
    expect(cloud.dataCount(slug)).toBe(1);
    expect(cloud.dataCount('s--0000-0001--0000-0000-0000-0001--5002')).toBe(0);
    expect(cloud.get('stream', 's--1--1--5001')).toMatchObject({
      slug: 's--0000-0001--0000-0000-0000-0001--5001',
    });
    expect(cloud.list('org').map((o) => o.slug)).toEqual(['quick-test-org']);
  });
});

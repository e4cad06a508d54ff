export { type DemoOptions, demoFixture } from './demo.js';
export {
  DEMO_API_KEY,
  DEMO_DEVICES,
  DEMO_FLEET,
  DEMO_ORG,
  DEMO_PROJECTS,
  DEMO_SEED,
  DEMO_STREAMS,
  DEMO_TRIP,
  DEMO_USER,
  DEMO_YEAR,
} from './demo-constants.js';
export { AUTH_PATHS, type FaultOptions, RETRYABLE_STATUSES } from './faults.js';
export { FixtureError } from './fixture-error.js';
export type {
  FixtureData,
  FixtureInvitation,
  FixtureItem,
  FixtureMember,
  FixturePoint,
  FixtureUser,
  VersionParts,
} from './fixtures.js';
export type { MockRequest, MockResponse, ResponseBody } from './http.js';
export { MockInputError } from './input-error.js';
export { API_PREFIX, type MockCounters, MockIOTileCloud, type MockIOTileCloudOptions } from './mock-cloud.js';
export { LARGE, type PageSizeClass, STANDARD, SUPER_LARGE } from './pagination.js';
export { DEFAULT_ORG_NAME, DEFAULT_ORG_SLUG, type DeviceRef, type FleetDeviceEntry } from './quick-add.js';
export type { MockRecordKey, MockRecordKind, MockRecords } from './records.js';
export { DEFAULT_LIMITS, type RunningServer, type ServerLimits, type StartOptions } from './server.js';
export {
  SERVER_MODEL_DEFAULTS,
  ServerModel,
  type ServerModelOptions,
  type ServerModelStats,
} from './server-model.js';
export type { SyntheticStreamOptions } from './synthetic.js';
export { makeSelfSignedCertificate, type SelfSignedCertificate } from './tls.js';

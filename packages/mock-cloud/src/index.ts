export type { FaultOptions } from './faults.js';
export { FixtureError } from './fixture-error.js';
export type { FixtureData, FixtureItem, FixturePoint, FixtureUser } from './fixtures.js';
export type { MockRequest, MockResponse, ResponseBody } from './http.js';
export { API_PREFIX, MockIOTileCloud, type MockIOTileCloudOptions } from './mock-cloud.js';
export { LARGE, type PageSizeClass, STANDARD, SUPER_LARGE } from './pagination.js';
export { DEFAULT_ORG_NAME, DEFAULT_ORG_SLUG, type DeviceRef, type FleetDeviceEntry } from './quick-add.js';
export type { RunningServer, StartOptions } from './server.js';
export {
  SERVER_MODEL_DEFAULTS,
  ServerModel,
  type ServerModelOptions,
  type ServerModelStats,
} from './server-model.js';
export type { FleetMember, Obj, Store, UserRecord } from './store.js';
export type { SyntheticStreamOptions } from './synthetic.js';
export { makeSelfSignedCertificate, type SelfSignedCertificate } from './tls.js';

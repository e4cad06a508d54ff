export { MdoError } from './errors.js';
export { MdoHelper } from './mdo-helper.js';
export type { MdoUnit } from './unit.js';

export { type Coverage, coverage, formatCoverage, isComplete } from './coverage.js';
export {
  METHODS,
  type Method,
  normalizePath,
  type Operation,
  operation,
  sortOperations,
} from './operations.js';
export { checkFiles, REPO_FILES } from './repo.js';
export {
  isExcluded,
  parseServerRoutes,
  type ServerOperations,
  type ServerRoute,
  serverOperations,
} from './server-routes.js';
export { specOperations } from './spec-operations.js';

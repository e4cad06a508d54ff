export { type ReadmeExample, readmeExamples } from './examples.js';
export { type RequestFetch, redirectingFetch } from './redirect.js';
export { expectedSource, type Runnable, runExample, runnable } from './runnable.js';
export { describeReadmeExamples, type ReadmeSuiteOptions } from './suite.js';
export { type TypeCheckOptions, typeErrors } from './type-check.js';
export { expectReadmeBlocksIn, type ReadmeBlocksOptions } from './verbatim.js';

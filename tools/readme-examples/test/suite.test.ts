/** The whole suite, declared on a sample package whose README passes. */
import { describeReadmeExamples } from '../src/index.js';
import * as sample from './fixtures/sample/src/index.js';

describeReadmeExamples({
  packageName: '@sample/pkg',
  packageDir: new URL('./fixtures/sample/', import.meta.url),
  module: sample,
  minExamples: 2,
});

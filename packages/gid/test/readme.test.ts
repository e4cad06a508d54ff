// Keeps README.md honest: every ```ts block is type-checked against the sources and then run, with the
// `console.log(<expr>); // <expected>` convention (see tools/readme-examples).
import { describeReadmeExamples } from '@iotile-internal/readme-examples';
import * as gid from '../src/index.js';

describeReadmeExamples({
  packageName: '@iotile/gid',
  packageDir: new URL('../', import.meta.url),
  module: gid,
  minExamples: 6,
});

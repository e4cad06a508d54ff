#!/usr/bin/env node
/** `route-coverage [routes.json spec.yaml]`: prints the coverage; exit 1 unless the two lists agree. */

import { stdout } from 'node:process';

import { formatCoverage, isComplete } from './coverage.js';
import { checkFiles, REPO_FILES } from './repo.js';

const [routes = REPO_FILES.routes, spec = REPO_FILES.spec] = process.argv.slice(2);
const result = await checkFiles({ routes, spec });
stdout.write(`${formatCoverage(result)}\n`);
process.exitCode = isComplete(result) ? 0 : 1;

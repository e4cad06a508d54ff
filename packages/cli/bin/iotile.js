#!/usr/bin/env node
// Kept outside dist/ so package managers can link the bin before the package is built.
import '../dist/main.js';

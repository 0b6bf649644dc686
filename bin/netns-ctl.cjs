#!/usr/bin/env node
// netns-ctl: the scripting companion. Runs the bundle built by `npm run build`.
// CommonJS on purpose: scripts call it often, and the ESM loader would add to every start.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'netns-ctl.cjs');
if (!existsSync(bundle)) {
  console.error('netns-ctl: not built yet: run `npm run build` in the project first');
  process.exit(1);
}
require(bundle);

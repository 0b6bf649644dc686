#!/usr/bin/env node
// netns-ctl: the scripting companion. Runs the bundle built by `npm run build`.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/netns-ctl.cjs', import.meta.url));
if (!existsSync(bundle)) {
  console.error('netns-ctl: not built yet: run `npm run build` in the project first');
  process.exit(1);
}
createRequire(import.meta.url)(bundle);

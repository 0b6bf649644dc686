#!/usr/bin/env node
// netns-studio: starts the desktop app (Electron), or with `serve` the browser host.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';

const require = createRequire(import.meta.url);
const dist = (f) => fileURLToPath(new URL(`../dist/${f}`, import.meta.url));
const args = process.argv.slice(2);
if (!existsSync(dist('serve.cjs'))) {
  console.error('netns-studio: not built yet: run `npm run build` in the project first');
  process.exit(1);
}
if (args[0] === 'serve') {
  require(dist('serve.cjs'));
} else {
  let electron = null;
  try {
    electron = require('electron'); // the path of the binary, downloaded on first use
  } catch (e) {
    console.error(`netns-studio: Electron is not available (${e.message}).`);
  }
  if (typeof electron !== 'string' || !existsSync(electron)) {
    console.error('netns-studio: no Electron binary here; start the browser host instead: netns-studio serve');
    process.exit(1);
  }
  const child = spawn(electron, [dist('main.cjs'), ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
}

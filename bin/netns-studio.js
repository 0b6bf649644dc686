#!/usr/bin/env node
// netns-studio: starts the desktop app (Electron), or with `serve` the browser host.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';

const require = createRequire(import.meta.url);
const dist = (f) => fileURLToPath(new URL(`../dist/${f}`, import.meta.url));
const args = process.argv.slice(2);
const project = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(dist('serve.cjs'))) {
  console.error('netns-studio: not built yet: run `npm run build` in the project first');
  process.exit(1);
}
if (args[0] === 'serve') {
  require(dist('serve.cjs'));
} else {
  // Where the electron package keeps its binary once downloaded (path.txt); require('electron')
  // would try to download it now, which fails on a machine without internet.
  let electron = null;
  try {
    const pkg = dirname(require.resolve('electron/package.json'));
    electron = join(pkg, 'dist', readFileSync(join(pkg, 'path.txt'), 'utf8').trim());
  } catch {
    electron = null;
  }
  if (!electron || !existsSync(electron)) {
    // `netns-studio` itself is on no PATH in a checkout: name what works from here
    console.error(`netns-studio: no Electron binary here; start the browser host instead: npm run serve (in ${project})`);
    process.exit(1);
  }
  const child = spawn(electron, [dist('main.cjs'), ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
}

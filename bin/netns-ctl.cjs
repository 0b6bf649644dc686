#!/usr/bin/env node
// netns-ctl: the scripting companion. Runs the bundle built by `npm run build`.
// CommonJS on purpose: scripts call it often, and the ESM loader would add to every start.
//
// It runs the bundle with a V8 code cache kept next to it (dist/netns-ctl.cjs.cache): a start
// then skips compiling the bundle and every function the previous run compiled, which is about
// half of the start-up (docs/PERFORMANCE.md). Node 22 does this with module.enableCompileCache();
// Node 20 has no such thing, so this does it by hand. V8 checks a cache against its own version
// and flags but the source only by its length, so the cache also names the bundle it was made
// from (size, modification time, inode): a rebuilt bundle never runs with the old one's code.
// A cache that does not fit is simply rewritten.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const bundle = path.join(__dirname, '..', 'dist', 'netns-ctl.cjs');
const cacheFile = `${bundle}.cache`;

let source;
let owner;
let stamp;
try {
  const fd = fs.openSync(bundle, 'r');
  const st = fs.fstatSync(fd, { bigint: true });
  source = fs.readFileSync(fd, 'utf8');
  fs.closeSync(fd);
  owner = Number(st.uid);
  stamp = Buffer.from(`netns-ctl cache ${st.size} ${st.mtimeNs} ${st.ino}\n`);
} catch {
  console.error('netns-ctl: not built yet: run `npm run build` in the project first');
  process.exit(1);
}

// The cache is code we run, as root: read it only if whoever owns the bundle wrote it and
// nobody else can change it, and write it only as that owner.
function readCache() {
  try {
    const fd = fs.openSync(cacheFile, 'r');
    try {
      const st = fs.fstatSync(fd);
      if (st.uid !== owner || st.mode & 0o022) return undefined;
      const data = fs.readFileSync(fd);
      return data.subarray(0, stamp.length).equals(stamp) ? data.subarray(stamp.length) : undefined;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

const cachedData = readCache();
const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
if ((cachedData === undefined || script.cachedDataRejected) && process.getuid?.() === owner) {
  // At exit, so the cache holds the functions this run compiled too, not only the top level.
  process.once('exit', () => {
    try {
      const tmp = `${cacheFile}.${process.pid}`;
      fs.writeFileSync(tmp, Buffer.concat([stamp, script.createCachedData()]), { mode: 0o644 });
      fs.renameSync(tmp, cacheFile);
    } catch {
      // A read-only install: run without a cache.
    }
  });
}

const mod = new Module(bundle, module);
mod.filename = bundle;
mod.loaded = true;
script.runInThisContext()(mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));

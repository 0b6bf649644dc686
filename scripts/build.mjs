// Builds every process into dist/: the Node processes as single CommonJS bundles with esbuild
// (fast start, no TypeScript at run time), the renderer with Vite.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';

// tsconfig.json only lists the projects: the Node side's compiler options are in tsconfig.node.json.
const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'linked', logLevel: 'warning', tsconfig: 'tsconfig.node.json' };
const entries = [
  // [entry, output, extra options]
  ['electron/core/main.ts', 'dist/core.cjs', { external: ['koffi'] }],
  ['electron/cli/main.ts', 'dist/netns-ctl.cjs', { external: ['koffi', 'dbus-next'], minify: true }],
  ['electron/serve/main.ts', 'dist/serve.cjs', { external: ['koffi', 'dbus-next', 'ws'] }],
  ['electron/main/main.ts', 'dist/main.cjs', { external: ['electron', 'dbus-next'] }],
  // The preload runs in a sandboxed renderer: one file, nothing required but electron itself.
  ['electron/preload/preload.ts', 'dist/preload.cjs', { external: ['electron'], platform: 'browser', format: 'cjs', minify: true }],
];
// bin/netns-ctl.cjs keeps a V8 code cache beside its bundle; it would not fit the new one.
rmSync('dist/netns-ctl.cjs.cache', { force: true });
await Promise.all(
  entries.filter(([entry]) => existsSync(entry)).map(([entry, outfile, extra]) => build({ ...node, entryPoints: [entry], outfile, ...extra })),
);
if (existsSync('renderer/index.html')) {
  // Warnings and errors only. Rolldown's timing report ("callbacks ran for 4.4s") says how busy
  // the machine was, not what is wrong with the code: speed is measured in bench/, not here.
  const { build: buildRenderer } = await import('vite');
  await buildRenderer({ logLevel: 'warn', build: { rolldownOptions: { checks: { bundlerTimings: false } } } });
}

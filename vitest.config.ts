import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A passing run reads as the list of what passed: the console output of a test that passes
    // (often an error it provoked on purpose) is shown only when that test fails.
    silent: 'passed-only',
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
          exclude: ['**/*.kernel.test.ts', '**/*.nm.test.ts', 'node_modules/**'],
          // Some start processes (node, npm, bash): on a loaded machine one took 17 s. A timeout
          // only says when to give up; speed is measured in bench/, never here.
          testTimeout: 60_000,
        },
      },
      {
        // Against the real kernel: run by scripts/test.sh inside scripts/sandbox.sh. Files run one
        // after another because they share the sandbox's /run/netns.
        test: {
          name: 'kernel',
          include: ['electron/**/*.kernel.test.ts'],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        // Against a real NetworkManager and OpenVPN server started by the project's fixture.
        test: {
          name: 'nm',
          include: ['electron/**/*.nm.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The packaged app (electron-builder with a stand-in Electron) installed into overlays of
        // the root filesystem: as root, inside scripts/sandbox.sh.
        test: {
          name: 'pkg',
          include: ['e2e/**/*.pkg.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});

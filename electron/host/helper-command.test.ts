import { describe, expect, it } from 'vitest';
import { helperCommand } from './helper-command';

describe('how the host starts the core helper', () => {
  it('runs it directly under Node when the host is already root', () => {
    expect(helperCommand({ coreScript: '/app/dist/core.cjs', node: '/usr/bin/node', isRoot: true })).toEqual({
      command: '/usr/bin/node',
      args: ['/app/dist/core.cjs'],
      viaPkexec: false,
    });
  });

  it('asks pkexec for the installed launcher named by the polkit action', () => {
    // any existing file stands in for the installed launcher
    expect(helperCommand({ coreScript: '/x/core.cjs', isRoot: false, installedHelper: process.execPath })).toEqual({
      command: 'pkexec',
      args: [process.execPath],
      viaPkexec: true,
    });
  });

  it('asks pkexec to run Node on the bundle from a source checkout', () => {
    expect(helperCommand({ coreScript: '/src/dist/core.cjs', node: '/usr/bin/node', isRoot: false, installedHelper: '/nonexistent' })).toEqual({
      command: 'pkexec',
      args: ['/usr/bin/node', '/src/dist/core.cjs'],
      viaPkexec: true,
    });
  });
});

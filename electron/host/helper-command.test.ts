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

  it('as root under Electron, runs the helper on the Electron binary in run-as-node mode (no system Node)', () => {
    expect(helperCommand({ coreScript: '/opt/app/resources/core/core.cjs', electron: '/opt/app/netns-studio', isRoot: true })).toEqual({
      command: '/opt/app/netns-studio',
      args: ['/opt/app/resources/core/core.cjs'],
      viaPkexec: false,
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  });

  it("from an AppImage without the deb's helper, asks for nothing and says what to install", () => {
    const c = helperCommand({ coreScript: '/tmp/.mount_Netns/resources/core/core.cjs', isRoot: false, installedHelper: '/nonexistent', appImage: '/home/u/Netns.AppImage', version: '0.1.0' });
    expect(c.unavailable).toMatch(/root cannot read the AppImage's own mount/);
    expect(c.unavailable).toContain('sudo apt install ./netns-studio_0.1.0_amd64.deb');
  });

  it("from an AppImage with the deb's helper installed, uses that helper", () => {
    expect(helperCommand({ coreScript: '/tmp/.mount_x/core.cjs', isRoot: false, installedHelper: process.execPath, appImage: '/home/u/a.AppImage' })).toEqual({
      command: 'pkexec',
      args: [process.execPath],
      viaPkexec: true,
    });
  });
});

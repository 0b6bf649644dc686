// The Electron main process, running as the desktop user: one locked-down window, the contract
// over IPC (electron/main/ipc.ts) to the shared host (electron/host), which supervises the core
// helper (pkexec unless already root) and holds the NetworkManager client.
import { app, BrowserWindow, Menu, nativeTheme, type IpcMainInvokeEvent } from 'electron';
import { ipcMain } from 'electron';
import { join } from 'node:path';
import { createNmClient } from '../nm/client';
import { CoreHelper } from '../host/core-helper';
import { helperCommand } from '../host/helper-command';
import { createHost, type Host } from '../host/host';
import { isOurMainFrame, registerIpc } from './ipc';
import { buildMenu } from './menu';
import { APP_ORIGIN, registerAppScheme, serveAppScheme } from './protocol';
import { createMainWindow, denyPermissions } from './window';
import { restoreWindowState, trackWindowState } from './window-state';

// dist/main.cjs sits next to dist/preload.cjs, dist/core.cjs and dist/renderer/.
const dist = __dirname;

// Before anything asks for a path: `npm start` runs Electron on dist/main.cjs without our
// package.json, so Electron would call itself "Electron" and keep settings in ~/.config/Electron.
// The packaged app reads the same name from package.json (productName).
const APP_NAME = 'Netns Studio';
app.setName(APP_NAME);
app.setPath('userData', join(app.getPath('appData'), APP_NAME));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // every renderer sandboxed, whatever a window's own options say
  app.enableSandbox();
  registerAppScheme();
  // dark or light follows the system; the page reads prefers-color-scheme
  nativeTheme.themeSource = 'system';
  let win: BrowserWindow | null = null;
  let host: Host | null = null;

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  const isTrusted = (event: IpcMainInvokeEvent) => isOurMainFrame(win, event, APP_ORIGIN);

  void app.whenReady().then(() => {
    denyPermissions();
    serveAppScheme(join(dist, 'renderer'));
    Menu.setApplicationMenu(buildMenu());
    const core = new CoreHelper({
      // packaged, the helper's bundle lives outside the asar (build/electron-builder.yml)
      command: helperCommand({
        coreScript: app.isPackaged ? join(process.resourcesPath, 'core', 'core.cjs') : join(dist, 'core.cjs'),
        // as root: this very binary in run-as-node mode (the runAsNode fuse is on for it)
        electron: process.execPath,
        appImage: process.env.APPIMAGE,
        version: app.getVersion(),
      }),
      onStderr: (t) => process.stderr.write(t),
    });
    host = createHost({ transport: 'electron', version: app.getVersion(), core, nm: createNmClient(), warmCore: true });
    registerIpc({ ipcMain, host, isTrusted });
    const stateDir = app.getPath('userData');
    win = createMainWindow(join(dist, 'preload.cjs'), restoreWindowState(stateDir));
    trackWindowState(win, stateDir);
    win.on('closed', () => (win = null));
  });

  app.on('window-all-closed', () => app.quit());
  let closing = false;
  app.on('will-quit', (e) => {
    if (closing || !host) return;
    closing = true;
    e.preventDefault();
    void host.close().finally(() => app.quit());
  });
}

// The one window, locked down: sandboxed renderer, context isolation, no Node, no <webview>,
// our own page only (no navigation away, no new windows), every permission request refused.
import { BrowserWindow, nativeTheme, session, type WebContents } from 'electron';
import { APP_ORIGIN, APP_URL } from './protocol';
import type { WindowState } from './window-state';

export const webPreferences = (preload: string) => ({
  preload,
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  spellcheck: false,
  navigateOnDragDrop: false,
});

/** Permission checks and requests: the app needs none (no camera, notifications, clipboard-read...). */
export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  // nothing from outside the bundle is ever loaded into the window
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const u = details.url;
    const ok = u.startsWith(`${APP_ORIGIN}/`) || u.startsWith(`blob:${APP_ORIGIN}/`) || u.startsWith('data:') || u.startsWith('devtools://');
    callback({ cancel: !ok });
  });
}

export function lockDown(wc: WebContents): void {
  wc.on('will-navigate', (e, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) e.preventDefault();
  });
  wc.on('will-redirect', (e) => e.preventDefault());
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function createMainWindow(preload: string, state: WindowState): BrowserWindow {
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Netns Studio',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181d' : '#ffffff',
    webPreferences: webPreferences(preload),
  });
  lockDown(win.webContents);
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_URL);
  return win;
}

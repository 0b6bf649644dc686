// The window's size, position and maximized state, remembered between runs in userData. A saved
// position is used only where it is still on a screen now (a monitor may have gone since).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen, type BrowserWindow, type Rectangle } from 'electron';

export interface WindowState {
  bounds: Partial<Rectangle> & { width: number; height: number };
  maximized: boolean;
}

const DEFAULT: WindowState = { bounds: { width: 1280, height: 820 }, maximized: false };

export function loadWindowState(dir: string): WindowState {
  try {
    const s = JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8')) as WindowState;
    const b = s.bounds;
    const n = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
    if (n(b.width) && n(b.height) && b.width >= 400 && b.height >= 300) {
      return { bounds: { width: b.width, height: b.height, ...(n(b.x) && n(b.y) ? { x: b.x, y: b.y } : {}) }, maximized: s.maximized === true };
    }
  } catch {
    // first run, or a file we cannot read: the default is fine
  }
  return DEFAULT;
}

/** How much of the window must show on one screen for its saved place to count (a title bar's worth). */
const MIN_VISIBLE = { width: 120, height: 60 };

/**
 * The saved state fitted to the screens there are now (their work areas): a size no larger than
 * the largest screen, and the saved position only if enough of the window shows on one of them;
 * otherwise no position, and the window opens centred.
 */
export function fitToScreens(state: WindowState, workAreas: Rectangle[]): WindowState {
  if (workAreas.length === 0) return state;
  const maxW = Math.max(...workAreas.map((a) => a.width));
  const maxH = Math.max(...workAreas.map((a) => a.height));
  const width = Math.min(state.bounds.width, maxW);
  const height = Math.min(state.bounds.height, maxH);
  const { x, y } = state.bounds;
  if (x === undefined || y === undefined) return { ...state, bounds: { width, height } };
  const shows = workAreas.some((a) => {
    const w = Math.min(x + width, a.x + a.width) - Math.max(x, a.x);
    const h = Math.min(y + height, a.y + a.height) - Math.max(y, a.y);
    return w >= MIN_VISIBLE.width && h >= MIN_VISIBLE.height;
  });
  return { ...state, bounds: shows ? { x, y, width, height } : { width, height } };
}

/** The saved state, checked against the current screens (call it once the app is ready). */
export function restoreWindowState(dir: string): WindowState {
  return fitToScreens(loadWindowState(dir), screen.getAllDisplays().map((d) => d.workArea));
}

export function trackWindowState(win: BrowserWindow, dir: string): void {
  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    if (win.isDestroyed()) return;
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    try {
      writeFileSync(join(dir, 'window-state.json'), JSON.stringify(state));
    } catch {
      // losing the window size is not worth an error dialog
    }
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('close', save);
}

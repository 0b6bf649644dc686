// The window's size, position and maximized state, remembered between runs in userData.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';

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

// The restored window place, checked against the screens there are now (electron's screen mocked).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const displays = vi.hoisted(() => ({ workAreas: [] as { x: number; y: number; width: number; height: number }[] }));
vi.mock('electron', () => ({ screen: { getAllDisplays: () => displays.workAreas.map((workArea) => ({ workArea })) } }));

const { fitToScreens, restoreWindowState } = await import('./window-state');

const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1410 };

describe('the restored window place', () => {
  let dir = '';
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('keeps a saved position that is on a screen', () => {
    expect(fitToScreens({ bounds: { x: 2000, y: 100, width: 1280, height: 820 }, maximized: false }, [laptop, rightMonitor])).toEqual({
      bounds: { x: 2000, y: 100, width: 1280, height: 820 },
      maximized: false,
    });
  });

  it('drops a position left on a monitor that is gone, so the window opens centred', () => {
    expect(fitToScreens({ bounds: { x: 2000, y: 100, width: 1280, height: 820 }, maximized: true }, [laptop])).toEqual({
      bounds: { width: 1280, height: 820 },
      maximized: true,
    });
  });

  it('drops a position where only a sliver would show, and shrinks a window larger than any screen', () => {
    expect(fitToScreens({ bounds: { x: 1880, y: 1000, width: 2400, height: 1300 }, maximized: false }, [laptop]).bounds).toEqual({ width: 1920, height: 1050 });
  });

  it('reads the saved file and asks electron for the current screens', () => {
    dir = mkdtempSync(join(tmpdir(), 'window-state-'));
    writeFileSync(join(dir, 'window-state.json'), JSON.stringify({ bounds: { x: 3000, y: 200, width: 1000, height: 700 }, maximized: false }));
    displays.workAreas = [laptop, rightMonitor];
    expect(restoreWindowState(dir).bounds).toEqual({ x: 3000, y: 200, width: 1000, height: 700 });
    displays.workAreas = [laptop];
    expect(restoreWindowState(dir).bounds).toEqual({ width: 1000, height: 700 });
  });
});

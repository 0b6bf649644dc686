// The canvas's own room (issue 14): with the minimap on, Fit View leaves its corner free (no
// namespace box under it) in the small lab and in a big world; the overview's lines to the hub
// stand out from the background in both themes; one pick in the side list, which also opens the
// details panel and so narrows the canvas, ends with the picked namespace on screen, also on a
// slow machine (the page's CPU throttled: the panel's width change used to cut the view's move
// short, so the namespace could stay off screen).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { focusNamespace, openStudio, skipReason, type Studio } from './harness';
import { openLab, type Lab } from './lab';

const reason = skipReason();
const sh = (script: string) => execFileSync('sh', ['-ec', script]);
if (reason) console.log(`minimap-fit e2e skipped: ${reason}`);

/** MINIMAP_FIT_SHOTS=DIR: pictures of what is checked, into DIR (never into the repository). */
const shots = process.env.MINIMAP_FIT_SHOTS;
const shot = async (page: Page, name: string) => {
  if (shots) await page.screenshot({ path: `${shots}/${name}` });
};

/** The minimap switched on (or off) from the View menu, with the keyboard only. */
async function toggleMinimap(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'View ▾' }).focus();
  await page.keyboard.press('Enter');
  const item = page.getByRole('menuitemcheckbox', { name: 'Minimap' });
  await item.waitFor();
  await item.focus();
  await page.keyboard.press('Enter');
  await item.waitFor({ state: 'detached' });
}

/** Waits until the view stops moving (the transform the same over 300 ms), at most 15 s. */
async function settled(page: Page): Promise<void> {
  const transform = () => page.evaluate("document.querySelector('.react-flow__viewport')?.style.transform ?? ''") as Promise<string>;
  let before = await transform();
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(300);
    const now = await transform();
    if (now === before) return;
    before = now;
  }
}

const fitView = async (page: Page) => {
  await page.getByRole('button', { name: 'Fit View' }).click();
  await settled(page);
};

/** The namespace boxes (React Flow's, or the overview's far away) whose rectangle meets the minimap's. */
const UNDER_MINIMAP = `(() => {
  const m = document.querySelector('.react-flow__minimap').getBoundingClientRect();
  const under = [];
  const boxes = document.querySelectorAll('.react-flow__node-namespace, .ov-ns rect');
  for (const b of boxes) {
    const r = b.getBoundingClientRect();
    if (r.left < m.right && m.left < r.right && r.top < m.bottom && m.top < r.bottom) under.push(b.matches('.react-flow__node') ? b.querySelector('[data-testid]').dataset.testid : b.closest('[data-testid]').dataset.testid);
  }
  return { boxes: boxes.length, under };
})()`;
const underMinimap = (page: Page) => page.evaluate(UNDER_MINIMAP) as Promise<{ boxes: number; under: string[] }>;

/** Whether a namespace's box lies whole inside the canvas (React Flow's pane, beside the details panel). */
async function onCanvas(page: Page, name: string): Promise<{ box: unknown; canvas: unknown; inside: boolean }> {
  const canvas = (await page.locator('.react-flow').boundingBox())!;
  const box = await page.getByTestId(`ns-${name}`).boundingBox();
  const inside = !!box && box.x >= canvas.x - 1 && box.y >= canvas.y - 1 && box.x + box.width <= canvas.x + canvas.width + 1 && box.y + box.height <= canvas.y + canvas.height + 1;
  return { box, canvas, inside };
}

/** Slows the page's CPU down by `rate` (1: full speed), as a loaded machine does. */
async function throttle(page: Page, rate: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await cdp.detach();
}

/**
 * From a view zoomed in on `near` (picked, its details then closed), `far` picked once in the
 * side list, the page's CPU slowed down 6 times: the view ends on `far`, whole inside the canvas
 * beside the details panel the pick opened, near its middle, and not under the minimap.
 */
async function pickFar(page: Page, near: string, far: string): Promise<void> {
  await focusNamespace(page, near);
  await page.getByRole('region', { name: `Namespace ${near}` }).waitFor();
  await settled(page);
  await page.getByRole('button', { name: 'Close details' }).click();
  await settled(page);
  await throttle(page, 6);
  try {
    await focusNamespace(page, far);
    await page.getByRole('region', { name: `Namespace ${far}` }).waitFor();
    await settled(page);
  } finally {
    await throttle(page, 1);
  }
  const r = await onCanvas(page, far);
  expect(r, 'the picked namespace inside the canvas').toMatchObject({ inside: true });
  const box = r.box as { x: number; y: number; width: number; height: number };
  const canvas = r.canvas as typeof box;
  expect(Math.abs(box.x + box.width / 2 - (canvas.x + canvas.width / 2)), 'near the middle across').toBeLessThan(canvas.width * 0.2);
  expect(Math.abs(box.y + box.height / 2 - (canvas.y + canvas.height / 2)), 'near the middle down').toBeLessThan(canvas.height * 0.2);
  if (await page.locator('.react-flow__minimap').count()) expect((await underMinimap(page)).under).not.toContain(`ns-${far}`);
}

describe.skipIf(reason !== null)('the minimap beside content, and the side list pick, in the small lab', () => {
  let lab: Lab;
  let page: Page;
  beforeAll(async () => {
    lab = await openLab({ prefix: 'mf', uplink: 'uplink2', net: 30, slot: 2 });
    page = lab.page;
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('with the minimap on, Fit View puts no namespace box under it, also with the details panel open', async () => {
    await toggleMinimap(page);
    await page.locator('.react-flow__minimap').waitFor();
    await fitView(page);
    await shot(page, 'lab-minimap.png');
    let u = await underMinimap(page);
    expect(u.boxes).toBe(8);
    expect(u.under).toEqual([]);
    // a narrower canvas: the details panel open, then Fit View again
    await page.getByTestId('iface-br0').click();
    await page.getByRole('region', { name: 'Interface br0' }).waitFor();
    await fitView(page);
    await shot(page, 'lab-minimap-details.png');
    u = await underMinimap(page);
    expect(u.boxes).toBe(8);
    expect(u.under).toEqual([]);
    await page.getByRole('button', { name: 'Close details' }).click();
    await settled(page);
    // switched off and on again while the whole picture is in view: it stays whole and free
    await toggleMinimap(page);
    await page.locator('.react-flow__minimap').waitFor({ state: 'detached' });
    await toggleMinimap(page);
    await page.locator('.react-flow__minimap').waitFor();
    await settled(page);
    expect((await underMinimap(page)).under).toEqual([]);
  });

  it('keeps the whole picture in view as it grows, until the person moves the view', async () => {
    await fitView(page);
    const allOnCanvas = async () => {
      const names = ['host', ...lab.names, ...(await page.getByRole('list', { name: 'Namespaces' }).getByRole('button').allTextContents()).map((t) => /^mf-new\d/.exec(t)?.[0]).filter((n): n is string => !!n)];
      const off: string[] = [];
      for (const n of names) if (!(await page.getByTestId(`ns-${n}`).count()) || !(await onCanvas(page, n)).inside) off.push(n);
      return off;
    };
    expect(await allOnCanvas()).toEqual([]);
    // a chain of four new namespaces: the picture grows beyond the view it had
    sh('ip netns add mf-new1; ip netns add mf-new2; ip netns add mf-new3; ip netns add mf-new4; ' +
      'ip -n mf-new1 link add n12 type veth peer name n21 netns mf-new2; ip -n mf-new2 link add n23 type veth peer name n32 netns mf-new3; ' +
      'ip -n mf-new3 link add n34 type veth peer name n43 netns mf-new4');
    try {
      await page.getByRole('list', { name: 'Namespaces' }).getByRole('button', { name: /^mf-new4\b/ }).waitFor();
      await expect.poll(allOnCanvas, { timeout: 10_000 }).toEqual([]);
      await settled(page);
      expect(await allOnCanvas()).toEqual([]);
      expect((await underMinimap(page)).under).toEqual([]);
      // moved by hand (a drag on the empty canvas): what comes next does not move the view
      const canvas = (await page.locator('.react-flow').boundingBox())!;
      await page.mouse.move(canvas.x + 40, canvas.y + canvas.height / 2);
      await page.mouse.down();
      await page.mouse.move(canvas.x + 140, canvas.y + canvas.height / 2 + 30, { steps: 6 });
      await page.mouse.up();
      await settled(page);
      const view = () => page.evaluate("document.querySelector('.react-flow__viewport').style.transform") as Promise<string>;
      const moved = await view();
      sh('ip netns add mf-new5; ip -n mf-new4 link add n45 type veth peer name n54 netns mf-new5');
      await page.getByRole('list', { name: 'Namespaces' }).getByRole('button', { name: /^mf-new5\b/ }).waitFor();
      await page.waitForTimeout(1500);
      expect(await view()).toBe(moved);
    } finally {
      sh('for i in 1 2 3 4 5; do ip netns del mf-new$i 2>/dev/null || true; done');
    }
    await page.getByRole('list', { name: 'Namespaces' }).getByRole('button', { name: /^mf-new1\b/ }).waitFor({ state: 'detached' });
  });

  it('a namespace box dragged by hand ends the framing: the view does not jump to the new outline', async () => {
    await fitView(page);
    const view = () => page.evaluate("document.querySelector('.react-flow__viewport').style.transform") as Promise<string>;
    const before = await view();
    // the database's box dragged by its header past the right of the picture (its middle 70 px
    // from the canvas's edge: nearer, React Flow pans the view itself while a box is dragged)
    const head = (await page.getByTestId('ns-mf-db').locator('.nsbox-head').boundingBox())!;
    const canvas = (await page.locator('.react-flow').boundingBox())!;
    await page.mouse.move(head.x + head.width / 2, head.y + head.height / 2);
    await page.mouse.down();
    await page.mouse.move(head.x + head.width / 2 + 20, head.y + head.height / 2 + 10, { steps: 4 });
    await page.mouse.move(canvas.x + canvas.width - 70, head.y + head.height / 2 + 10, { steps: 12 });
    await page.mouse.up();
    await settled(page);
    expect(await view(), 'the view where it was').toBe(before);
    const moved = (await page.getByTestId('ns-mf-db').boundingBox())!;
    expect(moved.x, 'the box moved').toBeGreaterThan(head.x + 100);
    await page.getByRole('button', { name: 'Re-arrange' }).click();
    await fitView(page);
  });

  it('one pick in the side list brings the namespace on screen beside the details panel it opens', async () => {
    await pickFar(page, 'mf-h1', 'mf-db');
    await page.getByRole('button', { name: 'Close details' }).click();
  });
});

const N = 300;

/** N namespaces mfbI, each with a veth end eI (its peer mfhI in this namespace) and a bridge: a big picture. */
function buildWorld(): void {
  const lines: string[] = [];
  for (let i = 0; i < N; i++) lines.push(`netns add mfb${i}`);
  for (let i = 0; i < N; i++) lines.push(`link add mfh${i} type veth peer name e${i} netns mfb${i}`, `link add br${i} netns mfb${i} type bridge`, `link set mfh${i} up`);
  execFileSync('ip', ['-batch', '-'], { input: lines.join('\n') + '\n' });
}
function removeWorld(): void {
  const lines = Array.from({ length: N }, (_, i) => `netns del mfb${i}`);
  try {
    execFileSync('ip', ['-force', '-batch', '-'], { input: lines.join('\n') + '\n', stdio: ['pipe', 'ignore', 'ignore'] });
  } catch {
    // some were never made
  }
  sh('for i in $(seq 0 ' + (N - 1) + '); do ip link del mfh$i 2>/dev/null || true; done');
}

/** A colour as the computed style gives it (rgb(), rgba(), color(srgb …), #rrggbb) as [r, g, b, a], 0–255 and 0–1. */
function parseColour(s: string): [number, number, number, number] {
  const t = s.trim();
  let m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(t);
  if (m) return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16), 1];
  m = /^rgba?\(([\d.]+)[, ]+([\d.]+)[, ]+([\d.]+)(?:[,/ ]+([\d.]+))?\)$/.exec(t);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
  m = /^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)$/.exec(t);
  if (m) return [Number(m[1]) * 255, Number(m[2]) * 255, Number(m[3]) * 255, m[4] === undefined ? 1 : Number(m[4])];
  throw new Error(`cannot read the colour ${s}`);
}
/** WCAG's relative luminance and contrast ratio. */
const luminance = (c: readonly number[]) => {
  const lin = (v: number) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(c[0]!) + 0.7152 * lin(c[1]!) + 0.0722 * lin(c[2]!);
};
const contrast = (a: readonly number[], b: readonly number[]) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
};
/** `top` painted with its alpha (times an opacity) over an opaque `under`. */
const over = (top: readonly number[], under: readonly number[], opacity = 1) => {
  const a = top[3]! * opacity;
  return [0, 1, 2].map((i) => top[i]! * a + under[i]! * (1 - a));
};

describe.skipIf(reason !== null)(`the minimap beside content, the overview's lines, and the side list pick, at ${N} namespaces`, () => {
  let studio: Studio;
  let page: Page;
  beforeAll(async () => {
    removeWorld();
    buildWorld();
    studio = await openStudio({ timeout: 60_000 });
    page = studio.page;
    await page.getByTestId('canvas-status').filter({ hasText: new RegExp(`^${N + 1} namespaces`) }).waitFor({ timeout: 120_000 });
  }, 180_000);
  afterAll(async () => {
    await studio?.close();
    removeWorld();
  }, 120_000);

  it('with the minimap of the world on, Fit View puts no namespace box under it', async () => {
    await toggleMinimap(page);
    await page.getByTestId('world-minimap').waitFor();
    await fitView(page);
    await shot(page, 'big-minimap.png');
    const u = await underMinimap(page);
    expect(u.boxes).toBe(N + 1);
    expect(u.under).toEqual([]);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`draws the overview's lines to the hub at 3:1 contrast or more against the canvas and the boxes, ${theme}`, async () => {
      await page.emulateMedia({ colorScheme: theme });
      await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe(theme);
      await fitView(page);
      await shot(page, `big-${theme}.png`);
      const css = (await page.evaluate(`(() => {
        const line = document.querySelector('.ov-edge');
        const box = document.querySelector('.ov-ns.ov-up rect') ?? document.querySelector('.ov-ns rect');
        const s = getComputedStyle(line);
        return { stroke: s.stroke, opacity: Number(s.opacity), bg: getComputedStyle(document.querySelector('.react-flow')).backgroundColor, fill: getComputedStyle(box).fill };
      })()`)) as { stroke: string; opacity: number; bg: string; fill: string };
      const bg = parseColour(css.bg);
      const line = parseColour(css.stroke);
      const fill = over(parseColour(css.fill), bg);
      const onBg = contrast(over(line, bg, css.opacity), bg);
      const onBox = contrast(over(line, fill, css.opacity), fill);
      const seen = JSON.stringify({ theme, onBg: onBg.toFixed(2), onBox: onBox.toFixed(2), ...css });
      expect(onBg, seen).toBeGreaterThanOrEqual(3);
      expect(onBox, seen).toBeGreaterThanOrEqual(3);
    });
  }

  it('one pick in the side list brings a far namespace on screen beside the details panel it opens, on a slow machine', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await pickFar(page, 'mfb0', `mfb${N - 1}`);
  });
});

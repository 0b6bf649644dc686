// The picture read at a glance (issue 14), checked on the DOM of real Chromium at 1440×900 Fit
// View: an 8-namespace lab (host ─ router ─ switch with a bridge and four ports ─ three hosts;
// router ─ dmz ─ db): interface names at least 11 px high on screen, no box over another, no wire
// under a box it does not end at, the switch whole with the details panel open; a namespace with
// 300 interfaces drawn as a block, not a strip, and readable at Fit View.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { focusNamespace, ip, screenshot, skipReason } from './harness';
import { openLab, type Lab } from './lab';

const reason = skipReason();
if (reason) console.log(`layout e2e skipped: ${reason}`);

const sh = (script: string) => execFileSync('sh', ['-ec', script]);

interface Geometry {
  zoom: number;
  /** Smallest interface name on screen, px (its font size times the zoom). */
  minName: number;
  overlaps: string[];
  under: string[];
  unrouted: number;
  wires: number;
}

/**
 * Reads the picture from the DOM: boxes as the screen shows them, wires sampled every 2 px along
 * their SVG path (in screen coordinates). Plain JavaScript run in the page (this file is compiled
 * without the DOM's types).
 */
const GEOMETRY = `(() => {
  const rects = new Map();
  for (const n of document.querySelectorAll('.react-flow__node')) rects.set(n.dataset.id, n.getBoundingClientRect());
  // an interface if:NS:IDX and a summary sum:NS:KIND lie in their namespace ns:NS
  const groupOf = (id) => (id.startsWith('ns:') ? id : 'ns:' + id.split(':')[1]);
  const overlaps = [];
  const ids = [...rects.keys()];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) {
      const a = ids[i], b = ids[j];
      if (groupOf(a) === b || groupOf(b) === a) continue;
      const p = rects.get(a), q = rects.get(b);
      if (p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1) overlaps.push(a + ' / ' + b);
    }
  const under = new Set();
  let unrouted = 0;
  const paths = document.querySelectorAll('path[data-source]');
  for (const path of paths) {
    if (path.dataset.routed !== '1') unrouted++;
    const s = path.dataset.source, t = path.dataset.target;
    const ends = new Set([s, t, groupOf(s), groupOf(t)]);
    const m = path.getScreenCTM();
    const len = path.getTotalLength();
    for (let d = 0; d <= len; d += 2) {
      const p = path.getPointAtLength(d);
      const x = m.a * p.x + m.c * p.y + m.e;
      const y = m.b * p.x + m.d * p.y + m.f;
      for (const [id, r] of rects) {
        if (ends.has(id)) continue;
        if (x > r.left + 1 && x < r.right - 1 && y > r.top + 1 && y < r.bottom - 1) under.add(s + '~' + t + ' under ' + id);
      }
    }
  }
  let minName = Infinity;
  for (const n of document.querySelectorAll('.iface-name')) {
    const scale = n.getBoundingClientRect().height / n.offsetHeight;
    minName = Math.min(minName, parseFloat(getComputedStyle(n).fontSize) * scale);
  }
  const vp = document.querySelector('.react-flow__viewport');
  const zoom = new DOMMatrix(getComputedStyle(vp).transform).a;
  return { zoom, minName, overlaps, under: [...under], unrouted, wires: paths.length };
})()`;
const geometry = (page: Page): Promise<Geometry> => page.evaluate(GEOMETRY) as Promise<Geometry>;

const fitView = async (page: Page) => {
  await page.getByRole('button', { name: 'Fit View' }).click();
  await page.waitForTimeout(500);
};

describe.skipIf(reason !== null)('the picture at a glance, end to end', () => {
  let lab: Lab;
  let page: Page;

  beforeAll(async () => {
    lab = await openLab({ prefix: 'lay', uplink: 'uplink1', net: 20, slot: 1 });
    page = lab.page;
  });
  afterAll(async () => {
    await lab?.close();
    sh('ip netns del lay-crowd 2>/dev/null || true');
  });

  it('at Fit View: names at least 11 px high, no box over another, no wire under a box it does not end at', async () => {
    await fitView(page);
    const g = await geometry(page);
    expect(g.wires).toBe(11);
    expect(g.unrouted).toBe(0);
    expect(g.overlaps).toEqual([]);
    expect(g.under).toEqual([]);
    expect(g.minName).toBeGreaterThanOrEqual(11);
  });

  it('puts connected namespaces side by side: the router between the host and the switch, the hosts beside the switch', async () => {
    const x = async (name: string) => (await page.getByTestId(`ns-${name}`).boundingBox())!;
    const [host, router, sw, h1, db, dmz] = await Promise.all(['host', 'lay-router', 'lay-sw', 'lay-h1', 'lay-db', 'lay-dmz'].map(x));
    const between = (a: { x: number }, m: { x: number }, b: { x: number }) => (a.x < m.x && m.x < b.x) || (b.x < m.x && m.x < a.x);
    expect(between(host!, router!, sw!)).toBe(true);
    expect(between(router!, sw!, h1!)).toBe(true);
    expect(between(router!, dmz!, db!)).toBe(true);
  });

  it('keeps the switch whole on the canvas with the details panel open', async () => {
    await fitView(page);
    await page.getByTestId('iface-br0').click();
    await page.getByRole('region', { name: 'Interface br0' }).waitFor();
    await page.waitForTimeout(600);
    const canvas = (await page.locator('.react-flow').boundingBox())!;
    const sw = (await page.getByTestId('ns-lay-sw').boundingBox())!;
    expect(sw.x).toBeGreaterThanOrEqual(canvas.x);
    expect(sw.x + sw.width).toBeLessThanOrEqual(canvas.x + canvas.width);
    expect(sw.y).toBeGreaterThanOrEqual(canvas.y);
    expect(sw.y + sw.height).toBeLessThanOrEqual(canvas.y + canvas.height);
    await page.getByRole('button', { name: 'Close details' }).click();
  });

  it('draws a namespace with 300 interfaces as a block, not a strip, readable when brought into view', async () => {
    ip('netns', 'add', 'lay-crowd');
    // The host side of a container host: 300 veth ends (here 150 pairs, both ends inside).
    const batch = Array.from({ length: 150 }, (_, i) => `link add a${i} type veth peer name b${i}`).join('\n');
    execFileSync('ip', ['-n', 'lay-crowd', '-batch', '-'], { input: batch });
    await page.getByTestId('ns-lay-crowd').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('ns-lay-crowd').locator('.nsbox-count').textContent(), { timeout: 20_000 }).toBe('0/301');
    await page.getByRole('button', { name: 'Re-arrange' }).click();
    await page.waitForTimeout(1000);
    await focusNamespace(page, 'lay-crowd');
    await page.waitForTimeout(600);
    // Summarised: one box "300 veth", readable when the namespace is brought into view.
    const summary = page.getByTestId('summary-veth');
    await expect(summary.locator('.iface-name').textContent()).resolves.toBe('300 veth');
    let b = (await page.getByTestId('ns-lay-crowd').boundingBox())!;
    expect(b.width / b.height).toBeGreaterThan(0.5);
    expect(b.width / b.height).toBeLessThan(3);
    expect((await geometry(page)).minName).toBeGreaterThanOrEqual(11);
    // its header gives the name its room: whole, not cut to "lay…"
    const label = page.getByTestId('ns-lay-crowd').getByTestId('nsbox-label');
    expect(await label.textContent()).toBe('lay-crowd');
    expect(await label.evaluate((e) => { const el = e as unknown as { scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number }; return el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight; })).toBe(true);
    await page.getByRole('button', { name: 'Close details' }).click();
    await fitView(page);
    await screenshot(page, 'crowded-namespace.png');
    // A search for an interface folded into the summary finds it there: the summary is marked,
    // names it, and Enter brings it into view (it has no box of its own to go to).
    const search = page.getByRole('searchbox', { name: 'Search the topology' });
    await search.fill('b149');
    await page.getByText('1 found').waitFor();
    await search.press('Enter');
    await page.waitForTimeout(700);
    await expect(summary.getAttribute('class')).resolves.toContain('hit');
    await expect(summary.getByTestId('summary-found').textContent()).resolves.toBe('found inside: b149');
    const s = (await summary.boundingBox())!;
    const canvas = (await page.locator('.react-flow').boundingBox())!;
    expect(Math.abs(s.x + s.width / 2 - (canvas.x + canvas.width / 2))).toBeLessThan(canvas.width * 0.2);
    expect(Math.abs(s.y + s.height / 2 - (canvas.y + canvas.height / 2))).toBeLessThan(canvas.height * 0.2);
    await search.fill('');
    await expect.poll(() => summary.getAttribute('class')).not.toContain('hit');
    await fitView(page);
    // Every interface on request: a block, not a strip; brought into view, its interfaces drawn
    // without a box over another or a wire under one.
    await summary.getByRole('button', { name: 'show all 300' }).click();
    await expect.poll(() => page.getByTestId('summary-veth').count(), { timeout: 20_000 }).toBe(0);
    await page.waitForTimeout(600);
    await fitView(page);
    b = (await page.getByTestId('ns-lay-crowd').boundingBox())!;
    expect(b.width / b.height).toBeGreaterThan(0.5);
    expect(b.width / b.height).toBeLessThan(3);
    expect((await geometry(page)).overlaps).toEqual([]);
    await focusNamespace(page, 'lay-crowd');
    await page.waitForTimeout(600);
    await expect.poll(() => page.locator('.react-flow__node[data-id^="if:"]').count(), { timeout: 20_000 }).toBeGreaterThan(200);
    const g = await geometry(page);
    expect(g.overlaps).toEqual([]);
    expect(g.under).toEqual([]);
  });
});

// The side list of a big world draws only the rows in view (NamespaceList.tsx), yet every
// namespace stays reachable: by keyboard from the first row to the last, and by a pick on the
// canvas or a search, which scroll the namespace's row into view. 300 namespaces in the sandbox,
// the real core, Chromium at 1440×900.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { ip, openStudio, skipReason, type Studio } from './harness';

const reason = skipReason();
if (reason) console.log(`side list e2e skipped: ${reason}`);

const N = 300;
const names = Array.from({ length: N }, (_, i) => `sl-${String(i).padStart(3, '0')}`);

describe.skipIf(reason !== null)('side list of 301 namespaces, end to end', () => {
  let studio: Studio;
  let page: Page;
  let list: Locator;

  // Plain JavaScript run in the page (this file is compiled without the DOM's types).
  const scroller = `document.querySelector('ul[aria-label=Namespaces]').parentElement`;
  /** What the keyboard focus is on: its row's place in the list, its label, and which button. */
  const focused = () =>
    page.evaluate(`(() => {
      const e = document.activeElement;
      const li = e && e.closest('ul[aria-label=Namespaces] li');
      return li ? { pos: Number(li.getAttribute('aria-posinset')), label: li.querySelector('.ns-list-label').textContent, button: e.className } : null;
    })()`) as Promise<{ pos: number; label: string; button: string } | null>;
  /** Whether the row named `label` is drawn and wholly inside the side panel's view. */
  const rowInView = (label: string) =>
    page.evaluate(`(() => {
      const row = [...document.querySelectorAll('ul[aria-label=Namespaces] li')].find((li) => li.querySelector('.ns-list-label').textContent === ${JSON.stringify(label)});
      if (!row) return false;
      const v = ${scroller}.getBoundingClientRect();
      const r = row.getBoundingClientRect();
      return r.top >= v.top - 0.5 && r.bottom <= v.bottom + 0.5;
    })()`) as Promise<boolean>;
  const scrollListTop = () => page.evaluate(`${scroller}.scrollTop = 0`);
  const listScrollTop = () => page.evaluate(`${scroller}.scrollTop`) as Promise<number>;
  const rowsInDom = () => list.locator('li').count();

  beforeAll(async () => {
    execFileSync('ip', ['-batch', '-'], { input: names.map((n) => `netns add ${n}`).join('\n') + '\n' });
    studio = await openStudio();
    page = studio.page;
    list = page.getByRole('list', { name: 'Namespaces' });
    await page.getByRole('tab', { name: `Namespaces (${N + 1})` }).waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await studio?.close();
    execFileSync('ip', ['-batch', '-'], { input: names.map((n) => `netns del ${n}`).join('\n') + '\n' });
  });

  it('holds about a screenful of rows, each telling its place among all 301, in a list as tall as all of them', async () => {
    const rows = await rowsInDom();
    // the side panel shows ~28 rows of 28 px; 8 more above and below are drawn ahead
    expect(rows).toBeGreaterThanOrEqual(20);
    expect(rows).toBeLessThanOrEqual(50);
    const first = list.locator('li').first();
    expect(await first.getAttribute('aria-posinset')).toBe('1');
    expect(await first.getAttribute('aria-setsize')).toBe(String(N + 1));
    // rows of 28.1875 px (NamespaceList.tsx ROW_HEIGHT) and 4 px of padding above and below
    expect((await list.boundingBox())!.height).toBe((N + 1) * 28.1875 + 8);
  });

  let last = '';
  let middleSeen = '';
  it('reaches the last namespace from the first row by keyboard, and selects it', async () => {
    // Tab from the Namespaces tab lands on the first row (the list's one Tab stop)
    await page.getByRole('tab', { name: /^Namespaces/ }).focus();
    for (let k = 0; k < 3 && (await focused()) === null; k++) await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ pos: 1, button: 'ns-list-item' });
    await page.keyboard.press('ArrowDown');
    expect((await focused())!.pos).toBe(2);
    // page by page down to the end, the focused row always on screen, the DOM always small
    let before = 0;
    for (let k = 0; k < 100; k++) {
      await page.keyboard.press('PageDown');
      const f = (await focused())!;
      expect(await rowInView(f.label)).toBe(true);
      expect(await rowsInDom()).toBeLessThanOrEqual(51);
      if (f.pos > 140 && !middleSeen) middleSeen = f.label;
      if (f.pos === before) break;
      before = f.pos;
    }
    const end = (await focused())!;
    expect(end.pos).toBe(N + 1);
    last = end.label;
    expect(names).toContain(last);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('complementary', { name: 'Details' }).getByRole('heading', { level: 2 }).textContent()).resolves.toBe(last);
    expect(await list.locator('li.selected .ns-list-label').textContent()).toBe(last);
    // up one, Home back to the first, End to the last again
    await page.keyboard.press('ArrowUp');
    expect((await focused())!.pos).toBe(N);
    await page.keyboard.press('Home');
    expect((await focused())!.pos).toBe(1);
    expect(await listScrollTop()).toBe(0);
    await page.keyboard.press('End');
    expect(await focused()).toMatchObject({ pos: N + 1, label: last });
  });

  it('folds a namespace from its row by keyboard (Tab to the fold button, Enter)', async () => {
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ pos: N + 1, button: 'icon-button' });
    const fold = list.getByRole('button', { name: `Collapse ${last}` });
    await page.keyboard.press('Enter');
    await list.getByRole('button', { name: `Expand ${last}` }).waitFor();
    expect(await fold.count()).toBe(0);
    await page.keyboard.press('Enter');
    await fold.waitFor();
    // arrows move from the fold button too, keeping to the fold buttons
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toMatchObject({ pos: N, button: 'icon-button' });
  });

  it('scrolls the row of a namespace found by search into view', async () => {
    await scrollListTop();
    expect(await rowInView(last)).toBe(false);
    const search = page.getByRole('searchbox', { name: 'Search the topology' });
    await search.fill(last);
    await search.press('Enter');
    await expect.poll(() => rowInView(last)).toBe(true);
    await search.fill('');
  });

  it('scrolls the row of a namespace picked on the canvas into view and marks it selected', async () => {
    // the search brings the namespace to the canvas; the list is then scrolled away from it
    // (one the keyboard passed half way down, or one of the middle when this test runs alone)
    const middle = middleSeen || names[N / 2]!;
    const search = page.getByRole('searchbox', { name: 'Search the topology' });
    await search.fill(middle);
    await search.press('Enter');
    await search.fill('');
    await scrollListTop();
    expect(await rowInView(middle)).toBe(false);
    const box = page.getByTestId(`ns-${middle}`);
    await box.waitFor();
    await box.locator('.nsbox-label').click();
    await expect.poll(() => rowInView(middle)).toBe(true);
    expect(await list.locator('li.selected .ns-list-label').textContent()).toBe(middle);
    await expect(page.getByRole('complementary', { name: 'Details' }).getByRole('heading', { level: 2 }).textContent()).resolves.toBe(middle);
    expect(ip('netns', 'list')).toContain(middle);
  });
});

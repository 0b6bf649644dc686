// A diagram an administrator can read: details panels (bridge ports, veth peer, route fields and
// tables), the panels sharing the window (details beside the canvas, activity collapsed while
// empty, the minimap a remembered toggle), lo folded into its namespace's header, addresses never
// cut silently, the legend. On the realistic lab of lab.ts (a router, a switch namespace with a
// bridge and three hosts, a dmz and a database); `npm run screenshots` takes the README's pictures of it.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { cutPlaceholders, focusNamespace, ipJson, screenshot, skipReason } from './harness';
import { openLab, type Lab } from './lab';

const reason = skipReason();
if (reason) console.log(`details e2e skipped: ${reason}`);

const nsId = (name: string) => execFileSync('stat', ['-L', '-c', '%i', `/run/netns/${name}`]).toString().trim();
const ifindexOf = (ns: string, dev: string) => ipJson<{ ifindex: number }[]>('-n', ns, 'link', 'show', 'dev', dev)[0]!.ifindex;
/** The canvas node of one interface (names repeat across namespaces: eth0 in every host). */
const nodeOf = (page: Page, ns: string, dev: string): Locator => page.locator(`.react-flow__node[data-id="if:${nsId(ns)}:${ifindexOf(ns, dev)}"]`);
const box = async (l: Locator) => (await l.boundingBox())!;

describe.skipIf(reason !== null)('details, panels and legend, end to end', () => {
  let lab: Lab;
  let page: Page;

  beforeAll(async () => {
    lab = await openLab({ prefix: 'lab', uplink: 'uplink0', net: 10, slot: 0 });
    page = lab.page;
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('keeps the activity log collapsed while empty, the minimap off on a 1440x900 window, and lo out of the boxes', async () => {
    const bottom = page.locator('.app > .bottom');
    expect(await bottom.getAttribute('class')).toContain('closed');
    expect((await box(bottom)).height).toBeLessThan(60);
    expect(await page.locator('.bottom-content').first().isVisible()).toBe(false);
    expect(await page.locator('.react-flow__minimap').isVisible()).toBe(false);
    // Off is not mounted at all: a hidden minimap still cost every change a selector per node.
    expect(await page.locator('.react-flow__minimap').count()).toBe(0);
    // lo: no box, a chip in each namespace's header.
    expect(await page.getByTestId('iface-lo').count()).toBe(0);
    const chip = page.getByTestId('lo-chip-lab-h1');
    await chip.waitFor();
    const head = await box(page.getByTestId('ns-lab-h1').locator('.nsbox-head'));
    const c = await box(chip);
    expect(c.y).toBeGreaterThanOrEqual(head.y - 1);
    expect(c.y + c.height).toBeLessThanOrEqual(head.y + head.height + 1);
    // Still selectable: the chip opens lo's details.
    await chip.click();
    await page.getByRole('region', { name: 'Interface lo' }).waitFor();
    await page.getByRole('button', { name: 'Close details' }).click();
  });

  it('shows a legend that names the dots, the boxes and the two states', async () => {
    const legend = page.getByRole('note', { name: 'Legend' });
    await expect(legend.textContent()).resolves.toMatch(/up.*no carrier.*set down.*veth pair.*bridge port.*admin state: what you set.*link state: what the link does/);
    // The legend is above the canvas, not on it.
    const l = await box(legend);
    const flow = await box(page.locator('.react-flow'));
    expect(flow.y).toBeGreaterThanOrEqual(l.y + l.height - 1);
  });

  it('lists a bridge\'s ports in its details, each selecting that interface', async () => {
    await focusNamespace(page, 'lab-sw');
    await page.getByTestId('iface-br0').click();
    const details = page.getByRole('region', { name: 'Interface br0' });
    const ports = details.getByTestId('bridge-ports');
    await expect(ports.getByRole('button').allTextContents()).resolves.toEqual(['p0', 'p1', 'p2', 'p3']);
    await ports.getByRole('button', { name: 'p2' }).click();
    const p2 = page.getByRole('region', { name: 'Interface p2' });
    await p2.waitFor();
    // and p2 names its bridge and its peer
    await expect(p2.getByTestId('port-of').textContent()).resolves.toContain('br0');
    await expect(p2.getByTestId('veth-peer').textContent()).resolves.toContain('eth0@lab-h2');
  });

  it('names a veth\'s peer as name@namespace; clicking it selects the peer and brings it into view', async () => {
    await focusNamespace(page, 'lab-router');
    await page.getByTestId('iface-wan0').click();
    await page.getByRole('region', { name: 'Interface wan0' }).getByTestId('veth-peer').getByRole('button').waitFor();
    await focusNamespace(page, 'lab-h3');
    await nodeOf(page, 'lab-h3', 'eth0').click();
    const peer = page.getByRole('region', { name: 'Interface eth0' }).getByTestId('veth-peer').getByRole('button');
    await expect(peer.textContent()).resolves.toBe('p3@lab-sw');
    await peer.click();
    const p3 = page.getByRole('region', { name: 'Interface p3' });
    await p3.waitFor();
    await expect(p3.locator('p.muted').first().textContent()).resolves.toContain('in lab-sw');
    await page.waitForTimeout(700); // the canvas's 400 ms move to the node
    const node = await box(nodeOf(page, 'lab-sw', 'p3'));
    const canvas = await box(page.locator('.react-flow'));
    const cx = node.x + node.width / 2;
    const cy = node.y + node.height / 2;
    expect(Math.abs(cx - (canvas.x + canvas.width / 2))).toBeLessThan(canvas.width * 0.2);
    expect(Math.abs(cy - (canvas.y + canvas.height / 2))).toBeLessThan(canvas.height * 0.2);
  });

  it('explains an interface set up whose link is down: admin state Up, link state no carrier', async () => {
    // p3 is down on the switch, so h3's eth0 is up without a carrier.
    const details = page.getByRole('region', { name: 'Interface p3' });
    await expect(details.getByRole('switch', { name: 'Admin state of p3' }).textContent()).resolves.toBe('Down');
    await details.getByTestId('veth-peer').getByRole('button').click();
    const eth0 = page.getByRole('region', { name: 'Interface eth0' });
    await expect(eth0.getByRole('switch', { name: 'Admin state of eth0' }).textContent()).resolves.toBe('Up');
    await expect(eth0.getByTestId('link-state').textContent()).resolves.toMatch(/Link state.*no carrier/);
    await expect(eth0.textContent()).resolves.toContain('its peer is down');
  });

  it('shows route protocol, scope, source, table and metric, other tables on request, and Delete buttons inside the panel', async () => {
    await page.getByRole('list', { name: 'Namespaces' }).getByRole('button', { name: /^lab-router\b/ }).click();
    const details = page.getByRole('region', { name: 'Namespace lab-router' });
    const routes = details.getByRole('list', { name: 'Routes' });
    await routes.waitFor();
    const text = (await routes.textContent()) ?? '';
    expect(text).toContain('default via 192.0.2.1 dev wan0');
    expect(text).toMatch(/proto boot · scope global · metric 100Delete/);
    expect(text).toMatch(/10\.10\.0\.0\/24 dev lan0proto kernel · scope link · src 10\.10\.0\.1Delete/);
    expect(text).not.toContain('198.51.100.0/24');
    const pane = await box(page.getByRole('complementary', { name: 'Details' }));
    for (const b of await details.getByRole('button', { name: /^Delete route/ }).all()) {
      await b.scrollIntoViewIfNeeded();
      const r = await box(b);
      expect(r.x + r.width).toBeLessThanOrEqual(pane.x + pane.width);
    }
    expect(await page.locator('.details-scroll').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    // The new route's fields say what they take, whole.
    await expect(cutPlaceholders(page, '.details-pane form')).resolves.toEqual([]);
    await details.getByRole('combobox', { name: 'Routing table' }).selectOption('all');
    await expect.poll(() => routes.textContent()).toContain('198.51.100.0/24 dev lan0');
    expect(await routes.textContent()).toMatch(/198\.51\.100\.0\/24 dev lan0proto static · scope link · table 100/);
    expect(await routes.textContent()).toMatch(/table main.*table local|table local.*table main/);
  });

  it('puts details beside the canvas, which narrows; the panel\'s width follows its edge', async () => {
    const canvas = page.locator('main.canvas');
    const open = await box(canvas);
    const pane = await box(page.getByRole('complementary', { name: 'Details' }));
    expect(pane.x).toBeGreaterThanOrEqual(open.x + open.width - 1);
    const handle = page.getByRole('separator', { name: 'Width of the details panel' });
    const h = await box(handle);
    await page.mouse.move(h.x + h.width / 2, h.y + 200);
    await page.mouse.down();
    await page.mouse.move(h.x - 120, h.y + 200, { steps: 5 });
    await page.mouse.up();
    const wider = await box(page.getByRole('complementary', { name: 'Details' }));
    expect(wider.width).toBeGreaterThan(pane.width + 100);
    const narrowed = await box(canvas);
    expect(narrowed.width).toBeLessThan(open.width - 100);
    expect(wider.x).toBeGreaterThanOrEqual(narrowed.x + narrowed.width - 1);
    await page.getByRole('button', { name: 'Close details' }).click();
    expect((await box(canvas)).width).toBeGreaterThan(narrowed.width + wider.width - 2);
  });

  it('cuts no address silently: each fits, or ends in an ellipsis with its full text as a title; "+N more" is whole', async () => {
    await page.getByRole('button', { name: 'Fit View' }).click();
    await page.waitForTimeout(300);
    await focusNamespace(page, 'lab-router');
    await page.getByRole('button', { name: 'Close details' }).click().catch(() => undefined);
    const lan0 = page.getByTestId('iface-lan0');
    await expect(lan0.locator('.iface-more').textContent()).resolves.toBe('+3 more');
    // The DOM's shapes, named here (the Node side's types have no DOM).
    type Rect = { bottom: number; right: number };
    type El = { textContent: string | null; title: string; scrollWidth: number; clientWidth: number; getBoundingClientRect(): Rect; getAttribute(n: string): string | null; querySelector(s: string): unknown; querySelectorAll(s: string): Iterable<El> };
    const problems = await page.locator('.iface').evaluateAll((nodes) => {
      const out: string[] = [];
      for (const b of nodes as unknown as El[]) {
        const outer = b.getBoundingClientRect();
        for (const e of b.querySelectorAll('.iface-addr, .iface-more, .iface-addrs .muted')) {
          const r = e.getBoundingClientRect();
          if (r.bottom > outer.bottom + 0.5 || r.right > outer.right + 0.5) out.push(`${e.textContent} outside its box`);
          if (e.scrollWidth > e.clientWidth && e.title !== e.textContent) out.push(`${e.textContent} cut without a title`);
        }
        const all = b.getAttribute('title') ?? '';
        if (!all.includes('\n') && b.querySelector('.iface-addr')) out.push(`${b.textContent}: no address list in its title`);
      }
      return out;
    });
    expect(problems).toEqual([]);
    expect(await lan0.getAttribute('title')).toContain('2001:db8:aaaa:bbbb:cccc:dddd:eeee:1/64');
  });

  it('cuts no address silently in a namespace\'s list of interfaces either: up to two, else the first and "+N more" with the rest in its title', async () => {
    await focusNamespace(page, 'lab-router');
    const list = page.getByRole('complementary', { name: 'Details' }).locator('.if-list');
    const row = list.getByRole('button', { name: /\blan0\b/ });
    const kernel = ipJson<{ addr_info: { local: string; prefixlen: number }[] }[]>('-n', 'lab-router', 'address', 'show', 'dev', 'lan0')[0]!.addr_info.map((a) => `${a.local}/${a.prefixlen}`);
    expect(kernel.length).toBe(4);
    const lines = row.locator('.if-list-addr');
    const [first, more] = await lines.allTextContents();
    expect(more).toBe('+3 more');
    // the first shown, and the other three in the title: the kernel's four
    const rest = (await lines.nth(1).getAttribute('title'))!.split('\n');
    expect([first!, ...rest].sort()).toEqual([...kernel].sort());
    // wan0 has two: both shown; and none is cut without its full text as a title
    await expect(list.getByRole('button', { name: /\bwan0\b/ }).locator('.if-list-addr').count()).resolves.toBe(2);
    type El = { textContent: string | null; title: string; scrollWidth: number; clientWidth: number };
    const cut = await list.locator('.if-list-addr').evaluateAll((els) => (els as unknown as El[]).filter((e) => e.scrollWidth > e.clientWidth && e.title !== e.textContent && !e.textContent?.startsWith('+')).map((e) => e.textContent));
    expect(cut).toEqual([]);
  });

  it('toggles the minimap from the toolbar and remembers it', async () => {
    const mini = page.locator('.react-flow__minimap');
    await page.getByRole('button', { name: 'View ▾' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Minimap' }).click();
    await mini.waitFor({ state: 'visible' });
    await page.reload();
    await page.getByTestId('iface-br0').waitFor({ timeout: 20_000 });
    expect(await mini.isVisible()).toBe(true);
    await page.getByRole('button', { name: 'View ▾' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Minimap' }).click();
    await mini.waitFor({ state: 'hidden' });
    expect(await mini.count()).toBe(0);
  });

  it('draws lo as a box on request', async () => {
    await page.getByRole('button', { name: 'View ▾' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'lo as a box' }).click();
    await expect.poll(() => page.getByTestId('iface-lo').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'View ▾' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'lo as a box' }).click();
    await expect.poll(() => page.getByTestId('iface-lo').count()).toBe(0);
  });

  it('shows the lab in light and dark (README screenshots with npm run screenshots)', async () => {
    await page.getByRole('button', { name: 'Re-arrange' }).click();
    await page.waitForTimeout(800);
    await page.getByRole('button', { name: 'Fit View' }).click();
    await page.waitForTimeout(400);
    for (const theme of ['light', 'dark'] as const) {
      if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByRole('button', { name: /^Theme:/ }).click();
      await page.waitForTimeout(200);
      await screenshot(page, `lab-${theme}.png`);
      await page.getByTestId('iface-br0').click();
      await page.waitForTimeout(600);
      await screenshot(page, `lab-bridge-${theme}.png`);
      await page.getByRole('list', { name: 'Namespaces' }).getByRole('button', { name: /^lab-router\b/ }).click();
      await page.waitForTimeout(600);
      await screenshot(page, `lab-routes-${theme}.png`);
      await page.getByRole('button', { name: 'Close details' }).click();
      await page.getByRole('button', { name: 'Fit View' }).click();
      await page.waitForTimeout(400);
    }
  });
});

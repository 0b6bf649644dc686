// The renderer through the whole stack: Debian's Chromium on the browser host, the real core
// helper, the kernel (inside the sandbox). Each test acts through the UI and checks with `ip`.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { focusNamespace, ip, ipJson, openStudio, screenshot, skipReason, type Studio, until } from './harness';

const reason = skipReason();
if (reason) console.log(`renderer e2e skipped: ${reason}`);

describe.skipIf(reason !== null)('renderer, end to end', () => {
  let studio: Studio;
  let page: Page;

  beforeAll(async () => {
    for (const n of ['ui-red', 'ui-blue', 'ui-green']) execFileSync('ip', ['netns', 'add', n]);
    studio = await openStudio({ timeout: 8000 });
    page = studio.page;
    await page.getByTestId('ns-ui-red').waitFor({ timeout: 20_000 });
  });
  afterAll(async () => {
    await studio?.close();
    for (const n of ip('netns', 'list').split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith('ui-'))) execFileSync('ip', ['netns', 'del', n]);
  });

  /**
   * Waits until an interface is drawn. A timeout says whether the page's model holds it at all (an
   * event missed) or only the canvas lacks it, and where the view was (seen once in a clean-clone
   * run: out0 not drawn within 5 s, not reproduced since).
   */
  const drawn = async (name: string) => {
    try {
      await page.getByTestId(`iface-${name}`).waitFor({ timeout: 5000 });
    } catch (e) {
      const where = await page.evaluate((n) => {
        type M = { namespaces: { id: string; names: string[]; links: { name: string }[] }[] };
        const ns = (globalThis as unknown as { __netnsModel: () => M }).__netnsModel().namespaces.find((x) => x.links.some((l) => l.name === n));
        return ns ? `in the page's model, in ${ns.names.join(',') || ns.id}` : "not in the page's model";
      }, name);
      const view = await page.locator('.react-flow__viewport').getAttribute('style');
      throw new Error(`${name} not drawn within 5 s: ${where}; view ${view}; ${(e as Error).message.split('\n')[0]}`);
    }
  };

  it('follows a change made with ip: a new namespace and a veth pair appear', async () => {
    ip('netns', 'add', 'ui-outside');
    const listed = page.getByRole('list', { name: 'Namespaces' }).getByRole('button', { name: /^ui-outside\b/ });
    await listed.waitFor({ timeout: 5000 });
    ip('-n', 'ui-outside', 'link', 'add', 'out0', 'type', 'veth', 'peer', 'name', 'out1', 'netns', 'ui-red');
    await focusNamespace(page, 'ui-outside');
    await drawn('out0');
    await drawn('out1');
    ip('netns', 'del', 'ui-outside');
    await listed.waitFor({ state: 'detached', timeout: 5000 });
    await page.getByTestId('ns-ui-outside').waitFor({ state: 'detached', timeout: 5000 });
  });

  it('creates a namespace and a veth pair through the UI that ip then finds', async () => {
    await page.getByRole('button', { name: 'New ▾' }).click();
    await page.getByRole('menuitem', { name: 'Namespace…' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('ui-made');
    await page.getByRole('button', { name: 'Create' }).click();
    await until(() => /^ui-made\b/m.test(ip('netns', 'list')), 'ui-made in ip netns list');
    await focusNamespace(page, 'ui-made');
    await page.getByTestId('ns-ui-made').waitFor();

    await page.getByRole('button', { name: 'New ▾' }).click();
    await page.getByRole('menuitem', { name: 'Veth pair…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('select').nth(0).selectOption({ label: 'ui-made' });
    await dialog.locator('input[name=name]').fill('mk0');
    await dialog.locator('input[name=address]').fill('10.9.0.1/24');
    await dialog.locator('select').nth(1).selectOption({ label: 'ui-blue' });
    await dialog.locator('input[name=peerName]').fill('mk1');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' }).catch(async (e) => {
      await page.screenshot({ path: '/tmp/veth-dialog.png' });
      throw e;
    });
    const a = ipJson<{ ifname: string; addr_info: { local: string }[] }[]>('-n', 'ui-made', 'address', 'show', 'dev', 'mk0');
    expect(a[0]!.addr_info.map((x) => x.local)).toContain('10.9.0.1');
    expect(ip('-n', 'ui-blue', 'link', 'show', 'mk1')).toMatch(/mk1@/);
    await focusNamespace(page, 'ui-made');
    await page.getByTestId('iface-mk0').getByText('10.9.0.1/24').waitFor();
    await expect(page.getByTestId('activity-item').first().locator('code').textContent()).resolves.toContain('ip -n ui-made address add 10.9.0.1/24 dev mk0');
  });

  it('shows a duplicate name as an error in words and changes nothing', async () => {
    const before = ip('netns', 'list');
    await page.getByRole('button', { name: 'New ▾' }).click();
    await page.getByRole('menuitem', { name: 'Namespace…' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('ui-red');
    await page.getByRole('button', { name: 'Create' }).click();
    const alert = page.getByRole('dialog').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/ui-red.*(exists|already)/i);
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(ip('netns', 'list')).toBe(before);
  });

  it('toggles an interface up and back down from its details', async () => {
    const isUp = () => ipJson<{ flags: string[] }[]>('-n', 'ui-made', 'link', 'show', 'dev', 'mk0')[0]!.flags.includes('UP');
    expect(isUp()).toBe(false); // a new veth starts down
    await focusNamespace(page, 'ui-made');
    await page.getByTestId('iface-mk0').click();
    await page.getByRole('switch', { checked: false }).click();
    await until(isUp, 'mk0 up');
    // the switch follows the kernel's event, then takes it down again
    await page.getByRole('switch', { checked: true }).click();
    await until(() => !isUp(), 'mk0 down');
    await page.getByRole('switch', { checked: false }).waitFor();
  });

  it('moves an interface by dragging it onto another namespace', async () => {
    ip('-n', 'ui-green', 'link', 'add', 'drag0', 'type', 'veth', 'peer', 'name', 'drag1');
    await page.getByRole('button', { name: 'Re-arrange' }).click();
    await page.waitForTimeout(800);
    await page.getByRole('button', { name: 'Fit View' }).click();
    await page.waitForTimeout(400);
    await page.getByTestId('iface-drag0').waitFor();
    const from = (await page.getByTestId('iface-drag0').boundingBox())!;
    const to = (await page.getByTestId('ns-ui-red').locator('.nsbox-head').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + 10);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 20, from.y + 20, { steps: 4 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height + 20, { steps: 12 });
    await page.mouse.up();
    await until(() => ip('-n', 'ui-red', 'link', 'show').includes('drag0'), 'drag0 in ui-red');
    expect(ip('-n', 'ui-green', 'link', 'show')).not.toContain('drag0');
  });

  it('opens a terminal in a namespace and runs ip link there', async () => {
    await page.getByRole('tab', { name: /Namespaces/ }).click();
    await focusNamespace(page, 'ui-blue');
    await page.getByRole('button', { name: 'Open terminal here' }).click();
    const term = page.getByTestId('terminal');
    await term.waitFor();
    await page.getByText(/: running$/).waitFor({ timeout: 10_000 });
    await page.keyboard.type('ip -o link show\n');
    // the shell's own answer: mk1 lives in ui-blue, its peer (@ifN) in ui-made
    await term.locator('.xterm-rows').filter({ hasText: /\d+: mk1@if\d+:/ }).waitFor({ timeout: 10_000 });
  });

  it('deletes a veth after a confirmation that names its peer, and the peer goes too', async () => {
    ip('-n', 'ui-made', 'link', 'add', 'del0', 'type', 'veth', 'peer', 'name', 'del1', 'netns', 'ui-green');
    await focusNamespace(page, 'ui-made');
    await page.getByRole('button', { name: /^up|^down/ }).filter({ hasText: 'del0' }).click();
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Its peer del1 in ui-green is deleted with it.').waitFor();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await until(() => !ip('-n', 'ui-green', 'link', 'show').includes('del1'), 'del1 gone');
    expect(ip('-n', 'ui-made', 'link', 'show')).not.toContain('del0');
    await page.getByTestId('iface-del0').waitFor({ state: 'detached' });
  });

  it('shows only the namespaces, joined once per pair, when zoomed far out; the interfaces again close up', async () => {
    ip('-n', 'ui-red', 'link', 'add', 'zr0', 'type', 'veth', 'peer', 'name', 'zb0', 'netns', 'ui-blue');
    ip('-n', 'ui-red', 'link', 'add', 'zr1', 'type', 'veth', 'peer', 'name', 'zb1', 'netns', 'ui-blue');
    // Only what is in view is drawn: look at ui-blue, where zb1 arrives.
    await focusNamespace(page, 'ui-blue');
    await page.getByTestId('iface-zb1').waitFor({ state: 'attached' });
    const scale = async () => Number(/scale\(([\d.]+)\)/.exec((await page.locator('.react-flow__viewport').getAttribute('style')) ?? '')?.[1] ?? 1);
    for (let i = 0; i < 30 && (await scale()) >= 0.2; i++) await page.getByRole('button', { name: 'Zoom Out' }).click();
    await page.locator('.react-flow.overview').waitFor();
    expect(await page.locator('.react-flow__node-iface').count()).toBe(0);
    await page.getByTestId('ns-ui-red').waitFor();
    // Two veths between ui-red and ui-blue: one line between the two boxes (OverviewLayer.tsx).
    const [red, blue] = ['ui-red', 'ui-blue'].map((n) => `ns:${execFileSync('stat', ['-L', '-c', '%i', `/run/netns/${n}`], { encoding: 'utf8' }).trim()}`);
    const key = red! < blue! ? `${red}~${blue}` : `${blue}~${red}`;
    await page.getByTestId(`ov-edge-${key}`).waitFor({ state: 'attached' });
    expect(await page.locator(`[data-testid^="ov-edge-"][data-testid*="${red}"][data-testid*="${blue}"]`).count()).toBe(1);
    // the lines are drawn above the boxes (after them in the SVG): a line crossing a box on its
    // way to a hub is seen, not hidden under it (issue 14)
    const order = await page.getByTestId('overview').evaluate((svg) => [...svg.children].map((c) => c.getAttribute('data-testid') ?? ''));
    expect(order.indexOf('overview-edges')).toBeGreaterThan(order.indexOf('ns-ui-red'));
    expect(order.indexOf('overview-edges')).toBeGreaterThan(order.indexOf('ns-ui-blue'));
    // a namespace box of the overview selects its namespace
    await page.getByTestId('ns-ui-red').click();
    await page.getByRole('heading', { name: 'ui-red', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Fit View' }).click();
    await page.getByTestId('iface-zb1').waitFor({ state: 'attached' });
    expect(await page.locator('.react-flow.overview').count()).toBe(0);
    ip('-n', 'ui-red', 'link', 'del', 'zr0');
    ip('-n', 'ui-red', 'link', 'del', 'zr1');
  });

  it('shows the main views in light and dark (the README screenshots, with npm run screenshots)', async () => {
    await page.getByRole('button', { name: 'Close details' }).click().catch(() => undefined);
    await page.getByRole('button', { name: 'Re-arrange' }).click();
    await page.waitForTimeout(800);
    await page.getByRole('button', { name: 'Fit View' }).click().catch(() => undefined);
    await page.waitForTimeout(400);
    for (const theme of ['light', 'dark'] as const) {
      const current = await page.locator('html').getAttribute('data-theme');
      if (current !== theme) await page.getByRole('button', { name: /^Theme:/ }).click();
      await page.waitForTimeout(200);
      await screenshot(page, `topology-${theme}.png`);
      await page.getByTestId('iface-mk0').click();
      await screenshot(page, `interface-details-${theme}.png`);
      await page.getByRole('button', { name: 'Close details' }).click();
      await page.getByRole('tab', { name: /VPN/ }).click();
      await screenshot(page, `vpn-${theme}.png`);
      await page.getByRole('tab', { name: /Namespaces/ }).click();
    }
  });
});

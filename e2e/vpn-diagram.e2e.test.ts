// VPN connections on the diagram, through the whole stack: Chromium → browser host → its
// NetworkManager client → the NM fixture (a real NetworkManager in its own namespace, OpenVPN
// servers in another). A VPN is a gateway node joined to its tunnel interface; it appears when
// connecting, says activating then activated, fails with the reason, and goes when disconnected
// from its own menu; the profiles that are off are listed in a group on the canvas.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { callInPage, exported, ip, openStudio, screenshot, skipReason, type Studio } from './harness';
import { nmSkipReason, startNmFixture, type NmFixture } from '../electron/nm/test/fixture';
import { buildLab, removeLab } from './lab';

const reason = skipReason() ?? nmSkipReason();
if (reason) console.log(`VPN diagram e2e skipped: ${reason}`);

const LAB = { prefix: 'lab', uplink: 'uplink0', net: 10, slot: 0 };

interface Made {
  uuid: string;
}

describe.skipIf(reason !== null)('VPN connections on the diagram, end to end', () => {
  let fx: NmFixture;
  let studio: Studio;
  let page: Page;
  const uuids: Record<string, string> = {};

  const gateway = (name: string) => page.getByTestId(`vpn-gateway-${name}`);
  const group = () => page.getByTestId('vpn-profiles');
  const fit = async () => {
    await page.getByRole('button', { name: 'Fit View' }).click();
    await page.waitForTimeout(300);
  };
  /** Fits the view with room around it, the activity panel hidden (its opening on a connect shrinks
   * the canvas), so a gateway placed right of everything stays on screen under a dialog. */
  const hideActivity = async () => {
    // hidden by choice, so the next command's entry does not open it
    const show = page.getByRole('button', { name: 'Show the bottom panel' });
    if (await show.count()) await show.click();
    await page.getByRole('button', { name: 'Hide the bottom panel' }).click();
  };
  const roomy = async () => {
    await hideActivity();
    await fit();
    for (const _ of [1, 2]) await page.getByRole('button', { name: 'Zoom Out' }).click();
    await page.waitForTimeout(300);
  };
  /** Opens a profile's menu (on its gateway or its row in the group) and picks an entry. */
  const pick = async (holder: Locator, name: string, item: string) => {
    // A layout still running may move the node (and close its menu) under the click: try again.
    const entry = page.getByRole('menuitem', { name: item, exact: true });
    for (let attempt = 1; ; attempt++) {
      await holder.getByRole('button', { name: `${name}: actions` }).click();
      const shown = await entry.waitFor({ timeout: 2000 }).then(() => true, () => false);
      if (shown) return entry.click();
      if (attempt === 5) throw new Error(`the menu of ${name} showed no "${item}"`);
      await page.keyboard.press('Escape');
      await fit();
    }
  };
  /** The gateway's phase, read as the node says it (it carries it as data-phase too). */
  const phaseOf = async (name: string) => (await gateway(name).count()) ? gateway(name).getAttribute('data-phase') : null;
  /**
   * Waits for the gateway's phase, fitting the view as it goes (a gateway moves when its tunnel
   * appears, and React Flow draws only what is on screen), unless a dialog covers the canvas.
   */
  const waitPhase = async (name: string, phase: string, ms = 40_000, fitting = true) => {
    await expect.poll(async () => {
      if (fitting) await fit();
      return phaseOf(name);
    }, { timeout: ms, interval: 100 }).toBe(phase);
  };
  /** Waits until the gateway says this, fitting the view as it goes. */
  const waitSays = async (name: string, text: string | RegExp, ms = 20_000) => {
    await expect.poll(async () => {
      await fit();
      return (await gateway(name).count()) ? gateway(name).getByTestId('vpn-gateway-state').textContent() : null;
    }, { timeout: ms, interval: 100 }).toMatch(text);
  };
  /** The namespace id the page knows NetworkManager's namespace by. */
  const nsIdOf = (name: string) =>
    page.evaluate((n) => {
      const model = (globalThis as unknown as { __netnsModel: () => { namespaces: { id: string; names: string[] }[] } }).__netnsModel();
      return model.namespaces.find((ns) => ns.names.includes(n))?.id ?? null;
    }, name);

  beforeAll(async () => {
    fx = startNmFixture();
    // a small lab beside NetworkManager's namespace, so the picture has something to place around
    ip('netns', 'add', 'web');
    ip('link', 'add', 'web0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', 'web');
    ip('addr', 'add', '192.168.50.1/24', 'dev', 'web0');
    ip('link', 'set', 'web0', 'up');
    ip('-n', 'web', 'addr', 'add', '192.168.50.10/24', 'dev', 'eth0');
    ip('-n', 'web', 'link', 'set', 'eth0', 'up');
    studio = await openStudio({ vpn: true, env: { DBUS_SYSTEM_BUS_ADDRESS: fx.busAddress } });
    page = studio.page;
    const e = fx.env;
    const tls = { remote: e.NMSB_VPN_REMOTE!, port: Number(e.NMSB_VPN_PORT), protocol: 'udp', connectionType: 'tls', ca: e.NMSB_VPN_CA!, cert: e.NMSB_VPN_CERT!, key: e.NMSB_VPN_KEY! };
    const password = { remote: e.NMSB_VPN_REMOTE!, port: Number(e.NMSB_VPN_PW_PORT), protocol: 'udp', connectionType: 'password', ca: e.NMSB_VPN_CA!, username: e.NMSB_VPN_PW_USER!, passwordFlag: 'ask' };
    for (const [name, fields] of [['office', tls], ['pw ask', password], ['spare', tls]] as const) {
      const r = await callInPage(page, 'vpn.create', { name, ...fields });
      expect(r.ok, JSON.stringify(r.error)).toBe(true);
      uuids[name] = (r.value as Made).uuid;
    }
  });
  afterAll(async () => {
    await studio?.close();
    fx?.stop();
    ip('netns', 'del', 'web'); // its eth0 goes with it, and web0 with its peer
    removeLab(LAB);
    execFileSync('sh', ['-c', 'ip netns del crowd 2>/dev/null || true']);
  });

  it('explains the VPN marks in the legend: the gateway, its tunnel line connected, connecting, failed', async () => {
    const legend = page.getByRole('note', { name: 'Legend' });
    await expect.poll(() => legend.textContent()).toMatch(/VPN gateway.*tunnel connected.*connecting.*failed.*no tunnel yet/);
    // the same marks as the diagram: the connected line is drawn in the colour of a connected edge
    const stroke = (sel: string) => page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(sel)})).stroke`);
    const [ok, failed] = [await stroke('.legend-vpn.vpn-activated'), await stroke('.legend-vpn.vpn-failed')];
    expect(ok).not.toBe(failed);
    expect(ok).toBe(await page.evaluate(`getComputedStyle(document.documentElement).getPropertyValue('--ok').trim()`).then((hex) => {
      const n = parseInt(String(hex).slice(1), 16);
      return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
    }));
  });

  it('lists the profiles that are off in a "VPN profiles" group on the canvas, which folds', async () => {
    await group().waitFor();
    await fit();
    for (const name of ['office', 'pw ask', 'spare']) await group().getByTestId(`vpn-profile-${name}`).waitFor();
    expect(await page.locator('[data-testid^="vpn-gateway-"]').count()).toBe(0);
    const head = group().getByRole('button', { name: /VPN profiles/ });
    expect(await head.textContent()).toContain('(3 off)');
    await head.click();
    await group().getByTestId('vpn-profile-office').waitFor({ state: 'detached' });
    expect(await head.getAttribute('aria-expanded')).toBe('false');
    // keyboard: the header is a button
    await head.focus();
    await page.keyboard.press('Enter');
    await group().getByTestId('vpn-profile-office').waitFor();
  });

  it('draws a VPN from the group: activating while it waits for a secret, then activated, its edge ending at the tunnel', async () => {
    // The gateway, pending until its tunnel is known, takes the place of the profiles group (right
    // of every box): the activity panel is kept shut, so the canvas does not shrink under it.
    await hideActivity();
    // Fitted, with room around: the gateway takes a place right of the boxes, inside this view,
    // so it is drawn (React Flow draws what is on screen) while the password prompt covers the canvas.
    await fit();
    await page.getByRole('button', { name: 'Zoom Out' }).click();
    await page.waitForTimeout(300);
    // the VPN panel beside the canvas: the diagram's Connect is the panel's own (renderer/vpn/vpn-actions.ts)
    await page.getByRole('tab', { name: /^VPN/ }).click();
    await pick(group().getByTestId('vpn-profile-pw ask'), 'pw ask', 'Connect');
    await waitPhase('pw ask', 'activating', 30_000, false);
    // so the panel counts this attempt against its timeout, as it counts its own
    await page.getByTestId('vpn-pw ask').getByTestId('vpn-countdown').waitFor();
    expect(await gateway('pw ask').textContent()).toContain(`${fx.env.NMSB_VPN_REMOTE}:${fx.env.NMSB_VPN_PW_PORT} udp`);
    expect(await gateway('pw ask').textContent()).toContain('openvpn');
    await group().getByTestId('vpn-profile-pw ask').waitFor({ state: 'detached' });
    // NetworkManager asks for the password (the profile says "ask"): answered in the prompt
    const prompt = page.getByRole('dialog');
    await prompt.getByText('pw ask needs a secret').waitFor({ timeout: 30_000 });
    await gateway('pw ask').getByTestId('vpn-gateway-state').getByText('activating: needs a secret').waitFor();
    await prompt.locator('input[type=password]').fill(fx.env.NMSB_VPN_PW_PASSWORD!);
    await prompt.getByRole('button', { name: 'Connect' }).click();
    await waitPhase('pw ask', 'activated');

    // The tunnel: the interface in NetworkManager's namespace that carries the VPN's address.
    const net = fx.env.NMSB_VPN_PW_SERVER_TUN_IP!.replace(/\.1$/, '.');
    const links = fx.ipJson('-4', 'address', 'show') as { ifindex: number; ifname: string; addr_info: { local: string; prefixlen: number }[] }[];
    const tun = links.find((l) => l.addr_info.some((a) => a.local.startsWith(net)))!;
    expect(tun.ifname).toMatch(/^tun/);
    const addr = tun.addr_info.find((a) => a.local.startsWith(net))!;
    await waitSays('pw ask', `activated · ${addr.local}/${addr.prefixlen}`);
    const nsId = await nsIdOf(fx.env.NMSB_NETNS_NM!);
    const tunNode = `if:${nsId}:${tun.ifindex}`;
    await expect.poll(() => gateway('pw ask').getAttribute('data-from')).toBe(tunNode);

    // On screen: the edge starts at the tunnel box's right side and ends at the gateway's left.
    await fit();
    const edgeId = `vpn-edge:${uuids['pw ask']}`;
    const ends = await page.evaluate(
      `(() => {
        const box = (id) => document.querySelector('[data-testid="rf__node-' + id + '"]').getBoundingClientRect();
        const path = document.querySelector('[data-testid="rf__edge-${edgeId}"] path.react-flow__edge-path');
        const m = path.getScreenCTM();
        const at = (l) => { const p = path.getPointAtLength(l); return new DOMPoint(p.x, p.y).matrixTransform(m); };
        const a = at(0), b = at(path.getTotalLength());
        const t = box(${JSON.stringify(tunNode)}), g = box(${JSON.stringify(`vpn:${uuids['pw ask']}`)});
        return { a: [a.x, a.y], b: [b.x, b.y], tun: [t.left, t.top, t.right, t.bottom], gw: [g.left, g.top, g.right, g.bottom] };
      })()`,
    ) as { a: [number, number]; b: [number, number]; tun: number[]; gw: number[] };
    const [tl, tt, tr, tb] = ends.tun as [number, number, number, number];
    const [gl, gt, gr, gb] = ends.gw as [number, number, number, number];
    expect(Math.abs(ends.a[0] - tr)).toBeLessThan(4);
    expect(ends.a[1]).toBeGreaterThan(tt);
    expect(ends.a[1]).toBeLessThan(tb);
    expect(Math.abs(ends.b[0] - gl)).toBeLessThan(4);
    expect(ends.b[1]).toBeGreaterThan(gt);
    expect(ends.b[1]).toBeLessThan(gb);
    // the gateway is outside every namespace box
    const boxes = await page.locator('.react-flow__node-namespace').evaluateAll((els) =>
      els.map((el) => {
        const r = (el as unknown as { getBoundingClientRect(): { left: number; top: number; right: number; bottom: number } }).getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom] as const;
      }),
    );
    expect(boxes.length).toBeGreaterThan(2);
    for (const [l, t, r, b] of boxes) expect(gl >= r || gr <= l || gt >= b || gb <= t, `gateway over a box at ${l},${t}`).toBe(true);
    expect(tl).toBeLessThan(gl);
    await page.getByRole('tab', { name: /^Namespaces/ }).click();
  });

  it('disconnects from the gateway menu, by keyboard: the gateway goes and the profile is back in the group', async () => {
    await waitPhase('pw ask', 'activated');
    await gateway('pw ask').getByRole('button', { name: 'pw ask: actions' }).focus();
    await page.keyboard.press('Enter');
    const first = page.getByRole('menuitem', { name: 'Disconnect', exact: true });
    await expect.poll(() => first.evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await gateway('pw ask').waitFor({ state: 'detached', timeout: 20_000 });
    await group().getByTestId('vpn-profile-pw ask').waitFor();
    expect(await page.locator(`[data-testid="rf__edge-vpn-edge:${uuids['pw ask']}"]`).count()).toBe(0);
  });

  it('shows a failed attempt with the reason, until dismissed', async () => {
    await roomy();
    await pick(group().getByTestId('vpn-profile-pw ask'), 'pw ask', 'Connect');
    await waitPhase('pw ask', 'activating', 30_000, false);
    const prompt = page.getByRole('dialog');
    await prompt.getByText('pw ask needs a secret').waitFor({ timeout: 30_000 });
    await prompt.locator('input[type=password]').fill('wrong-password');
    await prompt.getByRole('button', { name: 'Connect' }).click();
    // NetworkManager may ask again after the server refused: refuse then (Cancel)
    const failed = gateway('pw ask').and(page.locator('[data-phase="failed"]'));
    for (let i = 0; i < 400 && !(await failed.count()); i++) {
      const again = page.getByRole('dialog').filter({ hasText: 'pw ask needs a secret' });
      if (await again.count()) await again.getByRole('button', { name: 'Cancel' }).click().catch(() => {});
      await page.waitForTimeout(100);
    }
    await waitPhase('pw ask', 'failed');
    const said = await gateway('pw ask').getByTestId('vpn-gateway-state').textContent();
    expect(said).toMatch(/^failed: the VPN pw ask did not come up: the login failed/);
    // the whole reason is in its title, also when the node shows fewer lines of it
    expect(await gateway('pw ask').getAttribute('title')).toContain('the server refused the user name, password or certificate');
    await fit();
    await screenshot(page, 'vpn-diagram-failed.png');
    await pick(gateway('pw ask'), 'pw ask', 'Dismiss this failure');
    await gateway('pw ask').waitFor({ state: 'detached' });
    await group().getByTestId('vpn-profile-pw ask').waitFor();
  });

  it('edits a profile from its menu in the VPN form', async () => {
    await fit();
    await pick(group().getByTestId('vpn-profile-spare'), 'spare', 'Edit…');
    const dialog = page.getByRole('dialog');
    const server = dialog.getByLabel('Server', { exact: true });
    await expect.poll(() => server.inputValue()).toBe(fx.env.NMSB_VPN_REMOTE);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows a connected VPN on the diagram of a realistic lab in light and dark (screenshots with npm run screenshots)', async () => {
    // the realistic lab of lab.ts (router, switch with hosts, dmz, db), laid out as a whole
    buildLab(LAB);
    await expect.poll(async () => {
      await fit();
      return page.getByTestId('ns-lab-db').count();
    }, { timeout: 20_000 }).toBe(1);
    await page.getByRole('button', { name: 'Re-arrange' }).click();
    await page.waitForTimeout(1000);
    await fit();
    await pick(group().getByTestId('vpn-profile-office'), 'office', 'Connect');
    await waitPhase('office', 'activated');
    await waitSays('office', /activated · \d/);
    // the toasts of the connect fade before the picture is taken
    await page.getByTestId('toast').first().waitFor({ state: 'detached', timeout: 20_000 }).catch(() => {});
    // the picture without the activity log under it
    const hide = page.getByRole('button', { name: 'Hide the bottom panel' });
    if (await hide.count()) await hide.click();
    await page.waitForTimeout(300);
    await fit();
    for (const theme of ['light', 'dark'] as const) {
      if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByRole('button', { name: /^Theme:/ }).click();
      await page.waitForTimeout(300);
      await screenshot(page, `vpn-diagram-${theme}.png`);
    }
  });

  it('exports the picture as the canvas shows it: a summary, the routed wires, the VPN gateway and its edge', async () => {
    await waitPhase('office', 'activated');
    // a crowded namespace (50 veth ends), drawn as one summary box on the canvas
    ip('netns', 'add', 'crowd');
    execFileSync('ip', ['-n', 'crowd', '-batch', '-'], { input: Array.from({ length: 25 }, (_, i) => `link add c${i} type veth peer name d${i}`).join('\n') });
    await expect.poll(async () => {
      await fit();
      return page.getByTestId('summary-veth').count();
    }, { timeout: 20_000 }).toBe(1);
    const routedOnScreen = await page.locator('path[data-source][data-routed="1"]').count();
    expect(routedOnScreen).toBeGreaterThan(0);

    const svg = (await exported(page, 'Picture as SVG')).bytes.toString();
    expect(svg).toMatch(/<g class="summary"[^>]*>[\s\S]*?50 veth<\/text>/);
    expect(svg.match(/<path class="wire" [^>]*data-routed="1"/g)?.length).toBe(routedOnScreen);
    expect(svg).toMatch(/<g class="vpn-gateway" data-name="office" data-phase="activated">[\s\S]*?remote [^<]*udp[\s\S]*?activated · \d/);
    expect(svg).toMatch(/<path class="vpn-edge"/);
    expect(svg).toMatch(/<g class="vpn-profiles">[\s\S]*spare/);
    // the failure dismissed on the canvas is not in the picture either
    expect(svg).not.toContain('data-name="pw ask"');

    const png = await exported(page, 'Picture as PNG');
    expect(png.bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    // the PNG is the SVG painted at twice its size (or scaled down to fit a canvas)
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(png.bytes.readUInt32BE(16)).toBe(Math.round(width * Math.min(2, 16000 / Math.max(width, Number(/height="(\d+)"/.exec(svg)![1])))));
    // NETNS_STUDIO_EXPORT_OUT=dir keeps both files, to look at
    const out = process.env.NETNS_STUDIO_EXPORT_OUT;
    if (out) {
      writeFileSync(join(out, 'export.svg'), svg);
      writeFileSync(join(out, 'export.png'), png.bytes);
    }
    ip('netns', 'del', 'crowd');
  });

  it('shows a long profile name and a tunnel\'s address whole in the VPN panel (wrapped, each with its full text as a title)', async () => {
    const long = 'office VPN with a rather long name, Berlin second floor';
    const r = await callInPage(page, 'vpn.create', { name: long, remote: fx.env.NMSB_VPN_REMOTE!, port: Number(fx.env.NMSB_VPN_PORT), protocol: 'udp', connectionType: 'tls', ca: fx.env.NMSB_VPN_CA!, cert: fx.env.NMSB_VPN_CERT!, key: fx.env.NMSB_VPN_KEY! });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    await page.getByRole('tab', { name: /^VPN/ }).click();
    const cut = (l: Locator) => l.evaluate((e) => {
      const el = e as unknown as { scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number };
      return el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight;
    });
    const name = page.getByTestId(`vpn-${long}`).locator('.vpn-name');
    await expect(name.textContent()).resolves.toBe(long);
    expect(await cut(name)).toBe(false);
    expect(await name.getAttribute('title')).toBe(long);
    const address = page.getByTestId('vpn-office').locator('.vpn-address');
    const shown = (await address.textContent())!;
    expect(shown).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+/);
    expect(await cut(address)).toBe(false);
    expect(await address.getAttribute('title')).toContain(shown);
    await callInPage(page, 'vpn.delete', { uuid: (r.value as Made).uuid });
    await page.getByRole('tab', { name: /^Namespaces/ }).click();
  });

  it('disconnects the VPN from its gateway\'s menu', async () => {
    await fit();
    await pick(gateway('office'), 'office', 'Disconnect');
    await gateway('office').waitFor({ state: 'detached', timeout: 20_000 });
  });
});

// More of the renderer through the whole stack (Chromium, the browser host, the real core helper,
// the kernel inside the sandbox): enslaving by drag, the macvlan and VXLAN dialogs, and the four
// exports. Each test acts through the UI and checks with `ip -json`.
import { execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { exported, focusNamespace, ip, ipJson, openStudio, skipReason, type Studio, until } from './harness';

const reason = skipReason();
if (reason) console.log(`renderer (more) e2e skipped: ${reason}`);


interface IpLink {
  ifname: string;
  link?: string;
  master?: string;
  linkinfo?: { info_kind: string; info_data?: Record<string, unknown> };
}

describe.skipIf(reason !== null)('renderer, end to end: enslave by drag, macvlan and VXLAN, exports', () => {
  let studio: Studio;
  let page: Page;

  beforeAll(async () => {
    for (const n of ['mx-a', 'mx-b']) ip('netns', 'add', n);
    ip('-n', 'mx-a', 'link', 'add', 'mxbr0', 'type', 'bridge');
    ip('-n', 'mx-a', 'link', 'add', 'port0', 'type', 'veth', 'peer', 'name', 'port1', 'netns', 'mx-b');
    ip('-n', 'mx-a', 'address', 'add', '10.7.0.1/24', 'dev', 'port0');
    // A macvlan's parent must not be a bridge port (both want the device's receive hook).
    ip('-n', 'mx-a', 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'up1');
    studio = await openStudio();
    page = studio.page;
    await page.getByTestId('ns-mx-a').waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await studio?.close();
    for (const n of ip('netns', 'list').split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith('mx-'))) ip('netns', 'del', n);
  });

  it('enslaves an interface by dragging it onto a bridge in the same namespace', async () => {
    const masterOf = () => ipJson<IpLink[]>('-n', 'mx-a', 'link', 'show', 'dev', 'port0')[0]!.master;
    expect(masterOf()).toBeUndefined();
    await page.getByRole('button', { name: 'Re-arrange' }).click();
    await page.waitForTimeout(1000);
    await focusNamespace(page, 'mx-a');
    const from = (await page.getByTestId('iface-port0').boundingBox())!;
    const to = (await page.getByTestId('iface-mxbr0').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + 10);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 15, from.y + 20, { steps: 4 });
    await page.mouse.move(to.x + to.width / 2, to.y + 10, { steps: 12 });
    await page.mouse.up();
    await until(() => masterOf() === 'mxbr0', 'port0 enslaved to mxbr0');
    // still in its own namespace: enslaving is not a move
    expect(ip('-n', 'mx-b', 'link', 'show')).not.toContain('port0');
    await expect(page.getByTestId('activity-item').first().locator('code').textContent()).resolves.toContain('ip -n mx-a link set dev port0 master mxbr0');
  });

  it('creates a macvlan on a parent from its dialog, as ip -d then shows it', async () => {
    await page.getByRole('button', { name: 'New ▾' }).click();
    await page.getByRole('menuitem', { name: 'Macvlan…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('select').nth(0).selectOption({ label: 'mx-a' });
    await dialog.locator('input[name=name]').fill('mv0');
    await dialog.locator('select').nth(1).selectOption({ label: 'mx-a' });
    await dialog.locator('input[name=parent]').fill('up0');
    await dialog.locator('select').nth(2).selectOption('private');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    const mv = ipJson<IpLink[]>('-d', '-n', 'mx-a', 'link', 'show', 'dev', 'mv0')[0]!;
    expect(mv.linkinfo?.info_kind).toBe('macvlan');
    expect(mv.link).toBe('up0');
    expect(mv.linkinfo?.info_data?.mode).toBe('private');
    await focusNamespace(page, 'mx-a');
    await page.getByTestId('iface-mv0').getByText('macvlan').waitFor();
  });

  it('creates a VXLAN with its id, remote and underlay device from its dialog, as ip -d then shows it', async () => {
    await page.getByRole('button', { name: 'New ▾' }).click();
    await page.getByRole('menuitem', { name: 'VXLAN…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('select').nth(0).selectOption({ label: 'mx-b' });
    await dialog.locator('input[name=name]').fill('vx0');
    await dialog.locator('input[name=vni]').fill('4242');
    await dialog.locator('input[name=remote]').fill('10.7.0.9');
    await dialog.locator('input[name=dev]').fill('port1');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    const vx = ipJson<IpLink[]>('-d', '-n', 'mx-b', 'link', 'show', 'dev', 'vx0')[0]!;
    expect(vx.linkinfo?.info_kind).toBe('vxlan');
    expect(vx.linkinfo?.info_data?.id).toBe(4242);
    expect(vx.linkinfo?.info_data?.remote).toBe('10.7.0.9');
    expect(vx.linkinfo?.info_data?.link).toBe('port1');
    await focusNamespace(page, 'mx-b');
    await page.getByTestId('iface-vx0').getByText('vxlan').waitFor();
  });

  it('names the namespace of a process, as ip netns attach does, and refuses a bad name in words', async () => {
    const holder = spawn('unshare', ['-n', 'sleep', '120'], { stdio: 'ignore' });
    try {
      const pid = holder.pid!;
      const entry = page.getByRole('list', { name: 'Namespaces' }).getByRole('button', { name: new RegExp(`^pid ${pid} · sleep\\b`) });
      await entry.waitFor({ timeout: 20_000 });
      await entry.click();
      await page.getByRole('button', { name: 'Name…', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Name', { exact: true }).fill('mx/bad');
      await dialog.getByRole('button', { name: 'Name it' }).click();
      await dialog.getByText('a namespace name cannot contain "/"').waitFor();
      expect(ip('netns', 'list')).not.toContain('mx/bad');
      await dialog.getByLabel('Name', { exact: true }).fill('mx-named');
      await expect(dialog.getByLabel('Through the process').inputValue()).resolves.toBe(String(pid));
      await dialog.getByRole('button', { name: 'Name it' }).click();
      await until(() => ip('netns', 'identify', String(pid)).trim() === 'mx-named', 'ip netns identify to name it');
      await page.getByTestId('ns-mx-named').waitFor();
      await page.getByText('ip netns attach mx-named ' + pid).first().waitFor();
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('exports the model as JSON that matches the namespaces shown and what ip reports', async () => {
    const { name, bytes } = await exported(page, 'Model as JSON');
    expect(name).toMatch(/\.json$/);
    const model = JSON.parse(bytes.toString()) as { namespaces: { names: string[]; current: boolean; links: { name: string }[] }[] };
    const named = model.namespaces.filter((n) => n.names.length > 0 && !n.current).map((n) => n.names[0]!).sort();
    const listed = ip('netns', 'list').split('\n').map((l) => l.split(' ')[0]!).filter(Boolean).sort();
    expect(named).toEqual(listed);
    const shown = await page.getByRole('list', { name: 'Namespaces' }).locator('.ns-list-label').allTextContents();
    expect(shown.length).toBe(model.namespaces.length);
    for (const n of named) expect(shown).toContain(n);
    for (const ns of ['mx-a', 'mx-b']) {
      const inModel = model.namespaces.find((n) => n.names.includes(ns))!.links.map((l) => l.name).sort();
      const inKernel = ipJson<IpLink[]>('-n', ns, 'link', 'show').map((l) => l.ifname).sort();
      expect(inModel).toEqual(inKernel);
    }
  });

  it('exports a script of ip commands that re-creates the named namespaces, their links and addresses', async () => {
    const { name, bytes } = await exported(page, 'As a script (ip commands)');
    expect(name).toMatch(/\.sh$/);
    const script = bytes.toString();
    const lines = script.split('\n');
    expect(lines[0]).toBe('#!/bin/sh');
    for (const ns of ['mx-a', 'mx-b']) expect(lines).toContain(`ip netns add ${ns}`);
    expect(lines).toContain('ip -n mx-a link add mxbr0 type bridge');
    expect(script).toMatch(/^ip -n mx-a link add port0 type veth peer name port1 netns mx-b$|^ip -n mx-b link add port1 type veth peer name port0 netns mx-a$/m);
    expect(lines).toContain('ip -n mx-a link add mv0 link up0 type macvlan mode private');
    expect(script).toMatch(/^ip -n mx-b link add vx0 type vxlan id 4242 remote 10\.7\.0\.9 .*dstport 4789$/m);
    expect(lines).toContain('ip -n mx-a link set dev port0 master mxbr0');
    expect(lines).toContain('ip -n mx-a address add 10.7.0.1/24 dev port0');
    // Replayed in a fresh network namespace with its own empty /run (nested in the sandbox), the
    // script makes the same bridge port, macvlan, VXLAN and address again.
    const replay = (cmd: string) =>
      execFileSync('unshare', ['--net', '--mount', '--propagation', 'private', 'sh', '-c', `mount -t tmpfs replay /run && sh -s && ${cmd}`], { input: script }).toString();
    const again = JSON.parse(replay('ip -json -d -n mx-a link show')) as (IpLink & { ifname: string })[];
    const by = (n: string) => again.find((l) => l.ifname === n);
    expect(by('port0')?.master).toBe('mxbr0');
    expect(by('mv0')?.link).toBe('up0');
    expect(by('mv0')?.linkinfo?.info_data?.mode).toBe('private');
    const vx = (JSON.parse(replay('ip -json -d -n mx-b link show dev vx0')) as IpLink[])[0]!;
    expect(vx.linkinfo?.info_data?.id).toBe(4242);
    expect(replay('ip -n mx-a -o address show dev port0')).toContain('10.7.0.1/24');
  });

  it('exports the picture as an SVG and as a PNG', async () => {
    const svg = await exported(page, 'Picture as SVG');
    expect(svg.name).toMatch(/\.svg$/);
    const text = svg.bytes.toString();
    expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(text.trimEnd().endsWith('</svg>')).toBe(true);
    for (const n of ['mx-a', 'mx-b', 'mxbr0', 'port0', 'mv0', 'vx0']) expect(text).toContain(`>${n}`);

    const png = await exported(page, 'Picture as PNG');
    expect(png.name).toMatch(/\.png$/);
    expect(png.bytes.length).toBeGreaterThan(1000);
    expect(png.bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    // IHDR: width and height, big-endian at bytes 16 and 20, never zero
    expect(png.bytes.readUInt32BE(16)).toBeGreaterThan(0);
    expect(png.bytes.readUInt32BE(20)).toBeGreaterThan(0);
  });
});

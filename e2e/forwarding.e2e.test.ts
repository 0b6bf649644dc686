// The router mark (⇄ in a namespace's header) live, through the whole stack (Chromium, the browser
// host, the real core helper, the kernel inside the sandbox): a namespace made while the page is
// open and set forwarding by another program (`ip netns exec NS sysctl -w`, as lab scripts do) is
// drawn as a router without a reload, and plain again when forwarding goes off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { focusNamespace, ip, openStudio, skipReason, type Studio } from './harness';

const reason = skipReason();
if (reason) console.log(`forwarding e2e skipped: ${reason}`);

const BASE = 'fw-base';
const LATE = 'fw-late';
const LAB = 'fw-lab';
const sysctl = (ns: string, key: string) => ip('netns', 'exec', ns, 'sysctl', '-n', key).trim();

describe.skipIf(reason !== null)('the router mark, end to end', () => {
  let studio: Studio;
  let page: Page;

  beforeAll(async () => {
    ip('netns', 'add', BASE);
    studio = await openStudio();
    page = studio.page;
    await page.getByTestId(`ns-${BASE}`).waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await studio?.close();
    for (const n of [BASE, LATE, LAB]) {
      try {
        ip('netns', 'del', n);
      } catch {
        // not made
      }
    }
  });

  const router = (ns: string) => page.getByTestId(`ns-${ns}`).getByLabel('router');

  it('marks a namespace made while the page is open as a router once ip netns exec sysctl turns forwarding on, and unmarks it when off', async () => {
    ip('netns', 'add', LATE);
    await page.getByTestId(`ns-${LATE}`).waitFor();
    await focusNamespace(page, LATE);
    expect(await router(LATE).count()).toBe(0);

    ip('netns', 'exec', LATE, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    expect(sysctl(LATE, 'net.ipv4.ip_forward')).toBe('1');
    await router(LATE).waitFor();
    await expect(router(LATE).textContent()).resolves.toBe('⇄');

    ip('netns', 'exec', LATE, 'sysctl', '-qw', 'net.ipv4.ip_forward=0');
    expect(sysctl(LATE, 'net.ipv4.ip_forward')).toBe('0');
    await router(LATE).waitFor({ state: 'detached' });
  });

  it('marks a namespace made and set forwarding at once, as a lab script does', async () => {
    ip('netns', 'add', LAB);
    ip('netns', 'exec', LAB, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    await page.getByTestId(`ns-${LAB}`).waitFor();
    await focusNamespace(page, LAB);
    await router(LAB).waitFor();
    expect(sysctl(LAB, 'net.ipv4.ip_forward')).toBe('1');
    // The namespace made before the page opened, never set, stays plain.
    expect(await router(BASE).count()).toBe(0);
  });
});

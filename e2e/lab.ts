// The realistic lab the picture is judged on (issue 14), built once here for every spec that
// needs it: a router (forwarding) between this machine and a switch namespace whose bridge br0
// has four ports, three hosts behind the switch, and a dmz and a database behind the router:
//
//   host ─ uplink ─ router ─ lan0/p0 ─ sw(br0: p0 p1 p2 p3) ─ h1 h2 h3
//                     └─ dmz0 ─ dmz ─ db0 ─ db
//
// p3 is left down (so h3's eth0 is up without a carrier), dmz and db unconfigured. The router's
// lan0 has four addresses (one a long IPv6), a default route and a route in table 100.
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { ip, openStudio, type Studio } from './harness';

export interface LabOptions {
  /** Namespaces are named prefix-router, prefix-sw, prefix-h1..3, prefix-dmz, prefix-db. */
  prefix: string;
  /** The host's end of the router's uplink (the host namespace is shared by all specs). */
  uplink: string;
  /** Second octet of the lab's networks (10.N.0.0/24 behind the switch), so two labs never share one. */
  net: number;
  /** The uplink's /30 is 192.0.2.(4·slot)/30. */
  slot: number;
}

export interface Lab {
  studio: Studio;
  page: Page;
  /** The lab's namespace names, in order: router, sw, h1, h2, h3, dmz, db. */
  names: string[];
  /** Closes the studio and removes the lab (its namespaces and the uplink). */
  close(): Promise<void>;
}

const sh = (script: string) => execFileSync('sh', ['-ec', script]);

export const labNames = (o: Pick<LabOptions, 'prefix'>): string[] => ['router', 'sw', 'h1', 'h2', 'h3', 'dmz', 'db'].map((n) => `${o.prefix}-${n}`);

/** Removes the lab: its namespaces (their interfaces with them) and the uplink. */
export function removeLab(o: LabOptions): void {
  for (const n of labNames(o)) sh(`ip netns del ${n} 2>/dev/null || true`);
  sh(`ip link del ${o.uplink} 2>/dev/null || true`);
}

/** Builds the lab in the sandbox's namespaces (for a spec that opens the studio its own way). */
export function buildLab(o: LabOptions): void {
  const names = labNames(o);
  for (const n of names) ip('netns', 'add', n);
  const [router, sw, , , , dmz, db] = names;
  const p = o.prefix;
  const n = o.net;
  const up = 4 * o.slot;
  sh(`
    ip -n ${sw} link add br0 type bridge
    ip -n ${sw} link add p0 type veth peer name lan0 netns ${router}
    ip -n ${sw} link set p0 master br0
    for i in 1 2 3; do
      ip -n ${sw} link add p$i type veth peer name eth0 netns ${p}-h$i
      ip -n ${sw} link set p$i master br0
      ip -n ${p}-h$i address add 10.${n}.0.1$i/24 dev eth0
      ip -n ${p}-h$i link set eth0 up
      ip -n ${p}-h$i link set lo up
      ip -n ${p}-h$i route add default via 10.${n}.0.1
    done
    ip -n ${sw} link set br0 up
    for q in p0 p1 p2; do ip -n ${sw} link set $q up; done
    ip -n ${router} address add 10.${n}.0.1/24 dev lan0
    ip -n ${router} address add 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1/64 dev lan0
    ip -n ${router} address add 10.${n}.1.1/24 dev lan0
    ip -n ${router} link set lan0 up
    ip -n ${router} link set lo up
    ip link add ${o.uplink} type veth peer name wan0 netns ${router}
    ip address add 192.0.2.${up + 1}/30 dev ${o.uplink}
    ip link set ${o.uplink} up
    ip -n ${router} address add 192.0.2.${up + 2}/30 dev wan0
    ip -n ${router} link set wan0 up
    ip -n ${router} route add default via 192.0.2.${up + 1} dev wan0 metric 100
    ip -n ${router} route add 198.51.100.0/24 dev lan0 table 100 proto static
    ip -n ${router} link add dmz0 type veth peer name eth0 netns ${dmz}
    ip -n ${dmz} link add db0 type veth peer name eth0 netns ${db}
    ip netns exec ${router} sysctl -qw net.ipv4.ip_forward=1
  `);
}

/**
 * Builds the lab and opens the studio on it (1440×900): waits until the whole lab is drawn, then
 * re-arranges, so the picture is laid out as a whole (the page may have seen it arrive piece by piece).
 */
export async function openLab(o: LabOptions): Promise<Lab> {
  const names = labNames(o);
  const remove = () => removeLab(o);
  buildLab(o);
  let studio: Studio;
  try {
    studio = await openStudio({ timeout: 8000 });
  } catch (e) {
    remove();
    throw e;
  }
  const page = studio.page;
  await page.getByTestId(`ns-${o.prefix}-db`).waitFor({ timeout: 20_000 });
  await page.getByTestId('iface-br0').waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Re-arrange' }).click();
  await page.waitForTimeout(800);
  return {
    studio,
    page,
    names,
    close: async () => {
      await studio.close();
      remove();
    },
  };
}

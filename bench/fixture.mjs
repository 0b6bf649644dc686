// Builds the benchmark's world inside the sandbox with iproute2 itself (never with our code, so
// the two sides are measured on the same, independently made, topology): N named namespaces,
// each with a veth pair to the sandbox's main namespace, both ends up, an address inside.
import { execFileSync, spawn } from 'node:child_process';

export function requireSandbox() {
  if (process.env.NETNS_STUDIO_KERNEL !== 'sandbox') {
    console.error('bench: run me through scripts/sandbox.sh (npm run bench), never on the host');
    process.exit(2);
  }
}

const ipBatch = (lines, args = []) => execFileSync('ip', [...args, '-batch', '-'], { input: lines.join('\n') + '\n' });

/**
 * Runs argsOf(I)'s lines with `ip -batch` inside namespace benchI for every I below count, as
 * `parallel` shell scripts at a time. Through `nsenter --net`, not `ip -n`: `ip -n` also makes a
 * mount namespace (a copy of every /run/netns mount, thousands of them in a big world), and one
 * process started from node per namespace cost ~50 ms here: 5000 namespaces took ~12 minutes.
 */
export async function perNamespace(count, argsOf, parallel = 2) {
  const scripts = Array.from({ length: parallel }, () => ['set -e']);
  for (let i = 0; i < count; i++) scripts[i % parallel].push(`nsenter --net=/run/netns/bench${i} ip -batch - <<'EOF'`, ...argsOf(i), 'EOF');
  await Promise.all(
    scripts.map(
      (lines, k) =>
        new Promise((resolve, reject) => {
          const p = spawn('bash', ['-s'], { stdio: ['pipe', 'ignore', 'inherit'] });
          p.stdin.end(lines.join('\n') + '\n');
          p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ip -batch in the namespaces of script ${k} failed (${code})`))));
        }),
    ),
  );
}

/**
 * The world: N namespaces benchI, each with `lo` up and a veth end eI (up, 10.x.y.2/24) whose
 * peer hI is in the sandbox's namespace; with bridges, a bridge brI in each holding eI. One
 * `ip -batch` in the sandbox's namespace makes the namespaces, the pairs and the bridges (`link
 * add … netns` creates a link inside another namespace), then one per namespace sets it up.
 */
export async function buildWorld(count, { bridges = false } = {}) {
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(`netns add bench${i}`);
  for (let i = 0; i < count; i++) {
    lines.push(`link add h${i} type veth peer name e${i} netns bench${i}`, `link set h${i} up`);
    if (bridges) lines.push(`link add br${i} netns bench${i} type bridge`);
  }
  ipBatch(lines);
  await perNamespace(count, (i) => [
    `addr add 10.${(i >> 8) & 255}.${i & 255}.2/24 dev e${i}`,
    `link set e${i} up`,
    'link set lo up',
    ...(bridges ? [`link set e${i} master br${i}`, `link set br${i} up`] : []),
  ]);
}

export async function destroyWorld(count) {
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(`netns del bench${i}`);
  ipBatch(lines);
}

/** The iproute2 way to see everything: `ip -n NS -json link` and `addr` for every namespace. */
export function iproute2Loop(count) {
  const t0 = performance.now();
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    bytes += execFileSync('ip', ['-n', `bench${i}`, '-json', 'link']).length;
    bytes += execFileSync('ip', ['-n', `bench${i}`, '-json', 'addr']).length;
  }
  return { ms: performance.now() - t0, bytes };
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

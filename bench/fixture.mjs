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

/** Runs `ip -n benchI -batch` with argsOf(I)'s lines for every I below count, `parallel` at a time. */
export async function perNamespace(count, argsOf, parallel = 4) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await new Promise((resolve, reject) => {
        const p = spawn('ip', ['-n', `bench${i}`, '-batch', '-'], { stdio: ['pipe', 'ignore', 'inherit'] });
        p.stdin.end(argsOf(i).join('\n') + '\n');
        p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ip -n bench${i} failed (${code})`))));
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

export async function buildWorld(count) {
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(`netns add bench${i}`);
  for (let i = 0; i < count; i++) lines.push(`link add h${i} type veth peer name e${i} netns bench${i}`, `link set h${i} up`);
  ipBatch(lines);
  await perNamespace(count, (i) => [`addr add 10.${(i >> 8) & 255}.${i & 255}.2/24 dev e${i}`, `link set e${i} up`, 'link set lo up']);
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

// Who made a network namespace, told from what /proc already shows about its processes: their
// cgroup paths, their command lines and those of their parents, and a few environment variables.
// Pure: the reader (read-proc.ts) gathers the facts, this module only reads them, so every engine's
// shape is unit-tested on text without the engine. Where each shape comes from is said beside it.
import type { NamespaceOwner, OwnerKind } from '../../../shared/model';

/** What the reader gathered about one process. */
export interface ProcFacts {
  pid: number;
  comm: string;
  /** /proc/PID/cmdline split at NUL (empty for kernel threads and zombies). */
  cmdline: string[];
  /** /proc/PID/cgroup as is. */
  cgroup: string;
  /** Only the variables owners are told by (ENVIRON_KEYS). */
  environ: Record<string, string>;
}

/** What the reader gathered about one namespace. */
export interface NamespaceFacts {
  names: string[];
  current: boolean;
  /** A few processes in the namespace, oldest first. */
  members: ProcFacts[];
  /** Their parents, grandparents... outside the namespace (only the command lines are used). */
  ancestors: ProcFacts[];
}

/** The environment variables worth reading; the rest of a process's environment is never kept. */
export const ENVIRON_KEYS = ['container', 'container_uuid', 'FLATPAK_ID', 'HOSTNAME'] as const;

/** A clue: one thing one fact says. The strongest kind wins; clues of that kind are merged. */
interface Clue {
  kind: OwnerKind;
  name?: string | null;
  id?: string | null;
  detail?: Record<string, string>;
  source: string;
}

/** Which clue decides when several kinds are told (a pod's containers run under containerd or docker). */
const RANK: Record<OwnerKind, number> = {
  kubernetes: 10,
  docker: 8,
  podman: 8,
  containerd: 7,
  lxc: 8,
  'systemd-nspawn': 8,
  flatpak: 8,
  browser: 6,
  'systemd-service': 4,
  netns: 2,
  host: 1,
  unknown: 0,
};

const HEX64 = /^[0-9a-f]{64}$/;

/** "0::/system.slice/docker-1f2e.scope" lines → the paths, the unified (v2) and systemd ones first. */
export function cgroupPaths(text: string): string[] {
  const scored: { path: string; score: number }[] = [];
  for (const line of text.split('\n')) {
    // hierarchy-ID:controller-list:cgroup-path (cgroups(7)); the path may itself hold ':'
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const controllers = line.slice(first + 1, second);
    const path = line.slice(second + 1);
    if (!path.startsWith('/')) continue;
    scored.push({ path, score: controllers === '' ? 0 : controllers === 'name=systemd' ? 1 : 2 });
  }
  const seen = new Set<string>();
  return scored
    .sort((a, b) => a.score - b.score)
    .map((s) => s.path)
    .filter((p) => !seen.has(p) && seen.add(p));
}

/** systemd escapes unit names ("-" in a machine name is "\x2d"): systemd.unit(5), "String Escaping". */
export const unescapeUnit = (s: string): string => s.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** The clues one cgroup path gives. */
export function cluesFromCgroup(path: string): Clue[] {
  const segs = path.split('/').filter(Boolean);
  const clues: Clue[] = [];
  const source = 'cgroup';
  // Kubernetes: the kubelet puts every pod under kubepods, with the systemd driver as
  // kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod<uid with _>.slice/cri-containerd-<id>.scope
  // (or crio-<id>.scope, docker-<id>.scope), with cgroupfs as /kubepods/besteffort/pod<uid>/<id>
  // (kubelet's pkg/kubelet/cm/cgroup_manager_linux.go and pod_container_manager_linux.go).
  if (segs.some((s) => s === 'kubepods' || s.startsWith('kubepods.') || s.startsWith('kubepods-'))) {
    const pod = path.match(/pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})/);
    const leaf = segs[segs.length - 1] ?? '';
    const runtime = /^(cri-containerd|crio|docker)-([0-9a-f]{64})\.scope$/.exec(leaf);
    const detail: Record<string, string> = {};
    if (pod) detail.pod = pod[1]!.replace(/_/g, '-');
    if (runtime) detail.runtime = runtime[1] === 'cri-containerd' ? 'containerd' : runtime[1]!;
    const id = runtime ? runtime[2]! : HEX64.test(leaf) ? leaf : null;
    if (id) detail.container = id;
    clues.push({ kind: 'kubernetes', id: pod ? pod[1]!.replace(/_/g, '-') : null, detail, source });
    return clues;
  }
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    let m: RegExpExecArray | null;
    // Docker, systemd cgroup driver: system.slice/docker-<id>.scope; cgroupfs driver: /docker/<id>
    // (Docker's documentation, "Runtime metrics": "Enumerate cgroups", and moby's
    // daemon/oci_linux.go, which names the cgroup parent "docker" or "system.slice").
    if ((m = /^docker-([0-9a-f]{64})\.scope$/.exec(seg))) clues.push({ kind: 'docker', id: m[1], source });
    else if (seg === 'docker' && HEX64.test(segs[i + 1] ?? '')) clues.push({ kind: 'docker', id: segs[i + 1], source });
    // Podman: machine.slice/libpod-<id>.scope (rootful) or user@UID.service/.../libpod-<id>.scope
    // (rootless) with the systemd manager, /libpod_parent/libpod-<id> with cgroupfs; conmon sits in
    // libpod-conmon-<id>.scope (podman's libpod/runtime_ctr.go and pkg/cgroups).
    else if ((m = /^libpod-(?:conmon-)?([0-9a-f]{64})(?:\.scope)?$/.exec(seg))) clues.push({ kind: 'podman', id: m[1], source });
    // containerd without Kubernetes (ctr, nerdctl): systemd driver cri-containerd-<id>.scope or
    // nerdctl-<id>.scope, cgroupfs /<containerd namespace>/<id> (containerd's default cgroup path
    // is "/" + namespace + "/" + id: pkg/oci/spec_opts.go WithDefaultPathEnv... and cmd/ctr).
    else if ((m = /^(?:cri-containerd|nerdctl)-([0-9a-f]{64})\.scope$/.exec(seg))) clues.push({ kind: 'containerd', id: m[1], source });
    else if (i === segs.length - 2 && HEX64.test(segs[i + 1] ?? '') && seg !== 'docker' && !seg.includes('.'))
      clues.push({ kind: 'containerd', id: segs[i + 1], detail: { namespace: seg }, source });
    // LXC: lxc.payload.<name> since LXC 4.0, lxc.payload/<name> in 3.x, /lxc/<name> before
    // (the LXC 4.0 release notes, "cgroup layout"; sysdig's detection, draios/sysdig#1345).
    else if ((m = /^lxc\.payload\.(.+)$/.exec(seg))) clues.push({ kind: 'lxc', name: m[1], source });
    else if ((seg === 'lxc.payload' || seg === 'lxc') && segs[i + 1]) clues.push({ kind: 'lxc', name: segs[i + 1], source });
    // systemd-nspawn registered with machined: machine.slice/machine-<escaped name>.scope
    // (systemd-machined.service(8); machinectl shows the same name).
    else if ((m = /^machine-(.+)\.scope$/.exec(seg))) clues.push({ kind: 'systemd-nspawn', name: unescapeUnit(m[1]!), source });
    // Flatpak: app.slice/app-flatpak-<app id>-<number>.scope (flatpak's common/flatpak-run.c
    // names the transient scope after the app).
    else if ((m = /^app-flatpak-(.+)-[0-9]+\.scope$/.exec(seg))) clues.push({ kind: 'flatpak', name: unescapeUnit(m[1]!), source });
  }
  if (clues.length) return clues;
  // A service with PrivateNetwork=yes: its processes are in system.slice/<unit>.service (or under
  // user@UID.service for user units): systemd.exec(5), systemd.resource-control(5).
  const leaf = segs[segs.length - 1];
  if (leaf?.endsWith('.service') && !/^user@[0-9]+\.service$/.test(leaf))
    clues.push({ kind: 'systemd-service', name: unescapeUnit(leaf), detail: { unit: unescapeUnit(leaf) }, source });
  return clues;
}

/** Value of a command-line option in its -o V, -oV, --opt V and --opt=V spellings. */
export function optionValue(argv: string[], short: string | null, long: string | null): string | null {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return null;
    if (long && a === long) return argv[i + 1] ?? null;
    if (long && a.startsWith(`${long}=`)) return a.slice(long.length + 1);
    if (short && a === short) return argv[i + 1] ?? null;
    if (short && a.startsWith(short) && !a.startsWith('--') && a.length > short.length) return a.slice(short.length);
  }
  return null;
}

const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** The clues one command line gives (a member's or a parent's). */
export function cluesFromCmdline(argv: string[], comm: string): Clue[] {
  const source = 'cmdline';
  const prog = base(argv[0] ?? comm);
  const joined = argv.join(' ');
  // LXC's monitor renames itself "[lxc monitor] <lxcpath> <name>" (lxc's src/lxc/start.c).
  const monitor = /^\[lxc monitor\] (\S+) (.+)$/.exec(joined);
  if (monitor) return [{ kind: 'lxc', name: monitor[2]!, detail: { path: monitor[1]! }, source }];
  switch (prog) {
    // conmon, Podman's and CRI-O's monitor: `conmon --api-version 1 -c <id> -u <id> -r <runtime>
    // -b <bundle> -p <pidfile> -n <name> ...` (podman's libpod/oci_conmon_common.go; conmon's
    // src/cli.c declares -c/--cid and -n/--name).
    case 'conmon': {
      const id = optionValue(argv, '-c', '--cid');
      const name = optionValue(argv, '-n', '--name');
      // CRI-O names its containers k8s_<container>_<pod>_<namespace>_<uid>_<attempt>.
      const k8s = name ? /^k8s_([^_]+)_([^_]+)_([^_]+)_/.exec(name) : null;
      if (k8s) return [{ kind: 'kubernetes', name: k8s[2], detail: { namespace: k8s[3]!, runtime: 'cri-o' }, source }];
      return [{ kind: 'podman', id, name, source }];
    }
    // containerd's shim: `containerd-shim-runc-v2 -namespace moby -id <id> -address
    // /run/containerd/containerd.sock`; Docker uses the containerd namespace "moby", the CRI
    // plugin "k8s.io" (containerd's runtime/v2/shim/shim.go flags; moby's libcontainerd).
    case 'containerd-shim':
    case 'containerd-shim-runc-v1':
    case 'containerd-shim-runc-v2': {
      const namespace = optionValue(argv, '-namespace', '--namespace');
      const id = optionValue(argv, '-id', '--id');
      if (namespace === 'moby') return [{ kind: 'docker', id, source }];
      if (namespace === 'k8s.io') return [{ kind: 'kubernetes', detail: { sandbox: id ?? '', runtime: 'containerd' }, source }];
      return [{ kind: 'containerd', id, detail: namespace ? { namespace } : {}, source }];
    }
    // systemd-nspawn(1): -M/--machine=NAME, else the last part of -D/--directory or -i/--image.
    case 'systemd-nspawn': {
      const dir = optionValue(argv, '-D', '--directory');
      const image = optionValue(argv, '-i', '--image');
      const name = optionValue(argv, '-M', '--machine') ?? (dir && dir !== '/' ? base(dir.replace(/\/+$/, '')) : image ? base(image).replace(/\.raw$/, '') : null);
      const detail: Record<string, string> = {};
      if (dir) detail.directory = dir;
      if (image) detail.image = image;
      return [{ kind: 'systemd-nspawn', name, detail, source }];
    }
    // lxc-start(1): -n/--name NAME.
    case 'lxc-start':
      return [{ kind: 'lxc', name: optionValue(argv, '-n', '--name'), source }];
  }
  // Chromium-based browsers run their sandboxed children as `<browser> --type=renderer|utility|
  // zygote ...`, each zygote in a new network namespace (chromium's docs/linux/sandboxing.md);
  // Firefox's children are `firefox -contentproc ... <type>` (tab, socket, rdd, utility).
  const type = optionValue(argv, null, '--type');
  if (type && /chrom|electron|msedge|brave|vivaldi|opera/i.test(prog))
    return [{ kind: 'browser', name: prog, detail: { process: type }, source }];
  if (argv.includes('-contentproc') && /firefox|librewolf|thunderbird/i.test(prog))
    return [{ kind: 'browser', name: prog, detail: { process: argv[argv.length - 1] ?? '' }, source }];
  // bubblewrap alone does not say whose sandbox it is (Flatpak, Steam, thumbnailers...).
  if (prog === 'bwrap') return [{ kind: 'unknown', detail: { sandbox: 'bwrap' }, source }];
  return [];
}

/** The clues a member's environment gives (`container=` as systemd's CONTAINER_INTERFACE says). */
export function cluesFromEnviron(env: Record<string, string>): Clue[] {
  const source = 'environ';
  const clues: Clue[] = [];
  // container= is set by podman (podman-run(1): "container=podman"), systemd-nspawn
  // ("systemd-nspawn"), LXC ("lxc"), Flatpak ("flatpak"?: not set; FLATPAK_ID is), others "oci".
  const known: Record<string, OwnerKind> = { podman: 'podman', docker: 'docker', lxc: 'lxc', 'lxc-libvirt': 'lxc', 'systemd-nspawn': 'systemd-nspawn', flatpak: 'flatpak' };
  const c = env.container;
  if (c && known[c]) clues.push({ kind: known[c], id: c === 'systemd-nspawn' ? (env.container_uuid ?? null) : null, source });
  else if (c) clues.push({ kind: 'unknown', detail: { container: c }, source });
  if (env.FLATPAK_ID) clues.push({ kind: 'flatpak', name: env.FLATPAK_ID, source });
  // Kubernetes sets a container's hostname to its pod's name, Docker to the short id: a hint only.
  if (env.HOSTNAME) clues.push({ kind: 'unknown', detail: { hostname: env.HOSTNAME }, source });
  return clues;
}

/** NUL-separated KEY=VALUE (/proc/PID/environ) → the keys asked for. */
export function parseEnviron(text: string, keys: readonly string[] = ENVIRON_KEYS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const k = entry.slice(0, eq);
    if (keys.includes(k) && !(k in out)) out[k] = entry.slice(eq + 1);
  }
  return out;
}

/** The owner of one namespace from its facts: the strongest kind told, its clues merged. */
export function detectOwner(facts: NamespaceFacts): NamespaceOwner {
  if (facts.current) return { kind: 'host', name: null, id: null, detail: {}, source: 'current' };
  const clues: Clue[] = [];
  for (const p of facts.members) {
    for (const path of cgroupPaths(p.cgroup)) clues.push(...cluesFromCgroup(path));
    clues.push(...cluesFromCmdline(p.cmdline, p.comm));
    clues.push(...cluesFromEnviron(p.environ));
  }
  for (const p of facts.ancestors) clues.push(...cluesFromCmdline(p.cmdline, p.comm));
  // A name under /run/netns says less than a container engine, more than a unit's cgroup: a
  // process started by `ip netns exec` from a service keeps the service's cgroup.
  if (facts.names.length) clues.push({ kind: 'netns', name: facts.names[0]!, source: 'ip netns' });
  let best: OwnerKind = 'unknown';
  for (const c of clues) if (RANK[c.kind] > RANK[best]) best = c.kind;
  if (best === 'systemd-service' && facts.names.length) best = 'netns';
  const chosen = clues.filter((c) => c.kind === best);
  const hints = clues.filter((c) => c.kind === 'unknown');
  const owner: NamespaceOwner = { kind: best, name: null, id: null, detail: {}, source: '' };
  const sources = new Set<string>();
  for (const c of [...chosen, ...hints]) {
    if (c.kind === best) {
      owner.name ??= c.name ?? null;
      owner.id ??= c.id ?? null;
    }
    for (const [k, v] of Object.entries(c.detail ?? {})) if (v && !(k in owner.detail)) owner.detail[k] = v;
    sources.add(c.source);
  }
  // A Kubernetes pod is named by its containers' hostname; Docker's hostname is only the short id.
  if (best === 'kubernetes' && !owner.name && owner.detail.hostname) owner.name = owner.detail.hostname;
  if (best !== 'unknown') delete owner.detail.hostname;
  if (facts.names.length && best !== 'netns') owner.detail.netns = facts.names.join(',');
  owner.source = [...sources].join('+') || 'none';
  return owner;
}

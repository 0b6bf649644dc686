// Owners told from /proc text in the shapes each engine really produces (sources in detect.ts; the
// systemd-nspawn shapes were captured from a machine run in scripts/sandbox.sh, see
// owners.kernel.test.ts for the same run live).
import { describe, expect, it } from 'vitest';
import { ownerLabel, ownerSearchText } from '../../../shared/owners';
import { cgroupPaths, cluesFromCgroup, detectOwner, optionValue, parseEnviron, type NamespaceFacts, type ProcFacts } from './detect';
import { namespaceFacts, parentOf, readProcFacts } from './read-proc';

const ID = '1f2e3d4c5b6a79880a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778';
const ID2 = 'ae836c95b4c3c9e9179e0e91015512da89fdec91612f63cebae57df9a5444c79';

const proc = (p: Partial<ProcFacts>): ProcFacts => ({ pid: 100, comm: 'sh', cmdline: ['/bin/sh'], cgroup: '0::/\n', environ: {}, ...p });
const ns = (members: Partial<ProcFacts>[], ancestors: Partial<ProcFacts>[] = [], names: string[] = []): NamespaceFacts => ({
  names,
  current: false,
  members: members.map(proc),
  ancestors: ancestors.map(proc),
});

describe('cgroup paths', () => {
  it('reads v2, hybrid and v1 files, unified and systemd first', () => {
    // Captured from a systemd-nspawn payload in the sandbox (a hybrid hierarchy).
    const hybrid = '9:name=systemd:/payload\n8:pids:/\n4:memory:/process_api/6f76\n0::/payload\n';
    expect(cgroupPaths(hybrid)).toEqual(['/payload', '/', '/process_api/6f76']);
    expect(cgroupPaths(`0::/system.slice/docker-${ID}.scope\n`)).toEqual([`/system.slice/docker-${ID}.scope`]);
    expect(cgroupPaths('garbage\n\n1:cpu\n')).toEqual([]);
  });
});

describe('owners from cgroups', () => {
  it('docker with the systemd driver and with cgroupfs (docs.docker.com, Runtime metrics)', () => {
    expect(detectOwner(ns([{ cgroup: `0::/system.slice/docker-${ID}.scope\n` }]))).toMatchObject({ kind: 'docker', id: ID, source: 'cgroup' });
    // A v1 host, as /proc/PID/cgroup shows it with the cgroupfs driver.
    const v1 = ['11:devices', '4:memory', '1:name=systemd'].map((h) => `${h}:/docker/${ID2}`).join('\n');
    expect(detectOwner(ns([{ cgroup: v1 }]))).toMatchObject({ kind: 'docker', id: ID2 });
  });

  it('podman rootful, rootless and cgroupfs; conmon beside it', () => {
    expect(detectOwner(ns([{ cgroup: `0::/machine.slice/libpod-${ID}.scope/container\n`, environ: { container: 'podman' } }]))).toMatchObject({
      kind: 'podman',
      id: ID,
      source: 'cgroup+environ',
    });
    const rootless = `0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope\n`;
    expect(detectOwner(ns([{ cgroup: rootless }]))).toMatchObject({ kind: 'podman', id: ID });
    expect(detectOwner(ns([{ cgroup: `0::/libpod_parent/libpod-${ID}\n` }]))).toMatchObject({ kind: 'podman', id: ID });
    const conmon = ['/usr/bin/conmon', '--api-version', '1', '-c', ID, '-u', ID, '-r', '/usr/bin/crun', '-b', `/var/lib/containers/storage/overlay-containers/${ID}/userdata`, '-p', '/run/pid', '-n', 'web-1', '--exit-dir', '/run/libpod/exits'];
    expect(detectOwner(ns([{ cgroup: '0::/\n' }], [{ comm: 'conmon', cmdline: conmon }]))).toMatchObject({ kind: 'podman', id: ID, name: 'web-1', source: 'cmdline' });
  });

  it('kubernetes pods with the systemd and cgroupfs drivers, and CRI-O names', () => {
    const systemd = `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pode9fd6274_59d1_11e9_af90_9e3c8464d679.slice/cri-containerd-${ID}.scope\n`;
    const o = detectOwner(ns([{ cgroup: systemd, environ: { HOSTNAME: 'web-7d9f8-abcde' } }]));
    expect(o).toMatchObject({ kind: 'kubernetes', id: 'e9fd6274-59d1-11e9-af90-9e3c8464d679', name: 'web-7d9f8-abcde' });
    expect(o.detail).toMatchObject({ runtime: 'containerd', container: ID, pod: 'e9fd6274-59d1-11e9-af90-9e3c8464d679' });
    const cgroupfs = `4:memory:/kubepods/besteffort/podbdb70d35-dd7e-4030-bff8-39d860432bc1/${ID}\n`;
    expect(detectOwner(ns([{ cgroup: cgroupfs }]))).toMatchObject({ kind: 'kubernetes', id: 'bdb70d35-dd7e-4030-bff8-39d860432bc1' });
    const crio = ['/usr/bin/conmon', '-b', '/run/b', '-c', ID, '-n', 'k8s_nginx_web-1_default_e9fd6274_0', '-r', '/usr/bin/runc'];
    expect(detectOwner(ns([{}], [{ comm: 'conmon', cmdline: crio }]))).toMatchObject({ kind: 'kubernetes', name: 'web-1', detail: { namespace: 'default', runtime: 'cri-o' } });
  });

  it('docker and kubernetes through containerd-shim, plain containerd by its namespace', () => {
    const shim = (namespace: string) => ['/usr/bin/containerd-shim-runc-v2', '-namespace', namespace, '-id', ID, '-address', '/run/containerd/containerd.sock'];
    expect(detectOwner(ns([{}], [{ comm: 'containerd-shim', cmdline: shim('moby') }]))).toMatchObject({ kind: 'docker', id: ID });
    expect(detectOwner(ns([{}], [{ comm: 'containerd-shim', cmdline: shim('k8s.io') }]))).toMatchObject({ kind: 'kubernetes', detail: { sandbox: ID } });
    expect(detectOwner(ns([{}], [{ comm: 'containerd-shim', cmdline: shim('default') }]))).toMatchObject({ kind: 'containerd', id: ID, detail: { namespace: 'default' } });
    expect(detectOwner(ns([{ cgroup: `0::/default/${ID}\n` }]))).toMatchObject({ kind: 'containerd', id: ID, detail: { namespace: 'default' } });
  });

  it('LXC 4+, 3.x and older, and its monitor process', () => {
    expect(detectOwner(ns([{ cgroup: '0::/lxc.payload.db-1/init.scope\n', environ: { container: 'lxc' } }]))).toMatchObject({ kind: 'lxc', name: 'db-1' });
    expect(detectOwner(ns([{ cgroup: '4:memory:/lxc.payload/db-1\n' }]))).toMatchObject({ kind: 'lxc', name: 'db-1' });
    expect(detectOwner(ns([{ cgroup: '4:memory:/lxc/db-1\n' }]))).toMatchObject({ kind: 'lxc', name: 'db-1' });
    expect(detectOwner(ns([{}], [{ comm: 'lxc-start', cmdline: ['[lxc monitor] /var/lib/lxc db-1'] }]))).toMatchObject({ kind: 'lxc', name: 'db-1' });
    expect(detectOwner(ns([{}], [{ comm: 'lxc-start', cmdline: ['lxc-start', '-F', '-n', 'db-1'] }]))).toMatchObject({ kind: 'lxc', name: 'db-1' });
  });

  it('systemd-nspawn: machined scope, its command line, its environment', () => {
    expect(detectOwner(ns([{ cgroup: '0::/machine.slice/machine-web\\x2d1.scope/payload\n' }]))).toMatchObject({ kind: 'systemd-nspawn', name: 'web-1' });
    // Captured in the sandbox: payload environment and the supervisor's command line.
    const o = detectOwner(
      ns(
        [{ comm: 'sleep', cmdline: ['sleep', '30'], cgroup: '9:name=systemd:/payload\n0::/payload\n', environ: { container: 'systemd-nspawn', container_uuid: 'b9de7fa8-d7c4-4dbf-922b-eac855826fa6' } }],
        [{ comm: 'systemd-nspawn', cmdline: ['systemd-nspawn', '-q', '-D', '/', '--volatile=yes', '--private-network', '--register=no', '--keep-unit', '-M', 'web1', 'sleep', '30'] }],
      ),
    );
    expect(o).toMatchObject({ kind: 'systemd-nspawn', name: 'web1', id: 'b9de7fa8-d7c4-4dbf-922b-eac855826fa6', detail: { directory: '/' } });
    expect(detectOwner(ns([{}], [{ comm: 'systemd-nspawn', cmdline: ['systemd-nspawn', '--machine=db', 'sh'] }])).name).toBe('db');
    expect(detectOwner(ns([{}], [{ comm: 'systemd-nspawn', cmdline: ['systemd-nspawn', '-D', '/var/lib/machines/arch/', 'sh'] }])).name).toBe('arch');
  });

  it('flatpak apps, browser sandboxes, PrivateNetwork services', () => {
    const flatpak = '0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-flatpak-org.mozilla.firefox-12345.scope\n';
    expect(detectOwner(ns([{ cgroup: flatpak, environ: { FLATPAK_ID: 'org.mozilla.firefox' } }]))).toMatchObject({ kind: 'flatpak', name: 'org.mozilla.firefox' });
    const chrome = ['/usr/lib/chromium/chromium', '--type=zygote', '--crashpad-handler-pid=5'];
    expect(detectOwner(ns([{ comm: 'chromium', cmdline: chrome }]))).toMatchObject({ kind: 'browser', name: 'chromium', detail: { process: 'zygote' } });
    const firefox = ['/usr/lib/firefox-esr/firefox-esr', '-contentproc', '-childID', '1', '-isForBrowser', '{x}', '12', 'true', 'tab'];
    expect(detectOwner(ns([{ comm: 'Isolated Web Co', cmdline: firefox }]))).toMatchObject({ kind: 'browser', name: 'firefox-esr', detail: { process: 'tab' } });
    expect(detectOwner(ns([{ cgroup: '0::/system.slice/foo\\x2dbar.service\n' }]))).toMatchObject({ kind: 'systemd-service', name: 'foo-bar.service', detail: { unit: 'foo-bar.service' } });
  });

  it('a name from ip netns beats a service cgroup; an engine beats the name; nothing told is unknown', () => {
    expect(detectOwner(ns([{ cgroup: '0::/system.slice/ssh.service\n' }], [], ['blue']))).toMatchObject({ kind: 'netns', name: 'blue' });
    expect(detectOwner(ns([{ cgroup: `0::/system.slice/docker-${ID}.scope\n` }], [], ['web']))).toMatchObject({ kind: 'docker', detail: { netns: 'web' } });
    expect(detectOwner(ns([]))).toEqual({ kind: 'unknown', name: null, id: null, detail: {}, source: 'none' });
    expect(detectOwner(ns([{ cmdline: ['bwrap', '--args', '40', 'sh'], environ: { container: 'weird' } }]))).toMatchObject({ kind: 'unknown', detail: { sandbox: 'bwrap', container: 'weird' } });
    expect(detectOwner({ names: [], current: true, members: [], ancestors: [] }).kind).toBe('host');
  });

  it('does not take path parts that merely look alike', () => {
    expect(cluesFromCgroup('/user.slice/user-1000.slice/session-3.scope')).toEqual([]);
    expect(cluesFromCgroup('/system.slice/docker.service')).toMatchObject([{ kind: 'systemd-service' }]);
    expect(cluesFromCgroup('/user.slice/user-1000.slice/user@1000.service')).toEqual([]);
  });
});

describe('labels and search', () => {
  it('names the owner, or its short id, then its kind', () => {
    expect(ownerLabel({ kind: 'docker', name: 'web-1', id: ID, detail: {}, source: 'docker api' })).toBe('web-1 · docker');
    expect(ownerLabel({ kind: 'docker', name: null, id: ID, detail: {}, source: 'cgroup' })).toBe('1f2e3d4c5b6a · docker');
    expect(ownerLabel({ kind: 'unknown', name: null, id: null, detail: {}, source: 'none' })).toBe('unknown');
    expect(ownerSearchText({ kind: 'docker', name: 'web-1', id: ID, detail: { image: 'nginx:1.27' }, source: '' })).toContain('nginx:1.27');
  });
});

describe('command-line options and environment', () => {
  it('reads -o V, -oV, --opt V, --opt=V and stops at --', () => {
    expect(optionValue(['x', '-M', 'a'], '-M', '--machine')).toBe('a');
    expect(optionValue(['x', '-Ma'], '-M', '--machine')).toBe('a');
    expect(optionValue(['x', '--machine', 'a'], '-M', '--machine')).toBe('a');
    expect(optionValue(['x', '--machine=a'], '-M', '--machine')).toBe('a');
    expect(optionValue(['x', '--', '-M', 'a'], '-M', '--machine')).toBeNull();
  });
  it('keeps only the environment variables it needs', () => {
    expect(parseEnviron('PATH=/bin\0container=podman\0SECRET=x\0=odd\0noequals\0')).toEqual({ container: 'podman' });
  });
});

describe('the /proc reader', () => {
  const files: Record<string, string> = {
    '/proc/10/stat': '10 (systemd-nspawn) S 1 10 10 0 -1',
    '/proc/10/cmdline': 'systemd-nspawn\0-M\0web1\0sleep\0',
    '/proc/10/comm': 'systemd-nspawn\n',
    '/proc/12/stat': '12 (a (weird) name) S 10 12 12 0 -1',
    '/proc/12/comm': 'sleep\n',
    '/proc/12/cmdline': 'sleep\x0030\0',
    '/proc/12/cgroup': '0::/payload\n',
    '/proc/12/environ': 'container=systemd-nspawn\0',
  };
  const read = (path: string): string => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return text;
  };

  it('reads the parent past a comm holding ") "', () => {
    expect(parentOf('12 (a (weird) name) S 10 12')).toBe(10);
    expect(parentOf('garbage')).toBeNull();
  });

  it('reads members and their parents', () => {
    const f = namespaceFacts({ names: [], current: false, pids: [12] }, read);
    expect(f.members.map((p) => [p.pid, p.cmdline])).toEqual([[12, ['sleep', '30']]]);
    expect(f.ancestors.map((p) => p.comm)).toEqual(['systemd-nspawn']);
    expect(detectOwner(f)).toMatchObject({ kind: 'systemd-nspawn', name: 'web1' });
  });

  it('gives a partial answer when processes vanish mid-read', () => {
    // 13 is gone before its stat is read; 12's cgroup and environ vanish after its stat.
    const vanishing = (path: string) => {
      if (path === '/proc/12/cgroup' || path === '/proc/12/environ') throw new Error('ESRCH');
      return read(path);
    };
    expect(readProcFacts(13, read)).toBeNull();
    const f = namespaceFacts({ names: [], current: false, pids: [13, 12] }, vanishing);
    expect(f.members).toMatchObject([{ pid: 12, cgroup: '', environ: {} }]);
    expect(detectOwner(f)).toMatchObject({ kind: 'systemd-nspawn', name: 'web1', source: 'cmdline' });
  });
});

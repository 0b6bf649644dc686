// The desktop app as it is installed: build/package-layout.mjs runs electron-builder (the `dir`
// target with a stand-in Electron: the Node binary under Electron's name, which runs the script it
// is given just as Electron does with ELECTRON_RUN_AS_NODE=1), then the deb target up to the
// file list it would hand to fpm. Then, as root in the sandbox:
//   - the unpacked app (what the deb puts in /opt and the AppImage mounts) starts its helper the
//     way the launcher does and answers a snapshot; without a file koffi needs, it does not;
//   - build/install-layout.sh installs the deb's files into overlays of /usr, /opt, /etc, /var
//     (nothing reaches the real system) and the checks below run in that world.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const inSandbox = process.env.NETNS_STUDIO_KERNEL === 'sandbox';
const APP = '/opt/Netns Studio';
const SNAPSHOT = '{"id":1,"method":"snapshot","input":{}}\n';
// pkexec runs programs with a clean environment and this PATH
const PKEXEC_ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' };

let out = '';

/** The helper's first answer to a snapshot request, started as `command args` with `env` only. */
function askSnapshot(command: string, args: string[], env: Record<string, string>) {
  const r = spawnSync(command, args, { input: SNAPSHOT, env, encoding: 'utf8', timeout: 30_000 });
  const first = r.stdout.split('\n').find((l) => l.startsWith('{'));
  return { answer: first ? (JSON.parse(first) as { id: number; result: { ok: boolean; value?: { namespaces: unknown[] } } }) : null, stderr: r.stderr, status: r.status };
}

describe.skipIf(!inSandbox)('the packaged app', () => {
  beforeAll(() => {
    // scripts/test.sh builds dist/ first; without it this is a failure, not a skip
    expect(existsSync(join(ROOT, 'dist/core.cjs')), 'dist/core.cjs (npm run build)').toBe(true);
    out = mkdtempSync(join(tmpdir(), 'netns-studio-package-'));
    const r = spawnSync(process.execPath, [join(ROOT, 'build/package-layout.mjs'), out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr + r.stdout).toBe(0);
  });
  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('holds the helper with koffi and its native package, and the helper answers a snapshot', () => {
    const app = join(out, 'linux-unpacked');
    const { answer, stderr } = askSnapshot(join(app, 'netns-studio'), [join(app, 'resources/core/core.cjs')], { ...PKEXEC_ENV, ELECTRON_RUN_AS_NODE: '1' });
    expect(answer?.result.ok, stderr).toBe(true);
    expect(answer?.result.value?.namespaces.length).toBeGreaterThan(0);
  });

  it('fails when a file koffi needs at run time is not in the package', () => {
    const core = mkdtempSync(join(tmpdir(), 'netns-studio-core-'));
    try {
      cpSync(join(out, 'linux-unpacked/resources/core'), core, { recursive: true });
      rmSync(join(core, 'node_modules/@koromix'), { recursive: true });
      const { answer, stderr } = askSnapshot(process.execPath, [join(core, 'core.cjs')], PKEXEC_ENV);
      expect(answer?.result.ok).not.toBe(true);
      expect(stderr).toMatch(/koffi/);
    } finally {
      rmSync(core, { recursive: true, force: true });
    }
  });

  it('installs where polkit, pkexec and desktops look, and the installed launcher runs the helper', () => {
    // Each check prints "name=value"; the snapshot's answer comes last, on a line of its own.
    const checks = String.raw`
      policy=/usr/share/polkit-1/actions/org.netnsstudio.core.policy
      echo "policy=$(test -f $policy && echo present)"
      echo "policy-valid=$(xmllint --noout --dtdvalid /usr/share/polkit-1/policyconfig-1.dtd $policy 2>&1 && echo yes)"
      exec_path=$(xmllint --xpath 'string(//annotate[@key="org.freedesktop.policykit.exec.path"])' $policy)
      echo "exec-path=$exec_path"
      echo "launcher=$(test -f "$exec_path" && test -x "$exec_path" && stat -c %U:%a "$exec_path")"
      desktop=/usr/share/applications/netns-studio.desktop
      echo "desktop=$(test -f $desktop && echo present)"
      echo "desktop-exec=$(sed -n 's/^Exec=//p' $desktop)"
      echo "desktop-icon=$(sed -n 's/^Icon=//p' $desktop)"
      echo "desktop-wmclass=$(sed -n 's/^StartupWMClass=//p' $desktop)"
      echo "icon=$(ls /usr/share/icons/hicolor/256x256/apps/ | grep '^netns-studio\.' )"
      echo "bin=$(readlink -f /usr/bin/netns-studio)"
      echo "answer=$(printf '%s\n' '${SNAPSHOT.trim()}' | env -i PATH=${PKEXEC_ENV.PATH} "$exec_path" | head -n 1)"
    `;
    const r = spawnSync('bash', [join(ROOT, 'build/install-layout.sh'), out, 'bash', '-c', checks], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const seen = Object.fromEntries(r.stdout.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(seen.policy).toBe('present');
    expect(seen['policy-valid']).toBe('yes');
    expect(seen['exec-path']).toBe('/usr/lib/netns-studio/netns-studio-core');
    expect(seen.launcher).toBe('root:755');
    expect(seen.desktop).toBe('present');
    expect(seen['desktop-exec']).toBe(`"${APP}/netns-studio" %U`);
    expect(seen['desktop-icon']).toBe('netns-studio');
    expect(seen['desktop-wmclass']).toBe('netns-studio');
    expect(seen.icon).toBe('netns-studio.png');
    expect(seen.bin).toBe(`${APP}/netns-studio`);
    const answer = JSON.parse(seen.answer || 'null') as { id: number; result: { ok: boolean } } | null;
    expect(answer, r.stderr).toMatchObject({ id: 1, result: { ok: true } });
    // and nothing of it reached the real system
    expect(existsSync(APP)).toBe(false);
    expect(existsSync('/usr/lib/netns-studio')).toBe(false);
  });
});

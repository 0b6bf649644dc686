// How the host starts the core helper. As root it runs the helper directly; as a desktop user it
// asks pkexec, which shows the polkit dialog for our action (build/polkit/*.policy). pkexec
// matches the action by exec path, so an installed app always runs the installed launcher
// (build/helper/netns-studio-core), which runs the helper on the package's own Electron binary.
// From an AppImage without the deb's helper there is no way that works: it says so instead.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where the deb installs the launcher (build/helper/netns-studio-core). */
export const INSTALLED_HELPER = '/usr/lib/netns-studio/netns-studio-core';

export interface HelperCommand {
  command: string;
  args: string[];
  /** Whether pkexec stands in between, so its exit codes 126/127 mean what pkexec says. */
  viaPkexec: boolean;
  /** Added to the host's environment (pkexec clears it: only for a helper started directly). */
  env?: Record<string, string>;
  /** Set when the helper cannot be started from here at all: the sentence the window shows. */
  unavailable?: string;
}

export interface HelperCommandOptions {
  /** The bundled helper: dist/core.cjs, or resources/core/core.cjs in a package. */
  coreScript: string;
  /** A Node binary to run it with from a source checkout (pkexec clears the environment, so
   *  Electron's run-as-node mode cannot be asked for through it without the installed launcher). */
  node?: string;
  isRoot?: boolean;
  installedHelper?: string;
  /** The running Electron binary, when the host is Electron: as root it runs the helper itself,
   *  in run-as-node mode (the packaged app keeps the runAsNode fuse on for this). */
  electron?: string;
  /** $APPIMAGE when running from an AppImage (its files are on the user's FUSE mount). */
  appImage?: string;
  version?: string;
}

export function helperCommand(o: HelperCommandOptions): HelperCommand {
  const isRoot = o.isRoot ?? process.getuid?.() === 0;
  const installed = o.installedHelper ?? INSTALLED_HELPER;
  const node = o.node ?? process.env.NETNS_STUDIO_NODE ?? (process.versions.electron ? findInPath('node') : process.execPath);
  if (isRoot) {
    // as root, the shell equivalent is `ELECTRON_RUN_AS_NODE=1 netns-studio core.cjs`: no Node needed
    if (o.electron) return { command: o.electron, args: [o.coreScript], viaPkexec: false, env: { ELECTRON_RUN_AS_NODE: '1' } };
    return { command: node, args: [o.coreScript], viaPkexec: false };
  }
  // Installed: the launcher our policy names. From a source tree: pkexec's own generic action.
  if (existsSync(installed)) return { command: 'pkexec', args: [installed], viaPkexec: true };
  if (o.appImage) {
    // root may not read the user's FUSE mount (/tmp/.mount_*), so `pkexec … core.cjs` from there
    // can only fail: say what works instead of asking for a password in vain
    return {
      command: 'pkexec',
      args: [],
      viaPkexec: true,
      unavailable:
        `This AppImage cannot start its root helper: root cannot read the AppImage's own mount. ` +
        `Install the deb, which puts the helper at ${installed} (sudo apt install ./netns-studio_${o.version ?? 'VERSION'}_amd64.deb), ` +
        `then start Netns Studio again; the AppImage uses that helper once it is there.`,
    };
  }
  return { command: 'pkexec', args: [node, o.coreScript], viaPkexec: true };
}
/** An absolute path, as pkexec wants one (it runs the program with a clean environment). */
function findInPath(name: string): string {
  for (const dir of (process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return `/usr/bin/${name}`;
}

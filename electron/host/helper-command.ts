// How the host starts the core helper. As root it runs the helper directly; as a desktop user it
// asks pkexec, which shows the polkit dialog for our action (build/polkit/*.policy, auth_admin:
// one password per helper start). pkexec matches the action by exec path, so an
// installed app always runs the installed launcher.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where the deb installs the launcher (build/helper/netns-studio-core). */
export const INSTALLED_HELPER = '/usr/lib/netns-studio/netns-studio-core';

export interface HelperCommand {
  command: string;
  args: string[];
  /** Whether pkexec stands in between, so its exit codes 126/127 mean what pkexec says. */
  viaPkexec: boolean;
}

export interface HelperCommandOptions {
  /** The bundled helper, dist/core.cjs. */
  coreScript: string;
  /** A Node binary to run it with; Electron's own cannot (the runAsNode fuse is off). */
  node?: string;
  isRoot?: boolean;
  installedHelper?: string;
}

export function helperCommand(o: HelperCommandOptions): HelperCommand {
  const isRoot = o.isRoot ?? process.getuid?.() === 0;
  const node = o.node ?? process.env.NETNS_STUDIO_NODE ?? (process.versions.electron ? findInPath('node') : process.execPath);
  const installed = o.installedHelper ?? INSTALLED_HELPER;
  if (isRoot) return { command: node, args: [o.coreScript], viaPkexec: false };
  // Installed: the launcher our policy names. From a source tree: pkexec's own generic action.
  if (existsSync(installed)) return { command: 'pkexec', args: [installed], viaPkexec: true };
  return { command: 'pkexec', args: [node, o.coreScript], viaPkexec: true };
}

/** An absolute path, as pkexec wants one (it runs the program with a clean environment). */
function findInPath(name: string): string {
  for (const dir of (process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return `/usr/bin/${name}`;
}

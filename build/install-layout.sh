#!/usr/bin/env bash
# Installs the deb's file layout (from build/package-layout.mjs) into a throwaway copy of the root
# filesystem, runs the deb's after-install script, then runs COMMAND in that world:
#   - its own mount namespace (unshare --mount --propagation private), gone when COMMAND ends;
#   - overlays over /usr, /opt, /etc and /var whose upper layers are in a tmpfs: everything the
#     install writes lands there, nothing on the real system.
# It refuses to run outside scripts/sandbox.sh, so even the mount namespace it starts from is a
# throwaway one.
#   bash build/install-layout.sh LAYOUT_DIR COMMAND [ARGS...]
set -euo pipefail

main() {
  local layout=$1
  shift
  if [ "${NETNS_STUDIO_SANDBOX:-}" != 1 ] || [ "$(id -u)" != 0 ]; then
    echo "install-layout: run it as root inside scripts/sandbox.sh" >&2
    exit 70
  fi
  if [ "${NETNS_STUDIO_INSTALL_NS:-}" != 1 ]; then
    exec unshare --mount --propagation private env NETNS_STUDIO_INSTALL_NS=1 bash "$0" "$layout" "$@"
  fi

  local scratch
  scratch=$(mktemp -d /tmp/netns-studio-install.XXXXXX)
  mount -t tmpfs -o mode=755 netns-studio-install "$scratch"
  for dir in /usr /opt /etc /var; do
    mkdir -p "$dir" "$scratch/upper$dir" "$scratch/work$dir"
    mount -t overlay "netns-studio-install$dir" -o "lowerdir=$dir,upperdir=$scratch/upper$dir,workdir=$scratch/work$dir" "$dir"
  done

  # What fpm would put into the deb, where it would put it (modes kept, as fpm keeps them).
  node -e '
    const { cpSync } = require("node:fs");
    for (const { from, to } of JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"))) {
      cpSync(from, to, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    }' "$layout/deb-files.json"
  chown -R root:root "/opt/Netns Studio" /usr/lib/netns-studio
  bash "$layout/after-install.sh" >/dev/null
  exec "$@"
}

main "$@"
exit

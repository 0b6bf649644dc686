#!/usr/bin/env bash
# Runs a command inside a throwaway network + mount namespace, so that nothing it does can touch
# this machine's own namespaces:
#   - unshare --net --mount --propagation private: a new, empty network namespace and a private
#     copy of the mount table, both gone when the command ends;
#   - --pid --fork --mount-proc: a PID namespace with its own /proc, so the core's discovery sees
#     only the sandbox's processes (never the host's namespaces), and every process started in
#     the sandbox (daemons of the NetworkManager fixture included) ends with it;
#   - a tmpfs on /run: /run/netns (where `ip netns` and our core keep names) starts empty and
#     vanishes with the sandbox, and the host's D-Bus sockets are out of reach;
#   - an overlay on /etc with a tmpfs on /etc/netns, for `ip netns exec`'s per-namespace files,
#     without creating anything in the host's /etc;
#   - loopback up, for the browser host and its tests.
# Usage: scripts/sandbox.sh COMMAND [ARGS...]
#
# Everything is inside main(), which bash reads whole before running: a script edited while it
# runs must never skip the unshare and go on in the host's namespaces.
set -euo pipefail

main() {
  if [ "$(id -u)" != 0 ]; then
    echo "sandbox: not root, so kernel tests are skipped: creating namespaces and links needs" >&2
    echo "sandbox: CAP_SYS_ADMIN and CAP_NET_ADMIN (run the tests as root)." >&2
    export NETNS_STUDIO_KERNEL=skip
    exec "$@"
  fi

  if [ "${NETNS_STUDIO_SANDBOX:-}" != 1 ]; then
    export NETNS_STUDIO_HOST_NET
    NETNS_STUDIO_HOST_NET=$(readlink /proc/self/ns/net)
    exec unshare --net --mount --propagation private --pid --fork --mount-proc \
      env NETNS_STUDIO_SANDBOX=1 bash "$0" "$@"
  fi

  # From here on we must be inside the sandbox's own namespaces: check, never assume.
  if [ -z "${NETNS_STUDIO_HOST_NET:-}" ] || [ "$(readlink /proc/self/ns/net)" = "$NETNS_STUDIO_HOST_NET" ]; then
    echo "sandbox: refusing to run: not in a new network namespace" >&2
    exit 70
  fi
  mount -t tmpfs -o mode=755,size=64m netns-studio-run /run
  mkdir -p /run/netns /run/netns-studio/etc-upper /run/netns-studio/etc-work
  mount -t overlay netns-studio-etc \
    -o lowerdir=/etc,upperdir=/run/netns-studio/etc-upper,workdir=/run/netns-studio/etc-work /etc
  mkdir -p /etc/netns
  mount -t tmpfs -o mode=755,size=1m netns-studio-etc-netns /etc/netns
  ip link set lo up
  export NETNS_STUDIO_KERNEL=sandbox
  exec "$@"
}

main "$@"
exit

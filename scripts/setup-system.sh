#!/usr/bin/env bash
# The Debian packages Netns Studio and its tests use, installed without starting any service
# (NetworkManager runs only inside the tests' own sandbox, on a private bus).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(
  iproute2 util-linux procps psmisc    # ip, unshare, nsenter, setsid, ps
  dbus-daemon systemd                  # a private bus for the NetworkManager fixture; busctl
  network-manager network-manager-openvpn openvpn openssl   # the VPN side and its fixture
  chromium                             # the browser the end-to-end tests drive
  libxml2-utils polkitd                # xmllint and polkit's policy DTD, for the packaging test
  systemd-container                    # systemd-nspawn: real containers for the owner tests
  python3-dbus python3-gi              # a stand-in desktop secret agent (electron/nm/agent-order.nm.test.ts)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node.js and npm: Debian's when there are none (a Node from elsewhere, e.g. NodeSource, is kept);
# setup-node.sh below puts a newer one first on PATH when it is too old.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  # policy-rc.d keeps package scripts from starting NetworkManager on this machine.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi


# Node 20 from the npm registry when this Node is too old (Debian 12's is 18).
bash "$(dirname "$0")/setup-node.sh"

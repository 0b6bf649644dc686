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
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  # policy-rc.d keeps package scripts from starting NetworkManager on this machine.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi

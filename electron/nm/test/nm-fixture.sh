#!/bin/bash
# nm-fixture.sh - the NetworkManager test fixture of Netns Studio: a throw-away NetworkManager
# (Debian 12: NM 1.42 + network-manager-openvpn) and two OpenVPN servers (certificate, and
# user name + password), each in its own network namespace, on a private D-Bus bus.
# Adapted from the team's nm-sandbox recipe; the project never depends on that file at run time.
#
#   nm-fixture.sh start      start everything, print KEY=VALUE lines (first: DBUS_SYSTEM_BUS_ADDRESS=...)
#   nm-fixture.sh stop       kill what it started (by PID, only processes inside its own netns), delete netns
#   nm-fixture.sh nm-stop    stop only NetworkManager (tests of "NetworkManager went away")
#   nm-fixture.sh nm-start   start NetworkManager again and wait until it is ready
#   nm-fixture.sh status     show processes / NM state; exit 1 if not running
#
# Run it only inside scripts/sandbox.sh (a throwaway network + mount namespace): it refuses to
# start where the current namespace has a default route, or is PID 1's outside the sandbox.
#
# Isolation (nothing runs in, or touches, the root network namespace):
#   * netns $P-nm : dbus-daemon (private bus, "system" type), NetworkManager, and the
#                   nm-openvpn-service/openvpn client that NM spawns. veth end "${P}0".
#   * netns $P-vpn: openvpn servers on $NET.1 (udp 1194: certificates; udp 1195: user name and
#                   password checked by a script; udp 1196: the same plus a dynamic challenge,
#                   a second factor), veth end "${P}1".
#   * NetworkManager additionally runs in private mount + UTS namespaces: tmpfs on /run,
#     its own /var/lib/NetworkManager, /etc/resolv.conf bound to a dummy file, and /sys
#     bind-remounted read-only, which makes NM run without udev (otherwise, with no udevd,
#     every device stays "unmanaged" forever and NM's Startup never finishes).
#   * The bus socket is a plain file path ($RUN/bus.sock), so clients in any netns (the test
#     runner) connect with DBUS_SYSTEM_BUS_ADDRESS=unix:path=$RUN/bus.sock.
#
# Env: NMSB_DIR (required: a private directory, e.g. from mktemp -d), NMSB_PREFIX (default nmsb,
#   <=10 chars), NMSB_NET (172.31.250), NMSB_VPN_NET (10.8.99), NMSB_VPN_PW_NET (10.8.98).
set -euo pipefail

NMSB_DIR=${NMSB_DIR:?set NMSB_DIR to a private directory}
RUN=$NMSB_DIR/run
P=${NMSB_PREFIX:-nmsb}
NS_NM=$P-nm
NS_VPN=$P-vpn
IF_NM=${P}0
IF_VPN=${P}1
NET=${NMSB_NET:-172.31.250}
VPN_NET=${NMSB_VPN_NET:-10.8.99}
VPN_PW_NET=${NMSB_VPN_PW_NET:-10.8.98}
VPN_PW_USER=studio
VPN_PW_PASSWORD=correct-horse-42
VPN_CR_NET=${NMSB_VPN_CR_NET:-10.8.97}
VPN_CR_CODE=424242
BUS=$RUN/bus.sock
ADDR=unix:path=$BUS
UPLINK_UUID=6d0c5a1e-3b7f-4c2a-9e41-7a5b2c8d9f01
SELF=$(readlink -f "$0")
BUSCTL=(busctl --address="$ADDR")
NMD=org.freedesktop.NetworkManager
NMP=/org/freedesktop/NetworkManager

log() { echo "nm-fixture: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { date +%s%3N; }

# ---------------------------------------------------------------- inner (runs inside netns)
nm_inner() {
	# We are inside: ip netns exec $NS_NM unshare --mount --uts --propagation private
	mount -t tmpfs -o mode=755,size=16m "$P-run" /run
	mkdir -p /run/NetworkManager /run/dbus /run/lock
	ln -s "$BUS" /run/dbus/system_bus_socket # for anything that ignores DBUS_SYSTEM_BUS_ADDRESS
	mount --bind "$RUN/varlib" /var/lib/NetworkManager
	if [ -f /etc/resolv.conf ] && [ ! -L /etc/resolv.conf ]; then
		: >"$RUN/resolv.conf"
		mount --bind "$RUN/resolv.conf" /etc/resolv.conf
	fi
	mount -o remount,bind,ro /sys # => NM platform "no udev": devices count as initialized
	# The plugin starts openvpn with --syslog, and there is no syslog here: in this mount
	# namespace only, openvpn is a wrapper that writes its log to $RUN/log/openvpn-client.log
	# instead, the lines a desktop's journal has under nm-openvpn (the client reads them there).
	cp /usr/sbin/openvpn "$RUN/openvpn.real"
	cat >"$RUN/openvpn-wrapper" <<WRAP
#!/bin/bash
args=()
while [ \$# -gt 0 ]; do
	if [ "\$1" = --syslog ]; then shift 2; continue; fi
	args+=("\$1"); shift
done
case " \${args[*]} " in *" --version "*) exec "$RUN/openvpn.real" "\${args[@]}" ;; esac
exec "$RUN/openvpn.real" "\${args[@]}" --log-append "$RUN/log/openvpn-client.log"
WRAP
	chmod 755 "$RUN/openvpn-wrapper"
	mount --bind "$RUN/openvpn-wrapper" /usr/sbin/openvpn
	hostname "$P-nm"
	export DBUS_SYSTEM_BUS_ADDRESS=$ADDR
	exec NetworkManager --debug \
		--config="$RUN/NetworkManager.conf" \
		--config-dir="$RUN/conf.d" \
		--system-config-dir="$RUN/sysconf.d" \
		--state-file="$RUN/varlib/NetworkManager.state" \
		--intern-config="$RUN/varlib/NetworkManager-intern.conf" \
		--pid-file=/run/NetworkManager/NetworkManager.pid
}

# ---------------------------------------------------------------- helpers
ns_exists() { [ -e "/run/netns/$1" ]; }

# PIDs inside one of OUR namespaces, never anything in the caller's netns.
ns_pids() {
	local ns=$1 me p
	ns_exists "$ns" || return 0
	me=$(readlink /proc/self/ns/net)
	for p in $(ip netns pids "$ns" 2>/dev/null); do
		[ "$(readlink "/proc/$p/ns/net" 2>/dev/null)" != "$me" ] && echo "$p"
	done
	return 0
}

all_pids() { { ns_pids "$NS_NM"; ns_pids "$NS_VPN"; } | sort -u; }

# alive = exists and is not a zombie (our daemons get re-parented to PID 1, which may
# reap them only after a while; a zombie holds no namespace or socket any more)
alive() { local st; st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) && [ -n "$st" ] && [ "$st" != Z ]; }

wait_gone() { # wait_gone TIMEOUT_TENTHS PID...
	local n=$1 p alive
	shift
	while [ "$n" -gt 0 ]; do
		alive=
		for p in "$@"; do alive "$p" && alive=1; done
		[ -z "$alive" ] && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

env_lines() {
	cat <<EOF
DBUS_SYSTEM_BUS_ADDRESS=$ADDR
NMSB_DIR=$NMSB_DIR
NMSB_RUN=$RUN
NMSB_NETNS_NM=$NS_NM
NMSB_NETNS_VPN=$NS_VPN
NMSB_UPLINK_IFACE=$IF_NM
NMSB_UPLINK_ID=$P-uplink
NMSB_UPLINK_UUID=$UPLINK_UUID
NMSB_VPN_REMOTE=$NET.1
NMSB_VPN_PORT=1194
NMSB_VPN_SERVER_TUN_IP=$VPN_NET.1
NMSB_VPN_OVPN=$RUN/client.ovpn
NMSB_VPN_CLIENT_LOG=$RUN/log/openvpn-client.log
NMSB_VPN_CA=$RUN/pki/ca.crt
NMSB_VPN_CERT=$RUN/pki/client.crt
NMSB_VPN_KEY=$RUN/pki/client.key
NMSB_VPN_SERVER_TUN_NET=$VPN_NET.0/24
NMSB_VPN_PW_PORT=1195
NMSB_VPN_PW_SERVER_TUN_IP=$VPN_PW_NET.1
NMSB_VPN_PW_USER=$VPN_PW_USER
NMSB_VPN_PW_PASSWORD=$VPN_PW_PASSWORD
NMSB_VPN_CR_PORT=1196
NMSB_VPN_CR_SERVER_TUN_IP=$VPN_CR_NET.1
NMSB_VPN_CR_CODE=$VPN_CR_CODE
NMSB_VPN_CR_CHALLENGE=Enter the code from your token
EOF
}

# ---------------------------------------------------------------- stop
do_stop() {
	local pids nmpid left
	pids=$(all_pids | tr '\n' ' ')
	if [ -n "${pids// /}" ]; then
		# NetworkManager first (graceful), then the rest of our namespaces.
		nmpid=$(cat "$RUN/pids/nm" 2>/dev/null || true)
		if [ -n "$nmpid" ] && [[ " $pids " == *" $nmpid "* ]]; then
			kill -TERM "$nmpid" 2>/dev/null || true
			wait_gone 50 "$nmpid" || true
		fi
		pids=$(all_pids | tr '\n' ' ')
		# shellcheck disable=SC2086
		[ -n "${pids// /}" ] && { kill -TERM $pids 2>/dev/null || true; wait_gone 30 $pids || true; }
		left=$(all_pids | tr '\n' ' ')
		if [ -n "${left// /}" ]; then
			log "SIGKILL to leftover PIDs: $left"
			# shellcheck disable=SC2086
			kill -KILL $left 2>/dev/null || true
			wait_gone 20 $left || true
		fi
	fi
	ns_exists "$NS_NM" && ip netns del "$NS_NM"
	ns_exists "$NS_VPN" && ip netns del "$NS_VPN"
	if [ -d "$RUN" ]; then
		rm -rf "$NMSB_DIR/last-logs"
		[ -d "$RUN/log" ] && cp -a "$RUN/log" "$NMSB_DIR/last-logs"
		rm -rf "$RUN"
	fi
	return 0
}

# ---------------------------------------------------------------- start
write_configs() {
	mkdir -p "$RUN"/{conf.d,sysconf.d,varlib,connections,pki,log,pids}
	chmod 700 "$RUN/varlib" "$RUN/connections" "$RUN/pki"

	cat >"$RUN/dbus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <!-- private "system" bus for the sandbox; permissive: tests may run as any user -->
  <type>system</type>
  <listen>unix:path=$BUS</listen>
  <auth>EXTERNAL</auth>
  <!-- empty: no D-Bus activation (nm-dispatcher, ModemManager, polkit, hostnamed...).
       NM spawns VPN plugins itself (program= in /usr/lib/NetworkManager/VPN/*.name). -->
  <servicedir>$RUN/dbus-services</servicedir>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
  <limit name="max_replies_per_connection">50000</limit>
</busconfig>
EOF
	mkdir -p "$RUN/dbus-services"

	cat >"$RUN/NetworkManager.conf" <<EOF
[main]
plugins=keyfile
auth-polkit=${NMSB_AUTH_POLKIT:-false}
dns=none
rc-manager=unmanaged
systemd-resolved=false
hostname-mode=none
no-auto-default=*
dhcp=internal

[keyfile]
path=$RUN/connections

[logging]
level=${NMSB_NM_LOG_LEVEL:-INFO}

[connectivity]
enabled=false

[device-$P-uplink]
match-device=interface-name:$IF_NM
managed=1
EOF

	cat >"$RUN/connections/$P-uplink.nmconnection" <<EOF
[connection]
id=$P-uplink
uuid=$UPLINK_UUID
type=ethernet
interface-name=$IF_NM
autoconnect=true
autoconnect-priority=100

[ethernet]

[ipv4]
method=manual
address1=$NET.2/24,$NET.1

[ipv6]
method=disabled
EOF
	chmod 600 "$RUN/connections/$P-uplink.nmconnection"

	# tiny PKI (EC P-256): CA, server (serverAuth), client (clientAuth)
	(
		cd "$RUN/pki"
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout ca.key -out ca.crt -days 3650 -subj "/CN=$P-ca" \
			-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
		for n in server client; do
			eku=serverAuth
			[ "$n" = client ] && eku=clientAuth
			openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
				-keyout "$n.key" -out "$n.csr" -subj "/CN=$P-$n"
			printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyAgreement\nextendedKeyUsage=%s\n' "$eku" >"$n.ext"
			openssl x509 -req -in "$n.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
				-out "$n.crt" -days 3650 -extfile "$n.ext"
		done
		chmod 644 ca.crt client.crt client.key # readable for non-root test runners
	) >"$RUN/log/pki.log" 2>&1 || die "PKI generation failed, see $NMSB_DIR/last-logs/pki.log"
	chmod 711 "$RUN/pki"

	cat >"$RUN/server.conf" <<EOF
dev tun
proto udp
local $NET.1
port 1194
topology subnet
server $VPN_NET.0 255.255.255.0
ca $RUN/pki/ca.crt
cert $RUN/pki/server.crt
key $RUN/pki/server.key
dh none
duplicate-cn
keepalive 2 10
verb 3
EOF

	# the same server with user name + password instead of client certificates; the script
	# gets a file with the user name and the password on two lines
	cat >"$RUN/check-pass.sh" <<EOF
#!/bin/sh
{ read -r user; read -r pass; } <"\$1"
[ "\$user" = "$VPN_PW_USER" ] && [ "\$pass" = "$VPN_PW_PASSWORD" ]
EOF
	chmod 755 "$RUN/check-pass.sh"
	cat >"$RUN/server-pw.conf" <<EOF
dev tun
proto udp
local $NET.1
port 1195
topology subnet
server $VPN_PW_NET.0 255.255.255.0
ca $RUN/pki/ca.crt
cert $RUN/pki/server.crt
key $RUN/pki/server.key
dh none
verify-client-cert none
username-as-common-name
script-security 2
auth-user-pass-verify $RUN/check-pass.sh via-file
duplicate-cn
keepalive 2 10
verb 3
EOF

	# user name + password, then a second factor: OpenVPN's dynamic challenge (CRV1). A right
	# password is refused with a challenge; the client answers "CRV1::state::response".
	cat >"$RUN/check-challenge.sh" <<EOF
#!/bin/sh
{ read -r user; read -r pass; } <"\$1"
case "\$pass" in
CRV1::*) [ "\${pass##*::}" = "$VPN_CR_CODE" ]; exit \$? ;;
esac
[ "\$user" = "$VPN_PW_USER" ] && [ "\$pass" = "$VPN_PW_PASSWORD" ] || exit 1
printf 'CRV1:R,E:state42:%s:Enter the code from your token' "\$(printf '%s' "\$user" | base64)" >"\$auth_failed_reason_file"
exit 1
EOF
	chmod 755 "$RUN/check-challenge.sh"
	sed -e 's/^port 1195$/port 1196/' -e "s/^server $VPN_PW_NET.0 /server $VPN_CR_NET.0 /" \
		-e "s#check-pass.sh#check-challenge.sh#" "$RUN/server-pw.conf" >"$RUN/server-cr.conf"

	cat >"$RUN/client.ovpn" <<EOF
client
dev tun
proto udp
remote $NET.1 1194
ca $RUN/pki/ca.crt
cert $RUN/pki/client.crt
key $RUN/pki/client.key
remote-cert-tls server
nobind
verb 3
EOF
	chmod 644 "$RUN/client.ovpn"
}

# NetworkManager (inside $NS_NM + private mount/uts ns); returns when it is ready:
# it owns its name, Startup finished, the uplink is the primary connection.
nm_launch() {
	local i pid
	pid=$(cat "$RUN/pids/nm" 2>/dev/null || true)
	[ -n "$pid" ] && alive "$pid" && return 0 # already running
	setsid ip netns exec "$NS_NM" unshare --mount --uts --propagation private "$SELF" _nm-inner \
		</dev/null >>"$RUN/log/nm.log" 2>&1 9>&- &
	pid=$!
	echo $pid >"$RUN/pids/nm"
	for i in $(seq 200); do
		alive "$pid" || die "NetworkManager exited, see $RUN/log/nm.log"
		[ "$(nm_prop Startup)" = "b false" ] && [ "$(nm_prop PrimaryConnection)" != 'o "/"' ] &&
			[ -n "$(nm_prop PrimaryConnection)" ] && break
		sleep 0.05
	done
	[ "$(nm_prop Startup)" = "b false" ] || die "NetworkManager startup did not complete, see $RUN/log/nm.log"
	[ "$(nm_prop PrimaryConnection)" != 'o "/"' ] || die "uplink $IF_NM not activated, see $RUN/log/nm.log"
}

# Stops NetworkManager only (by its PID, which lives in our namespace), and what it spawned
# for VPNs (nm-openvpn-service, openvpn): everything in $NS_NM but the bus.
nm_kill() {
	local nmpid dbuspid p rest=
	nmpid=$(cat "$RUN/pids/nm" 2>/dev/null || true)
	dbuspid=$(cat "$RUN/pids/dbus" 2>/dev/null || true)
	if [ -n "$nmpid" ] && alive "$nmpid"; then
		kill -TERM "$nmpid" 2>/dev/null || true
		wait_gone 50 "$nmpid" || { kill -KILL "$nmpid" 2>/dev/null || true; wait_gone 20 "$nmpid" || true; }
	fi
	for p in $(ns_pids "$NS_NM"); do
		[ "$p" = "$dbuspid" ] || [ "$p" = "$$" ] || rest="$rest $p"
	done
	# shellcheck disable=SC2086
	[ -n "${rest// /}" ] && { kill -TERM $rest 2>/dev/null || true; wait_gone 30 $rest || true; }
	rm -f "$RUN/pids/nm"
	# NM's runtime state (tmpfs /run) is gone with it: without this its next start would
	# "assume" an external connection on the uplink instead of activating our profile
	ip -n "$NS_NM" addr flush dev "$IF_NM" 2>/dev/null || true
	ip -n "$NS_NM" link set "$IF_NM" down 2>/dev/null || true
}

nm_prop() { "${BUSCTL[@]}" get-property $NMD $NMP $NMD "$1" 2>/dev/null; }

do_start() {
	local t0 i pid
	t0=$(now_ms)
	[ "$(id -u)" = 0 ] || die "must run as root"
	# Its namespaces get names in /run/netns: keep them out of the host's own.
	# (a host's namespace has a default route; PID 1's namespace may not be readable)
	# (scripts/sandbox.sh also gives the sandbox its own PID namespace, whose PID 1 shares our
	# network namespace: there, NETNS_STUDIO_SANDBOX=1 says so)
	if { [ -n "$(ip route show default 2>/dev/null)" ] ||
		{ [ "${NETNS_STUDIO_SANDBOX:-}" != 1 ] &&
			[ "$(readlink /proc/self/ns/net)" = "$(readlink /proc/1/ns/net 2>/dev/null)" ]; }; } &&
		[ -z "${NMSB_ALLOW_HOST_NETNS:-}" ]; then
		die "run inside a throwaway sandbox, e.g. unshare --net --mount --propagation private bash -c 'mount -t tmpfs none /run/netns && $SELF start' (or set NMSB_ALLOW_HOST_NETNS=1)"
	fi
	for c in NetworkManager openvpn dbus-daemon ip unshare setsid openssl busctl; do
		command -v "$c" >/dev/null || die "missing command: $c"
	done
	[ -x /usr/lib/NetworkManager/nm-openvpn-service ] || die "network-manager-openvpn not installed"
	[ -d /var/lib/NetworkManager ] || die "/var/lib/NetworkManager missing (network-manager not installed?)"
	[ -c /dev/net/tun ] || die "/dev/net/tun missing"
	if ns_exists "$NS_NM" || ns_exists "$NS_VPN" || [ -e "$RUN" ]; then
		log "stale sandbox found, stopping it first"
		do_stop
	fi
	mkdir -p "$NMSB_DIR"
	# a failed start cleans up after itself (logs are kept in $NMSB_DIR/last-logs)
	trap 'rc=$?; if [ $rc -ne 0 ]; then log "start failed (rc=$rc), cleaning up; logs in $NMSB_DIR/last-logs"; do_stop; fi' EXIT
	write_configs

	# --- namespaces + veth (created directly inside the namespaces, never in the root netns)
	ip netns add "$NS_NM"
	ip netns add "$NS_VPN"
	ip -n "$NS_NM" link set lo up
	ip -n "$NS_VPN" link set lo up
	ip -n "$NS_NM" link add "$IF_NM" type veth peer name "$IF_VPN" netns "$NS_VPN"
	ip -n "$NS_VPN" addr add "$NET.1/24" dev "$IF_VPN"
	ip -n "$NS_VPN" link set "$IF_VPN" up

	# --- private bus (inside $NS_NM; reachable from anywhere through the socket path)
	setsid ip netns exec "$NS_NM" dbus-daemon --config-file="$RUN/dbus.conf" --nofork \
		</dev/null >"$RUN/log/dbus.log" 2>&1 9>&- &
	echo $! >"$RUN/pids/dbus"

	# --- openvpn server (inside $NS_VPN)
	setsid ip netns exec "$NS_VPN" openvpn --config "$RUN/server.conf" \
		--log "$RUN/log/openvpn-server.log" --writepid "$RUN/pids/openvpn-server.self" \
		</dev/null >"$RUN/log/openvpn-server.out" 2>&1 9>&- &
	echo $! >"$RUN/pids/openvpn-server"
	setsid ip netns exec "$NS_VPN" openvpn --config "$RUN/server-pw.conf" \
		--log "$RUN/log/openvpn-server-pw.log" \
		</dev/null >"$RUN/log/openvpn-server-pw.out" 2>&1 9>&- &
	echo $! >"$RUN/pids/openvpn-server-pw"
	setsid ip netns exec "$NS_VPN" openvpn --config "$RUN/server-cr.conf" \
		--log "$RUN/log/openvpn-server-cr.log" \
		</dev/null >"$RUN/log/openvpn-server-cr.out" 2>&1 9>&- &
	echo $! >"$RUN/pids/openvpn-server-cr"

	for i in $(seq 100); do [ -S "$BUS" ] && break; sleep 0.02; done
	[ -S "$BUS" ] || die "dbus-daemon did not come up, see $NMSB_DIR/last-logs/dbus.log"

	nm_launch

	for i in $(seq 200); do
		grep -q 'Initialization Sequence Completed' "$RUN/log/openvpn-server.log" 2>/dev/null && break
		alive "$(cat "$RUN/pids/openvpn-server")" || die "openvpn server exited, see $NMSB_DIR/last-logs/openvpn-server.{out,log}"
		sleep 0.05
	done
	grep -q 'Initialization Sequence Completed' "$RUN/log/openvpn-server.log" ||
		die "openvpn server not ready, see $NMSB_DIR/last-logs/openvpn-server.{out,log}"

	for n in pw cr; do
		for i in $(seq 200); do
			grep -q 'Initialization Sequence Completed' "$RUN/log/openvpn-server-$n.log" 2>/dev/null && break
			sleep 0.05
		done
		grep -q 'Initialization Sequence Completed' "$RUN/log/openvpn-server-$n.log" ||
			die "openvpn server $n not ready, see $NMSB_DIR/last-logs/openvpn-server-$n.{out,log}"
	done

	env_lines >"$RUN/env"
	trap - EXIT
	log "ready in $(($(now_ms) - t0)) ms (logs in $RUN/log)"
	cat "$RUN/env"
}

do_status() {
	local pids
	pids=$(all_pids | paste -sd, -)
	if [ -z "$pids" ]; then
		echo "not running"
		return 1
	fi
	ps -o pid,user,args -p "$pids"
	echo "NM State: $(nm_prop State)  PrimaryConnection: $(nm_prop PrimaryConnection)"
	ip -n "$NS_NM" -br addr
}

cmd=${1:-}
# everything but the inner helper takes a lock (fd 9 is closed for the daemons)
if [ "$cmd" != _nm-inner ]; then
	mkdir -p "$NMSB_DIR"
	exec 9>"$NMSB_DIR/.lock"
	flock -w 60 9 || die "could not get lock $NMSB_DIR/.lock"
fi
case "$cmd" in
start) do_start ;;
nm-stop) nm_kill ;;
nm-start) nm_launch ;;
stop) do_stop ;;
restart) do_stop; do_start ;;
status) do_status ;;
address) echo "$ADDR" ;;
env) [ -f "$RUN/env" ] && cat "$RUN/env" || die "not running" ;;
_nm-inner) nm_inner ;;
*)
	echo "usage: $0 start|stop|restart|status|address|env" >&2
	exit 2
	;;
esac

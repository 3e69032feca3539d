# twohost.sh: two hosts on one machine for migration tests: each a network and mount namespace
# with its own HPVM_ROOT, a private /srv/local (disks only that host has), hpvmmigrated, and
# the site's certificates; joined by a veth pair, 10.77.0.1 (hosta) and 10.77.0.2 (hostb).
# Usage (after test-lib.sh): . "$TEST_DIR/lib/twohost.sh"; twohost_up; on hosta CMD...

# Each host's namespaces are held by a process that sleeps; nsenter joins them.
host_pid_hosta=
host_pid_hostb=

# host_new NAME ADDRESS: the namespaces, the tree and the private disk directory.
host_new() {
	mkdir -p "$TRASH/$1/root/etc/rc.config.d" "$TRASH/$1/run"
	printf 'HPVM_ACCEL=tcg\nHPVM_MIGRATE_TIMEOUT=10\n' > "$TRASH/$1/root/etc/rc.config.d/hpvmconf"
	# shellcheck disable=SC2016 # the inner shell's variables
	unshare --net --mount --uts --propagation private sh -c '
		hostname "$0" && mount -t sysfs sysfs /sys && mkdir -p /srv/local && mount -t tmpfs -o mode=0755 tmpfs /srv/local &&
		ip link set lo up && exec sleep 100000' "$1" &
	eval "host_pid_$1=$!"
	sleep 0.3
}

# on HOST CMD...: run a command on that host.
on() {
	_h=$1; shift
	_pid=$(eval echo "\$host_pid_$_h")
	HPVM_ROOT=$TRASH/$_h/root nsenter --target "$_pid" --net --mount --uts --root --wd "$@"
}

# index_on HOST: no command there found its guest index stale, and it is what a rebuild there gives.
index_on() {
	HPVM_ROOT=$TRASH/$1/root index_never_stale && HPVM_ROOT=$TRASH/$1/root index_is_rebuilt on "$1"
}

# The site's CA and each host's certificate, issued by hpvmsecsetup on host A.
twohost_pki() {
	on hosta hpvmsecsetup -c -n testsite -h 10.77.0.1 >/dev/null
	on hosta hpvmsecsetup -i 10.77.0.2 -o "$TRASH/hostb/root/etc/opt/hpvm/ssl" >/dev/null
}

# migrated_on HOST: the pid of hpvmmigrated there (root, in that host's network namespace,
# not one of its sessions).
migrated_on() {
	_ns=$(readlink "/proc/$(eval echo "\$host_pid_$1")/ns/net")
	for _p in $(pgrep -u 0 -x hpvmmigrated); do
		_pp=$(ps -o ppid= -p "$_p" | tr -d ' ')
		[ "$(readlink "/proc/$_p/ns/net")" = "$_ns" ] && [ "$(ps -o comm= -p "$_pp")" != hpvmmigrated ] &&
		    echo "$_p" && return 0
	done
	return 1
}

# hpvmmigrated on a host, its output in $TRASH/HOST/migrated.log.
migrated_start() {
	_was=$(grep -c 'listening on port' "$TRASH/$1/migrated.log" 2>/dev/null)
	on "$1" "$HPVM_BUILD/lbin/hpvmmigrated" >> "$TRASH/$1/migrated.log" 2>&1 &
	_n=50
	while [ $_n -gt 0 ] && [ "$(grep -c 'listening on port' "$TRASH/$1/migrated.log" 2>/dev/null)" = "${_was:-0}" ]; do
		sleep 0.1
		_n=$((_n - 1))
	done
	eval "migrated_pid_$1=\$(migrated_on $1)"
}

migrated_stop() {
	eval "_p=\${migrated_pid_$1:-}"
	[ -n "$_p" ] && kill "$_p" 2>/dev/null
	while [ -n "$_p" ] && kill -0 "$_p" 2>/dev/null; do sleep 0.1; done
	eval "migrated_pid_$1="
	return 0
}

twohost_up() {
	host_new hosta 10.77.0.1
	host_new hostb 10.77.0.2
	ip link add mig0 type veth peer name mig1
	ip link set mig0 netns "$host_pid_hosta"
	ip link set mig1 netns "$host_pid_hostb"
	on hosta ip addr add 10.77.0.1/24 dev mig0
	on hosta ip link set mig0 up
	on hostb ip addr add 10.77.0.2/24 dev mig1
	on hostb ip link set mig1 up
	useradd_once hpvmmig
	twohost_pki
	migrated_start hosta
	migrated_start hostb
}

useradd_once() {
	getent passwd "$1" >/dev/null ||
		useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$1" \
		    >/dev/null 2>&1 || true
}

twohost_down() {
	for _h in hosta hostb; do
		on "$_h" hpvmstop -a -h -F -q >/dev/null 2>&1
		migrated_stop "$_h"
		eval "_p=\$host_pid_$_h"
		[ -n "$_p" ] && kill "$_p" 2>/dev/null
	done
	return 0
}
trap 'twohost_down; stop_all_guests; test_cleanup' EXIT

# console_on HOST GUEST, wait_console_on HOST GUEST REGEX [SECONDS]: test-lib's, on a host.
console_on() {
	on "$1" hpvmconsole -P "$2" -q -c cl 2>/dev/null | tr -d '\r'
}
on_console() {
	console_on "$@"
}
wait_console_on() {
	_n=$(( ${4:-60} * 5 ))
	while [ "$_n" -gt 0 ]; do
		console_on "$1" "$2" | grep -Eq -- "$3" && return 0
		sleep 0.2
		_n=$((_n - 1))
	done
	return 1
}

# status_has_a GUEST REGEX: hpvmstatus -V of the guest on host A matches.
status_has_a() {
	on hosta hpvmstatus -P "$1" -V | grep -Eq -- "$2"
}

# wait_log HOST REGEX: until hpvmmigrated's log there matches (it logs as a session ends).
wait_log() {
	_n=50
	while [ $_n -gt 0 ]; do
		grep -Eq -- "$2" "$TRASH/$1/migrated.log" && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

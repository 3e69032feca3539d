#!/bin/sh
# bench/net.sh: guest-to-guest round-trip time and bulk throughput on an hpvm vswitch (bridge and ovs
# backends) against the same two QEMU guests on a hand-made bridge and taps. Runs in private namespaces.
#   usage: sh bench/net.sh     (MB=64: megabytes sent per throughput run)
set -eu
# shellcheck disable=SC1091 # bench/lib.sh, beside this script
. "$(dirname "$0")/lib.sh"
bench_private "$@"
MB=${MB:-64}
SCRATCH=$(mktemp -d /tmp/hpvm-bench-net.XXXXXX)
HPVM_ROOT=$SCRATCH/root OVS_RUNDIR=$SCRATCH/ovs OVS_DBDIR=$SCRATCH/ovs OVS_LOGDIR=$SCRATCH/ovs
export HPVM_ROOT OVS_RUNDIR OVS_DBDIR OVS_LOGDIR
mkdir -p "$HPVM_ROOT" "$OVS_RUNDIR"
cleanup() {
	"$BIN/hpvmstop" -a -h -q >/dev/null 2>&1 || true
	for f in "$SCRATCH"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
	ovs-appctl -t ovs-vswitchd exit >/dev/null 2>&1 || true
	ovs-appctl -t ovsdb-server exit >/dev/null 2>&1 || true
	rm -rf "$SCRATCH"
}
trap cleanup EXIT
ip link set lo up

# say SOCKET COMMAND: type on a guest's serial console; wait_log LOG REGEX: until it shows.
say() { (printf '%s\r' "$2"; sleep 0.3) | socat - UNIX-CONNECT:"$1" >/dev/null 2>&1; }
wait_log() {
	i=0
	while ! { [ -f "$1" ] && tr -d '\r' < "$1" | grep -aEq "$2"; }; do
		i=$((i + 1)); [ $i -lt 1200 ] || { echo "bench: timeout waiting for $2 in $1" >&2; exit 1; }
		sleep 0.1
	done
}

# measure NAME SOCK1 LOG1 SOCK2 LOG2: guest 2 (10.5.0.2) pings guest 1 (10.5.0.1), then sends it MB megabytes.
measure() {
	wait_log "$3" 'HPVM-TEST-GUEST READY'
	wait_log "$5" 'HPVM-TEST-GUEST READY'
	say "$4" "ping -c 3 -W 2 10.5.0.1 >/dev/null 2>&1; echo WARM-\$((1+1))"
	wait_log "$5" 'WARM-2'
	say "$4" "ping -c 20 -i 0.2 10.5.0.1 | tail -1 | sed 's/^/RTT /'"
	wait_log "$5" '^RTT '
	rtt=$(tr -d '\r' < "$5" | grep -a '^RTT ' | tail -1 | sed 's|.*= [0-9.]*/\([0-9.]*\)/.*|\1|')
	say "$2" "nc -l -p 5001 > /dev/null"
	sleep 1
	say "$4" "time sh -c 'dd if=/dev/zero bs=65536 count=$((MB * 16)) 2>/dev/null | nc 10.5.0.1 5001'"
	wait_log "$5" '^real'
	# busybox time: "real	0m 1.23s"
	secs=$(tr -d '\r' < "$5" | grep -a '^real' | tail -1 |
	    sed -n 's/^real[[:space:]]*\([0-9]*\)m[[:space:]]*\([0-9.]*\)s.*/\1 \2/p' | awk '{print $1 * 60 + $2}')
	printf '%-34s %10s ms %10.1f MB/s\n' "$1" "$rtt" "$(echo "$MB / $secs" | bc -l)"
}

hpvm_pair() {
	"$BIN/hpvmnet" -c -S bench -t "$1" >/dev/null
	"$BIN/hpvmnet" -b -S bench >/dev/null
	for g in 1 2; do
		"$BIN/hpvmcreate" -P "n$1$g" -r 256M -x boot_kernel="$GUEST/vmlinuz" -x boot_initrd="$GUEST/initrd.img" \
		    -x "boot_args=console=ttyS0 hpvm.ip=10.5.0.$g/24" -a network:avio_lan::vswitch:bench >/dev/null 2>&1
		"$BIN/hpvmstart" -P "n$1$g" -Q
	done
	run=$HPVM_ROOT/var/run/hpvm
	u1=$(readlink "$HPVM_ROOT/var/opt/hpvm/guests/n${1}1" | sed 's|.*/||')
	u2=$(readlink "$HPVM_ROOT/var/opt/hpvm/guests/n${1}2" | sed 's|.*/||')
	measure "hpvm vswitch ($1 backend)" "$run/$u1/console.sock" \
	    "$HPVM_ROOT/var/opt/hpvm/uuids/$u1/console.log" "$run/$u2/console.sock" \
	    "$HPVM_ROOT/var/opt/hpvm/uuids/$u2/console.log"
	"$BIN/hpvmstop" -a -h -q
	"$BIN/hpvmremove" -P "n${1}1" -F -Q; "$BIN/hpvmremove" -P "n${1}2" -F -Q
	"$BIN/hpvmnet" -d -S bench -F
}

bare_pair() {
	ip link add brbench type bridge
	ip link set brbench up
	for g in 1 2; do
		ip tuntap add dev tbench$g mode tap vnet_hdr
		ip link set tbench$g master brbench up
		vhost=""; [ -w /dev/vhost-net ] && vhost=",vhost=on"
		qemu-system-x86_64 -machine pc,accel=tcg -m 256 -nodefaults -no-user-config -display none \
		    -kernel "$GUEST/vmlinuz" -initrd "$GUEST/initrd.img" -append "console=ttyS0 hpvm.ip=10.5.0.$g/24" \
		    -chardev "socket,id=c,path=$SCRATCH/bare$g.sock,server=on,wait=off,logfile=$SCRATCH/bare$g.log" \
		    -serial chardev:c -netdev "tap,id=n,ifname=tbench$g,script=no,downscript=no$vhost" \
		    -device "virtio-net-pci,netdev=n,mac=52:54:00:00:00:0$g" >/dev/null 2>&1 &
		echo $! > "$SCRATCH/bare$g.pid"
	done
	measure "hand-made bridge + taps, bare QEMU" "$SCRATCH/bare1.sock" "$SCRATCH/bare1.log" \
	    "$SCRATCH/bare2.sock" "$SCRATCH/bare2.log"
	for f in "$SCRATCH"/bare*.pid; do kill "$(cat "$f")"; done
	rm -f "$SCRATCH"/bare*.pid
	ip link del brbench
}

printf '# network benchmark: two TCG guests (virtio-net), ping -c 20 average, %s MB over nc\n' "$MB"
printf '%-34s %13s %15s\n' "" "RTT" "throughput"
hpvm_pair bridge
if command -v ovs-vswitchd >/dev/null; then
	ovsdb-tool create "$OVS_DBDIR/conf.db" /usr/share/openvswitch/vswitch.ovsschema
	ovsdb-server --remote=punix:"$OVS_RUNDIR/db.sock" --pidfile --detach --no-chdir --log-file "$OVS_DBDIR/conf.db" 2>/dev/null
	ovs-vsctl --no-wait init
	ovs-vswitchd --pidfile --detach --no-chdir --log-file "unix:$OVS_RUNDIR/db.sock" 2>/dev/null
	hpvm_pair ovs
fi
bare_pair

#!/bin/sh
# bench/supervisor.sh: how much memory a running guest's supervisor keeps resident: VmRSS of
# hpvmapp (and of its console multiplexer and QEMU beside it) for a 256 MB TCG guest with a
# disk, a DVD and a NIC, once the guest is up, and a minute of running later.
# Runs in private namespaces: the vswitch and the tap are its own.
#   usage: sh bench/supervisor.sh        (HOLD=60 seconds between the two readings)
set -eu
# shellcheck disable=SC1091 # bench/lib.sh, beside this script
. "$(dirname "$0")/lib.sh"
bench_private "$@"
HOLD=${HOLD:-60}
SCRATCH=$(mktemp -d /tmp/hpvm-bench-supervisor.XXXXXX)
HPVM_ROOT=$SCRATCH/root
export HPVM_ROOT
mkdir -p "$HPVM_ROOT/etc/rc.config.d"
echo HPVM_ACCEL=tcg > "$HPVM_ROOT/etc/rc.config.d/hpvmconf"
cleanup() {
	"$BIN/hpvmstop" -a -h -F -q >/dev/null 2>&1 || true
	"$BIN/hpvmnet" -h -S benchsw -F >/dev/null 2>&1 || true
	rm -rf "$SCRATCH"
}
trap cleanup EXIT

truncate -s 64M "$SCRATCH/disk.img"
"$BIN/hpvmnet" -c -S benchsw >/dev/null && "$BIN/hpvmnet" -b -S benchsw >/dev/null
"$BIN/hpvmcreate" -P bench -r 256M -a dvd:scsi::file:"$GUEST/guest.iso" \
	-a disk:avio_stor::file:"$SCRATCH/disk.img" -a network:avio_lan::vswitch:benchsw \
	-x boot_kernel="$GUEST/vmlinuz" -x boot_initrd="$GUEST/initrd.img" -x boot_args=console=ttyS0
"$BIN/hpvmstart" -P bench -Q >/dev/null
uuid=$(basename "$(readlink "$HPVM_ROOT/var/opt/hpvm/guests/bench")")
state=$HPVM_ROOT/var/run/hpvm/$uuid/state
i=0
until grep -aq 'HPVM-TEST-GUEST READY' "$HPVM_ROOT/var/opt/hpvm/guests/bench/console.log" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 600 ] || { echo "bench: the guest did not come up" >&2; exit 1; }
	sleep 0.1
done
app=$(cut -d' ' -f1 "$state")
qemu=$(cut -d' ' -f2 "$state")
rss() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
libs() { awk '$6 ~ /\.so/ { sub(".*/", "", $6); print $6 }' "/proc/$1/maps" | sort -u | tr '\n' ' '; }
echo "# hpvm supervisor footprint: a 256 MB TCG guest (disk, DVD, NIC), $(nproc) CPUs"
printf '%-34s %8s MiB\n' "hpvmapp VmRSS, guest up" "$(rss "$app")"
sleep "$HOLD"
printf '%-34s %8s MiB\n' "hpvmapp VmRSS, after ${HOLD} s" "$(rss "$app")"
# The console multiplexer: hpvmapp's other child, forked before the exec into hpvmmon.
mux=$(pgrep -P "$app" -x hpvmapp-console || true)
[ -z "$mux" ] || printf '%-34s %8s MiB\n' "console multiplexer VmRSS" "$(rss "$mux")"
printf '%-34s %8s MiB   (for scale)\n' "qemu-system-x86_64 VmRSS" "$(rss "$qemu")"
echo "# hpvmapp maps: $(libs "$app")"

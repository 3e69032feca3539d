#!/bin/sh
# bench/config.sh: create N guests (two disks and a NIC each) in a scratch HPVM_ROOT and time
# hpvmcreate and every hpvmstatus form at that size; with PEER=1, time `virsh list --all` over
# PEER_N defined libvirt domains for comparison.
#   usage: sh bench/config.sh            (N=1000, PEER=1, PEER_N=500)
set -eu
N=${N:-1000}
PEER=${PEER:-1}
PEER_N=${PEER_N:-500}
REPS=${REPS:-20}
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${HPVM_BUILD:-$TOP/build}/bin
SCRATCH=$(mktemp -d /tmp/hpvm-bench.XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT
HPVM_ROOT=$SCRATCH/root
export HPVM_ROOT
mkdir -p "$HPVM_ROOT" "$SCRATCH/disks"

now() { date +%s%N; }

# ms MEDIAN of REPS runs of a command (stdout discarded)
median_ms() {
	for _ in $(seq "$REPS"); do
		t0=$(now); "$@" >/dev/null; t1=$(now)
		echo $(( (t1 - t0) / 1000 ))
	done | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

echo "# hpvm config benchmark: $N guests, 2 disks + 1 NIC each ($(nproc) CPUs)"
t0=$(now)
first=0; last=0
for i in $(seq "$N"); do
	truncate -s 1G "$SCRATCH/disks/g$i-a.img" "$SCRATCH/disks/g$i-b.img"
	s=$(now)
	"$BIN/hpvmcreate" -P "g$i" -r 1G -a "disk:avio_stor::file:$SCRATCH/disks/g$i-a.img" \
	    -a "disk:avio_stor::file:$SCRATCH/disks/g$i-b.img" -a network:avio_lan::vswitch:sw1
	e=$(now)
	[ "$i" -le 10 ] && first=$((first + e - s))
	[ "$i" -gt $((N - 10)) ] && last=$((last + e - s))
done
t1=$(now)
printf 'hpvmcreate: %d guests in %.2f s; mean %.1f ms per create; first 10 %.1f ms, last 10 %.1f ms each\n' \
    "$N" "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "$(echo "($t1 - $t0) / $N / 1000000" | bc -l)" \
    "$(echo "$first / 10000000" | bc -l)" "$(echo "$last / 10000000" | bc -l)"
printf '%-28s %8s ms\n' "hpvmstatus" "$(median_ms "$BIN/hpvmstatus")"
printf '%-28s %8s ms\n' "hpvmstatus -M" "$(median_ms "$BIN/hpvmstatus" -M)"
printf '%-28s %8s ms\n' "hpvmstatus -X" "$(median_ms "$BIN/hpvmstatus" -X)"
printf '%-28s %8s ms\n' "hpvmstatus -P g500" "$(median_ms "$BIN/hpvmstatus" -P g500)"

[ "$PEER" = 1 ] || exit 0
if ! command -v virsh >/dev/null || ! virsh -c qemu:///system version >/dev/null 2>&1; then
	sh "$TOP/../shared/peers/libvirt-up.sh" >/dev/null 2>&1 || { echo "# libvirt peer unavailable"; exit 0; }
fi
v() { virsh -c qemu:///system "$@"; }
for i in $(seq "$PEER_N"); do
	cat > "$SCRATCH/dom.xml" <<XML
<domain type='qemu'><name>hpvmbench$i</name><memory unit='MiB'>1024</memory><vcpu>1</vcpu>
<os><type arch='x86_64'>hvm</type></os><devices>
<disk type='file' device='disk'><source file='$SCRATCH/disks/g$i-a.img'/><target dev='vda' bus='virtio'/></disk>
<disk type='file' device='disk'><source file='$SCRATCH/disks/g$i-b.img'/><target dev='vdb' bus='virtio'/></disk>
<interface type='user'><model type='virtio'/></interface></devices></domain>
XML
	v define "$SCRATCH/dom.xml" >/dev/null
done
printf '%-28s %8s ms   (peer, %d domains)\n' "virsh list --all" "$(median_ms v list --all)" "$PEER_N"
printf '%-28s %8s ms   (peer, %d domains)\n' "virsh dumpxml hpvmbench250" "$(median_ms v dumpxml hpvmbench250)" "$PEER_N"
for i in $(seq "$PEER_N"); do v undefine "hpvmbench$i" >/dev/null 2>&1 || true; done

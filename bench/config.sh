#!/bin/sh
# bench/config.sh: the configuration commands at growing numbers of guests (two disks and a NIC
# each), in a scratch HPVM_ROOT, side by side with libvirt holding as many domains: medians of
# REPS paired runs (one hpvm run, then one libvirt run) of whole processes.
#   hpvmcreate (one more guest)   virsh define (one more domain)
#   hpvmmodify -P g -l ...        virsh desc --config (the persistent definition changes too)
#   hpvmstatus                    virsh list --all
#   hpvmstatus -M                 virsh list --all --name
#   hpvmstatus -X                 (none)
#   hpvmstatus -P g               virsh dominfo
#   usage: sh bench/config.sh     (SIZES="100 1000 10000", REPS=9, PEER=1; PEER_MAX caps libvirt)
set -eu
SIZES=${SIZES:-100 1000 10000}
REPS=${REPS:-9}
PEER=${PEER:-1}
PEER_MAX=${PEER_MAX:-10000}
# shellcheck disable=SC1091 # bench/lib.sh, beside this script
. "$(dirname "$0")/lib.sh"
SCRATCH=$(mktemp -d /tmp/hpvm-bench.XXXXXX)
HPVM_ROOT=$SCRATCH/root
export HPVM_ROOT
mkdir -p "$HPVM_ROOT" "$SCRATCH/disks" "$SCRATCH/dom"
# Domain names of our own, so another bench on this libvirt is left alone.
DOM=hpvmb$$x
v() { virsh -q -c qemu:///system "$@"; }
peer_n=0
cleanup() {
	if [ "$peer_n" -gt 0 ]; then
		seq "$peer_n" | sed "s/^/undefine $DOM/" | v >/dev/null 2>&1 || true
		for r in $(seq "$REPS"); do v undefine "${DOM}new$r" >/dev/null 2>&1 || true; done
	fi
	rm -rf "$SCRATCH"
}
trap cleanup EXIT

now() { date +%s%N; }
# us CMD...: microseconds one run of CMD takes (its output discarded)
us() {
	_t0=$(now); "$@" >/dev/null 2>&1; _t1=$(now)
	echo $(( (_t1 - _t0) / 1000 ))
}
median_ms() { sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'; }

disks() { truncate -s 1G "$SCRATCH/disks/$1-a.img" "$SCRATCH/disks/$1-b.img"; }
# create NAME VSWITCH: a vswitch has 512 ports, so the guests fill one switch after another.
create() {
	disks "$1"
	"$BIN/hpvmcreate" -P "$1" -r 1G -a "disk:avio_stor::file:$SCRATCH/disks/$1-a.img" \
	    -a "disk:avio_stor::file:$SCRATCH/disks/$1-b.img" -a "network:avio_lan::vswitch:$2"
}
domxml() {
	disks "$2"
	cat > "$SCRATCH/dom/$1.xml" <<XML
<domain type='qemu'><name>$1</name><memory unit='MiB'>1024</memory><vcpu>1</vcpu>
<os><type arch='x86_64'>hvm</type></os><devices>
<disk type='file' device='disk'><source file='$SCRATCH/disks/$2-a.img'/><target dev='vda' bus='virtio'/></disk>
<disk type='file' device='disk'><source file='$SCRATCH/disks/$2-b.img'/><target dev='vdb' bus='virtio'/></disk>
<interface type='user'><model type='virtio'/></interface></devices></domain>
XML
}

# Grow hpvm to N guests, and libvirt (one virsh session, many commands) as far as PEER_MAX.
grow() {
	have=$(find "$HPVM_ROOT/var/opt/hpvm/guests" -mindepth 1 2>/dev/null | wc -l)
	for i in $(seq $((have + 1)) "$1"); do
		create "g$i" "sw$(( (i - 1) / 500 + 1 ))" >/dev/null 2>&1 || { echo "bench: hpvmcreate g$i failed" >&2; exit 1; }
	done
	[ "$PEER" = 1 ] || return 0
	want=$1; [ "$want" -le "$PEER_MAX" ] || want=$PEER_MAX
	[ "$peer_n" -lt "$want" ] || return 0
	for i in $(seq $((peer_n + 1)) "$want"); do
		domxml "$DOM$i" "l$i"
		echo "define $SCRATCH/dom/$DOM$i.xml"
	done | v >/dev/null
	peer_n=$want
}

# row NAME HPVM-FILE PEER-NAME PEER-FILE: one line of the table.
row() {
	h=$(median_ms < "$2")
	if [ -s "$4" ]; then p=$(median_ms < "$4"); r=$(echo "$h / $p" | bc -l); else p=-; r=-; fi
	printf '| %6s | %-22s | %8s | %-30s | %8s | %5s |\n' "$n" "$1" "$h" "$3" "$p" \
	    "$( [ "$r" = - ] && echo - || printf '%.2f' "$r")"
}

peer_ok=0
if [ "$PEER" = 1 ]; then
	if ! v version >/dev/null 2>&1; then
		sh "$TOP/../shared/peers/libvirt-up.sh" >/dev/null 2>&1 || true
	fi
	v version >/dev/null 2>&1 && peer_ok=1
	[ "$peer_ok" = 1 ] || { echo "# libvirt peer unavailable"; PEER=0; }
fi
echo "# hpvm config benchmark: 2 disks + 1 NIC a guest, medians of $REPS paired runs ($(nproc) CPUs)"
echo "| guests | hpvm command           | hpvm ms  | libvirt peer                   | peer ms  | ratio |"
echo "|--------|------------------------|----------|--------------------------------|----------|-------|"
for n in $SIZES; do
	t0=$(now)
	grow "$n"
	echo "# $n guests ready in $(( ($(now) - t0) / 1000000000 )) s (libvirt: $peer_n domains)" >&2
	mid=g$((n / 2)); pmid=$DOM$(( (peer_n + 1) / 2 ))
	for f in create modify status recs xml one pdefine pdesc plist pname pinfo; do : > "$SCRATCH/t.$f"; done
	peer=$([ "$PEER" = 1 ] && [ "$peer_n" = "$n" ] && echo 1 || echo 0)
	for r in $(seq "$REPS"); do
		disks "new$r"
		us "$BIN/hpvmcreate" -P "new$r" -r 1G -a "disk:avio_stor::file:$SCRATCH/disks/new$r-a.img" \
		    -a "disk:avio_stor::file:$SCRATCH/disks/new$r-b.img" -a network:avio_lan::vswitch:swnew \
		    >> "$SCRATCH/t.create"
		us "$BIN/hpvmmodify" -P "$mid" -l "label $r" >> "$SCRATCH/t.modify"
		us "$BIN/hpvmstatus" >> "$SCRATCH/t.status"
		us "$BIN/hpvmstatus" -M >> "$SCRATCH/t.recs"
		us "$BIN/hpvmstatus" -X >> "$SCRATCH/t.xml"
		us "$BIN/hpvmstatus" -P "$mid" >> "$SCRATCH/t.one"
		if [ "$peer" = 1 ]; then
			domxml "${DOM}new$r" "lnew$r"
			us v define "$SCRATCH/dom/${DOM}new$r.xml" >> "$SCRATCH/t.pdefine"
			us v desc --config "$pmid" "label $r" >> "$SCRATCH/t.pdesc"
			us v list --all >> "$SCRATCH/t.plist"
			us v list --all --name >> "$SCRATCH/t.pname"
			us v dominfo "$pmid" >> "$SCRATCH/t.pinfo"
		fi
	done
	row "hpvmcreate" "$SCRATCH/t.create" "virsh define" "$SCRATCH/t.pdefine"
	row "hpvmmodify -l" "$SCRATCH/t.modify" "virsh desc --config" "$SCRATCH/t.pdesc"
	row "hpvmstatus" "$SCRATCH/t.status" "virsh list --all" "$SCRATCH/t.plist"
	row "hpvmstatus -M" "$SCRATCH/t.recs" "virsh list --all --name" "$SCRATCH/t.pname"
	row "hpvmstatus -X" "$SCRATCH/t.xml" "(none)" /dev/null
	row "hpvmstatus -P $mid" "$SCRATCH/t.one" "virsh dominfo" "$SCRATCH/t.pinfo"
	# Back to n guests and n domains, so the next size starts where it should.
	for r in $(seq "$REPS"); do
		"$BIN/hpvmremove" -P "new$r" -F >/dev/null 2>&1
		[ "$peer" = 1 ] && v undefine "${DOM}new$r" >/dev/null 2>&1
		rm -f "$SCRATCH/disks/new$r-"* "$SCRATCH/disks/lnew$r-"*
	done
done

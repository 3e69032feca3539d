#!/bin/sh
# bench/start.sh: time from starting a guest to the command's return and to the guest's first console
# marker, for hpvmstart, for bare qemu-system-x86_64 with the same device set (taken from the command
# line hpvm built), and for `virsh start` of the same guest under libvirt (PEER=1).
#   usage: sh bench/start.sh        (RUNS=5)
set -eu
RUNS=${RUNS:-5}
PEER=${PEER:-1}
# shellcheck disable=SC1091 # bench/lib.sh, beside this script
. "$(dirname "$0")/lib.sh"
SCRATCH=$(mktemp -d /tmp/hpvm-bench-start.XXXXXX)
HPVM_ROOT=$SCRATCH/root
export HPVM_ROOT
mkdir -p "$HPVM_ROOT"
cleanup() {
	"$BIN/hpvmstop" -a -h -q >/dev/null 2>&1 || true
	if [ -n "${qpid:-}" ]; then kill "$qpid" 2>/dev/null || true; fi
	if command -v virsh >/dev/null; then
		virsh -c qemu:///system destroy hpvmbenchstart >/dev/null 2>&1 || true
		virsh -c qemu:///system undefine hpvmbenchstart >/dev/null 2>&1 || true
	fi
	rm -rf "$SCRATCH"
}
trap cleanup EXIT
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
marker='HPVM-TEST-GUEST READY'
# wait_file FILE: until the marker is in FILE (60 s at most)
wait_file() {
	i=0
	while ! grep -aq "$marker" "$1" 2>/dev/null; do
		i=$((i + 1)); [ $i -lt 6000 ] || { echo "bench: no marker in $1" >&2; exit 1; }
		sleep 0.01
	done
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

truncate -s 64M "$SCRATCH/disk.img"
# Direct kernel boot: the same guest boots the same way under all three (libvirt's default VGA
# device stalls this guest's ISO boot under TCG, which would measure that, not the start path).
"$BIN/hpvmcreate" -P bench -r 256M -a dvd:scsi::file:"$GUEST/guest.iso" \
	-a disk:avio_stor::file:"$SCRATCH/disk.img" -x boot_kernel="$GUEST/vmlinuz" \
	-x boot_initrd="$GUEST/initrd.img" -x boot_args=console=ttyS0
log=$HPVM_ROOT/var/opt/hpvm/guests/bench/console.log
: > "$SCRATCH/hpvm.ret"; : > "$SCRATCH/hpvm.mark"
for _ in $(seq "$RUNS"); do
	rm -f "$log"
	t0=$(now)
	"$BIN/hpvmstart" -P bench -Q
	t1=$(now)
	wait_file "$log"
	t2=$(now)
	ms "$t0" "$t1" >> "$SCRATCH/hpvm.ret"
	ms "$t0" "$t2" >> "$SCRATCH/hpvm.mark"
	pid=$("$BIN/hpvmstatus" -P bench -M | cut -d: -f16)
	tr '\0' '\n' < "/proc/$pid/cmdline" > "$SCRATCH/argv"
	"$BIN/hpvmstop" -P bench -h -q
done

# Bare QEMU: hpvm's own command line, with its sockets and console log moved to the scratch directory.
run=$(sed -n 's|^unix:\(.*\)/qmp.sock,server=on,wait=off$|\1|p' "$SCRATCH/argv")
gdir=$(readlink -f "$(dirname "$log")")
mkdir -p "$SCRATCH/bare"
sed -e "s|$run|$SCRATCH/bare|g" -e "s|$gdir|$SCRATCH/bare|g" "$SCRATCH/argv" > "$SCRATCH/argv.bare"
: > "$SCRATCH/bare.mark"
for _ in $(seq "$RUNS"); do
	rm -f "$SCRATCH/bare/console.log"
	t0=$(now)
	set --; while IFS= read -r a; do set -- "$@" "$a"; done < "$SCRATCH/argv.bare"
	"$@" >/dev/null 2>&1 &
	qpid=$!
	wait_file "$SCRATCH/bare/console.log"
	t2=$(now)
	ms "$t0" "$t2" >> "$SCRATCH/bare.mark"
	kill "$qpid"; wait "$qpid" 2>/dev/null || true
	qpid=""
done

printf '# start benchmark: %s runs, medians, TCG, guest from %s\n' "$RUNS" "$GUEST"
printf '%-34s %8s %10s\n' "" "return" "marker"
printf '%-34s %6s ms %7s ms\n' "hpvmstart" "$(median < "$SCRATCH/hpvm.ret")" "$(median < "$SCRATCH/hpvm.mark")"
printf '%-34s %6s    %7s ms\n' "bare qemu-system-x86_64" "-" "$(median < "$SCRATCH/bare.mark")"

[ "$PEER" = 1 ] || exit 0
if ! command -v virsh >/dev/null || ! virsh -c qemu:///system version >/dev/null 2>&1; then
	sh "$TOP/../shared/peers/libvirt-up.sh" >/dev/null 2>&1 || { echo "# libvirt peer unavailable"; exit 0; }
fi
V="virsh -c qemu:///system"
cat > "$SCRATCH/dom.xml" <<XML
<domain type='qemu'><name>hpvmbenchstart</name><memory unit='MiB'>256</memory><vcpu>1</vcpu>
<os><type arch='x86_64' machine='pc'>hvm</type><kernel>$GUEST/vmlinuz</kernel>
<initrd>$GUEST/initrd.img</initrd><cmdline>console=ttyS0</cmdline></os><devices>
<controller type='scsi' index='0' model='lsisas1068'/>
<controller type='scsi' index='1' model='virtio-scsi'/>
<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='$GUEST/guest.iso'/>
<target dev='sda' bus='scsi'/><address type='drive' controller='0' bus='0' target='0' unit='0'/><readonly/></disk>
<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='$SCRATCH/disk.img'/>
<target dev='sdb' bus='scsi'/><address type='drive' controller='1' bus='0' target='0' unit='0'/></disk>
<serial type='file'><source path='$SCRATCH/virsh.log'/></serial>
<video><model type='none'/></video><memballoon model='none'/></devices></domain>
XML
$V define "$SCRATCH/dom.xml" >/dev/null
: > "$SCRATCH/virsh.ret"; : > "$SCRATCH/virsh.mark"
for _ in $(seq "$RUNS"); do
	rm -f "$SCRATCH/virsh.log"
	t0=$(now)
	$V start hpvmbenchstart >/dev/null
	t1=$(now)
	wait_file "$SCRATCH/virsh.log"
	t2=$(now)
	ms "$t0" "$t1" >> "$SCRATCH/virsh.ret"
	ms "$t0" "$t2" >> "$SCRATCH/virsh.mark"
	$V destroy hpvmbenchstart >/dev/null
done
printf '%-34s %6s ms %7s ms   (peer)\n' "virsh start (libvirt $($V version 2>/dev/null | sed -n 's/^Using library: libvirt //p'))" \
	"$(median < "$SCRATCH/virsh.ret")" "$(median < "$SCRATCH/virsh.mark")"

#!/bin/sh
# bench/snmp.sh: VM-MIB through snmpd and hpvmsnmpd against libvirt, with 100 defined and 4 running
# guests: snmpwalk of the whole VM-MIB and snmpget of one guest's row, beside `virsh list --all` and
# `virsh domstats` over the same guests (PEER=1, when virsh reaches qemu:///system); the subagent's
# resident memory, all of it and its own (Private: pages no other process shares). Runs in private
# network and mount namespaces; snmpd listens on loopback only.
#   usage: sh bench/snmp.sh        (RUNS=5, GUESTS=100, RUNNING=4)
set -eu
if [ -z "${HPVM_BENCH_NS:-}" ]; then
	HPVM_BENCH_NS=1 exec unshare --mount --net --propagation private sh "$0" "$@"
fi
RUNS=${RUNS:-5}
GUESTS=${GUESTS:-100}
RUNNING=${RUNNING:-4}
PEER=${PEER:-1}
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${HPVM_BUILD:-$TOP/build}
BIN=$BUILD/bin
GUEST=${HPVM_TEST_GUEST:-$TOP/build/guest}
SCRATCH=$(mktemp -d /tmp/hpvm-bench-snmp.XXXXXX)
HPVM_ROOT=$SCRATCH/root
SNMP_PERSISTENT_DIR=$SCRATCH/persist
export HPVM_ROOT SNMP_PERSISTENT_DIR
mkdir -p "$HPVM_ROOT/etc/rc.config.d" "$SNMP_PERSISTENT_DIR"
echo HPVM_ACCEL=tcg > "$HPVM_ROOT/etc/rc.config.d/hpvmconf"
mount -t sysfs sysfs /sys
ip link set lo up
vsh() { virsh -q -c qemu:///system "$@"; }
sub="" snmpd=""
cleanup() {
	[ -n "$sub" ] && kill "$sub" 2>/dev/null && wait "$sub" 2>/dev/null
	[ -n "$snmpd" ] && kill "$snmpd" 2>/dev/null && wait "$snmpd" 2>/dev/null
	"$BIN/hpvmstop" -a -h -F -q >/dev/null 2>&1 || true
	if [ "$PEER" = 1 ] && command -v virsh >/dev/null; then
		for i in $(seq "$GUESTS"); do
			vsh destroy "hpvmbench$i" >/dev/null 2>&1 || true
			vsh undefine "hpvmbench$i" >/dev/null 2>&1 || true
		done
	fi
	rm -rf "$SCRATCH"
}
trap cleanup EXIT
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# time_ms CMD...: median wall time over RUNS runs, in ms
time_ms() {
	for _ in $(seq "$RUNS"); do
		t0=$(now); "$@" >/dev/null 2>&1; t1=$(now)
		echo $(( (t1 - t0) / 1000000 ))
	done | median
}

"$BIN/hpvmnet" -c -S sw1 >/dev/null && "$BIN/hpvmnet" -b -S sw1 >/dev/null
for i in $(seq "$GUESTS"); do
	truncate -s 16M "$SCRATCH/disk$i.img"
	"$BIN/hpvmcreate" -P "g$i" -r 256M -a disk:avio_stor::file:"$SCRATCH/disk$i.img" \
	    -a network:avio_lan::vswitch:sw1 -x boot_kernel="$GUEST/vmlinuz" -x boot_initrd="$GUEST/initrd.img" \
	    -x boot_args=console=ttyS0 >/dev/null 2>&1
done
for i in $(seq "$RUNNING"); do "$BIN/hpvmstart" -P "g$i" >/dev/null 2>&1 || true; done

cat > "$SCRATCH/snmpd.conf" <<CONF
agentaddress udp:127.0.0.1:16161
master agentx
agentXSocket $SCRATCH/agentx.sock
view vmview included .1.3.6.1.2.1.236
rocommunity public 127.0.0.1 -V vmview
dontLogTCPWrappersConnects yes
CONF
MIBS='' MIBDIRS='' snmpd -f -C -c "$SCRATCH/snmpd.conf" -Lf "$SCRATCH/snmpd.log" &
snmpd=$!
"$BUILD/lbin/hpvmsnmpd" -x "$SCRATCH/agentx.sock" -i 1 2>"$SCRATCH/subagent.log" &
sub=$!
n=0
until snmpget -v2c -c public -Oqv 127.0.0.1:16161 .1.3.6.1.2.1.236.1.2.0 2>/dev/null | grep -q "^$GUESTS$"; do
	n=$((n + 1)); [ $n -lt 300 ] || { echo "bench: the subagent did not answer" >&2; exit 1; }
	sleep 0.1
done
running=$("$BIN/hpvmstatus" -M | grep -c ':On (OS):' || true)
varbinds=$(snmpwalk -v2c -c public -On 127.0.0.1:16161 .1.3.6.1.2.1.236 | grep -c ' = ')
walk=$(time_ms snmpwalk -v2c -c public -On 127.0.0.1:16161 .1.3.6.1.2.1.236)
bulk=$(time_ms snmpbulkwalk -v2c -c public -Cr25 -On 127.0.0.1:16161 .1.3.6.1.2.1.236)
bulk100=$(time_ms snmpbulkwalk -v2c -c public -Cr100 -On 127.0.0.1:16161 .1.3.6.1.2.1.236)
row=$(time_ms snmpget -v2c -c public -On 127.0.0.1:16161 .1.3.6.1.2.1.236.1.4.1.2.1 .1.3.6.1.2.1.236.1.4.1.6.1 \
	.1.3.6.1.2.1.236.1.4.1.13.1 .1.3.6.1.2.1.236.1.4.1.17.1)
# The subagent after the walks: resident memory, and how much of it is its own (not shared library pages).
for _ in $(seq 20); do snmpbulkwalk -v2c -c public -On 127.0.0.1:16161 .1.3.6.1.2.1.236 >/dev/null; done
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$sub/status")
anon=$(awk '/^RssAnon/ {print $2}' "/proc/$sub/status")
pss=$(awk '/^Pss:/ {s += $2} END {print s}' "/proc/$sub/smaps_rollup")
priv=$(awk '/^Private_(Clean|Dirty):/ {s += $2} END {print s}' "/proc/$sub/smaps_rollup")

printf '# VM-MIB benchmark: %s guests defined, %s running (TCG), %s varbinds in a walk; medians of %s runs\n' \
	"$GUESTS" "$running" "$varbinds" "$RUNS"
printf '%-44s %8s\n' "what" "ms"
printf '%-44s %8s\n' "snmpwalk VM-MIB (hpvmsnmpd)" "$walk"
printf '%-44s %8s\n' "snmpbulkwalk -Cr25 VM-MIB (hpvmsnmpd)" "$bulk"
printf '%-44s %8s\n' "snmpbulkwalk -Cr100 VM-MIB (hpvmsnmpd)" "$bulk100"
printf '%-44s %8s\n' "snmpget one guest's row (4 columns)" "$row"

if [ "$PEER" = 1 ] && command -v virsh >/dev/null && vsh version >/dev/null 2>&1; then
	for i in $(seq "$GUESTS"); do
		truncate -s 16M "$SCRATCH/vdisk$i.img"
		cat > "$SCRATCH/dom.xml" <<XML
<domain type='qemu'><name>hpvmbench$i</name><memory unit='MiB'>256</memory><vcpu>1</vcpu>
<os><type arch='x86_64' machine='pc'>hvm</type><kernel>$GUEST/vmlinuz</kernel><initrd>$GUEST/initrd.img</initrd>
<cmdline>console=ttyS0</cmdline></os>
<devices><disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='$SCRATCH/vdisk$i.img'/>
<target dev='sda' bus='scsi'/></disk><controller type='scsi' model='virtio-scsi'/>
<serial type='pty'/><video><model type='none'/></video></devices></domain>
XML
		vsh define "$SCRATCH/dom.xml" >/dev/null
	done
	for i in $(seq "$RUNNING"); do vsh start "hpvmbench$i" >/dev/null || true; done
	sleep 3
	vlist=$(time_ms vsh list --all)
	vstats=$(time_ms vsh domstats)
	printf '%-44s %8s\n' "virsh list --all" "$vlist"
	printf '%-44s %8s\n' "virsh domstats" "$vstats"
else
	echo "# virsh: libvirt not reachable at qemu:///system (run /work/shared/peers/libvirt-up.sh); peer skipped"
fi
printf '# hpvmsnmpd resident: VmRSS %s kB (RssAnon %s kB, Pss %s kB, Private %s kB)\n' "$rss" "$anon" "$pss" "$priv"

#!/bin/sh
# bench/migrate.sh: live migration of an idle and of a memory-dirtying 512 MiB guest between two
# namespace hosts joined by veth: hpvmmigrate -o through hpvm's TLS relays, beside bare QEMU
# migrating over plain TCP on the same link, and with QEMU's own TLS (tls-creds-psk), with the same
# bandwidth and downtime settings.
# Prints each run and the medians: QEMU's total time and downtime, MB moved, MB/s, and for hpvm
# the whole command's wall time (TLS, checks and starting the target's QEMU included).
# With PEER=1 (the default, when libvirtd is installed: ../shared/peers/libvirt-up.sh) also
# `virsh migrate --live --p2p --tunnelled` between two libvirtd, each in its own namespaces.
#   usage: sh bench/migrate.sh       (RUNS=3 per guest and transport; MEM=512; PEER=1)
set -u
RUNS=${RUNS:-3}
MEM=${MEM:-512}
PEER=${PEER:-1}
command -v libvirtd >/dev/null || PEER=0
if [ -z "${HPVM_BENCH_NS:-}" ]; then
	# Private namespaces, as the tests use: the veth and the hosts never touch the machine's own.
	# shellcheck disable=SC2016 # $0 and $@ are the inner shell's
	HPVM_BENCH_NS=1 exec unshare --mount --net --propagation private \
	    sh -c 'mount -t sysfs sysfs /sys && exec sh "$0" "$@"' "$0" "$@"
fi
TOP=$(cd "$(dirname "$0")/.." && pwd)
HPVM_BUILD=${HPVM_BUILD:-$TOP/build}
GUEST=${HPVM_TEST_GUEST:-$TOP/build/guest}
PATH=$HPVM_BUILD/bin:$PATH
TRASH=$(mktemp -d /tmp/hpvm-bench-migrate.XXXXXX)
export PATH HPVM_BUILD
stop_all_guests() { :; }
test_cleanup() {
	pkill -f "qemu-system-x86_64 -name bare" 2>/dev/null
	for _h in lva lvb; do
		_p=$(cat "$TRASH/$_h.pid" 2>/dev/null) || continue
		# shellcheck disable=SC2016 # the namespace's shell reads its own /run
		on_lv "$_h" sh -c 'kill $(cat /run/libvirtd.pid /run/virtlogd.pid) 2>/dev/null'
		kill "$_p" 2>/dev/null
	done
	rm -rf "$TRASH"
}
# shellcheck source=tests/t/lib/twohost.sh disable=SC1091
. "$TOP/tests/t/lib/twohost.sh"
twohost_up >/dev/null 2>&1
for h in hosta hostb; do
	printf 'HPVM_ACCEL=tcg\nHPVM_MIGRATE_TIMEOUT=60\n' > "$TRASH/$h/root/etc/rc.config.d/hpvmconf"
done
now() { date +%s%N; }
other() { if [ "$1" = hosta ]; then echo hostb; else echo hosta; fi; }
addr() { if [ "$1" = hosta ]; then echo 10.77.0.1; else echo 10.77.0.2; fi; }

# --- the guest's load -------------------------------------------------------------------
# ~96 MiB of random data re-copied in a loop keeps rewriting guest memory.
DIRTY='dd if=/dev/urandom of=/tmp/r bs=1M count=96 2>/dev/null; (while :; do cp /tmp/r /tmp/c; rm /tmp/c; done) &'
# The guest's shell first asks the terminal where its cursor is: a bare return answers that.
load_in() {
	printf '\r'
	sleep 0.5
	printf '%s\r' "$DIRTY"
	sleep 1
}

# --- hpvm ----------------------------------------------------------------------------------
hpvm_run() {	# hpvm_run LOAD: RUNS moves of a fresh guest back and forth; a line per move
	on hosta hpvmcreate -P bench -r "${MEM}M" -x boot_kernel="$GUEST/vmlinuz" -x boot_initrd="$GUEST/initrd.img" \
		-x "boot_args=console=ttyS0" >/dev/null 2>&1
	on hosta hpvmstart -P bench >/dev/null
	until on hosta hpvmconsole -P bench -q -c cl 2>/dev/null | grep -q 'HPVM-TEST-GUEST READY'; do sleep 0.5; done
	if [ "$1" = dirty ]; then
		load_in | on hosta hpvmconsole -P bench -q >/dev/null 2>&1
	fi
	sleep 5
	_h=hosta
	for _i in $(seq "$RUNS"); do
		_t0=$(now)
		_o=$(on "$_h" hpvmmigrate -P bench -h "$(addr "$(other "$_h")")" -o 2>&1)
		_t1=$(now)
		echo "$_o" > "$TRASH/hpvm-$1-$_i.out"
		echo "$_o" | grep -q '^hpvmmigrate: Total time' || echo "hpvm run $_i: $_o" >&2
		echo "$_o" | sed -n 's/^hpvmmigrate: Total time \([0-9.]*\) s, downtime \([0-9]*\) ms, \([0-9]*\) MB transferred\./\1 \2 \3/p' |
		    while read -r _s _d _mb; do
			echo "hpvm $1 $_i $(echo "$_s * 1000 / 1" | bc) $_d $_mb $(( (_t1 - _t0) / 1000000 ))"
		done
		_h=$(other "$_h")
	done
	on "$_h" hpvmstop -P bench -h -F >/dev/null 2>&1
	on hosta hpvmremove -P bench -F >/dev/null 2>&1
	on hostb hpvmremove -P bench -F >/dev/null 2>&1
}

# --- bare QEMU over TCP ---------------------------------------------------------------------
qmp() {	# qmp HOST SOCKET JSON...: one QMP session, every command's answer on stdout
	_h=$1 _s=$2; shift 2
	{ echo '{"execute":"qmp_capabilities"}'; for _c in "$@"; do echo "$_c"; done; sleep 0.2; } |
	    on "$_h" socat -t 1 - "UNIX-CONNECT:$_s" 2>/dev/null
}
bare_qemu() {	# bare_qemu HOST NAME [ARGS...]: a QEMU with the test guest, its QMP on $TRASH/NAME.qmp
	_h=$1 _n=$2; shift 2
	on "$_h" qemu-system-x86_64 -name "bare$_n" -machine pc,accel=tcg -m "$MEM" -smp 1 -nodefaults \
		-display none -kernel "$GUEST/vmlinuz" -initrd "$GUEST/initrd.img" -append console=ttyS0 \
		-chardev "socket,id=s0,path=$TRASH/$_n.con,server=on,wait=off,logfile=$TRASH/$_n.serial" \
		-serial chardev:s0 -qmp "unix:$TRASH/$_n.qmp,server=on,wait=off" "$@" \
		>/dev/null 2>&1 &
	until [ -S "$TRASH/$_n.qmp" ]; do sleep 0.1; done
}
# bare_run LOAD [tls]: bare QEMU to QEMU over TCP, or with QEMU's own TLS (a pre-shared key, both
# ends proving they hold it; QEMU's x509 costs the same per byte once the handshake is done).
bare_run() {
	_mode=${2:-tcp} _srv="" _cli=""
	if [ "$_mode" = tls ]; then
		mkdir -p "$TRASH/psk" && echo "hpvm:$(openssl rand -hex 32)" > "$TRASH/psk/keys.psk"
		_srv="-object tls-creds-psk,id=tls0,endpoint=server,dir=$TRASH/psk"
		_cli='{"execute":"object-add","arguments":{"qom-type":"tls-creds-psk","id":"tlsc","endpoint":"client","dir":"'"$TRASH/psk"'","username":"hpvm"}}'
	fi
	# What an earlier run left (QEMU leaves its sockets behind) must not pass for this run's.
	rm -f "$TRASH"/[0-9]*.qmp "$TRASH"/[0-9]*.con "$TRASH"/[0-9]*.serial
	bare_qemu hosta 0
	until grep -q 'HPVM-TEST-GUEST READY' "$TRASH/0.serial" 2>/dev/null; do sleep 0.5; done
	if [ "$1" = dirty ]; then
		load_in | on hosta socat - "UNIX-CONNECT:$TRASH/0.con" >/dev/null 2>&1 || true
	fi
	sleep 5
	_h=hosta _src=0
	for _i in $(seq "$RUNS"); do
		_dst=$_i _to=$(other "$_h") _port=$((5500 + _i))
		_uri="tcp:$(addr "$_to"):$_port"
		if [ "$_mode" = tls ]; then
			# shellcheck disable=SC2086 # the object's words
			bare_qemu "$_to" "$_dst" $_srv -incoming defer
			qmp "$_to" "$TRASH/$_dst.qmp" '{"execute":"migrate-set-parameters","arguments":{"tls-creds":"tls0"}}' \
			    "{\"execute\":\"migrate-incoming\",\"arguments\":{\"uri\":\"$_uri\"}}" >/dev/null
			_tp='"tls-creds":"tlsc",'
			qmp "$_h" "$TRASH/$_src.qmp" "$_cli" >/dev/null
		else
			bare_qemu "$_to" "$_dst" -incoming "$_uri"
			_tp=""
		fi
		# QMP's socket comes before the incoming listener: wait for the port too.
		until on "$_to" ss -ltn | grep -q ":$_port "; do sleep 0.1; done
		qmp "$_h" "$TRASH/$_src.qmp" \
		    "{\"execute\":\"migrate-set-parameters\",\"arguments\":{$_tp\"max-bandwidth\":10737418240,\"downtime-limit\":300}}" \
		    "{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"$_uri\"}}" >/dev/null
		# "status" is no use on a QEMU that once received a guest (its incoming "completed"
		# stands for ever); the outgoing side's end shows as its downtime, or its error.
		_n=0
		while :; do
			_q=$(qmp "$_h" "$TRASH/$_src.qmp" '{"execute":"query-migrate"}' | grep '"status"' | tail -1)
			case $_q in *'"downtime"'*) break ;; *'"error-desc"'*) echo "bare run $_i failed: $_q" >&2; break ;; esac
			# A guest dirtying memory faster than the link moves it never converges: a minute, then give up.
			if [ $((_n += 1)) -gt 150 ]; then
				echo "bare $_mode run $_i: no convergence in a minute, cancelled" >&2
				qmp "$_h" "$TRASH/$_src.qmp" '{"execute":"migrate_cancel"}' >/dev/null
				_q=""
				break
			fi
			sleep 0.1
		done
		_tt=$(echo "$_q" | sed -n 's/.*"total-time": \([0-9]*\).*/\1/p')
		_dt=$(echo "$_q" | sed -n 's/.*"downtime": \([0-9]*\).*/\1/p')
		_tr=$(echo "$_q" | sed -n 's/.*"transferred": \([0-9]*\).*/\1/p')
		echo "$_mode $1 $_i ${_tt:-0} ${_dt:-0} $(( ${_tr:-0} / 1000000 )) -"
		if [ -z "$_q" ]; then	# cancelled: the guest stays where it runs
			qmp "$_to" "$TRASH/$_dst.qmp" '{"execute":"quit"}' >/dev/null
			continue
		fi
		qmp "$_h" "$TRASH/$_src.qmp" '{"execute":"quit"}' >/dev/null
		qmp "$_to" "$TRASH/$_dst.qmp" '{"execute":"cont"}' >/dev/null
		_h=$_to _src=$_dst
	done
	qmp "$_h" "$TRASH/$_src.qmp" '{"execute":"quit"}' >/dev/null
}

echo "# transport load run total_ms downtime_ms MB wall_ms (MEM=${MEM} MiB, $(nproc) CPUs, TCG)"
# --- libvirt, peer to peer and tunnelled ----------------------------------------------------
# lv_host NAME UUID ADDRESS: a namespace host with its own /run, libvirt state and configuration,
# libvirtd listening on TCP without authentication (only the other namespace can reach it).
lv_host() {
	mkdir -p "$TRASH/$1/etc" "$TRASH/$1/lib" "$TRASH/$1/log" "$TRASH/$1/cache"
	cp -a /etc/libvirt/. "$TRASH/$1/etc/"
	printf 'listen_tls = 0\nlisten_tcp = 1\nauth_tcp = "none"\nhost_uuid = "%s"\n' "$2" > "$TRASH/$1/etc/libvirtd.conf"
	# No cgroups: inside a namespace host libvirt cannot make its per-guest groups (nor does hpvm).
	echo 'cgroup_controllers = [ ]' >> "$TRASH/$1/etc/qemu.conf"
	# shellcheck disable=SC2016 # the inner shell's
	unshare --net --mount --uts --propagation private sh -c '
		hostname "$1" && mount -t tmpfs tmpfs /run && mkdir -p /run/libvirt &&
		mount --bind "$0/$1/etc" /etc/libvirt && mount --bind "$0/$1/lib" /var/lib/libvirt &&
		mount --bind "$0/$1/log" /var/log/libvirt && mount --bind "$0/$1/cache" /var/cache/libvirt &&
		ip link set lo up && virtlogd -d && libvirtd --listen -d && exec sleep 100000' "$TRASH" "$1" &
	echo $! > "$TRASH/$1.pid"
	sleep 1
}
on_lv() {
	_h=$1; shift
	nsenter --target "$(cat "$TRASH/$_h.pid")" --net --mount --uts "$@"
}
lv_up() {
	lv_host lva 8f2a1c3e-5b6d-4e7f-9a0b-1c2d3e4f5a6b
	lv_host lvb 3c4d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6
	ip link add lv0 type veth peer name lv1
	ip link set lv0 netns "$(cat "$TRASH/lva.pid")"
	ip link set lv1 netns "$(cat "$TRASH/lvb.pid")"
	on_lv lva sh -c 'ip addr add 10.88.0.1/24 dev lv0 && ip link set lv0 up'
	on_lv lvb sh -c 'ip addr add 10.88.0.2/24 dev lv1 && ip link set lv1 up'
	until on_lv lva virsh -c qemu+tcp://10.88.0.2/system version >/dev/null 2>&1; do sleep 0.5; done
}
lv_addr() { if [ "$1" = lva ]; then echo 10.88.0.1; else echo 10.88.0.2; fi; }
lv_other() { if [ "$1" = lva ]; then echo lvb; else echo lva; fi; }
libvirt_run() {
	cat > "$TRASH/dom.xml" <<-XML
	<domain type='qemu'><name>lvbench</name><memory unit='MiB'>$MEM</memory><vcpu>1</vcpu>
	<os><type arch='x86_64' machine='pc'>hvm</type><kernel>$GUEST/vmlinuz</kernel>
	<initrd>$GUEST/initrd.img</initrd><cmdline>console=ttyS0</cmdline></os>
	<devices><serial type='pty'/><console type='pty'/></devices></domain>
	XML
	on_lv lva virsh -c qemu:///system define "$TRASH/dom.xml" >/dev/null
	on_lv lva virsh -c qemu:///system start lvbench >/dev/null
	sleep 12
	if [ "$1" = dirty ]; then
		load_in | on_lv lva virsh -c qemu:///system console lvbench --force >/dev/null 2>&1
		sleep 5
	fi
	_h=lva
	for _i in $(seq "$RUNS"); do
		_to=$(lv_other "$_h")
		_t0=$(now)
		# Unlimited, as for the others (libvirt's own default is QEMU's 32 MiB/s).
		on_lv "$_h" virsh -c qemu:///system migrate --live --p2p --tunnelled --bandwidth 1048576 lvbench \
		    "qemu+tcp://$(lv_addr "$_to")/system" >/dev/null 2>&1 || echo "libvirt run $_i failed" >&2
		_t1=$(now)
		on_lv "$_to" virsh -c qemu:///system domjobinfo lvbench --completed > "$TRASH/job" 2>/dev/null
		_tt=$(sed -n 's/^Time elapsed: *\([0-9]*\) *ms/\1/p' "$TRASH/job")
		_dt=$(sed -n 's/^Total downtime: *\([0-9]*\) *ms/\1/p' "$TRASH/job")
		_mb=$(sed -n 's/^Data processed: *\([0-9.]*\) *MiB/\1/p' "$TRASH/job" | cut -d. -f1)
		[ -n "$_tt" ] || { echo "libvirt run $_i: no job figures:"; cat "$TRASH/job"; } >&2
		echo "libvirt $1 $_i ${_tt:-0} ${_dt:-0} $(( ${_mb:-0} * 1048576 / 1000000 )) $(( (_t1 - _t0) / 1000000 ))"
		_h=$_to
	done
	on_lv "$_h" virsh -c qemu:///system destroy lvbench >/dev/null 2>&1
	on_lv lva virsh -c qemu:///system undefine lvbench >/dev/null 2>&1
	on_lv lvb virsh -c qemu:///system undefine lvbench >/dev/null 2>&1
}

[ "$PEER" = 1 ] && lv_up
LOADS=${LOADS:-idle dirty}
for load in $LOADS; do
	hpvm_run "$load"
	bare_run "$load"
	bare_run "$load" tls
	[ "$PEER" = 1 ] && libvirt_run "$load"
done | tee "$TRASH/runs"
# Medians, and hpvm's over bare TCP.
med() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
tot_hpvm=0 tot_tcp=1 down_hpvm=0 down_tcp=0
for load in $LOADS; do
	tot_libvirt=0 down_libvirt=0 tot_tls=0 down_tls=-
	for t in hpvm tcp tls libvirt; do
		# A run that failed reports a total of 0: it is counted, not averaged in.
		ok=$(awk -v t=$t -v l="$load" '$1 == t && $2 == l && $4 > 0' "$TRASH/runs" | wc -l)
		bad=$(awk -v t=$t -v l="$load" '$1 == t && $2 == l && $4 == 0' "$TRASH/runs" | wc -l)
		[ "$bad" -gt 0 ] && echo "failed $t $load: $bad of $((ok + bad)) runs"
		[ "$ok" -gt 0 ] || continue
		tot=$(awk -v t=$t -v l="$load" '$1 == t && $2 == l && $4 > 0 { print $4 }' "$TRASH/runs" | med)
		down=$(awk -v t=$t -v l="$load" '$1 == t && $2 == l && $4 > 0 { print $5 }' "$TRASH/runs" | med)
		mb=$(awk -v t=$t -v l="$load" '$1 == t && $2 == l && $4 > 0 { print $6 }' "$TRASH/runs" | med)
		eval "tot_$t=\$tot down_$t=\$down"
		printf 'median %-7s %-6s total %6s ms  downtime %4s ms  %5s MB  %7.1f MB/s\n' $t "$load" "$tot" "$down" "$mb" \
		    "$(echo "$mb * 1000 / ($tot + 1)" | bc -l)"
	done
	printf 'ratio  %-6s total hpvm/tcp %.2f, downtime hpvm %s ms vs %s ms (tcp)' "$load" \
	    "$(echo "$tot_hpvm / $tot_tcp" | bc -l)" "$down_hpvm" "$down_tcp"
	[ "$(echo "$tot_tls > 0" | bc)" = 1 ] && printf '; hpvm/qemu-tls %.2f (downtime %s ms)' \
	    "$(echo "$tot_hpvm / $tot_tls" | bc -l)" "$down_tls"
	[ "$PEER" = 1 ] && [ "$(echo "$tot_libvirt > 0" | bc)" = 1 ] && printf '; hpvm/libvirt-tunnelled %.2f (downtime %s ms)' \
	    "$(echo "$tot_hpvm / $tot_libvirt" | bc -l)" "$down_libvirt"
	echo
done

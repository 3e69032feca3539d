# test-lib.sh: what every behaviour test shares: a private namespace and HPVM_ROOT, TAP output, assertions.
# Usage: . ./lib/test-lib.sh  (from tests/t), test_needs what the test needs, then test_* calls, then test_end.

# Run inside private mount and network namespaces, so nothing a test does reaches the host.
if [ -z "${HPVM_TEST_NS:-}" ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
	# A fresh sysfs, so /sys/class/net shows this namespace's links, not the host's.
	# shellcheck disable=SC2016 # $0 and $@ are the inner shell's
	HPVM_TEST_NS=1 exec unshare --mount --net --propagation private \
	    sh -c 'mount -t sysfs sysfs /sys && exec sh "$0" "$@"' "$0" "$@"
fi

TEST_DIR=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$TEST_DIR/../.." && pwd)
HPVM_BUILD=${HPVM_BUILD:-$TOP/build}
PATH=$HPVM_BUILD/bin:$PATH
export PATH HPVM_BUILD
test_count=0
test_failed=0
TRASH=$(mktemp -d /tmp/hpvm-test.XXXXXX) || TRASH=
# Everything a test writes and removes is under $TRASH: without one, stop before anything runs.
case $TRASH in
/tmp/hpvm-test.?*) ;;
*) echo "Bail out! no scratch directory under /tmp"; exit 1 ;;
esac
out=$TRASH/stdout
err=$TRASH/stderr
rc=0
# Sanitizer reports abort (exit 134), so a command that fails "as expected" cannot hide one.
ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=0}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS UBSAN_OPTIONS
# On failure the scratch directory stays for a look, and test_end says where it is.
test_cleanup() {
	[ "$test_failed" = 0 ] && rm -rf "$TRASH"
	return 0
}
trap 'test_cleanup' EXIT

# test_needs WHAT...: skip the whole test, saying why, unless this machine has each of:
# ROOT (uid 0), NETNS (private network and mount namespaces), GUEST (QEMU and the test guest,
# and the run boots guests), OVS (Open vSwitch's daemons).
test_needs() {
	for _need in "$@"; do
		_why=
		case $_need in
		ROOT) [ "$(id -u)" = 0 ] || _why="needs root" ;;
		NETNS) [ -n "${HPVM_TEST_NS:-}" ] || _why="needs private network namespaces (unshare as root)" ;;
		GUEST)
			if [ -n "${HPVM_TEST_NO_GUEST:-}" ]; then _why="boots guests; this run boots none (HPVM_TEST_NO_GUEST)"
			elif ! command -v qemu-system-x86_64 >/dev/null; then _why="needs qemu-system-x86_64"
			elif [ ! -f "$GUEST_ISO" ]; then _why="needs the test guest (make guest)"; fi ;;
		OVS) command -v ovs-vswitchd >/dev/null && command -v ovsdb-server >/dev/null ||
			_why="needs Open vSwitch (ovs-vswitchd, ovsdb-server)" ;;
		*) _why="unknown need $_need" ;;
		esac
		if [ -n "$_why" ]; then
			echo "1..0 # SKIP $_why"
			exit 0
		fi
	done
}

test_begin() {
	: # the plan is printed by test_end, once the tests have been counted
}

ok() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1"
}

# test_skip DESC WHY: an assertion this machine cannot make yet, reported as TAP's skip.
test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1 # skip $2"
}

# Diagnostics go to stderr too, so prove shows them without -v.
not_ok() {
	test_count=$((test_count + 1))
	test_failed=$((test_failed + 1))
	echo "not ok $test_count - $1"
	echo "# not ok $test_count - $1 ($(basename "$0"))" >&2
	shift
	for line in "$@"; do echo "#   $line"; echo "#   $line" >&2; done
	if [ -s "$err" ]; then sed 's/^/#   stderr: /' "$err" | head -20 | tee /dev/stderr; fi
}

# run CMD...: capture stdout, stderr and exit status of one command.
run() {
	"$@" >"$out" 2>"$err" </dev/null
	rc=$?
}

test_expect_success() {
	desc=$1; shift
	run "$@"
	if [ "$rc" = 0 ]; then ok "$desc"; else not_ok "$desc" "exit status $rc, wanted 0: $*"; fi
}

# test_expect_status N DESC CMD...: exactly this exit status.
test_expect_status() {
	want=$1 desc=$2; shift 2
	run "$@"
	if [ "$rc" = "$want" ]; then ok "$desc"; else not_ok "$desc" "exit status $rc, wanted $want: $*"; fi
}

# A failure is an exit status from 1 to 128; a signal (a crash, a sanitizer abort) is never one.
died() {
	[ "$1" -gt 128 ]
}

test_expect_failure() {
	desc=$1; shift
	test_expect_status 1 "$desc" "$@"
}

test_expect_usage() {
	desc=$1; shift
	test_expect_status 2 "$desc" "$@"
}

test_stderr_matches() {
	if grep -Eq -- "$1" "$err"; then ok "stderr matches /$1/"; else not_ok "stderr matches /$1/"; fi
}

test_stdout_matches() {
	if grep -Eq -- "$1" "$out"; then ok "stdout matches /$1/"; else
		not_ok "stdout matches /$1/" "stdout was:" "$(head -20 "$out")"; fi
}

test_stderr_count() {
	n=$(grep -Ec -- "$2" "$err")
	test_equal "stderr has /$2/ $1 time(s)" "$1" "$n"
}

test_equal() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "wanted: $2" "got:    $3"; fi
}

# test_ok DESC CMD...: the command (or shell function) succeeds; its status is returned, so a test
# can stop early when what follows would only wait for something that cannot happen.
test_ok() {
	desc=$1; shift
	if "$@" >"$TRASH/test_ok.out" 2>&1; then ok "$desc"; else not_ok "$desc" "failed: $*" "$(head -5 "$TRASH/test_ok.out")"; return 1; fi
}

# test_fails DESC CMD...: the command (or shell function) must fail, and not by dying of a signal.
test_fails() {
	desc=$1; shift
	"$@" >"$TRASH/test_ok.out" 2>&1
	_rc=$?
	if [ "$_rc" = 0 ]; then not_ok "$desc" "succeeded: $*"
	elif died "$_rc"; then not_ok "$desc" "died (exit status $_rc): $*" "$(tail -5 "$TRASH/test_ok.out")"
	else ok "$desc"; fi
}

# test_cmp_golden NAME FILE: FILE, with UUIDs, MACs, PIDs and times scrubbed, equals tests/t/golden/NAME.
test_cmp_golden() {
	sed -f "$TEST_DIR/lib/scrub.sed" "$2" >"$TRASH/golden.$1"
	if diff -u "$TEST_DIR/golden/$1" "$TRASH/golden.$1" >"$TRASH/golden.diff" 2>&1; then
		ok "$1 matches its golden file"
	else
		not_ok "$1 matches its golden file" "$(head -40 "$TRASH/golden.diff")"
	fi
}

# What a reader of a failed CI run needs: where the scratch tree is, and the logs' last lines.
test_diagnose() {
	echo "# scratch directory kept: $TRASH" >&2
	[ -n "${HPVM_ROOT:-}" ] && [ -d "$HPVM_ROOT" ] || return 0
	for _log in "$HPVM_ROOT"/var/opt/hpvm/uuids/*/log "$HPVM_ROOT"/var/opt/hpvm/uuids/*/console.log \
	    "$HPVM_ROOT"/var/opt/hpvm/common/command.log; do
		[ -f "$_log" ] || continue
		echo "# --- tail of ${_log#"$HPVM_ROOT"}" >&2
		tail -n 15 "$_log" | tr -d '\r' | sed 's/^/#   /' >&2
	done
}

test_end() {
	echo "1..$test_count"
	[ "$test_failed" = 0 ] || test_diagnose
	[ "$test_failed" = 0 ]
	exit $?
}

# A fresh, empty host tree.
hpvm_root_new() {
	HPVM_ROOT=$TRASH/root
	case $HPVM_ROOT in /tmp/hpvm-test.?*/root) ;; *) echo "Bail out! HPVM_ROOT=$HPVM_ROOT"; exit 1 ;; esac
	rm -rf "$HPVM_ROOT"
	mkdir -p "$HPVM_ROOT"
	export HPVM_ROOT
}

# A digest of everything a command could change. Logs are left out: the command log records
# failures too, the monitor log refused starts, a running guest keeps writing its guest and
# console logs, and any of them may be rotated (<log>.<timestamp>). So is the guest index: a
# cache any command may bring up to date (0800-0899 test it against a rebuild).
state_digest() {
	(cd "$HPVM_ROOT" && find . \( -type f -o -type l \) ! -name 'command.log*' ! -name .lock \
	    ! -name log ! -name 'log.[0-9]*' ! -name 'console.log*' ! -name 'hpvm_mon_log*' \
	    ! -name guest_index |
	    sort | while read -r f; do
		if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"; else echo "$f $(cksum < "$f")"; fi
	done) | cksum
}

devdb() {
	cat "$HPVM_ROOT/var/opt/hpvm/common/hpvm_mgmtdb"
}

# index_is_rebuilt [PREFIX...]: the guest index on disk is exactly what hpvmdevmgmt -I rebuilds
# from the configurations (the same stamps, the same lines): the cache holds nothing but the
# truth. PREFIX runs hpvmdevmgmt where the guests are ("on hostb" in the two-host tests).
index_is_rebuilt() {
	_ix=$HPVM_ROOT/var/opt/hpvm/common/guest_index
	cp "$_ix" "$TRASH/index.before" 2>/dev/null || return 1
	"$@" hpvmdevmgmt -I >/dev/null 2>&1 || return 1
	cmp -s "$TRASH/index.before" "$_ix" || { diff "$TRASH/index.before" "$_ix" | head -5 >&2; return 1; }
}

# index_never_stale: no command found the guest index stale in hpvm_mon_log: every command that
# wrote a configuration kept the index current in the same transaction.
index_never_stale() {
	[ "$(mon_count 'guest index: .* did not match the configurations')" = 0 ]
}

# spawn OUT CMD...: run CMD in the background, its output to OUT; its PID joins $pids.
spawn() {
	_out=$1; shift
	"$@" >"$_out" 2>&1 &
	pids="$pids $!"
}

# wait_all PID...: wait for each; $failed is how many did not exit 0.
wait_all() {
	failed=0
	for _p in "$@"; do wait "$_p" || failed=$((failed + 1)); done
}

# kill_soon PID MS: kill -9 PID after MS (0 to 999) milliseconds, and reap it.
kill_soon() {
	sleep "$(printf '0.%03d' "$2")"
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# mon_count REGEX: how many lines of hpvm_mon_log match.
mon_count() {
	{ cat "$HPVM_ROOT/var/opt/hpvm/common/hpvm_mon_log" 2>/dev/null || true; } | grep -Ec -- "$1"
}

# A backing file of the given size in the test's scratch space.
make_file() {
	truncate -s "$2" "$TRASH/$1"
	echo "$TRASH/$1"
}

# --- running guests ---------------------------------------------------------------

HPVM_TEST_GUEST=${HPVM_TEST_GUEST:-$TOP/build/guest}
GUEST_ISO=$HPVM_TEST_GUEST/guest.iso
GUEST_KERNEL=$HPVM_TEST_GUEST/vmlinuz
GUEST_INITRD=$HPVM_TEST_GUEST/initrd.img

# QEMU runs as its own unprivileged user, as the installer sets up on a real host.
if [ "$(id -u)" = 0 ] && ! getent passwd hpvmqemu >/dev/null; then
	useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin hpvmqemu \
	    >/dev/null 2>&1 || true
fi

# Guests must use TCG here whatever the host offers; tests say so in hpvmconf.
hpvm_conf() {
	mkdir -p "$HPVM_ROOT/etc/rc.config.d"
	printf '%s\n' "$@" > "$HPVM_ROOT/etc/rc.config.d/hpvmconf"
}

console_log() {
	hpvmconsole -P "$1" -q -c cl 2>/dev/null | tr -d '\r'
}

# wait_console GUEST REGEX [SECONDS]: until the guest's console shows REGEX.
wait_console() {
	_n=$(( ${3:-60} * 5 ))
	while [ "$_n" -gt 0 ]; do
		console_log "$1" | grep -Eq -- "$2" && return 0
		sleep 0.2
		_n=$((_n - 1))
	done
	return 1
}

# wait_block GUEST REGEX [SECONDS]: until the guest's latest block-device report matches.
wait_block() {
	_n=$(( ${3:-60} * 5 ))
	while [ "$_n" -gt 0 ]; do
		console_log "$1" | grep -a 'HPVM-TEST-GUEST BLOCK' | tail -1 | grep -Eq -- "$2" && return 0
		sleep 0.2
		_n=$((_n - 1))
	done
	return 1
}

guest_state() {
	hpvmstatus -P "$1" -M 2>/dev/null | cut -d: -f5
}

# wait_state GUEST STATE [SECONDS]
wait_state() {
	_n=$(( ${3:-30} * 10 ))
	while [ "$_n" -gt 0 ]; do
		[ "$(guest_state "$1")" = "$2" ] && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

guest_log_of() {
	cat "$HPVM_ROOT/var/opt/hpvm/guests/$1/log" 2>/dev/null
}

# Stop whatever a test left running, so no QEMU outlives it.
stop_all_guests() {
	[ -n "${HPVM_ROOT:-}" ] && hpvmstop -a -h -F -q >/dev/null 2>&1
	return 0
}
trap 'stop_all_guests; test_cleanup' EXIT

# --- networks ---------------------------------------------------------------------

# appliance_guest NAME IP [hpvmcreate options...]: a direct-boot test guest that sets IP on its NIC.
appliance_guest() {
	_name=$1 _ip=$2; shift 2
	hpvmcreate -P "$_name" -r 256M -x boot_kernel="$GUEST_KERNEL" -x boot_initrd="$GUEST_INITRD" \
		-x "boot_args=console=ttyS0 hpvm.ip=$_ip" "$@"
}

# guest_run GUEST COMMAND: type a command on the guest's console.
guest_run() {
	(printf '%s\r' "$2"; sleep 0.5) | hpvmconsole -P "$1" -q >/dev/null 2>&1
}

# guest_ping GUEST ADDRESS: 0 when pings from the guest are answered. The verdict is computed
# in the guest ($((...))), so the echo of the typed command cannot be mistaken for it.
guest_ping() {
	_tag=$(date +%s%N)
	guest_run "$1" "ping -c 2 -W 2 $2 >/dev/null 2>&1; echo PING-$_tag-\$((\$? + 100))"
	wait_console "$1" "PING-$_tag-1[0-9][0-9]" 30 || return 1
	console_log "$1" | grep -aq "PING-$_tag-100"
}

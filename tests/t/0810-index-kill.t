#!/bin/sh
# 0810-index-kill.t: kill -9 between a configuration and the index, or at any instant: the next command reads again what is stale, and the index is what a rebuild gives
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT

hpvm_root_new
common=$HPVM_ROOT/var/opt/hpvm/common
index=$common/guest_index
uuids=$HPVM_ROOT/var/opt/hpvm/uuids
for i in 1 2 3; do hpvmcreate -P g"$i" -a network:lan::vswitch:sw >/dev/null 2>&1; done

# killed_at N CMD...: run CMD and kill -9 it as it enters its Nth rename (strace injects the signal,
# and the rename fails, so it never happens: no timing to miss). The temporary file it was about
# to rename stays behind.
killed_at() {
	_n=$1; shift
	strace -qq -o /dev/null -e trace=rename -e inject=rename:error=EIO:signal=KILL:when="$_n" "$@" \
	    >/dev/null 2>&1
	return 0
}

if command -v strace >/dev/null; then
	# A create renames over the device database, its configuration, its link, then the index.
	killed_at 4 hpvmcreate -P k1 -a network:lan::vswitch:sw
	test_ok "a create killed before its index entry: the guest is there" test -L "$HPVM_ROOT/var/opt/hpvm/guests/k1"
	test_expect_success "the next command" hpvmstatus
	test_stdout_matches '^k1 '
	test_equal "says the index was stale, once" 1 "$(mon_count "did not match the configurations \('k1'\)")"
	test_ok "and the index is what a rebuild gives" index_is_rebuilt

	# This modify renames over the previous configuration, the configuration, then the index.
	killed_at 3 hpvmmodify -P g1 -c 3
	test_expect_success "a modify killed before its index entry" hpvmstatus -M
	test_stdout_matches '^g1:[0-9]+:[^:]*:UNKNOWN:Off:3:'
	test_ok "is seen by the next command" index_is_rebuilt

	# A remove takes the configuration away, renames over the index, then the device database.
	killed_at 1 hpvmremove -P g2 -F
	test_expect_success "a remove killed before it wrote its index" hpvmcreate -P k2
	test_ok "the index is what a rebuild gives" index_is_rebuilt
	test_ok "and nothing lies around" sh -c "[ \$(find '$HPVM_ROOT' -name '.*.tmp.*' | wc -l) = 0 ]"

	# the first rename of a create without devices is its configuration's: there is no link yet.
	killed_at 1 hpvmcreate -P k3
	test_ok "a create killed before its configuration leaves a directory no name links to" \
		sh -c "[ \$(ls '$uuids' | wc -l) -gt \$(ls '$HPVM_ROOT/var/opt/hpvm/guests' | wc -l) ]"
	test_expect_success "the next create" hpvmcreate -P k4
	test_ok "removes it" sh -c "[ \$(ls '$uuids' | wc -l) = \$(ls '$HPVM_ROOT/var/opt/hpvm/guests' | wc -l) ]"
	test_ok "and its temporary files" sh -c "[ \$(find '$HPVM_ROOT' -name '.*.tmp.*' | wc -l) = 0 ]"
	test_ok "says so in hpvm_mon_log" sh -c "[ $(mon_count 'a guest directory no name links to') -ge 1 ]"
	test_ok "the index is what a rebuild gives" index_is_rebuilt
fi

# Kill commands at random instants; after each, the next command brings the index back to the truth.
broken=0
for i in $(seq 30); do
	case $((i % 3)) in
	0) hpvmmodify -P g1 -c $((i % 4 + 1)) -a disk:scsi::null:/tmp/r"$i" >/dev/null 2>&1 & ;;
	1) hpvmcreate -P r"$i" -a network:lan::vswitch:sw >/dev/null 2>&1 & ;;
	2) hpvmremove -P r$((i - 1)) -F >/dev/null 2>&1 & ;;
	esac
	kill_soon $! $(( (i * 7919) % 10 * 10 ))
	hpvmstatus -M >"$TRASH/by-index" 2>&1 || broken=$((broken + 1))
	mv "$index" "$TRASH/index.keep" 2>/dev/null
	hpvmstatus -M >"$TRASH/by-config" 2>&1
	cmp -s "$TRASH/by-index" "$TRASH/by-config" || { broken=$((broken + 1)); diff "$TRASH/by-index" "$TRASH/by-config" | sed 's/^/# /'; }
done
test_equal "after 30 kill -9s every listing from the index equals one from the configurations" 0 "$broken"
test_expect_success "a create after them" hpvmcreate -P last
test_ok "the index is what a rebuild gives" index_is_rebuilt
test_end

#!/bin/sh
# 0120-start-refused.t: hpvmstart refuses what cannot run, in HP's "configuration problems" block, and changes nothing
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
db=$HPVM_ROOT/var/opt/hpvm/common/hpvm_mgmtdb
shared=$(make_file shared.img 16M)
hpvmcreate -P one -r 256M -a dvd:scsi::file:"$GUEST_ISO" -a disk:scsi::file:"$shared" >/dev/null 2>&1
sed -i "s|^\($shared:CONFIG=gdev,[^:]*\)SHARE=NO|\1SHARE=YES|" "$db"
hpvmcreate -P two -r 256M -a dvd:scsi::file:"$GUEST_ISO" -a disk:scsi::file:"$shared" >/dev/null 2>&1
# Both hold it; no longer sharable, only one of them may run at a time.
sed -i "s|^\($shared:CONFIG=gdev,[^:]*\)SHARE=YES|\1SHARE=NO|" "$db"
test_expect_success "the first guest starts" hpvmstart -P one

before=$(state_digest)
test_expect_failure "a disk held by a running guest refuses the start" hpvmstart -P two
test_stderr_matches '^HPVM guest two configuration problems:$'
test_stderr_matches "^    Warning 1 on item $shared: Device $shared is in use by running guest 'one'\.$"
test_stderr_matches '^hpvmstart: ERROR \(two\): Unable to start the guest'
test_equal "two is still off" "Off" "$(guest_state two)"
hpvmstop -P one -F >/dev/null 2>&1
test_expect_success "once one is off, two starts" hpvmstart -P two
hpvmstop -P two -F >/dev/null 2>&1

missing=$TRASH/missing.img
hpvmcreate -P lost -r 256M -a disk:avio_stor::file:"$missing" >/dev/null 2>&1
before=$(state_digest)
test_expect_failure "a missing backing file refuses the start" hpvmstart -P lost
test_stderr_matches "^    Warning 1 on item $missing: Backing store $missing for disk does not exist\.$"
test_equal "nothing changed" "$before" "$(state_digest)"

cpus=$(nproc)
if [ "$cpus" -lt 4 ]; then
	hpvmcreate -P wide -r 256M -c $((cpus + 1)) >/dev/null 2>&1
	test_expect_failure "more vCPUs than the host has" hpvmstart -P wide
	test_stderr_matches "Warning 1 on item guest: The guest has $((cpus + 1)) virtual CPUs; the host has $cpus\."
fi
hpvmcreate -P huge -r 128G >/dev/null 2>&1
test_expect_failure "more memory than the host has" hpvmstart -P huge
test_stderr_matches "The guest needs 131072 MB of memory; the host has [0-9]+ MB available\."

hpvmcreate -P notrun -r 256M -x runnable_status=disabled >/dev/null 2>&1
test_expect_failure "a guest that is not runnable" hpvmstart -P notrun
test_stderr_matches "^hpvmstart: ERROR \(notrun\): The guest is not runnable \(runnable_status is disabled\)\.$"
test_expect_failure "an unknown guest" hpvmstart -P ghost
test_stderr_matches "^hpvmstart: ERROR \(ghost\): No guest named 'ghost' exists\.$"
test_expect_usage "no -P" hpvmstart
test_ok "no QEMU left running" sh -c "! ls '$HPVM_ROOT/var/run/hpvm/'*/app.lock 2>/dev/null | grep -q ."
test_end

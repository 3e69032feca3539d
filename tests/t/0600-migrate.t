#!/bin/sh
# 0600-migrate.t: hpvmmigrate between two hosts: checks that refuse, a live move that keeps the guest running, offline moves with copied disks
# shellcheck disable=SC2317 # helpers here run through test_ok, which shellcheck cannot follow
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST
# shellcheck source=lib/twohost.sh
. "$TEST_DIR/lib/twohost.sh"
twohost_up

for h in hosta hostb; do
	on $h hpvmnet -c -S sw1 >/dev/null && on $h hpvmnet -b -S sw1 >/dev/null
done
shared=$(make_file shared.img 64M)
on hosta hpvmcreate -P vm1 -r 256M -x boot_kernel="$GUEST_KERNEL" -x boot_initrd="$GUEST_INITRD" \
	-x "boot_args=console=ttyS0 hpvm.counter=1" -a network:avio_lan::vswitch:sw1 \
	-a disk:avio_stor::file:"$shared" >/dev/null 2>&1

# status_has HOST GUEST REGEX: hpvmstatus -V of the guest there matches.
status_has() {
	on "$1" hpvmstatus -P "$2" -V | grep -Eq -- "$3"
}

# not_on_console HOST GUEST REGEX
not_on_console() {
	! console_on "$1" "$2" | grep -Eq -- "$3"
}

# digest_of HOST: everything hpvm keeps on that host, as state_digest sees it.
digest_of() {
	HPVM_ROOT=$TRASH/$1/root state_digest
}

# --- the target's checks ------------------------------------------------------------
test_expect_success "-s: the target accepts the guest" on hosta hpvmmigrate -P vm1 -h 10.77.0.2 -s
test_stdout_matches "^hpvmmigrate: The guest 'vm1' can be migrated to hostb\.$"
test_expect_usage "-o with -b is a usage error" on hosta hpvmmigrate -P vm1 -h 10.77.0.2 -o -b
test_expect_usage "no target" on hosta hpvmmigrate -P vm1
test_expect_failure "-o needs a running guest" on hosta hpvmmigrate -P vm1 -h 10.77.0.2 -o
test_stderr_matches "^hpvmmigrate: ERROR \(vm1\): The guest is not running; an online migration"

shared2=$(make_file shared2.img 64M)
on hosta truncate -s 32M /srv/local/vm2.img
on hosta hpvmcreate -P vm2 -r 256M -a network:avio_lan::vswitch:sw2 -a disk:avio_stor::file:"$shared2" \
	-a disk:avio_stor::file:/srv/local/vm2.img >/dev/null 2>&1
on hosta hpvmnet -c -S sw2 >/dev/null
on hostb hpvmcreate -P vm2 -r 256M >/dev/null 2>&1
before_a=$(digest_of hosta) before_b=$(digest_of hostb)
test_expect_failure "every problem at once: name, vswitch, storage" on hosta hpvmmigrate -P vm2 -h 10.77.0.2 -s
test_stderr_matches "^hpvmmigrate: Target VM Host error - guest name or UUID validation failed\.$"
test_stderr_matches "^hpvmmigrate: ERROR \(vm2\): A guest named 'vm2' already exists\.$"
test_stderr_matches "^hpvmmigrate: Target VM Host error - vswitch validation failed\.$"
test_stderr_matches "^hpvmmigrate: ERROR \(vm2\): The vswitch sw2 does not exist here\.$"
test_stderr_matches "^hpvmmigrate: Target VM Host error - Device does not exist\.$"
test_stderr_matches "^hpvmmigrate: ERROR \(vm2\): Device /srv/local/vm2.img does not exist here\.$"
test_stderr_matches "^hpvmmigrate: See HPVM command log file on target VM Host for more detail\.$"
test_equal "nothing changed on the target" "$before_b" "$(digest_of hostb)"
test_equal "nothing changed here" "$before_a" "$(digest_of hosta)"
test_ok "the target's command log says why" grep -q "hpvmmigrated: guest 'vm2' from .* refused: The vswitch sw2 does not exist here" \
	"$TRASH/hostb/root/var/opt/hpvm/common/command.log"
test_expect_failure "without -s too: refused, nothing moves" on hosta hpvmmigrate -P vm2 -h 10.77.0.2
test_stderr_matches "vswitch validation failed"
test_equal "nothing changed on the target" "$before_b" "$(digest_of hostb)"
on hostb hpvmremove -P vm2 -F >/dev/null 2>&1
on hostb truncate -s 16M /srv/local/vm2.img
on hostb hpvmnet -c -S sw2 >/dev/null
test_expect_failure "a disk of another size there" on hosta hpvmmigrate -P vm2 -h 10.77.0.2 -s
test_stderr_matches "^hpvmmigrate: ERROR \(vm2\): Device /srv/local/vm2.img has 16777216 bytes here and 33554432 on the source\.$"
test_stderr_matches "^hpvmmigrate: ERROR \(vm2\): The vswitch sw2 is not up here"
on hostb rm -f /srv/local/vm2.img

# --- live: the guest keeps running -------------------------------------------------
on hosta hpvmstart -P vm1 >/dev/null
test_ok "the guest counts on host A" wait_console_on hosta vm1 'COUNT [0-9]+' 90
test_expect_success "live migration (-o)" on hosta hpvmmigrate -P vm1 -h 10.77.0.2 -o
test_stdout_matches "^hpvmmigrate: Guest migrated successfully\.$"
test_stdout_matches "^hpvmmigrate: Total time [0-9.]+ s, downtime [0-9]+ ms, [0-9]+ MB transferred\.$"
last=$(console_on hosta vm1 | sed -n 's/.*COUNT \([0-9]*\).*/\1/p' | tail -1)
test_equal "running on host B" "On (OS)" "$(on hostb hpvmstatus -P vm1 -M | cut -d: -f5)"
test_ok "the counter goes on there" wait_console_on hostb vm1 "COUNT $((last + 2))" 30
test_ok "without a reboot" not_on_console hostb vm1 'HPVM-TEST-GUEST READY'
test_equal "same UUID on both hosts" "$(on hosta hpvmstatus -P vm1 -M | cut -d: -f3)" \
	"$(on hostb hpvmstatus -P vm1 -M | cut -d: -f3)"
test_equal "off here" "Off" "$(on hosta hpvmstatus -P vm1 -M | cut -d: -f5)"
test_ok "and not runnable here (HP's runnable_status)" status_has hosta vm1 '^Runnable status *: Disabled'
test_expect_failure "so it cannot be started here" on hosta hpvmstart -P vm1
test_stderr_matches "The guest is not runnable"
test_ok "command.log has the numbers" grep -Eq "hpvmmigrate: guest 'vm1' migrated to hostb \(online\): total [0-9]+ ms, downtime [0-9]+ ms" \
	"$TRASH/hosta/root/var/opt/hpvm/common/command.log"
test_ok "the source guest's log" grep -Eq "migrated to hostb \(online: total [0-9]+ ms, downtime [0-9]+ ms\); not runnable here now" \
	"$TRASH/hosta/root/var/opt/hpvm/guests/vm1/log"
test_ok "the target guest's log" grep -q "migrated here from hosta (10.77.0.1) and running" "$TRASH/hostb/root/var/opt/hpvm/guests/vm1/log"
test_ok "no journal left on the target" sh -c "[ -z \"\$(ls '$TRASH/hostb/root/var/run/hpvm/migrate')\" ]"

test_expect_success "and back: the copy left on host A is replaced" on hostb hpvmmigrate -P vm1 -h 10.77.0.1 -o
test_stdout_matches "^hpvmmigrate: Total time [0-9.]+ s, downtime [0-9]+ ms"
test_ok "the numbers are the outgoing move's, though that QEMU once received the guest" \
	test -z "$(grep 'Total time 0.00 s' "$out")"
test_equal "running on A again" "On (OS)" "$(on hosta hpvmstatus -P vm1 -M | cut -d: -f5)"
test_ok "runnable on A again" status_has hosta vm1 '^Runnable status *: Enabled'
# Host B's log is whole once the guest has left it: host A's counting resumes right after.
lastb=$(console_on hostb vm1 | sed -n 's/.*COUNT \([0-9]*\).*/\1/p' | tail -1)
test_ok "the counter still goes on" wait_console_on hosta vm1 "COUNT $((lastb + 2))" 30
on hosta hpvmstop -P vm1 -h -F >/dev/null

# --- offline with copied disks -------------------------------------------------------
on hosta hpvmcreate -P vm3 -r 256M -x boot_kernel="$GUEST_KERNEL" -x boot_initrd="$GUEST_INITRD" \
	-x "boot_args=console=ttyS0" -a disk:avio_stor::file:/srv/local/vm3.img >/dev/null 2>&1
on hosta dd if=/dev/urandom of=/srv/local/vm3.img bs=1M count=48 status=none
sum_a=$(on hosta sha256sum /srv/local/vm3.img | cut -d' ' -f1)
test_expect_failure "without -C the disk is missing there" on hosta hpvmmigrate -P vm3 -h 10.77.0.2
test_stderr_matches "Device /srv/local/vm3.img does not exist here"
test_expect_success "-C copies it, -b boots it there" on hosta hpvmmigrate -P vm3 -h 10.77.0.2 -C -b
test_equal "the copy is identical" "$sum_a" "$(on hostb sha256sum /srv/local/vm3.img | cut -d' ' -f1)"
test_ok "booted on host B" wait_console_on hostb vm3 'HPVM-TEST-GUEST READY' 90
test_ok "the source disk stays" on hosta test -f /srv/local/vm3.img
test_ok "no temporary copy left" test -z "$(on hostb ls -a /srv/local | grep hpvm-migrating)"
on hostb hpvmstop -P vm3 -h -F >/dev/null

on hosta hpvmcreate -P vm4 -r 256M -a disk:avio_stor::file:/srv/local/vm4.img >/dev/null 2>&1
on hosta truncate -s 8M /srv/local/vm4.img
on hostb mkdir -p /srv/local/moved
test_expect_success "-D removes the source, -N renames, -m maps the disk" \
	on hosta hpvmmigrate -P vm4 -h 10.77.0.2 -C -D -N vm4b -m disk:avio_stor:0,0,0:file:/srv/local/moved/vm4.img -q
test_equal "-q prints nothing" "" "$(cat "$out")"
test_expect_failure "gone here" on hosta hpvmstatus -P vm4
test_ok "there as vm4b, on the mapped path" status_has hostb vm4b '/srv/local/moved/vm4.img'
test_ok "the mapped copy" on hostb test -f /srv/local/moved/vm4.img

# --- the guest index: both sides' writers (the target's define and commit) kept it current ---
test_ok "host A's guest index is current" index_on hosta
test_ok "host B's too" index_on hostb
test_end

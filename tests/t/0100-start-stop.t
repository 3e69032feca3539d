#!/bin/sh
# 0100-start-stop.t: a guest boots from an ISO on a scsi DVD, shows its state, and stops hard and gracefully
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
disk=$(make_file vm1.img 64M)
hpvmcreate -P vm1 -r 256M -a dvd:scsi::file:"$GUEST_ISO" -a disk:avio_stor::file:"$disk" >/dev/null 2>&1

test_expect_success "start" hpvmstart -P vm1
test_equal "HP's message" "hpvmstart: Successful start initiation of guest 'vm1'" "$(cat "$out")"
test_equal "running as soon as hpvmstart returns" "On (OS)" "$(guest_state vm1)"
test_ok "the guest boots from the ISO and prints its marker" wait_console vm1 'HPVM-TEST-GUEST READY' 90
test_ok "the guest sees hpvm in SMBIOS" sh -c "hpvmconsole -P vm1 -q -c cl | grep -aq 'READY hpvm '"
test_ok "the avio_stor disk is in the guest" wait_console vm1 'BLOCK .*sd[a-z]' 30
test_expect_success "verbose status while running" hpvmstatus -P vm1 -V
test_stdout_matches '^State                 : On \(OS\)$'
test_stdout_matches '^QEMU PID              : [0-9]+$'
qpid=$(sed -n 's/^QEMU PID *: //p' "$out")
test_ok "that PID is QEMU" sh -c "tr '\\0' ' ' < /proc/$qpid/cmdline | grep -q 'qemu-system-x86_64 -name vm1'"
test_expect_success "XML while running" hpvmstatus -P vm1 -X
test_stdout_matches '<runtime state="On \(OS\)" pending="no" pid="[0-9]+" uptime="[0-9]+"/>'
test_ok "running XML validates" xmllint --noout --relaxng "$TOP/etc/schema/hpvm.rng" "$out"
test_ok "the guest log records the start and the accelerator" \
	sh -c "cat '$HPVM_ROOT'/var/opt/hpvm/guests/vm1/log | grep -Eq \"guest 'vm1' started: QEMU pid $qpid, accel (tcg|kvm)\""

before=$(state_digest)
test_expect_failure "a second start is refused" hpvmstart -P vm1
test_stderr_matches "^hpvmstart: ERROR \(vm1\): The guest is already running\.$"
test_equal "and changes nothing" "$before" "$(state_digest)"
test_expect_failure "stop without -F or -q and no terminal is refused" \
	hpvmstop -P vm1
test_stderr_matches "^hpvmstop: ERROR \(vm1\): Not asking for confirmation without a terminal; use -F\.$"

test_expect_success "graceful stop (-g): ACPI power button" hpvmstop -P vm1 -g -F
test_equal "Off afterwards" "Off" "$(guest_state vm1)"
test_ok "the guest saw the power button" sh -c "hpvmconsole -P vm1 -q -c cl | grep -aq 'HPVM-TEST-GUEST POWERBUTTON'"
test_ok "the log tells the story" sh -c "cat '$HPVM_ROOT'/var/opt/hpvm/guests/vm1/log | grep -q 'graceful stop requested' &&
	cat '$HPVM_ROOT'/var/opt/hpvm/guests/vm1/log | grep -q 'QEMU (pid $qpid) exited with status 0'"
test_ok "no runtime state left" sh -c "[ -z \"\$(ls '$HPVM_ROOT/var/run/hpvm/')\" ]"
test_ok "QEMU is gone" sh -c "! kill -0 $qpid 2>/dev/null"

test_expect_success "start again" hpvmstart -P vm1 -Q
test_equal "-Q prints nothing" "" "$(cat "$out")"
test_ok "boots again" wait_console vm1 'HPVM-TEST-GUEST READY' 90
test_expect_success "hard stop is the default" hpvmstop -P vm1 -F
test_stdout_matches "^hpvmstop: Virtual machine 'vm1' stopped\.$"
test_equal "Off" "Off" "$(guest_state vm1)"
test_ok "logged as a hard stop" grep -q 'hard stop' "$HPVM_ROOT/var/opt/hpvm/guests/vm1/log"
test_expect_failure "stopping a stopped guest" hpvmstop -P vm1 -F
test_stderr_matches "^hpvmstop: ERROR \(vm1\): The guest is not running\.$"
test_expect_usage "-P and -a together" hpvmstop -P vm1 -a
test_end

#!/bin/sh
# 0150-console.t: hpvmconsole -c attaches to the serial console (Ctrl-B leaves), prints its log, and runs pc commands
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
hpvmcreate -P vm1 -r 256M -x boot_kernel="$GUEST_KERNEL" -x boot_initrd="$GUEST_INITRD" \
	-x "boot_args=console=ttyS0" >/dev/null 2>&1

test_expect_success "cl before the first start prints nothing" hpvmconsole -P vm1 -q -c cl
test_equal "empty" "" "$(cat "$out")"
test_expect_failure "attaching to a guest that is off" hpvmconsole -P vm1 -c co
test_stderr_matches 'The guest is not running; use pc -on to start it\.'
test_expect_success "pc -on starts it" hpvmconsole -P vm1 -q -c "pc -on"
test_ok "running" wait_state vm1 "On (OS)" 10
test_ok "cl shows the boot" wait_console vm1 'HPVM-TEST-GUEST READY' 90

# A person at a terminal: type a command, see its output, leave with Ctrl-B.
if command -v script >/dev/null; then
	# shellcheck disable=SC2016 # the guest's shell computes it
	(sleep 1; printf 'echo hpvm-console-$((6*7))\r'; sleep 2; printf '\002') |
		script -qec "hpvmconsole -P vm1 -c co" /dev/null > "$TRASH/tty" 2>&1
	test_ok "the shell in the guest answered through the console" grep -aq 'hpvm-console-42' "$TRASH/tty"
	test_ok "Ctrl-B left the console and the guest kept running" test "$(guest_state vm1)" = "On (OS)"
fi

n=$(console_log vm1 | grep -ac 'HPVM-TEST-GUEST READY')
test_expect_success "pc -cycle resets the guest" hpvmconsole -P vm1 -q -c "pc -cycle"
booted_again() {
	[ "$(console_log vm1 | grep -ac 'HPVM-TEST-GUEST READY')" -gt "$n" ]
}
i=0; while ! booted_again && [ $i -lt 450 ]; do sleep 0.2; i=$((i + 1)); done
test_ok "it boots a second time" booted_again
test_ok "the guest log records the reset" grep -q 'guest reset (reboot)' "$HPVM_ROOT/var/opt/hpvm/guests/vm1/log"
test_expect_success "pc -off turns it off" hpvmconsole -P vm1 -q -c "pc -off"
test_equal "off" "Off" "$(guest_state vm1)"
test_ok "the console log survives the stop" sh -c "hpvmconsole -P vm1 -q -c cl | grep -aq 'HPVM-TEST-GUEST READY'"
test_expect_failure "an unknown console command" hpvmconsole -P vm1 -q -c "rs"
test_stderr_matches "^hpvmconsole: ERROR \(vm1\): Unknown console command 'rs'"
test_end

#!/bin/sh
# 0130-kill.t: kill -9 of QEMU or of hpvmapp leaves the guest Off, logged, and startable again
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
hpvmcreate -P vm1 -r 256M -x boot_kernel="$GUEST_KERNEL" -x boot_initrd="$GUEST_INITRD" \
	-x "boot_args=console=ttyS0" >/dev/null 2>&1
log=$HPVM_ROOT/var/opt/hpvm/guests/vm1/log

hpvmstart -P vm1 >/dev/null 2>&1
qpid=$(hpvmstatus -P vm1 -M | cut -d: -f16)
kill -9 "$qpid"
test_ok "after kill -9 of QEMU the guest is Off" wait_state vm1 Off 10
test_ok "the guest log says QEMU was killed" grep -q "QEMU (pid $qpid) killed by signal 9" "$log"
test_ok "no runtime state left" sh -c "[ -z \"\$(ls '$HPVM_ROOT/var/run/hpvm/')\" ]"
test_expect_success "it starts again" hpvmstart -P vm1
test_ok "and boots" wait_console vm1 'HPVM-TEST-GUEST READY' 90

qpid=$(hpvmstatus -P vm1 -M | cut -d: -f16)
# The supervisor, and its child the console multiplexer (the same command line, a newer process).
apid=$(pgrep -o -f "hpvmapp -u $(readlink "$HPVM_ROOT/var/opt/hpvm/guests/vm1" | sed 's|.*/||')")
mpid=$(pgrep -P "$apid" -x hpvmapp-console)
test_ok "hpvmapp supervises it" test -n "$apid"
test_ok "with its console multiplexer" test -n "$mpid"
kill -9 "$apid"
test_ok "after kill -9 of hpvmapp the guest is Off" wait_state vm1 Off 10
n=0; while kill -0 "$qpid" 2>/dev/null && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
test_ok "and its QEMU went with it" sh -c "! kill -0 $qpid 2>/dev/null"
test_ok "and the multiplexer" sh -c "! kill -0 $mpid 2>/dev/null"
test_expect_success "it starts again" hpvmstart -P vm1
test_ok "the guest log says what happened to the supervisor" \
	grep -q "hpvmapp ended without cleaning up (killed?); runtime state removed" "$log"
test_ok "and boots" wait_console vm1 'HPVM-TEST-GUEST READY' 90

# The configuration is on disk, not in the supervisor: a new hpvmapp starts it the same way.
test_expect_success "hard stop" hpvmstop -P vm1 -F
test_expect_success "a change made while stopped" hpvmmodify -P vm1 -c 2 -r 320M
test_expect_success "starts with the new configuration" hpvmstart -P vm1
qpid=$(hpvmstatus -P vm1 -M | cut -d: -f16)
test_ok "QEMU runs with 2 vCPUs and 320 MB" sh -c "tr '\\0' ' ' < /proc/$qpid/cmdline | grep -q -- '-smp 2 -m 320'"

# A hung QEMU (its monitor answers nobody) still stops with a hard stop.
qpid=$(hpvmstatus -P vm1 -M | cut -d: -f16)
kill -STOP "$qpid"
test_expect_success "hard stop of a hung QEMU" hpvmstop -P vm1 -F
test_equal "Off" "Off" "$(guest_state vm1)"
test_ok "the supervisor killed it" grep -q 'hpvmapp asked to stop; killing QEMU' "$HPVM_ROOT/var/opt/hpvm/guests/vm1/log"
test_end

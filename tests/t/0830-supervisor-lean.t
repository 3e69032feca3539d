#!/bin/sh
# 0830-supervisor-lean.t: while a guest runs its supervisor is the lean watcher (QMP, log, state; no XML, no netlink), and still cleans up after it
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
hpvm_conf HPVM_ACCEL=tcg
hpvmnet -c -S sw >/dev/null && hpvmnet -b -S sw >/dev/null
hpvmcreate -P vm1 -r 256M -x boot_kernel="$GUEST_KERNEL" -x boot_initrd="$GUEST_INITRD" \
	-x "boot_args=console=ttyS0" -a network:avio_lan::vswitch:sw >/dev/null 2>&1
uuid=$(readlink "$HPVM_ROOT/var/opt/hpvm/guests/vm1" | sed 's|.*/||')
log=$HPVM_ROOT/var/opt/hpvm/guests/vm1/log

test_expect_success "the guest starts" hpvmstart -P vm1
test_ok "and boots" wait_console vm1 'HPVM-TEST-GUEST READY' 90
apid=$(cut -d' ' -f1 "$HPVM_ROOT/var/run/hpvm/$uuid/state")
test_ok "the supervisor is still called hpvmapp" grep -q '^Name:[[:space:]]*hpvmapp$' "/proc/$apid/status"
test_ok "with its guest's UUID on its command line" sh -c "pgrep -f 'hpvmapp -u $uuid' | grep -qx '$apid'"
test_ok "it is the watcher, by exec, in the same process" sh -c "readlink /proc/$apid/exe | grep -q '/hpvmmon\$'"
test_ok "which maps neither libxml2 nor libnl" sh -c "! grep -Eq 'libxml2|libnl|libicu' /proc/$apid/maps"
qpid=$(hpvmstatus -P vm1 -M | cut -d: -f16)
test_ok "QEMU is its child" sh -c "grep -q '^PPid:[[:space:]]*$apid\$' /proc/$qpid/status"
tap=$(ip -o link show master hv-sw 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | head -1)
test_ok "the guest's tap is on the vswitch" test -n "$tap"

test_expect_success "a hard stop" hpvmstop -P vm1 -F
test_ok "the guest is Off" wait_state vm1 Off 10
test_ok "the guest log says how QEMU ended" grep -q "QEMU (pid $qpid) exited" "$log"
test_ok "its tap is gone" sh -c "! ip link show '$tap' >/dev/null 2>&1"
test_ok "no runtime state left" sh -c "[ -z \"\$(ls '$HPVM_ROOT/var/run/hpvm/' | grep -v vswitches)\" ]"
test_ok "nor a supervisor (at most a zombie its reaper has yet to collect)" \
	sh -c "s=\$(awk '/^State:/ { print \$2 }' /proc/$apid/status 2>/dev/null); [ -z \"\$s\" ] || [ \"\$s\" = Z ]"
test_expect_success "it starts again" hpvmstart -P vm1
test_ok "and boots" wait_console vm1 'HPVM-TEST-GUEST READY' 90
test_expect_success "SIGTERM to the watcher stops the guest" kill "$(cut -d' ' -f1 "$HPVM_ROOT/var/run/hpvm/$uuid/state")"
test_ok "which is then Off" wait_state vm1 Off 10
test_ok "and logged" grep -q 'hpvmapp asked to stop; killing QEMU' "$log"
test_end

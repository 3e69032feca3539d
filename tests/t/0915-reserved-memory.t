#!/bin/sh
# 0915-reserved-memory.t: hpvmmodify -R sets memory aside (QEMU preallocates it); hpvmstart keeps every reservation
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS

hpvm_root_new
hpvmcreate -P vm1 -r 512M >/dev/null 2>&1

test_expect_success "-R reserves memory" hpvmmodify -P vm1 -R 128M
test_expect_success "" hpvmstatus -P vm1
test_stdout_matches '^ 512 MB    128 MB$'
test_expect_success "" hpvmstatus -P vm1 -V
test_stdout_matches '^Reserved memory : 128 MB$'
test_expect_success "" hpvmstatus -R
test_stdout_matches '^vm1                      1  512 MB   128 MB$'
test_expect_success "a size off the 64 MB grain is rounded up, saying so" hpvmmodify -P vm1 -R 100M
test_stderr_matches '^hpvmmodify: WARNING \(vm1\): The reserved memory size 100M is not a multiple of 64 MB; using 128 MB\.$'
test_expect_success "-R 0 drops it" hpvmmodify -P vm1 -R 0
test_equal "none left" "" "$(grep -o 'reserved="[0-9]*"' "$HPVM_ROOT/var/opt/hpvm/guests/vm1/vmm_config.current")"

hpvmmodify -P vm1 -R 256M >/dev/null 2>&1
before=$(state_digest)
test_expect_failure "more than the guest's memory" hpvmmodify -P vm1 -R 1G
test_stderr_matches "^hpvmmodify: ERROR \(vm1\): Reserved memory 1024 MB is more than the guest's memory \(512 MB\)\.$"
test_expect_failure "a bad size" hpvmmodify -P vm1 -R lots
test_stderr_matches "Invalid reserved memory size 'lots'"
test_expect_usage "hpvmcreate has no -R, as HP's" hpvmcreate -P vm2 -R 128M
test_expect_usage "nor hpvmclone" hpvmclone -P vm1 -N vm2 -R 128M
test_equal "refusals change nothing" "$before" "$(state_digest)"

if [ -z "${HPVM_TEST_NO_GUEST:-}" ] && [ -f "$GUEST_ISO" ]; then
	appliance_guest res 10.9.7.1/24 -r 256M >/dev/null 2>&1
	hpvmmodify -P res -R 128M >/dev/null 2>&1
	test_expect_success "a guest with reserved memory starts" hpvmstart -P res
	qpid=$(hpvmstatus -P res -M | cut -d: -f16)
	test_ok "QEMU preallocates the reservation as a node of its own" sh -c \
		"tr '\\0' '\\n' < /proc/$qpid/cmdline | grep -qx 'memory-backend-ram,id=ram-reserved,size=128M,prealloc=on'"
	test_ok "and takes the rest on demand" sh -c \
		"tr '\\0' '\\n' < /proc/$qpid/cmdline | grep -qx 'memory-backend-ram,id=ram-rest,size=128M'"
	test_ok "the guest boots" wait_console res 'HPVM-TEST-GUEST READY' 90
	test_expect_success "" hpvmstatus -s
	test_stdout_matches '^Memory reserved for running VMs = 128 Mbytes$'
	total=$(sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo)
	big=$(( total / 1024 / 64 * 64 ))
	hpvmcreate -P big -r "${big}M" >/dev/null 2>&1
	before=$(state_digest)
	test_expect_failure "a start that would break a running guest's reservation" hpvmstart -P big
	test_stderr_matches "Warning [0-9]+ on item guest: The guest needs $big MB of memory; with the 128 MB reserved for running guests, the host \([0-9]+ MB\) cannot honour every reservation\.$"
	test_equal "nothing changed" "$before" "$(state_digest)"
	hpvmstop -P res -F >/dev/null 2>&1
fi
test_end

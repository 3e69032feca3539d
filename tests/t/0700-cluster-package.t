#!/bin/sh
# 0700-cluster-package.t: hpvmsg_package marks a guest and writes its package files; hpvm refuses it by hand; the control script runs it
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT

hpvm_root_new
hpvm_conf HPVM_ACCEL=tcg
hpvmcreate -P vm1 -r 256M -x boot_kernel="$GUEST_KERNEL" -x boot_initrd="$GUEST_INITRD" \
	-x "boot_args=console=ttyS0" -a disk:avio_stor::file:"$(make_file d1.img 16M)" >/dev/null 2>&1
pkg=$HPVM_ROOT/etc/cluster/vm1

before=$(state_digest)
test_expect_usage "-P is required" hpvmsg_package
test_expect_usage "-d and -F do not go together" hpvmsg_package -P vm1 -d -F
test_expect_failure "an unknown guest" hpvmsg_package -P nosuch
test_stderr_matches "^hpvmsg_package: ERROR \(nosuch\): "
test_expect_failure "-d of a guest that is no package" hpvmsg_package -P vm1 -d
test_stderr_matches "^hpvmsg_package: ERROR \(vm1\): The guest is not a cluster package\.$"
test_equal "bad input changes nothing" "$before" "$(state_digest)"

test_expect_success "package the guest" hpvmsg_package -P vm1
test_stdout_matches "^hpvmsg_package: Guest 'vm1' is now managed by cluster package 'vm1'\.$"
test_stdout_matches "^    /etc/cluster/vm1/vm1\.cntl +control script"
test_ok "the configuration is marked" grep -q '<cluster package="vm1"/>' "$HPVM_ROOT/var/opt/hpvm/guests/vm1/vmm_config.current"
test_expect_success "hpvmstatus -V shows the package" hpvmstatus -P vm1 -V
test_stdout_matches "^Cluster package       : vm1$"
test_expect_success "hpvmstatus -X carries the mark" hpvmstatus -P vm1 -X
test_stdout_matches '<cluster package="vm1"/>'
test_ok "and validates" xmllint --noout --relaxng "$TOP/etc/schema/hpvm.rng" "$out"
test_ok "the package configuration names the control script" \
	grep -Eq "^RUN_SCRIPT +/etc/cluster/vm1/vm1\.cntl$" "$pkg/vm1.config"
test_ok "and lists the backing store" grep -q "^#   disk:file $TRASH/d1.img$" "$pkg/vm1.config"
test_ok "the control script is executable" test -x "$pkg/vm1.cntl"
test_ok "the control script is plain sh" sh -n "$pkg/vm1.cntl"
test_ok "the Pacemaker resource is well-formed XML" xmllint --noout "$pkg/vm1.cib.xml"
test_ok "it is an ocf:hpvm:hpvmguest that may migrate" sh -c "grep -q 'type=\"hpvmguest\"' '$pkg/vm1.cib.xml' &&
	grep -q 'name=\"allow-migrate\" value=\"true\"' '$pkg/vm1.cib.xml'"
echo "# edited by the administrator" >>"$pkg/vm1.config"
before=$(state_digest)
test_expect_failure "files that exist are not replaced" hpvmsg_package -P vm1
test_stderr_matches "exists already; use -F to replace it\.$"
test_equal "and nothing changed" "$before" "$(state_digest)"
test_expect_success "-F replaces them" hpvmsg_package -P vm1 -F -Q
test_equal "-Q prints nothing" "" "$(cat "$out")"
test_ok "the edit is gone" sh -c "! grep -q 'edited by' '$pkg/vm1.config'"

before=$(state_digest)
test_expect_failure "hpvmstart refuses a cluster package's guest" hpvmstart -P vm1
test_stderr_matches "^hpvmstart: ERROR \(vm1\): The guest is configured as cluster package 'vm1' and must be started by the cluster; use -F to override\.$"
test_expect_failure "so does the console's pc -on" hpvmconsole -P vm1 -c "pc -on"
test_equal "nothing changed" "$before" "$(state_digest)"
test_equal "the guest is off" "Off" "$(guest_state vm1)"

if [ -z "${HPVM_TEST_NO_GUEST:-}" ] && command -v qemu-system-x86_64 >/dev/null && [ -n "${HPVM_TEST_NS:-}" ]; then
	test_expect_success "the control script starts the guest" "$pkg/vm1.cntl" start
	test_equal "it runs" "On (OS)" "$(guest_state vm1)"
	test_ok "the guest boots" wait_console vm1 'HPVM-TEST-GUEST READY' 90
	test_expect_success "monitor says it runs" "$pkg/vm1.cntl" monitor
	test_expect_success "start again is fine" "$pkg/vm1.cntl" start
	test_expect_failure "hpvmstop refuses it without -F" hpvmstop -P vm1 -q
	test_stderr_matches "^hpvmstop: ERROR \(vm1\): The guest is configured as cluster package 'vm1' and must be stopped by the cluster; use -F to override\.$"
	test_expect_failure "so does the console's pc -off" hpvmconsole -P vm1 -c "pc -off"
	test_expect_failure "and hpvmstop -a" hpvmstop -a -q
	test_equal "it still runs" "On (OS)" "$(guest_state vm1)"
	test_expect_success "the control script stops it" "$pkg/vm1.cntl" stop
	test_equal "it is off" "Off" "$(guest_state vm1)"
	test_ok "gracefully" grep -q 'graceful stop requested' "$HPVM_ROOT/var/opt/hpvm/guests/vm1/log"
	test_expect_failure "monitor says it is down" "$pkg/vm1.cntl" monitor
	test_expect_success "stop again is fine" "$pkg/vm1.cntl" stop
	hpvmmodify -P vm1 -B auto >/dev/null 2>&1
	test_expect_success "host start" "$HPVM_BUILD/lbin/hpvmhost" start
	test_equal "does not start a cluster package's guest, even set to auto" "Off" "$(guest_state vm1)"
	test_expect_success "hpvmstart -F overrides the mark" hpvmstart -P vm1 -F
	test_expect_success "and hpvmstop -F" hpvmstop -P vm1 -F
else
	test_skip "the control script starts, monitors and stops a guest" "boots no guest here"
fi

test_expect_success "-d frees the guest" hpvmsg_package -P vm1 -d
test_ok "its files are gone" test ! -e "$pkg"
test_ok "the mark is gone" sh -c "! grep -q '<cluster' '$HPVM_ROOT/var/opt/hpvm/guests/vm1/vmm_config.current'"
test_expect_success "hpvmstatus -V no longer shows a package" hpvmstatus -P vm1 -V
test_ok "no package line" sh -c "! grep -q 'Cluster package' '$out'"
test_ok "marking and freeing kept the guest index current" index_never_stale
test_ok "it is what a rebuild gives" index_is_rebuilt
test_end

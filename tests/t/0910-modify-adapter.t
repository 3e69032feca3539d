#!/bin/sh
# 0910-modify-adapter.t: hpvmmodify -m changes an adapter's type at its address (lan <-> avio_lan, scsi <-> avio_stor)
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS

hpvm_root_new
disk=$(make_file d.img 8M)
hpvmcreate -P vm1 -r 256M -a disk:scsi:0,2,0:file:"$disk" -a network:lan:0,1:vswitch:localnet >/dev/null 2>&1
mac=$(hpvmstatus -P vm1 -d | sed -n 's/^network:lan:0,1,\([^:]*\):.*/\1/p')
port=$(hpvmstatus -P vm1 -d | sed -n 's/^network:.*:portid:\([0-9]*\)$/\1/p')

test_expect_success "lan becomes avio_lan at the same address" hpvmmodify -P vm1 -m network:avio_lan:0,1:vswitch:localnet
test_ok "the NIC is avio_lan, its MAC and port kept" sh -c \
	"hpvmstatus -P vm1 -d | grep -qx 'network:avio_lan:0,1,$mac:vswitch:localnet:portid:$port'"
test_expect_success "and back to lan" hpvmmodify -P vm1 -m network:lan:0,1:vswitch:localnet
test_ok "lan again" sh -c "hpvmstatus -P vm1 -d | grep -q '^network:lan:0,1,$mac:'"
test_expect_success "scsi becomes avio_stor" hpvmmodify -P vm1 -m disk:avio_stor:0,2,0:file:"$disk"
test_expect_success "" hpvmstatus -P vm1
test_stdout_matches "^disk    avio_stor    0   2   0   0   0 file      $disk$"
test_expect_success "and back to scsi" hpvmmodify -p 1 -m disk:scsi:0,2,0:file:"$disk"
test_ok "scsi again" sh -c "hpvmstatus -P vm1 -d | grep -qx 'disk:scsi:0,2,0:file:$disk'"

before=$(state_digest)
test_expect_failure "no device of that kind at the address" hpvmmodify -P vm1 -m disk:avio_stor:0,5,0:file:"$disk"
test_stderr_matches "^hpvmmodify: ERROR \(vm1\): No device in the guest matches 'disk:avio_stor:0,5,0:file:$disk'\.$"
test_expect_failure "a storage adapter for a NIC" hpvmmodify -P vm1 -m network:avio_stor:0,1:vswitch:localnet
test_stderr_matches "ERROR \(vm1\)"
test_expect_failure "two adapters in one slot" hpvmmodify -P vm1 -a disk:scsi:0,2,1:file:"$(make_file e.img 1M)" \
	-m disk:avio_stor:0,2,0:file:"$disk"
test_stderr_matches "cannot share PCI bus 0 device 2"
test_equal "refusals change nothing" "$before" "$(state_digest)"

if [ -z "${HPVM_TEST_NO_GUEST:-}" ] && [ -f "$GUEST_ISO" ]; then
	appliance_guest run 10.9.8.1/24 -a network:lan:0,1:vswitch:localnet >/dev/null 2>&1
	uuid=$(readlink "$HPVM_ROOT/var/opt/hpvm/guests/run" | sed 's|.*/||')
	hpvmstart -P run >/dev/null 2>&1
	test_expect_success "a running guest's adapter change" hpvmmodify -P run -m network:avio_lan:0,1:vswitch:localnet
	test_stderr_matches "take effect at the next start"
	test_ok "waits in vmm_config.next" grep -q 'adapter="avio_lan"' "$HPVM_ROOT/var/opt/hpvm/uuids/$uuid/vmm_config.next"
	test_ok "the running configuration keeps lan" grep -q 'adapter="lan"' "$HPVM_ROOT/var/opt/hpvm/uuids/$uuid/vmm_config.current"
	hpvmstop -P run -F >/dev/null 2>&1
	test_expect_success "the next start takes it" hpvmstart -P run
	test_ok "avio_lan now" sh -c "hpvmstatus -P run -d | grep -q '^network:avio_lan:0,1,'"
	hpvmstop -P run -F >/dev/null 2>&1
fi
test_end

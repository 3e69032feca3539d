#!/bin/sh
# 0140-modify-running.t: disks and DVDs change at once in a running guest; other changes wait for the next start
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
d1=$(make_file d1.img 32M)
d2=$(make_file d2.img 48M)
hpvmcreate -P vm1 -r 256M -a dvd:scsi::file:"$GUEST_ISO" -a disk:avio_stor::file:"$d1" >/dev/null 2>&1
uuid=$(readlink "$HPVM_ROOT/var/opt/hpvm/guests/vm1" | sed 's|.*/||')
hpvmstart -P vm1 >/dev/null 2>&1
test_ok "boots with one disk" wait_block vm1 'BLOCK sda (sr0 )?$' 90

test_expect_success "hot-add a second disk" hpvmmodify -P vm1 -a disk:avio_stor::file:"$d2"
test_equal "no pending changes" "" "$(hpvmstatus -P vm1 -M | cut -d: -f18)"
test_ok "the guest sees the new disk" wait_block vm1 'BLOCK sda sdb (sr0 )?$' 30
test_ok "the configuration has it" sh -c "hpvmstatus -P vm1 -D | grep -q 'disk:avio_stor::file:$d2'"
test_ok "the guest log records it" grep -q 'devices hot-plugged' "$HPVM_ROOT/var/opt/hpvm/guests/vm1/log"

test_expect_success "hot-remove it" hpvmmodify -P vm1 -d disk:avio_stor:0,1,1:file:"$d2"
test_ok "the guest loses it" wait_block vm1 'BLOCK sda (sr0 )?$' 30
test_expect_success "eject the DVD (media change to null)" hpvmmodify -P vm1 -m dvd:scsi:0,0,0:null:
test_expect_success "" hpvmstatus -P vm1
test_stdout_matches '^dvd     scsi         0   0   0   0   0 null      $'

test_expect_success "changing vCPUs of a running guest" hpvmmodify -P vm1 -c 2
test_stderr_matches "^hpvmmodify: WARNING \(vm1\): The guest is running: the changes are saved in /var/opt/hpvm/uuids/$uuid/vmm_config.next and take effect at the next start\.$"
test_ok "vmm_config.next holds them" grep -q '<vcpus>2</vcpus>' "$HPVM_ROOT/var/opt/hpvm/uuids/$uuid/vmm_config.next"
test_ok "current is untouched" grep -q '<vcpus>1</vcpus>' "$HPVM_ROOT/var/opt/hpvm/uuids/$uuid/vmm_config.current"
test_expect_success "" hpvmstatus -P vm1
test_stdout_matches 'Configuration changes are pending'
test_equal "-M says pending" "pending" "$(hpvmstatus -P vm1 -M | cut -d: -f18)"
test_expect_success "a second change builds on the pending one" hpvmmodify -P vm1 -r 320M
test_ok "next has both" sh -c "grep -q '<vcpus>2</vcpus>' '$HPVM_ROOT/var/opt/hpvm/uuids/$uuid/vmm_config.next' &&
	grep -q 'mb=\"320\"' '$HPVM_ROOT/var/opt/hpvm/uuids/$uuid/vmm_config.next'"
test_expect_success "stop" hpvmstop -P vm1 -F
test_expect_success "start applies the pending changes" hpvmstart -P vm1
test_ok "next is gone" test ! -f "$HPVM_ROOT/var/opt/hpvm/uuids/$uuid/vmm_config.next"
qpid=$(hpvmstatus -P vm1 -M | cut -d: -f16)
test_ok "QEMU runs the new configuration" sh -c "tr '\\0' ' ' < /proc/$qpid/cmdline | grep -q -- '-smp 2 -m 320'"
test_ok "logged" grep -q 'pending configuration changes applied' "$HPVM_ROOT/var/opt/hpvm/guests/vm1/log"
test_end

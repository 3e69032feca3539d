#!/bin/sh
# 0030-modify.t: hpvmmodify changes devices, resources, names and attributes, revalidating the whole guest
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"

hpvm_root_new
d1=$(make_file d1.img 1M)
d2=$(make_file d2.img 1M)
iso=$(make_file cd.iso 1M)
hpvmcreate -P vm1 -a disk:scsi::file:"$d1" -a network:lan::vswitch:sw1 >/dev/null 2>&1
uuid=$(readlink "$HPVM_ROOT/var/opt/hpvm/guests/vm1" | sed 's|.*/||')
dir=$HPVM_ROOT/var/opt/hpvm/uuids/$uuid

test_expect_success "add a disk and a dvd" \
	hpvmmodify -P vm1 -a disk:avio_stor::file:"$d2" -a dvd:scsi::file:"$iso"
test_ok "the old configuration is kept as vmm_config.prev" test -f "$dir/vmm_config.prev"
hpvmstatus -P vm1 > "$TRASH/s"
test_ok "new disk shown" grep -q "^disk    avio_stor    0   2   0   0   0 file      $d2\$" "$TRASH/s"
test_ok "dvd shares the scsi adapter, next target" grep -q "^dvd     scsi         0   0   0   1   0 file      $iso\$" "$TRASH/s"

test_expect_success "change the dvd's media with -m" hpvmmodify -P vm1 -m dvd:scsi:0,0,1:null:
test_ok "media changed" sh -c "hpvmstatus -P vm1 | grep -q '^dvd     scsi         0   0   0   1   0 null '"
test_ok "the ISO's database entry is gone with its last user" sh -c "! grep -q '^$iso:' '$HPVM_ROOT/var/opt/hpvm/common/hpvm_mgmtdb'"

test_expect_success "remove a disk by its full address" hpvmmodify -P vm1 -d disk:scsi:0,0,0:file:"$d1"
test_ok "disk gone" sh -c "! hpvmstatus -P vm1 | grep -q '$d1'"
test_ok "disk released in the database" sh -c "! grep -q '^$d1:' '$HPVM_ROOT/var/opt/hpvm/common/hpvm_mgmtdb'"

test_expect_success "resources" hpvmmodify -P vm1 -O hpux -c 3 -r 1G -e 20:80 -B auto -l "new label"
test_expect_success "" hpvmstatus -P vm1 -V
test_stdout_matches '^Operating System      : HPUX$'
test_stdout_matches '^Number of virtual CPUs : 3$'
test_stdout_matches '^Entitlement            : 20.0%$'
test_stdout_matches '^Maximum entitlement    : 80.0%$'
test_stdout_matches '^Total memory    : 1 GB$'
test_stdout_matches '^Virtual Machine Label : new label$'

test_expect_success "console users: add, change level, remove" \
	hpvmmodify -P vm1 -u carol -u dave:admin -g staff:admin
test_expect_success "" hpvmmodify -P vm1 -u carol:admin -u dave:remove
hpvmstatus -P vm1 > "$TRASH/s"
test_ok "carol is admin now" grep -q '^Admin Users: carol$' "$TRASH/s"
test_ok "dave removed" sh -c "! grep -q dave '$TRASH/s'"
test_ok "group kept" grep -q '^Admin Groups: staff$' "$TRASH/s"
before=$(state_digest)
test_expect_failure "removing an unknown user" hpvmmodify -P vm1 -u nobody:remove
test_stderr_matches "^hpvmmodify: ERROR \(vm1\): The user 'nobody' is not authorized for this guest\.$"
test_equal "state unchanged" "$before" "$(state_digest)"

test_expect_success "rename with -N" hpvmmodify -P vm1 -N web1
test_ok "old name gone" test ! -e "$HPVM_ROOT/var/opt/hpvm/guests/vm1"
test_equal "new name points at the same UUID" "$uuid" \
	"$(readlink "$HPVM_ROOT/var/opt/hpvm/guests/web1" | sed 's|.*/||')"
test_ok "database dependents renamed" sh -c "grep -q '^$d2:.*:web1:' '$HPVM_ROOT/var/opt/hpvm/common/hpvm_mgmtdb' && ! grep -q ':vm1:' '$HPVM_ROOT/var/opt/hpvm/common/hpvm_mgmtdb'"
test_expect_success "" hpvmstatus -P web1 -M
test_stdout_matches "^web1:1:$uuid:"

hpvmcreate -P other >/dev/null 2>&1
before=$(state_digest)
test_expect_failure "rename onto an existing guest" hpvmmodify -P web1 -N other
test_stderr_matches "A guest named 'other' already exists"
test_expect_failure "rename to a bad name" hpvmmodify -P web1 -N "bad name"
test_stderr_matches "Invalid virtual machine name 'bad name'"
test_expect_failure "unknown guest" hpvmmodify -P ghost -c 2
test_stderr_matches "^hpvmmodify: ERROR \(ghost\): No guest named 'ghost' exists\.$"
test_expect_failure "delete a device that is not there" hpvmmodify -P web1 -d disk:scsi:0,5,0:file:/nope
test_stderr_matches "No device in the guest matches 'disk:scsi:0,5,0:file:/nope'"
test_expect_failure "-m without an address" hpvmmodify -P web1 -m dvd:scsi::file:/x.iso
test_stderr_matches "must give the hardware address"
test_expect_failure "memory change that breaks the OS limit" hpvmmodify -P web1 -r 64M
test_stderr_matches "outside 512 MB - 65536 MB for OS type HPUX"
test_equal "refused changes leave everything as it was" "$before" "$(state_digest)"

test_expect_success "disable modification" hpvmmodify -P web1 -x modify_status=disabled
before=$(state_digest)
test_expect_failure "a guest with modify_status disabled refuses changes" hpvmmodify -P web1 -c 1
test_stderr_matches "not modifiable"
test_equal "state unchanged" "$before" "$(state_digest)"
test_expect_success "but can be made modifiable again" hpvmmodify -P web1 -x modify_status=enabled
test_expect_success "register_status=disabled clears the other three" hpvmmodify -P web1 -x register_status=disabled
test_expect_success "" hpvmstatus -P web1 -M
test_stdout_matches ':disabled;disabled;disabled;disabled:'
test_expect_success "an invisible guest is left out of the summary" hpvmstatus
test_ok "web1 not listed" sh -c "! grep -q '^web1 ' '$out'"
hpvmmodify -P web1 -x register_status=enabled >/dev/null 2>&1

rm -f "$d2"
test_expect_success "a vanished backing file is a warning on any modify" hpvmmodify -P web1 -c 2
test_stderr_count 1 "^hpvmmodify: WARNING \(web1\): Backing store $d2 for disk does not exist"
small=$(make_file small.img 100)
test_expect_success "a tiny disk file is a warning, printed once" hpvmmodify -P web1 -a disk:scsi::file:"$small"
test_stderr_count 1 "File size of: 100 \(bytes\) for disk backing file: $small must be equal to or greater than: 512 \(bytes\)"
test_expect_success "check-only modify (-s)" sh -c "
	before=\$(cat '$dir/vmm_config.current'); hpvmmodify -P web1 -c 4 -s &&
	[ \"\$before\" = \"\$(cat '$dir/vmm_config.current')\" ]"
test_end

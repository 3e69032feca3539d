#!/bin/sh
# 0050-clone-remove.t: hpvmclone gives a new identity, shares storage or copies it (-b rsrc); hpvmremove deletes
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"

hpvm_root_new
db=$HPVM_ROOT/var/opt/hpvm/common/hpvm_mgmtdb
root=$TRASH/vm1-root.img
printf 'boot sector' > "$root"
truncate -s 8M "$root"
data=$(make_file data.img 2M)
hpvmcreate -P vm1 -O linux -c 2 -r 1G -u alice:admin -a disk:avio_stor::file:"$root" \
	-a network:avio_lan::vswitch:sw1 -a dvd:scsi::null: >/dev/null 2>&1

test_expect_success "clone with -b copies the file disk" hpvmclone -P vm1 -N vm2 \
	-b disk:avio_stor:0,0,0:file:"$TRASH/vm2-root.img"
test_stdout_matches '^hpvmclone: Virtual storage cloned successfully\.$'
test_ok "the copy is named after the clone and holds the data" cmp "$root" "$TRASH/vm2-root.img"
test_ok "the copy keeps holes" sh -c "[ \$(du -k '$TRASH/vm2-root.img' | cut -f1) -lt 1024 ]"
hpvmstatus -M > "$TRASH/m"
u1=$(grep '^vm1:' "$TRASH/m" | cut -d: -f3)
u2=$(grep '^vm2:' "$TRASH/m" | cut -d: -f3)
test_ok "new UUID" test -n "$u2" -a "$u1" != "$u2"
mac1=$(grep '^vm1:' "$TRASH/m" | grep -Eo '([0-9a-f]{2}-){5}[0-9a-f]{2}')
mac2=$(grep '^vm2:' "$TRASH/m" | grep -Eo '([0-9a-f]{2}-){5}[0-9a-f]{2}')
test_ok "new MAC" test -n "$mac2" -a "$mac1" != "$mac2"
test_equal "characteristics copied" "LINUX:Off:2:10;100;percent:1024" "$(grep '^vm2:' "$TRASH/m" | cut -d: -f4-8)"
test_ok "console users copied" grep -q '^vm2:.*:alice;admin:' "$TRASH/m"
test_ok "the clone's disk is in the database under vm2" grep -q "^$TRASH/vm2-root.img:.*:vm2:" "$db"

test_expect_success "clone with -b copies a disk to a path you choose" \
	hpvmclone -P vm1 -N vm3 -b disk:avio_stor:0,0,0:file:"$TRASH"/custom.img -c 1 -l "third copy"
test_ok "copied to the given path" cmp "$root" "$TRASH/custom.img"
test_expect_success "" hpvmstatus -P vm3 -V
test_stdout_matches '^Number of virtual CPUs : 1$'
test_stdout_matches '^Virtual Machine Label : third copy$'

test_expect_success "clone with -d/-a and no copy" \
	hpvmclone -P vm1 -N vm4 -d disk:avio_stor:0,0,0:file:"$root" -a disk:scsi::file:"$data"
test_ok "no copy made" test ! -e "$TRASH/vm4-root.img"

before=$(state_digest)
test_expect_failure "clone of an unknown guest" hpvmclone -P ghost -N vm5
test_stderr_matches "No guest named 'ghost' exists"
test_expect_failure "clone onto an existing name" hpvmclone -P vm1 -N vm2 -b disk:avio_stor:0,0,0:file:"$TRASH/vm2-root.img"
test_stderr_matches "A guest named 'vm2' already exists"
test_ok "no stray copy left behind" test ! -e "$TRASH/vm2-root.img.tmp"
test_expect_usage "clone without -N" hpvmclone -P vm1
test_equal "refusals change nothing" "$before" "$(state_digest)"

test_expect_failure "remove without a terminal and without -F" hpvmremove -P vm4
test_stderr_matches "^hpvmremove: ERROR \(vm4\): Not asking for confirmation without a terminal; use -F\.$"
test_equal "nothing removed" "$before" "$(state_digest)"
test_expect_success "remove with -F" hpvmremove -P vm4 -F
test_ok "link gone" test ! -e "$HPVM_ROOT/var/opt/hpvm/guests/vm4"
test_ok "data disk released" sh -c "! grep -q '^$data:' '$db'"
test_ok "backing file itself kept" test -f "$data"
test_expect_failure "remove an unknown guest" hpvmremove -P vm4 -F
test_stderr_matches "^hpvmremove: ERROR \(vm4\): No guest named 'vm4' exists\.$"
if command -v script >/dev/null; then
	(printf 'n\n'; sleep 1) | script -qec "sh -c 'hpvmremove -P vm3; sleep 0.5'" /dev/null > "$TRASH/tty" 2>&1
	test_ok "on a terminal it asks" grep -q "hpvmremove: Remove the virtual machine 'vm3'? \[n\]:" "$TRASH/tty"
	test_ok "answering n keeps the guest" test -e "$HPVM_ROOT/var/opt/hpvm/guests/vm3"
	(printf 'y\n'; sleep 1) | script -qec "sh -c 'hpvmremove -P vm3; sleep 0.5'" /dev/null > "$TRASH/tty" 2>&1
	test_ok "answering y removes it" test ! -e "$HPVM_ROOT/var/opt/hpvm/guests/vm3"
fi
hpvmcreate -P broken >/dev/null 2>&1
bu=$(readlink "$HPVM_ROOT/var/opt/hpvm/guests/broken" | sed 's|.*/||')
echo "<guest>damaged" > "$HPVM_ROOT/var/opt/hpvm/uuids/$bu/vmm_config.current"
test_expect_success "status reports a damaged configuration and goes on" hpvmstatus
test_stderr_matches "^hpvmstatus: WARNING \(host\): Guest 'broken' cannot be read: .*not well-formed XML"
test_expect_failure "-P on it is an error" hpvmstatus -P broken
test_stderr_matches "^hpvmstatus: ERROR \(broken\): .*vmm_config.current is not well-formed XML\.$"
test_expect_success "a damaged configuration can still be removed" hpvmremove -P broken -F
test_stderr_matches "cannot be read .*; removing it anyway"
test_ok "its directory is gone" test ! -e "$HPVM_ROOT/var/opt/hpvm/uuids/$bu"
test_end

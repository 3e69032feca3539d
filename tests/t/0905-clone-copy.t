#!/bin/sh
# 0905-clone-copy.t: hpvmclone -b rsrc copies one disk of the source into a named file, HP's form; bad forms change nothing
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS

hpvm_root_new
root=$TRASH/src-root.img
printf 'boot sector' > "$root"
truncate -s 8M "$root"
data=$TRASH/src-data.img
printf 'data' > "$data"
truncate -s 4M "$data"
hpvmcreate -P src -r 256M -a disk:scsi:0,2,0:file:"$root" -a disk:avio_stor:0,3,1:file:"$data" >/dev/null 2>&1

test_expect_success "-b copies the disk at that address into the new file" \
	hpvmclone -P src -N one -b disk:scsi:0,2,0:file:"$TRASH/one-root.img"
test_stdout_matches '^hpvmclone: Virtual storage cloned successfully\.$'
test_ok "the copy holds the data" cmp "$root" "$TRASH/one-root.img"
test_ok "the clone maps the copy" sh -c "hpvmstatus -P one -d | grep -qx 'disk:scsi:0,2,0:file:$TRASH/one-root.img'"
test_stderr_matches "^hpvmclone: WARNING \(one\): Device $data is shared with guest 'src'"
test_stderr_count 0 "Device $root is shared"

test_expect_success "several -b copy several disks" hpvmclone -P src -N two \
	-b disk:scsi:0,2,0:file:"$TRASH/two-root.img" -b disk:avio_stor:0,3,1:file:"$TRASH/two-data.img"
test_ok "both copies made" sh -c "cmp '$root' '$TRASH/two-root.img' && cmp '$data' '$TRASH/two-data.img'"
test_stderr_count 0 'shared'
test_expect_success "-p names the source by number" hpvmclone -p 1 -N three -b disk:scsi:0,2,0:file:"$TRASH/three-root.img"

before=$(state_digest)
bad() {
	test_expect_failure "$1" hpvmclone -P src -N bad -b "$3"
	test_stderr_matches "$2"
	test_equal "$1: nothing changed" "$before" "$(state_digest)"
	test_ok "$1: no copy left" test ! -e "$TRASH/bad.img"
}
bad "no address" "must name a disk at its full hardware address" "disk:scsi::file:$TRASH/bad.img"
bad "no disk there" "Guest 'src' has no disk with a backing store at 0,5,0" "disk:scsi:0,5,0:file:$TRASH/bad.img"
bad "the wrong adapter" "Guest 'src' has no disk with a backing store at 0,2,0" "disk:avio_stor:0,2,0:file:$TRASH/bad.img"
bad "not a file" "must name a disk at its full hardware address and the new backing file" "disk:scsi:0,2,0:lv:/dev/vg/bad"
bad "a DVD" "must name a disk" "dvd:scsi:0,2,0:file:$TRASH/bad.img"
bad "the target exists" "Clone target $root already exists" "disk:scsi:0,2,0:file:$root"
test_expect_usage "-b needs its statement" hpvmclone -P src -N bad -b
test_equal "usage errors change nothing" "$before" "$(state_digest)"
test_end

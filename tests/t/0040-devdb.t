#!/bin/sh
# 0040-devdb.t: the device database keeps one disk to one guest unless it is sharable, and tracks dependents
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"

hpvm_root_new
db=$HPVM_ROOT/var/opt/hpvm/common/hpvm_mgmtdb
disk=$(make_file shared.img 1M)
iso=$(make_file install.iso 1M)
hpvmcreate -P a -a disk:scsi::file:"$disk" -a dvd:scsi::file:"$iso" >/dev/null 2>&1

test_ok "entry in HP's line format with its dependent and identity" \
	grep -Eq "^$disk:CONFIG=gdev,EXIST=YES,DEVTYPE=FILE,SHARE=NO,USAGE=DISK:a:ino-[0-9a-f]+-[0-9]+\$" "$db"
test_ok "an ISO used as a DVD is sharable" grep -q "^$iso:CONFIG=gdev,EXIST=YES,DEVTYPE=FILE,SHARE=YES,USAGE=DVD:a:" "$db"
test_ok "/etc and /boot are restricted by default" sh -c "grep -q '^/etc:CONFIG=rdev' '$db' && grep -q '^/boot:CONFIG=rdev' '$db'"

test_expect_success "the ISO can go to a second guest" hpvmcreate -P b -a dvd:avio_stor::file:"$iso"
test_ok "both are dependents" grep -q "^$iso:.*:a,b:" "$db"

before=$(state_digest)
test_expect_failure "the disk cannot" hpvmcreate -P c -a disk:avio_stor::file:"$disk"
test_stderr_matches "^hpvmcreate: ERROR \(c\): Device $disk is in use by guest 'a'\.$"
test_equal "refusal changes nothing" "$before" "$(state_digest)"
ln -s "$disk" "$TRASH/alias.img"
test_expect_failure "nor can another path to the same file" hpvmcreate -P c -a disk:avio_stor::file:"$TRASH"/alias.img
test_stderr_matches "Device $TRASH/alias.img is the same device as $disk, which is in use by guest 'a'"
test_expect_failure "modify is checked the same way" hpvmmodify -P b -a disk:scsi::file:"$disk"
test_stderr_matches "Device $disk is in use by guest 'a'"
test_equal "still nothing changed" "$before" "$(state_digest)"

sed -i "s|^\($disk:CONFIG=gdev,EXIST=YES,DEVTYPE=FILE,\)SHARE=NO|\1SHARE=YES|" "$db"
test_expect_success "with SHARE=YES the disk can be shared" hpvmcreate -P c -a disk:avio_stor::file:"$disk"
test_ok "two dependents" grep -q "^$disk:.*:a,c:" "$db"

test_expect_failure "a file below a restricted directory is refused" hpvmcreate -P d -a disk:scsi::file:/boot/vmlinuz
test_stderr_matches "Device /boot/vmlinuz is restricted \(device database entry rdev:/boot\)"
echo "$TRASH/private:CONFIG=rdev,EXIST=YES,DEVTYPE=DIR,SHARE=NO::" >> "$db"
mkdir -p "$TRASH/private"
test_expect_failure "so is anything below a directory restricted by hand" \
	hpvmcreate -P d -a disk:scsi::file:"$TRASH"/private/x.img
test_stderr_matches "restricted \(device database entry rdev:$TRASH/private\)"

test_expect_success "remove guest c" hpvmremove -P c -F
test_ok "its dependency is dropped" grep -q "^$disk:.*:a:" "$db"
test_expect_success "remove guest a" hpvmremove -P a -F
test_ok "the disk's entry goes with its last dependent" sh -c "! grep -q '^$disk:' '$db'"

keep=$(make_file keep.img 1M)
hpvmcreate -P e -a disk:scsi::file:"$keep" >/dev/null 2>&1
sed -i "s|^\($keep:CONFIG=gdev[^:]*\)|\1,PRESERVE=YES|" "$db"
test_expect_success "remove a guest whose disk is PRESERVE=YES" hpvmremove -P e -F
test_ok "the entry stays, without dependents" grep -q "^$keep:.*PRESERVE=YES::" "$db"

# A dependent left behind by a crash (no such guest) must not block the device forever.
stale=$(make_file stale.img 1M)
echo "$stale:CONFIG=gdev,EXIST=YES,DEVTYPE=FILE,SHARE=NO,USAGE=DISK:ghost:" >> "$db"
test_expect_success "a stale dependent is dropped, not obeyed" hpvmcreate -P f -a disk:scsi::file:"$stale"
test_ok "the device now belongs to f alone" grep -q "^$stale:.*:f:" "$db"

cp "$db" "$TRASH/db.good"
echo "this is not a database line" >> "$db"
before=$(state_digest)
test_expect_failure "a damaged database is reported, never half-used" hpvmcreate -P g
test_stderr_matches "The device database /var/opt/hpvm/common/hpvm_mgmtdb is damaged at line [0-9]+"
test_equal "nothing written" "$before" "$(state_digest)"
cp "$TRASH/db.good" "$db"
test_end

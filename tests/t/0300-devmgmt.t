#!/bin/sh
# 0300-devmgmt.t: hpvmdevmgmt and hpvmhostrdev: sharing, restriction, renames, repair, host storage, bad forms
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS

hpvm_root_new
db=$HPVM_ROOT/var/opt/hpvm/common/hpvm_mgmtdb
d1=$(make_file d1.img 1M)
hpvmcreate -P g1 -a disk:scsi::file:"$d1" >/dev/null 2>&1

test_expect_success "list guest entries in HP's line format" hpvmdevmgmt -l gdev
test_stdout_matches "^$d1:CONFIG=gdev,EXIST=YES,DEVTYPE=FILE,SHARE=NO,USAGE=DISK:g1:ino-[0-9a-f]+-[0-9]+\$"
test_expect_success "list by dependent" hpvmdevmgmt -l all:depend:g1
test_equal "one entry" 1 "$(grep -c . "$out")"
test_expect_success "list by attribute" hpvmdevmgmt -l rdev:DEVTYPE=DIR
test_equal "the two default restricted directories" "/etc /boot" "$(cut -d: -f1 "$out" | tr '\n' ' ' | sed 's/ $//')"

test_expect_failure "a second guest cannot have the disk" hpvmcreate -P g2 -a disk:avio_stor::file:"$d1"
test_stderr_matches "Device $d1 is in use by guest 'g1'"
test_expect_success "mark it sharable" hpvmdevmgmt -m gdev:"$d1":attr:SHARE=YES
test_expect_success "now it can be shared" hpvmcreate -P g2 -a disk:avio_stor::file:"$d1"
test_ok "both are dependents" grep -q "^$d1:.*SHARE=YES.*:g1,g2:" "$db"

if [ -e /dev/loop-control ] && lo=$(losetup -f --show "$(make_file tape.img 1M)" 2>/dev/null); then
	hpvmcreate -P g3 -a disk:scsi::disk:"$lo" >/dev/null 2>&1
	hpvmdevmgmt -m gdev:"$lo":attr:DEVTYPE=TAPE >/dev/null 2>&1
	test_expect_failure "an attached device can never be sharable" hpvmdevmgmt -m gdev:"$lo":attr:SHARE=YES
	test_stderr_matches "attached TAPE device; attached devices can never be sharable"
	hpvmremove -P g3 -F >/dev/null 2>&1
	before=$(state_digest)
	test_expect_success "restrict a whole disk" hpvmdevmgmt -a rdev:"$lo"
	test_expect_failure "a guest cannot use it" hpvmcreate -P g4 -a disk:scsi::disk:"$lo"
	test_stderr_matches "Device $lo is restricted \(device database entry rdev:$lo\)"
	ln -s "$lo" "$TRASH/alias"
	test_expect_failure "nor another path to it" hpvmcreate -P g4 -a disk:scsi::disk:"$TRASH"/alias
	test_stderr_matches "Device $TRASH/alias is restricted"
	hpvmdevmgmt -d rdev:"$lo" >/dev/null 2>&1
	losetup -d "$lo"
fi

mkdir -p "$TRASH/images"
d3=$TRASH/images/d3.img
truncate -s 1M "$d3"
hpvmcreate -P g5 -a disk:scsi::file:"$d3" >/dev/null 2>&1
before=$(state_digest)
test_expect_failure "a directory holding a guest's disk cannot be restricted" hpvmdevmgmt -a rdev:"$TRASH"/images
test_stderr_matches "^hpvmdevmgmt: ERROR \(host\): Cannot restrict $TRASH/images: $d3 is in use by guest 'g5'\.$"
test_equal "nothing changed" "$before" "$(state_digest)"
hpvmremove -P g5 -F >/dev/null 2>&1
test_expect_success "once unused it can" hpvmdevmgmt -a rdev:"$TRASH"/images
test_expect_failure "and then everything below it is refused" hpvmcreate -P g6 -a disk:scsi::file:"$TRASH"/images/sub/x.img
test_stderr_matches "restricted \(device database entry rdev:$TRASH/images\)"

test_expect_success "-n replaces a path in the database and in guests" hpvmdevmgmt -n gdev:"$d1":"$TRASH"/moved.img
mv "$d1" "$TRASH/moved.img"
test_ok "g1 uses the new path" sh -c "hpvmstatus -P g1 | grep -q ' $TRASH/moved.img\$'"
test_ok "g2 too" sh -c "hpvmstatus -P g2 | grep -q ' $TRASH/moved.img\$'"
test_ok "the entry is renamed" grep -q "^$TRASH/moved.img:" "$db"

k=$(make_file k.img 1M)
ln -s "$k" "$TRASH/k-alias.img"
hpvmcreate -P ga -a disk:scsi::file:"$k" >/dev/null 2>&1
test_expect_failure "an alias of an in-use file is the same device" hpvmcreate -P gb -a disk:scsi::file:"$TRASH"/k-alias.img
test_expect_success "IGNOREWWID=YES" hpvmdevmgmt -m gdev:"$k":attr:IGNOREWWID=YES
test_expect_success "makes the entry its path alone" hpvmcreate -P gb -a disk:scsi::file:"$TRASH"/k-alias.img
hpvmremove -P ga -F >/dev/null 2>&1; hpvmremove -P gb -F >/dev/null 2>&1

test_expect_success "a dependent can be dropped only when the guest no longer uses it" true
test_expect_failure "" hpvmdevmgmt -d gdev:"$TRASH"/moved.img:depend:g1
test_stderr_matches "Guest 'g1' still uses $TRASH/moved.img; remove the device from the guest with hpvmmodify -d"

test_expect_success "hpvmhostrdev restricts the host's own storage" hpvmhostrdev
root=$(awk '$2 == "/" {print $1}' /proc/mounts | head -1)
case $root in
/dev/*)
	rootdev=/dev/$(basename "$(readlink -f "$root")")
	test_ok "the root device is restricted with AUTORDEV=YES" grep -q "^$rootdev:CONFIG=rdev,.*AUTORDEV=YES" "$db"
	test_expect_failure "no guest can have it" hpvmcreate -P g7 -a disk:scsi::disk:"$rootdev"
	test_stderr_matches "Device $rootdev is restricted";;
esac
hpvmdevmgmt -a rdev:/srv/manual >/dev/null 2>&1
test_expect_success "-d removes only its own entries" hpvmhostrdev -d
test_ok "no AUTORDEV entries left" sh -c "! grep -q AUTORDEV=YES '$db'"
test_ok "the hand-made rdev stays" grep -q '^/srv/manual:CONFIG=rdev' "$db"
test_expect_success "-r restores the database from before the last run" hpvmhostrdev -r
case $root in /dev/*) test_ok "the automatic entries are back" grep -q AUTORDEV=YES "$db";; esac
test_expect_success "-D disables the run at host start" hpvmhostrdev -D
test_ok "recorded" test -f "$HPVM_ROOT/var/opt/hpvm/common/hostrdev.disabled"
test_expect_success "-E enables it" hpvmhostrdev -E
test_ok "recorded" test ! -f "$HPVM_ROOT/var/opt/hpvm/common/hostrdev.disabled"
test_expect_failure "two options" hpvmhostrdev -d -r

# A damaged database: the repair script rebuilds it from what still reads and from the guests.
cp "$db" "$TRASH/db.good"
printf 'garbage without colons\n' >> "$db"
test_expect_failure "commands refuse a damaged database" hpvmcreate -P g8
test_expect_success "-r prints a repair script" hpvmdevmgmt -r
cp "$out" "$TRASH/repair.sh"
# shellcheck disable=SC2016 # expanded by the inner shell, or literal on purpose
test_ok "it keeps the damaged file aside" grep -q 'mv "\$db" "\$db.damaged' "$TRASH/repair.sh"
test_expect_success "the script runs" sh "$TRASH/repair.sh"
test_ok "the database reads again" hpvmdevmgmt -l all
test_ok "the guests' dependents are back" grep -q "^$TRASH/moved.img:.*:g1,g2:" "$db"
test_ok "the sharable attribute survived" grep -q "^$TRASH/moved.img:.*SHARE=YES" "$db"
test_ok "the hand-made rdev survived" grep -q '^/srv/manual:CONFIG=rdev' "$db"
test_expect_success "and commands work" hpvmcreate -P g8

test_expect_success "-S creates a backing file of that size" hpvmdevmgmt -S 3M "$TRASH/new.img"
test_equal "3 MB" 3145728 "$(stat -c %s "$TRASH/new.img")"
test_expect_success "-A -S allocates it" hpvmdevmgmt -A -S 1M "$TRASH/alloc.img"
test_ok "allocated" sh -c "[ \$(du -k '$TRASH/alloc.img' | cut -f1) -ge 1024 ]"

before=$(state_digest)
# bad DESC PATTERN ARGS...: hpvmdevmgmt ARGS fails with PATTERN on stderr.
bad() {
	_desc=$1 _pattern=$2; shift 2
	test_expect_failure "$_desc" hpvmdevmgmt "$@"
	test_stderr_matches "$_pattern"
}
bad "fractional size" "Invalid size '1.5G': a whole number with K, M, G or T \(fractions" -S 1.5G "$TRASH/f.img"
test_ok "and no file made" test ! -e "$TRASH/f.img"
bad "existing file" "Unable to create $TRASH/new.img: File exists" -S 1M "$TRASH/new.img"
bad "unknown entry type" "Invalid entry type 'disk' in 'disk:/x': use server, env, rdev or gdev" -a disk:/x
bad "unknown attribute" "Unknown attribute 'COLOUR'" -m rdev:/etc:attr:COLOUR=RED
bad "bad value" "Invalid value 'MAYBE' for SHARE" -m rdev:/etc:attr:SHARE=MAYBE
bad "AUTORDEV by hand" "Attribute AUTORDEV is kept by hpvm itself" -m rdev:/etc:attr:AUTORDEV=YES
bad "missing entry" "No gdev entry /nowhere in the device database" -d gdev:/nowhere
bad "duplicate entry" "already has an entry for /etc" -a rdev:/etc
bad "relative path" "a restricted device is a host path, and 'etc/x' is not an absolute path" -a rdev:etc/x
bad "bad second part" "expected :attr: or :depend:" -m rdev:/etc:colour:x
bad "rename with two names" "one new name" -n "gdev:$TRASH/moved.img:/a,/b"
test_equal "no failed form changed anything" "$before" "$(state_digest)"
test_expect_usage "two actions" hpvmdevmgmt -l all -I
test_expect_usage "no action" hpvmdevmgmt -V

# Concurrent database users leave a consistent database.
for i in $(seq 8); do
	hpvmmodify -P g8 -a disk:scsi::file:"$(make_file c"$i".img 1M)" >/dev/null 2>&1 &
	hpvmdevmgmt -a env:/opt/env"$i" >/dev/null 2>&1 &
done
wait
test_ok "the database reads" hpvmdevmgmt -l all
test_equal "every disk is a dependent of g8" 8 "$(grep -c "^$TRASH/c[0-9].img:.*:g8:" "$db")"
test_equal "every env entry is there" 8 "$(grep -c '^/opt/env[0-9]:CONFIG=env' "$db")"
test_end

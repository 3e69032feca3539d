#!/bin/sh
# 0090-hardening.t: what a hostile review of the store found: damaged guests, spellings of restricted paths, debris, forged logs
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS

hpvm_root_new
guests=$HPVM_ROOT/var/opt/hpvm/guests
db=$HPVM_ROOT/var/opt/hpvm/common/hpvm_mgmtdb
mon=$HPVM_ROOT/var/opt/hpvm/common/hpvm_mon_log

# --- 1. One damaged guest never takes down commands about the others. -----------------------
hpvmnet -c -S sw >/dev/null
hpvmcreate -P good -a network:lan::vswitch:sw >/dev/null
hpvmcreate -P bad -a network:lan::vswitch:sw >/dev/null
hpvmcreate -P nostart -a disk:scsi::file:"$TRASH/missing.img" >/dev/null 2>&1
sed -i 's|<vcpus>1</vcpus>|<vcpus>abc</vcpus>|' "$guests/bad/vmm_config.current"
for cmd in "hpvmnet -S sw" "hpvmnet -d -S nosuch" "hpvmstatus" "hpvmstatus -M" "hpvmstatus -X" \
    "hpvmcreate -P other" "hpvmdevmgmt -d gdev:/nowhere" "hpvmstart -P nostart"; do
	# shellcheck disable=SC2086 # each entry is a command line
	run $cmd
	test_fails "$cmd: no crash with a damaged guest beside it" died "$rc"
done
test_expect_success "the status table still lists the good guest" hpvmstatus
test_stdout_matches '^good '
test_stderr_matches "^hpvmstatus: WARNING \(host\): Guest 'bad' cannot be read: .*/vmm_config.current does not match"
test_expect_success "hpvmnet -S names the damaged guest and its file" hpvmnet -S sw
test_stderr_matches "WARNING \(sw\): Guest 'bad' cannot be read: .*vmm_config.current"
sed -i 's|<vcpus>abc</vcpus>|<vcpus>1</vcpus>|' "$guests/bad/vmm_config.current"
printf '<guest format="1"><vcpus>x</vcpus></guest>\n' > "$guests/bad/vmm_config.next"
test_expect_success "an invalid vmm_config.next is a warning, not a crash" hpvmcreate -P other2
test_stderr_matches "WARNING \(other2\): Guest 'bad' cannot be read: .*vmm_config.next"
rm -f "$guests/bad/vmm_config.next"
ln -s "$(readlink "$guests/good")" "$guests/stale"
test_expect_success "a stale second link to a guest's directory" hpvmstatus
test_equal "is not a second guest" 1 "$(grep -c '^good ' "$out")"
rm -f "$guests/stale"

# --- 3. A configuration that cannot be read keeps what it holds. ---------------------------
d1=$(make_file held.img 1M)
hpvmcreate -P holder -a disk:scsi::file:"$d1" >/dev/null
sed -i 's|<vcpus>1</vcpus>|<vcpus>-1</vcpus>|' "$guests/holder/vmm_config.current"
before=$(state_digest)
test_expect_failure "its SHARE=NO disk is not given to another guest" hpvmcreate -P taker -a disk:scsi::file:"$d1"
test_stderr_matches "Device $d1 is in use by guest 'holder'"
test_equal "and nothing changed" "$before" "$(state_digest)"
sed -i 's|<vcpus>-1</vcpus>|<vcpus>1</vcpus>|' "$guests/holder/vmm_config.current"

# --- 4. Restricted devices under any spelling. ----------------------------------------------
ln -s /etc/hostname "$TRASH/hostname.link"
ln -s /etc "$TRASH/etc.link"
before=$(state_digest)
for p in /./etc/hostname //etc/hostname "$TRASH/hostname.link" "$TRASH/etc.link/hostname"; do
	test_expect_failure "restricted by another spelling: $p" hpvmcreate -P r -a disk:scsi::file:"$p"
	test_stderr_matches "is restricted \(device database entry rdev:/etc\)"
done
test_equal "none of them changed anything" "$before" "$(state_digest)"
d2=$(make_file twice.img 1M)
ln -s "$d2" "$TRASH/twice.link"
test_expect_failure "the same disk twice in one guest, under two names" \
	hpvmcreate -P t -a disk:scsi::file:"$d2" -a disk:scsi::file:"$TRASH/twice.link"
test_stderr_matches "Backing store .* is given to this guest twice"
d3=$(make_file renamed.img 1M)
hpvmcreate -P ren -a disk:scsi::file:"$d3" >/dev/null
test_expect_failure "a rename onto a restricted path" hpvmdevmgmt -n "gdev:$d3:/etc/hostname"
test_stderr_matches "Device /etc/hostname is restricted"
mv "$d3" "$TRASH/renamed2.img"
test_expect_success "a rename that is allowed" hpvmdevmgmt -n "gdev:$d3:$TRASH/renamed2.img"
test_expect_success "-D shows the new path" hpvmstatus -P ren -D
test_stdout_matches "^disk:scsi:0,[0-9],0:file:$TRASH/renamed2.img$"
mkdir -p "$TRASH/dir"
d4=$(make_file dir/in.img 1M)
hpvmcreate -P below -a disk:scsi::file:"$d4" >/dev/null
test_expect_failure "restricting a directory in use, spelled otherwise" hpvmdevmgmt -a "rdev:$TRASH/./dir"
test_stderr_matches "Cannot restrict $TRASH/./dir: $d4 is in use by guest 'below'"

# --- 5. The repair script runs nothing from a damaged database. -----------------------------
cp "$db" "$TRASH/db.keep"
# shellcheck disable=SC2016 # the shell code is meant to stay unexpanded
printf '%s\n' '/x:CONFIG=gdev,SHARE=$(touch${IFS}'"$TRASH"'/pwned):g:' \
	'/y$(touch${IFS}'"$TRASH"'/pwned2):CONFIG=gdev::' >> "$db"
test_expect_success "a repair script for a database holding shell code" hpvmdevmgmt -r
cp "$out" "$TRASH/repair.sh"
sed -i 's|^hpvmdevmgmt -I$|true|' "$TRASH/repair.sh"
test_ok "running it" sh -c "PATH='$PATH' sh '$TRASH/repair.sh' >/dev/null 2>&1; true"
test_ok "ran none of it" test ! -e "$TRASH/pwned" -a ! -e "$TRASH/pwned2"
cp "$TRASH/db.keep" "$db"

# --- 6. Temporary names never collide with a guest's. ----------------------------------------
test_expect_success "a guest named like a temporary file" hpvmcreate -P a.tmp.1
test_expect_success "is listed" hpvmstatus -M
test_stdout_matches '^a\.tmp\.1:'
n1=$(hpvmstatus -P a.tmp.1 -M | cut -d: -f2)
hpvmcreate -P next >/dev/null
test_ok "its VM number is not handed out again" sh -c "[ \"\$(hpvmstatus -P next -M | cut -d: -f2)\" != $n1 ]"

# --- 7. Removal never follows a link. ---------------------------------------------------------
hpvmcreate -P linked >/dev/null
u=$(basename "$(readlink "$guests/linked")")
mv "$HPVM_ROOT/var/opt/hpvm/uuids/$u" "$TRASH/elsewhere"
touch "$TRASH/elsewhere/canary"
ln -s "$TRASH/elsewhere" "$HPVM_ROOT/var/opt/hpvm/uuids/$u"
hpvmremove -P linked -F >/dev/null 2>&1
test_ok "what the link pointed at is untouched" test -f "$TRASH/elsewhere/canary"
test_ok "the link itself is gone" test ! -L "$HPVM_ROOT/var/opt/hpvm/uuids/$u"

# --- 8. Debris of killed commands is cleaned up, and said so. --------------------------------
orphan=$HPVM_ROOT/var/opt/hpvm/uuids/11111111-2222-4333-8444-555555555555
mkdir -p "$orphan"
cp "$guests/good/vmm_config.current" "$orphan/"
touch "$guests/.x.tmp.123" "$HPVM_ROOT/var/opt/hpvm/common/.hpvm_mgmtdb.tmp.abcdef" \
	"$guests/good/vmm_config.current.tmp.OLD"
test_expect_success "the next command that changes guests" hpvmcreate -P sweeper
test_ok "removes the orphaned directory" test ! -e "$orphan"
test_ok "and the temporary files" sh -c "! ls -a '$guests' '$HPVM_ROOT/var/opt/hpvm/common' '$guests/good/' |
	grep -Eq '^\.x\.tmp\.123|hpvm_mgmtdb\.tmp|current\.tmp\.OLD'"
test_ok "and says so in hpvm_mon_log" grep -q "removed /var/opt/hpvm/uuids/11111111-2222-4333-8444-555555555555" "$mon"

# --- 9. A change that changes nothing writes nothing. ----------------------------------------
hpvmmodify -P good -c 2 >/dev/null
prev=$(cksum < "$guests/good/vmm_config.prev")
test_expect_success "a modify to the same values" hpvmmodify -P good -c 2
test_equal "keeps the one backup" "$prev" "$(cksum < "$guests/good/vmm_config.prev")"

# --- 11. A clone's disk path that does not fit is an error, not a cut. ----------------------
deep=$TRASH/$(printf 'd%.0s' $(seq 200))/$(printf 'e%.0s' $(seq 200))/$(printf 'f%.0s' $(seq 200))/$(printf 'g%.0s' $(seq 200))
mkdir -p "$deep"
long=$(make_file "${deep#"$TRASH"/}/src-root-$(printf 'h%.0s' $(seq 150)).img" 1M)
hpvmcreate -P src -a disk:scsi:0,0,0:file:"$long" >/dev/null
before=$(state_digest)
test_expect_failure "a clone whose copy's path is too long" \
	hpvmclone -P src -N srcx -b "disk:scsi:0,0,0:file:$long$(printf 'x%.0s' $(seq 40))"
test_stderr_matches "longer than 1023 characters"
test_equal "changes nothing" "$before" "$(state_digest)"

# --- 13. User text cannot forge log lines or drive the terminal. ----------------------------
run hpvmcreate -P "$(printf 'a\nb 2026-01-01 root hpvmremove -P x : SUCCESS')"
test_equal "a newline in an argument stays in its own command.log line" 0 \
	"$(grep -c '^b 2026-01-01' "$HPVM_ROOT/var/opt/hpvm/common/command.log")"
test_ok "and is written as an escape" grep -q 'a\\nb 2026' "$HPVM_ROOT/var/opt/hpvm/common/command.log"
run hpvmcreate -P "$(printf 'x\033[2Jy')"
test_ok "an escape byte in a name is not echoed raw" sh -c "! grep -q \"$(printf '\033')\" '$err'"
test_stderr_matches 'x\\x1b\[2Jy'

# --- 14. hpvmdevmgmt's limits. ----------------------------------------------------------------
before=$(state_digest)
test_expect_failure "a value over the field limit" hpvmdevmgmt -m "rdev:/etc:attr:DEVTYPE=$(printf 'A%.0s' $(seq 60))"
test_stderr_matches "The value of DEVTYPE is too long"
test_expect_failure "a shareable attached tape, attributes in either order" \
	hpvmdevmgmt -a "gdev:/dev/null:attr:SHARE=YES,DEVTYPE=TAPE"
test_stderr_matches "attached TAPE device; attached devices can never be sharable"
test_equal "neither changed anything" "$before" "$(state_digest)"
cp "$db" "$TRASH/db.keep"
head -n -1 "$TRASH/db.keep" > "$db"
test_expect_failure "a database cut short at a line boundary" hpvmcreate -P cut
test_stderr_matches "hpvm_mgmtdb is damaged at line [0-9]+ \(it ends before its last line\)"
cp "$TRASH/db.keep" "$db"

# --- 15. A host without machine-id or SMBIOS still has a UUID; copies cross file systems. ----
mount --bind /dev/null /etc/machine-id 2>/dev/null
[ -e /sys/class/dmi/id/product_uuid ] && mount --bind /dev/null /sys/class/dmi/id/product_uuid
test_expect_success "hpvminfo -S with no machine-id and no SMBIOS UUID" hpvminfo -S
test_stdout_matches '^MY UUID: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
uuid1=$(sed -n 's/^MY UUID: //p' "$out")
test_equal "the same UUID every time" "$uuid1" "$(hpvminfo -S | sed -n 's/^MY UUID: //p')"
test_equal "kept under /var/opt/hpvm" "$uuid1" "$(cat "$HPVM_ROOT/var/opt/hpvm/common/host_uuid")"
mkdir -p "$TRASH/other-fs"
mount -t tmpfs tmpfs "$TRASH/other-fs"
dd if=/dev/urandom of="$TRASH/other-fs/x.img" bs=64k count=16 2>/dev/null
hpvmcreate -P x -a disk:scsi:0,1,0:file:"$TRASH/other-fs/x.img" >/dev/null
test_expect_success "a clone copies a disk across file systems" hpvmclone -P x -N y \
	-b disk:scsi:0,1,0:file:"$TRASH/y.img"
test_equal "byte for byte" "$(cksum < "$TRASH/other-fs/x.img")" "$(cksum < "$TRASH/y.img")"
hpvmremove -P x -F >/dev/null
umount "$TRASH/other-fs"	# so the scratch directory goes with the test

# --- 10. hpvmclone -b copies outside the global lock. ---------------------------------------
if command -v strace >/dev/null; then
	big=$TRASH/big.img
	dd if=/dev/urandom of="$big" bs=1M count=4 2>/dev/null
	hpvmcreate -P slow -a disk:scsi:0,0,0:file:"$big" >/dev/null
	# Every copy_file_range call takes three seconds: the copy is slow, deterministically.
	strace -f -qq -o /dev/null -e trace=copy_file_range -e inject=copy_file_range:delay_enter=3000000 \
		hpvmclone -P slow -N slow2 -b disk:scsi:0,0,0:file:"$TRASH/slow2-big.img" >/dev/null 2>&1 &
	cpid=$!
	copying() { set -- "$TRASH"/.slow2-big.img.tmp.clone.*; [ -e "$1" ]; }
	i=0; while ! copying && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
	test_expect_success "hpvmstatus answers while a clone copies" hpvmstatus
	test_ok "and the clone was still copying when it did" kill -0 "$cpid"
	test_expect_success "hpvmcreate too" hpvmcreate -P during
	wait "$cpid"
	test_ok "the clone then finished" sh -c "hpvmstatus -P slow2 >/dev/null"
	test_equal "with its copy in place" "$(cksum < "$big")" "$(cksum < "$TRASH/slow2-big.img")"
fi
test_end

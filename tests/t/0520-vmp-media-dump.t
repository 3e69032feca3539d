#!/bin/sh
# 0520-vmp-media-dump.t: the command menu's in and ej change the DVD the guest sees, until its next
# start restores the configured media; tc saves the guest's memory (an ELF core, gzip'd) in its
# directory and resets it, keeping HPVM_DUMPS_KEPT dumps; rec -view and rec -rotate
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
# shellcheck source=lib/term-lib.sh
. "$(dirname "$0")/lib/term-lib.sh"
test_needs ROOT NETNS GUEST
trap 'term_stop_all; stop_all_guests; test_cleanup' EXIT

hpvm_root_new
hpvm_conf HPVM_DUMPS_KEPT=2
# Two media in one directory, each saying which it is in its first bytes.
mkdir -p "$TRASH/media"
for m in one two; do
	printf 'MEDIA-%s' "$m" | tr '[:lower:]' '[:upper:]' > "$TRASH/media/$m.iso"
	truncate -s 1M "$TRASH/media/$m.iso"
done
ln -s /etc/shadow "$TRASH/media/zz-link.iso"
appliance_guest vm1 "" -a dvd:avio_stor::file:"$TRASH/media/one.iso" >/dev/null 2>&1
uuid=$(readlink "$HPVM_ROOT/var/opt/hpvm/guests/vm1" | sed 's|.*/||')
dumps=$HPVM_ROOT/var/opt/hpvm/uuids/$uuid/dumps

# dumps_kept: how many dumps the guest has; newest_dump: the newest one's path.
dumps_kept() {
	_n=0
	for _d in "$dumps"/vmcore.*; do [ -f "$_d" ] && _n=$((_n + 1)); done
	echo "$_n"
}
newest_dump() {
	for _d in "$dumps"/vmcore.*; do echo "$_d"; done | tail -1
}
hpvmstart -P vm1 >/dev/null 2>&1
test_ok "the guest boots with its DVD" wait_block vm1 'BLOCK sr0 $' 120

# What the guest reads from its DVD, asked in its own shell (again, if a shell just starting
# missed the question).
media_seen() {
	for _try in 1 2 3; do
		_tag=$(date +%s%N)
		# shellcheck disable=SC2016 # the guest's shell computes it
		guest_run vm1 "echo MEDIA-$_tag-\$(head -c 9 /dev/sr0 2>/dev/null || echo NONE)"
		wait_console vm1 "^MEDIA-$_tag-[A-Z]" 10 || continue
		console_log vm1 | grep -a "^MEDIA-$_tag-" | tail -1 | sed "s/^MEDIA-$_tag-//"
		return 0
	done
	return 1
}
test_equal "the guest reads the configured media" "MEDIA-ONE" "$(media_seen)"

test_expect_success "in lists the media beside the DVD's resource" hpvmconsole -P vm1 -c in
test_stdout_matches "^DVD [0-9],[0-9],[0-9]+, media in $TRASH/media:\$"
test_stdout_matches '^ +2  two\.iso$'
test_ok "but never a link" sh -c "! grep -q zz-link '$out'"
test_expect_success "ej" hpvmconsole -P vm1 -c ej
test_stdout_matches '^Media ejected\.$'
test_equal "the guest's DVD is empty" "NONE" "$(media_seen)"
test_expect_failure "a link is not media" hpvmconsole -P vm1 -c "in zz-link.iso"
test_stderr_matches "ERROR \\(vm1\\): No media 'zz-link.iso' in $TRASH/media\\."

# At the terminal: in asks which media.
term_start t hpvmconsole -P vm1
term_wait t '^\[vm1\] vMP> $' 10
term_type t cm
term_type t in
test_ok "in at a terminal lists and asks" term_wait t '^Media to insert \(number or name; Enter for none\): $' 10
term_type t 2
test_ok "and inserts the one chosen" term_wait t "^Media $TRASH/media/two\\.iso inserted\\.\$" 20
test_equal "the guest reads the new media" "MEDIA-TWO" "$(media_seen)"
test_ok "the guest log says how it changed" grep -Eq \
	"DVD [0-9],[0-9],[0-9]+: media $TRASH/media/two.iso inserted from the virtual console" "$HPVM_ROOT/var/opt/hpvm/guests/vm1/log"
test_ok "the configuration keeps the original resource" sh -c \
	"hpvmstatus -P vm1 -D | grep -q 'dvd:avio_stor::file:$TRASH/media/one.iso'"

n=$(console_log vm1 | grep -ac 'HPVM-TEST-GUEST READY')
term_type t tc
test_ok "tc saves the memory and resets the guest" \
	term_wait t "^Guest memory saved in /var/opt/hpvm/uuids/$uuid/dumps/vmcore\\.[0-9]{8}-[0-9]{6}\\.elf\\.gz; virtual machine 'vm1' reset\\.\$" 120
dump=$(newest_dump)
test_ok "the dump is whole gzip" gzip -t "$dump"
test_equal "an ELF core" "$(printf '\177ELF')" "$(gzip -dc "$dump" | head -c 4)"
test_ok "of the guest's memory (256 MB and more)" test "$(gzip -dc "$dump" | wc -c)" -gt 268435456
test_ok "nothing half-written is left" sh -c "! ls -a '$dumps' | grep -q tmp"
booted_again() { [ "$(console_log vm1 | grep -ac 'HPVM-TEST-GUEST READY')" -gt "$n" ]; }
i=0; while ! booted_again && [ $i -lt 600 ]; do sleep 0.2; i=$((i + 1)); done
test_ok "the guest boots again" booted_again
test_ok "the guest log records the dump" grep -q "tc: memory dump /var/opt/hpvm/uuids/$uuid/dumps/vmcore\\..*\\.elf\\.gz ([0-9]* bytes) saved; guest reset" \
	"$HPVM_ROOT/var/opt/hpvm/guests/vm1/log"
term_type t x
term_wait t '^\[exit 0\]$' 10

hpvmconsole -P vm1 -c tc >/dev/null 2>&1
sleep 1
test_expect_success "a third tc" hpvmconsole -P vm1 -c tc
test_equal "HPVM_DUMPS_KEPT=2 keeps the two newest" 2 "$(dumps_kept)"
test_ok "the oldest went" test ! -e "$dump"

test_expect_success "rec -rotate" hpvmconsole -P vm1 -c "rec -rotate"
test_stdout_matches '^Guest log rotated; the previous one is /var/opt/hpvm/uuids/.*/log\.[0-9]{8}-[0-9]{6}\.$'
test_ok "the old log kept its history" sh -c "grep -q 'tc: memory dump' '$HPVM_ROOT'/var/opt/hpvm/uuids/$uuid/log.*"
test_expect_success "rec -view shows the new log" hpvmconsole -P vm1 -c "rec -view"
test_stdout_matches 'guest log rotated; the previous one is'
test_ok "which starts after the rotation" sh -c "! grep -q 'tc: memory dump' '$out'"

test_expect_success "off" hpvmconsole -P vm1 -c "pc -off"
n=$(console_log vm1 | grep -ac 'HPVM-TEST-GUEST READY')
test_expect_success "on" hpvmconsole -P vm1 -c "pc -on"
i=0; while ! booted_again && [ $i -lt 600 ]; do sleep 0.2; i=$((i + 1)); done
test_ok "boots" booted_again
test_equal "the next start has the configured media again, as HP's" "MEDIA-ONE" "$(media_seen)"
test_expect_failure "ej on a stopped guest" sh -c "hpvmconsole -P vm1 -c 'pc -off' && hpvmconsole -P vm1 -c ej"
test_stderr_matches 'ERROR \(vm1\): The guest is not running\.'
test_end

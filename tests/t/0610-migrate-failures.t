#!/bin/sh
# 0610-migrate-failures.t: a live move with local disks loses no write; a target that dies or a link that is cut leaves the guest running at the source and nothing at the target
# shellcheck disable=SC2317 # helpers here run through test_ok, which shellcheck cannot follow
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST
# shellcheck source=lib/twohost.sh
. "$TEST_DIR/lib/twohost.sh"
twohost_up

counter_guest() {
	_g=$1; shift
	on hosta hpvmcreate -P "$_g" -r 256M -x boot_kernel="$GUEST_KERNEL" -x boot_initrd="$GUEST_INITRD" \
		-x "boot_args=console=ttyS0 hpvm.counter=1" "$@" >/dev/null 2>&1
}

# Nothing of GUEST on host B: no configuration, no journal, no stream socket, no partial copy.
target_clean() {
	! on hostb hpvmstatus -P "$1" >/dev/null 2>&1 &&
	    [ -z "$(ls "$TRASH/hostb/root/var/run/hpvm/migrate")" ] &&
	    ! on hostb ls -A /srv/local | grep -q hpvm-migrating
}

# session_on HOST: the pid of a migration session hpvmmigrated serves there (a root
# hpvmmigrated whose parent is the daemon, in that host's network namespace).
session_on() {
	_ns=$(readlink "/proc/$(eval echo "\$host_pid_$1")/ns/net")
	for _p in $(pgrep -u 0 -x hpvmmigrated); do
		_pp=$(ps -o ppid= -p "$_p" | tr -d ' ')
		[ "$(readlink "/proc/$_p/ns/net")" = "$_ns" ] && [ "$(ps -o comm= -p "$_pp")" = hpvmmigrated ] &&
		    echo "$_p" && return 0
	done
	return 1
}

wait_target_clean() {
	_n=$(( ${2:-30} * 5 ))
	while [ "$_n" -gt 0 ]; do
		target_clean "$1" && return 0
		sleep 0.2
		_n=$((_n - 1))
	done
	return 1
}

# last_count HOST GUEST: the guest's counter as its console last showed it there.
last_count() {
	console_on "$1" "$2" | sed -n 's/.*COUNT \([0-9]*\).*/\1/p' | tail -1
}

# --- a live move of a guest with a local disk, while it writes ------------------------
counter_guest vm5 -a disk:avio_stor::file:/srv/local/vm5.img
on hosta truncate -s 32M /srv/local/vm5.img
on hosta dd if=/dev/urandom of=/srv/local/vm5.img bs=1M seek=16 count=16 conv=notrunc status=none
tail_a=$(on hosta sh -c 'tail -c 16M /srv/local/vm5.img | sha256sum')
on hosta hpvmstart -P vm5 >/dev/null
test_ok "the guest runs" wait_console_on hosta vm5 'HPVM-TEST-GUEST BLOCK .*sda' 90
# Block i gets "HPVM-PATTERN-i", flushed, then the guest says so: every block it announced must arrive.
on hosta sh -c "(printf '%s\r' 'i=0; while :; do echo HPVM-PATTERN-\$i | dd of=/dev/sda bs=512 seek=\$i conv=notrunc,fsync 2>/dev/null && echo WROTE-\$i; i=\$((i+1)); sleep 0.05; done &'; sleep 0.5) | hpvmconsole -P vm5 -q >/dev/null 2>&1"
test_ok "it writes" wait_console_on hosta vm5 'WROTE-20' 60
test_expect_success "-o -C: its disk is mirrored while it runs" on hosta hpvmmigrate -P vm5 -h 10.77.0.2 -o -C
test_stdout_matches "^hpvmmigrate: Guest migrated successfully\.$"
before=$(console_on hosta vm5 | sed -n 's/.*WROTE-\([0-9]*\).*/\1/p' | tail -1)
test_ok "it goes on writing there" wait_console_on hostb vm5 "WROTE-$((before + 20))" 60
on hostb hpvmstop -P vm5 -h -F >/dev/null
last=$(console_on hostb vm5 | sed -n 's/.*WROTE-\([0-9]*\).*/\1/p' | tail -1)
bad=$(on hostb sh -c "i=0; while [ \$i -le $last ]; do
	dd if=/srv/local/vm5.img bs=512 skip=\$i count=1 2>/dev/null | head -1 | grep -qx HPVM-PATTERN-\$i || echo \$i
	i=\$((i + 1)); done")
test_equal "every one of the $last blocks written, before, during and after, is there" "" "$bad"
test_equal "and what was there before is unchanged" "$tail_a" \
	"$(on hostb sh -c 'tail -c 16M /srv/local/vm5.img | sha256sum')"

# --- progress on a terminal ------------------------------------------------------------
printf 'HPVM_ACCEL=tcg\nHPVM_MIGRATE_TIMEOUT=10\nHPVM_MIGRATE_BANDWIDTH=20\n' > "$TRASH/hosta/root/etc/rc.config.d/hpvmconf"
counter_guest vm7
on hosta hpvmstart -P vm7 >/dev/null
test_ok "vm7 counts" wait_console_on hosta vm7 'COUNT [0-9]+' 90
on hosta script -qec "hpvmmigrate -P vm7 -h 10.77.0.2 -o" /dev/null > "$TRASH/tty.out" 2>&1
test_ok "a terminal sees the progress: percent, MB/s, what remains, the dirty rate" \
	grep -Eaq 'memory +[0-9]+%  +[0-9.]+ MB/s  remaining [0-9]+ MB  dirty [0-9]+ MB/s' "$TRASH/tty.out"
test_ok "then the summary" grep -aq 'hpvmmigrate: Total time' "$TRASH/tty.out"
test_ok "the source's guest log has the numbers" \
	grep -Eq "migrated to hostb \(online: total [0-9]+ ms, downtime [0-9]+ ms\)" "$TRASH/hosta/root/var/opt/hpvm/guests/vm7/log"
test_ok "so has the target's" \
	grep -Eq "migrated here from hosta .* \(online: total [0-9]+ ms, downtime [0-9]+ ms\)" "$TRASH/hostb/root/var/opt/hpvm/guests/vm7/log"
on hostb hpvmstop -P vm7 -h -F >/dev/null

# --- the target's QEMU dies mid-stream -------------------------------------------------
printf 'HPVM_ACCEL=tcg\nHPVM_MIGRATE_TIMEOUT=10\nHPVM_MIGRATE_BANDWIDTH=4\n' > "$TRASH/hosta/root/etc/rc.config.d/hpvmconf"
counter_guest vm6
on hosta hpvmstart -P vm6 >/dev/null
test_ok "vm6 counts" wait_console_on hosta vm6 'COUNT [0-9]+' 90

# migrate_away GUEST: start a live move in the background; its status goes to $TRASH/rc.
migrate_away() {
	(on hosta hpvmmigrate -P "$1" -h 10.77.0.2 -o > "$TRASH/mig.out" 2>&1; echo $? > "$TRASH/rc") &
	_n=150
	while [ $_n -gt 0 ] && [ "$(on hostb hpvmstatus -P "$1" -M 2>/dev/null | cut -d: -f5)" != Migrating ]; do
		sleep 0.2
		_n=$((_n - 1))
	done
	sleep 2
}

wait_migrate_done() {
	_n=300
	while [ $_n -gt 0 ] && [ ! -s "$TRASH/rc" ]; do sleep 0.2; _n=$((_n - 1)); done
	rm -f "$TRASH/rc.last"; mv "$TRASH/rc" "$TRASH/rc.last" 2>/dev/null
	cat "$TRASH/rc.last" 2>/dev/null
}

migrate_away vm6
qpid=$(on hostb hpvmstatus -P vm6 -V | sed -n 's/^QEMU PID *: //p')
test_ok "the target QEMU is there, receiving" test -n "$qpid"
kill -9 "$qpid"
test_equal "the move fails" "1" "$(wait_migrate_done)"
test_ok "saying why" grep -q "^hpvmmigrate: ERROR (vm6): The migration failed: the guest's QEMU on hostb ended" "$TRASH/mig.out"
test_equal "the guest still runs on A" "On (OS)" "$(on hosta hpvmstatus -P vm6 -M | cut -d: -f5)"
n=$(last_count hosta vm6)
test_ok "and counts on" wait_console_on hosta vm6 "COUNT $((n + 2))" 30
test_ok "runnable on A" status_has_a vm6 '^Runnable status *: Enabled'
test_ok "nothing of it on B" wait_target_clean vm6 30
test_ok "the source's records say it failed and why" \
	grep -q "hpvmmigrate: migration of guest 'vm6' to 10.77.0.2 failed; it stays here: The migration failed" \
	"$TRASH/hosta/root/var/opt/hpvm/common/command.log"
test_ok "as does its guest log" grep -q "migration to 10.77.0.2 failed, the guest stays here" \
	"$TRASH/hosta/root/var/opt/hpvm/guests/vm6/log"

# --- the target's session process dies (its daemon undoes what the session did) -----------
migrate_away vm6
session=$(session_on hostb)
test_ok "a session serves it on B" test -n "$session"
kill -9 "$session"
test_equal "the move fails" "1" "$(wait_migrate_done)"
test_equal "the guest still runs on A" "On (OS)" "$(on hosta hpvmstatus -P vm6 -M | cut -d: -f5)"
test_ok "the daemon undid the killed session's work" wait_target_clean vm6 30
test_ok "and said so" grep -q "killed by signal 9; undoing" "$TRASH/hostb/migrated.log"

# --- the link is cut mid-stream ----------------------------------------------------------
migrate_away vm6
on hosta ip link del mig0
test_equal "the move fails" "1" "$(wait_migrate_done)"
test_ok "saying the connection is down" grep -q '^hpvmmigrate: ERROR (vm6): The migration failed: the connection to 10.77.0.2 is down' "$TRASH/mig.out"
test_equal "the guest still runs on A" "On (OS)" "$(on hosta hpvmstatus -P vm6 -M | cut -d: -f5)"
n=$(last_count hosta vm6)
test_ok "and counts on" wait_console_on hosta vm6 "COUNT $((n + 2))" 30
test_ok "B notices the silence and removes everything" wait_target_clean vm6 60
test_ok "what was undone left host B's guest index current" index_on hostb
test_ok "and host A's" index_on hosta
test_end

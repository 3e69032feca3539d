#!/bin/sh
# 0410-logs.t: hpvm_mon_log records host events; it, command.log and guest logs rotate at VMMLOGSIZE with a timestamp suffix; concurrent writers never interleave
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
hpvm_conf HPVM_ACCEL=tcg
common=$HPVM_ROOT/var/opt/hpvm/common
mon=$common/hpvm_mon_log
ts='^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} '

hpvmnet -c -S sw1 >/dev/null 2>&1
test_expect_success "boot a vswitch" hpvmnet -b -S sw1
test_ok "hpvm_mon_log: the vswitch booted" grep -Eq "${ts}vswitch sw1 booted$" "$mon"
test_expect_success "halt it" hpvmnet -h -S sw1 -F
test_ok "hpvm_mon_log: the vswitch halted" grep -Eq "${ts}vswitch sw1 halted$" "$mon"

appliance_guest g1 10.9.0.1/24 >/dev/null 2>&1
test_expect_success "start a guest" hpvmstart -P g1
test_ok "hpvm_mon_log: the guest started" grep -Eq "${ts}Guest 'g1' started: QEMU pid [0-9]+$" "$mon"
test_ok "it boots" wait_console g1 'HPVM-TEST-GUEST READY' 90
test_expect_success "stop it" hpvmstop -P g1 -h -F -q
test_ok "hpvm_mon_log: the guest stopped" sh -c "sleep 1; grep -Eq \"${ts}Guest 'g1' stopped\" '$mon'"
test_expect_success "start it again" hpvmstart -P g1
pid=$(hpvmstatus -P g1 -M | cut -d: -f16)
kill -9 "$pid"
test_ok "QEMU killed: the guest is off" wait_state g1 Off 30
test_ok "hpvm_mon_log: the guest crashed" grep -Eq "${ts}Guest 'g1' crashed: QEMU killed by signal 9" "$mon"

: > "$TRASH/empty.iso"
appliance_guest g2 10.9.0.2/24 -a dvd:scsi::file:"$TRASH/empty.iso" >/dev/null 2>&1
appliance_guest g3 10.9.0.3/24 -a disk:scsi::file:"$TRASH/gone.img" >/dev/null 2>&1
test_expect_success "a guest whose DVD image is empty starts" hpvmstart -P g2
test_ok "hpvm_mon_log: the DVD may be empty" grep -Eq "${ts}DVD .*/empty.iso may be empty" "$mon"
hpvmstop -P g2 -h -F -q >/dev/null 2>&1
test_expect_failure "a guest whose disk is missing is refused" hpvmstart -P g3
test_ok "hpvm_mon_log: the refused start and why" grep -Eq "${ts}Start of guest 'g3' refused: .*gone.img" "$mon"
test_ok "every line of hpvm_mon_log is one timestamped line" sh -c "! grep -Ev '$ts' '$mon'"

# Rotation: 1 KB logs, many writers at once.
hpvm_conf HPVM_ACCEL=tcg VMMLOGSIZE=1
before=$(wc -l < "$common/command.log")
before_st=$(grep -c 'root hpvmstatus -P g[1-3] -M : SUCCESS$' "$common/command.log")
for w in 1 2 3 1; do
	(for _ in $(seq 40); do hpvmstatus -P "g$w" -M >/dev/null 2>&1; done) &
done
wait
test_ok "command.log was rotated with a timestamp suffix" sh -c "ls '$common' | grep -Eq '^command\.log\.[0-9]{8}-[0-9]{6}(-[0-9]+)?$'"
cat "$common"/command.log.* "$common/command.log" > "$TRASH/all.log"
test_equal "no line lost across the rotated files" $((before + 160)) "$(wc -l < "$TRASH/all.log")"
test_ok "every line is one whole entry" sh -c "! grep -Ev '${ts}root hpvm[a-z]+ .* : (SUCCESS|FAILED +[0-9]+)$' '$TRASH/all.log'"
test_equal "160 whole hpvmstatus lines" $((before_st + 160)) "$(grep -Ec "${ts}root hpvmstatus -P g[1-3] -M : SUCCESS$" "$TRASH/all.log")"
# The first rotated file holds what was there before the limit was lowered.
# shellcheck disable=SC2317 # called through test_ok
within() {
	for f in $(find "$(dirname "$1")" -name "$(basename "$1").*" | sort | tail -n +2); do
		[ "$(wc -c < "$f")" -le 1024 ] || return 1
	done
}
test_ok "no rotated file grew past the limit after it was rotated" within "$common/command.log"

for _ in $(seq 30); do hpvmnet -b -S sw1 >/dev/null 2>&1; done
test_ok "hpvm_mon_log rotated too" sh -c "ls '$common' | grep -Eq '^hpvm_mon_log\.[0-9]{8}-[0-9]{6}(-[0-9]+)?$'"
test_ok "the current hpvm_mon_log is within the limit" test "$(wc -c < "$mon")" -le 1024

glog=$HPVM_ROOT/var/opt/hpvm/guests/g1
test_expect_success "a guest writes its log while it runs" hpvmstart -P g1
test_ok "it boots" wait_console g1 'HPVM-TEST-GUEST READY' 90
for _ in $(seq 12); do hpvmconsole -P g1 -q -c "pc -cycle" >/dev/null 2>&1; sleep 0.2; done
hpvmstop -P g1 -h -F -q >/dev/null 2>&1
test_ok "the guest log was rotated" sh -c "ls '$glog/' | grep -Eq '^log\.[0-9]{8}-[0-9]{6}(-[0-9]+)?$'"
cat "$glog"/log.* "$glog/log" > "$TRASH/guest.log"
test_ok "the whole history survives: started ... stopped" sh -c \
	"grep -q \"guest 'g1' started\" '$TRASH/guest.log' && grep -q 'hard stop' '$TRASH/guest.log' && grep -q 'power cycle' '$TRASH/guest.log'"
test_ok "QEMU's exit is in the current log, after the rotation" grep -q 'QEMU (pid [0-9]*) exited' "$glog/log"
test_ok "no rotated guest log grew past the limit" within "$glog/log"
test_end

#!/bin/sh
# 0500-vmp-menu.t: HP's vMP at a real terminal: the main menu on a stopped guest, pc -on from it,
# the console (typing into the guest's shell, Ctrl-B back), the command menu, pc -cycle, the logs,
# and a console log that keeps what the guest printed while nobody watched, within its bound
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
# shellcheck source=lib/term-lib.sh
. "$(dirname "$0")/lib/term-lib.sh"
test_needs ROOT NETNS GUEST
trap 'term_stop_all; stop_all_guests; test_cleanup' EXIT

hpvm_root_new
hpvm_conf HPVM_CONSOLE_LOG_KB=16
appliance_guest vm1 "" -x "boot_args=console=ttyS0 hpvm.counter=1" >/dev/null 2>&1
log=$HPVM_ROOT/var/opt/hpvm/guests/vm1/console.log

# HP's main menu, line for line.
# shellcheck disable=SC2317 # called through test_ok
main_menu() {
	term_screen t > "$TRASH/screen"
	for item in '   vMP MAIN MENU' '         CO: Console' '         CM: Command Menu' \
	    '         CL: Console Log' '         SL: Show Event Logs' '         VM: Virtual Machine Menu' \
	    '         HE: Main Help Menu' '         X: Exit Connection'; do
		grep -qxF -- "$item" "$TRASH/screen" || return 1
	done
}

# The counter's lines in the console log follow each other with no number missing.
# shellcheck disable=SC2317 # called through test_ok
counts_unbroken() {
	hpvmconsole -P vm1 -q -c cl | grep -ao 'HPVM-TEST-GUEST COUNT [0-9]*' |
		awk '{ if (NR > 1 && $3 != p + 1) exit 1; p = $3 } END { exit NR < 5 }'
}

term_start t hpvmconsole -P vm1
test_ok "the vMP opens on a stopped guest" term_wait t '^\[vm1\] vMP> $' 10
test_ok "with HP's main menu" main_menu
term_type t co
test_ok "co on a stopped guest says how to start it" term_wait t 'ERROR \(vm1\): The guest is not running; use pc -on to start it\.' 10
term_type t "pc -on"
test_ok "pc -on from the menu starts it" term_wait t "Successful start initiation of guest 'vm1'" 30
test_equal "running" "On (OS)" "$(guest_state vm1)"
term_type t co
test_ok "co shows HP's hint" term_wait t '^       \(Use Ctrl-B to return to vMP main menu\.\)$' 10
test_ok "and the guest booting" term_wait t 'HPVM-TEST-GUEST READY' 120
# shellcheck disable=SC2016 # the guest's shell computes it
term_type t 'echo vmp-answer-$((6*7))'
test_ok "the guest's shell answers what was typed" term_wait t '^vmp-answer-42' 20
term_keys t C-b
test_ok "Ctrl-B returns to the main menu" term_wait t '^\[vm1\] vMP> $' 10
test_equal "the guest runs on" "On (OS)" "$(guest_state vm1)"

# Nobody attached now: the guest's counter goes on into the log.
# The guest counts once a second of its own time (a loaded host's TCG guest may take longer), from
# its boot: five counts on from the last one the log has, so there are five at least.
last=$(grep -a 'HPVM-TEST-GUEST COUNT' "$log" | tail -1 | tr -dc '0-9')
counted_on() { hpvmconsole -P vm1 -q -c cl | grep -aq "HPVM-TEST-GUEST COUNT $((last + 5))"; }
i=0; while ! counted_on && [ $i -lt 60 ]; do sleep 0.5; i=$((i + 1)); done
test_ok "output while nobody watched is in the console log" counted_on
test_ok "the console log keeps its bound (HPVM_CONSOLE_LOG_KB=16)" test "$(wc -c < "$log")" -le 16384
test_ok "what it rotated away is console.log.old" test -s "$log.old"
test_ok "cl shows both, the older first, nothing lost between them" counts_unbroken

term_type t cm
test_ok "cm enters the command menu" term_wait t '^\[vm1\] vMP:CM> $' 10
term_type t he
test_ok "he lists its commands" term_wait t '^   tc  +save its memory' 10
test_ok "and the caller's access" term_wait t "Your access to 'vm1': admin\\." 10
n=$(console_log vm1 | grep -ac 'HPVM-TEST-GUEST READY')
term_type t "pc -cycle"
test_ok "pc -cycle" term_wait t "Virtual machine 'vm1' reset \\(power cycle\\)\\." 30
booted_again() { [ "$(console_log vm1 | grep -ac 'HPVM-TEST-GUEST READY')" -gt "$n" ]; }
i=0; while ! booted_again && [ $i -lt 600 ]; do sleep 0.2; i=$((i + 1)); done
test_ok "the guest boots again" booted_again
term_type t sl
test_ok "sl shows the guest's events, numbered" term_wait t '^ +[0-9]+  [0-9-]+ [0-9:]+  guest reset \(reboot\)$' 10
test_ok "but no console sessions" sh -c "! term_screen t | grep -E '^ +[0-9]+  .*vMP:'"
term_keys t C-b
test_ok "Ctrl-B leaves the command menu" term_wait t '^\[vm1\] vMP> $' 10
term_type t vm
term_type t st
test_ok "the VM menu shows the guest's status" term_wait t '^vm1 +1 UNKNOWN On \(OS\)' 10
term_type t ma
term_type t "rec -view"
test_ok "rec -view shows the guest log" term_wait t 'vMP: root \(admin\): pc -cycle$' 10
term_type t x
test_ok "x leaves" term_wait t '^\[exit 0\]$' 10
test_ok "the session is in command.log" grep -q 'root hpvmconsole -P vm1 \[vMP\] session start : SUCCESS' \
	"$HPVM_ROOT/var/opt/hpvm/common/command.log"
test_ok "with its commands" grep -q 'root hpvmconsole -P vm1 \[vMP\] pc -cycle : SUCCESS' \
	"$HPVM_ROOT/var/opt/hpvm/common/command.log"
test_ok "and in the guest log" grep -q 'vMP: root (admin): session end' \
	"$HPVM_ROOT/var/opt/hpvm/guests/vm1/log"

test_expect_success "-c sl without a terminal" hpvmconsole -P vm1 -q -c sl
test_stdout_matches 'guest reset \(reboot\)$'
test_expect_usage "a stray argument" hpvmconsole -P vm1 extra
test_expect_failure "pc without an option" hpvmconsole -P vm1 -c pc
test_stderr_matches 'ERROR \(vm1\): Usage: pc -on \| -off \| -cycle'
test_expect_failure "pc -on on a running guest" hpvmconsole -P vm1 -c "pc -on"
test_stderr_matches 'ERROR \(vm1\): The guest is already running\.'
test_expect_failure "an unknown guest" hpvmconsole -P nosuch -c cl
test_stderr_matches "ERROR \\(nosuch\\): No guest named 'nosuch' exists\\."
test_end

#!/bin/sh
# 0510-vmp-watchers.t: two people watch one console at once; keystrokes come from one at a time,
# the other is told so, and takes the keyboard with Ctrl-E c f or hpvmconsole -f
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
# shellcheck source=lib/term-lib.sh
. "$(dirname "$0")/lib/term-lib.sh"
test_needs ROOT NETNS GUEST
trap 'term_stop_all; stop_all_guests; test_cleanup' EXIT

hpvm_root_new
appliance_guest vm1 "" >/dev/null 2>&1
hpvmstart -P vm1 >/dev/null 2>&1
test_ok "the guest boots" wait_console vm1 'HPVM-TEST-GUEST READY' 120

term_start a hpvmconsole -P vm1 -c co
term_start b hpvmconsole -P vm1 -c co
test_ok "the first watcher is attached" term_wait a 'Use Ctrl-B to leave the console' 10
test_ok "so is the second" term_wait b 'Use Ctrl-B to leave the console' 10
# shellcheck disable=SC2016 # the guest's shell computes it
term_type a 'echo from-a-$((20+1))'
test_ok "the first to type has the keyboard" term_wait a '^from-a-21' 20
test_ok "and the other watcher sees the answer too" term_wait b '^from-a-21' 20
# shellcheck disable=SC2016 # the guest's shell computes it
term_type b 'echo from-b-$((40+2))'
test_ok "the other is told it is read-only, and by whom" \
	term_wait b '^\[Read only: root has the console\. Use \^Ecf for console write access\.\]' 10
sleep 2
test_equal "its keystrokes never reached the guest" 0 "$(console_log vm1 | grep -ac 'from-b-42')"

term_keys b C-e c f
test_ok "Ctrl-E c f takes the keyboard" term_wait b '^\[Console write access\.\]' 10
test_ok "and the one who had it is told" term_wait a '^\[Console write access taken by root\.\]' 10
# shellcheck disable=SC2016 # the guest's shell computes it
term_type b 'echo from-b-$((40+3))'
test_ok "now the second one's keys reach the guest" term_wait b '^from-b-43' 20
test_ok "and the first sees that" term_wait a '^from-b-43' 20
# shellcheck disable=SC2016 # the guest's shell computes it
term_type a 'echo again-a-$((1+1))'
sleep 2
test_equal "the first is read-only now" 0 "$(console_log vm1 | grep -ac '^again-a-2')"

# shellcheck disable=SC2016 # the guest's shell computes it
(printf 'echo forced-$((3+3))\r'; sleep 2) | hpvmconsole -P vm1 -q -f >/dev/null 2>&1
test_ok "hpvmconsole -f takes a console someone else holds" wait_console vm1 '^forced-6' 20
test_ok "who is told" term_wait b '^\[Console write access taken by root\.\]' 10

term_keys b C-b
test_ok "Ctrl-B leaves; the other stays" term_wait b '^\[exit 0\]$' 10
# shellcheck disable=SC2016 # the guest's shell computes it
term_type a 'echo free-a-$((2+5))'
test_ok "a free keyboard is the next typist's" term_wait a '^free-a-7' 20
term_keys a C-b
test_ok "the first leaves too" term_wait a '^\[exit 0\]$' 10
test_equal "the guest runs on" "On (OS)" "$(guest_state vm1)"
test_end

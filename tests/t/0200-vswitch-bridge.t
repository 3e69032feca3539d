#!/bin/sh
# 0200-vswitch-bridge.t: hpvmnet on the Linux bridge backend: guests on one vswitch talk, on two do not; halt and boot
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
test_expect_success "localnet always exists" hpvmnet
test_stdout_matches '^Name         Number State   Mode      PPA          MAC Address    IP Address$'
test_stdout_matches '^localnet          1 (Up|Down) +Shared +N/A +N/A$'
test_expect_success "create a vswitch" hpvmnet -c -S sw1
test_expect_success "create a second" hpvmnet -c -S sw2
test_expect_success "boot it" hpvmnet -b -S sw1
test_expect_success "" hpvmnet
test_stdout_matches '^sw1               2 Up      Shared                 N/A            N/A$'
test_stdout_matches '^sw2               3 Down    Shared'
test_ok "a Linux bridge hv-sw1 is up" sh -c "ip -o link show hv-sw1 | grep -q 'state\|UP'"

appliance_guest a 10.9.0.1/24 -a network:avio_lan::vswitch:sw1 >/dev/null 2>&1
appliance_guest b 10.9.0.2/24 -a network:lan::vswitch:sw1 >/dev/null 2>&1
appliance_guest c 10.9.0.3/24 -a network:avio_lan::vswitch:sw2 >/dev/null 2>&1
hpvmnet -b -S sw2 >/dev/null 2>&1
hpvmstart -P a >/dev/null 2>&1
hpvmstart -P b >/dev/null 2>&1 & pb=$!
hpvmstart -P c >/dev/null 2>&1 & pc=$!
wait $pb $pc
test_ok "a boots" wait_console a 'HPVM-TEST-GUEST READY' 90
test_ok "b boots" wait_console b 'HPVM-TEST-GUEST READY' 90
test_ok "c boots" wait_console c 'HPVM-TEST-GUEST READY' 90
test_ok "a (avio_lan) pings b (lan) on sw1" guest_ping a 10.9.0.2
test_ok "b pings a" guest_ping b 10.9.0.1
test_fails "c on sw2 cannot reach a" guest_ping c 10.9.0.1
test_expect_success "ports of sw1" hpvmnet -S sw1
test_stdout_matches '^\[Port Configuration Details\]$'
test_stdout_matches '^0       Active       avio_lan none     1            a$'
test_stdout_matches '^1       Active       lan      none     1            b$'
test_expect_success "port detail with counters" hpvmnet -S sw1 -p 0 -A
test_stdout_matches '^  Active VM       : a$'
test_stdout_matches '^  Outbound Octets : [1-9][0-9]*$'
before=$(sed -n 's/^  Outbound Octets : //p' "$out")
test_expect_success "clear the counters" hpvmnet -S sw1 -z
test_expect_success "" hpvmnet -S sw1 -p 0 -A
# The guests keep talking (an ARP refresh is 42 octets), so the counter starts again from zero
# rather than stays there: fewer octets than the pings had counted.
test_ok "the counters start again from zero" test "$(sed -n 's/^  Outbound Octets : //p' "$out")" -lt "$before"

test_expect_success "halt sw1" hpvmnet -h -S sw1 -F
test_fails "traffic stops" guest_ping a 10.9.0.2
test_expect_success "" hpvmnet
test_stdout_matches '^sw1               2 Down    Shared'
test_equal "the guests kept running" "On (OS) On (OS)" "$(guest_state a) $(guest_state b)"
test_expect_success "boot sw1 again" hpvmnet -b -S sw1
test_ok "traffic is back without restarting the guests" guest_ping a 10.9.0.2
test_expect_success "reset sw1" hpvmnet -r -S sw1
test_ok "traffic survives a reset" guest_ping b 10.9.0.1
test_expect_success "XML" hpvmnet -X
test_ok "hpvmnet -X validates against the schema" xmllint --noout --relaxng "$TOP/etc/schema/hpvm.rng" "$out"
test_stdout_matches '<active port="0" guest="a" adapter="avio_lan" tap="hvt1.0"/>'
if command -v script >/dev/null; then
	(printf 'n\n'; sleep 1) | script -qec "sh -c 'hpvmnet -h -S sw1; sleep 0.5'" /dev/null > "$TRASH/tty" 2>&1
	test_ok "halt asks on a terminal" grep -q "hpvmnet: Halt the vswitch 'sw1'? \[n\]:" "$TRASH/tty"
	test_ok "and n keeps it up" sh -c "hpvmnet | grep -q '^sw1  .* Up '"
fi

before=$(state_digest)
test_expect_failure "delete a vswitch guests use" hpvmnet -d -S sw1
test_stderr_matches "^hpvmnet: ERROR \(sw1\): The vswitch 'sw1' is used by guests: a b; use -F to delete it anyway\.$"
test_equal "nothing changed" "$before" "$(state_digest)"
hpvmstop -a -F >/dev/null 2>&1
test_ok "stopped guests leave no taps" sh -c "! ip -o link | grep -q hvt"
test_ok "and free their ports" sh -c "[ -z \"\$(ls '$HPVM_ROOT/var/run/hpvm/vswitches/sw1' 2>/dev/null)\" ]"
test_expect_success "delete sw2 with -F" hpvmnet -d -S sw2 -F
test_ok "its bridge is gone" sh -c "! ip link show hv-sw2 2>/dev/null"
test_ok "its configuration too" test ! -e "$HPVM_ROOT/var/opt/hpvm/vswitches/sw2"
test_end

#!/bin/sh
# 0940-hpvmnet-hp.t: hpvmnet as HP administrators use it: -n lanN, localnet Up from the start, -p without -A, HP's counters
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS

hpvm_root_new
test_expect_success "localnet is Up from the start" hpvmnet
test_stdout_matches '^localnet          1 Up      Shared                 N/A            N/A$'
test_ok "though its bridge is not up yet" sh -c "! ip link show hv-localnet >/dev/null 2>&1"
ip link add eth7 type veth peer name peer7
ip link set eth7 up
test_expect_success "-n lan7 is eth7, as HP's lan7" hpvmnet -c -S sw7 -n lan7
test_expect_success "" hpvmnet -S sw7 -M
test_stdout_matches '^sw7:[0-9]+:Down:Shared:eth7:'
test_expect_failure "-n 7 names the same interface" hpvmnet -c -S sw8 -n 7
test_stderr_matches "The network interface eth7 is already the uplink of vswitch 'sw7'"
test_expect_failure "an interface that does not exist" hpvmnet -c -S sw9 -n lan9
test_stderr_matches 'The network interface eth9 does not exist'
ip link add lan5 type veth peer name peer5
test_expect_success "a Linux interface really named lan5 stays lan5" hpvmnet -c -S sw5 -n lan5
test_ok "its uplink is lan5" sh -c "hpvmnet -S sw5 -M | grep -q '^sw5:[0-9]*:Down:Shared:lan5:'"
test_expect_success "a booted switch is Up" hpvmnet -b -S sw5
test_expect_success "" hpvmnet
test_stdout_matches '^sw5 +[0-9]+ Up '
test_stdout_matches '^sw7 +[0-9]+ Down '
test_expect_success "-V: every switch and its ports" hpvmnet -V
test_equal "one port table a switch" "$(hpvmnet | grep -c '^[a-z]')" "$(grep -c '^\[Port Configuration Details\]$' "$out")"

hpvmcreate -P off -a network:avio_lan::vswitch:localnet >/dev/null 2>&1
test_expect_success "-p without -A: the port an off guest reserved" hpvmnet -S localnet -p 0
test_stdout_matches '^Vswitch Name      : localnet$'
test_stdout_matches '^Port Number       : 0$'
test_stdout_matches '^  Port State      : Reserved$'
test_stdout_matches '^  Reserved VMs    : off$'
test_stdout_matches '^  Adaptor         : $'
test_equal "no counters without -A" 0 "$(grep -c 'Octets' "$out")"
test_expect_failure "an unused port" hpvmnet -S localnet -p 9
test_stderr_matches 'Port 9 of vswitch localnet is not in use'
test_expect_usage "-p needs -S" hpvmnet -p 0
test_expect_usage "-V takes no switch" hpvmnet -V -S sw5

if [ -z "${HPVM_TEST_NO_GUEST:-}" ] && [ -f "$GUEST_ISO" ]; then
	appliance_guest a 10.9.6.1/24 -a network:avio_lan::vswitch:localnet >/dev/null 2>&1
	appliance_guest b 10.9.6.2/24 -a network:avio_lan::vswitch:localnet >/dev/null 2>&1
	hpvmstart -P a >/dev/null 2>&1
	hpvmstart -P b >/dev/null 2>&1
	wait_console a 'HPVM-TEST-GUEST READY' 90
	wait_console b 'HPVM-TEST-GUEST READY' 90
	guest_ping a 10.9.6.2
	port=$(hpvmstatus -P a -d | sed -n 's/.*:portid:\([0-9]*\)$/\1/p')
	test_expect_success "-A: HP's counters" hpvmnet -S localnet -p "$port" -A
	for c in 'Inbound Octets ' 'Inbound Unicast Pkts \(wire\)' 'Inbound Unicast Pkts \(local\)' \
	    'Inbound Non-Unicast Pkts \(wire\)' 'Inbound Non-Unicast Pkts \(local\)' 'Inbound Discards' \
	    'Outbound Octets' 'Outbound Unicast Pkts \(wire\)' 'Outbound Unicast Pkts \(local\)' \
	    'Outbound Non-Unicast Pkts' 'Outbound Discards'; do
		test_stdout_matches "^  $c *: [0-9]+$"
	done
	test_stdout_matches '^  Port State      : Active$'
	test_stdout_matches '^  Active VM       : a$'
	test_stdout_matches '^  Outbound Unicast Pkts \(local\) : [1-9][0-9]*$'
	test_stdout_matches '^  Outbound Unicast Pkts \(wire\) : 0$'
	hpvmstop -a -F >/dev/null 2>&1
fi
test_end

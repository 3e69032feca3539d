#!/bin/sh
# 0230-nic-hotplug.t: a NIC added to a running guest works at once, removing it takes it away; a MAC already on the switch refuses a start
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
hpvmnet -c -S sw1 >/dev/null 2>&1
hpvmnet -b -S sw1 >/dev/null 2>&1
appliance_guest a 10.6.0.1/24 -a network:avio_lan::vswitch:sw1 >/dev/null 2>&1
appliance_guest b "" >/dev/null 2>&1
hpvmstart -P a >/dev/null 2>&1
hpvmstart -P b >/dev/null 2>&1
test_ok "a boots" wait_console a 'HPVM-TEST-GUEST READY' 90
test_ok "b boots" wait_console b 'HPVM-TEST-GUEST READY' 90

test_expect_success "hot-add a NIC to b" hpvmmodify -P b -a network:avio_lan:0,5,aa-00-00-00-00-05:vswitch:sw1
test_equal "applied at once, nothing pending" "" "$(hpvmstatus -P b -M | cut -d: -f18)"
test_ok "b has a port on sw1" sh -c "hpvmnet -S sw1 | grep -Eq '^[0-9]+ +Active +avio_lan +none +1 +b\$'"
guest_run b "sleep 2; ls /sys/class/net; ip link set eth0 up && ip addr add 10.6.0.2/24 dev eth0"
test_ok "the new NIC works in the guest" guest_ping b 10.6.0.1
test_expect_success "hot-remove it" hpvmmodify -P b -d network:avio_lan:0,5:vswitch:sw1
# shellcheck disable=SC2016 # the guest's shell computes it
guest_run b 'sleep 2; [ -e /sys/class/net/eth0 ] || echo NIC-GONE-$((40+2))'
test_ok "the guest loses it" wait_console b 'NIC-GONE-42' 30
test_ok "its port is free" sh -c "! hpvmnet -S sw1 | grep -q ' b\$'"
test_ok "its tap is gone" sh -c "! ip -o link | grep -q 'hvt2\\.5'"

# A neighbour already using a MAC: the start is refused with HP's message.
hpvmstop -P b -F >/dev/null 2>&1
hpvmmodify -P b -a network:lan:0,6,aa-00-00-00-00-06:vswitch:sw1 >/dev/null 2>&1
guest_run a "ip link set eth0 address aa:00:00:00:00:06 && ping -c 1 -W 1 10.6.0.9"
sleep 2
before=$(state_digest)
test_expect_failure "a MAC in use on the switch refuses the start" hpvmstart -P b
test_stderr_matches "^hpvmstart: ERROR \(b\): Guest MAC address for switch sw1 is in use\.$"
test_equal "b is off" "Off" "$(guest_state b)"
test_ok "and left no tap behind" sh -c "! ip -o link | grep -q 'hvt2\\.'"
test_equal "nothing changed" "$before" "$(state_digest)"
test_end

#!/bin/sh
# 0210-vswitch-uplink.t: a vswitch bound to a host NIC (a veth to a second namespace): the guest reaches the
# other host, the NIC's addresses move to the switch and back, and a host restart brings it all back
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
# "The network": a veth pair, its far end in a namespace playing another host at 10.8.0.100.
ip netns add far 2>/dev/null
trap 'stop_all_guests; ip netns del far 2>/dev/null; test_cleanup' EXIT
ip link add uplink0 type veth peer name farend
ip link set farend netns far
ip netns exec far ip addr add 10.8.0.100/24 dev farend
ip netns exec far ip link set farend up
ip link set uplink0 up
ip addr add 10.8.0.1/24 dev uplink0

test_expect_success "create a vswitch on the host NIC" hpvmnet -c -S ext -n uplink0
test_expect_success "boot it" hpvmnet -b -S ext
test_ok "the NIC is a port of the switch" sh -c "ip -o link show uplink0 | grep -q 'master hv-ext'"
test_ok "its address moved to the switch" sh -c "ip -o addr show hv-ext | grep -q '10.8.0.1/24'"
test_ok "the host still reaches the network" ping -c 1 -W 2 10.8.0.100
test_expect_success "" hpvmnet
mac=$(tr -d : < /sys/class/net/uplink0/address)
test_stdout_matches "^ext               2 Up      Shared    uplink0      0x$mac 10\\.8\\.0\\.1\$"

appliance_guest g1 10.8.0.50/24 -a network:avio_lan::vswitch:ext >/dev/null 2>&1
hpvmstart -P g1 >/dev/null 2>&1
test_ok "boots" wait_console g1 'HPVM-TEST-GUEST READY' 90
test_ok "the guest reaches the other host through the uplink" guest_ping g1 10.8.0.100
test_ok "and the host itself" guest_ping g1 10.8.0.1

test_expect_success "halt" hpvmnet -h -S ext -F
test_ok "the address is back on the NIC" sh -c "ip -o addr show uplink0 | grep -q '10.8.0.1/24'"
test_ok "the host still reaches the network" ping -c 1 -W 2 10.8.0.100
test_fails "the guest does not" guest_ping g1 10.8.0.100
test_expect_success "boot again" hpvmnet -b -S ext
test_ok "the guest is back without a restart" guest_ping g1 10.8.0.100

# A host restart: everything torn down, then the boot sequence.
hpvmstop -a -F >/dev/null 2>&1
hpvmmodify -P g1 -B auto >/dev/null 2>&1
ip link del hv-ext
ip addr add 10.8.0.1/24 dev uplink0 2>/dev/null
: > "$HPVM_ROOT/var/opt/hpvm/guests/g1/console.log"
test_expect_success "host start" "$HPVM_BUILD/lbin/hpvmhost" start
test_ok "the vswitch is up again" sh -c "ip -o link show uplink0 | grep -q 'master hv-ext'"
test_ok "the auto guest boots" wait_console g1 'HPVM-TEST-GUEST READY' 90
test_ok "and reaches the other host through the rebooted switch" guest_ping g1 10.8.0.100

test_expect_failure "an uplink already taken" hpvmnet -c -S ext2 -n uplink0
test_stderr_matches "The network interface uplink0 is already the uplink of vswitch 'ext'"
test_expect_failure "a NIC that does not exist" hpvmnet -c -S ext3 -n 7
test_stderr_matches "^hpvmnet: ERROR \(ext3\): The network interface eth7 does not exist\.$"
test_end

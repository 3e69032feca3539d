#!/bin/sh
# 0220-vswitch-ovs.t: the Open vSwitch backend (userspace datapath) tags guest ports with VLANs: same VLAN talks, different does not
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST OVS

hpvm_root_new
# A private Open vSwitch for this test: its database and daemons live in the scratch directory.
OVS_RUNDIR=$TRASH/ovs OVS_DBDIR=$TRASH/ovs OVS_LOGDIR=$TRASH/ovs
export OVS_RUNDIR OVS_DBDIR OVS_LOGDIR
mkdir -p "$OVS_RUNDIR"
ovsdb-tool create "$OVS_DBDIR/conf.db" /usr/share/openvswitch/vswitch.ovsschema
ovsdb-server --remote=punix:"$OVS_RUNDIR/db.sock" --pidfile --detach --no-chdir --log-file "$OVS_DBDIR/conf.db" 2>/dev/null
ovs-vsctl --no-wait init
ovs-vswitchd --pidfile --detach --no-chdir --log-file "unix:$OVS_RUNDIR/db.sock" 2>/dev/null
trap 'stop_all_guests; ovs-appctl -t ovs-vswitchd exit >/dev/null 2>&1; ovs-appctl -t ovsdb-server exit >/dev/null 2>&1; test_cleanup' EXIT

test_expect_success "create an ovs vswitch" hpvmnet -c -S ov1 -t ovs
test_expect_success "VLAN 10 on port 1" hpvmnet -S ov1 -u portid:1:vlanid:10
test_expect_success "VLAN 10 on port 2" hpvmnet -S ov1 -u portid:2:vlanid:10
test_expect_success "VLAN 20 on port 3" hpvmnet -S ov1 -u portid:3:vlanid:20
test_expect_success "boot it" hpvmnet -b -S ov1
test_ok "an OVS bridge with the userspace datapath" sh -c "ovs-vsctl get bridge hv-ov1 datapath_type | grep -q netdev"
test_expect_success "" hpvmnet -M
test_stdout_matches '^ov1:2:Up:Shared::N/A:N/A:ovs:$'

appliance_guest a 10.7.0.1/24 -a network:avio_lan::vswitch:ov1:portid:1 >/dev/null 2>&1
appliance_guest b 10.7.0.2/24 -a network:lan::vswitch:ov1:portid:2 >/dev/null 2>&1
appliance_guest c 10.7.0.3/24 -a network:avio_lan::vswitch:ov1:portid:3 >/dev/null 2>&1
for g in a b c; do hpvmstart -P $g >/dev/null 2>&1; done
for g in a b c; do test_ok "$g boots" wait_console $g 'HPVM-TEST-GUEST READY' 90; done
test_ok "a's tap carries tag 10" sh -c "[ \$(ovs-vsctl get port hvt1.0 tag) = 10 ]"
test_ok "a and b (VLAN 10) talk" guest_ping a 10.7.0.2
test_fails "a and c (VLAN 10 and 20) do not" guest_ping a 10.7.0.3
test_expect_success "move c's port to VLAN 10 while it runs" hpvmnet -S ov1 -u portid:3:vlanid:10
test_ok "now a reaches c" guest_ping a 10.7.0.3
test_expect_success "ports" hpvmnet -S ov1
test_stdout_matches '^3       Active       avio_lan 10       1            c$'

test_expect_success "VLAN none" hpvmnet -S ov1 -u portid:3:vlanid:none
hpvmnet -c -S lb >/dev/null 2>&1
before=$(state_digest)
test_expect_failure "VLAN out of range" hpvmnet -S ov1 -u portid:3:vlanid:4095
test_stderr_matches "Invalid 'portid:3:vlanid:4095': use portid:N:vlanid:V with V 0-4094"
test_expect_failure "port out of range" hpvmnet -S ov1 -u portid:512:vlanid:5
test_stderr_matches "Invalid port 512: ports are 0-511"
test_expect_failure "VLANs on the Linux bridge backend name the ovs backend" hpvmnet -S lb -u portid:1:vlanid:5
test_stderr_matches "create the vswitch with the ovs backend \(hpvmnet -c -S lb -t ovs\)"
test_expect_failure "an unknown backend" hpvmnet -c -S x1 -t vde
test_stderr_matches "Invalid vswitch backend 'vde': use bridge or ovs"
test_expect_usage "-n without -c" hpvmnet -S ov1 -n eth0
test_equal "refusals change nothing" "$before" "$(state_digest)"
test_end

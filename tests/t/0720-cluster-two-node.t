#!/bin/sh
# 0720-cluster-two-node.t: a guest as a Pacemaker resource on a real two-node cluster: start, monitor, recovery, live move on standby, graceful stop
# The test stops early (test_end exits) when the cluster is not there; what follows is reachable.
# shellcheck disable=SC2317
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
# shellcheck source=lib/cluster-lib.sh
. "$(dirname "$0")/lib/cluster-lib.sh"
test_needs ROOT NETNS GUEST
cl_needs

hpvm_root_new
test_ok "two nodes, each in its own namespaces, form a cluster" cl_start node1 node2 || { cl_diagnose; test_end; }
test_ok "the host holds neither end of the nodes' link" sh -c '! ip link show veth1 && ! ip link show veth2'
agent_listed() {
	cl_x node1 crm_resource --list-agents ocf:hpvm | grep -qx hpvmguest
}
test_ok "each node sees the hpvm agent" agent_listed

# The guest is made on node1 and handed to the cluster there; an offline move with -F gives node2
# its own copy (the same guest, the same UUID), which stays runnable on both: the cluster decides.
test_ok "live migration between the nodes is set up" cl_migration_start || cl_diagnose
cl_x node1 hpvmcreate -P g1 -r 256M -x boot_kernel="$GUEST_KERNEL" -x boot_initrd="$GUEST_INITRD" \
    -x "boot_args=console=ttyS0 hpvm.counter=1" >/dev/null 2>&1
cl_x node1 hpvmsg_package -P g1 -Q
test_expect_failure "hpvmmigrate refuses a cluster package's guest" cl_x node1 hpvmmigrate -P g1 -h node2
test_stderr_matches "^hpvmmigrate: ERROR \(g1\): The guest is configured as cluster package 'g1' and must be migrated by the cluster; use -F to override\.$"
test_expect_success "with -F an offline move gives node2 its copy" cl_x node1 hpvmmigrate -P g1 -h node2 -F
test_expect_success "node2 writes the package files for its copy" cl_x node2 hpvmsg_package -P g1 -Q
uuid_on() {
	cl_x "$1" hpvmstatus -P g1 -M | cut -d: -f3
}
test_equal "the same guest on both nodes" "$(uuid_on node1)" "$(uuid_on node2)"
test_ok "each node has its own tree" sh -c "! grep -q hpvmcreate '$CL_STATE/node2/root/var/opt/hpvm/common/command.log'"
runnable_on() {
	cl_x "$1" hpvmstatus -P g1 -M | cut -d: -f11 | cut -d';' -f1
}
test_equal "runnable on node1 still" "enabled" "$(runnable_on node1)"
test_equal "and on node2" "enabled" "$(runnable_on node2)"

# node_console NODE REGEX SECONDS: until the guest's console on NODE shows REGEX.
node_console() {
	_t=$(($3 * 2))
	while [ "$_t" -gt 0 ]; do
		cl_x "$1" hpvmconsole -P g1 -q -c cl 2>/dev/null | tr -d '\r' | grep -Eq -- "$2" && return 0
		sleep 0.5
		_t=$((_t - 1))
	done
	return 1
}
node_state() {
	cl_x "$1" hpvmstatus -P g1 -M 2>/dev/null | cut -d: -f5
}
on_one_node() {
	[ "$(cl_where node1 g1 | wc -w)" = 1 ]
}
last_count() {
	cl_x "$1" hpvmconsole -P g1 -q -c cl 2>/dev/null | tr -d '\r' | sed -n 's/^HPVM-TEST-GUEST COUNT //p' | tail -1
}

test_expect_success "the resource hpvmsg_package wrote goes into the CIB" \
	cl_x node1 cibadmin --create -o resources --xml-file "$HPVM_ROOT/etc/cluster/g1/g1.cib.xml"
test_ok "Pacemaker starts the guest on one node" cl_wait 90 on_one_node || { cl_diagnose; test_end; }
src=$(cl_where node1 g1)
dst=node1
[ "$src" = node1 ] && dst=node2
test_equal "it runs there" "On" "$(node_state "$src" | cut -c1-2)"
test_equal "and only there" "Off" "$(node_state "$dst")"
test_ok "the guest boots" node_console "$src" 'HPVM-TEST-GUEST READY' 120
test_expect_failure "hpvmstart by hand on the other node is refused" cl_x "$dst" hpvmstart -P g1
test_stderr_matches "^hpvmstart: ERROR \(g1\): The guest is configured as cluster package 'g1' and must be started by the cluster; use -F to override\.$"
test_equal "and the guest stays off there" "Off" "$(node_state "$dst")"

failcount_is_1() {
	cl_x node1 crm_failcount -G -r g1 -N "$src" -q | grep -qx 1
}

# Recovery: QEMU dies, the monitor notices, Pacemaker starts the guest again in place.
qpid=$(cl_x "$src" hpvmstatus -P g1 -M | cut -d: -f16)
cl_x "$src" kill -KILL "$qpid"
test_ok "the monitor notices QEMU's death (fail-count 1)" \
	cl_wait 60 failcount_is_1
running_again() {
	[ "$(node_state "$src")" = "On (OS)" ] && [ "$(cl_x "$src" hpvmstatus -P g1 -M | cut -d: -f16)" != "$qpid" ]
}
test_ok "Pacemaker restarts the guest with a new QEMU" cl_wait 90 running_again
test_equal "on the same node" "$src" "$(cl_where node1 g1)"
test_ok "the guest log shows it killed and started again" \
	cl_x "$src" grep -q 'killed by signal 9' "$HPVM_ROOT/var/opt/hpvm/guests/g1/log"
test_ok "the new guest boots" node_console "$src" 'HPVM-TEST-GUEST COUNT 3$' 120
cl_x node1 crm_resource --cleanup -r g1 >/dev/null 2>&1

# Live migration on standby: the guest moves, its counter goes on, it does not boot again.
before=$(last_count "$src")
# The first count the guest printed on the new node: where it was, not 1 (no new boot).
counts_from_before() {
	_c=$(cl_x "$dst" hpvmconsole -P g1 -q -c cl | tr -d '\r' | sed -n 's/^HPVM-TEST-GUEST COUNT //p' | head -1)
	[ -n "$_c" ] && [ "$_c" -ge "$before" ]
}
cl_x node1 crm_standby -N "$src" -v on
moved() {
	[ "$(cl_where node1 g1)" = "$dst" ] && [ "$(node_state "$dst")" = "On (OS)" ]
}
test_ok "standby of $src moves the guest to $dst" cl_wait 300 moved || cl_diagnose
test_equal "it runs on $dst" "On (OS)" "$(node_state "$dst")"
test_equal "and no longer on $src" "Off" "$(node_state "$src")"
test_ok "its console on $dst goes on counting" node_console "$dst" 'HPVM-TEST-GUEST COUNT [0-9]+$' 30
test_ok "from where it was ($before), not from 1: it did not boot again" \
	counts_from_before
test_ok "moved by hpvmmigrate -o, not started on $dst" sh -c "grep -q 'hpvmmigrate -P g1 -h $dst -o -F' '$CL_STATE/$src/root/var/opt/hpvm/common/command.log' &&
	! grep -q 'hpvmstart -P g1 -F' '$CL_STATE/$dst/root/var/opt/hpvm/common/command.log'"
test_equal "the copy left on $src stays runnable" "enabled" "$(runnable_on "$src")"
cl_x node1 crm_standby -N "$src" -v off
stays() {
	sleep 3
	[ "$(cl_where node1 g1)" = "$dst" ]
}
test_ok "it stays on $dst when $src is back (stickiness)" stays
src=$dst

# Stopping the resource stops the guest gracefully: its power button, then off.
test_ok "the guest is up before the stop" node_console "$src" 'HPVM-TEST-GUEST COUNT' 60
test_expect_success "target-role Stopped" cl_x node1 crm_resource -r g1 --meta -p target-role -v Stopped
stopped() {
	[ -z "$(cl_where node1 g1)" ] && [ "$(node_state "$src")" = Off ]
}
test_ok "Pacemaker stops the guest" cl_wait 120 stopped
test_ok "gracefully: the guest saw its power button" node_console "$src" 'HPVM-TEST-GUEST POWERBUTTON' 5
test_ok "and the guest log says so" \
	cl_x "$src" grep -q 'graceful stop requested' "$HPVM_ROOT/var/opt/hpvm/guests/g1/log"
test_expect_success "the resource is deleted" cl_x node1 cibadmin --delete --xml-text '<primitive id="g1"/>'
test_ok "the cluster verifies clean" cl_x node1 crm_verify -L
test_end

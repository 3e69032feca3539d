#!/bin/sh
# 0430-snmp-running.t: VM-MIB for running guests (CPU, affinity, storage and network counters), notifications on start, stop, crash, in bulk, and across an snmpd restart
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST
if ! command -v snmpd >/dev/null || ! command -v snmptrapd >/dev/null; then echo "1..0 # SKIP needs snmpd and snmptrapd"; exit 0; fi
# shellcheck source=lib/snmp-lib.sh
. "$TEST_DIR/lib/snmp-lib.sh"
trap 'snmp_stop; stop_all_guests; test_cleanup' EXIT

hpvm_root_new
hpvm_conf HPVM_ACCEL=tcg
hpvmnet -c -S sw1 >/dev/null 2>&1
hpvmnet -b -S sw1 >/dev/null 2>&1
d1=$(make_file d1.img 32M)
appliance_guest a 10.9.0.1/24 -c 2 -a disk:avio_stor::file:"$d1" -a network:avio_lan::vswitch:sw1 >/dev/null 2>&1
appliance_guest b 10.9.0.2/24 >/dev/null 2>&1
appliance_guest c 10.9.0.3/24 >/dev/null 2>&1
hpvmstart -P a >/dev/null 2>&1
test_ok "a boots" wait_console a 'HPVM-TEST-GUEST READY' 90
test_ok "the subagent answers" snmp_start
test_equal "a runs" "running" "$(snmp_value VM-MIB::vmOperState.1)"
test_equal "and is meant to" "running" "$(snmp_value VM-MIB::vmAdminState.1)"
test_equal "two vCPUs" 2 "$(snmp_value VM-MIB::vmCurCpuNumber.1)"
test_equal "256 MB" 256 "$(snmp_value VM-MIB::vmCurMem.1)"
test_ok "its CPU time counts" test "$(snmp_value VM-MIB::vmCpuTime.1 | cut -d' ' -f1)" -gt 0
test_ok "so does its first vCPU's" test "$(snmp_value VM-MIB::vmCpuCoreTime.1.1 | cut -d' ' -f1)" -gt 0
test_ok "it is up" test "$(snmp_get -Oqvt VM-MIB::vmUpTime.1)" -gt 0
test_expect_success "vCPU affinity rows for each host processor" snmp_walk VM-MIB::vmCpuAffinityTable
test_equal "two vCPUs on $(nproc) processors" $((2 * $(nproc))) "$(grep -c 'vmCpuAffinity\.1\.[12]\.76[89]\|vmCpuAffinity\.1\.[12]\.77[0-9]' "$out")"
test_stdout_matches '^VM-MIB::vmCpuAffinity\.1\.1\.768 = INTEGER: (enable\(1\)|disable\(2\))$'
test_ok "the guest read its disk" test "$(snmp_value VM-MIB::vmStorageReadIOs.1.1)" -gt 0
test_ok "read octets too" test "$(snmp_value VM-MIB::vmStorageReadOctets.1.1)" -gt 0
for tap in /sys/class/net/hvt1.*; do tap=${tap##*/}; break; done
test_equal "vmNetworkIfIndex is the tap's" "$(cat "/sys/class/net/$tap/ifindex")" "$(snmp_value VM-MIB::vmNetworkIfIndex.1.1)"
test_equal "vmNetworkParent is the vswitch's bridge" "$(cat /sys/class/net/hv-sw1/ifindex)" "$(snmp_value VM-MIB::vmNetworkParent.1.1)"

test_expect_success "start b" hpvmstart -P b
test_ok "vmRunning, with the state it left" wait_trap 'VM-MIB::vmRunning.*vmName\.2 = STRING: b.*vmOperState\.2 = INTEGER: shutdown\(11\)'
test_ok "b boots" wait_console b 'HPVM-TEST-GUEST READY' 90
test_expect_success "stop b" hpvmstop -P b -h -F -q
test_ok "vmShutdown, with the state it left" wait_trap 'VM-MIB::vmShutdown.*vmName\.2 = STRING: b.*vmOperState\.2 = INTEGER: running\(4\)'
test_expect_success "start b again" hpvmstart -P b
test_ok "it runs" wait_state b 'On (OS)' 30
sleep 2
pid=$(hpvmstatus -P b -M | cut -d: -f16)
kill -9 "$pid"
test_ok "QEMU killed: vmCrashed" wait_trap 'VM-MIB::vmCrashed.*vmName\.2 = STRING: b'
test_equal "and b's state says so" "crashed" "$(snmp_value VM-MIB::vmOperState.2)"

hpvmstart -P b >/dev/null 2>&1
hpvmstart -P c >/dev/null 2>&1
test_ok "b comes up" wait_state b 'On (OS)' 30
test_ok "c comes up" wait_state c 'On (OS)' 30
sleep 2
# Both stopped within one poll of the subagent: it is held still while they go.
kill -STOP "$SUBAGENT_PID"
hpvmstop -P b -h -F -q >/dev/null 2>&1
hpvmstop -P c -h -F -q >/dev/null 2>&1
kill -CONT "$SUBAGENT_PID"
test_ok "vmBulkShutdown names both (vmIndex 2 and 3: bits 0x60)" wait_trap 'VM-MIB::vmBulkShutdown.*vmAffectedVMs\.0 = (STRING|Hex-STRING): 60'

test_ok "snmpd goes away" snmpd_stop
hpvmstart -P c >/dev/null 2>&1
test_ok "c starts while it is away" wait_state c 'On (OS)' 30
test_ok "snmpd comes back" snmpd_start
test_ok "the subagent reconnects" snmp_wait
test_ok "and sends the change it held back" wait_trap 'VM-MIB::vmRunning.*vmName\.3 = STRING: c'
test_end

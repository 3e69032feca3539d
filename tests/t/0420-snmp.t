#!/bin/sh
# 0420-snmp.t: hpvmsnmpd serves VM-MIB for stopped guests through a real snmpd, notifies deletions, survives an snmpd restart; bad options
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS
if ! command -v snmpd >/dev/null || ! command -v snmptrapd >/dev/null; then echo "1..0 # SKIP needs snmpd and snmptrapd"; exit 0; fi
# shellcheck source=lib/snmp-lib.sh
. "$TEST_DIR/lib/snmp-lib.sh"
trap 'snmp_stop; stop_all_guests; test_cleanup' EXIT

hpvm_root_new
disk=$(make_file d1.img 64M)
iso=$(make_file d1.iso 1M)
hpvmnet -c -S sw1 >/dev/null 2>&1
hpvmcreate -P g1 -c 2 -r 512M -a disk:avio_stor::file:"$disk" -a dvd:scsi::file:"$iso" \
	-a network:avio_lan::vswitch:sw1 >/dev/null 2>&1
hpvmcreate -P g2 -O linux -B auto >/dev/null 2>&1
hpvmcreate -P g3 >/dev/null 2>&1
uuid1=$(hpvmstatus -P g1 -M | cut -d: -f3)
mac1=$(hpvmstatus -P g1 -M | grep -o '[0-9a-f]\{2\}\(-[0-9a-f]\{2\}\)\{5\}' | tr - :)
# net-snmp prints UUIDorZero's 2-byte groups without their leading zeros.
unpadded() { echo "$1" | sed -e 's/-0*\([0-9a-f]\)/-\1/g' -e 's/^0*\([0-9a-f]\)/\1/'; }

test_ok "snmpd, snmptrapd and hpvmsnmpd start, and the subagent answers" snmp_start
test_equal "vmNumber" 3 "$(snmp_value VM-MIB::vmNumber.0)"
test_expect_success "the whole VM-MIB walks, by name" snmp_walk VM-MIB::vmMIB
cp "$out" "$TRASH/walk"
test_stdout_matches '^VM-MIB::vmHvSoftware\.0 = STRING: HP Integrity VM \(hpvm\) on QEMU$'
test_stdout_matches '^VM-MIB::vmHvVersion\.0 = STRING: B\.'
test_stdout_matches '^VM-MIB::vmName\.1 = STRING: g1$'
test_equal "vmUUID is the guest's UUID" "$(unpadded "$uuid1")" "$(unpadded "$(snmp_value VM-MIB::vmUUID.1)")"
test_stdout_matches '^VM-MIB::vmOSType\.2 = STRING: LINUX$'
test_stdout_matches '^VM-MIB::vmAdminState\.1 = INTEGER: shutdown\(4\)$'
test_stdout_matches '^VM-MIB::vmOperState\.1 = INTEGER: shutdown\(11\)$'
test_stdout_matches '^VM-MIB::vmAutoStart\.2 = INTEGER: enabled\(2\)$'
test_stdout_matches '^VM-MIB::vmAutoStart\.1 = INTEGER: disabled\(3\)$'
test_stdout_matches '^VM-MIB::vmPersistent\.1 = INTEGER: persistent\(2\)$'
test_stdout_matches '^VM-MIB::vmCurCpuNumber\.1 = INTEGER: 0$'
test_stdout_matches '^VM-MIB::vmMaxCpuNumber\.1 = INTEGER: 2$'
test_stdout_matches '^VM-MIB::vmMemUnit\.1 = INTEGER: 1048576'
test_stdout_matches '^VM-MIB::vmCurMem\.1 = INTEGER: 0'
test_stdout_matches '^VM-MIB::vmMaxMem\.1 = INTEGER: 512'
test_stdout_matches '^VM-MIB::vmStorageSourceTypeString\.1\.1 = STRING: file$'
test_stdout_matches "^VM-MIB::vmStorageResourceID\\.1\\.1 = STRING: $disk\$"
test_stdout_matches '^VM-MIB::vmStorageAccess\.1\.1 = INTEGER: readwrite\(2\)$'
test_stdout_matches '^VM-MIB::vmStorageMediaType\.1\.1 = INTEGER: hardDisk\(3\)$'
test_stdout_matches '^VM-MIB::vmStorageMediaType\.1\.2 = INTEGER: opticalDisk\(4\)$'
test_stdout_matches '^VM-MIB::vmStorageAccess\.1\.2 = INTEGER: readonly\(3\)$'
test_stdout_matches '^VM-MIB::vmStorageSourceType\.1\.1 = INTEGER: sparse\(5\)$'
test_stdout_matches '^VM-MIB::vmStorageDefinedSize\.1\.1 = INTEGER: 64$'
test_stdout_matches '^VM-MIB::vmStorageReadIOs\.1\.1 = Counter64: 0'
test_stdout_matches "^VM-MIB::vmNetworkPhysAddress\\.1\\.1 = STRING: $mac1\$"
test_stdout_matches '^VM-MIB::vmNetworkModel\.1\.1 = STRING: avio_lan \(virtio-net\)$'
test_stdout_matches '^VM-MIB::vmNetworkIfIndex\.1\.1 = INTEGER: 0$'
test_stdout_matches '^VM-MIB::vmPerVMNotificationsEnabled\.0 = INTEGER: true\(1\)$'
test_ok "a stopped guest has no vCPU rows" sh -c "! grep -q '^VM-MIB::vmCpuCoreTime' '$TRASH/walk'"
test_expect_success "snmpget of one guest's row" snmp_get VM-MIB::vmName.3 VM-MIB::vmOperState.3 VM-MIB::vmMaxMem.3
test_equal "three values" 3 "$(grep -c ' = ' "$out")"
test_expect_success "a row that is not there" snmp_get VM-MIB::vmName.9
test_stdout_matches '^VM-MIB::vmName\.9 = No Such Instance'
test_expect_success "a column that is an index is no object" snmp_get VM-MIB::vmStorageVmIndex.1.1
test_stdout_matches '^VM-MIB::vmStorageVmIndex\.1\.1 = No Such Object'
test_expect_success "GETNEXT: between rows, within a partial index, past a column, past a table" snmp_next \
	VM-MIB::vmName.1.5 VM-MIB::vmStorageMediaType.1 VM-MIB::vmStorageMediaType.1.2 VM-MIB::vmName.3 \
	VM-MIB::vmNetworkPhysAddress.1.1
test_stdout_matches '^VM-MIB::vmName\.2 = STRING: g2$'
test_stdout_matches '^VM-MIB::vmStorageMediaType\.1\.1 = INTEGER: hardDisk\(3\)$'
test_stdout_matches '^VM-MIB::vmStorageMediaTypeString\.1\.1 = STRING: disk$'
test_stdout_matches '^VM-MIB::vmUUID\.1 = '
test_stdout_matches '^VM-MIB::vmPerVMNotificationsEnabled\.0 = INTEGER: true\(1\)$'
test_ok "the master lists VM-MIB in sysORTable" sh -c \
	"snmpwalk -v2c -c public -On 127.0.0.1:$SNMP_PORT .1.3.6.1.2.1.1.9.1.3 | grep -q 'VM-MIB (RFC 7666)'"

last_change=$(snmp_value VM-MIB::vmTableLastChange.0)
test_expect_success "remove a guest" hpvmremove -P g2 -F
test_ok "vmDeleted is sent with the guest's name and vmPersistent" \
	wait_trap 'VM-MIB::vmDeleted.*VM-MIB::vmName\.2 = STRING: g2.*VM-MIB::vmPersistent\.2 = INTEGER: persistent\(2\)'
test_equal "vmNumber follows" 2 "$(snmp_value VM-MIB::vmNumber.0)"
test_ok "vmTableLastChange moved" test "$(snmp_value VM-MIB::vmTableLastChange.0)" != "$last_change"

# shellcheck disable=SC2046
test_expect_success "per-VM notifications can be turned off" snmpset $(snmp_args | sed 's/public/private/') \
	VM-MIB::vmPerVMNotificationsEnabled.0 i 2
test_equal "and read back" "false" "$(snmp_value VM-MIB::vmPerVMNotificationsEnabled.0)"
hpvmremove -P g3 -F >/dev/null 2>&1
sleep 3
test_ok "then none is sent" sh -c "! grep -q 'vmName\\.3' '$SNMP_DIR/traps.log'"

test_ok "snmpd goes away" snmpd_stop
hpvmcreate -P g4 >/dev/null 2>&1
test_ok "snmpd comes back" snmpd_start
test_ok "the subagent reconnects by itself" snmp_wait
n4=$(hpvmstatus -P g4 -M | cut -d: -f2)
test_equal "and serves the guest created meanwhile" g4 "$(snmp_value "VM-MIB::vmName.$n4" | tr -d '"')"
test_ok "it is still the same process" kill -0 "$SUBAGENT_PID"

before=$(state_digest)
test_expect_usage "a ping interval of 0" "$HPVM_BUILD/lbin/hpvmsnmpd" -i 0
test_expect_usage "an unknown option" "$HPVM_BUILD/lbin/hpvmsnmpd" -z
test_expect_usage "an operand" "$HPVM_BUILD/lbin/hpvmsnmpd" extra
test_stderr_matches '^/opt/hpvm/lbin/hpvmsnmpd \[-x agentx-socket\]'
test_equal "refusals change nothing" "$before" "$(state_digest)"
test_ok "the daemon's usage errors are no command.log entries" sh -c \
	"! grep -q '1970\\|hpvmsnmpd' '$HPVM_ROOT/var/opt/hpvm/common/command.log'"
test_end

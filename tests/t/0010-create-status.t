#!/bin/sh
# 0010-create-status.t: hpvmcreate stores a guest; hpvmstatus shows it in every format
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"

hpvm_root_new
disk=$(make_file vm1.img 64M)
test_expect_success "create a guest with a disk, a dvd and a NIC" \
	hpvmcreate -P vm1 -O linux -c 2 -r 4G -l "web server" -B auto -u alice:admin -u bob \
	-g ops:oper -a disk:avio_stor::file:"$disk" -a dvd:scsi::null: \
	-a network:avio_lan::vswitch:sw1
test_equal "nothing on stdout" "" "$(cat "$out")"
uuid=$(readlink "$HPVM_ROOT/var/opt/hpvm/guests/vm1" | sed 's|.*/||')
test_ok "configuration stored under its UUID" test -f "$HPVM_ROOT/var/opt/hpvm/uuids/$uuid/vmm_config.current"
test_ok "stored configuration validates against the schema" \
	xmllint --noout --relaxng "$TOP/etc/schema/hpvm.rng" "$HPVM_ROOT/var/opt/hpvm/uuids/$uuid/vmm_config.current"

test_expect_success "summary table" hpvmstatus
test_stdout_matches '^Virtual Machine Name VM #  OS Type State     #VCPUs #Devs #Nets Memory  Runsysid$'
test_stdout_matches '^vm1                      1 LINUX   Off            2     2     1    4 GB        0$'

test_expect_success "detail of one guest" hpvmstatus -P vm1
for section in "Virtual Machine Details" "Authorized Administrators" "Virtual CPU Details" \
    "Memory Details" "Storage Interface Details" "Network Interface Details" "Misc Interface Details"; do
	test_stdout_matches "^\[$section\]$"
done
test_stdout_matches '^Admin Users: alice$'
test_stdout_matches '^Oper Users: bob$'
test_stdout_matches '^Oper Groups: ops$'
test_stdout_matches '^     2       10.0%  100.0%$'
test_stdout_matches "^disk    avio_stor    0   0   0   0   0 file      $disk\$"
test_stdout_matches '^dvd     scsi         0   1   0   0   0 null      $'
test_stdout_matches '^vswitch   avio_lan   sw1        0         0   2   0 ([0-9a-f]{2}-){5}[0-9a-f]{2}$'

test_expect_success "verbose detail" hpvmstatus -P vm1 -V
test_stdout_matches "^Virtual Machine UUID  : $uuid\$"
test_stdout_matches '^Virtual Machine Label : web server$'
test_stdout_matches '^Start type            : Auto$'
test_stdout_matches '^Runnable status       : Enabled$'

test_expect_success "machine-readable record" hpvmstatus -M
test_equal "-M: field 1 is the name, field 3 the UUID" "vm1 $uuid" "$(cut -d: -f1,3 "$out" | tr : ' ')"
test_stdout_matches ":disk;avio_stor;0;0;0;0;0;file;$disk,dvd;scsi;0;1;0;0;0;null;:avio_lan;0;2;0;"

test_expect_success "XML" hpvmstatus -X
test_ok "-X output validates against the schema" \
	xmllint --noout --relaxng "$TOP/etc/schema/hpvm.rng" "$out"
test_expect_success "XML of one guest" hpvmstatus -P vm1 -X
test_stdout_matches '<runtime state="Off" pending="no"/>'

test_expect_success "original resource statements" hpvmstatus -P vm1 -D
test_equal "-D prints the statements as typed" \
	"disk:avio_stor::file:$disk
dvd:scsi::null:
network:avio_lan::vswitch:sw1" "$(cat "$out")"

test_expect_success "version" hpvmstatus -v
test_stdout_matches '^hpvmstatus: Version B\.[0-9]{2}\.[0-9]{2}$'

test_expect_success "hpvminfo -S on the host" hpvminfo -S
test_stdout_matches '^HPVM Server information$'
test_stdout_matches '^MY UUID: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'

test_ok "command.log records the create with user and result" \
	grep -Eq '^[0-9-]{10} [0-9:]{8} root .*hpvmcreate -P vm1 -O linux .*: SUCCESS$' \
	"$HPVM_ROOT/var/opt/hpvm/common/command.log"

test_expect_success "a second guest gets the next VM number and a different MAC" \
	hpvmcreate -P vm2 -a network:lan:vswitch:sw1
hpvmstatus -M > "$TRASH/m"
test_equal "VM numbers" "1 2" "$(cut -d: -f2 "$TRASH/m" | tr '\n' ' ' | sed 's/ $//')"
macs=$(grep -Eo '([0-9a-f]{2}-){5}[0-9a-f]{2}' "$TRASH/m" | sort -u | wc -l)
test_equal "two distinct MACs" 2 "$macs"
# shellcheck disable=SC2016 # expanded by the inner shell, or literal on purpose
test_expect_success "check-only create (-s) writes nothing" sh -c '
	before=$(ls "$HPVM_ROOT/var/opt/hpvm/guests"); hpvmcreate -P vm3 -s &&
	[ "$before" = "$(ls "$HPVM_ROOT/var/opt/hpvm/guests")" ]'
test_end

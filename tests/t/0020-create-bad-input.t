#!/bin/sh
# 0020-create-bad-input.t: every malformed option gets an HP-style error, the right exit status, and no change on disk
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"

hpvm_root_new
disk=$(make_file d.img 1M)
hpvmcreate -P vm1 -a disk:scsi::file:"$disk" >/dev/null 2>&1
before=$(state_digest)

# refuse DESC PATTERN ARGS...: exit 1, the message on stderr, nothing changed.
refuse() {
	desc=$1 pattern=$2; shift 2
	test_expect_failure "$desc" hpvmcreate "$@"
	test_stderr_matches "$pattern"
	test_equal "$desc: state unchanged" "$before" "$(state_digest)"
}

refuse "empty name" '^hpvmcreate: ERROR \(host\): The virtual machine name must not be empty\.$' -P ""
long=$(printf 'x%.0s' $(seq 65))
refuse "name too long" "^hpvmcreate: ERROR \($long\): The virtual machine name is longer than 64 characters" -P "$long"
refuse "slash in name" "^hpvmcreate: ERROR \(a/b\): Invalid virtual machine name 'a/b'" -P a/b
refuse "space in name" "^hpvmcreate: ERROR \(a b\): Invalid virtual machine name" -P "a b"
refuse "shell characters in name" 'Invalid virtual machine name' -P 'x;rm -rf'
refuse "dot name" 'Invalid virtual machine name' -P ..
refuse "duplicate name" "^hpvmcreate: ERROR \(vm1\): A guest named 'vm1' already exists\.$" -P vm1
refuse "unknown OS type" "Invalid OS type 'beos'" -P g -O beos
refuse "zero vCPUs" "Invalid number of virtual CPUs '0'" -P g -c 0
refuse "vCPUs not a number" "Invalid number of virtual CPUs '2x'" -P g -c 2x
refuse "vCPUs above the OS limit" 'between 1 and 4 for OS type HPUX' -P g -O hpux -c 5
refuse "memory with a bad unit" "Invalid memory size '2Q'" -P g -r 2Q
refuse "fractional memory" "Invalid memory size '1.5G'" -P g -r 1.5G
refuse "memory below the OS minimum" 'outside 512 MB - 65536 MB for OS type LINUX' -P g -O linux -r 256M
refuse "entitlement below 5%" 'CPU entitlement 4% is below the minimum of 5%' -P g -e 4
refuse "malformed entitlement" "Invalid entitlement 'ten'" -P g -e ten
refuse "entitlement maximum below minimum" 'Maximum CPU entitlement is below the entitlement' -P g -e 50:20
refuse "bad start attribute" "Invalid start attribute 'sometimes'" -P g -B sometimes
refuse "label with a colon" "Invalid label 'a:b'" -P g -l a:b
refuse "label too long" 'The label is longer than 255 characters' -P g -l "$(printf 'l%.0s' $(seq 256))"
refuse "bad console level" "Invalid access level 'root' for user 'bob'" -P g -u bob:root
# shellcheck disable=SC2016 # expanded by the inner shell, or literal on purpose
refuse "bad user name" "Invalid user or group name 'b\\\$d'" -P g -u 'b$d'
refuse "unknown attribute" "Unknown attribute 'colour'" -P g -x colour=red
refuse "bad attribute value" "Invalid value 'maybe' for attribute 'runnable_status'" -P g -x runnable_status=maybe
refuse "unknown adapter" "^hpvmcreate: ERROR \(g\): Invalid storage adapter type 'bogus' in 'disk:bogus::file:/tmp/x'" \
	-P g -a disk:bogus::file:/tmp/x
refuse "unknown device type" "Invalid device type 'floppy'" -P g -a floppy:scsi::file:/tmp/x
refuse "unknown storage type" "Invalid storage type 'nfs'" -P g -a disk:scsi::nfs:/tmp/x
refuse "relative backing path" "Backing store 'tmp/x' is not an absolute path" -P g -a disk:scsi::file:tmp/x
refuse "backing path with a comma" "contains a character that is not allowed" -P g -a disk:scsi::file:/tmp/a,b
refuse "too many fields" "Too many fields" -P g -a disk:scsi::file:/tmp/a:b
refuse "incomplete statement" "Incomplete resource statement 'disk:scsi'" -P g -a disk:scsi
refuse "bus out of range" "Invalid PCI bus or device" -P g -a disk:scsi:9,0,0:file:"$disk"
refuse "target out of range" "Invalid target '8'.*scsi targets are 0-7" -P g -a disk:scsi:0,1,8:file:"$disk"
refuse "tape on avio" "need adapter 'scsi'" -P g -a tape:avio_stor::attach:/dev/st0
refuse "tape without attach" "must use storage type 'attach'" -P g -a tape:scsi::file:/tmp/t
refuse "bad MAC" "Invalid MAC address '0xzz'" -P g -a network:lan:0,5,0xzz:vswitch:sw
refuse "multicast MAC" "is a multicast address" -P g -a network:lan:0,5,01-00-5e-00-00-01:vswitch:sw
refuse "bad vswitch name" "Invalid vswitch name" -P g -a "network:lan::vswitch:a;b"
refuse "bad port" "Invalid port" -P g -a network:lan::vswitch:sw:portid:600
refuse "network without vswitch keyword" "the backing must be 'vswitch:name'" -P g -a network:lan::bridge:sw
refuse "duplicate backing store in one guest" "Backing store /tmp/z is given to this guest twice" \
	-P g -a disk:scsi::file:/tmp/z -a disk:avio_stor::file:/tmp/z
refuse "backing store used by another guest" "Device $disk is in use by guest 'vm1'" \
	-P g -a disk:avio_stor::file:"$disk"
refuse "restricted host directory" "Device /etc/passwd is restricted" -P g -a disk:scsi::file:/etc/passwd
refuse "same hardware address twice" "have the same hardware address" \
	-P g -a disk:scsi:0,1,0:file:/tmp/p -a disk:scsi:0,1,0:file:/tmp/q
refuse "NIC sharing a storage slot" "cannot share PCI bus 0 device 1" \
	-P g -a disk:scsi:0,1,0:file:/tmp/p -a network:lan:0,1:vswitch:sw
refuse "directory as a backing file" "Backing file /tmp is a directory" -P g -a disk:scsi::file:/tmp
refuse "regular file as a disk device" "is not a block device" -P g -a disk:scsi::disk:"$disk"

set --
for i in $(seq 31); do set -- "$@" -a disk:scsi::null:/tmp/n"$i"; done
refuse "31 scsi devices" "31 scsi devices configured; a guest can have at most 30" -P g "$@"
set --
for i in $(seq 129); do set -- "$@" -a disk:avio_stor::null:/tmp/n"$i"; done
refuse "129 AVIO devices" "129 AVIO devices configured; a guest can have at most 128" -P g "$@"

test_expect_failure "several problems are all reported" hpvmcreate -P g -c 0 -r 200G -e 1
test_stderr_count 3 '^hpvmcreate: ERROR \(g\): '

test_expect_usage "no -P is a usage error" hpvmcreate -c 1
test_stderr_matches '^hpvmcreate -P vm-name'
test_expect_usage "unknown option is a usage error" hpvmcreate -P g -Z
test_expect_usage "extra operand is a usage error" hpvmcreate -P g extra
test_equal "usage errors change nothing" "$before" "$(state_digest)"

test_ok "failures are in command.log" grep -q 'hpvmcreate -P vm1 : FAILED 1$' \
	"$HPVM_ROOT/var/opt/hpvm/common/command.log"

# shellcheck disable=SC2016 # expanded by the inner shell, or literal on purpose
test_expect_success "30 scsi devices are accepted" sh -c '
	set --; for i in $(seq 30); do set -- "$@" -a disk:scsi::null:/tmp/n$i; done
	hpvmcreate -P big "$@"'
test_end

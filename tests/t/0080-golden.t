#!/bin/sh
# 0080-golden.t: every output format, byte for byte against golden files (UUIDs, MACs and paths scrubbed)
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS

hpvm_root_new
disk=$(make_file disk.img 1M)
iso=$(make_file boot.iso 1M)
hpvmnet -c -S sw1 >/dev/null
hpvmcreate -P alpha -O linux -c 2 -r 1G -l "first guest" -B auto -u alice:admin -u bob -g ops \
	-a disk:avio_stor:0,1,0:file:"$disk" -a dvd:scsi:0,2,0:file:"$iso" \
	-a network:avio_lan:0,5:vswitch:sw1:portid:3 >/dev/null
hpvmcreate -P beta -O hpux -r 2G -e 20:50 -a network:lan::vswitch:localnet \
	-a disk:scsi::null: >/dev/null
hpvmmodify -P beta -R 512M >/dev/null

# golden NAME CMD...: run CMD, then compare what it printed, with the scratch paths named, to the golden file.
golden() {
	_name=$1; shift
	test_expect_success "$_name" "$@"
	sed -e "s|$TRASH|TRASH|g" "$out" >"$TRASH/out.$_name"
	test_cmp_golden "$_name" "$TRASH/out.$_name"
}

golden status-summary hpvmstatus
golden status-detail hpvmstatus -P alpha
golden status-verbose hpvmstatus -P alpha -V
golden status-records hpvmstatus -M
golden status-xml hpvmstatus -X
golden status-statements hpvmstatus -P alpha -D
golden status-resolved hpvmstatus -P alpha -d
golden status-cpu hpvmstatus -C
golden status-memory hpvmstatus -R
golden status-attributes hpvmstatus -A
golden status-resources hpvmstatus -r
golden devinfo-table hpvmdevinfo
golden devinfo-records hpvmdevinfo -M -P alpha
golden net-list hpvmnet
golden net-switch hpvmnet -S sw1
golden net-port hpvmnet -S sw1 -p 3 -A
golden net-port-plain hpvmnet -S sw1 -p 3
golden net-records hpvmnet -M
golden net-xml hpvmnet -X
golden devmgmt-list hpvmdevmgmt -l all
golden devmgmt-verbose hpvmdevmgmt -l gdev -V
test_end

#!/bin/sh
# 0960-collectors.t: what HP-UX configuration collectors run on an Integrity VM host: each exits 0 and prints what it names
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS

hpvm_root_new
disk=$(make_file web-root.img 8M)
hpvmnet -c -S vsw1 >/dev/null 2>&1
hpvmcreate -P web01 -O linux -c 1 -r 512M -a disk:avio_stor::file:"$disk" -a network:avio_lan::vswitch:vsw1 \
	>/dev/null 2>&1
hpvmcreate -P db01 -O hpux -r 1G -l "the database" -a network:lan::vswitch:localnet >/dev/null 2>&1
running=
if [ -z "${HPVM_TEST_NO_GUEST:-}" ] && [ -f "$GUEST_ISO" ]; then
	appliance_guest app01 10.9.5.1/24 -a network:avio_lan::vswitch:localnet >/dev/null 2>&1
	hpvmstart -P app01 >/dev/null 2>&1 && running=app01
fi

# collect WHAT REGEX CMD...: CMD exits 0 and its output has a line matching REGEX.
collect() {
	_re=$1; shift
	test_expect_success "$*" "$@"
	test_stdout_matches "$_re"
}

collect '^hpvminfo: Running on an HPVM host\.$' hpvminfo
collect '^HPVM Server information$' hpvminfo -S
collect '^MY UUID: [0-9a-f-]{36}$' hpvminfo -V
collect '^hpvminfo: Version ' hpvminfo -v
collect '^db01 +2 HPUX +Off ' hpvmstatus
collect '^hpvmstatus: Version ' hpvmstatus -v
collect '^Virtual Machine Name  : web01$' hpvmstatus -V
collect '^\[HPVM Server System Resources\]$' hpvmstatus -s
collect '^\[HPVM Multi-Server Environment\]$' hpvmstatus -m
collect '^\[Virtual Machine Resources\]$' hpvmstatus -r
collect '^web01 +1 +1 +10\.0% +100\.0%$' hpvmstatus -C
collect '^Scheduler mode = NON-CAPPED$' hpvmstatus -S
collect '^db01 +2 +1 GB +0 MB$' hpvmstatus -R
collect '^db01:2:' hpvmstatus -M
collect '^disk:avio_stor::file:' hpvmstatus -D -P web01
collect '^web01 +1 manual ' hpvmstatus -A -P web01
collect '^localnet +1 Up +Shared' hpvmnet
collect '^vsw1:2:Down:Shared:' hpvmnet -M
collect '^hpvmnet: Version ' hpvmnet -v
collect '^\[Port Configuration Details\]$' hpvmnet -V
collect "^$disk:CONFIG=gdev," hpvmdevmgmt -l all
collect '^#!/bin/sh$' hpvmdevmgmt -r
collect '^web01 +disk +\[0,0,0\] +file ' hpvmdevinfo
collect "^web01:disk:avio_stor:0:0:0:file:$disk:0/0/0/0\.0$" hpvmdevinfo -M -P web01
collect 'Virtual Machine Name' hpvmsar -an 1
if [ -n "$running" ]; then
	test_stdout_matches "^[0-9:]+ +app01 +3 "
	test_expect_success "" hpvmstatus -r
	test_stdout_matches '^app01 +3 +1 '
fi

test_equal "hpvmdevinfo -M: disks split with awk -F :" "disk $disk 0/0/0/0.0" \
	"$(hpvmdevinfo -M -P web01 | awk -F : '/disk/{print $2,$8,$9}')"
hpvmstatus | sed -n 's/^\([^ ]*\) .*/\1/p' | sed '1,3d' > "$TRASH/names.table"
test_equal "hpvmstatus -M | cut -d : -f 1 gives exactly the guest names" "$(cat "$TRASH/names.table")" \
	"$(hpvmstatus -M | cut -d : -f 1)"
test_equal "one line a guest" "$(find "$HPVM_ROOT/var/opt/hpvm/guests" -mindepth 1 -maxdepth 1 | wc -l)" "$(hpvmstatus -M | cut -d : -f 1 | wc -l)"
[ -n "$running" ] && hpvmstop -a -F >/dev/null 2>&1
test_end

#!/bin/sh
# 0900-clone-share.t: a plain hpvmclone shares its source's storage with a warning; a start judges the sharing
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
db=$HPVM_ROOT/var/opt/hpvm/common/hpvm_mgmtdb
disk=$(make_file src-data.img 16M)
appliance_guest src 10.9.9.1/24 -a disk:avio_stor:0,0,0:file:"$disk" >/dev/null 2>&1

test_expect_success "a plain clone succeeds, as HP's does" hpvmclone -P src -N cl
test_stderr_matches "^hpvmclone: WARNING \(cl\): Device $disk is shared with guest 'src'; the two cannot run at the same time unless it is made sharable \(SHARE=YES\)\.$"
test_stderr_count 1 'WARNING'
test_ok "the clone maps the same disk" sh -c "hpvmstatus -P cl -D | grep -qx 'disk:avio_stor:0,0,0:file:$disk'"
test_ok "both are its dependents" grep -q "^$disk:.*SHARE=NO.*:src,cl:" "$db"
test_expect_success "the clone can be changed like any guest" hpvmmodify -P cl -c 2
test_stderr_count 0 'shared'

test_expect_success "the source starts" hpvmstart -P src
before=$(state_digest)
test_expect_failure "the clone's start is refused while its source runs" hpvmstart -P cl
test_stderr_matches '^HPVM guest cl configuration problems:$'
test_stderr_matches "^    Warning 1 on item $disk: Device $disk is in use by running guest 'src'\.$"
test_equal "the clone stays off" "Off" "$(guest_state cl)"
test_equal "nothing changed" "$before" "$(state_digest)"
test_expect_success "stop the source" hpvmstop -P src -F
test_expect_success "the clone starts once its source is off" hpvmstart -P cl
test_ok "and boots" wait_console cl 'HPVM-TEST-GUEST READY' 90
test_expect_failure "now the source is refused" hpvmstart -P src
test_stderr_matches "in use by running guest 'cl'"
test_expect_success "stop the clone" hpvmstop -P cl -F

test_expect_success "make the disk sharable" hpvmdevmgmt -m gdev:"$disk":attr:SHARE=YES
test_expect_success "the source starts" hpvmstart -P src
test_expect_success "a sharable disk lets the clone run beside it" hpvmstart -P cl
test_equal "both run" "On (OS) On (OS)" "$(wait_state src 'On (OS)' 60; wait_state cl 'On (OS)' 60; echo "$(guest_state src) $(guest_state cl)")"
hpvmstop -a -F >/dev/null 2>&1

test_expect_success "a clone that shares nothing warns of nothing" hpvmclone -P src -N cl2 \
	-d disk:avio_stor:0,0,0:file:"$disk"
test_stderr_count 0 'shared'
test_end

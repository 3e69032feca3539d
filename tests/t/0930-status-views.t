#!/bin/sh
# 0930-status-views.t: hpvmstatus -s, -S, -m, -e, -d, -r, -C, -R, -A, and ports reserved while a guest is off
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS

hpvm_root_new
disk=$(make_file d.img 8M)
hpvmnet -c -S sw1 >/dev/null 2>&1
hpvmcreate -P vm1 -c 1 -r 512M -a disk:avio_stor::file:"$disk" -a network:avio_lan::vswitch:sw1 >/dev/null 2>&1
hpvmcreate -P vm2 -a network:lan::vswitch:sw1 -a network:lan::vswitch:sw1 >/dev/null 2>&1

test_expect_success "-s: the server's resources" hpvmstatus -s
test_stdout_matches '^\[HPVM Server System Resources\]$'
test_stdout_matches "^Total number of operable system cores = $(nproc)$"
test_stdout_matches '^Processor speed = [0-9]+ Mhz$'
test_stdout_matches '^Total physical memory = [0-9]+ Mbytes$'
test_stdout_matches '^Available memory for VMs = [0-9]+ Mbytes$'
test_stdout_matches '^Maximum vcpus for a VM = [0-9]+$'
test_stdout_matches '^Current number of vswitches = 2$'
test_stdout_matches '^Accelerator = (KVM|TCG) \(.+\)$'
test_stdout_matches '^Number of VMs = 2 \(0 running\)$'
hpvm_conf "HPVM_ACCEL=tcg"
test_expect_success "the accelerator says why" hpvmstatus -s
test_stdout_matches '^Accelerator = TCG \(HPVM_ACCEL=tcg in hpvmconf\)$'
test_expect_success "-S: the scheduler" hpvmstatus -S
test_stdout_matches '^Scheduler mode = NON-CAPPED$'

uuid=$(readlink "$HPVM_ROOT/var/opt/hpvm/guests/vm1" | sed 's|.*/||')
echo "2026-11-20 10:00:00 guest 'vm1' migrated here from hostb.example (offline: total 10 ms)" \
	>> "$HPVM_ROOT/var/opt/hpvm/uuids/$uuid/log"
hpvm_conf "HPVM_ACCEL=tcg" "HPVM_MIGRATE_PEERS=\"hostc.example hostb.example\""
test_expect_success "-m: this host and the peers it knows" hpvmstatus -m
test_stdout_matches "^$(hostname) +local +B\.[0-9.]+ +2 +0$"
test_stdout_matches '^hostb\.example +peer'
test_stdout_matches '^hostc\.example +peer'
test_equal "each peer once" 1 "$(grep -c '^hostb\.example' "$out")"

test_expect_success "-e -P: the guest's log" hpvmstatus -e -P vm1
test_stdout_matches "migrated here from hostb\.example"
echo "2026-11-20 10:00:01 hpvmhost started" >> "$HPVM_ROOT/var/opt/hpvm/common/hpvm_mon_log"
test_expect_success "-e: the host's monitor log" hpvmstatus -e
test_stdout_matches '^2026-11-20 10:00:01 hpvmhost started$'
test_expect_failure "-e -P of an unknown guest" hpvmstatus -e -P ghost
test_stderr_matches "^hpvmstatus: ERROR \(ghost\): No guest named 'ghost' exists\.$"

test_expect_success "-d: the devices as complete statements" hpvmstatus -d -P vm1
test_stdout_matches "^disk:avio_stor:0,0,0:file:$disk$"
test_stdout_matches '^network:avio_lan:0,1,([0-9a-f]{2}-){5}[0-9a-f]{2}:vswitch:sw1:portid:0$'
hpvmstatus -d -P vm1 > "$TRASH/stmts"
d1=$(sed -n 1p "$TRASH/stmts") n1=$(sed -n 2p "$TRASH/stmts")
test_expect_success "they are usable again on a command line" hpvmmodify -P vm1 -d "$d1" -d "$n1" -a "$d1" -a "$n1"
test_equal "and give the same guest" "$(cat "$TRASH/stmts")" "$(hpvmstatus -d -P vm1)"
test_expect_usage "-d needs a guest" hpvmstatus -d

test_expect_success "ports are reserved while the guests are off" hpvmstatus -P vm2
test_stdout_matches '^vswitch   lan        sw1        1         0   0   0 '
test_stdout_matches '^vswitch   lan        sw1        2         0   1   0 '
test_expect_success "hpvmnet lists the reservations" hpvmnet -S sw1
test_stdout_matches '^0       Reserved              none     1            $'
test_stdout_matches '^2       Reserved              none     1            $'
test_expect_success "" hpvmnet -S sw1 -p 1
test_stdout_matches '^  Reserved VMs    : vm2$'
test_expect_success "a new NIC takes the next free port" hpvmmodify -P vm1 -a network:avio_lan::vswitch:sw1
test_ok "port 3" sh -c "hpvmstatus -P vm1 -d | grep -q ':portid:3$'"

test_expect_success "-C" hpvmstatus -C
test_stdout_matches '^vm1 +1 +1 +10\.0% +100\.0%$'
test_expect_success "-R" hpvmstatus -R
test_stdout_matches '^vm1 +1 +512 MB +0 MB$'
test_expect_success "-A" hpvmstatus -A
test_stdout_matches '^vm2 +2 manual enabled  enabled  enabled  enabled  $'
test_expect_success "-A -P" hpvmstatus -A -P vm1
test_equal "one guest" 1 "$(grep -c '^vm' "$out")"
test_expect_success "-r: only running guests" hpvmstatus -r
test_equal "none run" 0 "$(grep -c '^vm' "$out")"
test_expect_usage "-s takes no guest" hpvmstatus -s -P vm1
test_expect_usage "two views" hpvmstatus -C -R
test_expect_failure "a listing that cannot be written fails" sh -c 'hpvmstatus -M >/dev/full'
test_stderr_matches '^hpvmstatus: ERROR \(host\): Unable to write the output: No space left on device$'
test_expect_failure "-X too" sh -c 'hpvmstatus -X >/dev/full'
test_stderr_matches '^hpvmstatus: ERROR \(host\): Unable to write the output'
test_equal "and says it once, not libxml2 as well" 1 "$(wc -l < "$err")"
test_end

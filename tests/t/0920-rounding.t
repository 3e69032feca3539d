#!/bin/sh
# 0920-rounding.t: memory off the 64 MB grain is rounded up with a warning; -E cycles round to whole percent of a host processor
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS

hpvm_root_new
test_expect_success "hpvmcreate rounds memory up" hpvmcreate -P vm1 -r 100M
test_stderr_matches '^hpvmcreate: WARNING \(vm1\): The memory size 100M is not a multiple of 64 MB; using 128 MB\.$'
test_equal "128 MB used" "128" "$(hpvmstatus -P vm1 -M | cut -d: -f8)"
test_expect_success "hpvmmodify too" hpvmmodify -P vm1 -r 1000M
test_stderr_matches '^hpvmmodify: WARNING \(vm1\): The memory size 1000M is not a multiple of 64 MB; using 1024 MB\.$'
test_equal "1024 MB used" "1024" "$(hpvmstatus -P vm1 -M | cut -d: -f8)"
test_expect_success "a multiple of 64 MB says nothing" hpvmmodify -P vm1 -r 2G
test_stderr_count 0 'WARNING'
before=$(state_digest)
test_expect_failure "rounded memory is still checked against the OS" hpvmmodify -P vm1 -O linux -r 100M
test_stderr_matches 'Memory size 128 MB is outside 512 MB - 65536 MB for OS type LINUX'
test_equal "nothing changed" "$before" "$(state_digest)"

mhz=$(hpvmstatus -s | sed -n 's/^Processor speed = \([0-9]*\) Mhz$/\1/p')
if [ -n "$mhz" ] && [ "$mhz" -ge 100 ]; then
	want=10
	pct=$(( (want * 100 + mhz - 1) / mhz ))
	got=$(( pct * mhz / 100 ))
	test_expect_success "-E rounds cycles to whole percent of one processor" hpvmmodify -P vm1 -E "$want"
	test_stderr_matches "^hpvmmodify: WARNING \(vm1\): CPU entitlement $want MHz rounded to $got MHz \($pct% of a $mhz MHz processor\)\.$"
	test_equal "the rounded cycles are kept" "$got;0;mhz" "$(hpvmstatus -P vm1 -M | cut -d: -f7)"
	test_expect_success "status shows both" hpvmstatus -P vm1
	test_stdout_matches "^     1 +${got}MHz\($pct%\)  100\.0%$"
	test_expect_success "a rounded value stays as it is" hpvmmodify -P vm1 -E "$got"
	test_stderr_count 0 'rounded'
	before=$(state_digest)
	test_expect_failure "more than one processor" hpvmmodify -P vm1 -E $((mhz + 1))
	test_stderr_matches "CPU entitlement $((mhz + 1)) MHz is more than one host processor \($mhz MHz\)"
	test_equal "nothing changed" "$before" "$(state_digest)"
else
	test_skip "-E rounding" "the host does not tell its processor speed"
fi
test_end

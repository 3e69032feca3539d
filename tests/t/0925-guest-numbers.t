#!/bin/sh
# 0925-guest-numbers.t: every command that takes -P name takes -p number (the VM # column); a miss is HP's message
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS

hpvm_root_new
hpvmcreate -P alpha >/dev/null 2>&1
hpvmcreate -P beta -x runnable_status=disabled >/dev/null 2>&1
n=$(hpvmstatus -P beta -M | cut -d: -f2)
test_equal "beta is VM # 2" "2" "$n"

test_expect_success "hpvmstatus -p" hpvmstatus -p "$n"
test_stdout_matches '^beta +2 UNKNOWN Off$'
test_expect_success "hpvmstatus -p -M" hpvmstatus -p "$n" -M
test_stdout_matches '^beta:2:'
test_expect_success "hpvmmodify -p" hpvmmodify -p "$n" -l "by number"
test_ok "changed the right guest" sh -c "hpvmstatus -P beta -M | grep -q ':by number:'"
test_expect_failure "hpvmstart -p reaches the guest" hpvmstart -p "$n"
test_stderr_matches '^hpvmstart: ERROR \(beta\): The guest is not runnable'
test_expect_failure "hpvmstop -p reaches the guest" hpvmstop -p "$n" -F
test_stderr_matches 'ERROR \(beta\)'
test_expect_failure "hpvmconsole -p reaches the guest" hpvmconsole -p "$n" -q -c "pc -on"
test_stderr_matches 'ERROR \(beta\)'
test_expect_success "hpvmclone -p" hpvmclone -p "$n" -N gamma
test_ok "gamma is a copy of beta" sh -c "hpvmstatus -P gamma -M | grep -q ':by number:'"
test_expect_success "hpvmremove -p" hpvmremove -p "$n" -F
test_ok "beta is gone" test ! -e "$HPVM_ROOT/var/opt/hpvm/guests/beta"
test_ok "alpha stays" test -e "$HPVM_ROOT/var/opt/hpvm/guests/alpha"

before=$(state_digest)
for cmd in "hpvmstatus" "hpvmstart" "hpvmstop -F" "hpvmmodify -c 2" "hpvmremove -F" "hpvmclone -N delta" \
    "hpvmconsole -q -c cl" "hpvmmigrate -h localhost" "hpvmdevinfo"; do
	# shellcheck disable=SC2086 # the command and its options, split on purpose
	test_expect_failure "$cmd: a number no guest has" $cmd -p 99
	test_stderr_matches "^${cmd%% *}: ERROR \(host\): No Guest by that name or number: 99\.$"
	# shellcheck disable=SC2086
	test_expect_usage "$cmd: -P and -p together" $cmd -P alpha -p 1
done
test_expect_failure "not a number" hpvmstatus -p two
test_stderr_matches 'No Guest by that name or number: two\.'
test_equal "misses change nothing" "$before" "$(state_digest)"
test_end

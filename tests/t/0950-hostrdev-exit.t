#!/bin/sh
# 0950-hostrdev-exit.t: hpvmhostrdev exits 1 on every error, as HP documents, and does nothing when its options are wrong
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS

hpvm_root_new
hpvmhostrdev >/dev/null 2>&1
before=$(state_digest)
test_expect_failure "an unknown option" hpvmhostrdev -x
test_stderr_matches '^hpvmhostrdev \[-D \| -E \| -d \| -h \| -r \| -u\]$'
test_expect_failure "two actions" hpvmhostrdev -d -E
test_expect_failure "-u -r is refused, not executed" hpvmhostrdev -u -r
test_expect_failure "-r -u too" hpvmhostrdev -r -u
test_expect_failure "an operand" hpvmhostrdev extra
test_equal "none of them changed anything" "$before" "$(state_digest)"
test_expect_success "-h prints the synopsis" hpvmhostrdev -h
test_stdout_matches '^hpvmhostrdev \[-D \| -E \| -d \| -h \| -r \| -u\]$'
test_expect_success "-u alone runs" hpvmhostrdev -u
test_end

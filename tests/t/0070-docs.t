#!/bin/sh
# 0070-docs.t: every command's -H matches its man page synopsis, and the README names it
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"

for cmd in hpvmcreate hpvmmodify hpvmclone hpvmremove hpvmstatus hpvminfo hpvmstart hpvmstop hpvmconsole hpvmnet hpvmdevmgmt hpvmhostrdev hpvmsar hpvmcollect hpvmsg_package hpvmmigrate hpvmsecsetup hpvmdevinfo; do
	page=$TOP/man/$cmd.1m
	test_ok "$cmd has a man page" test -f "$page"
	synopsis=$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' "$page" | sed -n '/^\.Bd -literal/,/^\.Ed/p' | sed '1d;$d')
	test_expect_success "$cmd -H exits 0" "$cmd" -H
	test_equal "$cmd -H prints the man page's synopsis" "$synopsis" "$(cat "$out")"
	test_ok "README lists $cmd" grep -q "^| \`$cmd\` |" "$TOP/README.md"
	for sec in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" EXAMPLES "SEE ALSO"; do
		test_ok "$cmd(1M) has $sec" grep -q "^\.Sh $sec" "$page"
	done
done
test_ok "hpvmresources(5) exists" test -f "$TOP/man/hpvmresources.5"
for helper in hpvmapp hpvmhost hpvmsnmpd hpvmconsoled hpvmmigrated; do
	test_ok "$helper has a man page" test -f "$TOP/man/$helper.1m"
	test_ok "README lists $helper" grep -q "^| \`$helper\` |" "$TOP/README.md"
done
page=$TOP/man/hpvmsnmpd.1m
synopsis=$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' "$page" | sed -n '/^\.Bd -literal/,/^\.Ed/p' | sed '1d;$d')
test_expect_success "hpvmsnmpd -H exits 0" "$HPVM_BUILD/lbin/hpvmsnmpd" -H
test_equal "hpvmsnmpd -H prints the man page's synopsis" "$synopsis" "$(cat "$out")"
test_ok "hpvmsnmpd(1M) maps every hpvm state" sh -c "for s in Off 'On (EFI)' 'On (OS)' Paused Migrating; do grep -q \"^\\.It \$s\" '$page' || exit 1; done"
test_end

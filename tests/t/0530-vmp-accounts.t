#!/bin/sh
# 0530-vmp-accounts.t: real accounts at guest consoles: a dedicated account (login shell
# hpvmconsole, home the guest's directory) lands in its guest's vMP; oper may use the console and
# pc -on and is refused pc -off; admin authenticates through PAM before power commands; an
# account for several guests is asked which; a stranger is refused; every session is logged
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
# shellcheck source=lib/term-lib.sh
. "$(dirname "$0")/lib/term-lib.sh"
# shellcheck source=lib/vmp-lib.sh
. "$(dirname "$0")/lib/vmp-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
test_ok "an installed host's console setup" vmp_host_setup
alice=${VMP_TAG}a olga=${VMP_TAG}o bob=${VMP_TAG}b gina=${VMP_TAG}g grp=${VMP_TAG}ops
vmp_group "$grp"
vmp_user "$alice" -s /bin/sh -d /nonexistent
vmp_user "$olga" -s /opt/hpvm/bin/hpvmconsole -d /var/opt/hpvm/guests/vm1/. -c "Console access to guest 'vm1'"
vmp_user "$bob" -s /bin/sh -d /nonexistent
vmp_user "$gina" -s /opt/hpvm/bin/hpvmconsole -d /nonexistent -G "$grp"
appliance_guest vm1 "" -u "$alice:admin" -u "$olga" -g "$grp:oper" >/dev/null 2>&1
hpvmcreate -P vm2 -u "$alice:oper" -g "$grp:admin" >/dev/null 2>&1
cmdlog=$HPVM_ROOT/var/opt/hpvm/common/command.log
glog=$HPVM_ROOT/var/opt/hpvm/guests/vm1/log

test_expect_success "hpvmstatus shows who may use the console" hpvmstatus -P vm1
test_stdout_matches "^Oper Groups: $grp\$"
test_stdout_matches "^Oper Users: $olga\$"
test_stdout_matches "^Admin Users: $alice\$"

test_expect_failure "a stranger is refused" vmp_as "$bob" "/opt/hpvm/bin/hpvmconsole -P vm1 -c cl"
test_stderr_matches "^hpvmconsole: ERROR \\(vm1\\): User '$bob' is not authorized to use the virtual console of 'vm1'\\.\$"
test_expect_failure "a guest that does not exist is refused alike" vmp_as "$bob" "/opt/hpvm/bin/hpvmconsole -P nosuch -c cl"
test_stderr_matches "User '$bob' is not authorized to use the virtual console of 'nosuch'\\."
test_ok "the refusal is in command.log" grep -q "$bob hpvmconsole -P vm1 \\[vMP\\] session refused: not authorized : FAILED 1" "$cmdlog"
test_ok "and in the guest log" grep -q "vMP: $bob: console session refused: not authorized" "$glog"

# The dedicated account logs in and is at its guest's vMP at once.
term_start o su -l "$olga"
test_ok "a console account lands in its guest's vMP" term_wait o '^\[vm1\] vMP> $' 15
term_type o "pc -on"
test_ok "oper may power the guest on" term_wait o "Successful start initiation of guest 'vm1'" 30
term_type o co
test_ok "and use its console" term_wait o 'HPVM-TEST-GUEST READY' 120
# shellcheck disable=SC2016 # the guest's shell computes it
term_type o 'echo oper-typed-$((5*5))'
test_ok "typing into the guest's shell" term_wait o '^oper-typed-25' 20
term_keys o C-b
term_wait o '^\[vm1\] vMP> $' 10
term_type o "pc -off"
test_ok "oper is refused pc -off, clearly" \
	term_wait o "ERROR \\(vm1\\): 'pc -off' needs admin access: user '$olga' has oper access to 'vm1'\\." 10
test_equal "the guest runs on" "On (OS)" "$(guest_state vm1)"
term_type o "tc"
test_ok "and tc" term_wait o "'tc' needs admin access" 10
term_type o x
test_ok "x ends the login" term_wait o '^\[exit 0\]$' 10
test_expect_success "a command for the account's own guest, as ssh runs one" su "$olga" -c sl
test_stdout_matches "guest 'vm1' started"
test_ok "its session is in command.log" grep -q "$olga hpvmconsole -P vm1 \\[vMP\\] session start : SUCCESS" "$cmdlog"
test_ok "with each command" grep -q "$olga hpvmconsole -P vm1 \\[vMP\\] pc -on : SUCCESS" "$cmdlog"
test_ok "refusals too" grep -q "$olga hpvmconsole -P vm1 \\[vMP\\] pc -off : FAILED 1" "$cmdlog"
test_ok "and in the guest log" grep -q "vMP: $olga (oper): session end" "$glog"

# Admin: PAM authenticates before a power command.
n=$(console_log vm1 | grep -ac 'HPVM-TEST-GUEST READY')
term_start a "env -i TERM=xterm setpriv --reuid=$alice --regid=users --init-groups -- /opt/hpvm/bin/hpvmconsole -P vm1"
test_ok "an admin's vMP" term_wait a '^\[vm1\] vMP> $' 10
term_type a "pc -cycle"
test_ok "pc -cycle asks for the password" term_wait a '^Password: $' 10
term_type a "wrong-password"
test_ok "a wrong one is refused" term_wait a 'ERROR \(vm1\): Authentication failed \(PAM service hpvm\): Authentication failure\.' 15
sleep 3
test_equal "and the guest was not reset" "$n" "$(console_log vm1 | grep -ac 'HPVM-TEST-GUEST READY')"
test_ok "the failed attempt is logged" grep -q "$alice hpvmconsole -P vm1 \\[vMP\\] pc -cycle (authentication failed) : FAILED 1" "$cmdlog"
term_type a "pc -cycle"
term_wait a '^Password: $' 10
term_type a "pw-$alice"
test_ok "the right one lets the command through" term_wait a "Virtual machine 'vm1' reset \\(power cycle\\)\\." 15
booted_again() { [ "$(console_log vm1 | grep -ac 'HPVM-TEST-GUEST READY')" -gt "$n" ]; }
i=0; while ! booted_again && [ $i -lt 600 ]; do sleep 0.2; i=$((i + 1)); done
test_ok "the guest boots again" booted_again
term_type a x
term_wait a '^\[exit 0\]$' 10

rundir=/var/run/hpvm/$(readlink "$HPVM_ROOT/var/opt/hpvm/guests/vm1" | sed 's|.*/||')
test_equal "the running guest's state is root's and hpvmsys's" "750 root hpvmsys" "$(stat -c '%a %U %G' "$rundir")"
test_expect_failure "even an admin cannot open its console socket but through hpvmconsole" \
	vmp_as "$alice" "socat -u OPEN:/dev/null UNIX-CONNECT:$rundir/console.sock"
test_expect_failure "nor QEMU's monitor" vmp_as "$alice" "socat -u OPEN:/dev/null UNIX-CONNECT:$rundir/qmp.sock"

# An account for several guests chooses one.
term_start g su -l "$gina"
test_ok "an account for several guests is asked which" term_wait g '^Select a virtual machine \(number or name\): $' 15
test_ok "from those it may use, with its access" term_wait g '^ +2  vm2 +\(admin\)$' 5
term_type g 2
test_ok "and lands in that one's vMP" term_wait g '^\[vm2\] vMP> $' 10
term_type g he
test_ok "with the group's access" term_wait g "Your access to 'vm2': admin\\." 10
term_type g x
term_wait g '^\[exit 0\]$' 10

test_expect_success "access changes take effect at once, running or not" hpvmmodify -P vm1 -u "$olga:remove"
test_ok "no restart needed: the configuration itself changed" sh -c \
	"! grep -q 'name=\"$olga\"' '$HPVM_ROOT/var/opt/hpvm/guests/vm1/vmm_config.current' &&
	test ! -e '$HPVM_ROOT/var/opt/hpvm/guests/vm1/vmm_config.next'"
test_expect_failure "the removed account is refused" su "$olga" -c cl
test_stderr_matches "User '$olga' is not authorized to use the virtual console of 'vm1'\\."
test_end

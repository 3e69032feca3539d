#!/bin/sh
# 0540-vmp-pam.t: the site's PAM policy (service hpvm) governs ordinary users' console sessions:
# account management and the session for each, authentication before admin power and media
# commands; refusals are clear and logged; root's own sessions do not go through PAM
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
# shellcheck source=lib/term-lib.sh
. "$(dirname "$0")/lib/term-lib.sh"
# shellcheck source=lib/vmp-lib.sh
. "$(dirname "$0")/lib/vmp-lib.sh"
test_needs ROOT NETNS

hpvm_root_new
test_ok "an installed host's console setup" vmp_host_setup
alice=${VMP_TAG}a
vmp_user "$alice" -s /bin/sh -d /nonexistent
hpvmcreate -P vm1 -u "$alice:admin" >/dev/null 2>&1
uuid=$(readlink "$HPVM_ROOT/var/opt/hpvm/guests/vm1" | sed 's|.*/||')
printf 'REAL-CONSOLE-OUTPUT\n' > "$HPVM_ROOT/var/opt/hpvm/uuids/$uuid/console.log"
cmdlog=$HPVM_ROOT/var/opt/hpvm/common/command.log
glog=$HPVM_ROOT/var/opt/hpvm/guests/vm1/log
# console ARGS: hpvmconsole as alice; answering: the same, with a line on its input.
# shellcheck disable=SC2317 # called through test_expect_*
console() {
	vmp_as "$alice" "/opt/hpvm/bin/hpvmconsole -P vm1 $*"
}
# shellcheck disable=SC2317 # called through test_expect_*
answering() {
	_line=$1; shift
	printf '%s\n' "$_line" | console "$@"
}

vmp_pam "auth required pam_unix.so" "account required pam_unix.so" "session required pam_unix.so"
test_expect_success "PAM lets an authorized account in" console -c cl
test_stdout_matches '^REAL-CONSOLE-OUTPUT$'

vmp_pam "auth required pam_unix.so" "account requisite pam_deny.so" "session required pam_permit.so"
test_expect_failure "account management says no: the session is refused" console -c cl
test_stderr_matches "^hpvmconsole: ERROR \\(vm1\\): Access denied to user '$alice' by PAM \\(service hpvm\\): Authentication failure\\.\$"
test_ok "and nothing was shown" test ! -s "$out"
test_ok "command.log has the refusal" grep -q "$alice hpvmconsole -P vm1 \\[vMP\\] session refused: Access denied to user '$alice' by PAM (service hpvm): Authentication failure. : FAILED 1" "$cmdlog"
test_ok "the guest log too" grep -q "vMP: $alice: console session refused: Access denied" "$glog"

# A site's own policy: an access list that keeps this account out.
printf -- '-:%s:ALL\n+:ALL:ALL\n' "$alice" > "$VMP_PAM_DIR/access.conf"
vmp_pam "auth required pam_unix.so" "account required pam_access.so accessfile=$VMP_PAM_DIR/access.conf" \
	"session required pam_permit.so"
test_expect_failure "an access list (pam_access) keeps the account out" console -c cl
test_stderr_matches "Access denied to user '$alice' by PAM \\(service hpvm\\)"

vmp_pam "auth required pam_unix.so" "account required pam_permit.so" "session requisite pam_deny.so"
test_expect_failure "no session, no console" console -c cl
test_stderr_matches "PAM \\(service hpvm\\) refused a session to user '$alice'"

vmp_pam "auth requisite pam_deny.so" "account required pam_permit.so" "session required pam_permit.so"
test_expect_success "authentication is not asked to look" console -c cl
test_expect_failure "but an admin power command must authenticate" console -c "'pc -off'"
test_stderr_matches "^hpvmconsole: ERROR \\(vm1\\): Authentication failed \\(PAM service hpvm\\): "
test_ok "logged" grep -q "$alice hpvmconsole -P vm1 \\[vMP\\] pc -off (authentication failed) : FAILED 1" "$cmdlog"
test_expect_failure "media commands too" console -c ej
test_stderr_matches "Authentication failed \\(PAM service hpvm\\)"

vmp_pam "auth required pam_unix.so" "account required pam_unix.so" "session required pam_permit.so"
test_expect_failure "the account's real password authenticates (then the stopped guest has nothing to stop)" \
	answering "pw-$alice" -c "'pc -off'"
test_stderr_matches '^Password: '
test_stderr_matches "ERROR \\(vm1\\): The guest is not running\\.\$"
test_ok "so PAM was passed" sh -c "! grep -q 'Authentication failed' '$err'"
test_expect_failure "a wrong one does not" answering wrong -c "'pc -off'"
test_stderr_matches 'Authentication failed \(PAM service hpvm\): Authentication failure\.'

vmp_pam "auth requisite pam_deny.so" "account requisite pam_deny.so" "session requisite pam_deny.so"
test_expect_success "root's own sessions do not go through PAM" hpvmconsole -P vm1 -c cl
test_stdout_matches '^REAL-CONSOLE-OUTPUT$'
test_end

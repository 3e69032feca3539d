#!/bin/sh
# 0550-vmp-escape.t: hpvmconsole carries the hpvmsys group for ordinary users and trusts nothing of
# theirs: HPVM_ROOT and the rest of the environment are ignored, the group is gone once its one
# socket is open, nothing else is open, and a copy without the group reaches nothing
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
# shellcheck source=lib/term-lib.sh
. "$(dirname "$0")/lib/term-lib.sh"
# shellcheck source=lib/vmp-lib.sh
. "$(dirname "$0")/lib/vmp-lib.sh"
test_needs ROOT NETNS

hpvm_root_new
test_ok "an installed host's console setup" vmp_host_setup
vmp_pub
alice=${VMP_TAG}a
vmp_user "$alice" -s /bin/sh -d /nonexistent
hpvmcreate -P vm1 -u "$alice:oper" >/dev/null 2>&1
uuid=$(readlink "$HPVM_ROOT/var/opt/hpvm/guests/vm1" | sed 's|.*/||')
printf 'REAL-CONSOLE-OUTPUT\n' > "$HPVM_ROOT/var/opt/hpvm/uuids/$uuid/console.log"
# shellcheck disable=SC2317 # called through test_expect_*
console() {
	vmp_as "$alice" "$*"
}

# A tree of alice's own where she is admin of a vm1 with a console log of her choosing, and a
# socket of hers where hpvmconsoled's would be.
evil=$VMP_PUB/evil
vmp_as "$alice" "mkdir -p $evil && HPVM_ROOT=$evil $HPVM_BUILD/bin/hpvmcreate -P vm1 -u $alice:admin" \
	>/dev/null 2>&1
HPVM_ROOT=$evil hpvmcreate -P vm1 -u "$alice:admin" >/dev/null 2>&1
chown -R "$alice" "$evil"
for f in "$evil"/var/opt/hpvm/uuids/*; do echo EVIL-CONSOLE-OUTPUT > "$f/console.log"; done
mkdir -p "$evil/var/run/hpvm" && chown "$alice" "$evil/var/run/hpvm"
# One process (env and setpriv exec on), so $! is the listener itself.
env -i PATH=/usr/bin:/bin setpriv --reuid="$alice" --regid=users --init-groups -- \
	socat -u "UNIX-LISTEN:$evil/var/run/hpvm/hpvmconsoled.sock,fork" "OPEN:$evil/got,creat,append" \
	>/dev/null 2>&1 &
fake=$!
sleep 0.5

test_expect_success "HPVM_ROOT of the caller's is ignored" console "HPVM_ROOT=$evil /opt/hpvm/bin/hpvmconsole -P vm1 -c cl"
test_stdout_matches '^REAL-CONSOLE-OUTPUT$'
test_ok "nothing of the caller's tree was shown" sh -c "! grep -q EVIL '$out'"
test_stderr_matches "^hpvmconsole: WARNING \\(vm1\\): HPVM_ROOT and the other HPVM_ settings are honoured for root only; ignored\\.\$"
test_ok "the caller's socket was never opened" test ! -s "$evil/got"
test_expect_failure "access comes from the host's configuration, not the caller's" \
	console "HPVM_ROOT=$evil /opt/hpvm/bin/hpvmconsole -P vm1 -c 'pc -off'"
test_stderr_matches "'pc -off' needs admin access: user '$alice' has oper access to 'vm1'\\."
kill "$fake" 2>/dev/null

# A library preloaded by the caller is not loaded into a program that carries a group.
printf '#include <stdio.h>\n__attribute__((constructor)) static void f(void) { fputs("PRELOADED\\n", stderr); }\n' \
	> "$VMP_PUB/pre.c"
cc -shared -fPIC -o "$VMP_PUB/pre.so" "$VMP_PUB/pre.c"
test_expect_success "(a preload works elsewhere)" console "LD_PRELOAD=$VMP_PUB/pre.so /bin/true"
test_stderr_matches PRELOADED
test_expect_success "LD_PRELOAD is not honoured" console "LD_PRELOAD=$VMP_PUB/pre.so /opt/hpvm/bin/hpvmconsole -P vm1 -c cl"
test_ok "no preloaded code ran" sh -c "! grep -q PRELOADED '$err'"

test_expect_failure "a guest name that is a path" console "/opt/hpvm/bin/hpvmconsole -P ../../../etc -c cl"
test_stderr_matches 'ERROR \(\.\./\.\./\.\./etc\): '
test_ok "refused before any session" sh -c "! grep -q 'P \\.\\./.*session start' '$HPVM_ROOT/var/opt/hpvm/common/command.log'"

cp "$HPVM_BUILD/bin/hpvmstart" "$VMP_PUB/hpvmstart"
test_expect_failure "root's commands refuse the others plainly" console "$VMP_PUB/hpvmstart -P vm1"
test_stderr_matches "^hpvmstart: ERROR \\(host\\): Only root may run hpvmstart on this host's virtual machines; users with console access use hpvmconsole\\.\$"
test_expect_success "their synopsis is anybody's" console "$VMP_PUB/hpvmstart -H"

# A copy of the program without the group reaches nothing.
cp /opt/hpvm/bin/hpvmconsole "$VMP_PUB/hpvmconsole" && chmod 755 "$VMP_PUB/hpvmconsole"
test_expect_failure "a copy without the group is refused by the socket's permissions" \
	console "$VMP_PUB/hpvmconsole -P vm1 -c cl"
test_stderr_matches "Permission denied on /var/run/hpvm/hpvmconsoled\\.sock: hpvmconsole must be installed setgid hpvmsys"
test_expect_failure "the socket itself is root's and hpvmsys's" console "socat -u OPEN:/dev/null UNIX-CONNECT:/var/run/hpvm/hpvmconsoled.sock"
test_equal "owned so" "660 root hpvmsys" "$(stat -c '%a %U %G' /var/run/hpvm/hpvmconsoled.sock)"
test_expect_failure "the guest's files are not the caller's to read" console "cat /var/opt/hpvm/uuids/$uuid/console.log"

# While a session is open: its credentials and descriptors.
term_start a "env -i TERM=xterm setpriv --reuid=$alice --regid=users --init-groups -- /opt/hpvm/bin/hpvmconsole -P vm1"
test_ok "a session at the menu" term_wait a '^\[vm1\] vMP> $' 10
pid=$(pgrep -u "$alice" -x hpvmconsole | head -1)
users_gid=$(getent group users | cut -d: -f3)
hpvmsys_gid=$(getent group hpvmsys | cut -d: -f3)
test_equal "the group is given up: real, effective, saved and file group ids are the caller's" \
	"$users_gid $users_gid $users_gid $users_gid" "$(awk '/^Gid:/ { print $2, $3, $4, $5 }' "/proc/$pid/status")"
test_ok "hpvmsys is nowhere among them" sh -c "! awk '/^Groups:/' /proc/$pid/status | grep -qw '$hpvmsys_gid'"
test_equal "open: the terminal and one socket, nothing else" "0 1 2 3" \
	"$(cd "/proc/$pid/fd" && printf '%s\n' * | sort -n | tr '\n' ' ' | sed 's/ $//')"
test_ok "descriptor 3 is the socket" sh -c "readlink /proc/$pid/fd/3 | grep -q '^socket:'"
term_type a x
test_ok "the session ends" term_wait a '^\[exit 0\]$' 10
test_end

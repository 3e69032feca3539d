#!/bin/sh
# 0620-migrate-trust.t: only the site's hosts migrate: wrong, expired and foreign certificates and plaintext are refused by name; the network side runs unprivileged
# shellcheck disable=SC2317 # helpers here run through test_ok, which shellcheck cannot follow
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS
# shellcheck source=lib/twohost.sh
. "$TEST_DIR/lib/twohost.sh"
twohost_up
on hosta hpvmcreate -P vm1 -r 256M >/dev/null 2>&1
ssl_b=$TRASH/hostb/root/etc/opt/hpvm/ssl

test_expect_success "the site's hosts trust each other" on hosta hpvmmigrate -P vm1 -h 10.77.0.2 -s
test_expect_success "hpvmsecsetup -l shows what a host presents" on hostb hpvmsecsetup -l
test_stdout_matches '^host-cert.pem .*10\.77\.0\.2'

# swap_b DIR: host B presents the certificate in DIR from now on (its daemon reloads by restarting).
swap_b() {
	rm -rf "$ssl_b.good"
	[ -d "$ssl_b.orig" ] || cp -a "$ssl_b" "$ssl_b.orig"
	rm -rf "$ssl_b"
	cp -a "$1" "$ssl_b"
	migrated_stop hostb
	migrated_start hostb
}

# A certificate the site's CA signed, for another name.
on hosta hpvmsecsetup -i 10.77.0.9 -o "$TRASH/wrongname" >/dev/null
swap_b "$TRASH/wrongname"
test_expect_failure "a certificate for another host" on hosta hpvmmigrate -P vm1 -h 10.77.0.2 -s
test_stderr_matches "^hpvmmigrate: ERROR \(vm1\): The certificate of 10\.77\.0\.2 failed verification against the site CA: IP address mismatch\.$"

# An expired one, issued a month ago for a day (faketime cannot run the sanitizers' build).
if nm -D "$HPVM_BUILD/bin/hpvmsecsetup" 2>/dev/null | grep -q __asan_init; then
	test_ok "# SKIP an expired certificate: faketime cannot run the sanitizers' build" true
else
	HPVM_ROOT=$TRASH/hosta/root faketime -f '-30d' hpvmsecsetup -i 10.77.0.2 -o "$TRASH/expired" -d 1 >/dev/null
	swap_b "$TRASH/expired"
	test_expect_failure "an expired certificate" on hosta hpvmmigrate -P vm1 -h 10.77.0.2 -s
	test_stderr_matches "^hpvmmigrate: ERROR \(vm1\): The certificate of 10\.77\.0\.2 failed verification against the site CA: certificate has expired\.$"
fi

# One from another site's CA.
mkdir -p "$TRASH/othersite/root"
HPVM_ROOT=$TRASH/othersite/root hpvmsecsetup -c -n elsewhere -h 10.77.0.2 >/dev/null
swap_b "$TRASH/othersite/root/etc/opt/hpvm/ssl"
test_expect_failure "a certificate from another CA" on hosta hpvmmigrate -P vm1 -h 10.77.0.2 -s
test_stderr_matches "^hpvmmigrate: ERROR \(vm1\): The certificate of 10\.77\.0\.2 failed verification against the site CA: (unable to get local issuer certificate|self-signed certificate in certificate chain)\.$"
test_ok "and host B, trusting only its CA, refused host A's, saying so" \
	wait_log hostb "refused a connection from 10\.77\.0\.1: .*(certificate|alert)"
swap_b "$ssl_b.orig"
test_expect_success "the right certificate again" on hosta hpvmmigrate -P vm1 -h 10.77.0.2 -s

# Plaintext, both ways.
on hosta sh -c 'printf "GET / HTTP/1.0\r\n\r\n" | socat -t 2 - TCP:10.77.0.2:4470' >/dev/null 2>&1
test_ok "a plaintext client is refused, and the log says so" \
	wait_log hostb "refused a connection from 10.77.0.1: 10.77.0.1 does not speak TLS \(plaintext\?\)"
on hostb socat TCP-LISTEN:4471,reuseaddr SYSTEM:'echo hello; sleep 1' &
sleep 0.5
test_expect_failure "a plaintext server is refused" on hosta hpvmmigrate -P vm1 -h 10.77.0.2:4471 -s
test_stderr_matches "^hpvmmigrate: ERROR \(vm1\): 10\.77\.0\.2 does not speak TLS"
test_expect_failure "nothing listening" on hosta hpvmmigrate -P vm1 -h 10.77.0.2:4479 -s
test_stderr_matches "^hpvmmigrate: ERROR \(vm1\): Unable to connect to hpvmmigrated on 10\.77\.0\.2 port 4479: Connection refused$"

# The process that speaks TLS to a peer: its own user, an empty root, no new privileges, seccomp.
on hosta sh -c 'sleep 8 | socat -t 8 - TCP:10.77.0.2:4470' >/dev/null 2>&1 &
# net_child HOST: the hpvmmig-owned hpvmmigrated in that host's network namespace.
net_child() {
	_ns=$(readlink "/proc/$(eval echo "\$host_pid_$1")/ns/net")
	for _p in $(pgrep -u hpvmmig -x hpvmmigrated); do
		[ "$(readlink "/proc/$_p/ns/net")" = "$_ns" ] && echo "$_p" && return 0
	done
	return 1
}
_n=50
while [ $_n -gt 0 ] && ! child=$(net_child hostb); do sleep 0.1; _n=$((_n - 1)); done
test_ok "a connection's child runs as hpvmmig" test -n "$child"
test_equal "with no privileges to gain" "1" "$(sed -n 's/^NoNewPrivs:\t//p' "/proc/$child/status")"
# Seen from another mount namespace (a test run inside a chroot) the link names the whole path.
case $(readlink "/proc/$child/root") in
*"$TRASH/hostb/root/var/opt/hpvm/empty") chroot_ok=1 ;;
*) chroot_ok=0 ;;
esac
test_equal "in an empty root" 1 "$chroot_ok"
test_equal "holding no capabilities" "0000000000000000" "$(sed -n 's/^CapEff:\t//p' "/proc/$child/status")"
if nm -D "$HPVM_BUILD/lbin/hpvmmigrated" 2>/dev/null | grep -q __asan_init; then
	test_ok "# SKIP the sanitizers' runtime cannot live under seccomp" true
else
	test_equal "under a seccomp filter" "2" "$(sed -n 's/^Seccomp:\t//p' "/proc/$child/status")"
fi
parent=$(ps -o ppid= -p "$child" | tr -d ' ')
test_equal "its parent, the session, is root" "0" "$(ps -o uid= -p "$parent" | tr -d ' ')"
test_equal "and reads nothing from the network itself" "0" \
	"$(find "/proc/$parent/fd" -lname 'socket:*' 2>/dev/null | while read -r f; do
		grep -l "$(readlink "$f" | tr -dc 0-9)" /proc/net/tcp /proc/net/tcp6 2>/dev/null; done | wc -l)"

test_end

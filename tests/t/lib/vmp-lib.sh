# vmp-lib.sh: ordinary users at guest consoles, as on an installed host, inside the test's own mount
# namespace: the hpvmsys group, hpvmconsole setgid hpvmsys in /opt/hpvm/bin, the host's paths
# (/var/opt/hpvm, /var/run/hpvm) showing the test's HPVM_ROOT, hpvmconsoled running with a PAM
# configuration of the test's own, and real accounts and groups removed again when the test ends.
# Usage, after test-lib.sh, term-lib.sh and hpvm_root_new: vmp_host_setup; vmp_user NAME
# [useradd options...]; vmp_group NAME; vmp_pam "auth ..." "account ..." ...; vmp_as USER COMMAND.

VMP_USERS=
VMP_GROUPS=
VMP_DAEMON=
VMP_PAM_DIR=$TRASH/pam.d
# Names unique to this run, short enough for any account database.
# shellcheck disable=SC2034 # for the tests that source this
VMP_TAG=hv$(($$ % 100000))

# Public scratch space, for what the test's users must reach (the test's own is root's alone).
VMP_PUB=

# vmp_retry COMMAND...: the account tools refuse at once while another holds their lock (tests
# run in parallel): try again for a while.
vmp_retry() {
	_n=50
	until "$@" >"$TRASH/retry.err" 2>&1; do
		_n=$((_n - 1))
		[ "$_n" -gt 0 ] || { cat "$TRASH/retry.err" >&2; return 1; }
		sleep 0.2
	done
}

vmp_cleanup() {
	[ -n "$VMP_DAEMON" ] && kill "$VMP_DAEMON" 2>/dev/null
	for _u in $VMP_USERS; do vmp_retry userdel -f "$_u"; done
	for _g in $VMP_GROUPS; do vmp_retry groupdel "$_g"; done
	[ -n "$VMP_PUB" ] && rm -rf "$VMP_PUB"
	return 0
}
trap 'term_stop_all 2>/dev/null; vmp_cleanup; stop_all_guests; test_cleanup' EXIT

# vmp_pub: a directory every test user may read, removed when the test ends; its path is $VMP_PUB.
vmp_pub() {
	VMP_PUB=$(mktemp -d /tmp/hpvm-pub.XXXXXX) && chmod 755 "$VMP_PUB"
}

# The PAM service hpvm the daemon uses: one line per argument.
vmp_pam() {
	mkdir -p "$VMP_PAM_DIR"
	printf '%s\n' "$@" > "$VMP_PAM_DIR/hpvm"
}

vmp_host_setup() {
	# The group an installer makes (like hpvmqemu, it stays: other tests may be using it).
	getent group hpvmsys >/dev/null || vmp_retry sh -c \
	    'groupadd --system hpvmsys || getent group hpvmsys >/dev/null'
	mkdir -p "$HPVM_ROOT/var/opt/hpvm" "$HPVM_ROOT/var/run/hpvm"
	# Private mounts: nothing here is seen outside this test.
	# A minimal host may have no /opt or /var/opt (dpkg takes an empty /opt away with its last
	# package): the mount points, at least, must exist.
	mkdir -p /var/opt /opt
	mount -t tmpfs -o mode=0755 tmpfs /var/opt && mkdir /var/opt/hpvm &&
	    mount --bind "$HPVM_ROOT/var/opt/hpvm" /var/opt/hpvm || return 1
	mount -t tmpfs -o mode=0755 tmpfs /run && mkdir /run/hpvm &&
	    mount --bind "$HPVM_ROOT/var/run/hpvm" /run/hpvm || return 1
	mount -t tmpfs -o mode=0755 tmpfs /opt && mkdir -p /opt/hpvm/bin || return 1
	install -o root -g hpvmsys -m 2755 "$HPVM_BUILD/bin/hpvmconsole" /opt/hpvm/bin/hpvmconsole ||
	    return 1
	vmp_pam "auth required pam_unix.so" "account required pam_unix.so" \
	    "session required pam_permit.so"
	"$HPVM_BUILD/lbin/hpvmconsoled" -d -p "$VMP_PAM_DIR" 2>"$TRASH/hpvmconsoled.err" &
	VMP_DAEMON=$!
	_n=50
	while [ ! -S "$HPVM_ROOT/var/run/hpvm/hpvmconsoled.sock" ] && [ "$_n" -gt 0 ]; do
		sleep 0.1; _n=$((_n - 1))
	done
	[ -S /var/run/hpvm/hpvmconsoled.sock ]
}

# vmp_user NAME [useradd options...]: a real account, password "pw-NAME" (names: $VMP_TAG...).
vmp_user() {
	_u=$1; shift
	vmp_retry useradd -M -N -g users "$@" "$_u" || return 1
	VMP_USERS="$VMP_USERS $_u"
	echo "$_u:pw-$_u" > "$TRASH/chpasswd"
	# shellcheck disable=SC2016 # the inner shell expands it
	vmp_retry sh -c 'chpasswd < "$1"' sh "$TRASH/chpasswd"
}

# vmp_group NAME: a real group.
vmp_group() {
	vmp_retry groupadd "$1" || return 1
	VMP_GROUPS="$VMP_GROUPS $1"
}

# vmp_as USER COMMAND: a shell command line run as USER, with an ordinary user's credentials and
# environment (none of the test's HPVM_ settings).
vmp_as() {
	_u=$1; shift
	env -i PATH=/usr/bin:/bin HOME=/ TERM="$TERM" LOGNAME="$_u" \
	    setpriv --reuid="$_u" --regid="$(id -g "$_u")" --init-groups -- sh -c "$*"
}

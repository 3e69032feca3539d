# hpvm-setup.sh: the host set-up both installers run: SD's control scripts and the Debian package's maintainer scripts.
# Inlined into each script when the depot or the package is built (tools/inline-setup.sh), so every
# script stands alone. SD runs scripts with stdout closed: everything goes to stderr. Installs into an
# alternate root (swinstall @ /some/root) touch files there, and leave this host's users and services be.

SETUP_ROOT=${SW_ROOT_DIRECTORY:-/}
SETUP_ROOT=${SETUP_ROOT%/}
HPVM_PREFIX=/opt/hpvm

setup_say() {
	echo "hpvm: $*" >&2
}

setup_on_host() {
	[ -z "$SETUP_ROOT" ]
}

# checkinstall: QEMU and the shared libraries hpvm's commands use must be there.
setup_checkinstall() {
	_missing=""
	command -v qemu-system-x86_64 >/dev/null 2>&1 || _missing="$_missing qemu-system-x86_64"
	for _lib in libxml2.so.2 libjson-c.so.5 libnl-route-3.so.200 libnl-3.so.200 libssl.so.3 libcrypto.so.3 libpam.so.0; do
		ldconfig -p 2>/dev/null | grep -q "$_lib " || _missing="$_missing $_lib"
	done
	if [ -n "$_missing" ]; then
		setup_say "missing:$_missing (Debian: qemu-system-x86 libxml2 libjson-c5 libnl-route-3-200 libssl3 libpam0g)"
		return 1
	fi
	return 0
}

# What the set-up made (directories, hpvmconf) is listed in SETUP_MADE, so a purge removes that and
# nothing an administrator or an earlier install had there.
SETUP_MADE=/var/opt/hpvm/.setup-made

setup_make_dir() {
	[ -d "$SETUP_ROOT$1" ] && return 0
	mkdir -p "$SETUP_ROOT$1" || return 1
	echo "$1" >>"$SETUP_ROOT$SETUP_MADE"
}

# postinstall: the state tree, hpvmconf, hpvm's group (console and runtime files), HP's group hpvmsys
# (console accounts: hpvmconsole runs setgid hpvmsys to reach hpvmconsoled), QEMU's own user and the
# user migration's network side runs as (hpvmmig).
setup_postinstall() {
	for _d in /var/opt /var/opt/hpvm /var/opt/hpvm/common /var/opt/hpvm/uuids /var/opt/hpvm/guests \
	    /var/opt/hpvm/vswitches /etc/rc.config.d; do
		setup_make_dir "$_d" || return 1
	done
	grep -qx /var/opt/hpvm/uuids "$SETUP_ROOT$SETUP_MADE" 2>/dev/null && chmod 0750 "$SETUP_ROOT/var/opt/hpvm/uuids"
	if [ ! -e "$SETUP_ROOT/etc/rc.config.d/hpvmconf" ]; then
		cp "$SETUP_ROOT$HPVM_PREFIX/etc/hpvmconf.default" "$SETUP_ROOT/etc/rc.config.d/hpvmconf" || return 1
		echo /etc/rc.config.d/hpvmconf >>"$SETUP_ROOT$SETUP_MADE"
	fi
	setup_on_host || return 0
	getent group hpvm >/dev/null || groupadd --system hpvm
	getent group hpvmsys >/dev/null || groupadd --system hpvmsys
	for _u in hpvmqemu hpvmmig; do
		getent passwd "$_u" >/dev/null ||
			useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$_u"
	done
	# The packages carry every file as root's: the console gets its group here, once the group exists.
	_con=$HPVM_PREFIX/bin/hpvmconsole
	if [ -f "$_con" ] && ! { chgrp hpvmsys "$_con" && chmod 2755 "$_con"; }; then
		setup_say "could not make $_con setgid hpvmsys"
	fi
	return 0
}

# configure: guests start and stop with the host (systemd's unit, or the init script without it).
setup_configure() {
	setup_on_host || return 0
	if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
		systemctl daemon-reload >/dev/null 2>&1
		systemctl enable hpvm.service >/dev/null 2>&1 || setup_say "could not enable hpvm.service"
	elif command -v update-rc.d >/dev/null 2>&1; then
		update-rc.d hpvm defaults >/dev/null 2>&1 || setup_say "could not enable /etc/init.d/hpvm"
	fi
	# The localnet vswitch needs no set-up: it always exists, and comes up on first use.
	return 0
}

setup_unconfigure() {
	setup_on_host || return 0
	if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
		systemctl disable hpvm.service >/dev/null 2>&1
	fi
	command -v update-rc.d >/dev/null 2>&1 && update-rc.d -f hpvm remove >/dev/null 2>&1
	return 0
}

# checkremove: running guests would lose their commands and their supervisor's binary.
setup_checkremove() {
	_bin=$SETUP_ROOT$HPVM_PREFIX/bin
	[ -x "$_bin/hpvmstatus" ] || return 0
	_up=$("$_bin/hpvmstatus" -M 2>/dev/null | awk -F: '$5 ~ /^On/ { print $1 }' | tr '\n' ' ')
	if [ -n "$_up" ]; then
		setup_say "guests are running: $_up; stop them (hpvmstop) before removing hpvm"
		return 1
	fi
	return 0
}

# postremove: the commands are gone; guests' configurations stay, as HP's did. With "purge"
# (Debian) what the set-up made goes: hpvmconf, and the state tree if it made it (with hpvm's logs)
# and nothing else is left in it: defined guests, vswitches and the device database stay.
setup_postremove() {
	[ "${1:-}" = purge ] || return 0
	_made=$SETUP_ROOT$SETUP_MADE
	[ -f "$_made" ] || return 0
	_v=$SETUP_ROOT/var/opt/hpvm
	_tree=""
	if grep -qx /var/opt/hpvm "$_made"; then
		_tree=1
		rm -f "$_v/common/command.log" "$_v/common/hpvm_mon_log" "$_v/common/.lock"
	fi
	grep -qx /etc/rc.config.d/hpvmconf "$_made" && rm -f "$SETUP_ROOT/etc/rc.config.d/hpvmconf"
	_list=$(sort -r "$_made")
	rm -f "$_made"
	for _d in $_list; do
		[ -d "$SETUP_ROOT$_d" ] && rmdir "$SETUP_ROOT$_d" 2>/dev/null
	done
	if [ -n "$_tree" ] && [ -d "$_v" ]; then
		setup_say "$_v stays: it holds guests or other state"
	fi
	return 0
}

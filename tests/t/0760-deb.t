#!/bin/sh
# 0760-deb.t: the Debian package installs on this machine, its commands run, and dpkg -r then dpkg -P leave nothing behind
# The test may stop early (skip); what follows is reachable.
# shellcheck disable=SC2317
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT
command -v dpkg-deb >/dev/null || { echo "1..0 # SKIP needs dpkg"; exit 0; }
# The test installs into the real /: never over an hpvm that is there already.
if dpkg -s hpvm >/dev/null 2>&1 || [ -e /opt/hpvm ]; then
	echo "1..0 # SKIP hpvm is installed on this machine already"
	exit 0
fi

hpvm_root_new		# commands run here must not log into the host's own tree
stage=$TRASH/stage
deb=$TRASH/hpvm.deb
make -s -C "$TOP" install BUILD="$HPVM_BUILD" PREFIX=/opt/hpvm DESTDIR="$stage" >/dev/null 2>&1
test_expect_success "the package is built from make install" sh "$TOP/tools/mkdeb.sh" "$stage" "$deb" 0+B.01.00
test_expect_success "dpkg-deb reads it" dpkg-deb --info "$deb"
test_stdout_matches "^ Package: hpvm$"
test_stdout_matches "^ Depends: .*qemu-system-x86"
dpkg-deb --contents "$deb" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' | sort >"$TRASH/contents"
(cd "$stage" && find . -type f | sed 's|^\.||' | sort | grep -v '^/DEBIAN/') >"$TRASH/staged"
test_ok "it carries exactly what make install installs" cmp "$TRASH/contents" "$TRASH/staged"
test_ok "its maintainer scripts hold the set-up the SD scripts run" \
	sh -c "dpkg-deb --ctrl-tarfile '$deb' | tar -xOf - ./postinst | grep -q '^setup_postinstall()'"

# Everywhere dpkg and the maintainer scripts may write, before and after.
# Files and links, and hpvm's own directories: dpkg itself may take an empty /opt it made no
# package's. (Not all of /etc: other work on a shared machine changes it meanwhile.)
snapshot() {
	find /opt /usr/lib/ocf /lib/systemd/system /var/opt /etc/init.d /etc/rc[0-6S].d /etc/bash_completion.d \
	    /etc/rc.config.d /etc/systemd/system /etc/opt \( ! -type d -o -path '*hpvm*' \) 2>/dev/null | sort
}
snapshot >"$TRASH/before"
# dpkg -i|-r|-P, waiting (bounded) while another installer holds dpkg's lock.
dpkg_run() {
	_n=60
	while :; do
		dpkg "$@" >"$TRASH/dpkg.out" 2>&1 && return 0
		if ! grep -q 'lock' "$TRASH/dpkg.out" || [ "$_n" -le 0 ]; then
			cat "$TRASH/dpkg.out" >&2
			return 1
		fi
		sleep 5
		_n=$((_n - 1))
	done
}
test_ok "dpkg -i installs it" dpkg_run -i "$deb"
trap 'dpkg -P hpvm >/dev/null 2>&1; stop_all_guests; test_cleanup' EXIT
test_ok "dpkg knows it" sh -c "dpkg -s hpvm | grep -q '^Status: install ok installed'"
test_expect_success "a command from it runs" /opt/hpvm/bin/hpvmstatus -v
test_stdout_matches "Version B.01.00"
test_expect_success "and does its work" /opt/hpvm/bin/hpvmcreate -P vm1
test_expect_success "hpvmstatus sees the guest" /opt/hpvm/bin/hpvmstatus -M
test_stdout_matches "^vm1:"
test_ok "the OCF agent is where Pacemaker looks" /usr/lib/ocf/resource.d/hpvm/hpvmguest meta-data
test_ok "the systemd unit is installed" test -f /lib/systemd/system/hpvm.service
test_ok "the completion is installed" bash -c ". /etc/bash_completion.d/hpvm && complete -p hpvmstart"
test_ok "postinst made the state tree" test -d /var/opt/hpvm/uuids
test_ok "and hpvmconf" test -f /etc/rc.config.d/hpvmconf
test_ok "QEMU's user exists" getent passwd hpvmqemu
test_ok "so does hpvm's group" getent group hpvm
test_ok "and HP's console group" getent group hpvmsys
test_ok "and migration's user" getent passwd hpvmmig
test_ok "hpvmconsole is setgid hpvmsys" sh -c "[ \"\$(stat -c %a:%G /opt/hpvm/bin/hpvmconsole)\" = 2755:hpvmsys ]"
test_ok "dpkg -V finds every file as packaged" sh -c "[ -z \"\$(dpkg -V hpvm)\" ]"

test_ok "dpkg -r removes it" dpkg_run -r hpvm
test_ok "no file of its own is left but its configuration files" sh -c "
	while read -r f; do [ ! -e \"\$f\" ] || case \$f in /etc/*) ;; *) echo \"\$f\"; exit 1 ;; esac; done <'$TRASH/contents'"
test_ok "dpkg -P purges it" dpkg_run -P hpvm
test_ok "dpkg has forgotten it" sh -c "! dpkg -s hpvm >/dev/null 2>&1"
snapshot >"$TRASH/after"
test_ok "nothing is left behind" diff "$TRASH/before" "$TRASH/after"
test_end

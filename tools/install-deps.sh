#!/bin/sh
# install-deps.sh: the Debian 12 packages hpvm needs to build and test; --check only reports what is missing.
set -eu
PKGS="gcc make pkg-config libc6-dev libxml2-dev libxml2-utils libjson-c-dev libnl-route-3-dev libcmocka-dev perl util-linux clang libclang-rt-14-dev
 qemu-system-x86 ovmf busybox-static cpio kmod grub-pc-bin grub-common xorriso mtools bc
 openvswitch-switch iproute2 iputils-ping socat mandoc shellcheck strace
 libsnmp-dev snmpd snmp snmptrapd libssl-dev libseccomp-dev faketime
 pacemaker pacemaker-cli-utils corosync resource-agents
 libpam0g-dev libpam-modules gzip tmux passwd procps"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ "${1:-}" = "--check" ]; then
	[ -z "$missing" ] && exit 0
	echo "missing:$missing"
	exit 1
fi
[ -z "$missing" ] && exit 0
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Packaged daemons (corosync, pacemaker, openvswitch) must not start on this host: the tests run
# their own, in namespaces. Debian asks policy-rc.d; one that says no is in place for the install.
guard=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	guard=/usr/sbin/policy-rc.d
fi
rc=0
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing || rc=$?
[ -z "$guard" ] || rm -f "$guard"
exit $rc

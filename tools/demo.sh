#!/bin/sh
# demo.sh: make demo: build hpvm and the test guest, then create, start, show, and stop a guest in a demo HPVM_ROOT.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/build/bin
HPVM_ROOT=${DEMO_ROOT:-/tmp/hpvm-demo}
export HPVM_ROOT
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "$*"; "$@"; }

"$bin/hpvmstop" -a -h -q 2>/dev/null || true
# QEMU never runs as root: the installer makes its user; the demo makes it when it is missing.
getent passwd hpvmqemu >/dev/null ||
	useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin hpvmqemu
rm -rf "$HPVM_ROOT"
mkdir -p "$HPVM_ROOT/images"
truncate -s 64M "$HPVM_ROOT/images/demo1.img"
echo "hpvm demo: HPVM_ROOT=$HPVM_ROOT (the host's own /var/opt/hpvm is not touched)"
cd "$bin"
run ./hpvmcreate -P demo1 -O linux -c 1 -r 512M -l "hpvm demo guest" \
	-a dvd:scsi::file:"$top/build/guest/guest.iso" \
	-a disk:avio_stor::file:"$HPVM_ROOT/images/demo1.img" -u "$(id -un)":admin
run ./hpvmstart -P demo1
run ./hpvmstatus
run ./hpvmstatus -P demo1
say "hpvmconsole -P demo1 -q -c cl   (waiting for the guest to boot)"
i=0
while ! ./hpvmconsole -P demo1 -q -c cl | grep -aq 'HPVM-TEST-GUEST READY'; do
	i=$((i + 1))
	[ $i -lt 300 ] || { echo "demo: the guest did not boot in 60 s" >&2; exit 1; }
	sleep 0.2
done
./hpvmconsole -P demo1 -q -c cl | tr -d '\r' | grep -a -v '^\s*$' | grep -av '\[6n' | tail -8
run ./hpvmstop -P demo1 -g -F
run ./hpvmstatus
say "tail $HPVM_ROOT/var/opt/hpvm/guests/demo1/log"
tail "$HPVM_ROOT/var/opt/hpvm/guests/demo1/log"

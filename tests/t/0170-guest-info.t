#!/bin/sh
# 0170-guest-info.t: inside a guest, hpvminfo says it is an hpvm guest and names its host (from SMBIOS)
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
# The guest's initramfs plus a second archive holding hpvminfo; Linux unpacks both.
mkdir -p "$TRASH/extra/bin"
cp "$HPVM_BUILD/bin/hpvminfo" "$TRASH/extra/bin/"
if ldd "$TRASH/extra/bin/hpvminfo" 2>/dev/null | grep -q '=>'; then
	echo "1..0 # SKIP hpvminfo is not statically linked in this build (sanitizers)"
	exit 0
fi
(cd "$TRASH/extra" && find . | cpio -o -H newc --quiet | gzip -1) > "$TRASH/extra.img"
cat "$GUEST_INITRD" "$TRASH/extra.img" > "$TRASH/initrd.img"
hpvmcreate -P vm1 -r 256M -x boot_kernel="$GUEST_KERNEL" -x boot_initrd="$TRASH"/initrd.img \
	-x boot_args=console=ttyS0 >/dev/null 2>&1
test_expect_success "start" hpvmstart -P vm1
test_ok "hpvminfo -S in the guest prints guest information" wait_console vm1 'HPVM-TEST-GUEST INFO HPVM Guest information' 90
test_ok "with the version" sh -c "hpvmconsole -P vm1 -q -c cl | tr -d '\\r' | grep -aq '^HPVM-TEST-GUEST INFO VERSION: HPVM B\\.[0-9][0-9]\\.[0-9][0-9]\$'"
test_ok "and the host's name" sh -c "hpvmconsole -P vm1 -q -c cl | tr -d '\\r' | grep -aq \"^HPVM-TEST-GUEST INFO SERVER HOSTNAME: \$(hostname)\$\""
test_expect_success "on the host it says host" hpvminfo
test_stdout_matches '^hpvminfo: Running on an HPVM host\.$'
test_end

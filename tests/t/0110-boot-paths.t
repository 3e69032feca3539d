#!/bin/sh
# 0110-boot-paths.t: an ISO on an avio_stor DVD boots; direct kernel boot runs an appliance; two guests start in parallel
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
hpvmcreate -P avio -r 256M -a dvd:avio_stor::file:"$GUEST_ISO" >/dev/null 2>&1
hpvmcreate -P appliance -r 256M -x boot_kernel="$GUEST_KERNEL" -x boot_initrd="$GUEST_INITRD" \
	-x "boot_args=console=ttyS0 hpvm.counter=1" >/dev/null 2>&1

hpvmstart -P avio > "$TRASH/s1" 2>&1 &
p1=$!
hpvmstart -P appliance > "$TRASH/s2" 2>&1 &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
test_equal "two guests started in parallel" "0 0" "$r1 $r2"
test_equal "both running" "On (OS) On (OS)" "$(guest_state avio) $(guest_state appliance)"
test_ok "the ISO on avio_stor boots" wait_console avio 'HPVM-TEST-GUEST READY' 90
test_ok "direct kernel boot runs the appliance's counter" wait_console appliance 'HPVM-TEST-GUEST COUNT 3' 90
test_ok "the kernel arguments reached the guest" sh -c "hpvmconsole -P appliance -q -c cl | grep -aq 'HPVM-TEST-GUEST READY'"
test_expect_success "boot attributes shown" hpvmstatus -P appliance -X
test_stdout_matches "<boot firmware=\"bios\" kernel=\"$GUEST_KERNEL\" initrd=\"$GUEST_INITRD\" args=\"console=ttyS0 hpvm.counter=1\"/>"
test_expect_success "stop all running guests" hpvmstop -a -F
test_equal "both off" "Off Off" "$(guest_state avio) $(guest_state appliance)"

before=$(state_digest)
test_expect_failure "an unknown -x boot attribute value" hpvmmodify -P appliance -x firmware=coreboot
test_stderr_matches "Invalid firmware 'coreboot': use bios or uefi"
test_expect_failure "a relative boot kernel" hpvmmodify -P appliance -x boot_kernel=vmlinuz
test_stderr_matches "Backing store 'vmlinuz' is not an absolute path"
test_equal "nothing changed" "$before" "$(state_digest)"

test_expect_success "UEFI firmware for a guest" hpvmcreate -P efi -r 256M -x firmware=uefi -a dvd:scsi::file:"$GUEST_ISO"
gdir=$(readlink -f "$HPVM_ROOT/var/opt/hpvm/guests/efi")
if [ -f /usr/share/OVMF/OVMF_VARS_4M.fd ]; then
	test_expect_success "starts under OVMF" hpvmstart -P efi
	test_ok "with its own NVRAM made from the OVMF template" cmp /usr/share/OVMF/OVMF_VARS_4M.fd "$gdir/nvram"
	test_ok "and QEMU holds it open (handed over as a descriptor)" \
		sh -c "ls -l /proc/\$(hpvmstatus -P efi -M | cut -d: -f16)/fd/ | grep -q ' -> $gdir/nvram\$'"
	hpvmstop -P efi -F >/dev/null 2>&1
fi
test_end

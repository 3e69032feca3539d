#!/bin/sh
# 0160-host-boot.t: at host start "auto" guests start, largest first, past failures; at shutdown running guests stop gracefully
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
HOSTCMD=$HPVM_BUILD/lbin/hpvmhost
# bootable NAME OPTIONS...: a guest that boots the test kernel directly
bootable() {
	_n=$1; shift
	hpvmcreate -P "$_n" "$@" -x boot_kernel="$GUEST_KERNEL" -x boot_initrd="$GUEST_INITRD" \
	    -x boot_args=console=ttyS0
}
bootable small -B auto -r 256M >/dev/null 2>&1
bootable big -B auto -r 320M >/dev/null 2>&1
hpvmcreate -P broken -B auto -r 512M -a disk:scsi::file:"$TRASH"/gone.img >/dev/null 2>&1
bootable manual -r 256M >/dev/null 2>&1

test_expect_failure "host start reports the guest that could not start" "$HOSTCMD" start
test_stderr_matches "^hpvmhost: ERROR \(broken\): $TRASH/gone.img: Backing store $TRASH/gone.img for disk does not exist\.$"
test_equal "and went on: big before small, broken tried first (largest)" \
	"hpvmhost: started guest 'big'
hpvmhost: started guest 'small'" "$(cat "$out")"
test_equal "auto guests run, the manual one does not" "On (OS) On (OS) Off Off" \
	"$(guest_state big) $(guest_state small) $(guest_state manual) $(guest_state broken)"
test_ok "big has booted" wait_console big 'HPVM-TEST-GUEST READY' 90
test_ok "small has booted" wait_console small 'HPVM-TEST-GUEST READY' 90

test_expect_success "host shutdown" "$HOSTCMD" stop -w 60
test_equal "everything is off" "Off Off" "$(guest_state big) $(guest_state small)"
test_ok "gracefully: each guest saw its power button" sh -c "
	hpvmconsole -P big -q -c cl | grep -aq POWERBUTTON && hpvmconsole -P small -q -c cl | grep -aq POWERBUTTON"

hpvmstart -P manual >/dev/null 2>&1
wait_console manual 'HPVM-TEST-GUEST READY' 90
hpvmconsole -P manual -q -c cl >/dev/null
# A guest that ignores its power button is turned off once the wait is over.
(printf 'rm -rf /etc/acpi/PWRF\r'; sleep 1) | hpvmconsole -P manual -q >/dev/null 2>&1
sleep 1
test_expect_success "a guest that ignores the power button" "$HOSTCMD" stop -w 2
test_stderr_matches "^hpvmhost: WARNING \(manual\): did not shut down within 2 seconds; turning it off\.$"
test_equal "is turned off" "Off" "$(guest_state manual)"
# Auto guests start side by side (HPVM_START_PARALLEL, 4 by default), largest first.
hpvmremove -P big -F >/dev/null 2>&1
hpvmremove -P small -F >/dev/null 2>&1
hpvmremove -P broken -F >/dev/null 2>&1
pub=$(mktemp -d /tmp/hpvm-pub.XXXXXX)
chmod 1777 "$pub"
cat > "$pub/slow-qemu" <<EOF
#!/bin/sh
name=\$(printf '%s\n' "\$@" | sed -n 's/,debug-threads=on\$//p')
echo "begin \$name" >> "$pub/order"
sleep 2
echo "end \$name" >> "$pub/order"
exec qemu-system-x86_64 "\$@"
EOF
chmod 755 "$pub/slow-qemu"
bootable par1 -B auto -r 320M >/dev/null 2>&1
bootable par2 -B auto -r 256M >/dev/null 2>&1
test_expect_success "host start with two auto guests" env HPVM_QEMU="$pub/slow-qemu" "$HOSTCMD" start
test_equal "both were launched before either was up: they start in parallel" "begin begin" \
	"$(sed -n '1p;2p' "$pub/order" | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ $//')"
test_equal "reported largest first" "hpvmhost: started guest 'par1'
hpvmhost: started guest 'par2'" "$(cat "$out")"
test_equal "both run" "On (OS) On (OS)" "$(guest_state par1) $(guest_state par2)"
"$HOSTCMD" stop -w 1 >/dev/null 2>&1
rm -rf "$pub"
test_ok "the systemd unit runs hpvmhost" grep -q '^ExecStart=/opt/hpvm/lbin/hpvmhost start$' "$TOP/etc/systemd/hpvm.service"
test_ok "the rc script too" sh -n "$TOP/etc/init.d/hpvm"
test_end

#!/bin/sh
# 0180-confinement.t: QEMU runs unprivileged under seccomp with descriptors for its devices; no lock is held across a boot
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
disk=$(make_file disk.img 64M)
hpvmnet -c -S sw >/dev/null
appliance_guest g 10.9.0.1 -a disk:avio_stor:0,1,0:file:"$disk" -a network:avio_lan:0,5:vswitch:sw \
	>/dev/null 2>&1

test_expect_success "start" hpvmstart -P g
test_ok "it boots" wait_console g 'HPVM-TEST-GUEST READY' 90
qpid=$(hpvmstatus -P g -M | cut -d: -f16)
test_ok "QEMU's uid is not 0" sh -c "awk '/^Uid:/ { exit (\$2 == 0 || \$3 == 0 || \$4 == 0) }' /proc/$qpid/status"
test_equal "it runs as the QEMU user" hpvmqemu "$(ps -o user= -p "$qpid")"
test_equal "its seccomp filter is on (mode 2)" 2 "$(awk '/^Seccomp:/ {print $2}' /proc/"$qpid"/status)"
test_ok "and it cannot gain privileges" sh -c "awk '/^NoNewPrivs:/ { exit \$2 != 1 }' /proc/$qpid/status"
test_ok "it was given its disk, not its name" sh -c "! tr '\\0' ' ' < /proc/$qpid/cmdline | grep -q '$disk'"
test_ok "and holds it open" sh -c "ls -l /proc/$qpid/fd/ | grep -q ' -> $disk\$'"

gdir=$HPVM_ROOT/var/opt/hpvm/guests/g/
rdir=$HPVM_ROOT/var/run/hpvm/$(basename "$(readlink "$HPVM_ROOT/var/opt/hpvm/guests/g")")
test_equal "the console log is for root and the hpvm group only" 640 "$(stat -c %a "$gdir/console.log")"
test_equal "so is the guest log" 640 "$(stat -c %a "$gdir/log")"
test_equal "and the guest's directory" 750 "$(stat -c %a "$gdir")"
test_equal "and the runtime directory" 750 "$(stat -c %a "$rdir")"
test_equal "whose sockets nobody else may use" 660 "$(stat -c %a "$rdir/qmp.sock")"

before=$(state_digest)
test_expect_failure "a running guest is not removed" hpvmremove -P g -F
test_stderr_matches "^hpvmremove: ERROR \(g\): The guest is running; stop it first \(hpvmstop -P g\)\.$"
test_equal "and nothing changed" "$before" "$(state_digest)"

# Hot-plug hands QEMU descriptors too.
d2=$(make_file hot.img 16M)
test_expect_success "a disk is hot-added" hpvmmodify -P g -a disk:avio_stor:0,1,5:file:"$d2"
test_ok "the guest sees it" wait_block g 'sd[a-z] sd[a-z]' 30
test_ok "QEMU holds it open by descriptor" sh -c "ls -l /proc/$qpid/fd/ | grep -q ' -> $d2\$'"
test_expect_success "and removed" hpvmmodify -P g -d disk:avio_stor:0,1,5:file:"$d2"
test_ok "QEMU lets go of it" sh -c "i=0; while ls -l /proc/$qpid/fd/ | grep -q ' -> $d2\$'; do
	i=\$((i + 1)); [ \$i -lt 50 ] || exit 1; sleep 0.1; done"
test_expect_success "graceful stop" hpvmstop -P g -g -F
test_equal "Off" "Off" "$(guest_state g)"

# The global lock is held only to check and reserve: other commands go on while a guest boots.
pub=$(mktemp -d /tmp/hpvm-pub.XXXXXX)
chmod 1777 "$pub"
cat > "$pub/slow-qemu" <<EOF
#!/bin/sh
touch "$pub/launching"
sleep 3
exec qemu-system-x86_64 "\$@"
EOF
chmod 755 "$pub/slow-qemu"
HPVM_QEMU=$pub/slow-qemu hpvmstart -P g >/dev/null 2>&1 &
spid=$!
i=0; while [ ! -e "$pub/launching" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
test_expect_success "hpvmstatus answers while a guest is being launched" hpvmstatus
test_ok "and the start was still under way when it did" kill -0 "$spid"
test_stdout_matches '^g +[0-9]+ UNKNOWN On \(EFI\) '
test_expect_success "a create does not wait for it either" hpvmcreate -P other
test_ok "the start then completes" wait "$spid"
test_equal "and the guest runs" "On (OS)" "$(guest_state g)"
rm -rf "$pub"
test_end

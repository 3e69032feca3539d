#!/bin/sh
# 0400-hpvmsar.t: hpvmsar shows disk and network rates for exactly the guest under load, plausible totals, -M and -X; bad input
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
hpvm_conf HPVM_ACCEL=tcg
hpvmnet -c -S sw1 >/dev/null 2>&1
hpvmnet -b -S sw1 >/dev/null 2>&1
ip addr add 10.9.0.254/24 dev hv-sw1
busy=$(make_file busy.img 64M)
idle=$(make_file idle.img 64M)
appliance_guest busy 10.9.0.1/24 -a disk:avio_stor::file:"$busy" -a network:avio_lan::vswitch:sw1 >/dev/null 2>&1
appliance_guest idle 10.9.0.2/24 -a disk:avio_stor::file:"$idle" -a network:avio_lan::vswitch:sw1 >/dev/null 2>&1
appliance_guest off 10.9.0.3/24 >/dev/null 2>&1
hpvmstart -P busy >/dev/null 2>&1
hpvmstart -P idle >/dev/null 2>&1
test_ok "busy boots" wait_console busy 'HPVM-TEST-GUEST READY' 90
test_ok "idle boots" wait_console idle 'HPVM-TEST-GUEST READY' 90
# Direct I/O both ways on the disk and a ping as fast as replies come back, until the test ends.
guest_run busy 'while :; do dd if=/dev/zero of=/dev/sda bs=64k count=64 oflag=direct 2>/dev/null; dd if=/dev/sda of=/dev/null bs=64k count=64 iflag=direct 2>/dev/null; done &'
guest_run busy 'ping -q -A -s 1000 10.9.0.254 >/dev/null 2>&1 &'
sleep 3

test_expect_success "two reports of one second, as records" hpvmsar -M -n 2 1
cp "$out" "$TRASH/sar.M"
test_equal "a line per running guest and a total in each report" 6 "$(wc -l < "$TRASH/sar.M")"
test_ok "the stopped guest is not listed without -a" sh -c "! grep -q ':off:' '$TRASH/sar.M'"
# Fields: epoch:name:vm#:state:vcpus:%ent:%host:interval:memMB:rssKB:rdB/s:wrB/s:rdIO/s:wrIO/s:inB/s:outB/s:inP/s:outP/s
last() { grep ":$1:" "$TRASH/sar.M" | tail -1 | cut -d: -f"$2"; }
# shellcheck disable=SC2317 # called through test_ok
positive() { awk -v v="$1" 'BEGIN { exit !(v + 0 > 0) }'; }
for f in 11:reads 12:writes 15:inbound 16:outbound; do
	test_ok "busy: non-zero disk/network ${f#*:}" positive "$(last busy "${f%%:*}")"
done
test_equal "idle: no disk reads" 0 "$(last idle 11)"
test_equal "idle: no disk writes" 0 "$(last idle 12)"
test_ok "idle: under 2 KB/s inbound" awk -v v="$(last idle 15)" 'BEGIN { exit !(v < 2048) }'
test_ok "busy: writes over 100 KB/s" awk -v v="$(last busy 12)" 'BEGIN { exit !(v > 102400) }'
test_ok "busy uses CPU, under 100% of the host" awk -v v="$(last busy 7)" 'BEGIN { exit !(v > 0 && v <= 100) }'
test_ok "busy: %ENT is %HOST scaled by the host's processors over a 10% entitlement" \
	awk -v e="$(last busy 6)" -v h="$(last busy 7)" -v n="$(nproc)" 'BEGIN { d = e - h * n * 10; exit !(d < 0.5 && d > -0.5) }'
test_ok "memory is the configured 256 MB, and QEMU's RSS is there" \
	sh -c "[ $(last busy 9) = 256 ] && [ $(last busy 10) -gt 10000 ]"
# shellcheck disable=SC2016 # awk's fields
test_ok "the last total's writes and inbound are the sums of its guests'" awk -F: '
	NR > 3 && $2 == "TOTAL" { t = $12; ti = $15 } NR > 3 && $2 != "TOTAL" { s += $12; si += $15 }
	END { d = t - s; di = ti - si; exit !(NR == 6 && d < 2 && d > -2 && di < 2 && di > -2) }' "$TRASH/sar.M"
test_ok "the total's memory is 512 MB" sh -c "[ \$(grep ':TOTAL:' '$TRASH/sar.M' | tail -1 | cut -d: -f9) = 512 ]"

test_expect_success "the table" hpvmsar
test_stdout_matches '^[0-9:]{8} +Virtual Machine Name +VM # vCPUs +%ENT +%HOST +MemMB +RssMB +rdKB/s +wrKB/s +rdIO/s +wrIO/s +inKB/s +outKB/s$'
test_stdout_matches '^[0-9:]{8} +busy +[0-9]+ +1 +[0-9.]+ +[0-9.]+ +256 '
test_stdout_matches '^[0-9:]{8} +TOTAL '
test_expect_success "-P one guest" hpvmsar -P idle -M
test_equal "only that guest and the total" "idle TOTAL" "$(cut -d: -f2 "$out" | tr '\n' ' ' | sed 's/ $//')"
test_expect_success "-a lists the stopped guest too, without rates" hpvmsar -a -M
test_stdout_matches '^[0-9:]+:off:[0-9]+:Off:1::::256:'
test_expect_success "-X" hpvmsar -X
test_ok "-X is well-formed XML" xmllint --noout "$out"
test_ok "-X has the busy guest's disk" grep -q '<guest name="busy".*' "$out"

before=$(state_digest)
test_expect_failure "a stopped guest with -P" hpvmsar -P off
test_stderr_matches '^hpvmsar: ERROR \(off\): The guest is not running\.$'
test_expect_failure "an unknown guest" hpvmsar -P nosuch
test_stderr_matches '^hpvmsar: ERROR \(nosuch\): '
test_expect_usage "-M and -X together" hpvmsar -M -X
test_expect_usage "interval 0" hpvmsar 0
test_expect_usage "a count that is not a number" hpvmsar -n x 1
test_expect_usage "two operands" hpvmsar 1 2
test_equal "refusals change nothing" "$before" "$(state_digest)"
test_end

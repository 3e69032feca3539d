#!/bin/sh
# 0440-collect.t: hpvmcollect packs what support needs while a guest runs, every checksum verifies, no key material; bad input
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT NETNS GUEST

hpvm_root_new
hpvm_conf HPVM_ACCEL=tcg
hpvmnet -c -S sw1 >/dev/null 2>&1
hpvmnet -b -S sw1 >/dev/null 2>&1
appliance_guest g1 10.9.0.1/24 -a network:avio_lan::vswitch:sw1 >/dev/null 2>&1
hpvmcreate -P g2 >/dev/null 2>&1
hpvmmodify -P g2 -c 2 >/dev/null 2>&1
hpvmstart -P g1 >/dev/null 2>&1
test_ok "g1 boots" wait_console g1 'HPVM-TEST-GUEST READY' 90
hpvmstop -P g1 -h -F -q >/dev/null 2>&1
hpvmstart -P g1 >/dev/null 2>&1
test_ok "g1 runs again" wait_console g1 'HPVM-TEST-GUEST READY' 90
hpvmmodify -P g1 -r 320M >/dev/null 2>&1
# Key material where a careless collector would find it: beside the configuration and in a guest's log.
printf -- '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n' \
	>> "$HPVM_ROOT/etc/rc.config.d/hpvmconf"
mkdir -p "$TRASH/out"

test_expect_success "collect, with g1's runtime state, while it runs" hpvmcollect -P g1 -d "$TRASH/out"
test_stdout_matches "^hpvmcollect: Support archive written to $TRASH/out/hpvmcollect-.*-g1-[0-9]{8}-[0-9]{6}\\.tar\\.gz$"
archive=$(ls "$TRASH"/out/*.tar.gz)
test_equal "nothing else is left in the directory" 1 "$(find "$TRASH/out" -mindepth 1 | wc -l)"
mkdir -p "$TRASH/x"
tar -C "$TRASH/x" -xzf "$archive"
top=$(ls -d "$TRASH"/x/hpvmcollect-*)
for f in MANIFEST host/facts.txt host/cpuinfo host/meminfo host/dmesg.txt common/hpvm_mgmtdb \
    common/command.log common/hpvm_mon_log vswitches.txt hpvmstatus-X.xml guests/g1/vmm_config.current \
    guests/g1/vmm_config.next guests/g2/vmm_config.prev guests/g1/log guests/g1/console.log guests/g2/vmm_config.current \
    runtime/query-status.json runtime/query-cpus-fast.json runtime/query-blockstats.json; do
	test_ok "the archive has $f" test -s "$top/$f"
done
test_ok "every checksum verifies" sh -c "cd '$top' && sha256sum --strict -c MANIFEST >/dev/null"
test_equal "the MANIFEST lists every other file" "$(cd "$top" && find . -type f ! -name MANIFEST | sed 's|^\./||' | sort)" \
	"$(awk '{print $2}' "$top/MANIFEST" | sort)"
test_ok "no key material anywhere" sh -c "! grep -rq 'PRIVATE KEY' '$top'"
test_ok "EXCLUDED says which file was left out" grep -q '^etc/hpvmconf: holds a private key$' "$top/EXCLUDED"
test_ok "host facts name QEMU and the libraries" sh -c \
	"grep -q '^QEMU: *QEMU emulator version' '$top/host/facts.txt' && grep -q '^OpenSSL: *OpenSSL 3' '$top/host/facts.txt'"
test_ok "the guest's runtime state is QEMU's" grep -q '"status": *"running"' "$top/runtime/query-status.json"
test_ok "hpvmstatus -X is valid XML" xmllint --noout "$top/hpvmstatus-X.xml"
test_ok "vswitch state" grep -q '^sw1 ' "$top/vswitches.txt"
test_ok "the monitor log has g1's start" grep -q "Guest 'g1' started" "$top/common/hpvm_mon_log"

# Logs are kept to their end.
head -c 300000 /dev/zero | tr '\0' 'x' | fold -w 99 >> "$HPVM_ROOT/var/opt/hpvm/guests/g2/log"
test_expect_success "logs bounded to 64 KB" hpvmcollect -d "$TRASH/out" -s 64 -q
test_equal "-q prints nothing" "" "$(cat "$out")"
first=$archive
for archive in "$TRASH"/out/*.tar.gz; do [ "$archive" != "$first" ] && break; done
test_ok "g2's log is cut to 64 KB" sh -c "[ \$(tar -xzOf '$archive' --wildcards '*/guests/g2/log' | wc -c) -le 65536 ]"

before=$(state_digest)
test_expect_failure "an unknown guest" hpvmcollect -P nosuch -d "$TRASH/out"
test_stderr_matches "^hpvmcollect: ERROR \(nosuch\): "
test_expect_failure "a directory that is not there" hpvmcollect -d "$TRASH/nowhere"
test_stderr_matches "^hpvmcollect: ERROR \(host\): .*/nowhere is not a directory\.$"
test_expect_usage "an operand" hpvmcollect extra
test_expect_usage "a log size that is no number" hpvmcollect -s lots
test_equal "refusals change nothing" "$before" "$(state_digest)"
test_equal "and leave nothing behind" 2 "$(find "$TRASH/out" -mindepth 1 | wc -l)"
test_end

#!/bin/sh
# 0820-index-parallel.t: commands run side by side keep the index current: never stale, always what a rebuild gives
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT

hpvm_root_new
hpvmcreate -P base -a network:lan::vswitch:sw >/dev/null 2>&1
pids=""
for i in $(seq 16); do
	spawn "$TRASH/c.$i" hpvmcreate -P p"$i" -a network:avio_lan::vswitch:sw -a disk:scsi::null:/tmp/p"$i"
	spawn /dev/null hpvmstatus -M
done
for i in $(seq 8); do
	spawn "$TRASH/m.$i" hpvmmodify -P base -a disk:avio_stor::null:/tmp/m"$i"
done
# shellcheck disable=SC2086 # one PID a word
wait_all $pids
test_equal "sixteen creates, eight modifies and sixteen listings side by side all succeed" 0 "$failed"
hpvmstatus -M >"$TRASH/records"
test_equal "seventeen guests" 17 "$(wc -l <"$TRASH/records")"
test_equal "with seventeen VM numbers" 17 "$(cut -d: -f2 "$TRASH/records" | sort -u | wc -l)"
test_equal "and seventeen MACs" 17 "$(grep -Eo '([0-9a-f]{2}-){5}[0-9a-f]{2}' "$TRASH/records" | sort -u | wc -l)"
test_equal "base has its eight new disks" 8 "$(hpvmstatus -P base -D | grep -c '^disk:avio_stor::null:/tmp/m')"
test_equal "no command ever found the index stale" 0 "$(mon_count 'did not match|was damaged')"
test_ok "the index is what a rebuild gives" index_is_rebuilt

pids=""
for i in $(seq 16); do
	spawn /dev/null hpvmremove -P p"$i" -F
	spawn /dev/null hpvmcreate -P q"$i"
done
# shellcheck disable=SC2086 # one PID a word
wait_all $pids
test_equal "sixteen removes beside sixteen creates all succeed" 0 "$failed"
test_equal "leave seventeen guests" 17 "$(hpvmstatus -M | wc -l)"
test_equal "and the index was never stale" 0 "$(mon_count 'did not match|was damaged')"
test_ok "the index is what a rebuild gives" index_is_rebuilt
test_end

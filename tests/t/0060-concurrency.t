#!/bin/sh
# 0060-concurrency.t: parallel commands wait for each other; kill -9 at any instant leaves every configuration loadable
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"

hpvm_root_new
hpvmcreate -P vm1 >/dev/null 2>&1

pids=""
for i in $(seq 20); do
	spawn "$TRASH/mod.$i" hpvmmodify -P vm1 -a disk:avio_stor::null:/tmp/p"$i"
done
# shellcheck disable=SC2086 # one PID a word
wait_all $pids
test_equal "twenty parallel hpvmmodify -a all succeed" 0 "$failed"
test_equal "all twenty devices are in the configuration" 20 \
	"$(hpvmstatus -P vm1 -D | grep -c '^disk:avio_stor::null:/tmp/p')"
test_equal "and on twenty different targets" 20 \
	"$(hpvmstatus -P vm1 | grep '^disk ' | awk '{print $3,$4,$6}' | sort -u | wc -l)"

pids=""
for i in $(seq 10); do
	spawn "$TRASH/create.$i" hpvmcreate -P par"$i" -a network:lan::vswitch:sw
done
# shellcheck disable=SC2086 # one PID a word
wait_all $pids
test_equal "ten parallel creates all succeed" 0 "$failed"
test_equal "with ten distinct VM numbers" 10 "$(hpvmstatus -M | grep '^par' | cut -d: -f2 | sort -u | wc -l)"
test_equal "and ten distinct MACs" 10 "$(hpvmstatus -M | grep '^par' | grep -Eo '([0-9a-f]{2}-){5}[0-9a-f]{2}' | sort -u | wc -l)"
test_ok "no 'no guest by that name' errors" sh -c "! cat '$TRASH'/create.* | grep -qi 'no guest'"

# Kill commands at random instants, then check everything still loads.
all_loadable() {
	hpvmstatus >"$TRASH/st" 2>&1 || return 1
	! grep -q "cannot be read" "$TRASH/st" || return 1
	for g in "$HPVM_ROOT"/var/opt/hpvm/guests/*; do
		[ -L "$g" ] || continue
		g=${g##*/}
		case $g in *.tmp.*) continue;; esac
		hpvmstatus -P "$g" >/dev/null 2>&1 || return 1
	done
	hpvmcreate -P probe -s >/dev/null 2>&1
}
broken=0
for i in $(seq 40); do
	case $((i % 4)) in
	0) hpvmmodify -P vm1 -a disk:scsi::null:/tmp/k"$i" -c 2 >/dev/null 2>&1 & ;;
	1) hpvmcreate -P k"$i" -a network:lan::vswitch:sw >/dev/null 2>&1 & ;;
	2) hpvmmodify -P par1 -N par1x >/dev/null 2>&1; hpvmmodify -P par1x -N par1 >/dev/null 2>&1 & ;;
	3) hpvmremove -P k$((i - 2)) -F >/dev/null 2>&1 & ;;
	esac
	kill_soon $! $(( (i * 7919) % 10 ))
	all_loadable || { broken=$((broken + 1)); sed 's/^/# /' "$TRASH/st"; }
done
test_equal "after 40 kill -9s every configuration loads" 0 "$broken"
test_ok "exactly one of par1 and par1x exists" sh -c "
	[ \$(ls '$HPVM_ROOT/var/opt/hpvm/guests' | grep -c '^par1x\\{0,1\\}\$') = 1 ]"
test_end

#!/bin/sh
# 0800-index.t: the guest index is a cache of the configurations: kept current, checked, read again where it is stale, rebuilt whole
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT

hpvm_root_new
common=$HPVM_ROOT/var/opt/hpvm/common
guests=$HPVM_ROOT/var/opt/hpvm/guests
index=$common/guest_index
disk=$(make_file d1.img 1M)
hpvmnet -c -S sw >/dev/null
hpvmcreate -P vm1 -c 2 -l "a label  with spaces" -a disk:scsi::file:"$disk" \
	-a network:lan::vswitch:sw >/dev/null
hpvmcreate -P vm2 -a network:avio_lan::vswitch:sw -u alice:admin -g ops >/dev/null
hpvmcreate -P vm3 -O linux -r 1G -x boot_args="console=ttyS0 x=%41" >/dev/null

# --- Kept current by the commands that write configurations. --------------------------------
test_ok "hpvmcreate leaves an index" test -s "$index"
test_ok "it is what a rebuild from the configurations gives" index_is_rebuilt
hpvmmodify -P vm1 -c 1 -N vm1b >/dev/null
hpvmremove -P vm3 -F >/dev/null
test_ok "after a modify with a rename and a remove, too" index_is_rebuilt
test_equal "no command found it stale" 0 "$(mon_count 'did not match')"
hpvmstatus -M >"$TRASH/records.index"
hpvmstatus -X >"$TRASH/xml.index"
hpvmstatus >"$TRASH/table.index"
rm -f "$index"
test_expect_success "without an index, listings read the configurations" hpvmstatus -M
test_ok "and -M is the same" cmp -s "$TRASH/records.index" "$out"
test_ok "-X is the same" sh -c "hpvmstatus -X | cmp -s '$TRASH/xml.index' -"
test_ok "the table is the same" sh -c "hpvmstatus | cmp -s '$TRASH/table.index' -"
test_equal "a missing index is said once in hpvm_mon_log" 1 "$(mon_count 'guest index .* was missing: rebuilt from the configurations of 2 guests')"
test_ok "and written back" index_is_rebuilt

# --- A configuration edited by hand is picked up by the next command, and said once. --------
cfg=$guests/vm2/vmm_config.current
sed -i 's|<vcpus>1</vcpus>|<vcpus>3</vcpus>|' "$cfg"
test_expect_success "after sed -i (a new file)" hpvmstatus
test_stdout_matches '^vm2 +[0-9]+ UNKNOWN Off +3 '
test_equal "hpvm_mon_log names the stale entry once" 1 "$(mon_count "did not match the configurations \('vm2'\)")"
hpvmstatus >/dev/null
hpvmcreate -P vm4 >/dev/null
test_equal "and not again" 1 "$(mon_count 'did not match')"
sed 's|<vcpus>3</vcpus>|<vcpus>4</vcpus>|' "$cfg" >"$TRASH/edited"
cat "$TRASH/edited" >"$cfg"
test_expect_success "after an edit in place of the same size" hpvmstatus
test_stdout_matches '^vm2 +[0-9]+ UNKNOWN Off +4 '
cp -p "$cfg" "$TRASH/backup"
hpvmmodify -P vm2 -c 2 >/dev/null
cp -p "$TRASH/backup" "$cfg"
test_expect_success "after a backup restored over it with its old times (cp -p)" hpvmstatus -P vm2 -M
test_expect_success "the listing" hpvmstatus -M
test_stdout_matches '^vm2:[0-9]+:[^:]*:UNKNOWN:Off:4:'
test_ok "the index is again what a rebuild gives" index_is_rebuilt

# --- What the uniqueness checks read comes from the index, checked. --------------------------
mac=$(hpvmstatus -P vm2 -M | grep -Eo '([0-9a-f]{2}-){5}[0-9a-f]{2}' | head -1)
sed -i "s|$mac|02-aa-bb-cc-dd-ee|" "$cfg"
test_expect_failure "a MAC changed by hand is seen by the next create" \
	hpvmcreate -P vm5 -a network:lan:,,02-aa-bb-cc-dd-ee:vswitch:sw
test_stderr_matches "MAC address 02-aa-bb-cc-dd-ee is already used by guest 'vm2'"
test_expect_success "and the old one is free again" hpvmcreate -P vm5 -a network:lan:,,"$mac":vswitch:sw

# --- Guests copied in from another host, or taken away by hand. ------------------------------
other=$TRASH/other
HPVM_ROOT=$other hpvmcreate -P far -r 1G >/dev/null 2>&1
u=$(basename "$(readlink "$other/var/opt/hpvm/guests/far")")
cp -a "$other/var/opt/hpvm/uuids/$u" "$HPVM_ROOT/var/opt/hpvm/uuids/"
ln -s "../uuids/$u" "$guests/far"
test_expect_success "a guest copied in from another host" hpvmstatus
test_stdout_matches '^far '
test_equal "is listed once" 1 "$(grep -c '^far ' "$out")"
test_expect_success "a create after it" hpvmcreate -P vm6
test_ok "takes a VM number nobody holds" sh -c "[ \$(hpvmstatus -M | cut -d: -f2 | sort | uniq -d | wc -l) = 0 ] ||
	[ \$(hpvmstatus -M | cut -d: -f2 | sort | uniq -d) = \$(hpvmstatus -P far -M | cut -d: -f2) ]"
rm "$guests/vm4"
rm -r "$HPVM_ROOT/var/opt/hpvm/uuids/$(basename "$(readlink "$guests/vm5")")" "$guests/vm5"
test_expect_success "guests removed by hand" hpvmstatus
test_ok "are gone from the listing" sh -c "! grep -Eq '^vm4 |^vm5 ' '$out'"
test_expect_success "vm5's name is free again" hpvmcreate -P vm5
test_ok "and the index is what a rebuild gives" index_is_rebuilt

# --- Damaged guests and a damaged index. -----------------------------------------------------
sed -i 's|<vcpus>[0-9]*</vcpus>|<vcpus>x</vcpus>|' "$guests/vm1b/vmm_config.current"
test_expect_success "a damaged configuration" hpvmstatus
test_stderr_matches "WARNING \(host\): Guest 'vm1b' cannot be read: .*vmm_config.current"
test_expect_success "is named by every listing, the index notwithstanding" hpvmstatus -M
test_stderr_matches "Guest 'vm1b' cannot be read"
sed -i 's|<vcpus>x</vcpus>|<vcpus>1</vcpus>|' "$guests/vm1b/vmm_config.current"
test_expect_success "and its repair is seen" hpvmstatus
test_stdout_matches '^vm1b '
head -c 200 "$index" >"$TRASH/cut" && cp "$TRASH/cut" "$index"
test_expect_success "an index cut short" hpvmstatus -M
test_ok "lists the same guests" sh -c "hpvmstatus -M | cut -d: -f1 | sort | tr '\n' ' ' | grep -q '^far vm1b vm2 vm5 vm6 \$'"
test_equal "is said to be damaged" 1 "$(mon_count 'was damaged: rebuilt')"
printf 'garbage\n' >"$index"
test_expect_success "an index that is not one" hpvmcreate -P vm7
test_equal "is rebuilt too" 2 "$(mon_count 'was damaged: rebuilt')"
test_ok "whole" index_is_rebuilt

# --- The vswitch ports a create reserves come from the index, checked too. -----------------
port=$(grep -o 'vswitch="sw" portid="[0-9]*"' "$cfg" | grep -o '[0-9]*"$' | tr -d '"')
sed -i "s|vswitch=\"sw\" portid=\"$port\"|vswitch=\"sw\" portid=\"40\"|" "$cfg"
test_expect_success "a port moved by hand in another guest's configuration" \
	hpvmcreate -P vm8 -a network:lan::vswitch:sw
test_ok "frees the old one for the next create" \
	grep -q "vswitch=\"sw\" portid=\"$port\"" "$guests/vm8/vmm_config.current"
sed 's|<vcpus>[0-9]*</vcpus>|<vcpus>2</vcpus>|' "$cfg" >"$TRASH/edited" && cat "$TRASH/edited" >"$cfg"
hpvmmodify -P vm8 -l "another guest changed" >/dev/null
test_expect_success "an edit in place, then a modify of another guest: the listing" hpvmstatus
test_stdout_matches '^vm2 +[0-9]+ UNKNOWN Off +2 '
test_ok "the index written back around untouched lines is what a rebuild gives" index_is_rebuilt

# --- hpvmdevmgmt -I rebuilds it whole, and says so. ------------------------------------------
test_expect_success "hpvmdevmgmt -I" hpvmdevmgmt -I
test_ok "says so in hpvm_mon_log" sh -c "[ $(mon_count 'rebuilt from the configurations of [0-9]+ guests \(hpvmdevmgmt -I\)') -ge 1 ]"
test_end

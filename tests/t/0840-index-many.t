#!/bin/sh
# 0840-index-many.t: thousands of guests, as listings format them several threads at once: each guest once, in order, as -P shows it
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT

hpvm_root_new
N=2100		# past two blocks of -M (1024 guests) and four of -X and -V (256): more than one round of threads
hpvmcreate -P g1 >/dev/null 2>&1
uuids=$HPVM_ROOT/var/opt/hpvm/uuids
guests=$HPVM_ROOT/var/opt/hpvm/guests
template=$(echo "$uuids"/*/vmm_config.current)

# The rest as if restored from a backup: the configuration files written in, then the index rebuilt.
# Each guest differs in its name, UUID, VM number, vCPUs and memory, so a guest out of place shows.
# One process makes the directories and the links (a fork costs milliseconds here; prove brings perl).
perl -e 'my ($n, $uuids, $guests) = @ARGV; for my $i (2 .. $n) {
	my $u = sprintf("%08x-0000-4000-8000-%012x", $i, $i);
	mkdir("$uuids/$u") or die "$uuids/$u: $!\n";
	symlink("../uuids/$u", "$guests/g$i") or die "$guests/g$i: $!\n" }' "$N" "$uuids" "$guests"
awk -v n="$N" -v dir="$uuids" '
	{ t[NR] = $0 }
	END {
		for (i = 2; i <= n; i++) {
			u = sprintf("%08x-0000-4000-8000-%012x", i, i)
			f = dir "/" u "/vmm_config.current"
			for (l = 1; l <= NR; l++) {
				s = t[l]
				sub(/<name>[^<]*</, "<name>g" i "<", s)
				sub(/<uuid>[^<]*</, "<uuid>" u "<", s)
				sub(/<vmnum>[^<]*</, "<vmnum>" i "<", s)
				sub(/<vcpus>[^<]*</, "<vcpus>" (i % 4 + 1) "<", s)
				sub(/mb="[0-9]*"/, "mb=\"" (512 + 64 * (i % 16)) "\"", s)
				print s > f
			}
			close(f)
		}
	}' "$template"
chmod 640 "$uuids"/*/vmm_config.current
test_expect_success "the index rebuilt from $N configurations" hpvmdevmgmt -I

test_expect_success "hpvmstatus -M" hpvmstatus -M
cp "$out" "$TRASH/records"
test_equal "one record a guest" "$N" "$(wc -l < "$TRASH/records")"
test_equal "by VM number, each once" "$(seq "$N" | sed 's/^/g/')" "$(cut -d: -f1 "$TRASH/records")"
test_equal "and each the guest its name says" "$(seq "$N")" "$(cut -d: -f2 "$TRASH/records")"
mismatch=0
for g in 1 2 255 256 257 1023 1024 1025 2047 2048 2049 "$N"; do
	hpvmstatus -P "g$g" -M > "$TRASH/one" 2>&1
	grep -qxF -f "$TRASH/one" "$TRASH/records" || { mismatch=$((mismatch + 1)); echo "# g$g: $(cat "$TRASH/one")"; }
done
test_equal "a record in the listing is the guest's own (-P), at every block's edge" 0 "$mismatch"

test_expect_success "hpvmstatus -X" hpvmstatus -X
cp "$out" "$TRASH/all.xml"
test_equal "one <guest> a guest" "$N" "$(grep -c '^  <guest ' "$TRASH/all.xml")"
test_equal "in order" "$(seq "$N" | sed 's/^/g/')" "$(sed -n 's/^    <name>\(.*\)<\/name>$/\1/p' "$TRASH/all.xml")"
if command -v xmllint >/dev/null; then
	test_ok "a document the schema accepts" xmllint --noout --relaxng "$TOP/etc/schema/hpvm.rng" "$TRASH/all.xml"
fi
hpvmstatus -P g1025 -X | sed -n '/^  <guest /,/^  <\/guest>/p' > "$TRASH/one.el"
awk '/^  <guest /{b=""} {b=b $0 "\n"} /^  <\/guest>/ && b ~ /<name>g1025</ {printf "%s", b}' \
	"$TRASH/all.xml" > "$TRASH/listed.el"
test_ok "a guest's element is what -P -X prints of it" test -s "$TRASH/one.el"
test_ok "byte for byte" cmp "$TRASH/one.el" "$TRASH/listed.el"

test_expect_success "the table" hpvmstatus
test_equal "a line a guest" "$N" "$(grep -c '^g[0-9]' "$out")"
test_equal "in order" "$(seq "$N" | sed 's/^/g/')" "$(awk '/^g[0-9]/ {print $1}' "$out")"
test_expect_success "-V" hpvmstatus -V
test_equal "a block a guest" "$N" "$(grep -c "^Virtual Machine Name  :" "$out")"
test_expect_failure "a listing that cannot be written fails" sh -c 'hpvmstatus -M >/dev/full'
test_stderr_matches '^hpvmstatus: ERROR \(host\): Unable to write the output'
test_equal "once" 1 "$(wc -l < "$err")"
test_ok "nothing was stale after the rebuild" index_never_stale
test_end

#!/bin/sh
# 0740-completion.t: bash completion for every command: its options, guest and vswitch names, choices from its synopsis
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"

hpvm_root_new
hpvmcreate -P vm1 >/dev/null 2>&1
hpvmcreate -P web2 >/dev/null 2>&1
mkdir -p "$HPVM_ROOT/var/opt/hpvm/vswitches"
: >"$HPVM_ROOT/var/opt/hpvm/vswitches/sw1"

# complete LINE: what TAB offers at the end of LINE, one per line.
complete_line() {
	# shellcheck disable=SC2016 # expanded by bash
	bash -c '. "$1"; COMP_LINE=$2; COMP_POINT=${#COMP_LINE}; _hpvm; printf "%s\n" "${COMPREPLY[@]}"' \
	    sh "$TOP/etc/completion/hpvm" "$1"
}

for path in "$HPVM_BUILD"/bin/hpvm*; do
	cmd=${path##*/}
	test_ok "$cmd is registered for completion" bash -c ". '$TOP/etc/completion/hpvm'; complete -p $cmd"
	want=$("$cmd" -H | tr '[]{}' '    ' | tr ' ' '\n' | grep -x -- '-.' | sort -u | tr '\n' ' ')
	test_equal "$cmd - offers every option of its synopsis" "$want" "$(complete_line "$cmd -" | sort | tr '\n' ' ')"
	if "$cmd" -H | grep -q -- '-P vm-name'; then
		test_equal "$cmd -P offers the guests" "vm1 web2" "$(complete_line "$cmd -P " | sort | tr '\n' ' ' | sed 's/ $//')"
	fi
done
test_equal "a prefix narrows the guests" "web2" "$(complete_line "hpvmstart -P w")"
test_equal "hpvmnet -S offers the vswitches" "sw1" "$(complete_line "hpvmnet -S ")"
test_equal "-B offers the synopsis' choices" "auto manual" "$(complete_line "hpvmcreate -P x -B " | tr '\n' ' ' | sed 's/ $//')"
test_equal "-a offers resource statements" "network:avio_lan::vswitch: network:lan::vswitch:" \
	"$(complete_line "hpvmcreate -P x -a net" | tr '\n' ' ' | sed 's/ $//')"
test_equal "a vswitch inside a statement (after its last colon)" "sw1" \
	"$(complete_line "hpvmmodify -P vm1 -a network:avio_lan::vswitch:s")"
test_equal "a new name offers nothing" "" "$(complete_line "hpvmclone -P vm1 -N ")"
test_equal "a flag takes no value: options follow" "-F" "$(complete_line "hpvmstop -h -F" )"
test_end

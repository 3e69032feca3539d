#!/bin/sh
# layercheck.sh: libhpvm's groups may use only the groups below them, and no two files may depend on each other.
# usage: layercheck.sh BUILD RANK... where each RANK names one group, or several siblings in quotes
# ("migrate console snmp"), lowest first. Checks, and fails on the first kind of violation found:
#   - an #include "group/x.h" in lib/<group>/ of a group at the same rank or above;
#   - a symbol an archive uses that an archive at the same rank or above defines (nm);
#   - a cycle among a group's files, through includes or through calls.
set -u
build=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# rank of every group: "group rank" lines
r=0
for rank in "$@"; do
	r=$((r + 1))
	for g in $rank; do echo "$g $r"; done
done >"$tmp/ranks"
rank_of() { awk -v g="$1" '$1 == g { print $2 }' "$tmp/ranks"; }

# 1. Includes point down.
while read -r g gr; do
	for f in lib/"$g"/*.[ch]; do
		[ -e "$f" ] || continue
		sed -n 's/^#include "\([a-z_]*\)\/[^"]*".*/\1/p' "$f" | sort -u | while read -r h; do
			[ "$h" = "$g" ] && continue
			hr=$(rank_of "$h")
			if [ -z "$hr" ] || [ "$hr" -ge "$gr" ]; then
				echo "layercheck: $f includes $h/, which $g may not use"
			fi
		done
	done
done <"$tmp/ranks" >"$tmp/inc"
if [ -s "$tmp/inc" ]; then cat "$tmp/inc" >&2; fail=1; fi

# 2. Symbols point down: who defines what, who uses what (external symbols only).
while read -r g gr; do
	a=$build/lib/libhpvm-$g.a
	[ -f "$a" ] || { echo "layercheck: $a is missing" >&2; exit 1; }
	nm -A -g "$a" 2>/dev/null | awk -v g="$g" '
		{ split($1, p, ":"); obj = p[2]; type = $(NF - 1); sym = $NF }
		type == "U" { print "use", g, obj, sym; next }
		type ~ /[TDBRCVWG]/ { print "def", g, obj, sym }'
done <"$tmp/ranks" >"$tmp/syms"
awk -v ranks="$tmp/ranks" '
	BEGIN { while ((getline l < ranks) > 0) { split(l, f, " "); rank[f[1]] = f[2] } }
	$1 == "def" { owner[$4] = $2; ownobj[$4] = $2 "/" $3; next }
	{ use[NR] = $0 }
	END {
		for (i in use) {
			split(use[i], u, " ")
			if (!(u[4] in owner)) continue
			d = owner[u[4]]
			if (d != u[2] && rank[d] >= rank[u[2]])
				printf "layercheck: %s/%s uses %s from %s, which %s may not use\n", u[2], u[3], u[4], ownobj[u[4]], u[2]
			else if (d == u[2] && u[2] "/" u[3] != ownobj[u[4]])
				print u[2] "/" u[3], ownobj[u[4]] > "/dev/fd/3"
		}
	}' "$tmp/syms" 3>"$tmp/calls" | sort -u >"$tmp/up"
if [ -s "$tmp/up" ]; then cat "$tmp/up" >&2; fail=1; fi

# 3. No cycles among a group's files: calls (from nm) and includes (module x = x.c + x.h).
if ! sort -u "$tmp/calls" | tsort >/dev/null 2>"$tmp/loop"; then
	echo "layercheck: library files call each other in a cycle:" >&2
	sed -e 's/^tsort: //' -e 's/^.*: input contains a loop:/input contains a loop:/' "$tmp/loop" >&2
	fail=1
fi
while read -r g gr; do
	for f in lib/"$g"/*.[ch]; do
		[ -e "$f" ] || continue
		m=$g/$(basename "$f" | sed 's/\.[ch]$//')
		sed -n 's/^#include "\([a-z_]*\/[a-z_0-9]*\)\.h".*/\1/p' "$f" | while read -r h; do
			[ "$h" = "$m" ] || echo "$m $h"
		done
	done
done <"$tmp/ranks" | sort -u >"$tmp/incs"
if ! tsort "$tmp/incs" >/dev/null 2>"$tmp/loop"; then
	echo "layercheck: library files include each other in a cycle:" >&2
	sed -e 's/^tsort: //' -e 's/^.*: input contains a loop:/input contains a loop:/' "$tmp/loop" >&2
	fail=1
fi
[ "$fail" = 0 ] && echo "layercheck: $(wc -l <"$tmp/ranks") groups, $(wc -l <"$tmp/calls") calls between files, no violations"
exit "$fail"

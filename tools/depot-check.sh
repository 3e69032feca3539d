#!/bin/sh
# depot-check.sh DEPOT [STAGE]: a serial SD depot's catalog agrees with its payload, and (with STAGE) with make install.
# Checks: every payload file is listed in its fileset's INFO and every INFO file is in the payload, with
# the same type, size, mode and MD5/SHA-1/SHA-512 digests; each INFO's entry for itself; the control
# scripts' sizes; the filesets' sizes in the INDEX; the archive digests and size in dfiles/ over the
# storage section as it is in the archive; with STAGE, the depot's file list, modes and contents
# equal the staging tree's. Prints every disagreement; exit 1 if there is one.
set -eu
depot=$1 stage=${2:-}
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
bad=0
fail() { echo "depot-check: $*" >&2; bad=$((bad + 1)); }

tar -C "$w" -xf "$depot" || { echo "depot-check: $depot is not a tar archive" >&2; exit 1; }
lead=$(tar -tf "$depot" | head -1)
lead=${lead%/}
[ -f "$w/$lead/catalog/INDEX" ] || { echo "depot-check: no $lead/catalog/INDEX" >&2; exit 1; }
[ "$(tar -tf "$depot" | grep -v '/$' | head -1)" = "$lead/catalog/INDEX" ] ||
	fail "the INDEX is not the archive's first file"
# INDEX: the product's and the filesets' control directories, and the filesets' sizes.
awk '$1 == "product" || $1 == "fileset" { obj = $1 }
	$1 == "control_directory" && obj == "product" { print "P", $2 }
	$1 == "control_directory" && obj == "fileset" { print "F", $2 }
	$1 == "size" && obj == "fileset" { print "S", $2 }' "$w/$lead/catalog/INDEX" >"$w/index"
pdir=$(awk '$1 == "P" { print $2; exit }' "$w/index")
fsdirs=$(awk '$1 == "F" { print $2 }' "$w/index")
if [ -z "$pdir" ] || [ -z "$fsdirs" ]; then
	echo "depot-check: the INDEX names no product or fileset" >&2
	exit 1
fi

# info_self INFO: its first entry describes the INFO file itself, with its real size.
info_self() {
	_s=$(awk 'NR <= 6 && $1 == "size" { print $2 }' "$1")
	if [ "$(sed -n 2p "$1")" != "path INFO" ] || [ "$_s" != "$(wc -c <"$1" | tr -d ' ')" ]; then
		fail "${1#"$w"/}: its entry for itself is missing or has the wrong size"
	fi
}
info_self "$w/$lead/catalog/dfiles/INFO"
info_self "$w/$lead/catalog/$pdir/pfiles/INFO"
awk '$1 == "control_file" { if (p != "" && p != "INFO") print p, s; p = ""; s = "" }
	$1 == "path" { p = $2 } $1 == "size" { s = $2 }
	END { if (p != "" && p != "INFO") print p, s }' "$w/$lead/catalog/$pdir/pfiles/INFO" |
while read -r p s; do
	[ "$(wc -c <"$w/$lead/catalog/$pdir/pfiles/$p" 2>/dev/null | tr -d ' ')" = "$s" ] ||
		echo "control script $p: missing or not $s bytes"
done >"$w/scripts"
[ ! -s "$w/scripts" ] || { sed 's/^/depot-check: /' "$w/scripts" >&2; bad=$((bad + 1)); }

: >"$w/listed"
n=0
i=0
for fs in $fsdirs; do
	i=$((i + 1))
	info=$w/$lead/catalog/$pdir/$fs/INFO
	[ -f "$info" ] || { fail "fileset $fs has no INFO"; continue; }
	info_self "$info"
	# One line per file: path type mode size md5 sha1 sha512.
	awk 'function out() { if (p != "") print p, t, m, s, a, b, c; p = "" }
		$1 == "file" || $1 == "control_file" { out(); f = ($1 == "file") }
		f && $1 == "path" { p = $2 } f && $1 == "type" { t = $2 } f && $1 == "mode" { m = $2 }
		f && $1 == "size" { s = $2 } f && $1 == "md5sum" { a = $2 } f && $1 == "sha1sum" { b = $2 }
		f && $1 == "sha512sum" { c = $2 } END { out() }' "$info" >"$w/files.$fs"
	bytes=0
	while read -r p t m s a b c; do
		f=$w/$lead/$pdir/$fs$p
		echo "$lead/$pdir/$fs$p" >>"$w/listed"
		echo "$p $m $a" >>"$w/depot.files"
		n=$((n + 1))
		if [ "$t" != f ] || [ ! -f "$f" ] || [ -L "$f" ]; then fail "$fs$p: not a plain file in the payload"; continue; fi
		[ "$(wc -c <"$f" | tr -d ' ')" = "$s" ] || fail "$fs$p: size is not $s"
		[ "$(stat -c %a "$f")" = "${m#0}" ] ||
			fail "$fs$p: mode is $(stat -c %a "$f"), not $m"
		[ "$(md5sum <"$f" | cut -d' ' -f1)" = "$a" ] || fail "$fs$p: MD5 differs"
		[ "$(sha1sum <"$f" | cut -d' ' -f1)" = "$b" ] || fail "$fs$p: SHA-1 differs"
		[ "$(sha512sum <"$f" | cut -d' ' -f1)" = "$c" ] || fail "$fs$p: SHA-512 differs"
		bytes=$((bytes + s))
	done <"$w/files.$fs"
	want=$(awk -v i="$i" '$1 == "S" && ++k == i { print $2 }' "$w/index")
	[ "$want" = "$((bytes + $(wc -c <"$info")))" ] || fail "fileset $fs: INDEX size $want is not its files and INFO"
done
# Nothing in the payload that no INFO lists.
(cd "$w" && find "$lead/$pdir" -type f | sort) >"$w/payload"
sort "$w/listed" >"$w/listed.sorted"
extra=$(comm -23 "$w/payload" "$w/listed.sorted")
[ -z "$extra" ] || fail "in the payload but in no INFO: $extra"

# The archive digests: the leading directory's header, the storage section, the closing blocks.
first=$(tar -tR -b1 -f "$depot" | awk -v p="$lead/$pdir/" '$3 == p { sub(":", "", $2); print $2; exit }')
if [ -z "$first" ]; then
	fail "no storage section $lead/$pdir/"
else
	{ head -c 512 "$depot"; tail -c +$((first * 512 + 1)) "$depot"; } >"$w/stream"
	d=$w/$lead/catalog/dfiles
	[ "$(md5sum <"$w/stream" | cut -d' ' -f1)" = "$(cat "$d/md5sum")" ] || fail "archive MD5 differs"
	[ "$(sha1sum <"$w/stream" | cut -d' ' -f1)" = "$(cat "$d/sha1sum")" ] || fail "archive SHA-1 differs"
	[ "$(sha512sum <"$w/stream" | cut -d' ' -f1)" = "$(cat "$d/sha512sum")" ] || fail "archive SHA-512 differs"
	[ "$(wc -c <"$w/stream" | tr -d ' ')" = "$(cat "$d/size")" ] || fail "archive size differs"
fi

# What make install installed, file for file.
if [ -n "$stage" ]; then
	(cd "$stage" && find . -type f | sed 's|^\.||' | sort) >"$w/staged"
	cut -d' ' -f1 "$w/depot.files" | sort >"$w/packaged"
	diff=$(diff "$w/staged" "$w/packaged" | grep '^[<>]' || true)
	[ -z "$diff" ] || fail "the depot's files are not make install's:
$diff"
	while read -r p m a; do
		[ -f "$stage$p" ] || continue
		[ "$(stat -c %a "$stage$p")" = "${m#0}" ] || fail "$p: mode $m, installed $(stat -c %a "$stage$p")"
		[ "$(md5sum <"$stage$p" | cut -d' ' -f1)" = "$a" ] || fail "$p: not the installed file"
	done <"$w/depot.files"
fi
if [ "$bad" -gt 0 ]; then
	echo "depot-check: $depot: $bad problem(s)" >&2
	exit 1
fi
echo "depot-check: $depot: $n files in $(echo "$fsdirs" | wc -w) filesets; catalog, payload${stage:+ and make install} agree"

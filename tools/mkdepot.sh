#!/bin/sh
# mkdepot.sh [-1] [-k GPGKEY] PSF STAGE OUT: a serial SD depot (POSIX 1387.2 layout, ustar by the system's tar) of STAGE's files.
# PSF (sd-depot/hpvm.psf) gives the objects' attributes, the control scripts and which file goes in which
# fileset; STAGE is a "make install DESTDIR=" tree, every file of which must land in exactly one fileset.
# The archive: leading directory, catalog (INDEX, dfiles/ with the archive digests, pfiles/ with the
# control scripts, one INFO per fileset), then the payload PRODUCT/FILESET/<path>. -1 puts every file in
# one fileset (swbis 1.13.3 installs no more per depot); -k signs the catalog as swbis' swverify -d wants.
set -euf	# no globbing: "file *" is the PSF's, not the shell's
one="" key=""
while getopts 1k: opt; do
	case $opt in
	1) one=1 ;;
	k) key=$OPTARG ;;
	*) echo "usage: mkdepot.sh [-1] [-k gpg-key] psf stage out" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 3 ] || { echo "usage: mkdepot.sh [-1] [-k gpg-key] psf stage out" >&2; exit 2; }
psf=$1 out=$3
stage=$(cd "$2" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
psfdir=$(cd "$(dirname "$psf")" && pwd)
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
die() { echo "mkdepot: $*" >&2; exit 1; }

# --- the PSF: objects, attributes, control scripts, file lists --------------------------------
mkdir -p "$w/fs"
: >"$w/dist.attr"; : >"$w/vendor.attr"; : >"$w/prod.attr"; : >"$w/prod.scripts"; : >"$w/fs.list"
obj="" fs="" src="." dst="/"
# norm PATH: relative, without "." parts or doubled slashes.
norm() { printf '%s\n' "$1" | sed -e 's|/\./|/|g' -e 's|//*|/|g' -e 's|^\./||' -e 's|^/||' -e 's|^\.$||'; }
while read -r kw val; do
	case $kw in '' | '#'*) continue ;; esac
	case $kw in
	distribution | vendor | product | fileset) obj=$kw; continue ;;
	end) continue ;;
	esac
	case $obj:$kw in
	distribution:*) echo "$kw $val" >>"$w/dist.attr" ;;
	vendor:*) echo "$kw $val" >>"$w/vendor.attr" ;;
	product:checkinstall | product:preinstall | product:postinstall | product:configure | \
	product:unconfigure | product:verify | product:checkremove | product:preremove | \
	product:postremove) echo "$kw $val" >>"$w/prod.scripts" ;;
	product:*) echo "$kw $val" >>"$w/prod.attr" ;;
	fileset:tag)
		fs=$val
		echo "$fs" >>"$w/fs.list"
		: >"$w/fs/$fs.files"
		echo "tag $fs" >"$w/fs/$fs.attr" ;;
	fileset:directory)
		# shellcheck disable=SC2086 # "source [destination]"
		set -- $val
		src=$(norm "$1") dst=${2:-/$1} ;;
	fileset:file)
		# shellcheck disable=SC2086
		set -- $val
		if [ "$1" = "*" ]; then
			[ -d "$stage/${src:-.}" ] || die "no directory $src in $stage"
			(cd "$stage/${src:-.}" && find . -type f | sort) | while read -r f; do
				echo "$(norm "$src/$f") $(norm "$dst/$f")"
			done >>"$w/fs/$fs.files"
		else
			[ -f "$stage/$src/$1" ] || die "no file $src/$1 in $stage"
			echo "$(norm "$src/$1") $(norm "${2:-$dst/$1}")" >>"$w/fs/$fs.files"
		fi ;;
	fileset:exclude)
		x=$(norm "$src/$val")
		awk -v x="$x" '$1 != x && index($1, x "/") != 1' "$w/fs/$fs.files" >"$w/fs/$fs.tmp"
		mv "$w/fs/$fs.tmp" "$w/fs/$fs.files" ;;
	fileset:file_permissions) ;;	# modes, owners: as make install left them (root)
	fileset:*) echo "$kw $val" >>"$w/fs/$fs.attr" ;;
	esac
done <"$psf"

attr() { awk -v k="$2" '$1 == k { sub(/^[^ ]+ /, ""); gsub(/"/, ""); print; exit }' "$1"; }
dtag=$(attr "$w/dist.attr" tag)
ptag=$(attr "$w/prod.attr" tag)
pdir=$(attr "$w/prod.attr" control_directory)
pdir=${pdir:-$ptag}
if [ -z "$dtag" ] || [ -z "$ptag" ] || [ -z "$(attr "$w/prod.attr" revision)" ]; then
	die "the PSF needs a distribution tag, a product tag and a revision"
fi
fslist=$(cat "$w/fs.list")

# Every staged file in exactly one fileset, nothing else.
(cd "$stage" && find . ! -type d ! -type f) | grep . && die "only plain files can be packaged"
(cd "$stage" && find . -type f | sed 's|^\./||' | sort) >"$w/staged"
for f in $fslist; do cut -d' ' -f1 "$w/fs/$f.files"; done | sort >"$w/claimed"
dup=$(uniq -d "$w/claimed")
[ -z "$dup" ] || die "in more than one fileset: $dup"
miss=$(comm -23 "$w/staged" "$w/claimed")
[ -z "$miss" ] || die "in no fileset: $miss"

if [ -n "$one" ]; then
	for f in $fslist; do cat "$w/fs/$f.files"; done >"$w/fs/ALL.files"
	printf 'tag ALL\ncontrol_directory ALL\ntitle "All of %s (one fileset, for swbis)"\nrevision %s\n' \
	    "$ptag" "$(attr "$w/prod.attr" revision)" >"$w/fs/ALL.attr"
	echo ALL >"$w/fs.list"
	fslist=ALL
fi

# --- the tree the archive is made of -----------------------------------------------------------
now=$(date +%s)
t=$w/t
cat=$t/$dtag/catalog
mkdir -p "$cat/dfiles" "$cat/$pdir/pfiles"
# value: as written in the PSF; one with a comma is quoted, as swpackage quotes it.
emit() {
	while read -r k v; do
		case $v in \"*) ;; *,*) v="\"$v\"" ;; esac
		echo "$k $v"
	done
}
# info_self FILE: the INFO's entry for itself (its size printed %8d, so it does not change the size).
info_self() {
	{ printf 'control_file\npath INFO\ntag INFO\nsize %8d\nmtime %s\nmode 644\n' 0 "$now"; cat "$1"; } >"$1.new"
	n=$(wc -c <"$1.new")
	{ printf 'control_file\npath INFO\ntag INFO\nsize %8d\nmtime %s\nmode 644\n' "$n" "$now"; tail -n +7 "$1.new"; } >"$1"
	rm -f "$1.new"
}

: >"$cat/$pdir/pfiles/INFO"
while read -r tag path; do
	sh "$top/tools/inline-setup.sh" "$psfdir/$path" "$psfdir/scripts/hpvm-setup.sh" >"$cat/$pdir/pfiles/$tag"
	chmod 755 "$cat/$pdir/pfiles/$tag"
	printf 'control_file\ntag %s\npath %s\ntype f\nmode 755\nmtime %s\nowner root\ngroup root\nsize %s\n' \
	    "$tag" "$tag" "$now" "$(wc -c <"$cat/$pdir/pfiles/$tag")" >>"$cat/$pdir/pfiles/INFO"
done <"$w/prod.scripts"
info_self "$cat/$pdir/pfiles/INFO"

for fs in $fslist; do
	fsdir=$(attr "$w/fs/$fs.attr" control_directory)
	fsdir=${fsdir:-$fs}
	echo "$fsdir" >>"$w/fsdirs"
	mkdir -p "$cat/$pdir/$fsdir" "$t/$dtag/$pdir/$fsdir"
	info=$cat/$pdir/$fsdir/INFO
	: >"$info"
	bytes=0
	while read -r s d; do
		p=$t/$dtag/$pdir/$fsdir/$d
		mkdir -p "${p%/*}"
		cp -p "$stage/$s" "$p"
		size=$(wc -c <"$p")
		bytes=$((bytes + size))
		printf 'file\npath /%s\ntype f\nmode %s\nmtime %s\nowner root\nuid 0\ngroup root\ngid 0\nsize %s\n' \
		    "$d" "$(stat -c %a "$p")" "$(stat -c %Y "$p")" "$size" >>"$info"
		printf 'md5sum %s\nsha1sum %s\nsha512sum %s\n' "$(md5sum <"$p" | cut -d' ' -f1)" \
		    "$(sha1sum <"$p" | cut -d' ' -f1)" "$(sha512sum <"$p" | cut -d' ' -f1)" >>"$info"
		echo "$dtag/$pdir/$fsdir/$d" >>"$w/payload.list"
	done <"$w/fs/$fs.files"
	info_self "$info"
	# A fileset's size, as swpackage counts it: its files and its INFO.
	echo "$fs $((bytes + $(wc -c <"$info")))" >>"$w/fs.sizes"
done

fsdirs=$(cat "$w/fsdirs")

# --- the payload, and the archive digests over it ----------------------------------------------
find "$t" -exec touch -h -d "@$now" {} + 2>/dev/null || true
# Payload files keep their own mtimes (the INFO has them); touch above reset them, so copy again.
for fs in $fslist; do
	fsdir=$(attr "$w/fs/$fs.attr" control_directory)
	while read -r s d; do touch -r "$stage/$s" "$t/$dtag/$pdir/${fsdir:-$fs}/$d"; done <"$w/fs/$fs.files"
done
TAR="tar -C $t --format=ustar -b1 --no-recursion --owner=root:0 --group=root:0 -cf -"
# tar_members LIST: the members without the archive's two closing zero blocks.
tar_members() {
	$TAR -T "$1" | head -c -1024
}
echo "$dtag/" >"$w/lead.list"
$TAR -T "$w/lead.list" | head -c 512 >"$w/lead"
{ echo "$dtag/$pdir/"; for d in $fsdirs; do echo "$dtag/$pdir/$d/"; done; cat "$w/payload.list"; } \
    >"$w/storage.list"
$TAR -T "$w/storage.list" >"$w/storage"
cat "$w/lead" "$w/storage" >"$w/stream"
md5sum <"$w/stream" | cut -d' ' -f1 >"$cat/dfiles/md5sum"
cp "$cat/dfiles/md5sum" "$cat/dfiles/adjunct_md5sum"	# the same stream: there are no symbolic links
sha1sum <"$w/stream" | cut -d' ' -f1 >"$cat/dfiles/sha1sum"
sha512sum <"$w/stream" | cut -d' ' -f1 >"$cat/dfiles/sha512sum"
wc -c <"$w/stream" | tr -d ' ' >"$cat/dfiles/size"

dfiles="md5sum sha1sum sha512sum adjunct_md5sum size"
[ -z "$key" ] || dfiles="$dfiles sig_header signature"
if [ -n "$key" ]; then
	# The signature's size is fixed (1024), so its header, which the signed catalog holds, is known first.
	: >"$cat/dfiles/signature"
	truncate -s 1024 "$cat/dfiles/signature"
	touch -d "@$now" "$cat/dfiles/signature"
	echo "$dtag/catalog/dfiles/signature" >"$w/sig.list"
	$TAR -T "$w/sig.list" | head -c 512 >"$cat/dfiles/sig_header"
fi
: >"$cat/dfiles/INFO"
for f in $dfiles; do
	printf 'control_file\npath %s\ntag %s\nsize %8d\nmtime %s\nmode 644\n' "$f" "$f" \
	    "$(wc -c <"$cat/dfiles/$f")" "$now" >>"$cat/dfiles/INFO"
done
info_self "$cat/dfiles/INFO"

# --- INDEX -------------------------------------------------------------------------------------
{
	echo distribution
	emit <"$w/dist.attr" | grep '^layout_version ' || echo "layout_version 1.0"
	emit <"$w/dist.attr" | grep -v '^layout_version '
	echo "create_time $now"
	echo "uuid $(cat /proc/sys/kernel/random/uuid)"
	echo "dfiles dfiles"
	echo "pfiles pfiles"
	for f in $dfiles; do echo "$f <$f"; done
	echo vendor
	echo "the_term_vendor_is_misleading false"
	emit <"$w/vendor.attr"
	echo product
	emit <"$w/prod.attr" | grep -v '^control_directory '
	echo "instance_id 1"
	echo "control_directory $pdir"
	echo "all_filesets $(printf "%s\n" "$fslist" | tr "\n" " " | sed "s/ $//")"
	for fs in $fslist; do
		echo fileset
		emit <"$w/fs/$fs.attr" | grep -v '^control_directory '
		echo "instance_id 1"
		echo "control_directory $(attr "$w/fs/$fs.attr" control_directory | grep . || echo "$fs")"
		echo "size $(awk -v f="$fs" '$1 == f { print $2 }' "$w/fs.sizes")"
		echo "state available"
	done
} >"$cat/INDEX"
find "$cat" -exec touch -h -d "@$now" {} +

# --- the catalog (signed if asked), then the whole archive ---------------------------------------
{
	echo "$dtag/catalog/"; echo "$dtag/catalog/INDEX"; echo "$dtag/catalog/dfiles/"
	echo "$dtag/catalog/dfiles/INFO"
	for f in $dfiles; do [ "$f" = signature ] || echo "$dtag/catalog/dfiles/$f"; done
} >"$w/cat1.list"
{
	echo "$dtag/catalog/$pdir/"; echo "$dtag/catalog/$pdir/pfiles/"; echo "$dtag/catalog/$pdir/pfiles/INFO"
	while read -r tag path; do echo "$dtag/catalog/$pdir/pfiles/$tag"; done <"$w/prod.scripts"
	for d in $fsdirs; do echo "$dtag/catalog/$pdir/$d/"; echo "$dtag/catalog/$pdir/$d/INFO"; done
} >"$w/cat2.list"
tar_members "$w/cat1.list" >"$w/cat1"
tar_members "$w/cat2.list" >"$w/cat2"
: >"$w/catsig"
if [ -n "$key" ]; then
	# Signed: every catalog member but the signature itself, and the two closing zero blocks.
	{ cat "$w/cat1" "$w/cat2"; head -c 1024 /dev/zero; } >"$w/signed"
	timeout 120 gpg --batch --yes --armor --local-user "$key" --output "$w/sig.asc" --detach-sign "$w/signed" ||
		die "gpg could not sign with $key"
	[ "$(wc -c <"$w/sig.asc")" -le 1023 ] || die "the signature is longer than 1023 bytes"
	{ cat "$w/sig.asc"; yes '' | head -c $((1024 - $(wc -c <"$w/sig.asc"))); } >"$cat/dfiles/signature"
	touch -d "@$now" "$cat/dfiles/signature"
	tar_members "$w/sig.list" >"$w/catsig"
fi
cat "$w/lead" "$w/cat1" "$w/catsig" "$w/cat2" "$w/storage" >"$out.tmp"
mv "$out.tmp" "$out"
echo "mkdepot: $out: product $ptag, fileset$( [ "$(wc -l <"$w/fs.list")" = 1 ] || echo s) $(tr '\n' ' ' <"$w/fs.list")($(wc -l <"$w/payload.list") files)"

#!/bin/sh
# mkdeb.sh STAGE OUT.deb VERSION: a Debian package of what "make install DESTDIR=STAGE" wrote, with hpvm's set-up in its maintainer scripts.
set -eu
stage=$1 out=$2 version=$3
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$stage/DEBIAN"
for s in preinst postinst prerm postrm; do
	sh "$top/tools/inline-setup.sh" "$top/deb/$s" "$top/sd-depot/scripts/hpvm-setup.sh" >"$stage/DEBIAN/$s"
	chmod 755 "$stage/DEBIAN/$s"
done
# Files under /etc are the administrator's once installed: dpkg keeps their edits, and purge removes them.
(cd "$stage" && find etc -type f 2>/dev/null | sort | sed 's|^|/|') >"$stage/DEBIAN/conffiles"
[ -s "$stage/DEBIAN/conffiles" ] || rm -f "$stage/DEBIAN/conffiles"
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -print | sed 's|^\./||' | sort | xargs md5sum) \
    >"$stage/DEBIAN/md5sums"
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$(dpkg --print-architecture)/" -e "s/@SIZE@/$size/" \
    "$top/deb/control.in" >"$stage/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$out" >/dev/null
echo "$out"

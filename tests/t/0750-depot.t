#!/bin/sh
# 0750-depot.t: the SD depot: its layout, its catalog against its payload and make install, and an install from it that runs
# shellcheck source=lib/test-lib.sh
. "$(dirname "$0")/lib/test-lib.sh"
test_needs ROOT

hpvm_root_new		# commands run here must not log into the host's own tree
stage=$TRASH/stage
depot=$TRASH/hpvm.depot
make -s -C "$TOP" install BUILD="$HPVM_BUILD" PREFIX=/opt/hpvm DESTDIR="$stage" >/dev/null 2>"$TRASH/make.err"
test_ok "make install into a staging tree" test -x "$stage/opt/hpvm/bin/hpvmstatus"
test_expect_success "the depot is built from it" sh "$TOP/tools/mkdepot.sh" "$TOP/sd-depot/hpvm.psf" "$stage" "$depot"
test_stdout_matches "product hpvm, filesets RUNTIME MAN CLUSTER"
test_expect_success "depot-check: catalog, payload and make install agree" sh "$TOP/tools/depot-check.sh" "$depot" "$stage"

tar -tf "$depot" >"$TRASH/members"
test_equal "a ustar archive" "ustar" "$(dd if="$depot" bs=1 skip=257 count=5 2>/dev/null)"
test_equal "the INDEX is its first file" "hpvm-depot/catalog/INDEX" "$(grep -v '/$' "$TRASH/members" | head -1)"
test_equal "then the distribution files" "hpvm-depot/catalog/dfiles/INFO" "$(grep -v '/$' "$TRASH/members" | sed -n 2p)"
test_ok "the catalog comes before the payload" sh -c "awk '/^hpvm-depot\\/hpvm\\// { p = 1 } p && /catalog/ { exit 1 }' '$TRASH/members'"
for s in checkinstall postinstall configure unconfigure checkremove postremove; do
	test_ok "control script $s is in the catalog" grep -qx "hpvm-depot/catalog/hpvm/pfiles/$s" "$TRASH/members"
done
tar -xOf "$depot" hpvm-depot/catalog/INDEX >"$TRASH/INDEX"
test_ok "layout_version is the distribution's first attribute" sh -c "sed -n 2p '$TRASH/INDEX' | grep -qx 'layout_version 1.0'"
test_equal "three filesets" "RUNTIME MAN CLUSTER" "$(sed -n 's/^all_filesets //p' "$TRASH/INDEX")"
test_ok "the product's revision is the commands' version" \
	grep -qx "revision $("$HPVM_BUILD/bin/hpvmstatus" -v | sed 's/.*Version //')" "$TRASH/INDEX"
test_ok "the manuals need the runtime" grep -qx 'prerequisites "hpvm.RUNTIME,r>=B.01.00"' "$TRASH/INDEX"
test_ok "the OCF agent is in CLUSTER" grep -qx 'hpvm-depot/hpvm/CLUSTER/usr/lib/ocf/resource.d/hpvm/hpvmguest' "$TRASH/members"
test_ok "the systemd unit is in RUNTIME" grep -qx 'hpvm-depot/hpvm/RUNTIME/lib/systemd/system/hpvm.service' "$TRASH/members"
tar -xOf "$depot" hpvm-depot/catalog/hpvm/RUNTIME/INFO >"$TRASH/INFO"
test_ok "each file has its mode, owner, size, mtime and digests" sh -c "awk '/^path \\/opt\\/hpvm\\/bin\\/hpvmstart\$/ { f = 1 } f' '$TRASH/INFO' | head -13 |
	grep -c '^\\(type f\\|mode 755\\|owner root\\|uid 0\\|size [0-9]*\\|mtime [0-9]*\\|md5sum [0-9a-f]\\{32\\}\\|sha1sum [0-9a-f]\\{40\\}\\|sha512sum [0-9a-f]\\{128\\}\\)\$' | grep -qx 9"

# depot-check finds what is wrong.
cp "$depot" "$TRASH/bad.depot"
off=$(( $(wc -c <"$depot") - 2048 ))
printf 'X' | dd of="$TRASH/bad.depot" bs=1 seek="$off" conv=notrunc 2>/dev/null
test_expect_failure "a changed payload byte is found" sh "$TOP/tools/depot-check.sh" "$TRASH/bad.depot"
test_stderr_matches "MD5 differs"
echo extra >"$stage/opt/hpvm/bin/hpvmextra"
test_expect_failure "a file make install has and the depot lacks is found" sh "$TOP/tools/depot-check.sh" "$depot" "$stage"
test_stderr_matches "not make install's"
test_expect_success "a depot built now carries it: the depot follows make install" \
	sh "$TOP/tools/mkdepot.sh" "$TOP/sd-depot/hpvm.psf" "$stage" "$TRASH/x.depot"
test_ok "in RUNTIME" sh -c "tar -tf '$TRASH/x.depot' | grep -qx 'hpvm-depot/hpvm/RUNTIME/opt/hpvm/bin/hpvmextra'"
test_expect_success "and depot-check agrees" sh "$TOP/tools/depot-check.sh" "$TRASH/x.depot" "$stage"
mkdir -p "$stage/opt/hpvm/odd"
ln -s hpvmstatus "$stage/opt/hpvm/odd/link"
test_expect_failure "what a depot cannot carry is refused" sh "$TOP/tools/mkdepot.sh" "$TOP/sd-depot/hpvm.psf" "$stage" "$TRASH/y.depot"
test_stderr_matches "only plain files can be packaged"
rm -r "$stage/opt/hpvm/odd"
rm -f "$stage/opt/hpvm/bin/hpvmextra"

# An install into a scratch root: GNU swbis when it is here, otherwise what swinstall does by hand.
root=$TRASH/root
if [ -x /opt/swbis/bin/swinstall ] && command -v gpg >/dev/null; then
	export GNUPGHOME="$TRASH/gnupg"
	mkdir -m 700 "$GNUPGHOME"
	timeout 120 gpg --batch --passphrase '' --quick-gen-key 'hpvm depot test <depot@example.invalid>' default default never >/dev/null 2>&1
	# Each swbis command as PID 1 of its own pid namespace: what a failure leaves running dies with it.
	# shellcheck disable=SC2317 # called through test_expect_success
	sw() {
		timeout -k 5 300 unshare --pid --fork --mount-proc env PATH="/opt/swbis/bin:$PATH" "$@"
	}
	test_expect_success "a signed one-fileset depot for swbis" \
		sh "$TOP/tools/mkdepot.sh" -1 -k depot@example.invalid "$TOP/sd-depot/hpvm.psf" "$stage" "$TRASH/swbis.depot"
	test_expect_success "depot-check agrees" sh "$TOP/tools/depot-check.sh" "$TRASH/swbis.depot" "$stage"
	test_expect_success "swverify -d: digests and signature" sw swverify -d "@:$TRASH/swbis.depot"
	test_ok "archive digests good" sh -c "cat '$out' '$err' | grep -q 'Archive digest: sha512 OK'"
	test_ok "signature good" sh -c "cat '$out' '$err' | grep -q 'Good signature'"
	test_expect_success "swinstall into a scratch root" sw swinstall -s "$TRASH/swbis.depot" "@$root"
	test_expect_success "swverify of the installed product" sw swverify hpvm "@$root"
	test_stderr_matches "SW_SOC_INTEGRITY_CONFIRMED"
	test_expect_success "swlist lists it" sw swlist "@$root"
	test_stdout_matches "hpvm[[:space:]]+r=B.01.00"
	gpgconf --kill gpg-agent 2>/dev/null
else
	tar -C "$TRASH" -xf "$depot"
	for fs in RUNTIME MAN CLUSTER; do
		mkdir -p "$root"
		(cd "$TRASH/hpvm-depot/hpvm/$fs" && tar -cf - .) | tar -C "$root" -xpf -
	done
	test_expect_success "postinstall into a scratch root (no swbis here: by hand)" \
		env SW_ROOT_DIRECTORY="$root" sh "$TRASH/hpvm-depot/catalog/hpvm/pfiles/postinstall"
fi
test_ok "the installed files are make install's" sh -c "cd '$stage' && find . -type f | while read -r f; do cmp -s \"\$f\" '$root'/\"\$f\" || exit 1; done"
test_ok "postinstall made the state tree" test -d "$root/var/opt/hpvm/uuids"
test_ok "and hpvmconf" test -f "$root/etc/rc.config.d/hpvmconf"
test_expect_success "an installed command runs" "$root/opt/hpvm/bin/hpvmstatus" -v
test_stdout_matches "Version B.01.00"
test_expect_success "and works" "$root/opt/hpvm/bin/hpvmcreate" -P vm1
test_expect_success "hpvmstatus sees the guest" "$root/opt/hpvm/bin/hpvmstatus" -M
test_stdout_matches "^vm1:1:"
test_expect_success "the installed OCF agent says what it is" "$root/usr/lib/ocf/resource.d/hpvm/hpvmguest" meta-data
test_stdout_matches '<resource-agent name="hpvmguest"'
test_end

#!/bin/sh
# build.sh: build the test guest from Debian packages: a kernel, a busybox initramfs, and a bootable ISO of both.
# usage: build.sh OUTDIR   (cached: does nothing when OUTDIR already holds a guest built from the same inputs)
set -eu
out=${1:?usage: build.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
stamp=$(cat "$here/init" "$here/build.sh" | cksum | cut -d' ' -f1)
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp" ] && [ -f "$out/guest.iso" ]; then
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The generic kernel (the cloud kernel lacks e1000 and mptsas), taken from its .deb so the host's /boot is not touched.
kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -1)
if [ -n "$kpkg" ] && (cd "$work" && apt-get download "$kpkg" >/dev/null 2>&1); then
	dpkg-deb -x "$work"/linux-image-*.deb "$work/k"
	kroot=$work/k
else
	kroot=""		# fall back to an installed kernel
fi
vmlinuz=$(find "$kroot/boot/" -maxdepth 1 -name "vmlinuz-*" 2>/dev/null | sort | tail -1)
[ -n "$vmlinuz" ] || { echo "build.sh: no kernel found (linux-image-amd64)" >&2; exit 1; }
kver=${vmlinuz##*/vmlinuz-}
mods=$kroot/lib/modules/$kver

mkdir -p "$work/i/bin" "$work/i/lib/modules/$kver"
cp /bin/busybox "$work/i/bin/busybox"
cp "$here/init" "$work/i/init"
chmod 755 "$work/i/init"
for m in virtio_pci virtio_blk virtio_scsi virtio_net e1000 mptsas sd_mod sr_mod button evdev cdrom \
    scsi_common scsi_mod mptbase mptscsih scsi_transport_sas virtio_ring virtio net_failover failover \
    virtio_pci_modern_dev virtio_pci_legacy_dev t10-pi crc64-rocksoft crc64 crc-t10dif crct10dif_common \
    crct10dif_generic crc64_rocksoft_generic; do
	f=$(find "$mods" -name "$m.ko*" | head -1)
	[ -n "$f" ] || continue
	mkdir -p "$work/i/lib/modules/$kver/$(dirname "${f#"$mods"/}")"
	cp "$f" "$work/i/lib/modules/$kver/${f#"$mods"/}"
done
cp "$mods/modules.order" "$mods/modules.builtin" "$work/i/lib/modules/$kver/" 2>/dev/null || true
depmod -b "$work/i" "$kver" 2>/dev/null || busybox depmod -b "$work/i" "$kver"
(cd "$work/i" && find . | cpio -o -H newc --quiet | gzip -1) > "$out/initrd.img"
cp "$vmlinuz" "$out/vmlinuz"

mkdir -p "$work/iso/boot/grub"
cp "$out/vmlinuz" "$out/initrd.img" "$work/iso/boot/"
cat > "$work/iso/boot/grub/grub.cfg" <<'CFG'
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
set timeout=0
menuentry "hpvm test guest" {
	linux /boot/vmlinuz console=ttyS0,115200 panic=-1 quiet
	initrd /boot/initrd.img
}
CFG
grub-mkrescue -o "$out/guest.iso" "$work/iso" >/dev/null 2>&1
echo "$stamp" > "$out/stamp"

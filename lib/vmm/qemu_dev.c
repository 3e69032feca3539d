/*
 * qemu_dev.c: map HP's hardware addresses onto QEMU, so a guest sees the same hardware every boot
 * and hot-plug finds what boot made.
 *
 * HP bus 0 device d is QEMU slot 8+d on pci.0; bus b>0 is a pci-bridge at slot 16+b with its
 * devices at slot d+1. A scsi adapter is an LSI SAS1068 (mptsas1068); an avio_stor adapter is
 * a virtio-scsi HBA: like HP's AVIO storage it is one PCI function with targets 0-127, so
 * HP's bus,device,target maps one to one and disks hot-plug without PCI hot-plug.
 */
#include <stdio.h>

#include "model/device.h"
#include "vmm/qemu_dev.h"

/* Ids come from the hardware address, so they stay the same across boots and edits. */
void
qemu_dev_id(const struct device *d, enum qemu_id_kind kind, char *buf, size_t len)
{
	static const char *const prefix[] = { "dev", "drv", "net" };

	if (d->type == DEV_NETWORK)
		snprintf(buf, len, "%s%d_%d", prefix[kind], d->bus, d->dev);
	else
		snprintf(buf, len, "%s%d_%d_%d", prefix[kind], d->bus, d->dev, d->target);
}

/* The storage adapter a device sits on: one per HP bus,device. */
void
qemu_dev_hba_id(const struct device *d, char *buf, size_t len)
{
	snprintf(buf, len, "hba%d_%d", d->bus, d->dev);
}

void
qemu_dev_pci(int bus, int dev, struct qemu_pci *p)
{
	if (bus == 0) {
		snprintf(p->bus, sizeof(p->bus), "pci.0");
		p->slot = 8 + dev;
	} else {
		snprintf(p->bus, sizeof(p->bus), "hpvmbus%d", bus);
		p->slot = dev + 1;
	}
}

const char *
qemu_dev_model(const struct device *d)
{
	if (d->type == DEV_NETWORK)
		return d->adapter == AD_LAN ? "e1000" : "virtio-net-pci";
	if (d->backing == BK_ATTACH)
		return "scsi-generic";
	return d->type == DEV_DVD ? "scsi-cd" : "scsi-hd";
}

const char *
qemu_dev_hba_model(const struct device *d)
{
	return d->adapter == AD_SCSI ? "mptsas1068" : "virtio-scsi-pci";
}

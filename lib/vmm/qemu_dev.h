/* qemu_dev.h: how a guest device appears to QEMU: its ids, PCI place and model; one answer for boot and hot-plug. */
#ifndef HPVM_QEMU_DEV_H
#define HPVM_QEMU_DEV_H

#include <stddef.h>

struct device;

enum qemu_id_kind { QEMU_ID_DEVICE, QEMU_ID_DRIVE, QEMU_ID_NETDEV };

/* A PCI function: the bus QEMU knows ("pci.0" or a bridge) and the slot on it. */
struct qemu_pci {
	char	bus[16];
	int	slot;
};

void		 qemu_dev_id(const struct device *d, enum qemu_id_kind kind, char *buf, size_t len);
void		 qemu_dev_hba_id(const struct device *d, char *buf, size_t len);
void		 qemu_dev_pci(int bus, int dev, struct qemu_pci *p);
const char	*qemu_dev_model(const struct device *d);
const char	*qemu_dev_hba_model(const struct device *d);

#endif

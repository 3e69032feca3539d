/* device.h: one guest device as the configuration holds it: storage at bus,device,target or a NIC. */
#ifndef HPVM_DEVICE_H
#define HPVM_DEVICE_H

#include <stdint.h>

#include "base/name.h"

#define PCI_BUS_MAX	7
#define PCI_DEV_MAX	7
#define PORTID_MAX	511

enum devtype	{ DEV_DISK, DEV_DVD, DEV_TAPE, DEV_CHANGER, DEV_BURNER, DEV_NETWORK };
enum adapter	{ AD_SCSI, AD_AVIO_STOR, AD_LAN, AD_AVIO_LAN };
enum backing	{ BK_DISK, BK_LV, BK_FILE, BK_NULL, BK_ATTACH, BK_VSWITCH };

/* One guest device: storage (bus,dev,target) or NIC (bus,dev,mac). -1 means "not chosen yet". */
struct device {
	enum devtype	type;
	enum adapter	adapter;
	int		bus, dev, target;
	enum backing	backing;
	char		location[LOCATION_MAX + 1];	/* host path, or vswitch name */
	uint8_t		mac[6];
	int		has_mac;
	int		portid;
	char		*spec;				/* the statement as the user typed it */
	char		*copy_from;			/* hpvmclone -b: not yet copied from here */
};

void		 device_free(struct device *d);
int		 device_set_spec(struct device *d, const char *spec);
int		 device_copy(struct device *dst, const struct device *src);
const char	*device_type_name(enum devtype t);
const char	*device_adapter_name(enum adapter a);
const char	*device_backing_name(enum backing b);
int		 device_is_storage(const struct device *d);
int		 device_adapter_is_avio(enum adapter a);
const char	*device_key(const struct device *d);
int		 device_same_address(const struct device *a, const struct device *b);

#endif

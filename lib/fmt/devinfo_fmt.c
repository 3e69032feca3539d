/* devinfo_fmt.c: hpvmdevinfo's table and records: which host store stands behind each device of a guest. */
#include <stdio.h>

#include "base/mac.h"
#include "fmt/devinfo_fmt.h"
#include "model/guest.h"

void
devinfo_fmt_header(FILE *f)
{
	fprintf(f, "Virtual Machine Name Device Type Bus,Device,Target Backing Store Type "
	    "Host Device Name                 Virtual Machine Device Name\n"
	    "==================== =========== ================= ================== "
	    "================================ ===========================\n");
}

/*
 * What the guest sees the device as: its hardware path, HP-style (PCI bus/device/function,
 * then the SCSI target and LUN of storage), or a NIC's MAC address.
 */
static void
guest_path(const struct device *d, char *buf, size_t len)
{
	if (d->type == DEV_NETWORK)
		mac_format(d->mac, buf, len);
	else
		snprintf(buf, len, "%d/%d/0/%d.0", d->bus, d->dev, d->target);
}

/*
 * One line per device. -M: name:type:adapter:bus:device:target:backing:host-store:guest-path,
 * so `awk -F : '/disk/{print $2,$8,$9}'` prints each disk's type, host store and guest path.
 */
void
devinfo_fmt_guest(FILE *f, const struct guest *g, enum devinfo_form form)
{
	char where[MAC_STR_LEN + 32], addr[32];
	size_t i;

	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		guest_path(d, where, sizeof(where));
		if (form == DEVINFO_RECORD) {
			fprintf(f, "%s:%s:%s:%d:%d:%d:%s:%s:%s\n", g->name, device_type_name(d->type),
			    device_adapter_name(d->adapter), d->bus, d->dev,
			    d->type == DEV_NETWORK ? 0 : d->target, device_backing_name(d->backing),
			    d->location, where);
			continue;
		}
		if (d->type == DEV_NETWORK)
			snprintf(addr, sizeof(addr), "[%d,%d]", d->bus, d->dev);
		else
			snprintf(addr, sizeof(addr), "[%d,%d,%d]", d->bus, d->dev, d->target);
		fprintf(f, "%-20s %-11s %-17s %-18s %-32s %s\n", g->name, device_type_name(d->type),
		    addr, device_backing_name(d->backing), d->location, where);
	}
}

/* device.c: a device's names, its copies, and what identifies it within a guest. */
#include <stdlib.h>
#include <string.h>

#include "model/device.h"

void
device_free(struct device *d)
{
	free(d->spec);
	free(d->copy_from);
	d->spec = NULL;
	d->copy_from = NULL;
}

int
device_set_spec(struct device *d, const char *spec)
{
	char *s = NULL;

	if (spec != NULL && (s = strdup(spec)) == NULL)
		return -1;
	free(d->spec);
	d->spec = s;
	return 0;
}

/* `dst` becomes a copy of `src` with strings of its own; -1 (and `dst` empty) when out of memory. */
int
device_copy(struct device *dst, const struct device *src)
{
	*dst = *src;
	dst->spec = dst->copy_from = NULL;
	if (device_set_spec(dst, src->spec) == -1 ||
	    (src->copy_from != NULL && (dst->copy_from = strdup(src->copy_from)) == NULL)) {
		device_free(dst);
		return -1;
	}
	return 0;
}

const char *
device_type_name(enum devtype t)
{
	static const char *const n[] = { "disk", "dvd", "tape", "changer", "burner", "network" };
	return n[t];
}

const char *
device_adapter_name(enum adapter a)
{
	static const char *const n[] = { "scsi", "avio_stor", "lan", "avio_lan" };
	return n[a];
}

const char *
device_backing_name(enum backing b)
{
	static const char *const n[] = { "disk", "lv", "file", "null", "attach", "vswitch" };
	return n[b];
}

int
device_is_storage(const struct device *d)
{
	return d->type != DEV_NETWORK;
}

int
device_adapter_is_avio(enum adapter a)
{
	return a == AD_AVIO_STOR || a == AD_AVIO_LAN;
}

/* What the device database knows it by: its path, or its vswitch name; NULL for null placeholders. */
const char *
device_key(const struct device *d)
{
	if (d->backing == BK_NULL || d->location[0] == '\0')
		return NULL;
	return d->location;
}

/* The same place in the guest: a NIC at the same bus,device, or storage at the same bus,device,target. */
int
device_same_address(const struct device *a, const struct device *b)
{
	return (a->type == DEV_NETWORK) == (b->type == DEV_NETWORK) && a->bus == b->bus &&
	    a->dev == b->dev && (a->type == DEV_NETWORK || a->target == b->target);
}

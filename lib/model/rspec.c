/* rspec.c: the one parser of resource statements that create, modify, clone and migrate share. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "base/mac.h"
#include "base/name.h"
#include "base/str.h"
#include "base/units.h"
#include "model/guest.h"
#include "model/rspec.h"

#define NFIELDS	8

struct keyword { const char *word; int value; };

static const struct keyword devtypes[] = {
	{ "disk", DEV_DISK }, { "dvd", DEV_DVD }, { "tape", DEV_TAPE },
	{ "changer", DEV_CHANGER }, { "burner", DEV_BURNER }, { "network", DEV_NETWORK },
	{ NULL, 0 } };
static const struct keyword stor_adapters[] = {
	{ "scsi", AD_SCSI }, { "avio_stor", AD_AVIO_STOR }, { "aviostor", AD_AVIO_STOR },
	{ NULL, 0 } };
static const struct keyword net_adapters[] = {
	{ "lan", AD_LAN }, { "avio_lan", AD_AVIO_LAN }, { "aviolan", AD_AVIO_LAN },
	{ NULL, 0 } };
static const struct keyword backings[] = {
	{ "disk", BK_DISK }, { "lv", BK_LV }, { "file", BK_FILE }, { "null", BK_NULL },
	{ "attach", BK_ATTACH }, { NULL, 0 } };

static int
lookup(const struct keyword *k, const char *w, int *out)
{
	for (; k->word != NULL; k++)
		if (strcmp(k->word, w) == 0) {
			*out = k->value;
			return 0;
		}
	return -1;
}

/* Per-adapter target range: an LSI SAS1068 has 8 ports; HP's AVIO storage HBA 128 targets. */
int
rspec_target_max(int adapter)
{
	return adapter == AD_AVIO_STOR ? 127 : 7;
}

/* Split on ':' in place; returns the field count, or -1 past NFIELDS. */
static int
split_fields(char *s, char *f[NFIELDS])
{
	int n = 0;

	for (;;) {
		if (n == NFIELDS)
			return -1;
		f[n++] = s;
		if ((s = strchr(s, ':')) == NULL)
			return n;
		*s++ = '\0';
	}
}

static int
parse_number(const char *s, long hi, int *out)
{
	long n;

	if (*s == '\0') {
		*out = -1;
		return 0;
	}
	if (units_parse_int(s, 0, hi, &n) == -1)
		return -1;
	*out = (int)n;
	return 0;
}

/* "bus,device,third": each part may be empty (chosen later). Returns the third part, or NULL on error. */
static char *
parse_hw(char *hw, struct device *d, const char *text, struct hpvm_err *e)
{
	char *part[3] = { "", "", "" }, *p = hw;
	int n = 0;

	if (*hw != '\0')
		for (;;) {
			if (n == 3) {
				hpvm_fail(e, EINVAL, "Too many parts in hardware address '%s' in '%s'.",
				    hw, text);
				return NULL;
			}
			part[n++] = p;
			if ((p = strchr(p, ',')) == NULL)
				break;
			*p++ = '\0';
		}
	if (parse_number(part[0], PCI_BUS_MAX, &d->bus) == -1 ||
	    parse_number(part[1], PCI_DEV_MAX, &d->dev) == -1) {
		hpvm_fail(e, EINVAL, "Invalid PCI bus or device in '%s': bus is 0-%d, device 0-%d.",
		    text, PCI_BUS_MAX, PCI_DEV_MAX);
		return NULL;
	}
	return part[2];
}

static int
storage_compatible(const struct device *d, const char *text, struct hpvm_err *e)
{
	int attached = d->type == DEV_TAPE || d->type == DEV_CHANGER || d->type == DEV_BURNER;

	if (attached && d->backing != BK_ATTACH)
		return hpvm_fail(e, EINVAL, "A %s must use storage type 'attach' in '%s'.",
		    device_type_name(d->type), text);
	if (!attached && d->backing == BK_ATTACH)
		return hpvm_fail(e, EINVAL, "Storage type 'attach' is only for tape, changer "
		    "and burner devices in '%s'.", text);
	if (d->type == DEV_DVD && d->backing == BK_LV)
		return hpvm_fail(e, EINVAL, "A dvd cannot be backed by a logical volume in '%s'.", text);
	if (attached && d->adapter == AD_AVIO_STOR)
		return hpvm_fail(e, EINVAL, "Attached %s devices need adapter 'scsi', not "
		    "'avio_stor', in '%s'.", device_type_name(d->type), text);
	return 0;
}

static int
parse_storage(char **f, int nf, struct device *d, const char *text, struct hpvm_err *e)
{
	char locbuf[LOCATION_MAX + 2], *hw = "", *st, *loc, *third, *slash;
	int v;

	if (lookup(stor_adapters, f[1], &v) == -1)
		return hpvm_fail(e, EINVAL, "Invalid storage adapter type '%s' in '%s': use "
		    "scsi or avio_stor.", f[1], text);
	d->adapter = v;
	if (nf == 5) {
		hw = f[2]; st = f[3]; loc = f[4];
	} else if (nf == 4 && lookup(backings, f[2], &v) == 0) {
		st = f[2]; loc = f[3];				/* "dvd:scsi:null:/p" */
	} else if (nf == 4 && (slash = strchr(f[3], '/')) != NULL && slash != f[3]) {
		/* HP's own guide prints "disk:avio_stor::disk/dev/x"; read it as meant. */
		snprintf(locbuf, sizeof(locbuf), "%s", slash);
		*slash = '\0';
		hw = f[2]; st = f[3]; loc = locbuf;
	} else if (nf > 5) {
		return hpvm_fail(e, EINVAL, "Too many fields in '%s' (a path may not contain ':').",
		    text);
	} else {
		return hpvm_fail(e, EINVAL, "Incomplete resource statement '%s': expected "
		    "devicetype:adaptertype:bus,device,target:storage:location.", text);
	}
	if (lookup(backings, st, &v) == -1)
		return hpvm_fail(e, EINVAL, "Invalid storage type '%s' in '%s': use disk, lv, "
		    "file, null or attach.", st, text);
	d->backing = v;
	if ((third = parse_hw(hw, d, text, e)) == NULL)
		return -1;
	if (parse_number(third, rspec_target_max(d->adapter), &d->target) == -1)
		return hpvm_fail(e, EINVAL, "Invalid target '%s' in '%s': %s targets are 0-%d.",
		    third, text, device_adapter_name(d->adapter), rspec_target_max(d->adapter));
	if (name_check_location(loc, d->backing == BK_NULL ? NAME_EMPTY_ALLOWED : NAME_EMPTY_REFUSED, e) == -1)
		return -1;
	str_copy(d->location, sizeof(d->location), loc);
	return storage_compatible(d, text, e);
}

static int
parse_portid(char **f, int nf, int at, struct device *d, const char *text, struct hpvm_err *e)
{
	long n;

	if (nf == at)
		return 0;
	if (nf != at + 2 || strcmp(f[at], "portid") != 0 ||
	    units_parse_int(f[at + 1], 0, PORTID_MAX, &n) == -1)
		return hpvm_fail(e, EINVAL, "Invalid port in '%s': expected ':portid:N' with N "
		    "0-%d.", text, PORTID_MAX);
	d->portid = (int)n;
	return 0;
}

static int
parse_network(char **f, int nf, struct device *d, const char *text, struct hpvm_err *e)
{
	char *third;
	int v, at;

	if (nf < 4)
		return hpvm_fail(e, EINVAL, "Incomplete resource statement '%s': expected "
		    "network:adaptertype:bus,device,mac-addr:vswitch:name.", text);
	if (lookup(net_adapters, f[1], &v) == -1)
		return hpvm_fail(e, EINVAL, "Invalid network adapter type '%s' in '%s': use lan "
		    "or avio_lan.", f[1], text);
	d->adapter = v;
	d->backing = BK_VSWITCH;
	if (strcmp(f[2], "vswitch") == 0)
		at = 2;					/* HP's short form */
	else if (nf >= 5 && strcmp(f[3], "vswitch") == 0)
		at = 3;
	else
		return hpvm_fail(e, EINVAL, "Invalid network statement '%s': the backing must be "
		    "'vswitch:name'.", text);
	if ((third = parse_hw(at == 3 ? f[2] : "", d, text, e)) == NULL)
		return -1;
	if (*third != '\0') {
		if (mac_parse(third, d->mac) == -1)
			return hpvm_fail(e, EINVAL, "Invalid MAC address '%s' in '%s': use "
			    "0xaabbcc001122 or aa-bb-cc-00-11-22.", third, text);
		if (d->mac[0] & 1)
			return hpvm_fail(e, EINVAL, "MAC address '%s' is a multicast address.", third);
		if (memcmp(d->mac, "\0\0\0\0\0\0", 6) == 0)
			return hpvm_fail(e, EINVAL, "MAC address '%s' is all zeros.", third);
		d->has_mac = 1;
	}
	if (name_check_vswitch(f[at + 1], e) == -1)
		return -1;
	str_copy(d->location, sizeof(d->location), f[at + 1]);
	return parse_portid(f, nf, at + 2, d, text, e);
}

/* Parse `text` into `d` (d->spec is left to the caller). */
int
rspec_parse(const char *text, struct device *d, struct hpvm_err *e)
{
	char buf[RSPEC_MAX], *f[NFIELDS];
	int nf, v;

	memset(d, 0, sizeof(*d));
	d->bus = d->dev = d->target = d->portid = -1;
	if (strlen(text) >= sizeof(buf))
		return hpvm_fail(e, EINVAL, "Resource statement is too long.");
	if (*text == '\0')
		return hpvm_fail(e, EINVAL, "Empty resource statement.");
	strcpy(buf, text);
	if ((nf = split_fields(buf, f)) == -1)
		return hpvm_fail(e, EINVAL, "Too many fields in '%s'.", text);
	if (lookup(devtypes, f[0], &v) == -1)
		return hpvm_fail(e, EINVAL, "Invalid device type '%s' in '%s': use disk, dvd, "
		    "tape, changer, burner or network.", f[0], text);
	d->type = v;
	if (nf < 2)
		return hpvm_fail(e, EINVAL, "Incomplete resource statement '%s'.", text);
	if (d->type == DEV_NETWORK)
		return parse_network(f, nf, d, text, e);
	return parse_storage(f, nf, d, text, e);
}

static void
format_part(char *buf, size_t len, int v)
{
	if (v < 0)
		buf[0] = '\0';
	else
		snprintf(buf, len, "%d", v);
}

/* The canonical statement: what hpvmmodify -d and -m accept back. */
int
rspec_format(const struct device *d, char *buf, size_t len)
{
	char b[12], v[12], t[MAC_STR_LEN + 1];
	int n;

	format_part(b, sizeof(b), d->bus);
	format_part(v, sizeof(v), d->dev);
	if (d->type == DEV_NETWORK) {
		t[0] = '\0';
		if (d->has_mac)
			mac_format(d->mac, t, sizeof(t));
		n = snprintf(buf, len, "network:%s:%s,%s,%s:vswitch:%s", device_adapter_name(d->adapter),
		    b, v, t, d->location);
		if (n >= 0 && d->portid >= 0 && (size_t)n < len)
			n += snprintf(buf + n, len - (size_t)n, ":portid:%d", d->portid);
	} else {
		format_part(t, sizeof(t), d->target);
		n = snprintf(buf, len, "%s:%s:%s,%s,%s:%s:%s", device_type_name(d->type),
		    device_adapter_name(d->adapter), b, v, t, device_backing_name(d->backing), d->location);
	}
	return (n < 0 || (size_t)n >= len) ? -1 : 0;
}

/* Does configured device `d` fit the (possibly partial) statement `p`? */
int
rspec_match(const struct device *p, const struct device *d)
{
	if (p->type != d->type || p->adapter != d->adapter)
		return 0;
	if ((p->bus >= 0 && p->bus != d->bus) || (p->dev >= 0 && p->dev != d->dev))
		return 0;
	if (d->type == DEV_NETWORK) {
		if (p->has_mac && memcmp(p->mac, d->mac, 6) != 0)
			return 0;
		return strcmp(p->location, d->location) == 0;
	}
	if (p->target >= 0 && p->target != d->target)
		return 0;
	if (p->location[0] != '\0' &&
	    (p->backing != d->backing || strcmp(p->location, d->location) != 0))
		return 0;
	return 1;
}

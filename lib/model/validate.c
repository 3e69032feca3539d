/* validate.c: report every problem that would stop a guest (errors) or surprise its owner (warnings), not only the first. */
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/hpvm_err.h"
#include "base/mac.h"
#include "base/name.h"
#include "model/alloc.h"
#include "model/guest.h"
#include "model/guest_index.h"
#include "model/probe.h"
#include "model/rspec.h"
#include "model/validate.h"

static void
check_resources(const struct guest *g, struct hpvm_err *e)
{
	const struct os_limits *l = guest_os_limits(g->os);

	if (g->vcpus < 1 || g->vcpus > l->max_vcpus)
		hpvm_fail(e, EINVAL, "The number of virtual CPUs (%d) must be between 1 and %d "
		    "for OS type %s.", g->vcpus, l->max_vcpus, l->name);
	if (g->memory_mb % GUEST_MEMORY_GRANULE_MB != 0)
		hpvm_fail(e, EINVAL, "Memory size %d MB is not a multiple of %d MB.", g->memory_mb,
		    GUEST_MEMORY_GRANULE_MB);
	if (g->memory_mb < l->min_mb || g->memory_mb > l->max_mb)
		hpvm_fail(e, EINVAL, "Memory size %d MB is outside %d MB - %d MB for OS type %s.",
		    g->memory_mb, l->min_mb, l->max_mb, l->name);
	if (g->reserved_mb < 0 || g->reserved_mb > g->memory_mb)
		hpvm_fail(e, EINVAL, "Reserved memory %d MB is more than the guest's memory (%d MB).",
		    g->reserved_mb, g->memory_mb);
	if (g->reserved_mb % GUEST_MEMORY_GRANULE_MB != 0)
		hpvm_fail(e, EINVAL, "Reserved memory %d MB is not a multiple of %d MB.",
		    g->reserved_mb, GUEST_MEMORY_GRANULE_MB);
	if (g->ent_unit == ENT_PERCENT && g->ent_min < GUEST_ENTITLEMENT_MIN)
		hpvm_fail(e, EINVAL, "CPU entitlement %d%% is below the minimum of %d%%.",
		    g->ent_min, GUEST_ENTITLEMENT_MIN);
	if (g->ent_unit == ENT_PERCENT && g->ent_min > 100)
		hpvm_fail(e, EINVAL, "CPU entitlement %d%% is above 100%%.", g->ent_min);
	if (g->ent_unit == ENT_PERCENT && g->ent_max > 100)
		hpvm_fail(e, EINVAL, "Maximum CPU entitlement %d%% is above 100%%.", g->ent_max);
	if (g->ent_unit == ENT_MHZ && g->ent_min < 1)
		hpvm_fail(e, EINVAL, "CPU entitlement must be at least 1 MHz.");
	if (g->ent_max < g->ent_min && !(g->ent_unit == ENT_MHZ && g->ent_max == 0))
		hpvm_fail(e, EINVAL, "Maximum CPU entitlement is below the entitlement.");
}

/* Backing-store checks: missing stores and tiny files are warnings; a wrong kind of file is an error. */
static void
check_backing(const struct device *d, const struct probe *p, struct hpvm_err *e)
{
	struct stat st;

	if (d->type == DEV_NETWORK || d->backing == BK_NULL)
		return;
	if (d->copy_from != NULL) {
		if (p->stat(d->location, &st) == 0)
			hpvm_fail(e, EEXIST, "Clone target %s already exists.", d->location);
		return;
	}
	if (p->stat(d->location, &st) == -1) {
		hpvm_warn(e, "Backing store %s for %s does not exist; the guest cannot start "
		    "until it does.", d->location, device_type_name(d->type));
		return;
	}
	switch (d->backing) {
	case BK_FILE:
		if (S_ISDIR(st.st_mode))
			hpvm_fail(e, EISDIR, "Backing file %s is a directory.", d->location);
		else if (d->type == DEV_DISK && S_ISREG(st.st_mode) && st.st_size < MIN_FILE_DISK_BYTES)
			hpvm_warn(e, "File size of: %lld (bytes) for disk backing file: %s must be "
			    "equal to or greater than: %d (bytes), or the device may not show up "
			    "in the guest when booted.", (long long)st.st_size, d->location,
			    MIN_FILE_DISK_BYTES);
		break;
	case BK_DISK:
	case BK_LV:
		if (!S_ISBLK(st.st_mode))
			hpvm_fail(e, EINVAL, "'%s' is not a block device; use storage type 'file' "
			    "for a file.", d->location);
		break;
	case BK_ATTACH:
		if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
			hpvm_fail(e, EINVAL, "'%s' is not a device that can be attached.", d->location);
		break;
	default:
		break;
	}
}

static void
check_address(const struct guest *g, size_t i, struct hpvm_err *e)
{
	const struct device *d = &g->devs[i], *o;
	char s1[RSPEC_MAX], s2[RSPEC_MAX];
	size_t j;

	rspec_format(d, s1, sizeof(s1));
	if (d->bus < 0 || d->bus > PCI_BUS_MAX || d->dev < 0 || d->dev > PCI_DEV_MAX ||
	    (d->type != DEV_NETWORK && (d->target < 0 || d->target > rspec_target_max(d->adapter)))) {
		hpvm_fail(e, EINVAL, "Device '%s' has an invalid hardware address.", s1);
		return;
	}
	if (g->os == OS_WINDOWS && d->type == DEV_NETWORK && alloc_slot_reserved(d->bus, d->dev))
		hpvm_warn(e, "A network device at PCI bus 0 device 3 does not work in Windows "
		    "guests: '%s'.", s1);
	for (j = 0; j < i; j++) {
		o = &g->devs[j];
		if (o->bus != d->bus || o->dev != d->dev)
			continue;
		rspec_format(o, s2, sizeof(s2));
		if (d->type == DEV_NETWORK || o->type == DEV_NETWORK || o->adapter != d->adapter)
			hpvm_fail(e, EEXIST, "Devices '%s' and '%s' cannot share PCI bus %d device %d.",
			    s2, s1, d->bus, d->dev);
		else if (o->target == d->target)
			hpvm_fail(e, EEXIST, "Devices '%s' and '%s' have the same hardware address.",
			    s2, s1);
	}
}

/* The same store under two spellings (a link, "//", "/./") is still the same store. */
static int
same_backing(const struct probe *p, const char *a, const char *b)
{
	char ia[PROBE_ID_LEN], ib[PROBE_ID_LEN];

	if (strcmp(a, b) == 0)
		return 1;
	p->identity(a, ia, sizeof(ia));
	p->identity(b, ib, sizeof(ib));
	return ia[0] != '\0' && strcmp(ia, ib) == 0;
}

static void
check_duplicates(const struct guest *g, size_t i, const struct guest_index *ix,
    const struct probe *p, struct hpvm_err *e)
{
	const struct device *d = &g->devs[i];
	char mac[MAC_STR_LEN + 1], nic[64];
	const char *owner;
	size_t j;

	for (j = 0; j < i; j++) {
		const struct device *o = &g->devs[j];
		if (d->type != DEV_NETWORK && o->type != DEV_NETWORK && d->backing != BK_NULL &&
		    o->backing != BK_NULL && same_backing(p, d->location, o->location))
			hpvm_fail(e, EEXIST, "Backing store %s is given to this guest twice%s%s%s.",
			    d->location, strcmp(d->location, o->location) ? " (as " : "",
			    strcmp(d->location, o->location) ? o->location : "",
			    strcmp(d->location, o->location) ? ")" : "");
		if (d->has_mac && o->has_mac && memcmp(d->mac, o->mac, 6) == 0) {
			mac_format(d->mac, mac, sizeof(mac));
			hpvm_fail(e, EEXIST, "MAC address %s is given to this guest twice.", mac);
		}
	}
	if (d->type == DEV_NETWORK && !p->vswitch_exists(d->location))
		hpvm_warn(e, "The vswitch %s does not exist; the guest cannot start until it does.",
		    d->location);
	if (!d->has_mac)
		return;
	mac_format(d->mac, mac, sizeof(mac));
	if (ix != NULL && (owner = guest_index_mac_owner(ix, d->mac)) != NULL)
		hpvm_fail(e, EEXIST, "MAC address %s is already used by guest '%s'.", mac, owner);
	if (p->nic_mac_owner(d->mac, nic, sizeof(nic)))
		hpvm_fail(e, EEXIST, "MAC address %s is the address of host interface %s.", mac, nic);
}

static void
check_counts(const struct guest *g, struct hpvm_err *e)
{
	size_t i, vio = 0, avio = 0;

	for (i = 0; i < g->ndevs; i++) {
		if (g->devs[i].adapter == AD_SCSI)
			vio++;
		else if (device_adapter_is_avio(g->devs[i].adapter))
			avio++;
	}
	if (vio > MAX_VIO_STORAGE)
		hpvm_fail(e, ENOSPC, "%zu scsi devices configured; a guest can have at most %d.",
		    vio, MAX_VIO_STORAGE);
	if (avio > MAX_AVIO_DEVICES)
		hpvm_fail(e, ENOSPC, "%zu AVIO devices configured; a guest can have at most %d.",
		    avio, MAX_AVIO_DEVICES);
}

static void
check_boot(const struct guest *g, const struct probe *p, struct hpvm_err *e)
{
	if (g->boot_initrd[0] != '\0' && g->boot_kernel[0] == '\0')
		hpvm_warn(e, "boot_initrd is used only together with boot_kernel.");
	if (g->boot_kernel[0] != '\0' && !p->readable(g->boot_kernel))
		hpvm_warn(e, "Boot kernel %s cannot be read; the guest cannot start until it can.",
		    g->boot_kernel);
	if (g->boot_initrd[0] != '\0' && !p->readable(g->boot_initrd))
		hpvm_warn(e, "Boot initrd %s cannot be read; the guest cannot start until it can.",
		    g->boot_initrd);
}

/* Validate `g` alone, against the other guests in `ix` (may be NULL) and the host `p` shows. -1 if any error. */
int
validate_guest(const struct guest *g, const struct guest_index *ix, const struct probe *p,
    struct hpvm_err *e)
{
	int before = hpvm_nerrors(e);
	size_t i;

	name_check_guest(g->name, e);
	name_check_label(g->label, e);
	check_resources(g, e);
	check_counts(g, e);
	check_boot(g, p, e);
	for (i = 0; i < g->ndevs; i++) {
		check_address(g, i, e);
		check_duplicates(g, i, ix, p, e);
		check_backing(&g->devs[i], p, e);
	}
	return hpvm_nerrors(e) > before ? -1 : 0;
}

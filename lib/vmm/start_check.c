/* start_check.c: everything that would stop a guest from starting on this host now, tied to the item it concerns. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "base/host.h"
#include "base/hpvm_err.h"
#include "model/guest.h"
#include "store/devdb.h"
#include "store/devdb_guest.h"
#include "store/devid.h"
#include "store/guest_scan.h"
#include "store/guest_store.h"
#include "store/vswitch_config.h"
#include "vmm/runtime.h"
#include "vmm/start_check.h"

static void
problem(struct start_problems *p, const char *item, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
problem(struct start_problems *p, const char *item, const char *fmt, ...)
{
	va_list ap;

	if (p->n == PROBLEMS_MAX)
		return;
	snprintf(p->item[p->n], sizeof(p->item[0]), "%s", item);
	va_start(ap, fmt);
	vsnprintf(p->text[p->n], sizeof(p->text[0]), fmt, ap);
	va_end(ap);
	p->n++;
}

/* A backing store some other running guest holds. */
struct held {
	char	guest[GUEST_NAME_MAX + 1];
	char	location[LOCATION_MAX + 1];
	char	id[DEVID_LEN];
};

struct held_list {
	const char	*self;
	struct held	*h;
	size_t		 n;
	long		 reserved_mb;	/* what the running guests have set aside (-R) */
};

static int
collect_held(const struct guest *o, void *arg)
{
	struct held_list *hl = arg;
	struct held *nh;
	size_t j;

	if (strcmp(o->name, hl->self) == 0 || !runtime_is_running(o->uuid))
		return 0;
	hl->reserved_mb += o->reserved_mb;
	for (j = 0; j < o->ndevs; j++) {
		const struct device *d = &o->devs[j];
		if (d->type == DEV_NETWORK || d->backing == BK_NULL ||
		    (nh = realloc(hl->h, (hl->n + 1) * sizeof(*nh))) == NULL)
			continue;
		hl->h = nh;
		snprintf(nh[hl->n].guest, sizeof(nh[0].guest), "%s", o->name);
		snprintf(nh[hl->n].location, sizeof(nh[0].location), "%s", d->location);
		devid_identity(d->location, nh[hl->n].id, sizeof(nh[0].id));
		hl->n++;
	}
	return 0;
}

/* What every running guest but `self` holds, gathered once for all of a start's checks. */
static struct held *
held_by_running(const char *self, size_t *n, long *reserved_mb)
{
	struct held_list hl = { .self = self };

	guest_scan_each(collect_held, &hl, NULL);
	*n = hl.n;
	*reserved_mb = hl.reserved_mb;
	return hl.h;
}

/* Which of them uses `path`, under this name or another? */
static const char *
held_by(const struct held *h, size_t n, const char *path)
{
	char id[DEVID_LEN];
	size_t i;

	devid_identity(path, id, sizeof(id));
	for (i = 0; i < n; i++)
		if (strcmp(h[i].location, path) == 0 || (id[0] && strcmp(h[i].id, id) == 0))
			return h[i].guest;
	return NULL;
}

/* What the host must have for the guest: processors, memory, its boot files. */
void
start_check_host(const struct guest *g, struct start_problems *p)
{
	long avail = host_meminfo_mb("MemAvailable:");

	if (g->vcpus > host_ncpus())
		problem(p, "guest", "The guest has %d virtual CPUs; the host has %d.", g->vcpus,
		    host_ncpus());
	if (avail >= 0 && g->memory_mb > avail)
		problem(p, "guest", "The guest needs %d MB of memory; the host has %ld MB available.",
		    g->memory_mb, avail);
	if (g->boot_kernel[0] != '\0' && access(g->boot_kernel, R_OK) == -1)
		problem(p, g->boot_kernel, "Boot kernel %s cannot be read.", g->boot_kernel);
	if (g->boot_initrd[0] != '\0' && access(g->boot_initrd, R_OK) == -1)
		problem(p, g->boot_initrd, "Boot initrd %s cannot be read.", g->boot_initrd);
}

/*
 * Reserved memory (-R) is a promise: the running guests' reservations and all of this
 * guest's memory must fit in the host's memory together, or one of them could not be kept.
 */
static void
check_reservations(const struct guest *g, long reserved_running, struct start_problems *p)
{
	long total = host_meminfo_mb("MemTotal:");

	if (total >= 0 && reserved_running + g->memory_mb > total)
		problem(p, "guest", "The guest needs %d MB of memory; with the %ld MB reserved for "
		    "running guests, the host (%ld MB) cannot honour every reservation.",
		    g->memory_mb, reserved_running, total);
}

/* Everything that would stop the guest on this host now. */
void
start_check_run(const struct guest *g, struct devdb *db, struct start_problems *p)
{
	size_t i, nheld;
	long reserved;
	struct held *held = held_by_running(g->name, &nheld, &reserved);
	const char *who;

	start_check_host(g, p);
	check_reservations(g, reserved, p);
	for (i = 0; i < g->ndevs; i++) {
		const struct device *d = &g->devs[i];
		struct hpvm_err re = { 0 };
		if (d->type == DEV_NETWORK && !vswitch_config_exists(d->location))
			problem(p, d->location, "The vswitch %s does not exist.", d->location);
		if (d->type == DEV_NETWORK || d->backing == BK_NULL)
			continue;
		if (access(d->location, F_OK) == -1) {
			problem(p, d->location, "Backing store %s for %s does not exist.", d->location,
			    device_type_name(d->type));
			continue;
		}
		if (devdb_guest_reserve_device(db, d, g->name, DEVDB_SHARING_REFUSED, &re) == -1)
			problem(p, d->location, "%s", hpvm_err_first(&re));
		else if (d->type != DEV_DVD && !devdb_guest_sharable(db, d) &&
		    (who = held_by(held, nheld, d->location)) != NULL)
			problem(p, d->location, "Device %s is in use by running guest '%s'.", d->location,
			    who);
	}
	free(held);
}

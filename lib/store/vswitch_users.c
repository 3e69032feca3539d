/* vswitch_users.c: the guests whose configurations put NICs on a vswitch, read from the configurations. */
#include <stdio.h>
#include <string.h>

#include "model/guest.h"
#include "store/guest_scan.h"
#include "store/guest_store.h"
#include "store/vswitch_users.h"

struct users {
	const char	*vswitch, *skip;
	int		 port;		/* -1: any port */
	char		*names;
	size_t		 len, off;
	int		 count;
	int		*per_port;
};

static int
visit(const struct guest *g, void *arg)
{
	struct users *u = arg;
	size_t j;
	int uses = 0;

	if (u->skip != NULL && strcmp(g->name, u->skip) == 0)
		return 0;
	for (j = 0; j < g->ndevs; j++) {
		const struct device *d = &g->devs[j];
		if (d->type != DEV_NETWORK || strcmp(d->location, u->vswitch) != 0)
			continue;
		if (u->per_port != NULL && d->portid >= 0)
			u->per_port[d->portid]++;
		if (u->port < 0 || d->portid == u->port)
			uses = 1;
	}
	if (!uses || u->per_port != NULL)
		return 0;
	u->count++;
	if (u->names != NULL && u->off < u->len)
		u->off += (size_t)snprintf(u->names + u->off, u->len - u->off, "%s%s", u->off ? " " : "",
		    g->name);
	return 0;
}

/*
 * Guests (but `skip`) whose configuration puts a NIC on the vswitch, on port `port` when it is
 * not -1: HP's "reserved" VMs. Their names go space-separated into `names` (may be NULL).
 * Guests that cannot be read are warnings in `e`.
 */
int
vswitch_users_list(const char *vswitch, int port, const char *skip, char *names, size_t len,
    struct hpvm_err *e)
{
	struct users u = { .vswitch = vswitch, .skip = skip, .port = port, .names = names, .len = len };

	if (names != NULL && len > 0)
		names[0] = '\0';
	guest_scan_each(visit, &u, e);
	return u.count;
}

/* For every port, how many guests (but `skip`) ask for it by number: one pass over the guests. */
int
vswitch_users_ports(const char *vswitch, const char *skip, int count[VSWITCH_PORTS],
    struct hpvm_err *e)
{
	struct users u = { .vswitch = vswitch, .skip = skip, .port = -1, .per_port = count };

	memset(count, 0, VSWITCH_PORTS * sizeof(count[0]));
	return guest_scan_each(visit, &u, e);
}

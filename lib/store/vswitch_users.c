/* vswitch_users.c: the guests whose configurations put NICs on a vswitch, read from the configurations. */
#include <stdio.h>
#include <string.h>

#include "model/guest.h"
#include "store/guest_store.h"
#include "store/vswitch_users.h"

/*
 * Guests (but `skip`) whose configuration puts a NIC on the vswitch, on port `port` when it is
 * not -1: HP's "reserved" VMs. Their names go space-separated into `names` (may be NULL).
 */
int
vswitch_users_list(const char *vswitch, int port, const char *skip, char *names, size_t len)
{
	struct guest_store_list l;
	size_t i, j, off = 0;
	int count = 0;

	if (names != NULL && len > 0)
		names[0] = '\0';
	if (guest_store_list(&l, GUEST_LIST_READ, NULL) == -1)
		return 0;
	for (i = 0; i < l.n; i++) {
		struct guest g;
		int uses = 0;
		if ((skip != NULL && strcmp(l.names[i], skip) == 0) || guest_store_load(l.names[i], &g, NULL) == -1)
			continue;
		for (j = 0; j < g.ndevs; j++)
			if (g.devs[j].type == DEV_NETWORK && strcmp(g.devs[j].location, vswitch) == 0 &&
			    (port < 0 || g.devs[j].portid == port))
				uses = 1;
		guest_free(&g);
		if (!uses)
			continue;
		count++;
		if (names != NULL && off < len)
			off += (size_t)snprintf(names + off, len - off, "%s%s", off ? " " : "", l.names[i]);
	}
	guest_store_list_free(&l);
	return count;
}

/* For every port, how many guests (but `skip`) ask for it by number: one pass over the guests. */
int
vswitch_users_ports(const char *vswitch, const char *skip, int count[VSWITCH_PORTS])
{
	struct guest_store_list l;
	size_t i, j;

	memset(count, 0, VSWITCH_PORTS * sizeof(count[0]));
	if (guest_store_list(&l, GUEST_LIST_READ, NULL) == -1)
		return -1;
	for (i = 0; i < l.n; i++) {
		struct guest g;
		if ((skip != NULL && strcmp(l.names[i], skip) == 0) || guest_store_load(l.names[i], &g, NULL) == -1)
			continue;
		for (j = 0; j < g.ndevs; j++)
			if (g.devs[j].type == DEV_NETWORK && g.devs[j].portid >= 0 &&
			    strcmp(g.devs[j].location, vswitch) == 0)
				count[g.devs[j].portid]++;
		guest_free(&g);
	}
	guest_store_list_free(&l);
	return 0;
}

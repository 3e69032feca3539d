/* guest_index.c: the values a new or changed guest must not repeat, and the lowest free VM number. */
#include <stdlib.h>
#include <string.h>

#include "model/guest.h"
#include "model/guest_index.h"

/* Record the MACs of `g`, owned by names[owner]; -1 when out of memory. */
int
guest_index_add_macs(struct guest_index *ix, const struct guest *g, size_t owner)
{
	size_t i;

	for (i = 0; i < g->ndevs; i++) {
		struct guest_mac *nm;
		if (g->devs[i].type != DEV_NETWORK || !g->devs[i].has_mac)
			continue;
		if ((nm = realloc(ix->macs, (ix->nmacs + 1) * sizeof(*nm))) == NULL)
			return -1;
		ix->macs = nm;
		memcpy(nm[ix->nmacs].mac, g->devs[i].mac, 6);
		nm[ix->nmacs].owner = owner;
		ix->nmacs++;
	}
	return 0;
}

void
guest_index_free(struct guest_index *ix)
{
	size_t i;

	for (i = 0; i < ix->n; i++)
		free(ix->names[i]);
	free(ix->names);
	free(ix->vmnums);
	free(ix->macs);
	memset(ix, 0, sizeof(*ix));
}

/* The lowest VM number nobody holds. */
int
guest_index_next_vmnum(const struct guest_index *ix)
{
	int n;
	size_t i;

	for (n = 1; ; n++) {
		for (i = 0; i < ix->n && ix->vmnums[i] != n; i++)
			;
		if (i == ix->n)
			return n;
	}
}

const char *
guest_index_mac_owner(const struct guest_index *ix, const uint8_t mac[6])
{
	size_t i;

	for (i = 0; i < ix->nmacs; i++)
		if (memcmp(ix->macs[i].mac, mac, 6) == 0)
			return ix->names[ix->macs[i].owner];
	return NULL;
}

/* guest_index.c: scan every configuration (current and pending) for the values a new or changed guest must not repeat. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "guest.h"
#include "guest_index.h"
#include "guest_store.h"

static int
add_macs(struct guest_index *ix, const struct guest *g, size_t owner)
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

/* Every guest but `skip` (may be NULL). Unreadable guests are reported as warnings and left out. */
int
guest_index_scan(struct guest_index *ix, const char *skip, int repair, struct hpvm_err *e)
{
	struct guest_list l;
	struct guest g;
	char uuid[UUID_STR_LEN + 1];
	size_t i;

	memset(ix, 0, sizeof(*ix));
	if (guest_list(&l, repair, e) == -1)
		return -1;
	ix->names = l.names;
	if ((ix->vmnums = calloc(l.n + 1, sizeof(int))) == NULL) {
		guest_list_free(&l);
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	}
	ix->n = l.n;
	for (i = 0; i < l.n; i++) {
		struct hpvm_err le = {0};
		if (skip != NULL && strcmp(l.names[i], skip) == 0)
			continue;
		if (guest_load(l.names[i], &g, &le) == -1) {
			hpvm_warn(e, "Guest '%s' cannot be read: %s", l.names[i], le.msg[0].text);
			continue;
		}
		ix->vmnums[i] = g.vmnum;
		int rc = add_macs(ix, &g, i);
		guest_free(&g);
		/* Changes waiting for the next start hold their MACs too. */
		if (rc == 0 && guest_lookup(l.names[i], uuid, sizeof(uuid), NULL) == 0 &&
		    guest_has_slot(uuid, CONFIG_NEXT) &&
		    guest_load_slot(l.names[i], CONFIG_NEXT, &g, NULL) == 0) {
			rc = add_macs(ix, &g, i);
			guest_free(&g);
		}
		if (rc == -1) {
			guest_index_free(ix);
			return hpvm_fail(e, ENOMEM, "Out of memory.");
		}
	}
	return 0;
}

void
guest_index_free(struct guest_index *ix)
{
	struct guest_list l = { ix->names, ix->n };

	guest_list_free(&l);
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

/*
 * guest_view.c: guests for display. One guest (-P) is read from its configuration; listings
 * come from the guest index, checked against the configurations under the shared lock, with
 * live state asked only of guests that have a runtime directory. Damaged guests are named
 * (as warnings), never half-shown.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/host.h"
#include "base/hpvm_err.h"
#include "base/lock.h"
#include "ops/guest_view.h"
#include "store/guest_scan.h"
#include "store/guest_store.h"

static void
view_live(struct guest_view *v)
{
	runtime_query(v->g.uuid, &v->rt);
	v->uptime = v->rt.running && v->rt.started > 0 ? (long)(time(NULL) - v->rt.started) : 0;
}

static void
view_count(struct guest_view *v)
{
	v->ndisks = (int)guest_count_devices(&v->g, DEVICES_STORAGE);
	v->nnics = (int)guest_count_devices(&v->g, DEVICES_NICS);
}

int
guest_view_load(const char *name, struct guest_view *v, struct hpvm_err *e)
{
	int lk, rc;

	memset(v, 0, sizeof(*v));
	if ((lk = lock_global(LOCK_SHARED_MODE, e)) == -1)
		return -1;
	rc = guest_store_load(name, &v->g, e);
	if (rc == 0) {
		v->pending = guest_store_has_slot(v->g.uuid, CONFIG_NEXT);
		view_count(v);
		view_live(v);
		v->host_mhz = host_cpu_mhz();
	}
	lock_release(lk);
	return rc;
}

static int
cmp_uuid(const void *a, const void *b)
{
	return strcmp(a, b);
}

int
guest_view_open(struct guest_views *vs, struct hpvm_err *e)
{
	int lk, rc;

	memset(vs, 0, sizeof(*vs));
	if ((lk = lock_global(LOCK_SHARED_MODE, e)) == -1)
		return -1;
	rc = guest_scan(&vs->ix, NULL, GUEST_LIST_READ, e);
	lock_release(lk);
	if (rc == -1)
		return -1;
	if (runtime_dirs(&vs->live, &vs->nlive) == -1) {
		guest_index_free(&vs->ix);
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	}
	if (vs->nlive > 0)
		qsort(vs->live, vs->nlive, sizeof(*vs->live), cmp_uuid);
	vs->host_mhz = host_cpu_mhz();
	return 0;
}

/*
 * The summary alone: what the index's line starts with, no configuration parsed. Only these
 * fields are set (and no devices): a whole struct guest is kilobytes, cleared per guest.
 */
static void
view_summary(const struct guest_index_ent *ent, struct guest_view *v)
{
	v->g.devs = NULL;
	v->g.ndevs = v->g.capdevs = 0;
	memcpy(v->g.name, ent->name, sizeof(v->g.name));
	memcpy(v->g.uuid, ent->uuid, sizeof(v->g.uuid));
	v->g.vmnum = ent->sum.vmnum;
	v->g.os = (enum ostype)ent->sum.os;
	v->g.vcpus = ent->sum.vcpus;
	v->g.memory_mb = ent->sum.memory_mb;
	v->g.visible = ent->sum.visible;
	v->ndisks = ent->sum.ndisks;
	v->nnics = ent->sum.nnics;
}

/*
 * Entry `i` of the listing: 1 and `v` (free v->g) when it is a visible guest, else 0. Only reads
 * `vs`, so threads may each take their own entries.
 */
int
guest_view_at(const struct guest_views *vs, size_t i, struct guest_view *v,
    enum guest_view_depth depth)
{
	const struct guest_index_ent *ent = &vs->ix.ent[i];

	if (ent->state != GUEST_INDEX_OK || !ent->sum.visible)
		return 0;
	v->uptime = 0;
	if (depth == GUEST_VIEW_SUMMARY)
		view_summary(ent, v);
	else if (guest_index_guest(ent, &v->g) == 0)
		view_count(v);
	else
		return 0;
	v->pending = ent->next != GUEST_NEXT_NONE;
	v->host_mhz = vs->host_mhz;
	if (bsearch(ent->uuid, vs->live, vs->nlive, sizeof(*vs->live), cmp_uuid) != NULL)
		view_live(v);
	else
		runtime_off(&v->rt);
	return 1;
}

/* How many guests the listing shows at most (some may yet prove unreadable). */
size_t
guest_view_count(const struct guest_views *vs)
{
	size_t i, n = 0;

	for (i = 0; i < vs->ix.n; i++)
		n += vs->ix.ent[i].state == GUEST_INDEX_OK && vs->ix.ent[i].sum.visible;
	return n;
}

/* The next visible guest: 1 and `v` (free v->g), or 0 at the end. */
int
guest_view_next(struct guest_views *vs, struct guest_view *v, enum guest_view_depth depth)
{
	while (vs->next < vs->ix.n)
		if (guest_view_at(vs, vs->next++, v, depth))
			return 1;
	return 0;
}

void
guest_view_close(struct guest_views *vs)
{
	guest_index_free(&vs->ix);
	free(vs->live);
	memset(vs, 0, sizeof(*vs));
}

/* Every visible guest, whole, by VM number; unreadable ones become warnings that name them. */
int
guest_view_load_all(struct guest_view **out, size_t *n, struct hpvm_err *e)
{
	struct guest_views vs;
	struct guest_view *all;

	*out = NULL;
	*n = 0;
	if (guest_view_open(&vs, e) == -1)
		return -1;
	if ((all = calloc(vs.ix.n + 1, sizeof(*all))) == NULL) {
		guest_view_close(&vs);
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	}
	while (guest_view_next(&vs, &all[*n], GUEST_VIEW_FULL) == 1)
		(*n)++;
	guest_view_close(&vs);
	*out = all;
	return 0;
}

void
guest_view_free(struct guest_view *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		guest_free(&v[i].g);
	free(v);
}

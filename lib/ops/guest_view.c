/* guest_view.c: read guests for display under the shared lock: every visible one, by VM number; damaged ones named, never half-shown. */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "base/host.h"
#include "base/hpvm_err.h"
#include "base/lock.h"
#include "ops/guest_view.h"
#include "store/guest_store.h"

static int
view_fill(const char *name, struct guest_view *v, struct hpvm_err *e)
{
	if (guest_store_load(name, &v->g, e) == -1)
		return -1;
	runtime_query(v->g.uuid, &v->rt);
	v->pending = guest_store_has_slot(v->g.uuid, CONFIG_NEXT);
	v->uptime = v->rt.running && v->rt.started > 0 ? (long)(time(NULL) - v->rt.started) : 0;
	v->host_mhz = host_cpu_mhz();
	return 0;
}

int
guest_view_load(const char *name, struct guest_view *v, struct hpvm_err *e)
{
	int lk, rc;

	if ((lk = lock_global(LOCK_SHARED_MODE, e)) == -1)
		return -1;
	rc = view_fill(name, v, e);
	lock_release(lk);
	return rc;
}

static int
by_vmnum(const void *a, const void *b)
{
	const struct guest_view *x = a, *y = b;

	return (x->g.vmnum > y->g.vmnum) - (x->g.vmnum < y->g.vmnum);
}

/* Every visible guest; unreadable ones become warnings that name them. */
int
guest_view_load_all(struct guest_view **out, size_t *n, struct hpvm_err *e)
{
	struct guest_store_list l;
	struct guest_view *vs;
	size_t i;
	int lk;

	*out = NULL;
	*n = 0;
	if ((lk = lock_global(LOCK_SHARED_MODE, e)) == -1)
		return -1;
	if (guest_store_list(&l, GUEST_LIST_READ, e) == -1) {
		lock_release(lk);
		return -1;
	}
	if ((vs = calloc(l.n + 1, sizeof(*vs))) == NULL) {
		guest_store_list_free(&l);
		lock_release(lk);
		return hpvm_fail(e, ENOMEM, "Out of memory.");
	}
	for (i = 0; i < l.n; i++) {
		struct hpvm_err le = { 0 };
		if (view_fill(l.names[i], &vs[*n], &le) == -1) {
			hpvm_warn(e, "Guest '%s' cannot be read: %s", l.names[i], hpvm_err_first(&le));
			continue;
		}
		if (!vs[*n].g.visible) {
			guest_free(&vs[*n].g);
			continue;
		}
		(*n)++;
	}
	guest_store_list_free(&l);
	lock_release(lk);
	qsort(vs, *n, sizeof(*vs), by_vmnum);
	*out = vs;
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

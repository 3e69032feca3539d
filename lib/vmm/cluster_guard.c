/* cluster_guard.c: refuse hand-made power changes to a guest that a cluster package owns. */
#include "base/hpvm_err.h"
#include "model/cluster_mark.h"
#include "model/guest.h"
#include "store/guest_store.h"
#include "vmm/cluster_guard.h"

/* 0 if `name` may be acted on by hand; -1 with the reason (also when it cannot be read). */
int
cluster_guard(const char *name, enum cluster_action act, struct hpvm_err *e)
{
	struct guest g;
	int rc;

	if (guest_store_load(name, &g, e) == -1)
		return -1;
	rc = cluster_mark_refuse(&g, act, e);
	guest_free(&g);
	return rc;
}

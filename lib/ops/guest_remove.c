/* guest_remove.c: delete a guest (hpvmremove): its configuration first, then its devices go back. */
#include <errno.h>
#include <stdio.h>

#include "base/hpvm_err.h"
#include "base/lock.h"
#include "model/guest.h"
#include "model/guest_index.h"
#include "ops/guest_remove.h"
#include "store/devdb.h"
#include "store/devdb_guest.h"
#include "store/guest_scan.h"
#include "store/guest_store.h"
#include "vmm/runtime.h"

/* A damaged configuration can still be removed: its name and UUID come from the link. */
static int
load_for_removal(const char *name, struct guest *g, struct hpvm_err *e)
{
	struct hpvm_err le = {0};

	if (guest_store_load(name, g, &le) == 0)
		return 0;
	guest_init(g);
	if (guest_store_lookup(name, g->uuid, sizeof(g->uuid), e) == -1)
		return -1;
	snprintf(g->name, sizeof(g->name), "%s", name);
	hpvm_warn(e, "The configuration cannot be read (%s); removing it anyway.", le.msg[0].text);
	return 0;
}

/* Remove the configuration first, then release devices: a crash leaves extra reservations, never missing ones. */
int
guest_remove(const char *name, struct hpvm_err *e)
{
	struct guest_index ix;
	struct guest g;
	struct devdb db;
	int lk, rc = -1;

	if ((lk = runtime_lock_scan(&ix, NULL, e)) == -1)
		return -1;
	if (load_for_removal(name, &g, e) == -1)
		goto out_lock;
	/* A running guest holds its disks, VM number and ports: it must be stopped first, as on HP. */
	runtime_reap_stale(g.uuid);
	if (runtime_is_running(g.uuid)) {
		hpvm_fail(e, EBUSY, "The guest is running; stop it first (hpvmstop -P %s).", g.name);
		goto out_g;
	}
	if (devdb_load(&db, e) == -1)
		goto out_g;
	if (guest_store_remove(&g, e) == 0) {
		guest_index_remove(&ix, g.uuid);
		guest_scan_save(&ix, NULL);
		devdb_guest_release(&db, g.name, NULL);
		rc = devdb_save(&db, e);
	}
	devdb_free(&db);
out_g:
	guest_free(&g);
out_lock:
	guest_index_free(&ix);
	runtime_unlock(lk);
	return rc;
}
